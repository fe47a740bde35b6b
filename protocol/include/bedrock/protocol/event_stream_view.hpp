#pragma once
// A decoded event-stream frame that owns nothing: header names, string and byte values and the
// payload are views into the frame's bytes, and the headers are read from the (already checked)
// headers block as they are iterated. decode_view() (event_stream.hpp) makes one without a heap
// allocation; to_message() turns it into the owning Message that decode() returns.
//
// Lifetime: a MessageView is valid as long as the bytes it was decoded from.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>
#include <variant>

#include "bedrock/protocol/event_stream_message.hpp"

namespace bedrock::event_stream {

struct BytesView {
  std::string_view data;
  bool operator==(const BytesView&) const = default;
};

// HeaderValue with views for types 6 (bytes) and 7 (string); the same alternatives in the same
// order, so index() and header_type() agree with HeaderValue's.
using HeaderValueView = std::variant<bool, int8_t, int16_t, int32_t, int64_t, BytesView,
                                     std::string_view, Timestamp, Uuid>;

HeaderType header_type(const HeaderValueView& value);
HeaderValue to_value(const HeaderValueView& value);  // an owning copy

struct HeaderView {
  std::string_view name;
  HeaderValueView value;
  bool operator==(const HeaderView&) const = default;
  Header to_header() const { return {std::string(name), to_value(value)}; }
};

class MessageView;

// The headers of a MessageView, in wire order. Iterating reads them from the headers block,
// which decode_view() checked entirely, so reading cannot fail.
class HeaderViews {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = HeaderView;
    using difference_type = std::ptrdiff_t;
    using pointer = const HeaderView*;
    using reference = const HeaderView&;

    iterator() = default;
    reference operator*() const { return current_; }
    pointer operator->() const { return &current_; }
    iterator& operator++() {
      read();
      return *this;
    }
    iterator operator++(int) {
      iterator before = *this;
      read();
      return before;
    }
    // Iterators of the same block compare by position.
    bool operator==(const iterator& other) const { return position_ == other.position_; }

   private:
    friend class HeaderViews;
    iterator(std::string_view block, std::size_t position);
    void read();  // current_ := the header at next_, or the end position when none is left

    std::string_view block_;
    std::size_t position_ = 0;  // offset of current_ in block_; block_.size() at the end
    std::size_t next_ = 0;      // offset of the header after current_
    HeaderView current_;
  };

  HeaderViews() = default;
  iterator begin() const { return iterator(block_, 0); }
  iterator end() const { return iterator(block_, block_.size()); }
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  std::string_view block() const { return block_; }  // the raw headers block

 private:
  friend struct MessageViewAccess;
  HeaderViews(std::string_view block, std::size_t count) : block_(block), count_(count) {}

  std::string_view block_;
  std::size_t count_ = 0;
};

class MessageView {
 public:
  MessageView() = default;

  const HeaderViews& headers() const { return headers_; }
  std::string_view payload() const { return payload_; }
  std::string_view frame() const { return frame_; }  // every byte of the frame, CRCs included

  // The first header with this name, if any (as Message::find).
  std::optional<HeaderValueView> find(std::string_view name) const;
  // The value of a string header (type 7), if present (as Message::string_header).
  std::optional<std::string_view> string_header(std::string_view name) const;

  // The owning equivalent: decode(frame) == decode_view(frame)->to_message().
  Message to_message() const;

 private:
  friend struct MessageViewAccess;
  MessageView(std::string_view frame, HeaderViews headers, std::string_view payload)
      : frame_(frame), headers_(headers), payload_(payload) {}

  std::string_view frame_;
  HeaderViews headers_;
  std::string_view payload_;
};

bool operator==(const MessageView& view, const Message& message);

}  // namespace bedrock::event_stream
