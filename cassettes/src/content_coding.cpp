#include "content_coding.hpp"

#include <brotli/decode.h>
#include <zlib.h>

#include <cstdint>

#include "bedrock/protocol/encoding.hpp"

namespace bedrock::cassettes {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// window_bits: 15 + 32 reads a gzip or zlib header; -15 reads raw deflate (servers that send
// "deflate" without the zlib wrapper, which browsers accept too).
Expected<std::string, std::string> inflate_bytes(std::string_view bytes, int window_bits,
                                                 std::size_t max_bytes) {
  z_stream stream{};
  if (inflateInit2(&stream, window_bits) != Z_OK) return unexpected(std::string("zlib init"));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buffer[16384];
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) break;
    out.append(buffer, sizeof buffer - stream.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&stream);
      return unexpected("decoded body is larger than " + std::to_string(max_bytes) + " bytes");
    }
    if (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) break;  // truncated
  }
  const bool complete = status == Z_STREAM_END;
  const std::string message = stream.msg != nullptr ? stream.msg : "truncated or corrupt data";
  inflateEnd(&stream);
  if (!complete) return unexpected(message);
  return out;
}

Expected<std::string, std::string> brotli_decode(std::string_view bytes, std::size_t max_bytes) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (state == nullptr) return unexpected(std::string("brotli init"));
  std::size_t available_in = bytes.size();
  const auto* next_in = reinterpret_cast<const uint8_t*>(bytes.data());
  std::string out;
  uint8_t buffer[16384];
  BrotliDecoderResult result = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    std::size_t available_out = sizeof buffer;
    uint8_t* next_out = buffer;
    result = BrotliDecoderDecompressStream(state, &available_in, &next_in, &available_out,
                                           &next_out, nullptr);
    out.append(reinterpret_cast<const char*>(buffer), sizeof buffer - available_out);
    if (out.size() > max_bytes) {
      BrotliDecoderDestroyInstance(state);
      return unexpected("decoded body is larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
  BrotliDecoderDestroyInstance(state);
  if (result != BROTLI_DECODER_RESULT_SUCCESS || available_in != 0) {
    return unexpected(std::string("not a complete brotli stream"));
  }
  return out;
}

}  // namespace

ContentCoding content_coding_of(std::string_view header_value) {
  const std::string value = encoding::to_lower(trim(header_value));
  if (value.empty() || value == "identity") return ContentCoding::kIdentity;
  if (value == "gzip" || value == "x-gzip") return ContentCoding::kGzip;
  if (value == "deflate") return ContentCoding::kDeflate;
  if (value == "br") return ContentCoding::kBrotli;
  return ContentCoding::kUnsupported;
}

bool looks_coded(std::string_view bytes, ContentCoding coding) {
  switch (coding) {
    case ContentCoding::kGzip:
      return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
             static_cast<unsigned char>(bytes[1]) == 0x8b;
    case ContentCoding::kDeflate: {
      if (bytes.size() < 2) return false;
      // RFC 1950: CM 8 in the low nibble and the 16-bit header divisible by 31.
      const auto cmf = static_cast<unsigned char>(bytes[0]);
      const auto flg = static_cast<unsigned char>(bytes[1]);
      return (cmf & 0x0f) == 8 && ((cmf << 8) | flg) % 31 == 0;
    }
    case ContentCoding::kBrotli:
      return !bytes.empty();
    default:
      return false;
  }
}

Expected<std::string, std::string> decode_content(std::string_view bytes, ContentCoding coding,
                                                  std::size_t max_bytes) {
  switch (coding) {
    case ContentCoding::kIdentity:
      return std::string(bytes);
    case ContentCoding::kGzip:
      return inflate_bytes(bytes, 15 + 32, max_bytes);
    case ContentCoding::kDeflate: {
      auto wrapped = inflate_bytes(bytes, 15 + 32, max_bytes);
      if (wrapped) return wrapped;
      return inflate_bytes(bytes, -15, max_bytes);
    }
    case ContentCoding::kBrotli:
      return brotli_decode(bytes, max_bytes);
    case ContentCoding::kUnsupported:
      break;
  }
  return unexpected(std::string("unsupported content coding"));
}

}  // namespace bedrock::cassettes
