#include <zlib.h>

#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "bedrock/protocol/event_stream.hpp"
#include "event_stream_prelude.hpp"
#include "utf8.hpp"

namespace bedrock::event_stream {
namespace {

FrameError frame_error(FrameErrorKind kind, std::string detail) {
  return FrameError{kind, std::move(detail)};
}

// ---- writing ----

void put_u8(std::string& out, uint8_t value) { out.push_back(static_cast<char>(value)); }

void put_be(std::string& out, uint64_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

std::size_t value_wire_size(const HeaderValue& value) {
  switch (header_type(value)) {
    case HeaderType::kBoolTrue:
    case HeaderType::kBoolFalse:
      return 0;
    case HeaderType::kByte:
      return 1;
    case HeaderType::kShort:
      return 2;
    case HeaderType::kInt:
      return 4;
    case HeaderType::kLong:
    case HeaderType::kTimestamp:
      return 8;
    case HeaderType::kBytes:
      return 2 + std::get<Bytes>(value).data.size();
    case HeaderType::kString:
      return 2 + std::get<std::string>(value).size();
    case HeaderType::kUuid:
      return 16;
  }
  return 0;
}

// Checks one header against the limits; returns its encoded size.
Expected<std::size_t, FrameError> check_header(const Header& header, std::size_t index) {
  const auto where = [&] { return "header #" + std::to_string(index) + " '" + header.name + "'"; };
  if (header.name.empty() || header.name.size() > kMaxHeaderNameBytes) {
    return unexpected(frame_error(FrameErrorKind::kHeaderNameEmptyOrTooLong,
                                  "header #" + std::to_string(index) + ": name of " +
                                      std::to_string(header.name.size()) + " bytes, allowed 1.." +
                                      std::to_string(kMaxHeaderNameBytes)));
  }
  if (!utf8::is_valid(header.name)) {
    return unexpected(frame_error(FrameErrorKind::kInvalidUtf8HeaderName,
                                  "header #" + std::to_string(index) + ": name is not UTF-8"));
  }
  const HeaderType type = header_type(header.value);
  if (type == HeaderType::kBytes || type == HeaderType::kString) {
    const std::size_t length = value_wire_size(header.value) - 2;
    if (length > kMaxHeaderValueBytes) {
      return unexpected(frame_error(FrameErrorKind::kHeaderValueTooLong,
                                    where() + ": value of " + std::to_string(length) +
                                        " bytes above the limit of " +
                                        std::to_string(kMaxHeaderValueBytes)));
    }
    if (type == HeaderType::kString && !utf8::is_valid(std::get<std::string>(header.value))) {
      return unexpected(frame_error(FrameErrorKind::kInvalidUtf8HeaderValue,
                                    where() + ": string value is not UTF-8"));
    }
  }
  return 1 + header.name.size() + 1 + value_wire_size(header.value);
}

void write_header(std::string& out, const Header& header) {
  put_u8(out, static_cast<uint8_t>(header.name.size()));
  out += header.name;
  put_u8(out, static_cast<uint8_t>(header_type(header.value)));
  std::visit(
      [&out](const auto& value) {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, bool>) {
          // The type byte alone carries the value (0 true, 1 false).
        } else if constexpr (std::is_same_v<T, int8_t> || std::is_same_v<T, int16_t> ||
                             std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
          using U = std::make_unsigned_t<T>;
          put_be(out, static_cast<U>(value), static_cast<int>(sizeof(T)));
        } else if constexpr (std::is_same_v<T, Bytes>) {
          put_be(out, value.data.size(), 2);
          out += value.data;
        } else if constexpr (std::is_same_v<T, std::string>) {
          put_be(out, value.size(), 2);
          out += value;
        } else if constexpr (std::is_same_v<T, Timestamp>) {
          put_be(out, static_cast<uint64_t>(value.millis), 8);
        } else {  // Uuid
          out.append(reinterpret_cast<const char*>(value.data()), value.size());
        }
      },
      header.value);
}

// ---- reading ----

uint64_t read_be(std::string_view bytes, std::size_t offset, std::size_t count) {
  uint64_t value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[offset + i]);
  }
  return value;
}

