// JSON value -> Cassette, with every rule of docs/cassette-format.md checked and every error
// pointing at the JSON path of the offending value.
#include <cmath>
#include <limits>
#include <set>
#include <utility>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/ignore_path.hpp"
#include "cassette_body.hpp"
#include "cassette_json.hpp"
#include "cassette_rules.hpp"
#include "strict_json.hpp"

namespace bedrock::cassette::detail {
namespace {

using Json = nlohmann::ordered_json;
namespace es = event_stream;

// Event-stream wire limits (reference §6): a header name is at most 255 bytes, a string or byte
// array value at most 32767; a cassette that breaks them could not be replayed.
constexpr std::size_t kMaxEventHeaderName = 255;
constexpr std::size_t kMaxEventHeaderValue = 32767;

// Thrown inside this file only; cassette_from_json turns it into a CassetteError.
struct Invalid {
  CassetteErrorKind kind;
  std::string path;
  std::string message;
};

[[noreturn]] void fail(std::string path, std::string message,
                       CassetteErrorKind kind = CassetteErrorKind::kInvalid) {
  throw Invalid{kind, std::move(path), std::move(message)};
}

std::string json_quoted(std::string_view text) {
  return Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

[[noreturn]] void fail_type(const std::string& path, std::string_view expected, const Json& got) {
  fail(path, "expected " + std::string(expected) + ", got " + got.type_name());
}

// An object whose members must come from a fixed list: an unknown member is most likely a typo
// ("stauts"), and silently ignoring it would replay something other than what the author meant.
class ObjectReader {
 public:
  ObjectReader(const Json& value, std::string path, std::initializer_list<std::string_view> members)
      : value_(value), path_(std::move(path)) {
    if (!value.is_object()) fail_type(path_, "an object", value);
    for (const auto& [key, member] : value.items()) {
      bool known = false;
      for (std::string_view allowed : members) known = known || key == allowed;
      if (!known) {
        std::string list;
        for (std::string_view allowed : members)
          list += (list.empty() ? "" : ", ") + std::string(allowed);
        fail(path_of(key),
             "unknown member " + json_quoted(key) + " (expected one of: " + list + ")");
      }
    }
  }

  const Json* find(std::string_view key) const {
    auto it = value_.find(key);
    return it == value_.end() ? nullptr : &*it;
  }
  const Json& require(std::string_view key) const {
    const Json* member = find(key);
    if (member == nullptr) fail(path_, "missing required member " + json_quoted(key));
    return *member;
  }
  std::string path_of(std::string_view key) const { return member_path(path_, key); }
  const std::string& path() const { return path_; }

 private:
  const Json& value_;
  std::string path_;
};

const std::string& read_string(const Json& value, const std::string& path) {
  if (!value.is_string()) fail_type(path, "a string", value);
  return value.get_ref<const std::string&>();
}

std::string read_nonempty_string(const Json& value, const std::string& path) {
  const std::string& text = read_string(value, path);
  if (text.empty()) fail(path, "must not be empty");
  return text;
}

int64_t read_integer(const Json& value, const std::string& path, int64_t min, int64_t max,
                     std::string_view what) {
  if (!value.is_number_integer()) fail_type(path, "an integer", value);
  if (value.is_number_unsigned() &&
      value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    fail(path, std::string(what) + " " + value.dump() + " is out of range");
  }
  const auto number = value.get<int64_t>();
  if (number < min || number > max) {
    fail(path, std::string(what) + " " + std::to_string(number) + " is outside " +
                   std::to_string(min) + ".." + std::to_string(max));
  }
  return number;
}

int read_status(const Json& value, const std::string& path) {
  return static_cast<int>(read_integer(value, path, 100, 599, "status"));
}

std::string read_body(const Json& value, const std::string& path) {
  auto bytes = decode_body(value);
  if (!bytes) {
    const auto& error = bytes.error();
    fail(error.member.empty() ? path : member_path(path, error.member), error.message);
  }
  return std::move(*bytes);
}

// [[name, value], ...]; a value that is not UTF-8 is {"base64": "..."}.
HeaderList read_http_headers(const Json& value, const std::string& path) {
  if (!value.is_array()) fail_type(path, "an array of [name, value] pairs", value);
  HeaderList headers;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string pair_path = index_path(path, i);
    const Json& pair = value[i];
    if (!pair.is_array() || pair.size() != 2) fail_type(pair_path, "a [name, value] pair", pair);
    const std::string& name = read_string(pair[0], index_path(pair_path, 0));
    if (!is_http_header_name(name)) {
      fail(index_path(pair_path, 0), json_quoted(name) + " is not an HTTP header name");
    }
    const Json& raw_value = pair[1];
    const std::string value_path = index_path(pair_path, 1);
    std::string header_value;
    if (raw_value.is_string()) {
      header_value = raw_value.get_ref<const std::string&>();
    } else if (raw_value.is_object()) {
      ObjectReader encoded(raw_value, value_path, {"base64"});
      const std::string& text = read_string(encoded.require("base64"), encoded.path_of("base64"));
      auto bytes = encoding::base64_decode(text);
      if (!bytes) fail(encoded.path_of("base64"), "invalid base64");
      header_value = std::move(*bytes);
    } else {
      fail_type(value_path, "a string or {\"base64\": ...}", raw_value);
    }
    if (!is_http_header_value(header_value)) {
      fail(value_path, "a header value must not contain CR, LF or NUL");
    }
    headers.push_back({name, std::move(header_value)});
  }
  return headers;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// 8-4-4-4-12 hex digits; the writer spells them lower-case, either case is read.
es::Uuid read_uuid(const std::string& text, const std::string& path) {
  es::Uuid uuid{};
  std::size_t nibbles = 0;
  bool ok = text.size() == 36;
  for (std::size_t i = 0; ok && i < text.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      ok = text[i] == '-';
      continue;
    }
    const int digit = hex_digit(text[i]);
    ok = digit >= 0;
    if (ok) {
      uuid[nibbles / 2] = static_cast<uint8_t>(uuid[nibbles / 2] << 4 | digit);
      ++nibbles;
    }
  }
  if (!ok) fail(path, json_quoted(text) + " is not a UUID (8-4-4-4-12 hex digits)");
  return uuid;
}

std::string check_event_header_text(std::string text, const std::string& path) {
  if (text.size() > kMaxEventHeaderValue) {
    fail(path, "header value of " + std::to_string(text.size()) + " bytes exceeds the " +
                   std::to_string(kMaxEventHeaderValue) + "-byte event-stream limit");
  }
  return text;
}

// A string value is a plain JSON string; every other type is {"<type>": value} (see the doc).
es::HeaderValue read_event_header_value(const Json& value, const std::string& path) {
  if (value.is_string()) return check_event_header_text(value.get<std::string>(), path);
  ObjectReader typed(
      value, path,
      {"bool", "int8", "int16", "int32", "int64", "bytes", "string_base64", "timestamp", "uuid"});
  if (value.size() != 1) fail(path, "a typed header value has exactly one member");
  const std::string& type = value.begin().key();
  const Json& inner = value.begin().value();
  const std::string inner_path = typed.path_of(type);
  if (type == "bool") {
    if (!inner.is_boolean()) fail_type(inner_path, "a boolean", inner);
    return inner.get<bool>();
  }
  if (type == "int8")
    return static_cast<int8_t>(read_integer(inner, inner_path, -128, 127, "int8"));
  if (type == "int16") {
    return static_cast<int16_t>(read_integer(inner, inner_path, -32768, 32767, "int16"));
  }
  if (type == "int32") {
    return static_cast<int32_t>(read_integer(inner, inner_path, std::numeric_limits<int32_t>::min(),
                                             std::numeric_limits<int32_t>::max(), "int32"));
  }
  const int64_t kMin64 = std::numeric_limits<int64_t>::min();
  const int64_t kMax64 = std::numeric_limits<int64_t>::max();
  if (type == "int64") return read_integer(inner, inner_path, kMin64, kMax64, "int64");
  if (type == "timestamp")
    return es::Timestamp{read_integer(inner, inner_path, kMin64, kMax64, "timestamp")};
  const std::string& text = read_string(inner, inner_path);
  if (type == "uuid") return read_uuid(text, inner_path);
  auto bytes = encoding::base64_decode(text);
  if (!bytes) fail(inner_path, "invalid base64");
  if (type == "bytes") return es::Bytes{check_event_header_text(std::move(*bytes), inner_path)};
  return check_event_header_text(std::move(*bytes), inner_path);  // string_base64
}

std::vector<es::Header> read_event_headers(const Json& value, const std::string& path) {
  if (!value.is_object()) fail_type(path, "an object of event-stream headers", value);
  std::vector<es::Header> headers;
  for (const auto& [name, header_value] : value.items()) {
    const std::string header_path = member_path(path, name);
    if (name.empty() || name.size() > kMaxEventHeaderName) {
      fail(header_path, "an event-stream header name has 1 to 255 bytes");
    }
    headers.push_back({name, read_event_header_value(header_value, header_path)});
  }
  return headers;
}

double read_offset(const Json& value, const std::string& path, double previous) {
  if (!value.is_number()) fail_type(path, "a number of milliseconds", value);
  const double offset = value.get<double>();
  if (!std::isfinite(offset) || offset < 0) fail(path, "offset_ms must be a non-negative number");
  if (offset < previous) {
    fail(path, "offset_ms " + value.dump() + " is less than the previous event's " +
                   Json(previous).dump() + " (offsets must not decrease)");
  }
  return offset;
}

Request read_request(const Json& value, const std::string& path) {
  ObjectReader object(value, path,
                      {"method", "path", "operation", "model_id", "region", "headers", "body"});
  Request request;
  request.method = read_string(object.require("method"), object.path_of("method"));
  if (!is_http_token(request.method)) {
    fail(object.path_of("method"), json_quoted(request.method) + " is not an HTTP method token");
  }
  request.path = read_string(object.require("path"), object.path_of("path"));
  if (!is_request_target(request.path)) {
    fail(object.path_of("path"),
         json_quoted(request.path) + " is not a raw request-target (\"/\" then visible ASCII)");
  }
  request.operation = read_string(object.require("operation"), object.path_of("operation"));
  if (!is_operation_name(request.operation)) {
    fail(object.path_of("operation"), json_quoted(request.operation) + " is not an operation name");
  }
  if (const Json* model_id = object.find("model_id")) {
    request.model_id = read_nonempty_string(*model_id, object.path_of("model_id"));
  }
  request.region = read_nonempty_string(object.require("region"), object.path_of("region"));
  request.headers = read_http_headers(object.require("headers"), object.path_of("headers"));
  request.body = read_body(object.require("body"), object.path_of("body"));
  return request;
}

Response read_response(const Json& value, const std::string& path) {
  ObjectReader object(value, path, {"status", "headers", "body"});
  Response response;
  response.status = read_status(object.require("status"), object.path_of("status"));
  response.headers = read_http_headers(object.require("headers"), object.path_of("headers"));
  response.body = read_body(object.require("body"), object.path_of("body"));
  return response;
}

StreamEnd read_stream_end(const Json& value, const std::string& path) {
  const std::string& text = read_string(value, path);
  if (text == "complete") return StreamEnd::kComplete;
  if (text == "reset") return StreamEnd::kReset;
  fail(path, "unknown stream end " + json_quoted(text) + " (expected \"complete\" or \"reset\")");
}

Stream read_stream(const Json& value, const std::string& path) {
  ObjectReader object(value, path, {"status", "headers", "events", "end"});
  Stream stream;
  stream.status = read_status(object.require("status"), object.path_of("status"));
  stream.headers = read_http_headers(object.require("headers"), object.path_of("headers"));
  const Json& events = object.require("events");
  const std::string events_path = object.path_of("events");
  if (!events.is_array()) fail_type(events_path, "an array of events", events);
  double previous = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    ObjectReader event(events[i], index_path(events_path, i), {"offset_ms", "headers", "payload"});
    StreamEvent parsed;
    parsed.offset_ms =
        read_offset(event.require("offset_ms"), event.path_of("offset_ms"), previous);
    previous = parsed.offset_ms;
    parsed.message.headers = read_event_headers(event.require("headers"), event.path_of("headers"));
    parsed.message.payload = read_body(event.require("payload"), event.path_of("payload"));
    stream.events.push_back(std::move(parsed));
  }
  stream.end = read_stream_end(object.require("end"), object.path_of("end"));
  return stream;
}

Failure read_failure(const Json& value, const std::string& path) {
  ObjectReader object(value, path, {"kind", "message"});
  Failure failure;
  const std::string kind_path = object.path_of("kind");
  const std::string& kind = read_string(object.require("kind"), kind_path);
  if (kind == "dropped") {
    failure.kind = FailureKind::kDropped;
  } else if (kind == "timeout") {
    failure.kind = FailureKind::kTimeout;
  } else {
    fail(kind_path,
         "unknown failure kind " + json_quoted(kind) + " (expected \"dropped\" or \"timeout\")");
  }
  if (const Json* message = object.find("message")) {
    failure.message = read_string(*message, object.path_of("message"));
  }
  return failure;
}

Interaction read_interaction(const Json& value, const std::string& path) {
  ObjectReader object(value, path,
                      {"id", "recorded_at", "request", "response", "stream", "failure"});
  Interaction interaction;
  if (const Json* id = object.find("id"))
    interaction.id = read_nonempty_string(*id, object.path_of("id"));
  interaction.recorded_at =
      read_string(object.require("recorded_at"), object.path_of("recorded_at"));
  if (!is_recorded_at(interaction.recorded_at)) {
    fail(object.path_of("recorded_at"),
         json_quoted(interaction.recorded_at) +
             " is not an ISO-8601 UTC time (2025-01-31T12:00:00.000Z)");
  }
  interaction.request = read_request(object.require("request"), object.path_of("request"));
  const Json* response = object.find("response");
  const Json* stream = object.find("stream");
  const Json* failure = object.find("failure");
  if (response != nullptr && stream != nullptr) {
    fail(path, "has both \"response\" and \"stream\"; exactly one is allowed");
  }
  if (failure != nullptr && (response != nullptr || stream != nullptr)) {
    fail(path,
         "has \"failure\" and an answer; exactly one of response, stream, failure is allowed");
  }
  if (response != nullptr) {
    interaction.answer = read_response(*response, object.path_of("response"));
  } else if (stream != nullptr) {
    interaction.answer = read_stream(*stream, object.path_of("stream"));
  } else if (failure != nullptr) {
    interaction.answer = read_failure(*failure, object.path_of("failure"));
  } else {
    fail(path, "missing \"response\", \"stream\" or \"failure\" (exactly one is required)");
  }
  return interaction;
}

MatchSettings read_match(const Json& value, const std::string& path) {
  ObjectReader object(value, path, {"ignore_paths"});
  MatchSettings match;
  if (const Json* paths = object.find("ignore_paths")) {
    const std::string list_path = object.path_of("ignore_paths");
    if (!paths->is_array()) fail_type(list_path, "an array of strings", *paths);
    for (std::size_t i = 0; i < paths->size(); ++i) {
      const std::string& ignore = read_string((*paths)[i], index_path(list_path, i));
      if (!parse_ignore_path(ignore)) {
        fail(index_path(list_path, i),
             json_quoted(ignore) +
                 " is not an ignore path ($ followed by .name, [N] or [*] segments)");
      }
      match.ignore_paths.push_back(ignore);
    }
  }
  return match;
}

Cassette read_cassette(const Json& document) {
  // The version is checked before anything else, so a newer file is reported as such and not as
  // a list of unknown members.
  if (!document.is_object()) fail_type("$", "a cassette object", document);
  auto format = document.find("format");
  if (format == document.end()) fail("$", "missing required member \"format\"");
  const std::string& version = read_string(*format, "$.format");
  if (version != kFormat) {
    fail("$.format",
         "unsupported format " + json_quoted(version) + " (this build reads " +
             json_quoted(kFormat) + ")",
         CassetteErrorKind::kUnsupportedFormat);
  }
  ObjectReader object(document, "$", {"format", "name", "description", "match", "interactions"});
  Cassette cassette;
  if (const Json* name = object.find("name")) cassette.name = read_string(*name, "$.name");
  if (const Json* description = object.find("description")) {
    cassette.description = read_string(*description, "$.description");
  }
  if (const Json* match = object.find("match")) cassette.match = read_match(*match, "$.match");
  const Json& interactions = object.require("interactions");
  if (!interactions.is_array()) fail_type("$.interactions", "an array", interactions);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < interactions.size(); ++i) {
    const std::string path = index_path("$.interactions", i);
    Interaction interaction = read_interaction(interactions[i], path);
    if (interaction.id && !ids.insert(*interaction.id).second) {
      fail(path + ".id", "duplicate interaction id " + json_quoted(*interaction.id));
    }
    cassette.interactions.push_back(std::move(interaction));
  }
  return cassette;
}

}  // namespace

Expected<Cassette, CassetteError> cassette_from_json(const Json& document,
                                                     std::string_view source_name) {
  try {
    return read_cassette(document);
  } catch (const Invalid& invalid) {
    CassetteError error;
    error.kind = invalid.kind;
    error.file = std::string(source_name);
    error.json_path = invalid.path;
    error.message = invalid.message;
    return unexpected(std::move(error));
  }
}

}  // namespace bedrock::cassette::detail
