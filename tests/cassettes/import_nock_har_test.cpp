// nock recordings and HAR files (Polly.JS, a browser, a proxy) through the product importer.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bedrock/protocol/encoding.hpp"
#include "import_fixtures.hpp"

namespace bedrock::cassettes {
namespace {

using test_support::frames_of;
using test_support::has_note;
using test_support::import_fixture;

std::string fixture_stream_bytes() {
  // The same six frames every fixture stream carries (make_fixtures.py STREAM), from the Polly
  // file where they are base64.
  const auto har = nlohmann::json::parse(test::read_file(test_support::fixture("polly.har")));
  const std::string text = har["log"]["entries"][1]["response"]["content"]["text"];
  return *encoding::base64_decode(text);
}

TEST(ImportNock, ParsedJsonResponseIsRebuiltCompactAndRawHeadersKeepWireOrder) {
  const auto imported = import_fixture("nock_recorder.json");
  ASSERT_EQ(imported.format, SourceFormat::kNock);
  ASSERT_EQ(imported.cassette.interactions.size(), 3u);
  const auto& converse = imported.cassette.interactions[0];
  EXPECT_EQ(converse.request.region, "us-west-2");  // from the scope's host
  EXPECT_EQ(converse.request.path, "/model/amazon.nova-lite-v1%3A0/converse");
  EXPECT_TRUE(nlohmann::json::accept(converse.request.body));
  const auto* response = converse.response();
  ASSERT_NE(response, nullptr);
  EXPECT_TRUE(response->body.starts_with(R"({"metrics":{"latencyMs":288},"output":)"));
  ASSERT_EQ(response->headers.size(), 5u);
  EXPECT_EQ(response->headers[0].name, "Date");
  EXPECT_EQ(response->headers[4].name, "x-amzn-RequestId");
  EXPECT_TRUE(has_note(imported, "rebuilt as compact JSON"));
}

TEST(ImportNock, BinaryResponseIsHexAndBecomesTheRecordedFrames) {
  const auto imported = import_fixture("nock_recorder.json");
  const auto& interaction = imported.cassette.interactions.at(1);
  const auto* stream = interaction.stream();
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(frames_of(*stream), fixture_stream_bytes());
  EXPECT_EQ(interaction.recorded_at, "2025-03-01T10:19:01Z");
  EXPECT_EQ(cassette::find_header(interaction.request.headers, "x-amz-date"), "20250301T101901Z");
}

TEST(ImportNock, ContentEncodedHexChunksAreJoinedAndKeptCompressed) {
  const auto imported = import_fixture("nock_recorder.json");
  const auto* response = imported.cassette.interactions.at(2).response();
  ASSERT_NE(response, nullptr);
  EXPECT_EQ(cassette::find_header(response->headers, "Content-Encoding"), "gzip");
  EXPECT_EQ(static_cast<unsigned char>(response->body.at(0)), 0x1f);
  EXPECT_EQ(imported.cassette.interactions[2].request.operation, "InvokeModel");
}

TEST(ImportNock, LegacyHeadersObjectAndAnErrorAnswer) {
  const auto imported = import_fixture("nock_back_legacy.json");
  const auto* response = imported.cassette.interactions.at(0).response();
  ASSERT_NE(response, nullptr);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->body, R"({"message":"The provided model identifier is invalid."})");
  EXPECT_EQ(cassette::find_header(response->headers, "x-amzn-errortype"),
            "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/");
}

TEST(ImportHar, PollyTextAndBase64BodiesAreTheBytes) {
  const auto imported = import_fixture("polly.har");
  ASSERT_EQ(imported.format, SourceFormat::kHar);
  ASSERT_EQ(imported.cassette.interactions.size(), 2u);
  const auto& converse = imported.cassette.interactions[0];
  EXPECT_EQ(converse.recorded_at, "2025-03-01T10:21:00.123Z");
  EXPECT_EQ(converse.id, "polly#0");
  EXPECT_TRUE(converse.response()->body.ends_with(R"("totalTokens":12}})"));
  const auto* stream = imported.cassette.interactions[1].stream();
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(frames_of(*stream), fixture_stream_bytes());
  EXPECT_EQ(imported.origins[1], "$.log.entries[1]");
}

TEST(ImportHar, BrowserHarKeepsOnlyBedrockCallsDecodedAndWithoutPseudoHeaders) {
  const auto imported = import_fixture("browser.har");
  EXPECT_EQ(imported.skipped, 2u);  // the CORS preflight and the page
  ASSERT_EQ(imported.cassette.interactions.size(), 3u);
  const auto& converse = imported.cassette.interactions[0];
  EXPECT_EQ(converse.id, "browser#2");  // ids name the position in the source
  EXPECT_EQ(converse.recorded_at, "2025-03-01T10:22:01.250Z");  // +02:00 applied
  for (const auto& header : converse.request.headers) EXPECT_NE(header.name.front(), ':');
  const auto* response = converse.response();
  ASSERT_NE(response, nullptr);
  for (const auto& header : response->headers) EXPECT_NE(header.name, ":status");
  // The HAR keeps the body decoded: its Content-Encoding no longer applies.
  EXPECT_FALSE(cassette::find_header(response->headers, "content-encoding").has_value());
  EXPECT_EQ(cassette::find_header(response->headers, "content-length"),
            std::to_string(response->body.size()));
}

TEST(ImportHar, StatusZeroIsAConnectionFailureAndAMissingBodyIsAWarning) {
  const auto imported = import_fixture("browser.har");
  const auto* failure = imported.cassette.interactions.at(1).failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, cassette::FailureKind::kDropped);
  EXPECT_EQ(failure->message, "net::ERR_CONNECTION_RESET");
  const auto* lost = imported.cassette.interactions.at(2).response();
  ASSERT_NE(lost, nullptr);
  EXPECT_TRUE(lost->body.empty());
  bool warned = false;
  for (const auto& note : imported.notes) {
    warned = warned || (note.level == NoteLevel::kWarning && note.interaction == 2u &&
                        note.message.find("no response body") != std::string::npos);
  }
  EXPECT_TRUE(warned);
}

TEST(ImportHar, StreamSavedAsLatin1TextIsTurnedBackIntoItsBytes) {
  const auto imported = import_fixture("proxy.har");
  const auto* stream = imported.cassette.interactions.at(0).stream();
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(frames_of(*stream), fixture_stream_bytes());
  EXPECT_TRUE(has_note(imported, "ISO-8859-1"));
}

TEST(ImportHar, DecodedEventsAreReframedInBedrocksHeaderOrder) {
  const auto imported = import_fixture("proxy.har");
  const auto* stream = imported.cassette.interactions.at(1).stream();
  ASSERT_NE(stream, nullptr);
  ASSERT_EQ(stream->events.size(), 5u);
  const auto& delta = stream->events[1].message;
  ASSERT_EQ(delta.headers.size(), 3u);
  EXPECT_EQ(delta.headers[0].name, ":event-type");
  EXPECT_EQ(delta.headers[1].name, ":content-type");
  EXPECT_EQ(delta.headers[2].name, ":message-type");
  EXPECT_EQ(delta.string_header(":event-type"), "contentBlockDelta");
  EXPECT_EQ(delta.payload, R"({"contentBlockIndex":0,"delta":{"text":"Red"}})");
  EXPECT_TRUE(has_note(imported, "re-framed"));
}

}  // namespace
}  // namespace bedrock::cassettes
