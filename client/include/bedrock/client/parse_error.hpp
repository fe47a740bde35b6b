#pragma once
// Why an answer body could not be read into a typed result. The path names the member in
// JSON-path-like form ("output.message.content[2].toolUse.name") so a failure points at the
// exact spot of the body, as the service's own validation messages do.
#include <string>
#include <string_view>

namespace bedrock::client {

enum class ParseErrorKind {
  kInvalidJson,     // the body is not JSON at all
  kMissingMember,   // a member the service model marks required is absent (or null)
  kWrongType,       // present, but not the JSON type the model says
  kInvalidValue,    // right type, unusable value (bad base64, negative index, unknown role)
  kMissingHeader,   // an event-stream frame without the header that names it
};
std::string_view to_string(ParseErrorKind kind);

struct ParseError {
  ParseErrorKind kind = ParseErrorKind::kInvalidJson;
  std::string path;    // empty for the whole body
  std::string detail;  // e.g. "expected a string, got number"

  // "<Kind> at <path>: <detail>".
  std::string message() const;
  bool operator==(const ParseError&) const = default;
};

}  // namespace bedrock::client
