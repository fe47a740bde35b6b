#include "bedrock/protocol/canonical_body.hpp"

#include <cmath>
#include <cstdint>

#include "bedrock/protocol/cassette.hpp"

namespace bedrock::replay {
namespace {

using Json = nlohmann::json;

// Checked on the bytes before parsing: the parser itself is iterative, but dump() and our
// walks recurse.
bool nests_within(std::string_view bytes, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : bytes) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

// Integral floats in these ranges convert to 64-bit integers exactly: [-2^63, 2^64).
constexpr double kUnsignedLimit = 18446744073709551616.0;
constexpr double kSignedMinimum = -9223372036854775808.0;

// False when a number does not fit a double (1e400): nlohmann keeps it as infinity and dumps
// it as null, which would make it equal to a real null.
bool normalise_numbers(Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
    case Json::value_t::array:
      for (Json& child : value) {
        if (!normalise_numbers(child)) return false;
      }
      return true;
    case Json::value_t::number_float: {
      const double number = value.get<double>();
      if (!std::isfinite(number)) return false;
      if (std::trunc(number) != number) return true;
      if (number >= 0 && number < kUnsignedLimit) {
        value = static_cast<std::uint64_t>(number);
      } else if (number < 0 && number >= kSignedMinimum) {
        value = static_cast<std::int64_t>(number);
      }
      return true;
    }
    default:
      return true;
  }
}

}  // namespace

std::optional<nlohmann::json> parse_json_body(std::string_view bytes) {
  if (!nests_within(bytes, cassette::kMaxJsonDepth)) return std::nullopt;
  Json parsed = Json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::nullopt;
  if (!normalise_numbers(parsed)) return std::nullopt;
  return parsed;
}

CanonicalBody canonical_body(std::string_view bytes, const std::optional<nlohmann::json>& parsed,
                             std::span<const cassette::IgnorePath> ignore_paths) {
  CanonicalBody body;
  if (!parsed) {
    body.text = std::string(bytes);
    return body;
  }
  body.is_json = true;
  body.json = *parsed;
  for (const cassette::IgnorePath& path : ignore_paths)
    cassette::apply_ignore_path(body.json, path);
  body.text = body.json.dump(-1, ' ', false, Json::error_handler_t::replace);
  return body;
}

CanonicalBody canonical_body(std::string_view bytes,
                             std::span<const cassette::IgnorePath> ignore_paths) {
  return canonical_body(bytes, parse_json_body(bytes), ignore_paths);
}

std::string canonical_text(std::string_view bytes, const std::optional<nlohmann::json>& parsed,
                           std::span<const cassette::IgnorePath> ignore_paths) {
  if (!parsed) return std::string(bytes);
  if (ignore_paths.empty()) return parsed->dump(-1, ' ', false, Json::error_handler_t::replace);
  return canonical_body(bytes, parsed, ignore_paths).text;
}

}  // namespace bedrock::replay
