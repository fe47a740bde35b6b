#pragma once
// A cassette model that uses every part of the format, built in code (no file involved), for the
// round-trip and save tests.
#include <limits>

#include "bedrock/protocol/cassette.hpp"

namespace bedrock::cassette::test {

inline Interaction sample_converse_interaction() {
  Interaction interaction;
  interaction.id = "converse-1";
  interaction.recorded_at = "2025-02-25T08:56:13.412Z";
  interaction.request =
      Request{"POST",
              "/model/amazon.nova-lite-v1%3A0/converse",
              "Converse",
              "amazon.nova-lite-v1:0",
              "us-east-1",
              {{"Content-Type", "application/json"},
               {"X-Amz-Date", "20250225T085613Z"},
               {"amz-sdk-request", "attempt=1"},
               {"Authorization",
                "AWS4-HMAC-SHA256 Credential=REDACTED/20250225/us-east-1/bedrock/aws4_request, "
                "SignedHeaders=content-type;host;x-amz-date, Signature=REDACTED"}},
              R"({"messages": [{"role": "user", "content": [{"text": "Hi"}]}]})"};
  interaction.answer = Response{
      200,
      {{"Content-Type", "application/json"},
       {"x-amzn-RequestId", "cc146c6e-0feb-44ec-815a-c7c115d2f6d5"},
       {"Set-Cookie", "a=1"},
       {"Set-Cookie", "b=2"}},
      R"({"output":{"message":{"content":[{"text":"Hello!"}],"role":"assistant"}},)"
      R"("stopReason":"end_turn"})"};
  return interaction;
}

inline Interaction sample_stream_interaction() {
  namespace es = event_stream;
  Interaction interaction;
  interaction.recorded_at = "2025-02-25T08:57:00Z";
  interaction.request = Request{"POST",
                                "/model/amazon.nova-lite-v1%3A0/converse-stream",
                                "ConverseStream",
                                "amazon.nova-lite-v1:0",
                                "us-east-1",
                                {{"content-type", "application/json"}},
                                R"({"messages":[]})"};
  Stream stream;
  stream.headers = {{"Content-Type", "application/vnd.amazon.eventstream"}};
  stream.events.push_back(
      {0, es::make_event("messageStart", R"({"p":"abcdefghijklmnopqrst","role":"assistant"})")});
  stream.events.push_back(
      {12.5, es::make_event("contentBlockDelta",
                            R"({"contentBlockIndex":0,"delta":{"text":"Hi"},"p":"abc"})")});
  es::Message typed;
  typed.headers = {
      {"flag-true", true},
      {"flag-false", false},
      {"int8", int8_t{-128}},
      {"int16", int16_t{32767}},
      {"int32", std::numeric_limits<int32_t>::min()},
      {"int64", std::numeric_limits<int64_t>::max()},
      {"bytes", es::Bytes{std::string("\x00\xff\x10", 3)}},
      {"empty-bytes", es::Bytes{}},
      {"string", std::string("caf\xC3\xA9")},
      {"empty-string", std::string()},
      {"latin1-string", std::string("caf\xE9")},
      {"timestamp", es::Timestamp{-1}},
      {"uuid", es::Uuid{0x0f, 0x8f, 0xad, 0x5b, 0xd9, 0xcb, 0x46, 0x9f, 0xa1, 0x65, 0x70, 0x86,
                        0x77, 0x28, 0x95, 0x0e}},
  };
  typed.payload = std::string("\x00\x01binary", 8);
  stream.events.push_back({12.5, typed});
  stream.events.push_back(
      {1190.125, es::make_exception("modelStreamErrorException",
                                    R"({"message":"Model produced invalid sequence."})")});
  stream.end = StreamEnd::kReset;
  interaction.answer = stream;
  return interaction;
}

inline Cassette sample_cassette() {
  Cassette cassette;
  cassette.name = "sample";
  cassette.description = "every part of the format";
  cassette.match.ignore_paths = {"$.inferenceConfig.temperature", "$.messages[*].content[0].text"};
  cassette.interactions = {sample_converse_interaction(), sample_stream_interaction()};
  return cassette;
}

}  // namespace bedrock::cassette::test
