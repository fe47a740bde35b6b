#include "bedrock/cassettes/har_export.hpp"

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/event_stream.hpp"
#include "bedrock/protocol/operation.hpp"
#include "content_coding.hpp"

namespace bedrock::cassettes {
namespace {

using Json = nlohmann::ordered_json;

// JSON strings must be UTF-8: a text body goes as is, anything else as base64.
bool is_text(const std::string& bytes) {
  return cassette::body_encoding(bytes) != cassette::BodyEncoding::kBase64;
}

Json header_array(const cassette::HeaderList& headers) {
  Json out = Json::array();
  for (const auto& header : headers) {
    // A value that is not UTF-8 (rare obs-text) cannot be a JSON string: it goes as base64.
    if (is_text(header.value) || header.value.empty()) {
      out.push_back({{"name", header.name}, {"value", header.value}});
    } else {
      out.push_back({{"name", header.name},
                     {"value", encoding::base64_encode(header.value)},
                     {"_encoding", "base64"}});
    }
  }
  return out;
}

Json query_of(const std::string& target) {
  Json out = Json::array();
  const std::size_t question = target.find('?');
  if (question == std::string::npos) return out;
  std::string_view query(target);
  query.remove_prefix(question + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t equals = pair.find('=');
    const std::string_view name = pair.substr(0, equals);
    const std::string_view value =
        equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
    const auto decode = [](std::string_view text) {
      std::string spaced(text);
      for (char& c : spaced) c = c == '+' ? ' ' : c;
      auto decoded = encoding::percent_decode(spaced);
      return decoded && is_text(*decoded) ? *decoded : std::string(text);
    };
    if (!pair.empty()) out.push_back({{"name", decode(name)}, {"value", decode(value)}});
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string url_of(const cassette::Request& request) {
  std::string host;
  if (auto given = cassette::find_header(request.headers, "Host")) host = std::string(*given);
  if (host.empty()) {
    auto operation = operations::find_operation(request.operation);
    const bool control =
        operation && operations::info_of(*operation).plane == operations::Plane::kControl;
    host = (control ? "bedrock." : "bedrock-runtime.") + request.region + ".amazonaws.com";
  }
  return "https://" + host + request.path;
}

std::string content_type_of(const cassette::HeaderList& headers, std::string_view fallback) {
  auto type = cassette::find_header(headers, "Content-Type");
  // mimeType is a JSON string: a value that is not UTF-8 stays only in the (base64) header.
  if (!type || !is_text(std::string(*type))) return std::string(fallback);
  return std::string(*type);
}

Json content_of(const std::string& bytes, const std::string& mime_type) {
  Json content = {{"size", bytes.size()}, {"mimeType", mime_type}};
  if (bytes.empty()) return content;
  if (is_text(bytes)) {
    content["text"] = bytes;
  } else {
    content["text"] = encoding::base64_encode(bytes);
    content["encoding"] = "base64";
  }
  return content;
}

Json request_of(const cassette::Request& request) {
  Json out = {{"method", request.method},
              {"url", url_of(request)},
              {"httpVersion", "HTTP/1.1"},
              {"cookies", Json::array()},
              {"headers", header_array(request.headers)},
              {"queryString", query_of(request.path)}};
  if (!request.body.empty()) {
    Json post = {{"mimeType", content_type_of(request.headers, "application/octet-stream")}};
    if (is_text(request.body)) {
      post["text"] = request.body;
    } else {
      post["text"] = encoding::base64_encode(request.body);
      post["_encoding"] = "base64";
    }
    out["postData"] = std::move(post);
  }
  out["headersSize"] = -1;
  out["bodySize"] = request.body.size();
  return out;
}

Json response_head(int status, const cassette::HeaderList& headers) {
  return Json{{"status", status},
              {"statusText", std::string(errors::reason_phrase(status))},
              {"httpVersion", "HTTP/1.1"},
              {"cookies", Json::array()},
              {"headers", header_array(headers)}};
}

// HAR's content.text is the body after its Content-Encoding is removed.
std::string decoded_body(const cassette::Response& response) {
  auto coding = content_coding_of(
      cassette::find_header(response.headers, "Content-Encoding").value_or(std::string_view()));
  if (coding == ContentCoding::kIdentity || coding == ContentCoding::kUnsupported) {
    return response.body;
  }
  auto decoded = decode_content(response.body, coding, cassette::kMaxCassetteBytes);
  return decoded ? std::move(*decoded) : response.body;
}

}  // namespace

Json to_har(const cassette::Cassette& cassette, std::vector<std::string>* warnings) {
  Json entries = Json::array();
  for (std::size_t i = 0; i < cassette.interactions.size(); ++i) {
    const cassette::Interaction& interaction = cassette.interactions[i];
    Json extras = Json::object();
    if (interaction.id) extras["id"] = *interaction.id;
    extras["recordedAt"] = interaction.recorded_at;
    extras["operation"] = interaction.request.operation;
    if (interaction.request.model_id) extras["modelId"] = *interaction.request.model_id;
    extras["region"] = interaction.request.region;

    Json response;
    double wait = 0;
    double receive = 0;
    if (const auto* plain = interaction.response()) {
      response = response_head(plain->status, plain->headers);
      const std::string body = decoded_body(*plain);
      response["content"] = content_of(body, content_type_of(plain->headers, ""));
      response["redirectURL"] = std::string(
          cassette::find_header(plain->headers, "Location").value_or(std::string_view()));
      response["headersSize"] = -1;
      response["bodySize"] = plain->body.size();
    } else if (const auto* stream = interaction.stream()) {
      response = response_head(stream->status, stream->headers);
      std::string frames;
      Json offsets = Json::array();
      bool cut = false;
      for (std::size_t e = 0; e < stream->events.size(); ++e) {
        auto frame = event_stream::encode(stream->events[e].message);
        if (!frame) {
          if (warnings != nullptr) {
            warnings->push_back("interaction " + std::to_string(i) + " event " + std::to_string(e) +
                                " cannot be framed (" + frame.error().message() +
                                "): the stream ends there");
          }
          cut = true;
          break;
        }
        frames += *frame;
        offsets.push_back(stream->events[e].offset_ms);
      }
      response["content"] = content_of(
          frames, content_type_of(stream->headers, "application/vnd.amazon.eventstream"));
      response["redirectURL"] = "";
      response["headersSize"] = -1;
      response["bodySize"] = frames.size();
      extras["offsetsMs"] = std::move(offsets);
      if (stream->end == cassette::StreamEnd::kReset || cut) extras["streamEnd"] = "reset";
      if (!offsets.empty()) {
        wait = offsets.front().get<double>();
        receive = offsets.back().get<double>() - wait;
      }
    } else if (const auto* failure = interaction.failure()) {
      response = Json{{"status", 0},
                      {"statusText", ""},
                      {"httpVersion", ""},
                      {"cookies", Json::array()},
                      {"headers", Json::array()},
                      {"content", {{"size", 0}, {"mimeType", "x-unknown"}}},
                      {"redirectURL", ""},
                      {"headersSize", -1},
                      {"bodySize", -1}};
      const bool timeout = failure->kind == cassette::FailureKind::kTimeout;
      response["_error"] =
          failure->message.empty() ? (timeout ? "timeout" : "dropped") : failure->message;
      extras["failure"] = timeout ? "timeout" : "dropped";
    }
    Json entry = {{"startedDateTime", interaction.recorded_at},
                  {"time", wait + receive},
                  {"request", request_of(interaction.request)},
                  {"response", std::move(response)},
                  {"cache", Json::object()},
                  {"timings", {{"send", 0}, {"wait", wait}, {"receive", receive}}},
                  {"_bedrock", std::move(extras)}};
    entries.push_back(std::move(entry));
  }
  Json info = Json::object();
  if (cassette.name) info["name"] = *cassette.name;
  if (cassette.description) info["description"] = *cassette.description;
  if (!cassette.match.ignore_paths.empty()) info["ignorePaths"] = cassette.match.ignore_paths;
  return Json{{"log",
               {{"version", "1.2"},
                {"creator", {{"name", "bedrock-cassette"}, {"version", "0.1.0"}}},
                {"entries", std::move(entries)},
                {"_bedrockCassette", std::move(info)}}}};
}

std::string serialize_har(const cassette::Cassette& cassette, std::vector<std::string>* warnings) {
  const Json har = to_har(cassette, warnings);
  try {
    return har.dump(2, ' ', false, Json::error_handler_t::strict) + "\n";
  } catch (const nlohmann::json::type_error& error) {
    // Every byte string above goes through is_text() or base64; this is the last guard, so a
    // field missed there costs a replacement character, never an abort.
    if (warnings != nullptr) {
      warnings->push_back(std::string("text that is not UTF-8 written with U+FFFD (") +
                          error.what() + ")");
    }
    return har.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  }
}

}  // namespace bedrock::cassettes
