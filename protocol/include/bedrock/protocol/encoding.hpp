#pragma once
// Byte encodings used by several wire formats: hex, base64, percent-encoding,
// SHA-256 and HMAC-SHA256. One implementation, shared by every component.
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

std::string to_lower(std::string_view text);

}  // namespace bedrock::encoding