// Parses the headers block; `base` is the block's offset in the frame (for error details).
Expected<std::vector<Header>, FrameError> read_headers(std::string_view block, std::size_t base) {
  std::vector<Header> headers;
  headers.reserve(4);  // Bedrock's events carry three; one allocation instead of three
  const std::size_t end = block.size();
  const auto past_block = [&](std::size_t index, std::string_view what, std::size_t at,
                              std::size_t need) {
    return unexpected(
        frame_error(FrameErrorKind::kHeaderRunsPastBlock,
                    "header #" + std::to_string(index) + ": " + std::string(what) + " at offset " +
                        std::to_string(base + at) + " needs " + std::to_string(need) +
                        " bytes, the headers block ends at offset " + std::to_string(base + end)));
  };
  std::size_t pos = 0;
  while (pos < end) {
    const std::size_t index = headers.size();
    const std::size_t name_length = static_cast<unsigned char>(block[pos]);
    if (name_length == 0) {
      return unexpected(frame_error(FrameErrorKind::kHeaderNameEmptyOrTooLong,
                                    "header #" + std::to_string(index) +
                                        ": name length 0 at offset " + std::to_string(base + pos)));
    }
    if (name_length > end - pos - 1) return past_block(index, "name", pos + 1, name_length);
    Header header;
    header.name.assign(block.substr(pos + 1, name_length));
    if (!utf8::is_valid(header.name)) {
      return unexpected(frame_error(FrameErrorKind::kInvalidUtf8HeaderName,
                                    "header #" + std::to_string(index) + ": name at offset " +
                                        std::to_string(base + pos + 1) + " is not UTF-8"));
    }
    pos += 1 + name_length;
    if (pos >= end) return past_block(index, "type byte", pos, 1);
    const uint8_t type = static_cast<unsigned char>(block[pos]);
    const std::size_t type_offset = pos;
    ++pos;
    const auto fixed = [&](std::size_t size) -> bool { return end - pos >= size; };
    switch (type) {
      case 0:
      case 1:
        header.value = (type == 0);
        break;
      case 2:
        if (!fixed(1)) return past_block(index, "byte value", pos, 1);
        header.value = static_cast<int8_t>(read_be(block, pos, 1));
        pos += 1;
        break;
      case 3:
        if (!fixed(2)) return past_block(index, "short value", pos, 2);
        header.value = static_cast<int16_t>(read_be(block, pos, 2));
        pos += 2;
        break;
      case 4:
        if (!fixed(4)) return past_block(index, "int value", pos, 4);
        header.value = static_cast<int32_t>(read_be(block, pos, 4));
        pos += 4;
        break;
      case 5:
        if (!fixed(8)) return past_block(index, "long value", pos, 8);
        header.value = static_cast<int64_t>(read_be(block, pos, 8));
        pos += 8;
        break;
      case 8:
        if (!fixed(8)) return past_block(index, "timestamp value", pos, 8);
        header.value = Timestamp{static_cast<int64_t>(read_be(block, pos, 8))};
        pos += 8;
        break;
      case 9: {
        if (!fixed(16)) return past_block(index, "UUID value", pos, 16);
        Uuid uuid{};
        for (std::size_t i = 0; i < uuid.size(); ++i) {
          uuid[i] = static_cast<uint8_t>(block[pos + i]);
        }
        header.value = uuid;
        pos += 16;
        break;
      }
      case 6:
      case 7: {
        if (!fixed(2)) return past_block(index, "value length", pos, 2);
        const std::size_t length = read_be(block, pos, 2);
        pos += 2;
        if (!fixed(length)) return past_block(index, "value", pos, length);
        if (length > kMaxHeaderValueBytes) {
          return unexpected(frame_error(FrameErrorKind::kHeaderValueTooLong,
                                        "header #" + std::to_string(index) + ": value of " +
                                            std::to_string(length) + " bytes at offset " +
                                            std::to_string(base + pos) + " above the limit of " +
                                            std::to_string(kMaxHeaderValueBytes)));
        }
        std::string value(block.substr(pos, length));
        pos += length;
        if (type == 6) {
          header.value = Bytes{std::move(value)};
        } else {
          if (!utf8::is_valid(value)) {
            return unexpected(frame_error(FrameErrorKind::kInvalidUtf8HeaderValue,
                                          "header #" + std::to_string(index) + " '" + header.name +
                                              "': string value is not UTF-8"));
          }
          header.value = std::move(value);
        }
        break;
      }
      default:
        return unexpected(frame_error(FrameErrorKind::kInvalidHeaderType,
                                      "header #" + std::to_string(index) + " '" + header.name +
                                          "': type byte " + std::to_string(type) + " at offset " +
                                          std::to_string(base + type_offset) +
                                          " (valid types are 0..9)"));
    }
    headers.push_back(std::move(header));
  }
  return headers;
}

}  // namespace

