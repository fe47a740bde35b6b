#include "bedrock/recorder/stream_recording.hpp"

#include <algorithm>

namespace bedrock::recorder {

void StreamRecording::feed(std::string_view bytes, double offset_ms) {
  if (decode_error_) return;
  auto messages = decoder_.feed(bytes);
  if (!messages) {
    decode_error_ = messages.error().message();
    return;
  }
  // Every frame completed by this chunk arrived now; offsets are rounded to 0.01 ms so the
  // cassette stays readable.
  last_offset_ms_ = std::max(
      last_offset_ms_, static_cast<double>(static_cast<long long>(offset_ms * 100.0)) / 100.0);
  for (auto& message : *messages) {
    stream_events_.push_back({last_offset_ms_, std::move(message)});
  }
}

cassette::Stream StreamRecording::finish(int status, cassette::HeaderList headers,
                                         bool body_complete) const {
  cassette::Stream stream;
  stream.status = status;
  stream.headers = std::move(headers);
  stream.events = stream_events_;
  const bool whole = body_complete && !decode_error_ && decoder_.finish().has_value();
  stream.end = whole ? cassette::StreamEnd::kComplete : cassette::StreamEnd::kReset;
  return stream;
}

}  // namespace bedrock::recorder
