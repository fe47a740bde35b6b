#pragma once
// Record modes, as vcrpy's (vcr/record_mode.py), for one cassette file.
#include <optional>
#include <string_view>

namespace bedrock::recorder {

enum class RecordMode {
  kOnce,         // no cassette file yet: forward and record everything; else replay only
  kNewEpisodes,  // replay what the cassette matches, forward and record the rest
  kAll,          // forward and record everything, never replay (earlier interactions are kept)
  kNone,         // replay only: nothing is forwarded, nothing is written
};

std::optional<RecordMode> parse_record_mode(std::string_view text);  // "once", "new_episodes"...
std::string_view to_string(RecordMode mode);

// What a mode does for a run, given whether the cassette file existed when the run started.
struct ModeBehaviour {
  bool replays = false;  // requests the cassette matches are answered from it
  bool records = false;  // the others are forwarded upstream and appended to the cassette
};
ModeBehaviour behaviour_of(RecordMode mode, bool cassette_existed);

}  // namespace bedrock::recorder
