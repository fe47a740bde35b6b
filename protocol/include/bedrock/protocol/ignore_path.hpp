#pragma once
// Ignore paths (docs/cassette-format.md "match"): members of a JSON request body that matching
// leaves out, e.g. "$.inferenceConfig.temperature" or "$.messages[*].content[0].text". One
// parser: the cassette reader validates with it and the mock's matcher applies what it parses.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace bedrock::cassette {

struct IgnorePathSegment {
  enum class Kind {
    kMember,  // .name
    kIndex,   // [N]
    kEvery,   // [*]: every element of an array
  };
  Kind kind = Kind::kMember;
  std::string name;       // kMember
  std::size_t index = 0;  // kIndex
};

struct IgnorePath {
  std::string text;  // as written in the cassette
  std::vector<IgnorePathSegment> segments;
};

// nullopt when `text` is not "$" followed by one or more .name / [N] / [*] segments.
std::optional<IgnorePath> parse_ignore_path(std::string_view text);

// Leaves out what `path` names in `value`. An object member is removed, so a member the path
// names compares equal whether it is present or absent. An array element is replaced by a
// placeholder instead of being removed, so the elements after it keep their positions and
// array lengths still count. Paths that name nothing in `value` change nothing.
void apply_ignore_path(nlohmann::json& value, const IgnorePath& path);

// True for the placeholder apply_ignore_path leaves in arrays.
bool is_ignored_placeholder(const nlohmann::json& value);

}  // namespace bedrock::cassette
