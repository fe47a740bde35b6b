// The project's own event-stream codec tests: they need nothing from shared/. Frames are built
// by hand (support/frame_bytes.hpp) or read from tests/golden/event_stream/.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/event_stream.hpp"
#include "support/frame_bytes.hpp"
#include "support/shared_data.hpp"

namespace bedrock::event_stream {
namespace {

using ::bedrock::test::be32;
using ::bedrock::test::from_hex;
using ::bedrock::test::prelude_only;
using ::bedrock::test::raw_frame;
using ::bedrock::test::raw_header;
using ::bedrock::test::read_be32;
using ::testing::HasSubstr;

// Golden hex files: '#' starts a comment, whitespace is ignored.
std::string golden_frame(const std::string& name) {
  const std::string text =
      test::read_file(test::source_dir() / "tests" / "golden" / "event_stream" / name);
  std::string hex;
  bool comment = false;
  for (char c : text) {
    if (c == '#') comment = true;
    if (c == '\n') comment = false;
    if (!comment) hex.push_back(c);
  }
  return from_hex(hex);
}

Message all_header_types_message() {
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
  };
  message.payload = R"({"ok":true})";
  return message;
}

FrameErrorKind decode_error_kind(std::string_view frame) {
  auto result = decode(frame);
  EXPECT_FALSE(result.has_value()) << "decoded although it should not";
  return result ? FrameErrorKind::kTruncatedFrame : result.error().kind;
}

FrameErrorKind encode_error_kind(const Message& message) {
  auto result = encode(message);
  EXPECT_FALSE(result.has_value()) << "encoded although it should not";
  return result ? FrameErrorKind::kTruncatedFrame : result.error().kind;
}

// ---------------------------------------------------------------- CRC and the worked frame

TEST(EventStreamCrc, IsZlibCrc32) {
  EXPECT_EQ(crc32(""), 0u);
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);  // the CRC-32/ISO-HDLC check value
}

// Reference §6: the first frame of openllmetry test_nova_converse_stream.yaml, 145 bytes.
TEST(EventStreamEncode, ReproducesTheWorkedMessageStartFrameFromTheReference) {
  const std::string payload = R"({"p":"abcdefghijklmnopqrst","role":"assistant"})";
  // One line per row of the reference's byte listing.
  // clang-format off
  const std::string expected =
      from_hex("00000091 00000052 0c21e111") +
      from_hex("0b") + ":event-type" + from_hex("07 000c") + "messageStart" +
      from_hex("0d") + ":content-type" + from_hex("07 0010") + "application/json" +
      from_hex("0d") + ":message-type" + from_hex("07 0005") + "event" +
      payload +
      from_hex("bf0f9648");
  // clang-format on
  ASSERT_EQ(expected.size(), 145u);

  auto frame = encode(make_event("messageStart", payload));
  ASSERT_TRUE(frame) << frame.error().message();
  EXPECT_EQ(frame->size(), 145u);
  EXPECT_EQ(read_be32(*frame, 0), 145u);           // total length
  EXPECT_EQ(read_be32(*frame, 4), 82u);            // headers length: 27 + 33 + 22
  EXPECT_EQ(read_be32(*frame, 8), 0x0c21e111u);    // prelude CRC
  EXPECT_EQ(read_be32(*frame, 141), 0xbf0f9648u);  // message CRC
  EXPECT_EQ(encoding::to_hex(*frame), encoding::to_hex(expected));

  auto decoded = decode(expected);
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(decoded->string_header(":event-type"), "messageStart");
  EXPECT_EQ(decoded->string_header(":content-type"), "application/json");
  EXPECT_EQ(decoded->string_header(":message-type"), "event");
}

TEST(EventStreamEncode, EmptyMessageIsThe16ByteMinimumFrame) {
  auto frame = encode(Message{});
  ASSERT_TRUE(frame);
  // Same bytes as aws-sdk-go's testdata/encoded/positive/empty_message (prelude CRC 0x05c248eb).
  EXPECT_EQ(encoding::to_hex(*frame), "000000100000000005c248eb7d98c8ff");
}

// ---------------------------------------------------------------- every header type

TEST(EventStreamEncode, WritesEveryHeaderTypeAsTheGoldenFrame) {
  auto frame = encode(all_header_types_message());
  ASSERT_TRUE(frame) << frame.error().message();
  EXPECT_EQ(encoding::to_hex(*frame), encoding::to_hex(golden_frame("all_header_types.hex")));
}

