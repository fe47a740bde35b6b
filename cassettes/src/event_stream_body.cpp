#include "event_stream_body.hpp"

#include <cctype>
#include <nlohmann/json.hpp>

#include "bedrock/protocol/event_stream.hpp"

namespace bedrock::cassettes {
namespace {

std::optional<event_stream::Message> event_of(const nlohmann::ordered_json& value) {
  if (!value.is_object() || value.size() != 1) return std::nullopt;
  // Through the object iterator: a structured binding over items() would bind to a proxy that
  // dies at the end of the statement (ASan: stack-use-after-scope).
  const auto member = value.begin();
  const std::string& name = member.key();
  const nlohmann::ordered_json& payload = member.value();
  if (name.empty() || !(payload.is_object() || payload.is_array())) return std::nullopt;
  std::string bytes = payload.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::strict);
  if (name.size() > 9 && name.ends_with("Exception")) {
    // Bedrock names exception frames in lowerCamel (modelStreamErrorException, reference §6).
    std::string type = name;
    type[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(type[0])));
    return event_stream::make_exception(type, std::move(bytes));
  }
  return event_stream::make_event(name, std::move(bytes));
}

}  // namespace

Expected<DecodedEventStream, std::string> decode_event_stream_body(std::string_view bytes) {
  event_stream::EventStreamDecoder decoder;
  auto messages = decoder.feed(bytes);
  if (!messages) return unexpected(messages.error().message());
  DecodedEventStream out;
  out.messages = std::move(*messages);
  if (!decoder.finish()) out.trailing_bytes = decoder.buffered_bytes();
  return out;
}

std::optional<std::string> latin1_bytes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool beyond_ascii = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < text.size() &&
               (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
      out.push_back(
          static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F)));
      ++i;
      beyond_ascii = true;
    } else {
      return std::nullopt;  // a code point >= U+0100, or not UTF-8
    }
  }
  if (!beyond_ascii) return std::nullopt;
  return out;
}

std::optional<std::vector<event_stream::Message>> events_from_decoded_json(std::string_view text) {
  std::vector<event_stream::Message> events;
  const auto whole = nlohmann::ordered_json::parse(text, nullptr, false);
  if (!whole.is_discarded()) {
    if (!whole.is_array() || whole.empty()) {
      if (auto event = whole.is_object() ? event_of(whole) : std::nullopt)
        return std::vector{*event};
      return std::nullopt;
    }
    for (const auto& item : whole) {
      auto event = event_of(item);
      if (!event) return std::nullopt;
      events.push_back(std::move(*event));
    }
    return events;
  }
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty()) continue;
    const auto value = nlohmann::ordered_json::parse(line, nullptr, false);
    if (value.is_discarded()) return std::nullopt;
    auto event = event_of(value);
    if (!event) return std::nullopt;
    events.push_back(std::move(*event));
  }
  if (events.empty()) return std::nullopt;
  return events;
}

}  // namespace bedrock::cassettes
