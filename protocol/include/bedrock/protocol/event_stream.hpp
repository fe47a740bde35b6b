#pragma once
// The AWS event-stream frame codec (reference §6): one Message <-> one frame of bytes.
//
//   total length (u32) | headers length (u32) | prelude CRC (u32) | headers | payload | message CRC
//
// CRCs are zlib's CRC-32; the prelude CRC covers bytes 0..7, the message CRC every byte before
// it (prelude CRC included). Integers are big-endian. For a stream of frames arriving in
// arbitrary chunks, use EventStreamDecoder (event_stream_decoder.hpp, included below).
//
// Two shapes of the same codec: owning (encode(), decode() -> Message) and allocation-free
// (encode_to() appending to a buffer the caller reuses, decode_view() -> MessageView of views
// into the input, event_stream_view.hpp). Both accept and refuse exactly the same frames.
//
// Decode check order (the first failing check is the one reported):
//   1. input shorter than 16 bytes                       -> FrameTooShort
//   2. prelude CRC                                        -> PreludeChecksumMismatch
//      (before the lengths, which are not trusted until their CRC matches)
//   3. total length < 16 / > kMaxFrameBytes               -> TotalLengthTooSmall / TooLarge
//   4. headers length > total - 16                        -> HeadersLengthInvalid
//   5. headers > 128 KiB, payload > 16 MiB                -> HeadersTooLarge / PayloadTooLarge
//   6. input size != total length                         -> FrameLengthMismatch
//   7. headers, one at a time, in wire order; per header: name length 0, name past the block,
//      name UTF-8, type byte past the block, type > 9, value (or its u16 length) past the
//      block, value > 32767 bytes, string value UTF-8
//   8. message CRC                                        -> MessageChecksumMismatch
// Steps 7 before 8 is the order of both reference decoders (smithy-rs frame.rs and aws-sdk-go
// decode.go), so each malformed-header vector reports its own kind rather than a CRC error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bedrock/protocol/event_stream_decoder.hpp"
#include "bedrock/protocol/event_stream_error.hpp"
#include "bedrock/protocol/event_stream_message.hpp"
#include "bedrock/protocol/event_stream_view.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::event_stream {

// Limits (reference §6; the GOES values, enforced on encode and on decode).
inline constexpr std::size_t kPreludeBytes = 12;  // total, headers length, prelude CRC
inline constexpr std::size_t kMessageCrcBytes = 4;
inline constexpr std::size_t kMinFrameBytes = kPreludeBytes + kMessageCrcBytes;  // 16
inline constexpr std::size_t kMaxHeaderNameBytes = 255;
inline constexpr std::size_t kMaxHeaderValueBytes = 32767;  // types 6 and 7
inline constexpr std::size_t kMaxHeadersBytes = 128 * 1024;
inline constexpr std::size_t kMaxPayloadBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxFrameBytes = kMinFrameBytes + kMaxHeadersBytes + kMaxPayloadBytes;

// One frame for `message`. Fails (never truncates) when a limit is exceeded or a header name or
// string value is not UTF-8, so whatever encode() returns, decode() accepts.
Expected<std::string, FrameError> encode(const Message& message);

// encode(), appended to `out`: byte for byte what encode() returns, with no allocation when
// `out` has the capacity (a buffer reused frame after frame). On failure `out` is unchanged.
Expected<void, FrameError> encode_to(const Message& message, std::string& out);

// Exactly one whole frame: `frame` must be as long as its prelude says.
Expected<Message, FrameError> decode(std::string_view frame);

// decode() without copying or allocating: the same checks in the same order, the same errors;
// the result's names, values and payload point into `frame` and live as long as its bytes.
// decode(frame) == decode_view(frame)->to_message().
Expected<MessageView, FrameError> decode_view(std::string_view frame);

// The CRC-32 (zlib, IEEE 802.3) the frame format uses; exposed for tests and tools. The same
// function as encoding::crc32() (encoding.hpp), which also continues a previous value.
uint32_t crc32(std::string_view bytes);

}  // namespace bedrock::event_stream
