#pragma once
// Incremental event-stream decoding: bytes arrive in chunks of any size (an HTTP body read
// piece by piece), frames come out whole. Decoding is the same as event_stream::decode(), so a
// frame split at any byte offset yields the same Message.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bedrock/protocol/event_stream_error.hpp"
#include "bedrock/protocol/event_stream_message.hpp"
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

  // Call at end of stream: fails with TruncatedFrame if a partial frame is buffered (or with
  // the sticky error, if any).
  Expected<void, FrameError> finish() const;

  std::size_t buffered_bytes() const { return pending_.size(); }
  bool failed() const { return error_.has_value(); }

 private:
  // Takes bytes of `chunk` from `offset` into pending_ until the current frame is complete.
  // Returns the completed frame's message, nullopt when more bytes are needed, or an error.
  Expected<std::optional<Message>, FrameError> take(std::string_view chunk, std::size_t& offset);

  std::string pending_;           // the bytes of the one frame in progress
  std::size_t frame_length_ = 0;  // its total length, once its prelude was checked
  std::optional<FrameError> error_;
};

}  // namespace bedrock::event_stream
