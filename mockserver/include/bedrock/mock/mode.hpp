#pragma once
// Which stages answer: the mock's mode (--mode), also settable per session.
#include <optional>
#include <string_view>

namespace bedrock::mock {

enum class Mode {
  kHybrid,    // a matching cassette interaction answers, else the simulation
  kReplay,    // only cassettes; anything else is a ReplayMissException
  kSimulate,  // only the simulation
};

const char* to_string(Mode mode);
std::optional<Mode> parse_mode(std::string_view text);  // "hybrid", "replay", "simulate"

}  // namespace bedrock::mock
