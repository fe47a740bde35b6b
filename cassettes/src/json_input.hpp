#pragma once
// JSON inputs (nock, HAR) parsed into ordered values, with syntax errors as ImportErrors carrying
// the line and column; and small typed accessors that name the field they reject.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "bedrock/cassettes/import_error.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::cassettes {

using Json = nlohmann::ordered_json;

inline constexpr int kMaxJsonInputDepth = 200;

Expected<Json, ImportError> parse_json_input(std::string_view text, std::string_view source);

// Thrown inside a reader, caught at its top: the field's path and what is wrong with it.
struct FieldError {
  std::string location;
  std::string message;
};

// The member as a string, or nullopt when absent or null; a member of another type is a
// FieldError naming `location`.
std::optional<std::string> optional_string(const Json& object, const char* key,
                                           const std::string& location);
std::string required_string(const Json& object, const char* key, const std::string& location);
const Json* optional_member(const Json& object, const char* key);

// Hex (nock's binary bodies): nullopt unless an even number of hex digits.
std::optional<std::string> hex_decode(std::string_view text);

}  // namespace bedrock::cassettes
