#pragma once
// Internal to the event-stream codec: reading one header of a headers block (reference §6), for
// decode_view()'s check of the whole block and for HeaderViews' iteration over a checked one.
// One reader, so that what the check accepts is exactly what iteration reads.
#include <cstddef>
#include <string_view>

#include "bedrock/protocol/event_stream_error.hpp"
#include "bedrock/protocol/event_stream_view.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::event_stream {

// Builds the views the public types keep private constructors for.
struct MessageViewAccess {
  static HeaderViews headers(std::string_view block, std::size_t count) {
    return HeaderViews(block, count);
  }
  static MessageView message(std::string_view frame, HeaderViews headers,
                             std::string_view payload) {
    return MessageView(frame, headers, payload);
  }
};

namespace detail {

// Reads the header at `pos` of `block` into `header`; on success `pos` moves past it. `index`
// (its number) and `base` (the block's offset in the frame) only go into error details. With
// `check` false the block is known to be valid (decode_view() checked it) and UTF-8 is not
// checked again. `header` is an out-parameter on purpose: returning the variant inside an
// Expected made GCC copy it through a byte store and a wider load, a store-forwarding stall
// that was half of decode_view()'s time.
Expected<void, FrameError> read_header(std::string_view block, std::size_t base, std::size_t index,
                                       std::size_t& pos, bool check, HeaderView& header);

// Step 7 of the decode order (event_stream.hpp) on a whole headers block: the number of headers.
Expected<std::size_t, FrameError> check_headers(std::string_view block, std::size_t base);

}  // namespace detail
}  // namespace bedrock::event_stream
