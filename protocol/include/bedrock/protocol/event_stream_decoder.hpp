#pragma once
// Incremental event-stream decoding: bytes arrive in chunks of any size (an HTTP body read
// piece by piece), frames come out whole. Decoding is the same as event_stream::decode(), so a
// frame split at any byte offset yields the same Message.
//
// Two ways to take the frames out: feed() returns owning Messages; next_view() and feed_views()
// hand out MessageViews (event_stream_view.hpp) with no heap allocation per frame, pointing into
// the chunk for frames that lie inside it and into the decoder's one-frame buffer for frames
// that straddle chunks. One decoder should be driven by one of the two.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "bedrock/protocol/event_stream_error.hpp"
#include "bedrock/protocol/event_stream_message.hpp"
#include "bedrock/protocol/event_stream_view.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::event_stream {

class EventStreamDecoder {
 public:
  // Returns the messages this chunk completes, in order (often none, sometimes several).
  // On a framing error returns it and stays failed: every later feed() and finish() returns the
  // same error. Messages completed earlier in the failing chunk are not returned; a stream with
  // a bad frame is unusable from there on (both reference SDKs fail the whole stream).
  //
  // Memory: at most one frame is buffered. A prelude is checked (CRC, lengths, limits) as soon
  // as its 12 bytes are in, so a frame announcing more than the limits is refused before any of
  // its body is buffered. Whole frames inside one chunk are decoded without copying them.
  Expected<std::vector<Message>, FrameError> feed(std::string_view chunk);

  // The next frame `chunk` completes from `offset` on, as a view; `offset` moves past the bytes
  // used. nullopt once the chunk is used up (a partial frame at its end is buffered). The view
  // is valid until the next call on this decoder, and while the chunk's bytes live. Errors are
  // sticky as for feed(); frames before the bad one have been handed out already.
  //   for (std::size_t at = 0;;) {
  //     auto next = decoder.next_view(chunk, at);
  //     if (!next) return next.error();
  //     if (!*next) break;
  //     use(**next);
  //   }
  Expected<std::optional<MessageView>, FrameError> next_view(std::string_view chunk,
                                                             std::size_t& offset);

  // The loop above: calls on_message(const MessageView&) for each frame `chunk` completes, in
  // order. on_message may return bool: false stops reading the chunk (the rest of it is not
  // consumed; the stream is then to be abandoned).
  template <class OnMessage>
  Expected<void, FrameError> feed_views(std::string_view chunk, OnMessage&& on_message) {
    for (std::size_t offset = 0;;) {
      auto next = next_view(chunk, offset);
      if (!next) return unexpected(std::move(next).error());
      if (!next->has_value()) return {};
      if constexpr (std::is_same_v<std::invoke_result_t<OnMessage&, const MessageView&>, bool>) {
        if (!on_message(static_cast<const MessageView&>(**next))) return {};
      } else {
        on_message(static_cast<const MessageView&>(**next));
      }
    }
  }

  // Call at end of stream: fails with TruncatedFrame if a partial frame is buffered (or with
  // the sticky error, if any).
  Expected<void, FrameError> finish() const;

  std::size_t buffered_bytes() const { return handed_out_ ? 0 : pending_.size(); }
  bool failed() const { return error_.has_value(); }

 private:
  // next_view() without the sticky error: takes bytes of `chunk` from `offset` (into pending_
  // when the frame straddles chunks) until a frame is complete.
  Expected<std::optional<MessageView>, FrameError> take(std::string_view chunk,
                                                        std::size_t& offset);
  void release_handed_out();  // drops the buffered frame the last view pointed into

  std::string pending_;           // the bytes of the one frame in progress
  std::size_t frame_length_ = 0;  // its total length, once its prelude was checked
  bool handed_out_ = false;       // pending_ is a complete frame a view still points into
  std::optional<FrameError> error_;
};

}  // namespace bedrock::event_stream
