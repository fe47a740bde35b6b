// Public event-stream vectors from shared/vectors (README sections 3 and 4): one test per
// vector file, enumerated from the directories when gtest lists the tests.
//
//  - aws-sdk-go positive: decodes to what decoded/positive/<name> describes, re-encodes
//    byte-exact (so our CRCs equal the recorded ones) and decodes the same when split anywhere;
//  - aws-sdk-go negative: refused with the kind named by decoded/negative/<name>;
//  - smithy-rs: the results smithy-rs asserts in frame.rs, tabled below (kSmithyExpectations).
// Every check runs on both shapes of the codec: decode() / encode() / feed() and decode_view() /
// encode_to() / next_view(), which must agree byte for byte and error for error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/event_stream.hpp"
#include "support/frame_bytes.hpp"
#include "support/shared_data.hpp"

namespace bedrock::event_stream {
namespace {

namespace fs = std::filesystem;
using ::bedrock::test::read_be32;

constexpr const char* kGoDir = "vectors/eventstream-aws-sdk-go/testdata";
constexpr const char* kSmithyDir = "vectors/eventstream-smithy-rs/test_data";

struct VectorFile {
  std::string source;  // "aws_sdk_go" or "smithy_rs"
  std::string name;    // "positive/all_headers", "valid_no_headers", ...
  fs::path path;
};

// gtest prints parameters in test listings and failures: show the file, not raw bytes.
void PrintTo(const VectorFile& file, std::ostream* out) { *out << file.path.string(); }

std::vector<VectorFile> files_in(const std::string& source, const fs::path& dir,
                                 const std::string& prefix) {
  std::vector<VectorFile> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file()) {
      files.push_back({source, prefix + entry.path().filename().string(), entry.path()});
    }
  }
  std::sort(files.begin(), files.end(),
            [](const VectorFile& a, const VectorFile& b) { return a.name < b.name; });
  return files;
}

std::vector<VectorFile> all_vector_files() {
  std::vector<VectorFile> files;
  if (auto go = test::shared_path(kGoDir)) {
    for (const char* kind : {"positive", "negative"}) {
      auto more = files_in("aws_sdk_go", *go / "encoded" / kind, std::string(kind) + "/");
      files.insert(files.end(), more.begin(), more.end());
    }
  }
  if (auto smithy = test::shared_path(kSmithyDir)) {
    auto more = files_in("smithy_rs", *smithy, "");
    files.insert(files.end(), more.begin(), more.end());
  }
  return files;
}

// ---------------------------------------------------------------- expectations

Uuid uuid_from_hex(std::string_view hex) {
  const std::string bytes = test::from_hex(hex);
  Uuid uuid{};
  std::copy(bytes.begin(), bytes.end(), uuid.begin());
  return uuid;
}

struct SmithyExpectation {
  std::optional<Message> message;         // valid files
  FrameErrorKind decode_kind{};           // invalid files: decode() of the whole file
  FrameErrorKind stream_kind{};           // invalid files: EventStreamDecoder fed the file
  std::vector<std::string> detail_parts;  // substrings the decode() detail must contain
};

