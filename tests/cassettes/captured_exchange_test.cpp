// The rules shared by every importer (bedrock/cassettes/captured_exchange.hpp), on exchanges built
// in code: routing, Region, timestamps, content codings, and event streams in every form.
#include "bedrock/cassettes/captured_exchange.hpp"

#include <brotli/encode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include "bedrock/protocol/event_stream.hpp"

namespace bedrock::cassettes {
namespace {

std::string frames(int count) {
  std::string bytes;
  for (int i = 0; i < count; ++i) {
    auto frame = event_stream::encode(event_stream::make_event(
        "contentBlockDelta",
        R"({"contentBlockIndex":0,"delta":{"text":")" + std::to_string(i) + R"("},"p":"ab"})"));
    bytes += *frame;
  }
  return bytes;
}

CapturedExchange stream_exchange(std::string body) {
  CapturedExchange exchange;
  exchange.location = "interactions[0]";
  exchange.method = "POST";
  exchange.url = "https://bedrock-runtime.eu-central-1.amazonaws.com/model/m%3A1/converse-stream";
  exchange.request_body = {BodyForm::kBytes, R"({"messages":[]})", false};
  exchange.status = 200;
  exchange.response_headers = {{"Content-Type", "application/vnd.amazon.eventstream"}};
  exchange.response_body = {BodyForm::kBytes, std::move(body), false};
  return exchange;
}

Conversion convert(const CapturedExchange& exchange) {
  auto converted = to_interaction(exchange, "test.yaml");
  EXPECT_TRUE(converted) << converted.error().to_string();
  return converted ? std::move(*converted) : Conversion{};
}

bool warned(const Conversion& conversion, std::string_view text) {
  for (const auto& note : conversion.notes) {
    if (note.level == NoteLevel::kWarning && note.message.find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string deflate(std::string_view bytes) {
  uLongf size = compressBound(static_cast<uLong>(bytes.size()));
  std::string out(size, '\0');
  compress(reinterpret_cast<Bytef*>(out.data()), &size,
           reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uLong>(bytes.size()));
  out.resize(size);
  return out;
}

std::string brotli(std::string_view bytes) {
  std::size_t size = BrotliEncoderMaxCompressedSize(bytes.size());
  std::string out(size, '\0');
  BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                        bytes.size(), reinterpret_cast<const uint8_t*>(bytes.data()), &size,
                        reinterpret_cast<uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

TEST(CapturedExchange, RoutesOnTheRawTargetAndTakesTheRegionFromTheHost) {
  const auto conversion = convert(stream_exchange(frames(2)));
  ASSERT_TRUE(conversion.interaction);
  EXPECT_EQ(conversion.interaction->request.operation, "ConverseStream");
  EXPECT_EQ(conversion.interaction->request.model_id, "m:1");
  EXPECT_EQ(conversion.interaction->request.region, "eu-central-1");
}

TEST(CapturedExchange, RegionComesFromTheSignatureScopeWhenTheHostNamesNone) {
  auto exchange = stream_exchange(frames(1));
  exchange.url = "http://localhost:4566/model/m/converse-stream";
  exchange.request_headers = {
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=REDACTED/20250101/ap-southeast-2/bedrock/aws4_request, "
       "SignedHeaders=host, Signature=REDACTED"}};
  EXPECT_EQ(convert(exchange).interaction->request.region, "ap-southeast-2");
  exchange.request_headers.clear();
  const auto fallback = convert(exchange);
  EXPECT_EQ(fallback.interaction->request.region, "us-east-1");
  EXPECT_FALSE(fallback.notes.empty());
}

TEST(CapturedExchange, TimestampsComeFromTheSourceThenDateThenXAmzDate) {
  auto exchange = stream_exchange(frames(1));
  exchange.request_headers = {{"X-Amz-Date", "20240102T030405Z"}};
  EXPECT_EQ(convert(exchange).interaction->recorded_at, "2024-01-02T03:04:05Z");
  exchange.response_headers.push_back({"Date", "Wed, 03 Jan 2024 04:05:06 GMT"});
  EXPECT_EQ(convert(exchange).interaction->recorded_at, "2024-01-03T04:05:06Z");
  exchange.started_at = "2024-01-04T00:30:00.5-01:30";
  EXPECT_EQ(convert(exchange).interaction->recorded_at, "2024-01-04T02:00:00.5Z");
}

TEST(CapturedExchange, APartialLastFrameEndsTheStreamWithAReset) {
  std::string bytes = frames(3);
  bytes.resize(bytes.size() - 5);
  const auto conversion = convert(stream_exchange(bytes));
  const auto* stream = conversion.interaction->stream();
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(stream->events.size(), 2u);
  EXPECT_EQ(stream->end, cassette::StreamEnd::kReset);
}

TEST(CapturedExchange, ACorruptStreamIsKeptAsItsBytesWithAWarning) {
  std::string bytes = frames(2);
  bytes[bytes.size() - 1] = static_cast<char>(bytes.back() ^ 0x01);  // the message CRC
  const auto conversion = convert(stream_exchange(bytes));
  const auto* response = conversion.interaction->response();
  ASSERT_NE(response, nullptr);
  EXPECT_EQ(response->body, bytes);
  EXPECT_TRUE(warned(conversion, "does not decode"));
}

TEST(CapturedExchange, DeflateAndBrotliStreamsAreInflated) {
  for (const auto& [coding, compressed] :
       {std::pair{"deflate", deflate(frames(4))}, std::pair{"br", brotli(frames(4))}}) {
    auto exchange = stream_exchange(compressed);
    exchange.response_headers.push_back({"Content-Encoding", coding});
    const auto conversion = convert(exchange);
    const auto* stream = conversion.interaction->stream();
    ASSERT_NE(stream, nullptr) << coding;
    EXPECT_EQ(stream->events.size(), 4u) << coding;
    EXPECT_FALSE(cassette::find_header(stream->headers, "Content-Encoding")) << coding;
  }
}

TEST(CapturedExchange, AStreamThatDoesNotInflateIsKeptAsRecorded) {
  auto exchange = stream_exchange("not gzip at all");
  exchange.response_headers.push_back({"Content-Encoding", "gzip"});
  const auto conversion = convert(exchange);
  ASSERT_NE(conversion.interaction->response(), nullptr);
  EXPECT_TRUE(warned(conversion, "does not decode with its Content-Encoding"));
}

TEST(CapturedExchange, ACompressedBodyIsKeptCompressedAndWarnedAboutWhenItDoesNotInflate) {
  const std::string json = R"({"output":{"message":{"content":[],"role":"assistant"}}})";
  auto exchange = stream_exchange(deflate(json));
  exchange.response_headers = {{"content-type", "application/json"},
                               {"CONTENT-ENCODING", "deflate"}};
  auto conversion = convert(exchange);
  ASSERT_NE(conversion.interaction->response(), nullptr);
  EXPECT_EQ(conversion.interaction->response()->body, deflate(json));  // replayed as recorded
  EXPECT_TRUE(
      cassette::find_header(conversion.interaction->response()->headers, "Content-Encoding"));
  EXPECT_FALSE(warned(conversion, "does not decode"));

  std::string truncated = deflate(json);
  truncated.resize(truncated.size() / 2);
  exchange.response_body.bytes = truncated;
  conversion = convert(exchange);
  ASSERT_NE(conversion.interaction->response(), nullptr);
  EXPECT_EQ(conversion.interaction->response()->body, truncated);
  EXPECT_TRUE(warned(conversion, "does not decode with its Content-Encoding deflate"));
}

TEST(CapturedExchange, ErrorsBeforeAStreamStayPlainResponses) {
  auto exchange = stream_exchange(R"({"message":"The provided model identifier is invalid."})");
  exchange.status = 400;
  exchange.response_headers = {{"Content-Type", "application/json"}};
  const auto conversion = convert(exchange);
  ASSERT_NE(conversion.interaction->response(), nullptr);
  EXPECT_EQ(conversion.interaction->response()->status, 400);
}

TEST(CapturedExchange, AStatusOutsideTheHttpRangeIsAnErrorNamingTheField) {
  auto exchange = stream_exchange(frames(1));
  exchange.status = 1200;
  auto converted = to_interaction(exchange, "file.har");
  ASSERT_FALSE(converted);
  EXPECT_EQ(converted.error().location, "interactions[0].response.status");
  EXPECT_EQ(converted.error().file, "file.har");
}

TEST(CapturedExchange, AMethodInLowerCaseIsUpperCased) {
  auto exchange = stream_exchange(frames(1));
  exchange.method = "post";
  EXPECT_EQ(convert(exchange).interaction->request.method, "POST");
}

}  // namespace
}  // namespace bedrock::cassettes
