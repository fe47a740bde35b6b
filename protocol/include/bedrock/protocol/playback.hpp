#pragma once
// A recorded interaction as the pieces a server writes, for a replay outside bedrock-mock's
// pipeline (bedrock-record's replay modes): status, headers and body bytes; or the events encoded
// as event-stream frames with their recorded offsets and how the stream ended; or the recorded
// connection failure. bedrock-mock replays from the events instead (its rules inject into
// streams), with the same framing, so a recording replays the same through both.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bedrock/protocol/cassette.hpp"

namespace bedrock::replay {

struct PlaybackFrame {
  std::string bytes;     // one encoded event-stream message
  double offset_ms = 0;  // after the response headers, as recorded
};

struct Playback {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // as recorded
  std::string body;                                          // a plain response
  bool is_stream = false;
  std::vector<PlaybackFrame> frames;  // is_stream: the recorded events, in order
  // The recorded stream ended with a dropped connection, or an event could not be framed (the
  // stream ends there and `problem` says why; cannot happen for a loaded, validated cassette).
  bool stream_reset = false;
  std::string problem;
  // A recorded connection failure: there is no answer at all (the rest is empty).
  std::optional<cassette::FailureKind> failure;
};

Playback playback_of(const cassette::Interaction& interaction);

}  // namespace bedrock::replay
