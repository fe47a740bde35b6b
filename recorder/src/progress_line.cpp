#include "progress_line.hpp"

#include <cmath>

namespace bedrock::recorder {

std::string format_progress_line(const ProgressLine& line) {
  const auto field = [](const std::string& value) { return value.empty() ? "-" : value; };
  std::string out = "bedrock-record: " + line.action + " " + field(line.operation) + " " +
                    field(line.model_id) + " " +
                    (line.status == 0 ? std::string("-") : std::to_string(line.status)) + " " +
                    std::to_string(std::lround(line.ms)) + "ms";
  if (!line.detail.empty()) out += " (" + line.detail + ")";
  return out + "\n";
}

}  // namespace bedrock::recorder
