#include "replayed_response.hpp"

#include "bedrock/protocol/playback.hpp"

namespace bedrock::recorder {

transport::Response replayed_response(const cassette::Interaction& interaction) {
  replay::Playback playback = replay::playback_of(interaction);
  transport::Response response;
  if (playback.failure) {
    // A recorded connection failure fails the same way again: no answer at all.
    response.fault = *playback.failure == cassette::FailureKind::kTimeout
                         ? transport::Fault::kStall
                         : transport::Fault::kDropConnection;
    return response;
  }
  response.status = playback.status;
  response.headers = std::move(playback.headers);
  response.body = std::move(playback.body);
  response.is_stream = playback.is_stream;
  response.stream_end =
      playback.stream_reset ? transport::StreamEnd::kReset : transport::StreamEnd::kComplete;
  response.frames.reserve(playback.frames.size());
  for (auto& frame : playback.frames) {
    response.frames.push_back({std::move(frame.bytes), frame.offset_ms});
  }
  return response;
}

}  // namespace bedrock::recorder
