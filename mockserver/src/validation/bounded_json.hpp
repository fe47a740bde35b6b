#pragma once
// JSON parsing for untrusted request bodies: syntax, UTF-8, nesting depth and value count are
// checked while parsing, so a hostile body is refused early instead of building a huge tree.
#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bedrock/protocol/expected.hpp"

namespace bedrock::mock {

struct JsonLimits {
  // Tool schemas and documents nest a few dozen levels at most; 128 is far above any real
  // request and far below what exhausts memory or a recursive consumer's stack.
  int max_depth = 128;
  // Values (scalars, objects, arrays) in one body. Base64 media is one string, so real
  // requests stay orders of magnitude below this.
  std::size_t max_values = 1'000'000;
};

enum class JsonFailureKind { kSyntax, kTooDeep, kTooManyValues };

struct JsonFailure {
  JsonFailureKind kind = JsonFailureKind::kSyntax;
  std::size_t byte_offset = 0;  // where the parser stopped (syntax errors)
};

// Parses `text` as one JSON value (invalid UTF-8 is a syntax error); never throws.
Expected<nlohmann::json, JsonFailure> parse_bounded_json(std::string_view text,
                                                         const JsonLimits& limits = {});

}  // namespace bedrock::mock