TEST(EventStreamDecode, ReadsEveryHeaderTypeFromTheGoldenFrame) {
  auto message = decode(golden_frame("all_header_types.hex"));
  ASSERT_TRUE(message) << message.error().message();
  EXPECT_EQ(*message, all_header_types_message());
  ASSERT_EQ(message->headers.size(), 10u);
  for (std::size_t i = 0; i < message->headers.size(); ++i) {
    EXPECT_EQ(static_cast<int>(header_type(message->headers[i].value)), static_cast<int>(i))
        << message->headers[i].name;
  }
}

struct HeaderTypeCase {
  const char* label;
  HeaderValue value;
  std::string wire;  // type byte and value bytes
};

class EventStreamHeaderType : public ::testing::TestWithParam<HeaderTypeCase> {};

INSTANTIATE_TEST_SUITE_P(
    AllTypes, EventStreamHeaderType,
    ::testing::Values(
        HeaderTypeCase{"BoolTrue", true, from_hex("00")},
        HeaderTypeCase{"BoolFalse", false, from_hex("01")},
        HeaderTypeCase{"ByteMin", int8_t{-128}, from_hex("02 80")},
        HeaderTypeCase{"ByteMax", int8_t{127}, from_hex("02 7f")},
        HeaderTypeCase{"ShortMin", int16_t{-32768}, from_hex("03 8000")},
        HeaderTypeCase{"IntMax", int32_t{2147483647}, from_hex("04 7fffffff")},
        HeaderTypeCase{"IntNegativeOne", int32_t{-1}, from_hex("04 ffffffff")},
        HeaderTypeCase{"LongMin", int64_t{INT64_MIN}, from_hex("05 8000000000000000")},
        HeaderTypeCase{"BytesEmpty", Bytes{}, from_hex("06 0000")},
        HeaderTypeCase{"BytesBinary", Bytes{std::string("\x00\xff", 2)}, from_hex("06 0002 00ff")},
        HeaderTypeCase{"StringEmpty", std::string(), from_hex("07 0000")},
        HeaderTypeCase{"StringUtf8", std::string("\xe2\x9c\x93"), from_hex("07 0003 e29c93")},
        // Reference §6: timestamps are milliseconds (smithy-rs: 5,000,000 s -> 5,000,000,000).
        HeaderTypeCase{"TimestampMillis", Timestamp{5000000000}, from_hex("08 000000012a05f200")},
        HeaderTypeCase{"TimestampBeforeEpoch", Timestamp{-1}, from_hex("08 ffffffffffffffff")},
        HeaderTypeCase{"Uuid",
                       Uuid{0xb7, 0x9b, 0xc9, 0x14, 0xde, 0x21, 0x4e, 0x13, 0xb8, 0xb2, 0xbc, 0x47,
                            0xe8, 0x5b, 0x7f, 0x0b},
                       from_hex("09 b79bc914de214e13b8b2bc47e85b7f0b")}),
    [](const auto& type_case) { return std::string(type_case.param.label); });

TEST_P(EventStreamHeaderType, EncodesToTheHandBuiltFrameAndDecodesBack) {
  Message message;
  message.headers.push_back({"h", GetParam().value});
  message.payload = "x";
  const std::string expected = raw_frame("\x01h" + GetParam().wire, "x");

  auto frame = encode(message);
  ASSERT_TRUE(frame) << frame.error().message();
  EXPECT_EQ(encoding::to_hex(*frame), encoding::to_hex(expected));
  auto decoded = decode(expected);
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(*decoded, message);
}

TEST(EventStreamDecode, KeepsHeaderOrderAndDuplicateNames) {
  Message message;
  message.headers = {{"b", int32_t{1}}, {"a", int32_t{2}}, {"b", int32_t{3}}};
  auto frame = encode(message);
  ASSERT_TRUE(frame);
  auto decoded = decode(*frame);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->headers, message.headers);
  EXPECT_EQ(std::get<int32_t>(*decoded->find("b")), 1);
}

TEST(EventStreamEncode, AcceptsValuesExactlyAtTheLimits) {
  Message message;
  message.headers.push_back({std::string(kMaxHeaderNameBytes, 'n'), true});
  message.headers.push_back({"s", std::string(kMaxHeaderValueBytes, 's')});
  message.headers.push_back({"b", Bytes{std::string(kMaxHeaderValueBytes, '\0')}});
  auto frame = encode(message);
  ASSERT_TRUE(frame) << frame.error().message();
  auto decoded = decode(*frame);
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(*decoded, message);
}

