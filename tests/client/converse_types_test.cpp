// Converse request serialisation and response parsing (reference §4).
#include "bedrock/client/converse_types.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "support/shared_data.hpp"

namespace bedrock::client {
namespace {

ConverseRequest full_request() {
  ConverseRequest request;
  request.model_id = "anthropic.claude-3-5-sonnet-20241022-v2:0";
  request.messages.push_back(Message{
      Role::kUser,
      {TextBlock{"Describe the picture and the file."},
       ImageBlock{"png", InlineBytes{std::string("\x89PNG\r\n\x1a\n", 8)}},
       ImageBlock{"jpeg", S3Location{"s3://bucket/cat.jpg", "123456789012"}},
       DocumentBlock{"txt", "notes", InlineText{"plain text"}},
       DocumentBlock{"pdf", "report", InlineBytes{"%PDF-"}},
       CachePointBlock{},
       GuardContentBlock{"check this", {"guard_content"}}}});
  request.messages.push_back(Message{
      Role::kAssistant,
      {ReasoningBlock{ReasoningText{"The user wants...", "sig=="}},
       ReasoningBlock{RedactedReasoning{std::string("\x00\x01\x02", 3)}},
       ToolUseBlock{"tooluse_1", "get_weather", Json{{"city", "Paris"}}}}});
  request.messages.push_back(Message{
      Role::kUser,
      {ToolResultBlock{"tooluse_1",
                       {TextBlock{"sunny"}, JsonContent{Json{{"celsius", 21}}}},
                       ToolResultStatus::kSuccess}}});
  request.system = {TextBlock{"You are terse."}, CachePointBlock{"default", "1h"}};
  request.inference_config = InferenceConfig{512, 0.5, 0.9, {"END"}};
  request.tool_config = ToolConfig{
      {ToolSpec{"get_weather", "Weather for a city",
                Json::parse(R"({"type":"object","properties":{"city":{"type":"string"}},)"
                            R"("required":["city"]})")},
       CachePointBlock{}},
      ToolChoice::tool("get_weather")};
  request.guardrail_config = GuardrailConfig{"gr-123", "1", "enabled", std::nullopt};
  request.additional_model_request_fields = Json{{"top_k", 50}};
  request.additional_model_response_field_paths = {"/stop_sequence"};
  request.request_metadata = {{"team", "search"}};
  request.performance_config = PerformanceConfig{"optimized"};
  request.prompt_variables = {{"topic", "weather"}};
  return request;
}

TEST(ConverseRequest, FullRequestMatchesGoldenBody) {
  const Json golden = Json::parse(
      test::read_file(test::source_dir() / "tests/golden/client/converse_request_full.json"));
  EXPECT_EQ(to_json(full_request()), golden) << to_json(full_request()).dump(2);
}

TEST(ConverseRequest, MinimalRequestOmitsEveryAbsentOptional) {
  ConverseRequest request;
  request.model_id = "amazon.nova-micro-v1:0";
  request.messages.push_back(Message{Role::kUser, {TextBlock{"What is 2+2?"}}});
  EXPECT_EQ(to_json(request).dump(),
            R"({"messages":[{"content":[{"text":"What is 2+2?"}],"role":"user"}]})");
}

TEST(ConverseRequest, ModelIdStaysOutOfTheBody) {
  EXPECT_FALSE(to_json(full_request()).contains("modelId"));
}

TEST(ConverseRequest, EmptyInferenceConfigIsAnEmptyObjectAndEmptyStopSequencesAreOmitted) {
  ConverseRequest request;
  request.inference_config = InferenceConfig{};
  request.inference_config->max_tokens = 1;
  EXPECT_EQ(to_json(request).dump(), R"({"inferenceConfig":{"maxTokens":1}})");
}

TEST(ConverseRequest, ToolChoiceAutoAndAnyAreEmptyObjects) {
  ConverseRequest request;
  request.tool_config = ToolConfig{{ToolSpec{"t", std::nullopt, Json::object()}},
                                   ToolChoice::automatic()};
  EXPECT_EQ(to_json(request)["toolConfig"]["toolChoice"].dump(), R"({"auto":{}})");
  request.tool_config->tool_choice = ToolChoice::any();
  EXPECT_EQ(to_json(request)["toolConfig"]["toolChoice"].dump(), R"({"any":{}})");
  EXPECT_EQ(to_json(request)["toolConfig"]["tools"][0].dump(),
            R"({"toolSpec":{"inputSchema":{"json":{}},"name":"t"}})");
}

TEST(ConverseRequest, StreamProcessingModeIsWrittenWhenSet) {
  ConverseRequest request;
  request.guardrail_config = GuardrailConfig{"gr", "DRAFT", std::nullopt, "async"};
  EXPECT_EQ(to_json(request)["guardrailConfig"].dump(),
            R"({"guardrailIdentifier":"gr","guardrailVersion":"DRAFT","streamProcessingMode":"async"})");
}

TEST(ConverseRequest, RoundTripsThroughItsWireForm) {
  const ConverseRequest request = full_request();
  auto parsed = parse_converse_request(to_json(request), request.model_id);
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(*parsed, request);
}

TEST(ConverseRequest, ParseReportsThePathOfAMissingToolName) {
  const Json body = Json::parse(R"({"toolConfig":{"tools":[{"toolSpec":{"inputSchema":{"json":{}}}}]}})");
  auto parsed = parse_converse_request(body);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, ParseErrorKind::kMissingMember);
  EXPECT_EQ(parsed.error().path, "toolConfig.tools[0].toolSpec.name");
}

// ---- Response ----------------------------------------------------------------------------------

// Unmodeled members everywhere, as the real service sends them and more (reference §4).
constexpr const char* kResponseWithUnknownMembers = R"({
  "additionalModelResponseFields": {"stop_sequence": null},
  "metrics": {"latencyMs": 812, "timeToFirstByteMs": 90},
  "output": {
    "message": {
      "content": [
        {"text": "Hello", "citations": []},
        {"toolUse": {"input": {"q": 1}, "name": "search", "toolUseId": "t-1", "type": "tool_use"}},
        {"citationsContent": {"content": [{"text": "x"}]}},
        {"text": " world"}
      ],
      "role": "assistant",
      "p": "abc"
    },
    "somethingNew": true
  },
  "p": "abcdefgh",
  "serviceTier": {"type": "default"},
  "stopReason": "end_turn",
  "toolboxArn": null,
  "usage": {
    "cacheReadInputTokenCount": 0,
    "cacheReadInputTokens": 4,
    "cacheWriteInputTokenCount": 0,
    "inputTokens": 16,
    "outputTokens": 40,
    "serverToolUsage": {},
    "totalTokens": 56
  }
})";

