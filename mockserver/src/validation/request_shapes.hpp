#pragma once
// The request shapes of the runtime API as a declarative table: one Shape per shape of the
// service model (reference §4; names, members, required flags and constraints exactly as in
// botocore's bedrock-runtime 2023-09-30 service-2.json, which a test cross-checks). Only the
// JSON-body members are listed: modelId travels in the path and is the router's business.
//
// The table is data, not code: the shape checker walks it, so a new member or constraint is
// one line here, never a new if-chain. request_shapes.cpp holds the table (one file: its shapes
// point at each other), shape_patterns.cpp the pattern matchers, shape_lookup.cpp the lookups.
#include <optional>
#include <span>
#include <string_view>

namespace bedrock::mock::shapes {

enum class Kind {
  kStructure,
  kUnion,  // a structure of which exactly one member is set
  kList,
  kMap,
  kString,
  kBlob,  // base64 text in JSON
  kInteger,
  kFloat,
  kBoolean,
  kDocument,  // any JSON value, never looked into
};

struct Shape;

struct Member {
  std::string_view name;
  const Shape* shape = nullptr;
  bool required = false;
  // Hides the value in violation texts for everything below this member. Bedrock hides the
  // values under `messages` and `system` although the public model does not mark them
  // sensitive (reference §8: "Value at 'messages.2.member...'", and "Value at
  // 'system.1.member.text'" next to "Value 'Count Tool' at 'toolConfig.tools.1.member...'"
  // in the same real message), so its internal model must.
  bool hides_value = false;
};

// A modeled regular expression: the text Coral prints and a matcher with Java's full-match
// semantics. Hand-written matchers, not std::regex: libstdc++'s regex recurses per character
// and overflows the stack on long hostile strings.
// The table's patterns are in shape_patterns.hpp.
struct Pattern {
  std::string_view text;
  bool (*matches)(std::string_view value) = nullptr;
};

struct Shape {
  std::string_view name;
  Kind kind = Kind::kStructure;
  std::span<const Member> members{};  // structures and unions
  const Shape* element = nullptr;     // list member, map value
  const Shape* key = nullptr;         // map key
  std::optional<long long> min{};     // length (string, blob, list, map) or value (numbers)
  std::optional<long long> max{};
  const Pattern* pattern = nullptr;
  std::span<const std::string_view> enum_values{};
  bool sensitive = false;  // the model's "sensitive" trait: values are hidden
};

// The body shapes of the operations the validator knows.
const Shape& converse_request();
const Shape& converse_stream_request();
const Shape& count_tokens_request();

// Every shape in the table, for the cross-check against the service model.
std::span<const Shape* const> all_shapes();
const Shape* find_shape(std::string_view name);

// The member of a structure or union with this name, if modeled.
const Member* find_member(const Shape& shape, std::string_view name);

}  // namespace bedrock::mock::shapes