// From the vectors README §4 (smithy-rs frame.rs). Where our kind differs from smithy-rs's name:
// - smithy-rs InvalidHeaderValue / InvalidHeaderNameLength (a length running past the block)
//   -> HeaderRunsPastBlock;
// - invalid_header_name_length_too_long: the file is 123 bytes but its prelude says 93, so
//   decode() (exactly one frame) reports FrameLengthMismatch. Fed to the stream decoder, the
//   first 93 bytes are one frame whose second header's name length (102) runs past its 77-byte
//   block. smithy-rs reports InvalidUtf8String only because it reads that name beyond the
//   headers block (into the trailing bytes) before checking the message CRC.
const std::map<std::string, SmithyExpectation>& smithy_expectations() {
  static const auto* table = [] {
    auto* t = new std::map<std::string, SmithyExpectation>();
    Message all;
    all.headers = {
        {"true", true},
        {"false", false},
        {"byte", int8_t{50}},
        {"short", int16_t{20000}},
        {"int", int32_t{500000}},
        {"long", int64_t{50000000000}},
        {"bytes", Bytes{"some bytes"}},
        {"str", std::string("some str")},
        {"time", Timestamp{5000000000}},  // DateTime::from_secs(5_000_000), in milliseconds
        {"uuid", uuid_from_hex("b79bc914de214e13b8b2bc47e85b7f0b")},
    };
    all.payload = "some payload";
    (*t)["valid_with_all_headers_and_payload"] = {all, {}, {}, {}};
    Message empty_payload;
    empty_payload.headers = {{"some-header", int16_t{500}}};
    (*t)["valid_empty_payload"] = {empty_payload, {}, {}, {}};
    Message no_headers;
    no_headers.payload = "another test payload";
    (*t)["valid_no_headers"] = {no_headers, {}, {}, {}};

    using K = FrameErrorKind;
    (*t)["invalid_prelude_checksum"] = {std::nullopt,
                                        K::kPreludeChecksumMismatch,
                                        K::kPreludeChecksumMismatch,
                                        {"0xdeadbeef", "0x8bb495fb"}};
    (*t)["invalid_message_checksum"] = {std::nullopt,
                                        K::kMessageChecksumMismatch,
                                        K::kMessageChecksumMismatch,
                                        {"0xdeadbeef", "0x01a05860"}};
    (*t)["invalid_header_value_type"] = {
        std::nullopt, K::kInvalidHeaderType, K::kInvalidHeaderType, {"type byte 96"}};
    (*t)["invalid_header_name_length"] = {
        std::nullopt, K::kHeaderRunsPastBlock, K::kHeaderRunsPastBlock, {"name"}};
    (*t)["invalid_header_string_value_length"] = {
        std::nullopt, K::kHeaderRunsPastBlock, K::kHeaderRunsPastBlock, {"needs 65535 bytes"}};
    (*t)["invalid_header_string_length_cut_off"] = {
        std::nullopt, K::kHeaderRunsPastBlock, K::kHeaderRunsPastBlock, {"value length"}};
    (*t)["invalid_headers_length"] = {
        std::nullopt, K::kHeadersLengthInvalid, K::kHeadersLengthInvalid, {"headers length 77"}};
    (*t)["invalid_header_name_length_too_long"] = {
        std::nullopt, K::kFrameLengthMismatch, K::kHeaderRunsPastBlock, {"announces 93", "123"}};
    return t;
  }();
  return *table;
}

// aws-sdk-go's decoded/negative/<name> holds its error text.
std::optional<FrameErrorKind> kind_for_go_error_text(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  if (text == "Prelude checksum mismatch") return FrameErrorKind::kPreludeChecksumMismatch;
  if (text == "Message checksum mismatch") return FrameErrorKind::kMessageChecksumMismatch;
  return std::nullopt;
}

std::string base64_field(const nlohmann::json& value) {
  auto bytes = encoding::base64_decode(value.get<std::string>());
  EXPECT_TRUE(bytes) << "bad base64 in decoded JSON: " << value;
  return bytes.value_or("");
}

// decoded/positive/<name>: {headers:[{name,type,value}], payload} -> Message (README §3).
Message message_from_go_json(const nlohmann::json& json) {
  Message message;
  for (const auto& header : json.at("headers")) {
    const std::string name = header.at("name").get<std::string>();
    const auto& value = header.at("value");
    switch (header.at("type").get<int>()) {
      case 0:
      case 1:
        message.headers.push_back({name, value.get<bool>()});
        break;
      case 2:
        message.headers.push_back({name, value.get<int8_t>()});
        break;
      case 3:
        message.headers.push_back({name, value.get<int16_t>()});
        break;
      case 4:
        message.headers.push_back({name, value.get<int32_t>()});
        break;
      case 5:
        message.headers.push_back({name, value.get<int64_t>()});
        break;
      case 6:
        message.headers.push_back({name, Bytes{base64_field(value)}});
        break;
      case 7:
        message.headers.push_back({name, base64_field(value)});
        break;
      case 8:
        message.headers.push_back({name, Timestamp{value.get<int64_t>()}});
        break;
      case 9: {
        const std::string bytes = base64_field(value);
        Uuid uuid{};
        EXPECT_EQ(bytes.size(), uuid.size());
        std::copy_n(bytes.begin(), std::min(bytes.size(), uuid.size()), uuid.begin());
        message.headers.push_back({name, uuid});
        break;
      }
      default:
        ADD_FAILURE() << "unknown type in decoded JSON: " << header;
    }
  }
  message.payload = base64_field(json.at("payload"));
  return message;
}

