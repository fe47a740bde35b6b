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
  std::vector<Message> messages;
  // Messages completed earlier in a failing chunk are dropped: the documented contract.
  auto fed = feed_views(
      chunk, [&messages](const MessageView& view) { messages.push_back(view.to_message()); });
  if (!fed) return unexpected(std::move(fed).error());
  return messages;
}

Expected<std::optional<MessageView>, FrameError> EventStreamDecoder::next_view(
    std::string_view chunk, std::size_t& offset) {
  if (error_) return unexpected(*error_);
  release_handed_out();
  if (offset >= chunk.size()) return std::optional<MessageView>();
  auto view = take(chunk, offset);
  if (!view) error_ = view.error();
  return view;
}

void EventStreamDecoder::release_handed_out() {
  if (!handed_out_) return;
  handed_out_ = false;
  frame_length_ = 0;
  if (pending_.capacity() > kMaxKeptBufferBytes) {
    pending_ = std::string();  // a rare large frame's buffer is not kept for the whole stream
  } else {
    pending_.clear();
  }
}

Expected<std::optional<MessageView>, FrameError> EventStreamDecoder::take(std::string_view chunk,
                                                                          std::size_t& offset) {
  const std::string_view rest = chunk.substr(offset);

  // Fast path: a whole frame lies inside the chunk and nothing is pending; decode it in place.
  if (pending_.empty() && rest.size() >= kPreludeBytes) {
    auto prelude = detail::read_prelude(rest.substr(0, kPreludeBytes));
    if (!prelude) return unexpected(std::move(prelude).error());
    if (rest.size() >= prelude->total_length) {
      auto view = detail::decode_view(rest.substr(0, prelude->total_length), *prelude);
      if (!view) return unexpected(std::move(view).error());
      offset += prelude->total_length;
      return std::optional<MessageView>(*view);
    }
  }

  // Slow path: buffer the prelude first, check it, then buffer exactly the rest of its frame.
  if (pending_.size() < kPreludeBytes) {
    const std::size_t want = std::min(kPreludeBytes - pending_.size(), rest.size());
    pending_.append(rest.substr(0, want));
    offset += want;
    if (pending_.size() < kPreludeBytes) return std::optional<MessageView>();
    auto prelude = detail::read_prelude(pending_);
    if (!prelude) return unexpected(std::move(prelude).error());
    frame_length_ = prelude->total_length;
    pending_.reserve(frame_length_);
  }
  const std::string_view more = chunk.substr(offset);
  const std::size_t want = std::min(frame_length_ - pending_.size(), more.size());
  pending_.append(more.substr(0, want));
  offset += want;
  if (pending_.size() < frame_length_) return std::optional<MessageView>();

  // The view points into pending_: kept until the next call (release_handed_out()).
  handed_out_ = true;
  auto view = decode_view(pending_);
  if (!view) return unexpected(std::move(view).error());
  return std::optional<MessageView>(*view);
}

Expected<void, FrameError> EventStreamDecoder::finish() const {
  if (error_) return unexpected(*error_);
  if (!pending_.empty() && !handed_out_) {
    std::string detail =
        "the stream ended " + std::to_string(pending_.size()) + " bytes into a frame";
    if (frame_length_ != 0) detail += " of " + std::to_string(frame_length_) + " bytes";
    return unexpected(FrameError{FrameErrorKind::kTruncatedFrame, std::move(detail)});
  }
  return {};
}

}  // namespace bedrock::event_stream
