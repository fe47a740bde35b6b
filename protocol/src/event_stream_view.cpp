#include "bedrock/protocol/event_stream_view.hpp"

#include <string>
#include <type_traits>

#include "event_stream_header_reader.hpp"

namespace bedrock::event_stream {

HeaderType header_type(const HeaderValueView& value) {
  // The alternatives are HeaderValue's, in the same order.
  if (value.index() == 0) {
    return std::get<bool>(value) ? HeaderType::kBoolTrue : HeaderType::kBoolFalse;
  }
  return static_cast<HeaderType>(value.index() + 1);
}

HeaderValue to_value(const HeaderValueView& value) {
  return std::visit(
      [](const auto& v) -> HeaderValue {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, BytesView>) {
          return Bytes{std::string(v.data)};
        } else if constexpr (std::is_same_v<T, std::string_view>) {
          return std::string(v);
        } else {
          return v;
        }
      },
      value);
}

HeaderViews::iterator::iterator(std::string_view block, std::size_t position)
    : block_(block), position_(position), next_(position) {
  read();
}

void HeaderViews::iterator::read() {
  position_ = next_;
  if (next_ >= block_.size()) {
    position_ = block_.size();
    return;
  }
  // Cannot fail: decode_view() checked the whole block.
  [[maybe_unused]] auto read = detail::read_header(block_, 0, 0, next_, /*check=*/false, current_);
}

std::optional<HeaderValueView> MessageView::find(std::string_view name) const {
  for (const HeaderView& header : headers_) {
    if (header.name == name) return header.value;
  }
  return std::nullopt;
}

std::optional<std::string_view> MessageView::string_header(std::string_view name) const {
  const auto value = find(name);
  if (!value || !std::holds_alternative<std::string_view>(*value)) return std::nullopt;
  return std::get<std::string_view>(*value);
}

Message MessageView::to_message() const {
  Message message;
  message.headers.reserve(headers_.size());
  for (const HeaderView& header : headers_) {
    message.headers.push_back(header.to_header());
  }
  message.payload.assign(payload_);
  return message;
}

bool operator==(const MessageView& view, const Message& message) {
  if (view.payload() != message.payload || view.headers().size() != message.headers.size()) {
    return false;
  }
  auto expected = message.headers.begin();
  for (const HeaderView& header : view.headers()) {
    if (header.name != expected->name || to_value(header.value) != expected->value) return false;
    ++expected;
  }
  return true;
}

}  // namespace bedrock::event_stream
