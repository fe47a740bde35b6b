// ConverseStream / InvokeModelWithResponseStream events and the accumulator (reference §5).
#include "bedrock/client/converse_stream.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/error_messages.hpp"

namespace bedrock::client {
namespace {

using event_stream::make_event;
using event_stream::make_exception;

ConverseStreamEvent parse_ok(const event_stream::Message& frame) {
  auto event = parse_converse_stream_event(frame);
  if (!event) {
    ADD_FAILURE() << "frame did not parse: " << frame.payload;
    return UnknownEvent{};
  }
  return *event;
}

TEST(ConverseStreamEvent, MessageStartIgnoresPadding) {
  EXPECT_EQ(parse_ok(make_event("messageStart", R"({"p":"abcdefghij","role":"assistant"})")),
            ConverseStreamEvent(MessageStart{Role::kAssistant}));
}

TEST(ConverseStreamEvent, ContentBlockStartWithToolUse) {
  EXPECT_EQ(parse_ok(make_event("contentBlockStart",
                                R"({"contentBlockIndex":1,"p":"ab","start":{"toolUse":{"name":"get_weather","toolUseId":"tooluse_x","type":"tool_use"}}})")),
            ConverseStreamEvent(ContentBlockStart{1, ToolUseStart{"tooluse_x", "get_weather"}}));
}

TEST(ConverseStreamEvent, ContentBlockStartOfAnUnmodeledKindIsKept) {
  const auto event = parse_ok(make_event(
      "contentBlockStart",
      R"({"contentBlockIndex":2,"start":{"toolResult":{"toolUseId":"t","status":"success"}}})"));
  const auto& start = std::get<ContentBlockStart>(event);
  EXPECT_EQ(start.index, 2);
  EXPECT_TRUE(std::holds_alternative<UnknownMember>(start.start));
}

struct DeltaCase {
  const char* name;
  const char* payload;
  BlockDelta expected;
};

// Readable test parameters in gtest and ctest output.
void PrintTo(const DeltaCase& c, std::ostream* os) { *os << c.name; }

class ContentBlockDeltaKinds : public ::testing::TestWithParam<DeltaCase> {};

TEST_P(ContentBlockDeltaKinds, Parse) {
  EXPECT_EQ(parse_ok(make_event("contentBlockDelta", GetParam().payload)),
            ConverseStreamEvent(ContentBlockDelta{0, GetParam().expected}));
}

const DeltaCase kDeltas[] = {
    {"Text", R"({"contentBlockIndex":0,"delta":{"text":"Hi"},"p":"abc"})", TextDelta{"Hi"}},
    {"ToolUseFragment", R"({"contentBlockIndex":0,"delta":{"toolUse":{"input":"{\"a"}}})",
     ToolUseInputDelta{"{\"a"}},
    {"ReasoningText", R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"hmm"}}})",
     ReasoningTextDelta{"hmm"}},
    {"ReasoningSignature",
     R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"signature":"EqQB"}}})",
     ReasoningSignatureDelta{"EqQB"}},
    {"RedactedReasoningIsDecoded",
     R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"redactedContent":"AQID"}}})",
     RedactedReasoningDelta{"\x01\x02\x03"}},
    {"UnmodeledDeltaIsKept", R"({"contentBlockIndex":0,"delta":{"citation":{"title":"t"}}})",
     UnknownMember{Json::parse(R"({"citation":{"title":"t"}})")}},
};

INSTANTIATE_TEST_SUITE_P(Deltas, ContentBlockDeltaKinds, ::testing::ValuesIn(kDeltas),
                         [](const ::testing::TestParamInfo<DeltaCase>& param) {
                           return std::string(param.param.name);
                         });