TEST(EventStreamEncode, AcceptsAHeadersBlockOfExactly128KiBAndAPayloadOfExactly16MiB) {
  Message message;
  // 4 headers of 1 + 1 + 1 + 2 + 32763 bytes = 131072 bytes.
  for (char name : std::string("abcd")) {
    message.headers.push_back({std::string(1, name), std::string(32763, 'v')});
  }
  message.payload.assign(kMaxPayloadBytes, 'p');
  auto frame = encode(message);
  ASSERT_TRUE(frame) << frame.error().message();
  EXPECT_EQ(frame->size(), kMaxFrameBytes);
  EXPECT_EQ(read_be32(*frame, 4), kMaxHeadersBytes);
  auto decoded = decode(*frame);
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(*decoded, message);
}

// ---------------------------------------------------------------- limits on encode

TEST(EventStreamEncodeLimits, RefusesAnEmptyHeaderName) {
  Message message;
  message.headers.push_back({"", true});
  EXPECT_EQ(encode_error_kind(message), FrameErrorKind::kHeaderNameEmptyOrTooLong);
}

TEST(EventStreamEncodeLimits, RefusesAHeaderNameOf256Bytes) {
  Message message;
  message.headers.push_back({std::string(256, 'n'), true});
  EXPECT_EQ(encode_error_kind(message), FrameErrorKind::kHeaderNameEmptyOrTooLong);
}

TEST(EventStreamEncodeLimits, RefusesAHeaderNameThatIsNotUtf8) {
  Message message;
  message.headers.push_back({"bad\xff", true});
  EXPECT_EQ(encode_error_kind(message), FrameErrorKind::kInvalidUtf8HeaderName);
}

TEST(EventStreamEncodeLimits, RefusesAStringValueOf32768Bytes) {
  Message message;
  message.headers.push_back({"s", std::string(kMaxHeaderValueBytes + 1, 's')});
  EXPECT_EQ(encode_error_kind(message), FrameErrorKind::kHeaderValueTooLong);
}

TEST(EventStreamEncodeLimits, RefusesAByteArrayValueOf32768Bytes) {
  Message message;
  message.headers.push_back({"b", Bytes{std::string(kMaxHeaderValueBytes + 1, 'b')}});
  EXPECT_EQ(encode_error_kind(message), FrameErrorKind::kHeaderValueTooLong);
}

TEST(EventStreamEncodeLimits, RefusesAStringValueThatIsNotUtf8) {
  Message message;
  message.headers.push_back({"s", std::string("\xc0\x80")});  // overlong NUL
  EXPECT_EQ(encode_error_kind(message), FrameErrorKind::kInvalidUtf8HeaderValue);
}

TEST(EventStreamEncodeLimits, RefusesAHeadersBlockAbove128KiB) {
  Message message;
  for (char name : std::string("abcd")) {
    message.headers.push_back({std::string(1, name), std::string(32763, 'v')});
  }
  message.headers.push_back({"e", true});  // 3 more bytes
  auto result = encode(message);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, FrameErrorKind::kHeadersTooLarge);
  EXPECT_THAT(result.error().detail, HasSubstr("131075"));
}

TEST(EventStreamEncodeLimits, RefusesAPayloadAbove16MiB) {
  Message message;
  message.payload.assign(kMaxPayloadBytes + 1, 'p');
  EXPECT_EQ(encode_error_kind(message), FrameErrorKind::kPayloadTooLarge);
}

// ---------------------------------------------------------------- each decode error kind

TEST(EventStreamDecodeErrors, FrameTooShortBelow16Bytes) {
  EXPECT_EQ(decode_error_kind(""), FrameErrorKind::kFrameTooShort);
  auto frame = encode(Message{});
  ASSERT_TRUE(frame);
  EXPECT_EQ(decode_error_kind(std::string_view(*frame).substr(0, 15)),
            FrameErrorKind::kFrameTooShort);
}

TEST(EventStreamDecodeErrors, PreludeChecksumMismatchNamesBothValues) {
  std::string frame = *encode(make_event("messageStart", "{}"));
  frame.replace(8, 4, from_hex("deadbeef"));
  auto result = decode(frame);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, FrameErrorKind::kPreludeChecksumMismatch);
  EXPECT_THAT(result.error().detail, HasSubstr("0xdeadbeef"));
  EXPECT_THAT(result.error().message(), HasSubstr("PreludeChecksumMismatch: "));
}

