// The allocation-free shapes of the event-stream codec: decode_view() / MessageView,
// encode_to(), and EventStreamDecoder::next_view() / feed_views(). Each is held to its owning
// counterpart (decode(), encode(), feed()): same bytes, same messages, same errors. The shared
// vectors go through the same checks in event_stream_vectors_test.cpp. No timing here.
#include <gtest/gtest.h>

#include <cstdint>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "bedrock/protocol/event_stream.hpp"
#include "support/frame_bytes.hpp"

namespace bedrock::event_stream {
namespace {

using ::bedrock::test::raw_frame;
using ::bedrock::test::raw_header;

Message all_header_types() {
  Message message;
  message.headers = {
      {"true", true},
      {"false", false},
      {"byte", int8_t{-7}},
      {"short", int16_t{-20000}},
      {"int", int32_t{-500000}},
      {"long", int64_t{-5000000000}},
      {"bytes", Bytes{std::string("\x00\x01\xfe\xff", 4)}},
      {"string", std::string("h\xc3\xa9llo \xe2\x9c\x93")},
      {"timestamp", Timestamp{1700000000123}},
      {"uuid", Uuid{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc,
                    0xdd, 0xee, 0xff}},
      {"true", false},  // a repeated name: find() returns the first
  };
  message.payload = R"({"ok":true})";
  return message;
}

std::string encoded(const Message& message) {
  auto frame = encode(message);
  EXPECT_TRUE(frame) << frame.error().message();
  return frame ? *frame : std::string();
}

bool points_into(std::string_view part, std::string_view whole) {
  return part.empty() ||
         (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

// Random messages over every header type, for the encode_to / decode_view equivalences.
Message random_message(std::mt19937& rng) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> ascii('a', 'z');
  const auto text = [&](std::size_t size) {
    std::string s(size, '\0');
    for (char& c : s) c = static_cast<char>(ascii(rng));
    return s;
  };
  const auto bytes = [&](std::size_t size) {
    std::string s(size, '\0');
    for (char& c : s) c = static_cast<char>(byte(rng));
    return s;
  };
  Message message;
  const auto headers = std::uniform_int_distribution<int>(0, 6)(rng);
  for (int i = 0; i < headers; ++i) {
    std::string name = text(std::uniform_int_distribution<std::size_t>(1, 20)(rng));
    const auto size = std::uniform_int_distribution<std::size_t>(0, 40)(rng);
    switch (std::uniform_int_distribution<int>(0, 8)(rng)) {
      case 0:
        message.headers.push_back({name, byte(rng) % 2 == 0});
        break;
      case 1:
        message.headers.push_back({name, static_cast<int8_t>(byte(rng) - 128)});
        break;
      case 2:
        message.headers.push_back({name, static_cast<int16_t>(rng())});
        break;
      case 3:
        message.headers.push_back({name, static_cast<int32_t>(rng())});
        break;
      case 4:
        message.headers.push_back({name, static_cast<int64_t>(uint64_t{rng()} << 32 | rng())});
        break;
      case 5:
        message.headers.push_back({name, Bytes{bytes(size)}});
        break;
      case 6:
        message.headers.push_back({name, text(size)});
        break;
      case 7:
        message.headers.push_back({name, Timestamp{static_cast<int64_t>(rng())}});
        break;
      default: {
        Uuid uuid{};
        for (auto& b : uuid) b = static_cast<uint8_t>(byte(rng));
        message.headers.push_back({name, uuid});
      }
    }
  }
  message.payload = bytes(std::uniform_int_distribution<std::size_t>(0, 3000)(rng));
  return message;
}

// ---------------------------------------------------------------- decode_view

TEST(EventStreamDecodeView, EqualsDecodeForEveryHeaderType) {
  const std::string frame = encoded(all_header_types());
  auto view = decode_view(frame);
  ASSERT_TRUE(view) << view.error().message();
  EXPECT_TRUE(*view == all_header_types());
  EXPECT_EQ(view->to_message(), all_header_types());
  EXPECT_EQ(view->to_message(), *decode(frame));
  EXPECT_EQ(view->headers().size(), all_header_types().headers.size());
  EXPECT_EQ(view->payload(), R"({"ok":true})");
}

TEST(EventStreamDecodeView, NamesValuesAndPayloadPointIntoTheFrame) {
  const std::string frame = encoded(all_header_types());
  auto view = decode_view(frame);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->frame().data(), frame.data());
  EXPECT_EQ(view->frame().size(), frame.size());
  EXPECT_EQ(view->payload().data(), frame.data() + frame.size() - 4 - view->payload().size());
  EXPECT_EQ(view->headers().block().data(), frame.data() + kPreludeBytes);
  for (const HeaderView& header : view->headers()) {
    EXPECT_TRUE(points_into(header.name, frame)) << header.name;
    if (const auto* s = std::get_if<std::string_view>(&header.value)) {
      EXPECT_TRUE(points_into(*s, frame));
    }
    if (const auto* b = std::get_if<BytesView>(&header.value)) {
      EXPECT_TRUE(points_into(b->data, frame));
    }
  }
}

TEST(EventStreamDecodeView, HeaderTypesAndValuesMatchTheOwningOnes) {
  const Message message = all_header_types();
  const std::string view_frame = encoded(message);  // the view's bytes: kept alive
  auto view = decode_view(view_frame);
  ASSERT_TRUE(view);
  auto expected = message.headers.begin();
  for (const HeaderView& header : view->headers()) {
    ASSERT_NE(expected, message.headers.end());
    EXPECT_EQ(header.name, expected->name);
    EXPECT_EQ(header_type(header.value), header_type(expected->value)) << header.name;
    EXPECT_EQ(header.value.index(), expected->value.index()) << header.name;
    EXPECT_EQ(to_value(header.value), expected->value) << header.name;
    EXPECT_EQ(header.to_header(), *expected);
    ++expected;
  }
  EXPECT_EQ(expected, message.headers.end());
}

TEST(EventStreamDecodeView, FindAndStringHeaderBehaveAsMessages) {
  const Message message = make_event("contentBlockDelta", "{}");
  const std::string view_frame = encoded(message);  // the view's bytes: kept alive
  auto view = decode_view(view_frame);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->string_header(":event-type"), "contentBlockDelta");
  EXPECT_EQ(view->string_header(":message-type"), "event");
  EXPECT_EQ(view->string_header(":missing"), std::nullopt);
  EXPECT_FALSE(view->find(":missing").has_value());

