#include "bedrock/cassettes/progress_line.hpp"

#include <cmath>

namespace bedrock::cassettes {

std::string format_progress_line(std::string_view tool, const ProgressLine& line) {
  const auto field = [](const std::string& value) { return value.empty() ? "-" : value; };
  std::string out = std::string(tool) + ": " + line.action + " " + field(line.operation) + " " +
                    field(line.model_id) + " " +
                    (line.status == 0 ? std::string("-") : std::to_string(line.status)) + " " +
                    (line.ms ? std::to_string(std::lround(*line.ms)) + "ms" : std::string("-"));
  if (!line.detail.empty()) out += " (" + line.detail + ")";
  return out + "\n";
}

}  // namespace bedrock::cassettes