TEST(EventStreamDecodeErrors, PreludeChecksumIsCheckedBeforeTheLengthsItProtects) {
  std::string frame = *encode(make_event("messageStart", "{}"));
  frame[3] = static_cast<char>(frame[3] + 1);  // total length off by one, CRC not updated
  EXPECT_EQ(decode_error_kind(frame), FrameErrorKind::kPreludeChecksumMismatch);
}

TEST(EventStreamDecodeErrors, TotalLengthTooSmallBelow16) {
  EXPECT_EQ(decode_error_kind(prelude_only(15, 0)), FrameErrorKind::kTotalLengthTooSmall);
}

TEST(EventStreamDecodeErrors, TotalLengthTooLargeAboveTheFrameLimit) {
  EXPECT_EQ(decode_error_kind(prelude_only(static_cast<uint32_t>(kMaxFrameBytes + 1), 0)),
            FrameErrorKind::kTotalLengthTooLarge);
  EXPECT_EQ(decode_error_kind(prelude_only(0xFFFFFFFFu, 0)), FrameErrorKind::kTotalLengthTooLarge);
}

TEST(EventStreamDecodeErrors, HeadersLengthInvalidWhenItDoesNotFitTheFrame) {
  EXPECT_EQ(decode_error_kind(prelude_only(16, 1)), FrameErrorKind::kHeadersLengthInvalid);
  EXPECT_EQ(decode_error_kind(prelude_only(100, 85)), FrameErrorKind::kHeadersLengthInvalid);
}

TEST(EventStreamDecodeErrors, HeadersTooLargeAbove128KiB) {
  const auto headers = static_cast<uint32_t>(kMaxHeadersBytes + 1);
  EXPECT_EQ(decode_error_kind(prelude_only(16 + headers, headers)),
            FrameErrorKind::kHeadersTooLarge);
}

TEST(EventStreamDecodeErrors, PayloadTooLargeAbove16MiB) {
  const auto total = static_cast<uint32_t>(16 + kMaxPayloadBytes + 1);
  EXPECT_EQ(decode_error_kind(prelude_only(total, 0)), FrameErrorKind::kPayloadTooLarge);
}

TEST(EventStreamDecodeErrors, FrameLengthMismatchWhenInputIsLongerOrShorterThanAnnounced) {
  const std::string frame = *encode(make_event("messageStart", "{}"));
  EXPECT_EQ(decode_error_kind(frame + "x"), FrameErrorKind::kFrameLengthMismatch);
  EXPECT_EQ(decode_error_kind(std::string_view(frame).substr(0, frame.size() - 1)),
            FrameErrorKind::kFrameLengthMismatch);
  EXPECT_EQ(decode_error_kind(frame + frame), FrameErrorKind::kFrameLengthMismatch);
}

TEST(EventStreamDecodeErrors, HeaderNameEmpty) {
  EXPECT_EQ(decode_error_kind(raw_frame(from_hex("00 00"), "")),
            FrameErrorKind::kHeaderNameEmptyOrTooLong);
}

TEST(EventStreamDecodeErrors, InvalidUtf8HeaderName) {
  EXPECT_EQ(decode_error_kind(raw_frame(raw_header("a\xff", 0, ""), "")),
            FrameErrorKind::kInvalidUtf8HeaderName);
  EXPECT_EQ(decode_error_kind(raw_frame(raw_header("\xed\xa0\x80", 0, ""), "")),  // surrogate
            FrameErrorKind::kInvalidUtf8HeaderName);
}

TEST(EventStreamDecodeErrors, InvalidHeaderTypeAbove9) {
  auto result = decode(raw_frame(raw_header("h", 10, ""), ""));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, FrameErrorKind::kInvalidHeaderType);
  EXPECT_THAT(result.error().detail, HasSubstr("type byte 10 at offset 14"));
  EXPECT_EQ(decode_error_kind(raw_frame(raw_header("h", 0xff, ""), "")),
            FrameErrorKind::kInvalidHeaderType);
}

struct PastBlockCase {
  const char* label;
  std::string headers_block;
};

class EventStreamHeaderRunsPastBlock : public ::testing::TestWithParam<PastBlockCase> {};

