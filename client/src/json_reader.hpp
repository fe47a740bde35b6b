#pragma once
// Reading service answers member by member. Unknown members are never looked at (the real
// service adds unmodeled ones: "p", cacheReadInputTokenCount, serverToolUsage, toolboxArn;
// reference §4, §5, §9); JSON null counts as absent. A failure is thrown as JsonReadFailure
// and turned into a ParseError value at the public function that started the read, so no
// exception leaves the library.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bedrock/client/parse_error.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::client::json_read {

using Json = nlohmann::json;

struct JsonReadFailure {
  ParseError error;
};

[[noreturn]] void fail(ParseErrorKind kind, std::string path, std::string detail);

std::string member_path(std::string_view parent, std::string_view key);
std::string index_path(std::string_view parent, std::size_t index);

// The body parsed as JSON, or a kInvalidJson failure.
Json parse_body(std::string_view body);

const Json& expect_object(const Json& value, const std::string& path);
const Json& expect_array(const Json& value, const std::string& path);

// nullptr when absent or null.
const Json* find(const Json& object, std::string_view key);
const Json& require(const Json& object, std::string_view key, const std::string& parent);

std::string as_string(const Json& value, const std::string& path);
int64_t as_int(const Json& value, const std::string& path);
double as_number(const Json& value, const std::string& path);
bool as_bool(const Json& value, const std::string& path);
// A blob member: base64 text on the wire, raw bytes here.
std::string as_blob(const Json& value, const std::string& path);
std::vector<std::string> as_string_list(const Json& value, const std::string& path);

std::string require_string(const Json& object, std::string_view key, const std::string& parent);
int64_t require_int(const Json& object, std::string_view key, const std::string& parent);
std::optional<std::string> optional_string(const Json& object, std::string_view key,
                                           const std::string& parent);
std::optional<int64_t> optional_int(const Json& object, std::string_view key,
                                    const std::string& parent);
std::optional<Json> optional_raw(const Json& object, std::string_view key);

// The single member name of a union object (the first one the reader knows, in `known`
// order); nullopt when none of the known members is present.
std::optional<std::string_view> union_member(const Json& object,
                                             std::initializer_list<std::string_view> known);

// Runs a throwing reader and turns its failure into a value (the public boundary).
template <class Read>
auto capture(Read&& read) -> Expected<decltype(read()), ParseError> {
  try {
    return read();
  } catch (const JsonReadFailure& failure) {
    return unexpected(failure.error);
  } catch (const nlohmann::json::exception& error) {
    return unexpected(ParseError{ParseErrorKind::kInvalidValue, "", error.what()});
  }
}

}  // namespace bedrock::client::json_read
