#include "bedrock/recorder/record_mode.hpp"

namespace bedrock::recorder {

std::optional<RecordMode> parse_record_mode(std::string_view text) {
  if (text == "once") return RecordMode::kOnce;
  if (text == "new_episodes") return RecordMode::kNewEpisodes;
  if (text == "all") return RecordMode::kAll;
  if (text == "none") return RecordMode::kNone;
  return std::nullopt;
}

std::string_view to_string(RecordMode mode) {
  switch (mode) {
    case RecordMode::kOnce:
      return "once";
    case RecordMode::kNewEpisodes:
      return "new_episodes";
    case RecordMode::kAll:
      return "all";
    case RecordMode::kNone:
      return "none";
  }
  return "once";
}

ModeBehaviour behaviour_of(RecordMode mode, bool cassette_existed) {
  switch (mode) {
    case RecordMode::kOnce:
      // vcrpy: an existing cassette is never re-recorded, a missing one is recorded in full.
      return cassette_existed ? ModeBehaviour{true, false} : ModeBehaviour{false, true};
    case RecordMode::kNewEpisodes:
      return {true, true};
    case RecordMode::kAll:
      return {false, true};
    case RecordMode::kNone:
      return {true, false};
  }
  return {true, false};
}

}  // namespace bedrock::recorder