  const Message typed = all_header_types();
  const std::string typed_view_frame = encoded(typed);  // the view's bytes: kept alive
  auto typed_view = decode_view(typed_view_frame);
  ASSERT_TRUE(typed_view);
  ASSERT_TRUE(typed_view->find("true").has_value());
  EXPECT_EQ(std::get<bool>(*typed_view->find("true")), true);  // the first of the two
  EXPECT_EQ(typed_view->string_header("int"), std::nullopt);   // not a string header
  EXPECT_EQ(typed_view->string_header("bytes"), std::nullopt);
  EXPECT_EQ(typed_view->string_header("string"), typed.string_header("string"));
}

TEST(EventStreamDecodeView, HeaderIterationOfAFrameWithoutHeaders) {
  Message message;
  message.payload = "only a payload";
  const std::string view_frame = encoded(message);  // the view's bytes: kept alive
  auto view = decode_view(view_frame);
  ASSERT_TRUE(view);
  EXPECT_TRUE(view->headers().empty());
  EXPECT_EQ(view->headers().size(), 0u);
  EXPECT_EQ(view->headers().begin(), view->headers().end());
  EXPECT_EQ(view->payload(), "only a payload");
}

TEST(EventStreamDecodeView, HeaderIteratorsWalkEveryHeaderOnce) {
  const std::string view_frame = encoded(all_header_types());  // the view's bytes: kept alive
  auto view = decode_view(view_frame);
  ASSERT_TRUE(view);
  const auto& headers = view->headers();
  EXPECT_EQ(static_cast<std::size_t>(std::distance(headers.begin(), headers.end())),
            headers.size());
  auto it = headers.begin();
  const auto first = it++;
  EXPECT_EQ(first->name, "true");
  EXPECT_EQ(it->name, "false");
  EXPECT_EQ((++it)->name, "byte");
}

TEST(EventStreamDecodeView, RandomMessagesDecodeAsDecodeDoes) {
  std::mt19937 rng(18);
  for (int round = 0; round < 300; ++round) {
    const Message message = random_message(rng);
    const std::string frame = encoded(message);
    auto view = decode_view(frame);
    ASSERT_TRUE(view) << view.error().message();
    ASSERT_EQ(view->to_message(), message) << "round " << round;
    ASSERT_TRUE(*view == message) << "round " << round;
  }
}

// Every byte of a valid frame, flipped several ways: decode() and decode_view() must accept the
// same frames and report the same error (kind and detail) for the others.
TEST(EventStreamDecodeView, RefusesExactlyWhatDecodeRefusesWithTheSameError) {
  const std::string frame = encoded(all_header_types());
  for (std::size_t at = 0; at < frame.size(); ++at) {
    for (unsigned mask : {0x01u, 0x80u, 0xffu}) {
      std::string bad = frame;
      bad[at] = static_cast<char>(static_cast<unsigned char>(bad[at]) ^ mask);
      for (bool reseal : {false, true}) {
        if (reseal) test::reseal(bad);  // past the CRCs, into the lengths and headers checks
        auto owning = decode(bad);
        auto view = decode_view(bad);
        ASSERT_EQ(owning.has_value(), view.has_value()) << "byte " << at << " ^ " << mask;
        if (owning) {
          ASSERT_EQ(view->to_message(), *owning) << "byte " << at;
        } else {
          ASSERT_EQ(view.error().message(), owning.error().message()) << "byte " << at;
        }
      }
    }
  }
}

TEST(EventStreamDecodeView, RefusesShortAndMislengthedInputAsDecodeDoes) {
  const std::string frame = encoded(make_event("chunk", "abc"));
  for (std::size_t size = 0; size < frame.size() + 3; ++size) {
    std::string input = frame.substr(0, std::min(size, frame.size()));
    input.resize(size, '\0');
    auto owning = decode(input);
    auto view = decode_view(input);
    ASSERT_EQ(owning.has_value(), view.has_value()) << size;
    if (!owning) {
      EXPECT_EQ(view.error().message(), owning.error().message());
    }
  }
}

TEST(EventStreamDecodeView, ChecksUtf8OfNamesAndStringValuesButNotOfBytes) {
  const std::string bad_name = raw_frame(raw_header("n\xff", 0, ""), "");
  const std::string bad_string = raw_frame(raw_header("n", 7, std::string("\x00\x01\xff", 3)), "");
  const std::string raw_bytes = raw_frame(raw_header("n", 6, std::string("\x00\x01\xff", 3)), "");
  ASSERT_FALSE(decode_view(bad_name));
  EXPECT_EQ(decode_view(bad_name).error().kind, FrameErrorKind::kInvalidUtf8HeaderName);
  ASSERT_FALSE(decode_view(bad_string));
  EXPECT_EQ(decode_view(bad_string).error().kind, FrameErrorKind::kInvalidUtf8HeaderValue);
  auto bytes = decode_view(raw_bytes);
  ASSERT_TRUE(bytes) << bytes.error().message();
  EXPECT_EQ(std::get<BytesView>(*bytes->find("n")).data, "\xff");
}

// ---------------------------------------------------------------- UTF-8 (the ASCII fast path)

// An invalid byte, or a valid multi-byte sequence, at every position of strings of every length
// up to 40 (the word-at-a-time check covers 8 bytes per step and its overlapping last word).
TEST(EventStreamUtf8, EveryPositionAndLengthIsChecked) {
  for (std::size_t length = 1; length <= 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      std::string value(length, 'a');
      value[at] = '\xff';
      Message bad;
      bad.headers = {{"s", value}};
      auto refused = encode(bad);
      ASSERT_FALSE(refused) << "length " << length << ", 0xff at " << at;
      EXPECT_EQ(refused.error().kind, FrameErrorKind::kInvalidUtf8HeaderValue);

      std::string good(length, 'a');
      good.replace(at, 1, "\xe2\x9c\x93");  // U+2713, three bytes
      Message fine;
      fine.headers = {{"s", good}};
      auto frame = encode(fine);
      ASSERT_TRUE(frame) << "length " << length << ", U+2713 at " << at;
      auto view = decode_view(*frame);
      ASSERT_TRUE(view) << view.error().message();
      EXPECT_EQ(view->string_header("s"), good);

      std::string cut(length, 'a');
      cut[length - 1] = '\xe2';  // a lead byte without its continuation bytes
      Message truncated;
      truncated.headers = {{"s", cut}};
      EXPECT_FALSE(encode(truncated)) << "length " << length;
    }
  }
}

