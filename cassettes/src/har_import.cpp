// HTTP Archive 1.2 (http://www.softwareishard.com/blog/har-12-spec/) as written by Polly.JS,
// browsers' developer tools and proxies (Charles, mitmproxy, Fiddler), and by our HAR export.
// How bodies are stored:
// - response.content.text holds the body after its Content-Encoding was removed (the spec:
//   "decoded"), as text, or base64 with content.encoding "base64" (binary, event streams).
//   Polly.JS before 5 wrote binary bodies as hex with content._isBinary. A tool that kept no body
//   leaves text out;
// - request.postData.text is the request body; our export adds postData._encoding "base64" for
//   bodies that are not text (HAR 1.2 has no field for that);
// - status 0 is an entry without an answer (Chrome: response._error "net::ERR_...").
// entry._bedrock and log._bedrockCassette are our export's additions (captured_exchange.hpp).
#include <cmath>

#include "bedrock/cassettes/importers.hpp"
#include "bedrock/protocol/encoding.hpp"
#include "json_input.hpp"

namespace bedrock::cassettes {
namespace {

cassette::HeaderList header_pairs(const Json& entry, const std::string& location) {
  const Json* headers = optional_member(entry, "headers");
  if (headers == nullptr) return {};
  if (!headers->is_array()) throw FieldError{location + ".headers", "expected an array"};
  cassette::HeaderList out;
  for (std::size_t i = 0; i < headers->size(); ++i) {
    const Json& header = (*headers)[i];
    const std::string where = location + ".headers[" + std::to_string(i) + "]";
    if (!header.is_object()) throw FieldError{where, "expected {name, value}"};
    std::string name = required_string(header, "name", where);
    const Json* value = optional_member(header, "value");
    std::string text = value == nullptr     ? std::string()
                       : value->is_string() ? value->get<std::string>()
                                            : value->dump();
    if (auto declared = optional_string(header, "_encoding", where);
        declared && *declared == "base64") {
      auto bytes = encoding::base64_decode(text);  // our export: a value that is not UTF-8
      if (!bytes) throw FieldError{where + ".value", "_encoding is base64 but the value is not"};
      text = std::move(*bytes);
    }
    out.push_back({std::move(name), std::move(text)});
  }
  return out;
}

bool all_hex(std::string_view text) {
  return text.size() % 2 == 0 && text.find_first_not_of("0123456789abcdefABCDEF") == text.npos;
}

std::string decode_text(const Json& holder, const std::string& text, const char* encoding_key,
                        const std::string& where) {
  const auto declared = optional_string(holder, encoding_key, where);
  const Json* polly_binary = optional_member(holder, "_isBinary");
  if (declared && encoding::to_lower(*declared) == "base64") {
    auto bytes = encoding::base64_decode(text);
    if (!bytes) throw FieldError{where + ".text", "encoding is base64 but the text is not base64"};
    return std::move(*bytes);
  }
  if (polly_binary != nullptr && polly_binary->is_boolean() && polly_binary->get<bool>()) {
    if (all_hex(text)) return *hex_decode(text);
    if (auto bytes = encoding::base64_decode(text)) return std::move(*bytes);
  }
  return text;
}

CapturedBody request_body(const Json& request, const std::string& location) {
  const Json* post = optional_member(request, "postData");
  if (post == nullptr) return {BodyForm::kAbsent, {}, false};
  const std::string where = location + ".postData";
  if (!post->is_object()) throw FieldError{where, "expected an object"};
  const auto text = optional_string(*post, "text", where);
  if (!text) return {BodyForm::kAbsent, {}, false};
  return {BodyForm::kBytes, decode_text(*post, *text, "_encoding", where), false};
}

CapturedBody response_body(const Json& response, const std::string& location) {
  const Json* content = optional_member(response, "content");
  if (content == nullptr) return {BodyForm::kAbsent, {}, true};
  const std::string where = location + ".content";
  if (!content->is_object()) throw FieldError{where, "expected an object"};
  const auto text = optional_string(*content, "text", where);
  if (!text) {
    const Json* size = optional_member(*content, "size");
    const bool had_bytes = size != nullptr && size->is_number() && size->get<double>() > 0;
    return {had_bytes ? BodyForm::kLost : BodyForm::kAbsent, {}, true};
  }
  return {BodyForm::kBytes, decode_text(*content, *text, "encoding", where), true};
}

// HAR 1.2 entry.time: the total milliseconds of the exchange. Only shown in progress lines, so a
// missing or unusable value (negative, not a number; some tools write -1) is "not known", not an
// error that would refuse the file.
std::optional<double> duration_of(const Json& entry) {
  const Json* time = optional_member(entry, "time");
  if (time == nullptr || !time->is_number()) return std::nullopt;
  const double ms = time->get<double>();
  if (!std::isfinite(ms) || ms < 0) return std::nullopt;
  return ms;
}

std::optional<cassette::Failure> failure_of(const Json& entry, const Json& response) {
  std::string error;
  for (const Json* holder : {&response, &entry}) {
    if (const Json* text = optional_member(*holder, "_error"); text && text->is_string()) {
      error = text->get<std::string>();
    }
  }
  const std::string lower = encoding::to_lower(error);
  cassette::Failure failure;
  failure.kind =
      lower.find("timed_out") != std::string::npos || lower.find("timeout") != std::string::npos
          ? cassette::FailureKind::kTimeout
          : cassette::FailureKind::kDropped;
  failure.message = error.empty() ? "no answer (status 0 in the HAR)" : error;
  return failure;
}

std::optional<TestbedExtras> extras_of(const Json& entry, const std::string& location) {
  const Json* extras = optional_member(entry, "_bedrock");
  if (extras == nullptr) return std::nullopt;
  const std::string where = location + "._bedrock";
  if (!extras->is_object()) throw FieldError{where, "expected an object"};
  TestbedExtras out;
  out.id = optional_string(*extras, "id", where);
  out.recorded_at = optional_string(*extras, "recordedAt", where);
  out.operation = optional_string(*extras, "operation", where);
  out.model_id = optional_string(*extras, "modelId", where);
  out.region = optional_string(*extras, "region", where);
  if (const Json* offsets = optional_member(*extras, "offsetsMs")) {
    if (!offsets->is_array()) throw FieldError{where + ".offsetsMs", "expected an array"};
    for (const auto& offset : *offsets) {
      if (!offset.is_number()) throw FieldError{where + ".offsetsMs", "expected numbers"};
      out.offsets_ms.push_back(offset.get<double>());
    }
  }
  if (auto kind = optional_string(*extras, "failure", where)) {
    if (*kind != "dropped" && *kind != "timeout") {
      throw FieldError{where + ".failure", "expected \"dropped\" or \"timeout\""};
    }
    out.failure_kind =
        *kind == "timeout" ? cassette::FailureKind::kTimeout : cassette::FailureKind::kDropped;
  }
  if (auto end = optional_string(*extras, "streamEnd", where)) {
    if (*end == "reset") {
      out.stream_end = cassette::StreamEnd::kReset;
    } else if (*end == "complete") {
      out.stream_end = cassette::StreamEnd::kComplete;
    } else {
      throw FieldError{where + ".streamEnd", "expected \"complete\" or \"reset\""};
    }
  }
  return out;
}

void read_cassette_info(const Json& log, CapturedFile& file) {
  const Json* info = optional_member(log, "_bedrockCassette");
  if (info == nullptr) return;
  const std::string where = "$.log._bedrockCassette";
  if (!info->is_object()) throw FieldError{where, "expected an object"};
  file.from_testbed = true;
  file.name = optional_string(*info, "name", where);
  file.description = optional_string(*info, "description", where);
  if (const Json* paths = optional_member(*info, "ignorePaths")) {
    if (!paths->is_array()) throw FieldError{where + ".ignorePaths", "expected an array"};
    for (const auto& path : *paths) {
      if (!path.is_string()) throw FieldError{where + ".ignorePaths", "expected strings"};
      file.match.ignore_paths.push_back(path.get<std::string>());
    }
  }
}

}  // namespace

Expected<CapturedFile, ImportError> read_har_file(std::string_view text, std::string_view source) {
  auto root = parse_json_input(text, source);
  if (!root) return unexpected(std::move(root).error());
  CapturedFile file;
  try {
    const Json* log = optional_member(*root, "log");
    if (log == nullptr || !log->is_object()) throw FieldError{"$.log", "missing (not a HAR file)"};
    const Json* entries = optional_member(*log, "entries");
    if (entries == nullptr) throw FieldError{"$.log.entries", "missing"};
    if (!entries->is_array()) throw FieldError{"$.log.entries", "expected an array"};
    read_cassette_info(*log, file);
    for (std::size_t i = 0; i < entries->size(); ++i) {
      const Json& entry = (*entries)[i];
      const std::string location = "$.log.entries[" + std::to_string(i) + "]";
      if (!entry.is_object()) throw FieldError{location, "expected an object"};
      const Json* request = optional_member(entry, "request");
      if (request == nullptr || !request->is_object()) {
        throw FieldError{location + ".request", "missing"};
      }
      const Json* response = optional_member(entry, "response");
      if (response == nullptr || !response->is_object()) {
        throw FieldError{location + ".response", "missing"};
      }
      CapturedExchange exchange;
      exchange.location = location;
      const std::string request_where = location + ".request";
      const std::string response_where = location + ".response";
      exchange.method = required_string(*request, "method", request_where);
      exchange.url = required_string(*request, "url", request_where);
      exchange.request_headers = header_pairs(*request, request_where);
      exchange.request_body = request_body(*request, request_where);
      const Json* status = optional_member(*response, "status");
      if (status == nullptr || !status->is_number_integer()) {
        throw FieldError{response_where + ".status", status ? "expected an integer" : "missing"};
      }
      const auto code = status->get<int64_t>();
      exchange.status = code < 0 || code > 999 ? -1 : static_cast<int>(code);
      if (code == 0) exchange.failure = failure_of(entry, *response);
      exchange.response_headers = header_pairs(*response, response_where);
      exchange.response_body = response_body(*response, response_where);
      exchange.started_at = optional_string(entry, "startedDateTime", location);
      exchange.testbed = extras_of(entry, location);
      // Our export writes time 0 for an answer that is no stream (a cassette keeps no timing):
      // that is "not known", not an instant answer.
      if (!exchange.testbed || !exchange.testbed->offsets_ms.empty()) {
        exchange.duration_ms = duration_of(entry);
      }
      if (exchange.failure && exchange.testbed && exchange.testbed->failure_kind) {
        exchange.failure->kind = *exchange.testbed->failure_kind;
      }
      file.exchanges.push_back(std::move(exchange));
    }
  } catch (const FieldError& error) {
    return unexpected(ImportError{std::string(source), error.location, std::nullopt, std::nullopt,
                                  error.message});
  }
  return file;
}

}  // namespace bedrock::cassettes
