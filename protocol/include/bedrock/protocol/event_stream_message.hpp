#pragma once
// The data model of one AWS event-stream message (reference §6): ordered headers with
// typed values, and a payload. The codec lives in event_stream.hpp; this header is what
// other modules (error catalog, cassettes) build messages with.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace bedrock::event_stream {

// Wire type bytes (reference §6): 0 bool true, 1 bool false, 2 byte, 3 short, 4 int,
// 5 long, 6 byte array, 7 string, 8 timestamp (ms since epoch), 9 UUID.
enum class HeaderType : uint8_t {
  kBoolTrue = 0,
  kBoolFalse = 1,
  kByte = 2,
  kShort = 3,
  kInt = 4,
  kLong = 5,
  kBytes = 6,
  kString = 7,
  kTimestamp = 8,
  kUuid = 9,
};

struct Timestamp {
  int64_t millis = 0;
  bool operator==(const Timestamp&) const = default;
};
struct Bytes {
  std::string data;
  bool operator==(const Bytes&) const = default;
};
using Uuid = std::array<uint8_t, 16>;

// bool covers types 0/1; the others map one to one onto the wire types.
using HeaderValue =
    std::variant<bool, int8_t, int16_t, int32_t, int64_t, Bytes, std::string, Timestamp, Uuid>;

HeaderType header_type(const HeaderValue& value);

struct Header {
  std::string name;
  HeaderValue value;
  bool operator==(const Header&) const = default;
};

struct Message {
  std::vector<Header> headers;  // wire order is kept
  std::string payload;

  // The first header with this name, if any.
  const HeaderValue* find(std::string_view name) const;
  // The value of a string header (type 7), if present.
  std::optional<std::string> string_header(std::string_view name) const;
  bool operator==(const Message&) const = default;
};

// Bedrock's own header order for events and modeled exceptions (reference §6, recorded):
// :event-type / :exception-type, then :content-type, then :message-type.
Message make_event(std::string_view event_type, std::string payload,
                   std::string_view content_type = "application/json");
Message make_exception(std::string_view exception_type, std::string payload,
                       std::string_view content_type = "application/json");

}  // namespace bedrock::event_stream