// ---------------------------------------------------------------- shared checks

// Split at every byte offset, the stream decoder yields exactly `expected`, through feed() and
// through next_view().
void expect_same_at_every_split(const std::string& frame, const Message& expected) {
  for (std::size_t split = 0; split <= frame.size(); ++split) {
    const std::vector<std::string_view> chunks = {std::string_view(frame).substr(0, split),
                                                  std::string_view(frame).substr(split)};
    EventStreamDecoder decoder;
    std::vector<Message> out;
    for (auto chunk : chunks) {
      auto messages = decoder.feed(chunk);
      ASSERT_TRUE(messages) << "split at " << split << ": " << messages.error().message();
      out.insert(out.end(), messages->begin(), messages->end());
    }
    ASSERT_TRUE(decoder.finish()) << "split at " << split;
    ASSERT_EQ(out.size(), 1u) << "split at " << split;
    ASSERT_EQ(out[0], expected) << "split at " << split;

    EventStreamDecoder viewing;
    std::size_t views = 0;
    for (auto chunk : chunks) {
      for (std::size_t at = 0;;) {
        auto next = viewing.next_view(chunk, at);
        ASSERT_TRUE(next) << "views, split at " << split << ": " << next.error().message();
        if (!*next) break;
        ++views;
        ASSERT_TRUE(**next == expected) << "views, split at " << split;
        ASSERT_EQ((*next)->frame(), frame) << "views, split at " << split;
      }
    }
    ASSERT_TRUE(viewing.finish()) << "views, split at " << split;
    ASSERT_EQ(views, 1u) << "views, split at " << split;
  }
}

void expect_decodes_and_reencodes(const std::string& frame, const Message& expected) {
  auto message = decode(frame);
  ASSERT_TRUE(message) << message.error().message();
  EXPECT_EQ(*message, expected);
  auto again = encode(*message);
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(encoding::to_hex(*again), encoding::to_hex(frame)) << "re-encoding differs";

  auto view = decode_view(frame);
  ASSERT_TRUE(view) << view.error().message();
  EXPECT_TRUE(*view == expected);
  EXPECT_EQ(view->to_message(), expected);
  EXPECT_EQ(view->frame().data(), frame.data()) << "the view is not over the input";
  std::string appended = "before";
  ASSERT_TRUE(encode_to(*message, appended));
  EXPECT_EQ(encoding::to_hex(appended), encoding::to_hex("before" + frame))
      << "encode_to differs from the vector";
  expect_same_at_every_split(frame, expected);
}

// The error feed() reports for the whole file, or what finish() reports after it; next_view()
// must report the same.
FrameErrorKind stream_error_kind(const std::string& bytes) {
  EventStreamDecoder viewing;
  std::optional<FrameErrorKind> view_kind;
  for (std::size_t at = 0;;) {
    auto next = viewing.next_view(bytes, at);
    if (!next) {
      view_kind = next.error().kind;
      break;
    }
    if (!*next) break;
  }
  if (!view_kind) {
    auto end = viewing.finish();
    if (!end) view_kind = end.error().kind;
  }

  EventStreamDecoder decoder;
  auto out = decoder.feed(bytes);
  if (!out) {
    EXPECT_EQ(view_kind, out.error().kind) << "next_view() disagrees with feed()";
    return out.error().kind;
  }
  auto end = decoder.finish();
  EXPECT_FALSE(end) << "the stream decoder accepted the whole file";
  EXPECT_EQ(view_kind, end ? FrameErrorKind::kTruncatedFrame : end.error().kind)
      << "next_view() disagrees with feed()";
  return end ? FrameErrorKind::kTruncatedFrame : end.error().kind;
}

// decode_view() refuses what decode() refuses, with the same kind and detail.
void expect_view_refuses_alike(const std::string& bytes) {
  auto owning = decode(bytes);
  auto view = decode_view(bytes);
  ASSERT_FALSE(owning);
  ASSERT_FALSE(view) << "decode_view() accepted what decode() refused";
  EXPECT_EQ(view.error().message(), owning.error().message());
}

// ---------------------------------------------------------------- the suite

class EventStreamVectors : public ::testing::TestWithParam<VectorFile> {};

