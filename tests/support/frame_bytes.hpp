#pragma once
// Raw event-stream bytes for tests, built WITHOUT event_stream::encode(), so that encoder and
// decoder are checked against an independent construction (reference §6 layout). Only the
// CRC-32 function is shared; it is itself checked against known CRCs in the codec tests.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "bedrock/protocol/event_stream.hpp"

namespace bedrock::test {

// "00 0a ff" or "000aff" -> bytes; whitespace is ignored. Throws on odd or bad digits (test
// input is hand-written; a typo should stop the test loudly).
inline std::string from_hex(std::string_view hex) {
  std::string bytes;
  int high = -1;
  for (char c : hex) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) {
      if (c == ' ' || c == '\n' || c == '\t') continue;
      throw std::invalid_argument("from_hex: bad character");
    }
    if (high < 0) {
      high = digit;
    } else {
      bytes.push_back(static_cast<char>(high * 16 + digit));
      high = -1;
    }
  }
  if (high >= 0) throw std::invalid_argument("from_hex: odd digit count");
  return bytes;
}

inline std::string be32(uint32_t value) {
  std::string bytes(4, '\0');
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((value >> (24 - 8 * i)) & 0xFF);
  return bytes;
}

inline uint32_t read_be32(std::string_view bytes, std::size_t offset = 0) {
  uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[offset + i]);
  }
  return value;
}

// Recomputes both CRCs of `frame` in place (after a test edited its lengths or body), so that
// the edit is what the decoder trips over, not a checksum.
inline void reseal(std::string& frame) {
  frame.replace(8, 4, be32(event_stream::crc32(std::string_view(frame).substr(0, 8))));
  if (frame.size() >= 16) {
    const std::size_t crc_offset = frame.size() - 4;
    frame.replace(crc_offset, 4,
                  be32(event_stream::crc32(std::string_view(frame).substr(0, crc_offset))));
  }
}

// A frame with the given raw headers block and payload, lengths and CRCs correct.
inline std::string raw_frame(std::string_view headers_block, std::string_view payload) {
  const auto total = static_cast<uint32_t>(16 + headers_block.size() + payload.size());
  std::string frame = be32(total) + be32(static_cast<uint32_t>(headers_block.size()));
  frame += be32(0);  // prelude CRC, filled by reseal
  frame += headers_block;
  frame += payload;
  frame += be32(0);  // message CRC, filled by reseal
  reseal(frame);
  return frame;
}

// Only a prelude (12 bytes) announcing `total` and `headers` lengths, with a correct CRC, padded
// with zeros to `size` bytes: enough to reach the length checks of decode().
inline std::string prelude_only(uint32_t total, uint32_t headers, std::size_t size = 16) {
  std::string frame = be32(total) + be32(headers) + be32(0);
  frame.resize(size, '\0');
  frame.replace(8, 4, be32(event_stream::crc32(std::string_view(frame).substr(0, 8))));
  return frame;
}

// One encoded header: name length, name, type byte, raw value bytes.
inline std::string raw_header(std::string_view name, uint8_t type, std::string_view value_bytes) {
  std::string header(1, static_cast<char>(name.size()));
  header += name;
  header.push_back(static_cast<char>(type));
  header += value_bytes;
  return header;
}

}  // namespace bedrock::test
