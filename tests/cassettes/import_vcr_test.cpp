// vcrpy / pytest-recording and Ruby VCR files through the product importer: what is kept byte for
// byte and what is rebuilt (docs/cassette-format.md "Importing other tools' recordings").
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bedrock/cassettes/vcr_document.hpp"
#include "import_fixtures.hpp"

namespace bedrock::cassettes {
namespace {

using test_support::frames_of;
using test_support::has_note;
using test_support::import_fixture;

TEST(ImportVcr, KeepsJsonBodiesHeadersAndCasingAsRecorded) {
  const auto imported = import_fixture("vcrpy_boto3.yaml");
  ASSERT_EQ(imported.format, SourceFormat::kVcr);
  ASSERT_EQ(imported.cassette.interactions.size(), 2u);
  const auto& converse = imported.cassette.interactions[0];
  EXPECT_EQ(converse.id, "vcrpy_boto3#0");
  EXPECT_EQ(converse.request.operation, "Converse");
  EXPECT_EQ(converse.request.model_id, "amazon.nova-lite-v1:0");
  EXPECT_EQ(converse.request.path, "/model/amazon.nova-lite-v1%3A0/converse");
  EXPECT_EQ(converse.request.region, "us-east-1");
  EXPECT_EQ(converse.recorded_at, "2025-03-01T10:15:01Z");  // the response Date
  // !!binary header values (boto3 sends bytes) are their decoded text, names as spelt.
  EXPECT_EQ(cassette::find_header(converse.request.headers, "content-type"), "application/json");
  EXPECT_EQ(converse.request.headers[1].name, "Content-Type");
  const auto* response = converse.response();
  ASSERT_NE(response, nullptr);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->headers[4].name, "x-amzn-RequestId");
  EXPECT_EQ(cassette::find_header(response->headers, "Content-Length"),
            std::to_string(response->body.size()));
  EXPECT_TRUE(response->body.starts_with(R"({"metrics":{"latencyMs":288},)"));
}

TEST(ImportVcr, BinaryEventStreamBecomesEventsThatFrameToTheRecordedBytes) {
  const auto imported = import_fixture("vcrpy_boto3.yaml");
  auto document = load_vcr_cassette(test_support::fixture("vcrpy_boto3.yaml"));
  ASSERT_TRUE(document) << document.error().to_string();
  const auto* stream = imported.cassette.interactions.at(1).stream();
  ASSERT_NE(stream, nullptr);
  ASSERT_EQ(stream->events.size(), 6u);
  EXPECT_EQ(stream->end, cassette::StreamEnd::kComplete);
  EXPECT_EQ(stream->events[1].message.string_header(":event-type"), "contentBlockDelta");
  EXPECT_EQ(frames_of(*stream), document->interactions[1].response.body.bytes);
  for (const auto& event : stream->events) EXPECT_EQ(event.offset_ms, 0);
}

TEST(ImportVcr, LeavesOutRequestsThatAreNoBedrockOperationWithAWarning) {
  const auto imported = import_fixture("vcrpy_boto3.yaml");
  EXPECT_EQ(imported.skipped, 1u);
  ASSERT_FALSE(imported.notes.empty());
  const auto& note = imported.notes.back();
  EXPECT_EQ(note.level, NoteLevel::kWarning);
  EXPECT_EQ(note.location, "interactions[2]");
  EXPECT_EQ(note.line, 113u);
  EXPECT_NE(note.message.find("https://sts.amazonaws.com/"), std::string::npos);
}

TEST(ImportVcr, CompressedJsonKeepsItsBytesAndContentEncoding) {
  const auto imported = import_fixture("vcrpy_compressed.yaml");
  const auto* response = imported.cassette.interactions.at(0).response();
  ASSERT_NE(response, nullptr);
  EXPECT_EQ(cassette::find_header(response->headers, "Content-Encoding"), "gzip");
  ASSERT_GE(response->body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(response->body[0]),
            0x1f);  // still gzip: the client inflates
  EXPECT_EQ(static_cast<unsigned char>(response->body[1]), 0x8b);
}

TEST(ImportVcr, CompressedStreamIsInflatedIntoFramesWithoutContentEncoding) {
  const auto imported = import_fixture("vcrpy_compressed.yaml");
  const auto* stream = imported.cassette.interactions.at(1).stream();
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(stream->events.size(), 6u);
  EXPECT_FALSE(cassette::find_header(stream->headers, "Content-Encoding").has_value());
  EXPECT_TRUE(has_note(imported, "decompressed"));
}

TEST(ImportVcr, ParsedBodyIsRebuiltCompactInFileOrderAndContentLengthFollows) {
  const auto imported = import_fixture("vcrpy_parsed_body.yaml");
  const auto& interaction = imported.cassette.interactions.at(0);
  // The Anthropic SDK's raw ':' in the path names the same model as %3A.
  EXPECT_EQ(interaction.request.path, "/model/eu.anthropic.claude-haiku-4-5-20251001-v1:0/invoke");
  EXPECT_EQ(interaction.request.model_id, "eu.anthropic.claude-haiku-4-5-20251001-v1:0");
  EXPECT_EQ(interaction.request.region, "eu-west-1");
  EXPECT_EQ(interaction.request.body,
            R"({"anthropic_version":"bedrock-2023-05-31","max_tokens":64,)"
            R"("messages":[{"content":"Hi","role":"user"}]})");
  const auto* response = interaction.response();
  ASSERT_NE(response, nullptr);
  EXPECT_TRUE(
      response->body.starts_with(R"({"content":[{"text":"Hello - I'm here.","type":"text"}],)"));
  EXPECT_NE(response->body.find(R"("stop_sequence":null)"), std::string::npos);
  EXPECT_EQ(cassette::find_header(response->headers, "content-length"),
            std::to_string(response->body.size()));
  EXPECT_TRUE(has_note(imported, "Content-Length 999 -> "));
  EXPECT_EQ(interaction.recorded_at, "1970-01-01T00:00:00Z");  // pydantic-ai drops every date
}

TEST(ImportVcr, JsonSerializerJoinsPythonSurrogatePairs) {
  const auto imported = import_fixture("vcrpy_serializer.json");
  ASSERT_EQ(imported.format, SourceFormat::kVcr);
  const auto* response = imported.cassette.interactions.at(0).response();
  ASSERT_NE(response, nullptr);
  EXPECT_NE(response->body.find("blue \xF0\x9F\x8E\xA8"), std::string::npos);  // U+1F3A8
  EXPECT_EQ(imported.cassette.interactions[0].recorded_at, "2025-03-01T10:17:00Z");
}

TEST(ImportVcr, RubyVcrReadsBase64StringBodiesAndRecordedAt) {
  const auto imported = import_fixture("ruby_vcr.yml");
  ASSERT_EQ(imported.cassette.interactions.size(), 1u);
  const auto& interaction = imported.cassette.interactions[0];
  EXPECT_EQ(interaction.request.method, "POST");  // Ruby VCR writes "post"
  EXPECT_EQ(interaction.recorded_at, "2025-03-01T10:18:00Z");
  const auto* stream = interaction.stream();
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(stream->events.size(), 6u);
  EXPECT_EQ(imported.origins[0], "http_interactions[0]");
}

}  // namespace
}  // namespace bedrock::cassettes
