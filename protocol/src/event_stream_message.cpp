#include "bedrock/protocol/event_stream_message.hpp"

namespace bedrock::event_stream {

HeaderType header_type(const HeaderValue& value) {
  switch (value.index()) {
    case 0:
      return std::get<bool>(value) ? HeaderType::kBoolTrue : HeaderType::kBoolFalse;
    case 1:
      return HeaderType::kByte;
    case 2:
      return HeaderType::kShort;
    case 3:
      return HeaderType::kInt;
    case 4:
      return HeaderType::kLong;
    case 5:
      return HeaderType::kBytes;
    case 6:
      return HeaderType::kString;
    case 7:
      return HeaderType::kTimestamp;
    default:
      return HeaderType::kUuid;
  }
}

const HeaderValue* Message::find(std::string_view name) const {
  for (const auto& header : headers) {
    if (header.name == name) return &header.value;
  }
  return nullptr;
}

std::optional<std::string> Message::string_header(std::string_view name) const {
  const HeaderValue* value = find(name);
  if (value == nullptr || !std::holds_alternative<std::string>(*value)) return std::nullopt;
  return std::get<std::string>(*value);
}

Message make_event(std::string_view event_type, std::string payload, std::string_view content_type) {
  Message message;
  message.headers.push_back({":event-type", std::string(event_type)});
  message.headers.push_back({":content-type", std::string(content_type)});
  message.headers.push_back({":message-type", std::string("event")});
  message.payload = std::move(payload);
  return message;
}

Message make_exception(std::string_view exception_type, std::string payload,
                       std::string_view content_type) {
  Message message;
  message.headers.push_back({":exception-type", std::string(exception_type)});
  message.headers.push_back({":content-type", std::string(content_type)});
  message.headers.push_back({":message-type", std::string("exception")});
  message.payload = std::move(payload);
  return message;
}

}  // namespace bedrock::event_stream