// ---------------------------------------------------------------- encode_to

TEST(EventStreamEncodeTo, AppendsExactlyWhatEncodeReturns) {
  std::mt19937 rng(1808);
  std::string buffer = "prefix";
  std::string expected = "prefix";
  for (int round = 0; round < 300; ++round) {
    const Message message = random_message(rng);
    auto written = encode_to(message, buffer);
    ASSERT_TRUE(written) << written.error().message();
    expected += encoded(message);
    ASSERT_EQ(buffer, expected) << "round " << round;
  }
}

TEST(EventStreamEncodeTo, LeavesTheBufferUnchangedWhenRefused) {
  Message bad;
  bad.headers = {{"ok", std::string("fine")}, {"", true}};  // an empty name
  std::string buffer = "kept";
  auto written = encode_to(bad, buffer);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().kind, FrameErrorKind::kHeaderNameEmptyOrTooLong);
  EXPECT_EQ(written.error().message(), encode(bad).error().message());
  EXPECT_EQ(buffer, "kept");

  Message too_large;
  too_large.payload.assign(kMaxPayloadBytes + 1, 'x');
  EXPECT_EQ(encode_to(too_large, buffer).error().kind, FrameErrorKind::kPayloadTooLarge);
  EXPECT_EQ(buffer, "kept");
}

