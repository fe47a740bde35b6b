// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, zlib's crc32()), the checksum of every
// event-stream frame (reference §6). Three engines:
//
//  - table: slicing-by-8 over tables built at compile time, 8 bytes per step; for short inputs
//    (an 8-byte prelude, a tiny frame) and for the one 16-byte block the folding leaves;
//  - clmul: carry-less multiplication (PCLMULQDQ) folds 64 bytes per step in four 128-bit lanes
//    (then 16 per step, then the ragged end with a byte shuffle),
//    the method of Gopal et al., "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ"
//    (Intel, 2009); chosen at run time when the CPU has it;
//  - zlib: crc32_z(), for long inputs on CPUs without PCLMULQDQ.
//
// A 218-byte contentBlockDelta frame took ~190 ns in zlib's CRC, most of a frame's encode or
// decode (issue #18).
#include <zlib.h>

#include <array>
#include <bit>
#include <cstring>

#include "bedrock/protocol/encoding.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define BEDROCK_CRC32_CLMUL 1
#endif

namespace bedrock::encoding {
namespace {

constexpr uint32_t kPolynomial = 0xEDB88320u;  // x^32 + x^26 + ... + 1, bit-reflected

// Shorter inputs go to the table even where folding is available: folding needs two 16-byte
// blocks to gain anything over the table's final 16 bytes.
constexpr std::size_t kLongInput = 32;

// kTables[0] is the classic byte table; kTables[k][b] is the CRC of byte b followed by k zero
// bytes, so one step of slicing-by-8 looks up each of 8 bytes in its own table.
constexpr std::array<std::array<uint32_t, 256>, 8> kTables = [] {
  std::array<std::array<uint32_t, 256>, 8> tables{};
  for (uint32_t b = 0; b < 256; ++b) {
    uint32_t crc = b;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1u) ? (crc >> 1) ^ kPolynomial : crc >> 1;
    tables[0][b] = crc;
  }
  for (std::size_t k = 1; k < tables.size(); ++k) {
    for (std::size_t b = 0; b < 256; ++b) {
      const uint32_t prev = tables[k - 1][b];
      tables[k][b] = (prev >> 8) ^ tables[0][prev & 0xFFu];
    }
  }
  return tables;
}();

uint32_t load_le32(const unsigned char* p) {
  uint32_t value;
  std::memcpy(&value, p, sizeof value);
  if constexpr (std::endian::native == std::endian::big) value = __builtin_bswap32(value);
  return value;
}

// The CRC register without zlib's pre- and post-inversion: `state` after `size` more bytes.
uint32_t table_update(uint32_t state, const unsigned char* p, std::size_t size) {
  const auto& t = kTables;
  while (size >= 8) {
    const uint32_t lo = state ^ load_le32(p);
    const uint32_t hi = load_le32(p + 4);
    state = t[7][lo & 0xFFu] ^ t[6][(lo >> 8) & 0xFFu] ^ t[5][(lo >> 16) & 0xFFu] ^ t[4][lo >> 24] ^
            t[3][hi & 0xFFu] ^ t[2][(hi >> 8) & 0xFFu] ^ t[1][(hi >> 16) & 0xFFu] ^ t[0][hi >> 24];
    p += 8;
    size -= 8;
  }
  while (size-- > 0) state = (state >> 8) ^ t[0][(state ^ *p++) & 0xFFu];
  return state;
}

#ifdef BEDROCK_CRC32_CLMUL

// Folding constants, derived here rather than copied. With a 128-bit block loaded little-endian,
// register bit j is message bit j, i.e. the coefficient of x^(127-j) of the block's polynomial;
// each 64-bit half is likewise a polynomial of degree < 64 with bit j <-> x^(63-j). The
// carry-less product of two such halves has bit k <-> x^(126-k): read as a 128-bit block it is
// x times the true product. Folding a block A over D bits onto the block B that follows,
//   A * x^D + B = A_first * x^(D+64) + A_second * x^D + B   (mod P),
// so A_first (the low half) is multiplied by x^(D+63) mod P and A_second (the high half) by
// x^(D-1) mod P, the missing x supplied by the product's position. A constant c of degree < 32
// in the 64-bit reflected form is reflect32(c) << 32.
constexpr uint64_t x_pow_mod_p(unsigned n) {
  uint32_t reflected = 0x80000000u;  // x^0 in the 32-bit reflected form (bit j <-> x^(31-j))
  for (unsigned i = 0; i < n; ++i) {
    reflected = (reflected & 1u) ? (reflected >> 1) ^ kPolynomial : reflected >> 1;
  }
  return uint64_t{reflected} << 32;
}

struct FoldConstants {
  uint64_t first;   // x^(D+63) mod P, for the low 64 bits
  uint64_t second;  // x^(D-1) mod P, for the high 64 bits
};
constexpr FoldConstants fold_constants(unsigned bits) {
  return {x_pow_mod_p(bits + 63), x_pow_mod_p(bits - 1)};
}
constexpr FoldConstants kFold128 = fold_constants(128);  // one lane to the next block
constexpr FoldConstants kFold512 = fold_constants(512);  // each of four lanes, 64 bytes on

__attribute__((target("pclmul,ssse3"))) inline __m128i fold(__m128i a, __m128i constants,
                                                            __m128i next) {
  const __m128i first = _mm_clmulepi64_si128(a, constants, 0x00);
  const __m128i second = _mm_clmulepi64_si128(a, constants, 0x11);
  return _mm_xor_si128(_mm_xor_si128(first, second), next);
}

__attribute__((target("pclmul,ssse3"))) inline __m128i as_m128(const FoldConstants& c) {
  return _mm_set_epi64x(static_cast<long long>(c.second), static_cast<long long>(c.first));
}

// pshufb masks for a byte shift of the 16-byte block by t (1..15), loaded at kShiftMasks + t
// (shift towards higher bytes by 16 - t) or kShiftMasks + 16 + t (towards lower bytes by t);
// 0x80 makes pshufb write a zero.
alignas(16) constexpr unsigned char kShiftMasks[48] = {
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80};

// `size` >= kLongInput (32). Folds everything into one 16-byte block, whose bytes then go
// through the table from state 0: the folded block is congruent (mod P, at its position) to all
// the bytes before it, with `state` XORed into the first four.
__attribute__((target("pclmul,ssse3"))) uint32_t clmul_update(uint32_t state,
                                                              const unsigned char* p,
                                                              std::size_t size) {
  const unsigned char* const end = p + size;
  const auto load = [](const unsigned char* at) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
  };
  const __m128i k128 = as_m128(kFold128);
  const __m128i first = _mm_xor_si128(load(p), _mm_cvtsi32_si128(static_cast<int>(state)));
  __m128i block;
  if (size >= 64) {
    __m128i lane0 = first;
    __m128i lane1 = load(p + 16);
    __m128i lane2 = load(p + 32);
    __m128i lane3 = load(p + 48);
    p += 64;
    const __m128i k512 = as_m128(kFold512);
    while (end - p >= 64) {
      lane0 = fold(lane0, k512, load(p));
      lane1 = fold(lane1, k512, load(p + 16));
      lane2 = fold(lane2, k512, load(p + 32));
      lane3 = fold(lane3, k512, load(p + 48));
      p += 64;
    }
    block = fold(fold(fold(lane0, k128, lane1), k128, lane2), k128, lane3);
  } else {
    block = first;
    p += 16;
  }
  while (end - p >= 16) {
    block = fold(block, k128, load(p));
    p += 16;
  }
  // The last t < 16 bytes: block || tail = (block's first t bytes) * x^128 + (block's other
  // 16 - t bytes || tail), and the second part is 16 bytes: fold the first onto it.
  if (const auto t = static_cast<std::size_t>(end - p); t != 0) {
    const __m128i to_high = load(kShiftMasks + t);      // bytes 0..t-1 to 16-t..15
    const __m128i to_low = load(kShiftMasks + 16 + t);  // bytes t..15 to 0..15-t
    const __m128i keep_tail = _mm_cmpgt_epi8(to_high, _mm_set1_epi8(-1));  // bytes 16-t..15
    const __m128i last16 = load(end - 16);  // ends with the tail; size >= 32
    const __m128i rest =
        _mm_or_si128(_mm_shuffle_epi8(block, to_low), _mm_and_si128(last16, keep_tail));
    block = fold(_mm_shuffle_epi8(block, to_high), k128, rest);
  }
  alignas(16) unsigned char folded[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(folded), block);
  return table_update(0, folded, sizeof folded);
}