TEST(ConverseResponse, ParsesAndIgnoresUnknownMembersEverywhere) {
  auto response = parse_converse_response(std::string_view(kResponseWithUnknownMembers));
  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->message.role, Role::kAssistant);
  ASSERT_EQ(response->message.content.size(), 4u);
  EXPECT_EQ(std::get<ToolUseBlock>(response->message.content[1]).input, Json({{"q", 1}}));
  // An unmodeled block is kept verbatim rather than failing the answer.
  EXPECT_EQ(std::get<UnknownMember>(response->message.content[2]).raw.begin().key(),
            "citationsContent");
  EXPECT_EQ(response->stop_reason, "end_turn");
  EXPECT_EQ(parse_stop_reason(response->stop_reason), StopReason::kEndTurn);
  EXPECT_EQ(response->usage, (TokenUsage{16, 40, 56, 4, std::nullopt}));
  EXPECT_EQ(response->latency_ms, 812);
  EXPECT_EQ(response->additional_model_response_fields, Json({{"stop_sequence", nullptr}}));
}

TEST(ConverseResponse, TextConcatenatesTheTextBlocks) {
  auto response = parse_converse_response(std::string_view(kResponseWithUnknownMembers));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->text(), "Hello world");
}

TEST(ConverseResponse, UnknownStopReasonIsKeptAsText) {
  EXPECT_EQ(parse_stop_reason("future_reason"), StopReason::kOther);
  EXPECT_EQ(parse_stop_reason("model_context_window_exceeded"),
            StopReason::kModelContextWindowExceeded);
}

struct MissingMemberCase {
  const char* name;
  const char* body;
  const char* path;
  ParseErrorKind kind;
};