INSTANTIATE_TEST_SUITE_P(
    EveryField, EventStreamHeaderRunsPastBlock,
    ::testing::Values(PastBlockCase{"NameLength", from_hex("05 6162")},
                      PastBlockCase{"TypeByteMissing", from_hex("01 61")},
                      PastBlockCase{"ByteValue", from_hex("01 61 02")},
                      PastBlockCase{"ShortValue", from_hex("01 61 03 00")},
                      PastBlockCase{"IntValue", from_hex("01 61 04 000000")},
                      PastBlockCase{"LongValue", from_hex("01 61 05 00000000000000")},
                      PastBlockCase{"TimestampValue", from_hex("01 61 08 00000000")},
                      PastBlockCase{"UuidValue",
                                    from_hex("01 61 09 000102030405060708090a0b0c0d0e")},
                      PastBlockCase{"StringLengthCutOff", from_hex("01 61 07 00")},
                      PastBlockCase{"StringValue", from_hex("01 61 07 0005 616263")},
                      PastBlockCase{"BytesValue", from_hex("01 61 06 ffff 00")},
                      PastBlockCase{"SecondHeader", from_hex("01 61 00 01 62 04 0000")}),
    [](const auto& block_case) { return std::string(block_case.param.label); });

// The block ends inside a header even though the payload follows: a decoder must not read the
// payload (or the next frame) as header bytes.
TEST_P(EventStreamHeaderRunsPastBlock, IsRefusedWithThePayloadRightAfterTheBlock) {
  EXPECT_EQ(decode_error_kind(raw_frame(GetParam().headers_block, "payload bytes follow here")),
            FrameErrorKind::kHeaderRunsPastBlock);
}

TEST(EventStreamDecodeErrors, HeaderValueTooLongAbove32767Bytes) {
  const std::string block = raw_header("s", 7, from_hex("8000") + std::string(32768, 's'));
  EXPECT_EQ(decode_error_kind(raw_frame(block, "")), FrameErrorKind::kHeaderValueTooLong);
  const std::string bytes_block = raw_header("b", 6, from_hex("8000") + std::string(32768, 'b'));
  EXPECT_EQ(decode_error_kind(raw_frame(bytes_block, "")), FrameErrorKind::kHeaderValueTooLong);
}

TEST(EventStreamDecodeErrors, InvalidUtf8HeaderValueForStringsButNotForByteArrays) {
  EXPECT_EQ(decode_error_kind(raw_frame(raw_header("s", 7, from_hex("0002 c080")), "")),
            FrameErrorKind::kInvalidUtf8HeaderValue);
  EXPECT_EQ(decode_error_kind(raw_frame(raw_header("s", 7, from_hex("0001 e2")), "")),
            FrameErrorKind::kInvalidUtf8HeaderValue);  // truncated sequence
  EXPECT_TRUE(decode(raw_frame(raw_header("b", 6, from_hex("0002 c080")), "")));
}

TEST(EventStreamDecodeErrors, MessageChecksumMismatchNamesBothValues) {
  std::string frame = *encode(make_event("contentBlockDelta", R"({"delta":{"text":"hi"}})"));
  frame[frame.size() - 6] = 'X';  // a payload byte
  auto result = decode(frame);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, FrameErrorKind::kMessageChecksumMismatch);
  EXPECT_THAT(result.error().detail,
              HasSubstr("message CRC at offset " + std::to_string(frame.size() - 4)));
}

// Both reference decoders (smithy-rs, aws-sdk-go) parse headers before checking the message CRC.
TEST(EventStreamDecodeErrors, HeaderErrorsAreReportedBeforeTheMessageChecksum) {
  std::string frame = raw_frame(raw_header("h", 10, ""), "");
  frame.replace(frame.size() - 4, 4, from_hex("deadbeef"));
  EXPECT_EQ(decode_error_kind(frame), FrameErrorKind::kInvalidHeaderType);
}

TEST(EventStreamFrameError, EveryKindHasADistinctName) {
  std::set<std::string_view> names;
  for (int kind = 0; kind <= static_cast<int>(FrameErrorKind::kTruncatedFrame); ++kind) {
    names.insert(to_string(static_cast<FrameErrorKind>(kind)));
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(FrameErrorKind::kTruncatedFrame) + 1);
  EXPECT_EQ(names.count("Unknown"), 0u);
}

}  // namespace
}  // namespace bedrock::event_stream
