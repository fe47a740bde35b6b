#pragma once
// A request body in the form matching compares (ARCHITECTURE "Matching"): JSON bodies parsed so
// that key order, whitespace and number spelling (1, 1.0, 1e0) do not matter, with a cassette's
// ignore paths left out; any other body kept as bytes.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bedrock/protocol/ignore_path.hpp"

namespace bedrock::replay {

// The body parsed as JSON with numbers normalised (an integral float becomes an integer, -0 is
// 0), or nullopt when it is not JSON, holds a number beyond double range, or nests deeper than
// the cassette limit (cassette::kMaxJsonDepth, which keeps every recursive walk over it bounded).
std::optional<nlohmann::json> parse_json_body(std::string_view bytes);

struct CanonicalBody {
  bool is_json = false;
  // is_json: the parsed body with the ignore paths applied. nlohmann::json keeps object members
  // sorted by name, so equal bodies are equal values and dump to equal text.
  nlohmann::json json;
  std::string text;  // is_json: compact dump of `json`; otherwise the body bytes
};

// `parsed` is parse_json_body(bytes), passed in so a body is parsed once for several settings.
CanonicalBody canonical_body(std::string_view bytes, const std::optional<nlohmann::json>& parsed,
                             std::span<const cassette::IgnorePath> ignore_paths);
CanonicalBody canonical_body(std::string_view bytes,
                             std::span<const cassette::IgnorePath> ignore_paths);

// Only CanonicalBody::text, without copying the value when there is nothing to leave out (the
// index's hot path).
std::string canonical_text(std::string_view bytes, const std::optional<nlohmann::json>& parsed,
                           std::span<const cassette::IgnorePath> ignore_paths);

}  // namespace bedrock::replay