TEST(ConverseStreamEvent, StopAndMetadata) {
  EXPECT_EQ(parse_ok(make_event("contentBlockStop", R"({"contentBlockIndex":3,"p":"a"})")),
            ConverseStreamEvent(ContentBlockStop{3}));
  EXPECT_EQ(parse_ok(make_event(
                "messageStop",
                R"({"additionalModelResponseFields":{"stop_sequence":null},"p":"a","stopReason":"max_tokens"})")),
            ConverseStreamEvent(MessageStop{"max_tokens", Json{{"stop_sequence", nullptr}}}));
  EXPECT_EQ(parse_ok(make_event(
                "metadata",
                R"({"metrics":{"latencyMs":1176},"p":"ab","usage":{"inputTokens":236,"outputTokens":58,"serverToolUsage":{},"totalTokens":294,"cacheWriteInputTokens":7}})")),
            ConverseStreamEvent(Metadata{TokenUsage{236, 58, 294, std::nullopt, 7}, 1176,
                                         std::nullopt}));
}

TEST(ConverseStreamEvent, UnknownEventTypeIsNotAnError) {
  EXPECT_EQ(parse_ok(make_event("futureEvent", R"({"x":1})")),
            ConverseStreamEvent(UnknownEvent{"futureEvent", Json{{"x", 1}}}));
}

TEST(ConverseStreamEvent, ModeledExceptionFrameBecomesTheCatalogError) {
  auto frame = errors::render_stream_exception(errors::model_stream_invalid_tool_use_sequence(),
                                               errors::StreamKind::kConverseStream);
  ASSERT_TRUE(frame);
  auto event = parse_converse_stream_event(*frame);
  ASSERT_FALSE(event);
  const auto* error = std::get_if<errors::ServiceError>(&event.error());
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->code, errors::ErrorCode::kModelStreamError);
  EXPECT_EQ(error->message,
            "Model produced invalid sequence as part of ToolUse. Please refer to the model tool "
            "use troubleshooting guide.");
}

TEST(ConverseStreamEvent, UnknownExceptionTypeIsUnrecognized) {
  auto event = parse_converse_stream_event(
      make_exception("brandNewException", R"({"message":"boom"})"));
  ASSERT_FALSE(event);
  const auto* error = std::get_if<errors::UnrecognizedError>(&event.error());
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->code, "brandNewException");
  EXPECT_EQ(error->message, "boom");
}

TEST(ConverseStreamEvent, ErrorMessageTypeCarriesItsHeaders) {
  event_stream::Message frame;
  frame.headers = {{":message-type", std::string("error")},
                   {":error-code", std::string("InternalFailure")},
                   {":error-message", std::string("try again")}};
  auto event = parse_converse_stream_event(frame);
  ASSERT_FALSE(event);
  const auto* error = std::get_if<errors::UnrecognizedError>(&event.error());
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->code, "InternalFailure");
  EXPECT_EQ(error->message, "try again");
}

struct BadFrameCase {
  const char* name;
  event_stream::Message frame;
  ParseErrorKind kind;
  const char* path;
};

// Readable test parameters in gtest and ctest output.
void PrintTo(const BadFrameCase& c, std::ostream* os) { *os << c.name; }

class ConverseStreamBadFrames : public ::testing::TestWithParam<BadFrameCase> {};

TEST_P(ConverseStreamBadFrames, AreParseErrors) {
  auto event = parse_converse_stream_event(GetParam().frame);
  ASSERT_FALSE(event);
  const auto* error = std::get_if<ParseError>(&event.error());
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->kind, GetParam().kind) << error->message();
  EXPECT_EQ(error->path, GetParam().path) << error->message();
}

event_stream::Message without_event_type() {
  event_stream::Message frame;
  frame.headers = {{":message-type", std::string("event")}};
  frame.payload = "{}";
  return frame;
}

const BadFrameCase kBadFrames[] = {
    {"NoEventType", without_event_type(), ParseErrorKind::kMissingHeader, ":event-type"},
    {"PayloadNotJson", make_event("messageStart", "{"), ParseErrorKind::kInvalidJson,
     "messageStart"},
    {"PayloadNotObject", make_event("messageStart", "[]"), ParseErrorKind::kWrongType,
     "messageStart"},
    {"NegativeIndex", make_event("contentBlockStop", R"({"contentBlockIndex":-1})"),
     ParseErrorKind::kInvalidValue, "contentBlockStop.contentBlockIndex"},
    {"DeltaWithoutIndex", make_event("contentBlockDelta", R"({"delta":{"text":"a"}})"),
     ParseErrorKind::kMissingMember, "contentBlockDelta.contentBlockIndex"},
    {"ToolStartWithoutId",
     make_event("contentBlockStart", R"({"contentBlockIndex":0,"start":{"toolUse":{"name":"n"}}})"),
     ParseErrorKind::kMissingMember, "contentBlockStart.start.toolUse.toolUseId"},
    {"MessageStopWithoutReason", make_event("messageStop", R"({"p":"a"})"),
     ParseErrorKind::kMissingMember, "messageStop.stopReason"},
    {"MetadataWithoutUsage", make_event("metadata", R"({"metrics":{"latencyMs":1}})"),
     ParseErrorKind::kMissingMember, "metadata.usage"},
};

