#include "event_stream_header_reader.hpp"

#include <string>

#include "bedrock/protocol/event_stream.hpp"
#include "utf8.hpp"

namespace bedrock::event_stream::detail {
namespace {

uint64_t read_be(std::string_view bytes, std::size_t offset, std::size_t count) {
  uint64_t value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[offset + i]);
  }
  return value;
}

// The error details, out of line and marked cold: formatting them needs strings and stack that
// the reading of valid headers (every header of every frame) should not pay for.
std::string header_number(std::size_t index) { return "header #" + std::to_string(index); }

[[gnu::cold, gnu::noinline]] FrameError name_empty(std::size_t index, std::size_t offset) {
  return {FrameErrorKind::kHeaderNameEmptyOrTooLong,
          header_number(index) + ": name length 0 at offset " + std::to_string(offset)};
}

[[gnu::cold, gnu::noinline]] FrameError past_block(std::size_t index, std::string_view what,
                                                   std::size_t offset, std::size_t need,
                                                   std::size_t block_end) {
  return {FrameErrorKind::kHeaderRunsPastBlock,
          header_number(index) + ": " + std::string(what) + " at offset " + std::to_string(offset) +
              " needs " + std::to_string(need) + " bytes, the headers block ends at offset " +
              std::to_string(block_end)};
}

[[gnu::cold, gnu::noinline]] FrameError name_not_utf8(std::size_t index, std::size_t offset) {
  return {FrameErrorKind::kInvalidUtf8HeaderName,
          header_number(index) + ": name at offset " + std::to_string(offset) + " is not UTF-8"};
}

[[gnu::cold, gnu::noinline]] FrameError value_too_long(std::size_t index, std::size_t length,
                                                       std::size_t offset) {
  return {FrameErrorKind::kHeaderValueTooLong, header_number(index) + ": value of " +
                                                   std::to_string(length) + " bytes at offset " +
                                                   std::to_string(offset) + " above the limit of " +
                                                   std::to_string(kMaxHeaderValueBytes)};
}

[[gnu::cold, gnu::noinline]] FrameError value_not_utf8(std::size_t index, std::string_view name) {
  return {FrameErrorKind::kInvalidUtf8HeaderValue,
          header_number(index) + " '" + std::string(name) + "': string value is not UTF-8"};
}

[[gnu::cold, gnu::noinline]] FrameError invalid_type(std::size_t index, std::string_view name,
                                                     uint8_t type, std::size_t offset) {
  return {FrameErrorKind::kInvalidHeaderType,
          header_number(index) + " '" + std::string(name) + "': type byte " + std::to_string(type) +
              " at offset " + std::to_string(offset) + " (valid types are 0..9)"};
}

// Bytes needed by the fixed-size value of each type (6 and 7: their length field).
constexpr std::size_t kFixedSize[10] = {0, 0, 1, 2, 4, 8, 2, 2, 8, 16};
constexpr std::string_view kFixedWhat[10] = {"",
                                             "",
                                             "byte value",
                                             "short value",
                                             "int value",
                                             "long value",
                                             "value length",
                                             "value length",
                                             "timestamp value",
                                             "UUID value"};

}  // namespace

Expected<void, FrameError> read_header(std::string_view block, std::size_t base, std::size_t index,
                                       std::size_t& pos, bool check, HeaderView& header) {
  const std::size_t end = block.size();
  const std::size_t name_length = static_cast<unsigned char>(block[pos]);
  if (name_length == 0) return unexpected(name_empty(index, base + pos));
  if (name_length > end - pos - 1) {
    return unexpected(past_block(index, "name", base + pos + 1, name_length, base + end));
  }
  header.name = block.substr(pos + 1, name_length);
  if (check && !utf8::is_valid(header.name)) {
    return unexpected(name_not_utf8(index, base + pos + 1));
  }
  std::size_t at = pos + 1 + name_length;
  if (at >= end) return unexpected(past_block(index, "type byte", base + at, 1, base + end));
  const uint8_t type = static_cast<unsigned char>(block[at]);
  if (type > 9) return unexpected(invalid_type(index, header.name, type, base + at));
  ++at;
  if (end - at < kFixedSize[type]) {
    return unexpected(past_block(index, kFixedWhat[type], base + at, kFixedSize[type], base + end));
  }
  switch (type) {
    case 6:
    case 7: {
      // Strings first in practice: every Bedrock header is one (:event-type, :content-type, ...).
      const std::size_t length = read_be(block, at, 2);
      at += 2;
      if (end - at < length) {
        return unexpected(past_block(index, "value", base + at, length, base + end));
      }
      if (length > kMaxHeaderValueBytes) {
        return unexpected(value_too_long(index, length, base + at));
      }
      const std::string_view value = block.substr(at, length);
      at += length;
      if (type == 7) {
        if (check && !utf8::is_valid(value)) return unexpected(value_not_utf8(index, header.name));
        header.value = value;
      } else {
        header.value = BytesView{value};
      }
      break;
    }
    case 0:
    case 1:
      header.value = (type == 0);
      break;
    case 2:
      header.value = static_cast<int8_t>(read_be(block, at, 1));
      break;
    case 3:
      header.value = static_cast<int16_t>(read_be(block, at, 2));
      break;
    case 4:
      header.value = static_cast<int32_t>(read_be(block, at, 4));
      break;
    case 5:
      header.value = static_cast<int64_t>(read_be(block, at, 8));
      break;
    case 8:
      header.value = Timestamp{static_cast<int64_t>(read_be(block, at, 8))};
      break;
    default: {  // 9
      Uuid uuid{};
      for (std::size_t i = 0; i < uuid.size(); ++i) uuid[i] = static_cast<uint8_t>(block[at + i]);
      header.value = uuid;
      break;
    }
  }
  if (type != 6 && type != 7) at += kFixedSize[type];
  pos = at;
  return {};
}

Expected<std::size_t, FrameError> check_headers(std::string_view block, std::size_t base) {
  std::size_t count = 0;
  HeaderView header;
  for (std::size_t pos = 0; pos < block.size(); ++count) {
    auto read = read_header(block, base, count, pos, /*check=*/true, header);
    if (!read) return unexpected(std::move(read).error());
  }
  return count;
}

}  // namespace bedrock::event_stream::detail
