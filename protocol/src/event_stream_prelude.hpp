#pragma once
// Internal to the event-stream codec: the 12-byte prelude, shared by decode() and
// EventStreamDecoder so that both refuse exactly the same frames.
#include <cstdint>
#include <string>
#include <string_view>

#include "bedrock/protocol/event_stream_error.hpp"
#include "bedrock/protocol/event_stream_view.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::event_stream::detail {

struct Prelude {
  uint32_t total_length = 0;
  uint32_t headers_length = 0;
  uint32_t payload_length() const;
};

std::string hex32(uint32_t value);  // "0x0c21e111"
uint32_t read_u32(std::string_view bytes, std::size_t offset);

// Checks 2..5 of the decode order in event_stream.hpp on the first 12 bytes of a frame.
Expected<Prelude, FrameError> read_prelude(std::string_view first_12_bytes);

// decode_view() after read_prelude() accepted `prelude`, the first 12 bytes of `frame`: checks
// 6..8 of the decode order.
Expected<MessageView, FrameError> decode_view(std::string_view frame, const Prelude& prelude);

}  // namespace bedrock::event_stream::detail