INSTANTIATE_TEST_SUITE_P(Frames, ConverseStreamBadFrames, ::testing::ValuesIn(kBadFrames),
                         [](const ::testing::TestParamInfo<BadFrameCase>& param) {
                           return std::string(param.param.name);
                         });

// ---- Accumulator -------------------------------------------------------------------------------

ConverseStreamResult fold(const std::vector<event_stream::Message>& frames) {
  ConverseStreamAccumulator accumulator;
  for (const auto& frame : frames) {
    auto added = accumulator.add(parse_ok(frame));
    EXPECT_TRUE(added) << added.error().message();
  }
  auto result = accumulator.result();
  EXPECT_TRUE(result) << result.error().message();
  return result ? *result : ConverseStreamResult{};
}

TEST(ConverseStreamAccumulator, FoldsTextAndToolUseFragmentsLikeClaude) {
  const ConverseStreamResult result = fold({
      make_event("messageStart", R"({"p":"a","role":"assistant"})"),
      make_event("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Let me"}})"),
      make_event("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":" check."}})"),
      make_event("contentBlockStop", R"({"contentBlockIndex":0})"),
      make_event("contentBlockStart",
                 R"({"contentBlockIndex":1,"start":{"toolUse":{"name":"get_weather","toolUseId":"t1"}}})"),
      make_event("contentBlockDelta", R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":""}}})"),
      make_event("contentBlockDelta",
                 R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"locati"}}})"),
      make_event("contentBlockDelta",
                 R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"on\": \"Barcelona\"}"}}})"),
      make_event("contentBlockStop", R"({"contentBlockIndex":1})"),
      make_event("messageStop", R"({"stopReason":"tool_use"})"),
      make_event("metadata",
                 R"({"metrics":{"latencyMs":1176},"usage":{"inputTokens":236,"outputTokens":58,"totalTokens":294}})"),
  });
  ASSERT_EQ(result.message.content.size(), 2u);
  EXPECT_EQ(result.text(), "Let me check.");
  EXPECT_EQ(result.message.content[1],
            ContentBlock(ToolUseBlock{"t1", "get_weather", Json{{"location", "Barcelona"}}}));
  EXPECT_EQ(result.stop_reason, "tool_use");
  EXPECT_EQ(result.usage, (TokenUsage{236, 58, 294, std::nullopt, std::nullopt}));
  EXPECT_TRUE(result.complete());
  ASSERT_TRUE(result.as_response().has_value());
  EXPECT_EQ(result.as_response()->latency_ms, 1176);
}

TEST(ConverseStreamAccumulator, ToolUseWithoutFragmentsHasEmptyObjectInput) {
  const ConverseStreamResult result = fold({
      make_event("contentBlockStart",
                 R"({"contentBlockIndex":0,"start":{"toolUse":{"name":"now","toolUseId":"t"}}})"),
      make_event("contentBlockStop", R"({"contentBlockIndex":0})"),
  });
  EXPECT_EQ(result.message.content.at(0), ContentBlock(ToolUseBlock{"t", "now", Json::object()}));
}

