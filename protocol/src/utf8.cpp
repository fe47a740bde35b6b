#include "utf8.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace bedrock::utf8 {
namespace {

// Header names and values are nearly always ASCII: one OR over (overlapping) words answers for
// them without the per-byte walk.
bool is_ascii(const unsigned char* bytes, std::size_t size) {
  const auto word64 = [bytes](std::size_t at) {
    uint64_t word;
    std::memcpy(&word, bytes + at, sizeof word);
    return word;
  };
  const auto word32 = [bytes](std::size_t at) {
    uint32_t word;
    std::memcpy(&word, bytes + at, sizeof word);
    return word;
  };
  if (size >= 8) {
    uint64_t bits = word64(size - 8);
    for (std::size_t i = 0; i + 8 <= size; i += 8) bits |= word64(i);
    return (bits & 0x8080808080808080ull) == 0;
  }
  if (size >= 4) return ((word32(0) | word32(size - 4)) & 0x80808080u) == 0;
  unsigned char bits = 0;
  for (std::size_t i = 0; i < size; ++i) bits |= bytes[i];
  return (bits & 0x80u) == 0;
}

}  // namespace

bool is_valid(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  if (is_ascii(bytes, size)) return true;
  std::size_t i = 0;
  while (i < size) {
    // Header names and values are nearly always ASCII: skip 8 such bytes per step.
    while (size - i >= 8) {
      uint64_t word;
      std::memcpy(&word, bytes + i, sizeof word);
      if ((word & 0x8080808080808080ull) != 0) break;
      i += 8;
    }
    if (i >= size) break;
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    // The allowed range of the second byte narrows for E0, ED, F0 and F4 (RFC 3629 §4), which
    // rules out overlong forms, surrogates and code points above U+10FFFF.
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (size - i < length) return false;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return false;
    for (std::size_t k = 2; k < length; ++k) {
      if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace bedrock::utf8
