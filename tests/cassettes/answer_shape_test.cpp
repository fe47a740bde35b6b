// Shapes of answers for drift checks: values never count, paths, types, headers, events do.
#include "bedrock/cassettes/answer_shape.hpp"

#include <gtest/gtest.h>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/event_stream_message.hpp"

namespace bedrock::cassettes {
namespace {

cassette::Response json_answer(int status, std::string body, cassette::HeaderList headers = {}) {
  headers.insert(headers.begin(), {"Content-Type", "application/json"});
  return cassette::Response{status, std::move(headers), std::move(body)};
}

std::vector<std::string> differences(const Answer& recorded, const Answer& live) {
  std::vector<std::string> out;
  for (const auto& difference : compare_shapes(shape_of(recorded), shape_of(live))) {
    out.push_back(difference.to_string());
  }
  return out;
}

using Strings = std::vector<std::string>;

TEST(AnswerShape, ValuesIdsDatesAndGeneratedTextNeverCount) {
  const auto recorded = json_answer(
      200,
      R"({"output":{"message":{"content":[{"text":"Hi"}],"role":"assistant"}},"usage":{"inputTokens":3}})",
      {{"Date", "Mon, 14 Apr 2025 09:12:31 GMT"},
       {"x-amzn-RequestId", "a"},
       {"Content-Length", "9"}});
  const auto live = json_answer(
      200,
      R"({"output":{"message":{"content":[{"text":"Hello there"},{"text":"More"}],"role":"assistant"}},"usage":{"inputTokens":30.0}})",
      {{"date", "Tue, 15 Apr 2025 10:00:00 GMT"},
       {"X-Amzn-RequestId", "b"},
       {"Transfer-Encoding", "chunked"}});
  EXPECT_EQ(differences(recorded, live), Strings{});
}

struct ShapeCase {
  const char* name;
  Answer recorded;
  Answer live;
  Strings expected;
};

cassette::Stream stream_of(std::vector<std::pair<std::string, std::string>> events) {
  cassette::Stream stream;
  stream.headers = {{"Content-Type", "application/vnd.amazon.eventstream"}};
  for (auto& [type, payload] : events) {
    cassette::StreamEvent event;
    event.message = type.starts_with("!") ? event_stream::make_exception(type.substr(1), payload)
                                          : event_stream::make_event(type, payload);
    stream.events.push_back(std::move(event));
  }
  return stream;
}

std::vector<ShapeCase> shape_cases() {
  const std::string chunk_a =
      encoding::base64_encode(R"({"type":"content_block_delta","delta":{"text":"x"}})");
  const std::string chunk_b = encoding::base64_encode(
      R"({"type":"content_block_delta","delta":{"text":"x","citations":[]}})");
  return {
      {"status and error type",
       json_answer(200, "{}"),
       json_answer(429, R"({"message":"slow down"})",
                   {{"x-amzn-ErrorType",
                     "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"}}),
       {"status: recorded 200, now 429", "error type: recorded (none), now ThrottlingException",
        "header x-amzn-errortype: added", "field $.message: added (string)"}},
      {"added, removed and retyped fields",
       json_answer(200, R"({"a":{"b":1,"c":[1]},"d":"x","n":null})"),
       json_answer(200, R"({"a":{"c":["1"]},"d":"x","e":{"f":true,"g":[]},"n":"now set"})"),
       {"field $.a.b: removed (was number)", "field $.a.c[*]: recorded number, now string",
        "field $.e: added (object)"}},
      {"an empty array on one side",
       json_answer(200, R"({"content":[]})"),
       json_answer(200, R"({"content":[{"text":"x"}]})"),
       {}},
      {"a header the service stopped sending",
       json_answer(200, "{}", {{"X-Amzn-Bedrock-Trace", "x"}}),
       json_answer(200, "{}"),
       {"header x-amzn-bedrock-trace: removed (was present)"}},
      {"stream events and payload shapes",
       stream_of({{"messageStart", R"({"role":"assistant","p":"ab"})"},
                  {"metadata", R"({"usage":{"inputTokens":1},"p":"a"})"}}),
       stream_of({{"messageStart", R"({"role":"assistant","p":"abc"})"},
                  {"metadata", R"({"usage":{"inputTokens":1,"cacheReadInputTokens":0},"p":"a"})"},
                  {"!modelStreamErrorException", R"({"message":"x"})"}}),
       {"error type: recorded (none), now modelStreamErrorException",
        "event exception:modelStreamErrorException: added",
        "field exception:modelStreamErrorException $: added (object)",
        "field metadata $.usage.cacheReadInputTokens: added (number)"}},
      {"inside invoke chunks",
       stream_of({{"chunk", R"({"bytes":")" + chunk_a + R"("})"}}),
       stream_of({{"chunk", R"({"bytes":")" + chunk_b + R"("})"}}),
       {"field chunk $.bytes>$.delta.citations: added (array)"}},
      {"a stream that became an error",
       stream_of({{"messageStart", "{}"}}),
       json_answer(400, R"({"message":"bad"})",
                   {{"x-amzn-ErrorType",
                     "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"}}),
       {"answer: recorded stream, now response", "status: recorded 200, now 400",
        "error type: recorded (none), now ValidationException", "header x-amzn-errortype: added",
        "event messageStart: removed (was present)", "field $: added (object)",
        "field messageStart $: removed (was object)"}},
      {"a failure that now answers",
       cassette::Failure{},
       json_answer(200, "{}"),
       {"answer: recorded failure, now response"}},
  };
}

TEST(AnswerShape, ReportsEachChangeOnce) {
  for (const auto& shape_case : shape_cases()) {
    EXPECT_EQ(differences(shape_case.recorded, shape_case.live), shape_case.expected)
        << shape_case.name;
  }
}

}  // namespace
}  // namespace bedrock::cassettes