TEST(ConverseStreamAccumulator, FoldsReasoningTextWithSignatureAndRedactedBlocks) {
  const ConverseStreamResult result = fold({
      make_event("contentBlockDelta",
                 R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"Think "}}})"),
      make_event("contentBlockDelta",
                 R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"hard."}}})"),
      make_event("contentBlockDelta",
                 R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"signature":"sig"}}})"),
      make_event("contentBlockDelta",
                 R"({"contentBlockIndex":1,"delta":{"reasoningContent":{"redactedContent":"AQ=="}}})"),
      make_event("contentBlockDelta",
                 R"({"contentBlockIndex":1,"delta":{"reasoningContent":{"redactedContent":"Ag=="}}})"),
      make_event("contentBlockDelta", R"({"contentBlockIndex":2,"delta":{"text":"Answer"}})"),
  });
  ASSERT_EQ(result.message.content.size(), 3u);
  EXPECT_EQ(result.message.content[0],
            ContentBlock(ReasoningBlock{ReasoningText{"Think hard.", "sig"}}));
  EXPECT_EQ(result.message.content[1],
            ContentBlock(ReasoningBlock{RedactedReasoning{"\x01\x02"}}));
  EXPECT_EQ(result.text(), "Answer");
  EXPECT_FALSE(result.complete());
  EXPECT_FALSE(result.as_response().has_value());
}

TEST(ConverseStreamAccumulator, BlocksComeOutInIndexOrder) {
  const ConverseStreamResult result = fold({
      make_event("contentBlockDelta", R"({"contentBlockIndex":2,"delta":{"text":"c"}})"),
      make_event("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"a"}})"),
  });
  EXPECT_EQ(result.text(), "ac");
}

TEST(ConverseStreamAccumulator, ToolFragmentForATextBlockIsRefused) {
  ConverseStreamAccumulator accumulator;
  ASSERT_TRUE(accumulator.add(ContentBlockDelta{0, TextDelta{"a"}}));
  auto added = accumulator.add(ContentBlockDelta{0, ToolUseInputDelta{"{"}});
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().path, "contentBlockDelta[0]");
}

TEST(ConverseStreamAccumulator, FragmentsThatAreNotJsonFailTheResult) {
  ConverseStreamAccumulator accumulator;
  ASSERT_TRUE(accumulator.add(ContentBlockStart{4, ToolUseStart{"t", "n"}}));
  ASSERT_TRUE(accumulator.add(ContentBlockDelta{4, ToolUseInputDelta{"{\"a\":"}}));
  auto result = accumulator.result();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().path, "contentBlock[4].toolUse.input");
}

TEST(ConverseStreamAccumulator, UnknownEventsAndDeltasAreSkipped) {
  ConverseStreamAccumulator accumulator;
  ASSERT_TRUE(accumulator.add(UnknownEvent{"x", Json::object()}));
  ASSERT_TRUE(accumulator.add(ContentBlockDelta{0, UnknownMember{Json::object()}}));
  auto result = accumulator.result();
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->message.content.empty());
}

// ---- InvokeModelWithResponseStream -------------------------------------------------------------

TEST(ResponseStreamEvent, ChunkBytesAreDecoded) {
  const std::string native = R"({"type":"content_block_delta","delta":{"text":"Hi"}})";
  auto event = parse_response_stream_event(make_event(
      "chunk", R"({"bytes":")" + encoding::base64_encode(native) + R"(","p":"abcd"})"));
  ASSERT_TRUE(event);
  EXPECT_EQ(*event, ResponseStreamEvent(PayloadChunk{native}));
}

TEST(ResponseStreamEvent, ChunkWithoutBytesIsAParseError) {
  auto event = parse_response_stream_event(make_event("chunk", R"({"p":"a"})"));
  ASSERT_FALSE(event);
  EXPECT_EQ(std::get<ParseError>(event.error()).path, "chunk.bytes");
}

TEST(ResponseStreamEvent, ModelTimeoutExceptionFrameIsTheCatalogError) {
  auto frame = errors::render_stream_exception(
      errors::make_error(errors::ErrorCode::kModelTimeout, "Model has timed out"),
      errors::StreamKind::kResponseStream);
  ASSERT_TRUE(frame);
  auto event = parse_response_stream_event(*frame);
  ASSERT_FALSE(event);
  EXPECT_EQ(std::get<errors::ServiceError>(event.error()).code, errors::ErrorCode::kModelTimeout);
}

}  // namespace
}  // namespace bedrock::client
