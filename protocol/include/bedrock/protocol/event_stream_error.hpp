#pragma once
// Why an event-stream frame was refused (reference §6). A typed kind callers can branch on,
// plus a detail text with the offsets and values involved, for logs and test failures.
#include <string>
#include <string_view>

namespace bedrock::event_stream {

enum class FrameErrorKind {
  kFrameTooShort,             // decode(): fewer than 16 bytes, not even an empty frame
  kPreludeChecksumMismatch,   // CRC-32 of bytes 0..7 differs from bytes 8..11
  kTotalLengthTooSmall,       // the prelude announces fewer than 16 bytes
  kTotalLengthTooLarge,       // the prelude announces more than kMaxFrameBytes
  kFrameLengthMismatch,       // decode(): input size differs from the announced total length
  kHeadersLengthInvalid,      // headers length does not fit in the announced frame
  kHeadersTooLarge,           // headers block above kMaxHeadersBytes
  kPayloadTooLarge,           // payload above kMaxPayloadBytes
  kHeaderNameEmptyOrTooLong,  // name length 0, or (encode) above 255 bytes
  kInvalidUtf8HeaderName,
  kInvalidHeaderType,        // type byte above 9
  kHeaderRunsPastBlock,      // a name, type, length or value crosses the end of the headers block
  kHeaderValueTooLong,       // byte array or string value above kMaxHeaderValueBytes
  kInvalidUtf8HeaderValue,   // a string (type 7) value that is not UTF-8
  kMessageChecksumMismatch,  // CRC-32 of bytes 0..total-5 differs from the last 4 bytes
  kTruncatedFrame,           // EventStreamDecoder::finish(): the stream ended inside a frame
};

// Stable identifier, e.g. "PreludeChecksumMismatch".
std::string_view to_string(FrameErrorKind kind);

struct FrameError {
  FrameErrorKind kind;
  std::string detail;  // offsets and values, e.g. "prelude CRC 0xdeadbeef, computed 0x8bb495fb"

  // "<Kind>: <detail>".
  std::string message() const;
};

}  // namespace bedrock::event_stream
