// vcrpy / Ruby VCR files as captured exchanges (the file layout is vcr_document's).
#include "bedrock/cassettes/importers.hpp"
#include "bedrock/cassettes/vcr_document.hpp"

namespace bedrock::cassettes {
namespace {

cassette::HeaderList header_list(const VcrHeaders& headers) {
  cassette::HeaderList out;
  for (const auto& [name, values] : headers) {
    for (const auto& value : values) out.push_back({name, value});
  }
  return out;
}

CapturedBody body_of(const VcrBody& body) {
  switch (body.storage) {
    case VcrBodyStorage::kAbsent:
      return {BodyForm::kAbsent, {}, false};
    case VcrBodyStorage::kParsedJson:
      return {BodyForm::kParsedJson, body.bytes, false};
    default:
      // vcrpy stores the bytes the client library read: still compressed unless the cassette
      // was recorded with decode_compressed_response, which also removes Content-Encoding.
      return {BodyForm::kBytes, body.bytes, false};
  }
}

}  // namespace

Expected<CapturedFile, ImportError> read_vcr_file(std::string_view text, std::string_view source) {
  auto document = parse_vcr_cassette(text, source);
  if (!document) return unexpected(std::move(document).error());
  const std::string list =
      document->dialect == VcrDialect::kRuby ? "http_interactions" : "interactions";
  CapturedFile file;
  for (std::size_t i = 0; i < document->interactions.size(); ++i) {
    const VcrInteraction& recorded = document->interactions[i];
    CapturedExchange exchange;
    exchange.location = list + "[" + std::to_string(i) + "]";
    exchange.line = recorded.line;
    exchange.method = recorded.request.method;
    exchange.url = recorded.request.uri;
    exchange.request_headers = header_list(recorded.request.headers);
    exchange.request_body = body_of(recorded.request.body);
    exchange.status = recorded.response.status_code;
    exchange.response_headers = header_list(recorded.response.headers);
    exchange.response_body = body_of(recorded.response.body);
    exchange.started_at = recorded.recorded_at;
    file.exchanges.push_back(std::move(exchange));
  }
  return file;
}

}  // namespace bedrock::cassettes