bool cpu_has_clmul() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("ssse3");
  }();
  return has;
}

#else

bool cpu_has_clmul() { return false; }
uint32_t clmul_update(uint32_t, const unsigned char*, std::size_t) { return 0; }  // unreachable

#endif

uint32_t zlib_crc32(std::string_view bytes, uint32_t crc) {
  return static_cast<uint32_t>(
      ::crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
}

}  // namespace

uint32_t crc32(std::string_view bytes, uint32_t crc) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  if (bytes.size() < kLongInput) return ~table_update(~crc, p, bytes.size());
  if (cpu_has_clmul()) return ~clmul_update(~crc, p, bytes.size());
  return zlib_crc32(bytes, crc);
}

Crc32Engine crc32_engine() noexcept {
  return cpu_has_clmul() ? Crc32Engine::kClmul : Crc32Engine::kZlib;
}

uint32_t crc32_with(Crc32Engine engine, std::string_view bytes, uint32_t crc) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  switch (engine) {
    case Crc32Engine::kTable:
      return ~table_update(~crc, p, bytes.size());
    case Crc32Engine::kClmul:
      if (cpu_has_clmul() && bytes.size() >= kLongInput)
        return ~clmul_update(~crc, p, bytes.size());
      if (cpu_has_clmul()) return ~table_update(~crc, p, bytes.size());
      break;
    case Crc32Engine::kZlib:
      break;
  }
  return zlib_crc32(bytes, crc);
}

std::string_view to_string(Crc32Engine engine) noexcept {
  switch (engine) {
    case Crc32Engine::kTable:
      return "table";
    case Crc32Engine::kClmul:
      return "clmul";
    case Crc32Engine::kZlib:
      return "zlib";
  }
  return "unknown";
}

}  // namespace bedrock::encoding
