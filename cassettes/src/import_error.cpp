#include "bedrock/cassettes/import_error.hpp"

namespace bedrock::cassettes {

std::string ImportError::to_string() const {
  std::string out = file;
  if (line) {
    out += ":" + std::to_string(*line);
    if (column) out += ":" + std::to_string(*column);
  }
  if (!location.empty()) out += (out.empty() ? "" : ": ") + location;
  out += (out.empty() ? "" : ": ") + message;
  return out;
}

std::string ImportNote::to_string() const {
  std::string out = location;
  if (line) out += " (line " + std::to_string(*line) + ")";
  if (!out.empty()) out += ": ";
  return out + message;
}

}  // namespace bedrock::cassettes
