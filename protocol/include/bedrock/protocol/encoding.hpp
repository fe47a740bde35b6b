#pragma once
// Byte encodings used by several wire formats: hex, base64, percent-encoding, CRC-32,
// SHA-256 and HMAC-SHA256. One implementation, shared by every component.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bedrock::encoding {

std::string to_hex(std::string_view bytes);  // lower-case, as SigV4 wants

std::string base64_encode(std::string_view bytes);
// Standard alphabet with padding; whitespace (line breaks in YAML) is skipped.
// Returns nullopt on any other character or a bad length.
std::optional<std::string> base64_decode(std::string_view text);

// RFC 3986 percent-encoding: every byte outside A-Z a-z 0-9 - . _ ~ becomes %XX
// (upper-case hex). `keep_slash` leaves '/' alone (for whole paths).
std::string percent_encode(std::string_view text, bool keep_slash = false);
// Decodes %XX; returns nullopt for a malformed escape. '+' is left as is (paths, not forms).
std::optional<std::string> percent_decode(std::string_view text);

std::string sha256(std::string_view bytes);  // raw 32 bytes
std::string sha256_hex(std::string_view bytes);
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes

// The same digests without a heap allocation, for hot paths (SigV4 sign and verify). They run on
// OpenSSL contexts each thread creates once, with the algorithms fetched once per process:
// OpenSSL 3's one-shot SHA256() and HMAC() look the algorithm up and build a context on every
// call, which was most of the cost of a signature (issue #18).
inline constexpr std::size_t kSha256Bytes = 32;
using Sha256Digest = std::array<unsigned char, kSha256Bytes>;
using Sha256Hex = std::array<char, 2 * kSha256Bytes>;  // lower-case, no terminator

Sha256Digest sha256_digest(std::string_view bytes);
Sha256Digest hmac_sha256_digest(std::string_view key, std::string_view data);
Sha256Hex to_hex(const Sha256Digest& digest);
// `digest` as a string_view over its bytes (an HMAC key for the next link of a chain).
std::string_view as_bytes(const Sha256Digest& digest);
std::string_view as_text(const Sha256Hex& hex);

// An HMAC-SHA256 key prepared once for many MACs (RFC 2104): it holds the hash states after the
// key's inner and outer pad blocks, so each mac() hashes only the message. A SigV4 signing key
// signs every request of a day: preparing it once halves the cost of each signature. The states
// are as secret as the key; OpenSSL wipes them when the key is destroyed.
class HmacSha256Key {
 public:
  explicit HmacSha256Key(std::string_view key);
  ~HmacSha256Key();
  HmacSha256Key(HmacSha256Key&& other) noexcept;
  HmacSha256Key& operator=(HmacSha256Key&& other) noexcept;
  HmacSha256Key(const HmacSha256Key&) = delete;
  HmacSha256Key& operator=(const HmacSha256Key&) = delete;

  // hmac_sha256_digest(key, data).
  Sha256Digest mac(std::string_view data) const;

 private:
  struct State;  // two EVP_MD_CTX, kept out of this header
  State* state_;
};

// Appends the lower-case hex of `bytes` to `out` (to_hex without a temporary string).
void append_hex(std::string& out, std::string_view bytes);

// Equal lengths and bytes, in a time that depends on the lengths only, never on where the
// first difference is: comparing a signature otherwise tells an attacker how many of its
// leading bytes were right.
bool constant_time_equals(std::string_view a, std::string_view b) noexcept;

std::string to_lower(std::string_view text);

// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320): the same values as zlib's crc32(), and
// `crc` continues a previous result the same way, so crc32(b, crc32(a)) == crc32(a + b). The
// event-stream frame checksum (reference §6).
uint32_t crc32(std::string_view bytes, uint32_t crc = 0) noexcept;

// How crc32() computes: inputs under 32 bytes always with the table; longer ones by carry-less
// multiplication folding where the CPU has PCLMULQDQ (checked at run time), else with zlib.
enum class Crc32Engine {
  kTable,  // slicing-by-8, tables built at compile time
  kClmul,  // PCLMULQDQ folding, four lanes of 128 bits
  kZlib,   // zlib's crc32_z()
};
Crc32Engine crc32_engine() noexcept;  // the engine crc32() uses for long inputs on this CPU
// crc32() with the engine forced, for tests and the benchmarks; kClmul falls back to kZlib on a
// CPU without PCLMULQDQ.
uint32_t crc32_with(Crc32Engine engine, std::string_view bytes, uint32_t crc = 0) noexcept;
std::string_view to_string(Crc32Engine engine) noexcept;

}  // namespace bedrock::encoding