TEST(EventStreamEncodeTo, ReusesTheBufferItIsGiven) {
  const Message message = make_event("contentBlockDelta", std::string(200, 'p'));
  std::string buffer;
  buffer.reserve(4096);
  const char* storage = buffer.data();
  for (int i = 0; i < 100; ++i) {
    buffer.clear();
    ASSERT_TRUE(encode_to(message, buffer));
    ASSERT_EQ(buffer.data(), storage) << "the buffer was reallocated";
  }
  EXPECT_EQ(buffer, encoded(message));
}

// ---------------------------------------------------------------- decoder views

std::vector<Message> stream_messages() {
  Message with_types = all_header_types();
  with_types.payload = std::string(300, 'z');
  Message empty;
  return {make_event("messageStart", R"({"role":"assistant"})"), with_types, empty,
          make_exception("modelStreamErrorException", R"({"message":"boom"})")};
}

std::string stream_bytes(const std::vector<Message>& messages) {
  std::string bytes;
  for (const auto& message : messages) bytes += encoded(message);
  return bytes;
}

// Feeds `chunks` through next_view(); copies each view out before the next call.
std::vector<Message> decode_views(const std::vector<std::string_view>& chunks) {
  EventStreamDecoder decoder;
  std::vector<Message> out;
  for (auto chunk : chunks) {
    for (std::size_t at = 0;;) {
      auto next = decoder.next_view(chunk, at);
      EXPECT_TRUE(next) << next.error().message();
      if (!next || !*next) break;
      out.push_back((*next)->to_message());
    }
  }
  EXPECT_TRUE(decoder.finish());
  EXPECT_EQ(decoder.buffered_bytes(), 0u);
  return out;
}

TEST(EventStreamDecoderViews, AStreamSplitAtEveryByteOffsetYieldsEveryMessage) {
  const auto messages = stream_messages();
  const std::string bytes = stream_bytes(messages);
  for (std::size_t split = 0; split <= bytes.size(); ++split) {
    const std::string_view all(bytes);
    ASSERT_EQ(decode_views({all.substr(0, split), all.substr(split)}), messages)
        << "split at " << split;
  }
}

TEST(EventStreamDecoderViews, AStreamFedByteByByteYieldsEveryMessage) {
  const auto messages = stream_messages();
  const std::string bytes = stream_bytes(messages);
  std::vector<std::string_view> chunks;
  for (std::size_t i = 0; i < bytes.size(); ++i)
    chunks.push_back(std::string_view(bytes).substr(i, 1));
  EXPECT_EQ(decode_views(chunks), messages);
}

TEST(EventStreamDecoderViews, ThreeWaySplitsAgreeWithFeed) {
  const auto messages = stream_messages();
  const std::string bytes = stream_bytes(messages);
  const std::string_view all(bytes);
  for (std::size_t a = 0; a <= bytes.size(); a += 7) {
    for (std::size_t b = a; b <= bytes.size(); b += 13) {
      const std::vector<std::string_view> chunks = {all.substr(0, a), all.substr(a, b - a),
                                                    all.substr(b)};
      EventStreamDecoder owning;
      std::vector<Message> fed;
      for (auto chunk : chunks) {
        auto out = owning.feed(chunk);
        ASSERT_TRUE(out);
        fed.insert(fed.end(), out->begin(), out->end());
      }
      ASSERT_EQ(decode_views(chunks), fed) << a << "/" << b;
      ASSERT_EQ(fed, messages);
    }
  }
}

