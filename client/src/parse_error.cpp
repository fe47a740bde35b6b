#include "bedrock/client/parse_error.hpp"

namespace bedrock::client {

std::string_view to_string(ParseErrorKind kind) {
  switch (kind) {
    case ParseErrorKind::kInvalidJson: return "InvalidJson";
    case ParseErrorKind::kMissingMember: return "MissingMember";
    case ParseErrorKind::kWrongType: return "WrongType";
    case ParseErrorKind::kInvalidValue: return "InvalidValue";
    case ParseErrorKind::kMissingHeader: return "MissingHeader";
  }
  return "Unknown";
}

std::string ParseError::message() const {
  std::string text(to_string(kind));
  if (!path.empty()) text += " at " + path;
  text += ": " + detail;
  return text;
}

}  // namespace bedrock::client
