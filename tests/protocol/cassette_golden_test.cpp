// Hand-written cassettes: the golden files (tests/golden/cassettes/) pin the file layout byte for
// byte; the fixtures (fixtures/cassettes/) ship with the product and must load and be consistent.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "bedrock/protocol/cassette.hpp"
#include "support/shared_data.hpp"

namespace bedrock::cassette {
namespace {

namespace fs = std::filesystem;

fs::path golden_dir() { return test::source_dir() / "tests/golden/cassettes"; }
fs::path fixtures_dir() { return test::source_dir() / "fixtures/cassettes"; }

std::string test_name(std::string file) {
  for (char& c : file) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return file;
}

Cassette load_or_fail(const fs::path& path) {
  auto cassette = load(path);
  EXPECT_TRUE(cassette) << cassette.error().to_string();
  return cassette ? *cassette : Cassette{};
}

class CassetteFile : public ::testing::TestWithParam<std::string> {};

INSTANTIATE_TEST_SUITE_P(Golden, CassetteFile,
                         ::testing::Values("tests/golden/cassettes/converse.json",
                                           "tests/golden/cassettes/converse_stream_exception.json",
                                           "tests/golden/cassettes/body_encodings.json",
                                           "fixtures/cassettes/converse-nova-lite.json",
                                           "fixtures/cassettes/converse-stream-nova-lite.json"),
                         [](const auto& file) { return test_name(file.param); });

TEST_P(CassetteFile, LoadThenSerializeReproducesTheFileByteForByte) {
  const fs::path path = test::source_dir() / GetParam();
  const Cassette cassette = load_or_fail(path);
  const auto text = serialize(cassette);
  ASSERT_TRUE(text) << text.error().to_string();
  EXPECT_EQ(*text, test::read_file(path));
}

// The recorded Content-Length must describe the recorded bytes, or replay would lie.
TEST_P(CassetteFile, ContentLengthHeadersMatchTheBodies) {
  const Cassette cassette = load_or_fail(test::source_dir() / GetParam());
  for (const Interaction& interaction : cassette.interactions) {
    if (auto length = find_header(interaction.request.headers, "content-length")) {
      EXPECT_EQ(*length, std::to_string(interaction.request.body.size()))
          << interaction.recorded_at;
    }
    if (const Response* response = interaction.response()) {
      if (auto length = find_header(response->headers, "content-length")) {
        EXPECT_EQ(*length, std::to_string(response->body.size())) << interaction.recorded_at;
      }
    }
  }
}

TEST(CassetteGolden, ConverseHasSuccessThenOnDemandValidationError) {
  const Cassette cassette = load_or_fail(golden_dir() / "converse.json");
  EXPECT_EQ(cassette.name, "converse-basic");
  EXPECT_EQ(cassette.match.ignore_paths, std::vector<std::string>{"$.inferenceConfig.temperature"});
  ASSERT_EQ(cassette.interactions.size(), 2u);
  const Interaction& success = cassette.interactions[0];
  EXPECT_EQ(success.request.path, "/model/amazon.nova-lite-v1%3A0/converse");
  EXPECT_EQ(success.request.model_id, "amazon.nova-lite-v1:0");
  EXPECT_TRUE(success.request.body.starts_with(R"({"messages": [{"role": "user")"));
  ASSERT_NE(success.response(), nullptr);
  EXPECT_TRUE(success.response()->body.starts_with(R"({"metrics":{"latencyMs":312},")"));
  const Response* error = cassette.interactions[1].response();
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->status, 400);
  EXPECT_EQ(find_header(error->headers, "x-amzn-errortype"),
            "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/");
  // reference §11.7: U+2019 kept as raw UTF-8.
  EXPECT_NE(error->body.find("isn\xE2\x80\x99t supported"), std::string::npos);
}

TEST(CassetteGolden, StreamIsPacedAndEndsWithAnExceptionFrame) {
  const Cassette cassette = load_or_fail(golden_dir() / "converse_stream_exception.json");
  ASSERT_EQ(cassette.interactions.size(), 1u);
  const Stream* stream = cassette.interactions[0].stream();
  ASSERT_NE(stream, nullptr);
  ASSERT_EQ(stream->events.size(), 6u);
  EXPECT_EQ(stream->events[1].offset_ms, 212.5);
  EXPECT_EQ(stream->events[4].offset_ms, 633.125);
  EXPECT_EQ(stream->events[0].message.payload,
            R"({"p":"abcdefghijklmnopqrst","role":"assistant"})");
  const auto& last = stream->events.back().message;
  EXPECT_EQ(last.string_header(":message-type"), "exception");
  EXPECT_EQ(last.string_header(":exception-type"), "modelStreamErrorException");
  EXPECT_EQ(last.headers[0].name, ":exception-type");  // Bedrock's order (reference §6)
  EXPECT_EQ(stream->end, StreamEnd::kComplete);
}

TEST(CassetteGolden, BodyEncodingsFileCoversEveryForm) {
  const Cassette cassette = load_or_fail(golden_dir() / "body_encodings.json");
  ASSERT_EQ(cassette.interactions.size(), 3u);
  const auto& titan = cassette.interactions[0];
  EXPECT_EQ(body_encoding(titan.request.body), BodyEncoding::kText);
  EXPECT_EQ(titan.request.headers[2].value, "caf\xE9");
  EXPECT_EQ(body_encoding(titan.response()->body), BodyEncoding::kJson);
  const auto& binary = cassette.interactions[1];
  EXPECT_EQ(binary.request.body, "");
  EXPECT_EQ(body_encoding(binary.response()->body), BodyEncoding::kBase64);
  EXPECT_TRUE(binary.response()->body.starts_with("\x89PNG"));
  const Stream* stream = cassette.interactions[2].stream();
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(stream->end, StreamEnd::kReset);
  const auto& typed = stream->events[1].message;
  EXPECT_EQ(*typed.find("long"), event_stream::HeaderValue(int64_t{-9007199254740993}));
  EXPECT_EQ(*typed.find("when"), event_stream::HeaderValue(event_stream::Timestamp{1746525602123}));
  EXPECT_EQ(*typed.find("raw-string"), event_stream::HeaderValue(std::string("\xFF\xFE")));
}

TEST(CassetteFixtures, FolderLoadsWithAConverseAndAConverseStream) {
  const auto loaded = load_all(fixtures_dir());
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  bool has_converse = false;
  bool has_stream = false;
  for (const auto& entry : *loaded) {
    ASSERT_TRUE(entry.cassette) << entry.cassette.error().to_string();
    for (const Interaction& interaction : entry.cassette->interactions) {
      has_converse = has_converse || (interaction.request.operation == "Converse" &&
                                      interaction.response() != nullptr);
      has_stream = has_stream || (interaction.request.operation == "ConverseStream" &&
                                  interaction.stream() != nullptr);
    }
  }
  EXPECT_TRUE(has_converse);
  EXPECT_TRUE(has_stream);
}

TEST(CassetteFixtures, StreamFollowsBedrockEventOrder) {
  const Cassette cassette = load_or_fail(fixtures_dir() / "converse-stream-nova-lite.json");
  const Stream* stream = cassette.interactions.at(0).stream();
  ASSERT_NE(stream, nullptr);
  std::vector<std::string> types;
  for (const auto& event : stream->events) {
    types.push_back(event.message.string_header(":event-type").value_or("?"));
    EXPECT_EQ(event.message.string_header(":message-type"), "event");
  }
  EXPECT_EQ(types, (std::vector<std::string>{"messageStart", "contentBlockDelta",
                                             "contentBlockDelta", "contentBlockDelta",
                                             "contentBlockStop", "messageStop", "metadata"}));
  EXPECT_EQ(find_header(stream->headers, "content-type"), "application/vnd.amazon.eventstream");
  EXPECT_FALSE(find_header(stream->headers, "content-length"));  // reference §11.11
}

// docs/cassette-format.md shows a complete cassette; it must stay valid and canonical.
TEST(CassetteDoc, ExampleIsAValidCanonicalCassette) {
  const std::string doc = test::read_file(test::source_dir() / "docs/cassette-format.md");
  const auto section = doc.find("## Complete example");
  ASSERT_NE(section, std::string::npos);
  const std::string fence = "```json\n";
  const auto start = doc.find(fence, section);
  ASSERT_NE(start, std::string::npos);
  const auto end = doc.find("```", start + fence.size());
  ASSERT_NE(end, std::string::npos);
  const std::string example = doc.substr(start + fence.size(), end - start - fence.size());
  const auto cassette = parse(example, "docs/cassette-format.md");
  ASSERT_TRUE(cassette) << cassette.error().to_string();
  EXPECT_EQ(serialize(*cassette).value(), example);
  ASSERT_EQ(cassette->interactions.size(), 2u);
  EXPECT_NE(cassette->interactions[0].response(), nullptr);
  EXPECT_NE(cassette->interactions[1].stream(), nullptr);
}

// Secrets policy (docs/cassette-format.md): shipped cassettes carry placeholders only.
TEST_P(CassetteFile, CarriesNoSignatureOrToken) {
  const Cassette cassette = load_or_fail(test::source_dir() / GetParam());
  for (const Interaction& interaction : cassette.interactions) {
    if (auto authorization = find_header(interaction.request.headers, "authorization")) {
      EXPECT_NE(authorization->find("Credential=REDACTED/"), std::string_view::npos);
      EXPECT_NE(authorization->find("Signature=REDACTED"), std::string_view::npos);
    }
    EXPECT_FALSE(find_header(interaction.request.headers, "x-amz-security-token"));
  }
}

}  // namespace
}  // namespace bedrock::cassette
