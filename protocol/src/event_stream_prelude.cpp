#include "event_stream_prelude.hpp"

#include <cstdio>
#include <string>

#include "bedrock/protocol/event_stream.hpp"

namespace bedrock::event_stream::detail {
std::string hex32(uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

uint32_t Prelude::payload_length() const {
  return total_length - static_cast<uint32_t>(kMinFrameBytes) - headers_length;
}

uint32_t read_u32(std::string_view bytes, std::size_t offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + offset);
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

Expected<Prelude, FrameError> read_prelude(std::string_view first_12_bytes) {
  const uint32_t announced_crc = read_u32(first_12_bytes, 8);
  const uint32_t computed_crc = crc32(first_12_bytes.substr(0, 8));
  if (announced_crc != computed_crc) {
    return unexpected(FrameError{FrameErrorKind::kPreludeChecksumMismatch,
                                 "prelude CRC at offset 8 is " + hex32(announced_crc) +
                                     ", CRC-32 of bytes 0..7 is " + hex32(computed_crc)});
  }
  Prelude prelude{read_u32(first_12_bytes, 0), read_u32(first_12_bytes, 4)};
  // Built only for an error: every frame passes through here, most of them valid.
  const auto lengths = [&] {
    return "total length " + std::to_string(prelude.total_length) + ", headers length " +
           std::to_string(prelude.headers_length);
  };
  if (prelude.total_length < kMinFrameBytes) {
    return unexpected(FrameError{
        FrameErrorKind::kTotalLengthTooSmall,
        lengths() + ": a frame has at least " + std::to_string(kMinFrameBytes) + " bytes"});
  }
  if (prelude.total_length > kMaxFrameBytes) {
    return unexpected(FrameError{
        FrameErrorKind::kTotalLengthTooLarge,
        lengths() + ": above the limit of " + std::to_string(kMaxFrameBytes) + " bytes"});
  }
  if (prelude.headers_length > prelude.total_length - kMinFrameBytes) {
    return unexpected(FrameError{FrameErrorKind::kHeadersLengthInvalid,
                                 lengths() + ": at most " +
                                     std::to_string(prelude.total_length - kMinFrameBytes) +
                                     " bytes of headers fit in the frame"});
  }
  if (prelude.headers_length > kMaxHeadersBytes) {
    return unexpected(FrameError{
        FrameErrorKind::kHeadersTooLarge,
        lengths() + ": headers above the limit of " + std::to_string(kMaxHeadersBytes) + " bytes"});
  }
  if (prelude.payload_length() > kMaxPayloadBytes) {
    return unexpected(
        FrameError{FrameErrorKind::kPayloadTooLarge,
                   lengths() + ": payload of " + std::to_string(prelude.payload_length()) +
                       " bytes above the limit of " + std::to_string(kMaxPayloadBytes) + " bytes"});
  }
  return prelude;
}

}  // namespace bedrock::event_stream::detail
