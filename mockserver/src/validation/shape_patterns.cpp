// The matchers behind the modeled patterns of shape_patterns.hpp, one per regular expression of
// the service model, each with the expression it implements above it.
#include "validation/shape_patterns.hpp"

#include <cstddef>
#include <string_view>

#include <cstddef>
#include <string_view>

namespace bedrock::mock::shapes {
namespace {

// ---- Pattern matchers (Java Matcher.matches(): the whole value must match) -------------------

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || is_digit(c); }
constexpr bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
// Java's \s: [ \t\n\x0B\f\r].
constexpr bool is_java_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\x0B' || c == '\f' || c == '\r';
}

template <class Allowed>
bool all_of(std::string_view value, Allowed allowed) {
  for (char c : value) {
    if (!allowed(c)) return false;
  }
  return true;
}

// [a-zA-Z0-9_-]+
bool matches_tool_name(std::string_view value) {
  return !value.empty() &&
         all_of(value, [](char c) { return is_alnum(c) || c == '_' || c == '-'; });
}

// [a-zA-Z0-9_.:-]+
bool matches_tool_use_id(std::string_view value) {
  return !value.empty() && all_of(value, [](char c) {
    return is_alnum(c) || c == '_' || c == '.' || c == ':' || c == '-';
  });
}

// [0-9]{12}
bool matches_account_id(std::string_view value) {
  return value.size() == 12 && all_of(value, is_digit);
}

// s3://[a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9](/.*)?  ('.' excludes Java's line terminators)
bool matches_s3_uri(std::string_view value) {
  constexpr std::string_view kScheme = "s3://";
  if (!value.starts_with(kScheme)) return false;
  const std::string_view rest = value.substr(kScheme.size());
  const std::size_t slash = rest.find('/');
  const std::string_view bucket = rest.substr(0, slash);
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  if (!is_lower_alnum(bucket.front()) || !is_lower_alnum(bucket.back())) return false;
  if (!all_of(bucket, [](char c) { return is_lower_alnum(c) || c == '.' || c == '-'; })) {
    return false;
  }
  if (slash == std::string_view::npos) return true;
  const std::string_view key = rest.substr(slash);
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c == '\n' || c == '\r') return false;
    const auto byte = static_cast<unsigned char>(c);
    // U+0085 (C2 85), U+2028 / U+2029 (E2 80 A8 / A9) are line terminators for Java's '.'.
    if (byte == 0xC2 && i + 1 < key.size() && static_cast<unsigned char>(key[i + 1]) == 0x85) {
      return false;
    }
    if (byte == 0xE2 && i + 2 < key.size() && static_cast<unsigned char>(key[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(key[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(key[i + 2]) == 0xA9)) {
      return false;
    }
  }
  return true;
}

// [a-zA-Z0-9\s:_@$#=/+,-.]: ",-." is the range ',' .. '.', so '-' is in it.
constexpr bool is_metadata_char(char c) {
  return is_alnum(c) || is_java_space(c) || c == ':' || c == '_' || c == '@' || c == '$' ||
         c == '#' || c == '=' || c == '/' || c == '+' || c == ',' || c == '-' || c == '.';
}
bool matches_metadata_key(std::string_view value) {  // {1,256}
  return !value.empty() && value.size() <= 256 && all_of(value, is_metadata_char);
}
bool matches_metadata_value(std::string_view value) {  // {0,256}
  return value.size() <= 256 && all_of(value, is_metadata_char);
}

// (|([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))
bool matches_guardrail_identifier(std::string_view value) {
  if (all_of(value, is_lower_alnum)) return true;  // includes the empty alternative
  constexpr std::string_view kArn = "arn:aws";
  if (!value.starts_with(kArn)) return false;
  std::string_view rest = value.substr(kArn.size());
  if (rest.starts_with('-')) {  // partition suffix: -[^:]+
    const std::size_t colon = rest.find(':');
    if (colon == std::string_view::npos || colon < 2) return false;
    rest = rest.substr(colon);
  }
  constexpr std::string_view kService = ":bedrock:";
  if (!rest.starts_with(kService)) return false;
  rest = rest.substr(kService.size());
  const std::size_t region_end = rest.find(':');
  if (region_end == std::string_view::npos || region_end < 1 || region_end > 20) return false;
  if (!all_of(rest.substr(0, region_end), [](char c) { return is_lower_alnum(c) || c == '-'; })) {
    return false;
  }
  rest = rest.substr(region_end + 1);
  if (rest.size() < 12 || !matches_account_id(rest.substr(0, 12))) return false;
  rest = rest.substr(12);
  constexpr std::string_view kResource = ":guardrail/";
  if (!rest.starts_with(kResource)) return false;
  rest = rest.substr(kResource.size());
  return !rest.empty() && all_of(rest, is_lower_alnum);
}

// (|([1-9][0-9]{0,7})|(DRAFT))
bool matches_guardrail_version(std::string_view value) {
  if (value.empty() || value == "DRAFT") return true;
  return value.size() <= 8 && value.front() >= '1' && value.front() <= '9' &&
         all_of(value, is_digit);
}

}  // namespace

constexpr Pattern kToolNamePattern{"[a-zA-Z0-9_-]+", matches_tool_name};
constexpr Pattern kToolUseIdPattern{"[a-zA-Z0-9_.:-]+", matches_tool_use_id};
constexpr Pattern kAccountIdPattern{"[0-9]{12}", matches_account_id};
constexpr Pattern kS3UriPattern{"s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?", matches_s3_uri};
constexpr Pattern kMetadataKeyPattern{"[a-zA-Z0-9\\s:_@$#=/+,-.]{1,256}", matches_metadata_key};
constexpr Pattern kMetadataValuePattern{"[a-zA-Z0-9\\s:_@$#=/+,-.]{0,256}", matches_metadata_value};
constexpr Pattern kGuardrailIdentifierPattern{
    "(|([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))",
    matches_guardrail_identifier};
constexpr Pattern kGuardrailVersionPattern{"(|([1-9][0-9]{0,7})|(DRAFT))",
                                           matches_guardrail_version};

}  // namespace bedrock::mock::shapes
