#pragma once
// HTTP content codings (RFC 9110 §8.4) of recorded bodies: gzip, deflate and br, as recorders
// keep them when they store the bytes as received (nock's hex chunks, vcrpy without
// decode_compressed_response).
#include <optional>
#include <string>
#include <string_view>

#include "bedrock/protocol/expected.hpp"

namespace bedrock::cassettes {

enum class ContentCoding { kIdentity, kGzip, kDeflate, kBrotli, kUnsupported };

// From a Content-Encoding value: "gzip"/"x-gzip", "deflate", "br", "identity" or empty. A list of
// several codings, or any other name, is kUnsupported (the bytes are then kept as they are).
ContentCoding content_coding_of(std::string_view header_value);

// Whether the bytes start like the coding's output (gzip and zlib have magic bytes; brotli has
// none, so it is only tried).
bool looks_coded(std::string_view bytes, ContentCoding coding);

// The decoded bytes, or why they do not decode. Output is capped (a bomb is an error, not a
// crash): at most `max_bytes`.
Expected<std::string, std::string> decode_content(std::string_view bytes, ContentCoding coding,
                                                  std::size_t max_bytes);

}  // namespace bedrock::cassettes
