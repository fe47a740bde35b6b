#include "json_reader.hpp"

#include <limits>
#include <utility>

#include "bedrock/protocol/encoding.hpp"

namespace bedrock::client::json_read {
namespace {

std::string type_name(const Json& value) { return value.type_name(); }

}  // namespace

void fail(ParseErrorKind kind, std::string path, std::string detail) {
  throw JsonReadFailure{ParseError{kind, std::move(path), std::move(detail)}};
}

std::string member_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string path(parent);
  path += '.';
  path += key;
  return path;
}

std::string index_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

Json parse_body(std::string_view body) {
  Json value = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) fail(ParseErrorKind::kInvalidJson, "", "the body is not JSON");
  return value;
}

const Json& expect_object(const Json& value, const std::string& path) {
  if (!value.is_object()) {
    fail(ParseErrorKind::kWrongType, path, "expected an object, got " + type_name(value));
  }
  return value;
}

const Json& expect_array(const Json& value, const std::string& path) {
  if (!value.is_array()) {
    fail(ParseErrorKind::kWrongType, path, "expected an array, got " + type_name(value));
  }
  return value;
}

const Json* find(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

const Json& require(const Json& object, std::string_view key, const std::string& parent) {
  const Json* value = find(object, key);
  if (value == nullptr) {
    fail(ParseErrorKind::kMissingMember, member_path(parent, key), "required member is missing");
  }
  return *value;
}

std::string as_string(const Json& value, const std::string& path) {
  if (!value.is_string()) {
    fail(ParseErrorKind::kWrongType, path, "expected a string, got " + type_name(value));
  }
  return value.get<std::string>();
}

int64_t as_int(const Json& value, const std::string& path) {
  if (value.is_number_unsigned()) {
    const auto unsigned_value = value.get<uint64_t>();
    if (unsigned_value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      fail(ParseErrorKind::kInvalidValue, path, "integer out of range");
    }
    return static_cast<int64_t>(unsigned_value);
  }
  if (!value.is_number_integer()) {
    fail(ParseErrorKind::kWrongType, path, "expected an integer, got " + type_name(value));
  }
  return value.get<int64_t>();
}

double as_number(const Json& value, const std::string& path) {
  if (!value.is_number()) {
    fail(ParseErrorKind::kWrongType, path, "expected a number, got " + type_name(value));
  }
  return value.get<double>();
}

bool as_bool(const Json& value, const std::string& path) {
  if (!value.is_boolean()) {
    fail(ParseErrorKind::kWrongType, path, "expected a boolean, got " + type_name(value));
  }
  return value.get<bool>();
}

std::string as_blob(const Json& value, const std::string& path) {
  std::optional<std::string> bytes = encoding::base64_decode(as_string(value, path));
  if (!bytes) fail(ParseErrorKind::kInvalidValue, path, "not valid base64");
  return std::move(*bytes);
}

std::vector<std::string> as_string_list(const Json& value, const std::string& path) {
  expect_array(value, path);
  std::vector<std::string> out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) out.push_back(as_string(value[i], index_path(path, i)));
  return out;
}

std::string require_string(const Json& object, std::string_view key, const std::string& parent) {
  return as_string(require(object, key, parent), member_path(parent, key));
}

int64_t require_int(const Json& object, std::string_view key, const std::string& parent) {
  return as_int(require(object, key, parent), member_path(parent, key));
}

std::optional<std::string> optional_string(const Json& object, std::string_view key,
                                           const std::string& parent) {
  const Json* value = find(object, key);
  if (value == nullptr) return std::nullopt;
  return as_string(*value, member_path(parent, key));
}

std::optional<int64_t> optional_int(const Json& object, std::string_view key,
                                    const std::string& parent) {
  const Json* value = find(object, key);
  if (value == nullptr) return std::nullopt;
  return as_int(*value, member_path(parent, key));
}

std::optional<Json> optional_raw(const Json& object, std::string_view key) {
  const Json* value = find(object, key);
  if (value == nullptr) return std::nullopt;
  return *value;
}

std::optional<std::string_view> union_member(const Json& object,
                                             std::initializer_list<std::string_view> known) {
  for (std::string_view key : known) {
    if (find(object, key) != nullptr) return key;
  }
  return std::nullopt;
}

}  // namespace bedrock::client::json_read
