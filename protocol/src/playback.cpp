#include "bedrock/protocol/playback.hpp"

#include "bedrock/protocol/event_stream.hpp"

namespace bedrock::replay {
namespace {

void copy_headers(const cassette::HeaderList& headers, Playback& playback) {
  for (const auto& header : headers) playback.headers.emplace_back(header.name, header.value);
}

}  // namespace

Playback playback_of(const cassette::Interaction& interaction) {
  Playback playback;
  if (const auto* response = interaction.response()) {
    playback.status = response->status;
    copy_headers(response->headers, playback);
    playback.body = response->body;
  } else if (const auto* stream = interaction.stream()) {
    playback.status = stream->status;
    copy_headers(stream->headers, playback);
    playback.is_stream = true;
    playback.stream_reset = stream->end == cassette::StreamEnd::kReset;
    playback.frames.reserve(stream->events.size());
    for (std::size_t i = 0; i < stream->events.size(); ++i) {
      auto bytes = event_stream::encode(stream->events[i].message);
      if (!bytes) {  // an event we cannot frame: end the stream there
        playback.stream_reset = true;
        playback.problem = "event " + std::to_string(i) + ": " + bytes.error().message();
        break;
      }
      playback.frames.push_back({std::move(*bytes), stream->events[i].offset_ms});
    }
  } else if (const auto* failure = interaction.failure()) {
    playback.failure = failure->kind;
  }
  return playback;
}

}  // namespace bedrock::replay
