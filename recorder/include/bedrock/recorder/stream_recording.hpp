#pragma once
// Turns an upstream event-stream body, as it arrives chunk by chunk, into the cassette's decoded
// events with their time offsets (docs/cassette-format.md "Streams and pacing"), so the mock
// replays the frames with the recorded pacing.
#include <optional>
#include <string>
#include <string_view>

#include "bedrock/protocol/cassette.hpp"
#include "bedrock/protocol/event_stream_decoder.hpp"

namespace bedrock::recorder {

class StreamRecording {
 public:
  // `offset_ms`: milliseconds since the response head arrived. Offsets are clamped so they never
  // decrease (the format requires it; clocks are monotonic anyway).
  void feed(std::string_view bytes, double offset_ms);

  // The stream so far. `body_complete`: the upstream body ended normally; otherwise (a dropped
  // connection, or a frame we could not decode) the stream ends "reset" after the last whole
  // event.
  cassette::Stream finish(int status, cassette::HeaderList headers, bool body_complete) const;

  // Why the bytes stopped decoding, when they did (the events before it are kept).
  const std::optional<std::string>& decode_error() const { return decode_error_; }
  std::size_t events() const { return stream_events_.size(); }

 private:
  event_stream::EventStreamDecoder decoder_;
  std::vector<cassette::StreamEvent> stream_events_;
  std::optional<std::string> decode_error_;
  double last_offset_ms_ = 0;
};

}  // namespace bedrock::recorder