TEST(EventStreamDecoderViews, WholeFramesInAChunkAreViewedInPlace) {
  const std::string bytes = stream_bytes(stream_messages());
  EventStreamDecoder decoder;
  std::size_t frames = 0;
  auto fed = decoder.feed_views(bytes, [&](const MessageView& view) {
    EXPECT_TRUE(points_into(view.frame(), bytes));
    ++frames;
  });
  ASSERT_TRUE(fed);
  EXPECT_EQ(frames, stream_messages().size());
  EXPECT_TRUE(decoder.finish());
}

TEST(EventStreamDecoderViews, AStraddlingFrameIsViewedInTheBufferUntilTheNextCall) {
  const Message message = make_event("chunk", std::string(100, 'q'));
  const std::string frame = encoded(message);
  const std::string_view all(frame);
  EventStreamDecoder decoder;
  std::size_t at = 0;
  auto first = decoder.next_view(all.substr(0, 50), at);
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->has_value());
  EXPECT_EQ(at, 50u);
  EXPECT_EQ(decoder.buffered_bytes(), 50u);

  const std::string_view rest = all.substr(50);
  at = 0;
  auto second = decoder.next_view(rest, at);
  ASSERT_TRUE(second);
  ASSERT_TRUE(second->has_value());
  EXPECT_EQ(at, rest.size());
  EXPECT_FALSE(points_into((*second)->frame(), rest));  // the decoder's copy of the frame
  EXPECT_TRUE(**second == message);
  EXPECT_EQ(decoder.buffered_bytes(), 0u);  // complete: nothing is pending
  EXPECT_TRUE(decoder.finish());

  auto done = decoder.next_view(rest, at);  // the chunk is used up
  ASSERT_TRUE(done);
  EXPECT_FALSE(done->has_value());
}

TEST(EventStreamDecoderViews, FeedViewsStopsWhenTheCallbackSaysSo) {
  const std::string bytes = stream_bytes(stream_messages());
  EventStreamDecoder decoder;
  int seen = 0;
  auto fed = decoder.feed_views(bytes, [&](const MessageView&) { return ++seen < 2; });
  ASSERT_TRUE(fed);
  EXPECT_EQ(seen, 2);
}

TEST(EventStreamDecoderViews, FramesBeforeABadOneAreHandedOutAndTheErrorIsSticky) {
  const auto messages = stream_messages();
  std::string bytes = stream_bytes(messages);
  const std::size_t first_size = encoded(messages[0]).size();
  bytes[first_size + 8] = static_cast<char>(bytes[first_size + 8] ^ 0x01);  // 2nd prelude CRC
  EventStreamDecoder decoder;
  std::vector<Message> seen;
  auto fed = decoder.feed_views(
      bytes, [&](const MessageView& view) { seen.push_back(view.to_message()); });
  ASSERT_FALSE(fed);
  EXPECT_EQ(fed.error().kind, FrameErrorKind::kPreludeChecksumMismatch);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], messages[0]);
  EXPECT_TRUE(decoder.failed());
  std::size_t at = 0;
  auto again = decoder.next_view(encoded(messages[0]), at);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, FrameErrorKind::kPreludeChecksumMismatch);
  EXPECT_EQ(decoder.finish().error().kind, FrameErrorKind::kPreludeChecksumMismatch);

  // feed() keeps its contract: nothing from the failing chunk.
  EventStreamDecoder owning;
  auto out = owning.feed(bytes);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().kind, FrameErrorKind::kPreludeChecksumMismatch);
}

TEST(EventStreamDecoderViews, AStreamEndingInsideAFrameIsTruncated) {
  const std::string frame = encoded(make_event("chunk", "abc"));
  EventStreamDecoder decoder;
  ASSERT_TRUE(decoder.feed_views(std::string_view(frame).substr(0, frame.size() - 1),
                                 [](const MessageView&) { ADD_FAILURE() << "no frame is whole"; }));
  EXPECT_EQ(decoder.buffered_bytes(), frame.size() - 1);
  auto end = decoder.finish();
  ASSERT_FALSE(end);
  EXPECT_EQ(end.error().kind, FrameErrorKind::kTruncatedFrame);
}

}  // namespace
}  // namespace bedrock::event_stream