// Readable test parameters in gtest and ctest output.
void PrintTo(const MissingMemberCase& c, std::ostream* os) { *os << c.name; }

class ConverseResponseErrors : public ::testing::TestWithParam<MissingMemberCase> {};

TEST_P(ConverseResponseErrors, ReportKindAndPath) {
  auto response = parse_converse_response(std::string_view(GetParam().body));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, GetParam().kind) << response.error().message();
  EXPECT_EQ(response.error().path, GetParam().path) << response.error().message();
}

constexpr const char* kOk = R"("metrics":{"latencyMs":1},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":1,"totalTokens":2})";

const MissingMemberCase kMissingMemberCases[] = {
    {"NotJson", "not json", "", ParseErrorKind::kInvalidJson},
    {"NotAnObject", "[1]", "", ParseErrorKind::kWrongType},
    {"NoOutput", R"({"metrics":{"latencyMs":1},"stopReason":"end_turn","usage":{}})", "output",
     ParseErrorKind::kMissingMember},
    {"NoMessage", R"({"output":{},"metrics":{"latencyMs":1}})", "output.message",
     ParseErrorKind::kMissingMember},
    {"NullMessageCountsAsMissing", R"({"output":{"message":null}})", "output.message",
     ParseErrorKind::kMissingMember},
    {"NoRole", R"({"output":{"message":{"content":[]}}})", "output.message.role",
     ParseErrorKind::kMissingMember},
    {"UnknownRole", R"({"output":{"message":{"role":"robot","content":[]}}})",
     "output.message.role", ParseErrorKind::kInvalidValue},
    {"ContentNotArray", R"({"output":{"message":{"role":"assistant","content":{}}}})",
     "output.message.content", ParseErrorKind::kWrongType},
    {"TextNotString", R"({"output":{"message":{"role":"assistant","content":[{"text":1}]}}})",
     "output.message.content[0].text", ParseErrorKind::kWrongType},
    {"ToolUseWithoutName",
     R"({"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"a","input":{}}}]}}})",
     "output.message.content[0].toolUse.name", ParseErrorKind::kMissingMember},
    {"RedactedNotBase64",
     R"({"output":{"message":{"role":"assistant","content":[{"reasoningContent":{"redactedContent":"!!"}}]}}})",
     "output.message.content[0].reasoningContent.redactedContent", ParseErrorKind::kInvalidValue},
    {"NoStopReason", R"({"output":{"message":{"role":"assistant","content":[]}}})", "stopReason",
     ParseErrorKind::kMissingMember},
    {"NoUsage",
     R"({"output":{"message":{"role":"assistant","content":[]}},"stopReason":"end_turn"})",
     "usage", ParseErrorKind::kMissingMember},
    {"NoTotalTokens",
     R"({"output":{"message":{"role":"assistant","content":[]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":2}})",
     "usage.totalTokens", ParseErrorKind::kMissingMember},
    {"FractionalTokens",
     R"({"output":{"message":{"role":"assistant","content":[]}},"stopReason":"end_turn","usage":{"inputTokens":1.5,"outputTokens":2,"totalTokens":3}})",
     "usage.inputTokens", ParseErrorKind::kWrongType},
    {"NoLatency",
     R"({"output":{"message":{"role":"assistant","content":[]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3},"metrics":{}})",
     "metrics.latencyMs", ParseErrorKind::kMissingMember},
    {"HugeLatency",
     R"({"output":{"message":{"role":"assistant","content":[]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3},"metrics":{"latencyMs":18446744073709551615}})",
     "metrics.latencyMs", ParseErrorKind::kInvalidValue},
};

INSTANTIATE_TEST_SUITE_P(Bodies, ConverseResponseErrors, ::testing::ValuesIn(kMissingMemberCases),
                         [](const ::testing::TestParamInfo<MissingMemberCase>& param) {
                           return std::string(param.param.name);
                         });

TEST(ConverseResponse, MinimalValidBodyParses) {
  const std::string body =
      std::string(R"({"output":{"message":{"role":"assistant","content":[]}},)") + kOk + "}";
  auto response = parse_converse_response(std::string_view(body));
  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->text(), "");
  EXPECT_FALSE(response->additional_model_response_fields.has_value());
}

}  // namespace
}  // namespace bedrock::client
