// Cassette -> JSON value -> text. Member order is fixed here, so output is deterministic; the
// value is then checked by the reader, so nothing is written that load() would refuse.
#include <cmath>
#include <set>

#include "bedrock/protocol/cassette.hpp"
#include "bedrock/protocol/encoding.hpp"
#include "cassette_body.hpp"
#include "cassette_json.hpp"
#include "json_layout.hpp"
#include "strict_json.hpp"

namespace bedrock::cassette {
namespace {

using Json = nlohmann::ordered_json;
namespace es = event_stream;

// Thrown inside this file only, for what a JSON value cannot even hold.
struct Unwritable {
  std::string path;
  std::string message;
};

const std::string& utf8_text(const std::string& text, const std::string& path) {
  if (!detail::is_valid_utf8(text)) throw Unwritable{path, "is not valid UTF-8"};
  return text;
}

Json http_headers_json(const HeaderList& headers, const std::string& path) {
  Json list = Json::array();
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const auto& header = headers[i];
    const std::string pair_path = detail::index_path(path, i);
    Json value = detail::is_valid_utf8(header.value)
                     ? Json(header.value)
                     : Json{{"base64", encoding::base64_encode(header.value)}};
    list.push_back(Json::array({utf8_text(header.name, detail::index_path(pair_path, 0)), value}));
  }
  return list;
}

std::string uuid_text(const es::Uuid& uuid) {
  const std::string hex =
      encoding::to_hex(std::string_view(reinterpret_cast<const char*>(uuid.data()), uuid.size()));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

Json event_header_value_json(const es::HeaderValue& value) {
  struct Visitor {
    Json operator()(bool v) const { return Json{{"bool", v}}; }
    Json operator()(int8_t v) const { return Json{{"int8", v}}; }
    Json operator()(int16_t v) const { return Json{{"int16", v}}; }
    Json operator()(int32_t v) const { return Json{{"int32", v}}; }
    Json operator()(int64_t v) const { return Json{{"int64", v}}; }
    Json operator()(const es::Bytes& v) const {
      return Json{{"bytes", encoding::base64_encode(v.data)}};
    }
    Json operator()(const std::string& v) const {
      // Type 7 is UTF-8 on the wire (reference §6), but a recording keeps whatever was sent.
      if (detail::is_valid_utf8(v)) return Json(v);
      return Json{{"string_base64", encoding::base64_encode(v)}};
    }
    Json operator()(const es::Timestamp& v) const { return Json{{"timestamp", v.millis}}; }
    Json operator()(const es::Uuid& v) const { return Json{{"uuid", uuid_text(v)}}; }
  };
  return std::visit(Visitor{}, value);
}

Json event_headers_json(const std::vector<es::Header>& headers, const std::string& path) {
  Json object = Json::object();
  std::set<std::string> names;
  for (const auto& header : headers) {
    const std::string header_path = detail::member_path(path, header.name);
    // A JSON object cannot hold the same name twice; Bedrock never sends repeats (reference §6).
    if (!names.insert(header.name).second) {
      throw Unwritable{header_path, "duplicate event-stream header name"};
    }
    object[utf8_text(header.name, header_path)] = event_header_value_json(header.value);
  }
  return object;
}

// Whole milliseconds are written as integers (120, not 120.0) so hand-written files stay clean.
Json offset_json(double offset_ms) {
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
  if (std::isfinite(offset_ms) && std::floor(offset_ms) == offset_ms &&
      std::fabs(offset_ms) < kExactIntegers) {
    return static_cast<int64_t>(offset_ms);
  }
  return offset_ms;
}

Json request_json(const Request& request, const std::string& path) {
  Json object = Json::object();
  object["method"] = utf8_text(request.method, path + ".method");
  object["path"] = utf8_text(request.path, path + ".path");
  object["operation"] = utf8_text(request.operation, path + ".operation");
  if (request.model_id) object["model_id"] = utf8_text(*request.model_id, path + ".model_id");
  object["region"] = utf8_text(request.region, path + ".region");
  object["headers"] = http_headers_json(request.headers, path + ".headers");
  object["body"] = detail::encode_body(request.body);
  return object;
}

Json response_json(const Response& response, const std::string& path) {
  Json object = Json::object();
  object["status"] = response.status;
  object["headers"] = http_headers_json(response.headers, path + ".headers");
  object["body"] = detail::encode_body(response.body);
  return object;
}

Json stream_json(const Stream& stream, const std::string& path) {
  Json object = Json::object();
  object["status"] = stream.status;
  object["headers"] = http_headers_json(stream.headers, path + ".headers");
  Json events = Json::array();
  for (std::size_t i = 0; i < stream.events.size(); ++i) {
    const StreamEvent& event = stream.events[i];
    Json entry = Json::object();
    entry["offset_ms"] = offset_json(event.offset_ms);
    entry["headers"] = event_headers_json(event.message.headers,
                                          detail::index_path(path + ".events", i) + ".headers");
    entry["payload"] = detail::encode_body(event.message.payload);
    events.push_back(std::move(entry));
  }
  object["events"] = std::move(events);
  object["end"] = stream.end == StreamEnd::kReset ? "reset" : "complete";
  return object;
}

Json interaction_json(const Interaction& interaction, const std::string& path) {
  Json object = Json::object();
  if (interaction.id) object["id"] = utf8_text(*interaction.id, path + ".id");
  object["recorded_at"] = utf8_text(interaction.recorded_at, path + ".recorded_at");
  object["request"] = request_json(interaction.request, path + ".request");
  if (const Response* response = interaction.response()) {
    object["response"] = response_json(*response, path + ".response");
  } else if (const Stream* stream = interaction.stream()) {
    object["stream"] = stream_json(*stream, path + ".stream");
  } else if (const Failure* failure = interaction.failure()) {
    Json entry = Json::object();
    entry["kind"] = failure->kind == FailureKind::kTimeout ? "timeout" : "dropped";
    entry["message"] = utf8_text(failure->message, path + ".failure.message");
    object["failure"] = std::move(entry);
  }
  return object;
}

Json cassette_json(const Cassette& cassette) {
  Json document = Json::object();
  document["format"] = std::string(kFormat);
  if (cassette.name) document["name"] = utf8_text(*cassette.name, "$.name");
  if (cassette.description)
    document["description"] = utf8_text(*cassette.description, "$.description");
  if (!cassette.match.ignore_paths.empty()) {
    Json paths = Json::array();
    for (std::size_t i = 0; i < cassette.match.ignore_paths.size(); ++i) {
      paths.push_back(
          utf8_text(cassette.match.ignore_paths[i], detail::index_path("$.match.ignore_paths", i)));
    }
    document["match"] = Json{{"ignore_paths", std::move(paths)}};
  }
  Json interactions = Json::array();
  for (std::size_t i = 0; i < cassette.interactions.size(); ++i) {
    interactions.push_back(
        interaction_json(cassette.interactions[i], detail::index_path("$.interactions", i)));
  }
  document["interactions"] = std::move(interactions);
  return document;
}

Expected<Json, CassetteError> checked_json(const Cassette& cassette, std::string_view file) {
  Json document;
  try {
    document = cassette_json(cassette);
  } catch (const Unwritable& unwritable) {
    return unexpected(CassetteError{CassetteErrorKind::kInvalid, std::string(file), unwritable.path,
                                    unwritable.message, std::nullopt, std::nullopt});
  }
  if (auto check = detail::cassette_from_json(document, file); !check) {
    return unexpected(check.error());
  }
  return document;
}

constexpr std::string_view kInMemory = "<cassette>";

}  // namespace

Expected<Json, CassetteError> to_json(const Cassette& cassette) {
  return checked_json(cassette, kInMemory);
}

namespace detail {
// serialize() with the file name errors should carry (save() passes its path).
Expected<std::string, CassetteError> serialize_for(const Cassette& cassette,
                                                   std::string_view file) {
  auto document = checked_json(cassette, file);
  if (!document) return unexpected(document.error());
  return write_pretty(*document);
}
}  // namespace detail

Expected<std::string, CassetteError> serialize(const Cassette& cassette) {
  return detail::serialize_for(cassette, kInMemory);
}

}  // namespace bedrock::cassette
