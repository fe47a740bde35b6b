#include <cstring>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/event_stream.hpp"
#include "event_stream_header_reader.hpp"
#include "event_stream_prelude.hpp"
#include "utf8.hpp"

namespace bedrock::event_stream {
namespace {

FrameError frame_error(FrameErrorKind kind, std::string detail) {
  return FrameError{kind, std::move(detail)};
}

// ---- writing ----

// Writes `value` big-endian into the `bytes` bytes at `out`, returns the end.
char* put_be(char* out, uint64_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    *out++ = static_cast<char>((value >> shift) & 0xFF);
  }
  return out;
}

char* put_bytes(char* out, std::string_view bytes) {
  if (!bytes.empty()) std::memcpy(out, bytes.data(), bytes.size());
  return out + bytes.size();
}

// header_type() without the call: HeaderValue's alternatives follow the wire types, bool
// covering 0 and 1. Encoding asks for each header's type several times.
HeaderType wire_type(const HeaderValue& value) {
  if (const bool* flag = std::get_if<bool>(&value)) {
    return *flag ? HeaderType::kBoolTrue : HeaderType::kBoolFalse;
  }
  return static_cast<HeaderType>(value.index() + 1);
}

// The variable-length value of a type 6 or 7 header, if it is one.
const std::string* variable_value(const HeaderValue& value) {
  if (const auto* bytes = std::get_if<Bytes>(&value)) return &bytes->data;
  return std::get_if<std::string>(&value);
}

std::size_t value_wire_size(const HeaderValue& value) {
  switch (wire_type(value)) {
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
    case HeaderType::kString:
      return 2 + variable_value(value)->size();
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
  if (const std::string* value = variable_value(header.value)) {
    if (value->size() > kMaxHeaderValueBytes) {
      return unexpected(frame_error(FrameErrorKind::kHeaderValueTooLong,
                                    where() + ": value of " + std::to_string(value->size()) +
                                        " bytes above the limit of " +
                                        std::to_string(kMaxHeaderValueBytes)));
    }
    if (std::holds_alternative<std::string>(header.value) && !utf8::is_valid(*value)) {
      return unexpected(frame_error(FrameErrorKind::kInvalidUtf8HeaderValue,
                                    where() + ": string value is not UTF-8"));
    }
  }
  return 1 + header.name.size() + 1 + value_wire_size(header.value);
}

char* write_header(char* out, const Header& header) {
  *out++ = static_cast<char>(header.name.size());
  out = put_bytes(out, header.name);
  *out++ = static_cast<char>(wire_type(header.value));
  return std::visit(
      [out](const auto& value) -> char* {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, bool>) {
          return out;  // the type byte alone carries the value (0 true, 1 false)
        } else if constexpr (std::is_same_v<T, int8_t> || std::is_same_v<T, int16_t> ||
                             std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
          using U = std::make_unsigned_t<T>;
          return put_be(out, static_cast<U>(value), static_cast<int>(sizeof(T)));
        } else if constexpr (std::is_same_v<T, Bytes>) {
          return put_bytes(put_be(out, value.data.size(), 2), value.data);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return put_bytes(put_be(out, value.size(), 2), value);
        } else if constexpr (std::is_same_v<T, Timestamp>) {
          return put_be(out, static_cast<uint64_t>(value.millis), 8);
        } else {  // Uuid
          return put_bytes(
              out, std::string_view(reinterpret_cast<const char*>(value.data()), value.size()));
        }
      },
      header.value);
}

}  // namespace

uint32_t crc32(std::string_view bytes) { return encoding::crc32(bytes); }

Expected<void, FrameError> encode_to(const Message& message, std::string& out) {
  std::size_t headers_length = 0;
  for (std::size_t i = 0; i < message.headers.size(); ++i) {
    auto size = check_header(message.headers[i], i);
    if (!size) return unexpected(std::move(size).error());
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

  // Sized once, then written in place: no per-byte appends, no reallocation.
  const std::size_t start = out.size();
  out.resize(start + total);
  char* const frame = out.data() + start;
  char* p = put_be(frame, total, 4);
  p = put_be(p, headers_length, 4);
  const uint32_t prelude_crc = encoding::crc32(std::string_view(frame, 8));
  p = put_be(p, prelude_crc, 4);
  for (const auto& header : message.headers) p = write_header(p, header);
  p = put_bytes(p, message.payload);
  // The message CRC covers bytes 0..total-5; bytes 0..7 are already in prelude_crc.
  const auto covered = static_cast<std::size_t>(p - frame);
  put_be(p, encoding::crc32(std::string_view(frame + 8, covered - 8), prelude_crc), 4);
  return {};
}

Expected<std::string, FrameError> encode(const Message& message) {
  std::string frame;
  if (auto written = encode_to(message, frame); !written) {
    return unexpected(std::move(written).error());
  }
  return frame;
}

namespace detail {

Expected<MessageView, FrameError> decode_view(std::string_view frame, const Prelude& prelude) {
  if (frame.size() != prelude.total_length) {
    return unexpected(frame_error(FrameErrorKind::kFrameLengthMismatch,
                                  "the prelude announces " + std::to_string(prelude.total_length) +
                                      " bytes, got " + std::to_string(frame.size())));
  }
  const std::string_view block = frame.substr(kPreludeBytes, prelude.headers_length);
  auto count = check_headers(block, kPreludeBytes);
  if (!count) return unexpected(std::move(count).error());

  // The prelude CRC (already checked) is the CRC-32 of bytes 0..7: continue from it.
  const std::size_t crc_offset = frame.size() - kMessageCrcBytes;
  const uint32_t announced_crc = read_u32(frame, crc_offset);
  const uint32_t computed_crc =
      encoding::crc32(frame.substr(8, crc_offset - 8), read_u32(frame, 8));
  if (announced_crc != computed_crc) {
    return unexpected(frame_error(FrameErrorKind::kMessageChecksumMismatch,
                                  "message CRC at offset " + std::to_string(crc_offset) + " is " +
                                      hex32(announced_crc) + ", CRC-32 of bytes 0.." +
                                      std::to_string(crc_offset - 1) + " is " +
                                      hex32(computed_crc)));
  }
  return MessageViewAccess::message(
      frame, MessageViewAccess::headers(block, *count),
      frame.substr(kPreludeBytes + prelude.headers_length, prelude.payload_length()));
}

}  // namespace detail

Expected<MessageView, FrameError> decode_view(std::string_view frame) {
  if (frame.size() < kMinFrameBytes) {
    return unexpected(frame_error(FrameErrorKind::kFrameTooShort,
                                  std::to_string(frame.size()) + " bytes, a frame has at least " +
                                      std::to_string(kMinFrameBytes)));
  }
  auto prelude = detail::read_prelude(frame.substr(0, kPreludeBytes));
  if (!prelude) return unexpected(std::move(prelude).error());
  return detail::decode_view(frame, *prelude);
}

Expected<Message, FrameError> decode(std::string_view frame) {
  auto view = decode_view(frame);
  if (!view) return unexpected(std::move(view).error());
  return view->to_message();
}

}  // namespace bedrock::event_stream