TEST_P(EventStreamVectors, DecodesAsExpected) {
  const VectorFile& file = GetParam();
  const std::string bytes = test::read_file(file.path);
  ASSERT_FALSE(bytes.empty()) << file.path;

  if (file.source == "aws_sdk_go") {
    const std::string leaf = file.path.filename().string();
    const fs::path decoded_dir = file.path.parent_path().parent_path().parent_path() / "decoded";
    if (file.name.rfind("positive/", 0) == 0) {
      const auto json = nlohmann::json::parse(test::read_file(decoded_dir / "positive" / leaf));
      const Message expected = message_from_go_json(json);
      expect_decodes_and_reencodes(bytes, expected);
      // Lengths and CRCs as recorded (CRCs are printed as signed 32-bit integers).
      EXPECT_EQ(bytes.size(), json.at("total_length").get<std::size_t>());
      EXPECT_EQ(read_be32(bytes, 0), json.at("total_length").get<uint32_t>());
      EXPECT_EQ(read_be32(bytes, 4), json.at("headers_length").get<uint32_t>());
      const auto prelude_crc = static_cast<uint32_t>(json.at("prelude_crc").get<int32_t>());
      const auto message_crc = static_cast<uint32_t>(json.at("message_crc").get<int32_t>());
      EXPECT_EQ(crc32(std::string_view(bytes).substr(0, 8)), prelude_crc);
      EXPECT_EQ(crc32(std::string_view(bytes).substr(0, bytes.size() - 4)), message_crc);
      EXPECT_EQ(read_be32(bytes, 8), prelude_crc);
      EXPECT_EQ(read_be32(bytes, bytes.size() - 4), message_crc);
    } else {
      const std::string text = test::read_file(decoded_dir / "negative" / leaf);
      const auto expected = kind_for_go_error_text(text);
      ASSERT_TRUE(expected) << "no kind for aws-sdk-go error text '" << text << "'";
      auto result = decode(bytes);
      ASSERT_FALSE(result) << "accepted a negative vector";
      EXPECT_EQ(result.error().kind, *expected) << result.error().message();
      expect_view_refuses_alike(bytes);
      EXPECT_EQ(stream_error_kind(bytes), *expected);
    }
    return;
  }

  const auto& table = smithy_expectations();
  const auto found = table.find(file.name);
  ASSERT_NE(found, table.end()) << "no expectation for smithy-rs vector " << file.name
                                << " (add it to smithy_expectations())";
  const SmithyExpectation& expectation = found->second;
  if (expectation.message) {
    expect_decodes_and_reencodes(bytes, *expectation.message);
    return;
  }
  auto result = decode(bytes);
  ASSERT_FALSE(result) << "accepted an invalid vector";
  EXPECT_EQ(result.error().kind, expectation.decode_kind) << result.error().message();
  expect_view_refuses_alike(bytes);
  for (const auto& part : expectation.detail_parts) {
    EXPECT_THAT(result.error().detail, ::testing::HasSubstr(part));
  }
  EXPECT_EQ(stream_error_kind(bytes), expectation.stream_kind);
}

std::string vector_test_name(const ::testing::TestParamInfo<VectorFile>& param_info) {
  std::string name = param_info.param.source + "_" + param_info.param.name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Shared, EventStreamVectors, ::testing::ValuesIn(all_vector_files()),
                         vector_test_name);
// Without shared/ the list above is empty; EventStreamVectorFiles below reports the skip.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(EventStreamVectors);

// Visible skip (or CI failure) when shared/ is absent, and a guard against an enumeration that
// silently finds fewer files than the README lists (9 aws-sdk-go + 11 smithy-rs).
TEST(EventStreamVectorFiles, AllVectorFilesAreEnumerated) {
  REQUIRE_SHARED(go_dir, kGoDir);
  REQUIRE_SHARED(smithy_dir, kSmithyDir);
  EXPECT_TRUE(fs::is_directory(go_dir / "decoded" / "positive"));
  EXPECT_TRUE(fs::is_directory(smithy_dir));
  const auto files = all_vector_files();
  const auto count = [&files](const std::string& source) {
    return std::count_if(files.begin(), files.end(),
                         [&source](const VectorFile& f) { return f.source == source; });
  };
  EXPECT_EQ(count("aws_sdk_go"), 9);
  EXPECT_EQ(count("smithy_rs"), 11);
  EXPECT_EQ(static_cast<std::size_t>(count("smithy_rs")), smithy_expectations().size());
}

}  // namespace
}  // namespace bedrock::event_stream
