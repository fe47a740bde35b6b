#pragma once
// JSON parsing for cassettes: nlohmann's parser plus the checks it does not make. Duplicate
// member names are an error (nlohmann would silently keep one, hiding a typo in a hand-edited
// cassette), and nesting is bounded so that every later recursive walk (dump, layout) is safe.
// Internal to bedrock_protocol.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "bedrock/protocol/expected.hpp"

namespace bedrock::cassette::detail {

struct StrictJsonError {
  enum class Kind { kSyntax, kDuplicateMember, kTooDeep };
  Kind kind = Kind::kSyntax;
  std::string json_path;  // where (kDuplicateMember, kTooDeep)
  std::string message;
  std::size_t line = 0;    // kSyntax: 1-based
  std::size_t column = 0;  // kSyntax: 1-based, in code points
};

Expected<nlohmann::ordered_json, StrictJsonError> parse_strict_json(std::string_view text,
                                                                    std::size_t max_depth);

// JSON-path spelling used in every error: $.name for identifiers, $["odd name"] otherwise, $[3].
std::string member_path(std::string_view parent, std::string_view key);
std::string index_path(std::string_view parent, std::size_t index);

std::size_t count_code_points(std::string_view text);

}  // namespace bedrock::cassette::detail
