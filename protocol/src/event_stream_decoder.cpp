#include "bedrock/protocol/event_stream_decoder.hpp"

#include <algorithm>
#include <utility>

#include "bedrock/protocol/event_stream.hpp"
#include "event_stream_prelude.hpp"

namespace bedrock::event_stream {
namespace {

constexpr std::size_t kMaxKeptBufferBytes = 64 * 1024;

}  // namespace

Expected<std::vector<Message>, FrameError> EventStreamDecoder::feed(std::string_view chunk) {
  if (error_) return unexpected(*error_);
  std::vector<Message> messages;
  std::size_t offset = 0;
  while (offset < chunk.size()) {
    auto message = take(chunk, offset);
    if (!message) {
      error_ = message.error();
      return unexpected(*error_);
    }
    if (!message->has_value()) break;  // the chunk is used up inside a frame
    messages.push_back(std::move(**message));
  }
  return messages;
}

Expected<std::optional<Message>, FrameError> EventStreamDecoder::take(std::string_view chunk,
                                                                      std::size_t& offset) {
  const std::string_view rest = chunk.substr(offset);

  // Fast path: a whole frame lies inside the chunk and nothing is pending; decode it in place.
  if (pending_.empty() && rest.size() >= kPreludeBytes) {
    auto prelude = detail::read_prelude(rest.substr(0, kPreludeBytes));
    if (!prelude) return unexpected(prelude.error());
    if (rest.size() >= prelude->total_length) {
      auto message = decode(rest.substr(0, prelude->total_length));
      if (!message) return unexpected(message.error());
      offset += prelude->total_length;
      return std::optional<Message>(std::move(*message));
    }
  }

  // Slow path: buffer the prelude first, check it, then buffer exactly the rest of its frame.
  if (pending_.size() < kPreludeBytes) {
    const std::size_t want = std::min(kPreludeBytes - pending_.size(), rest.size());
    pending_.append(rest.substr(0, want));
    offset += want;
    if (pending_.size() < kPreludeBytes) return std::optional<Message>();
    auto prelude = detail::read_prelude(pending_);
    if (!prelude) return unexpected(prelude.error());
    frame_length_ = prelude->total_length;
    pending_.reserve(frame_length_);
  }
  const std::string_view more = chunk.substr(offset);
  const std::size_t want = std::min(frame_length_ - pending_.size(), more.size());
  pending_.append(more.substr(0, want));
  offset += want;
  if (pending_.size() < frame_length_) return std::optional<Message>();

  auto message = decode(pending_);
  if (pending_.capacity() > kMaxKeptBufferBytes) {
    pending_ = std::string();  // a rare large frame's buffer is not kept for the whole stream
  } else {
    pending_.clear();
  }
  frame_length_ = 0;
  if (!message) return unexpected(message.error());
  return std::optional<Message>(std::move(*message));
}

Expected<void, FrameError> EventStreamDecoder::finish() const {
  if (error_) return unexpected(*error_);
  if (!pending_.empty()) {
    std::string detail =
        "the stream ended " + std::to_string(pending_.size()) + " bytes into a frame";
    if (frame_length_ != 0) detail += " of " + std::to_string(frame_length_) + " bytes";
    return unexpected(FrameError{FrameErrorKind::kTruncatedFrame, std::move(detail)});
  }
  return {};
}

}  // namespace bedrock::event_stream
