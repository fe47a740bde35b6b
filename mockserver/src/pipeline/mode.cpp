#include "bedrock/mock/mode.hpp"

namespace bedrock::mock {

const char* to_string(Mode mode) {
  switch (mode) {
    case Mode::kHybrid:
      return "hybrid";
    case Mode::kReplay:
      return "replay";
    case Mode::kSimulate:
      return "simulate";
  }
  return "hybrid";
}

std::optional<Mode> parse_mode(std::string_view text) {
  if (text == "hybrid") return Mode::kHybrid;
  if (text == "replay") return Mode::kReplay;
  if (text == "simulate") return Mode::kSimulate;
  return std::nullopt;
}

}  // namespace bedrock::mock