uint32_t crc32(std::string_view bytes) {
  const auto* data = reinterpret_cast<const Bytef*>(bytes.data());
  return static_cast<uint32_t>(::crc32_z(::crc32_z(0L, Z_NULL, 0), data, bytes.size()));
}

Expected<std::string, FrameError> encode(const Message& message) {
  std::size_t headers_length = 0;
  for (std::size_t i = 0; i < message.headers.size(); ++i) {
    auto size = check_header(message.headers[i], i);
    if (!size) return unexpected(size.error());
    headers_length += *size;
  }
  if (headers_length > kMaxHeadersBytes) {
    return unexpected(frame_error(FrameErrorKind::kHeadersTooLarge,
                                  "headers block of " + std::to_string(headers_length) +
                                      " bytes above the limit of " +
                                      std::to_string(kMaxHeadersBytes)));
  }
  if (message.payload.size() > kMaxPayloadBytes) {
    return unexpected(frame_error(FrameErrorKind::kPayloadTooLarge,
                                  "payload of " + std::to_string(message.payload.size()) +
                                      " bytes above the limit of " +
                                      std::to_string(kMaxPayloadBytes)));
  }
  const std::size_t total = kMinFrameBytes + headers_length + message.payload.size();

  std::string frame;
  frame.reserve(total);
  put_be(frame, total, 4);
  put_be(frame, headers_length, 4);
  put_be(frame, crc32(frame), 4);
  for (const auto& header : message.headers) write_header(frame, header);
  frame += message.payload;
  put_be(frame, crc32(frame), 4);
  return frame;
}

Expected<Message, FrameError> decode(std::string_view frame) {
  if (frame.size() < kMinFrameBytes) {
    return unexpected(frame_error(FrameErrorKind::kFrameTooShort,
                                  std::to_string(frame.size()) + " bytes, a frame has at least " +
                                      std::to_string(kMinFrameBytes)));
  }
  auto prelude = detail::read_prelude(frame.substr(0, kPreludeBytes));
  if (!prelude) return unexpected(prelude.error());
  if (frame.size() != prelude->total_length) {
    return unexpected(frame_error(FrameErrorKind::kFrameLengthMismatch,
                                  "the prelude announces " + std::to_string(prelude->total_length) +
                                      " bytes, got " + std::to_string(frame.size())));
  }
  Message message;
  auto headers = read_headers(frame.substr(kPreludeBytes, prelude->headers_length), kPreludeBytes);
  if (!headers) return unexpected(headers.error());
  message.headers = std::move(*headers);

  const std::size_t crc_offset = frame.size() - kMessageCrcBytes;
  const uint32_t announced_crc = detail::read_u32(frame, crc_offset);
  const uint32_t computed_crc = crc32(frame.substr(0, crc_offset));
  if (announced_crc != computed_crc) {
    return unexpected(frame_error(FrameErrorKind::kMessageChecksumMismatch,
                                  "message CRC at offset " + std::to_string(crc_offset) + " is " +
                                      detail::hex32(announced_crc) + ", CRC-32 of bytes 0.." +
                                      std::to_string(crc_offset - 1) + " is " +
                                      detail::hex32(computed_crc)));
  }
  message.payload.assign(
      frame.substr(kPreludeBytes + prelude->headers_length, prelude->payload_length()));
  return message;
}

}  // namespace bedrock::event_stream
