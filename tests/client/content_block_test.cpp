// Content blocks: wire form and round trips (reference §4).
#include "bedrock/client/content_block.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace bedrock::client {
namespace {

struct BlockCase {
  const char* name;
  ContentBlock block;
  const char* wire;  // compact JSON, keys sorted
};

// Readable test parameters in gtest and ctest output.
void PrintTo(const BlockCase& c, std::ostream* os) { *os << c.name; }

class ContentBlockWireForm : public ::testing::TestWithParam<BlockCase> {};

TEST_P(ContentBlockWireForm, SerialisesToTheServiceShape) {
  EXPECT_EQ(to_json(GetParam().block).dump(), GetParam().wire);
}

TEST_P(ContentBlockWireForm, ParsesBackToTheSameBlock) {
  auto parsed = parse_content_block(Json::parse(GetParam().wire));
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(*parsed, GetParam().block);
}

const BlockCase kBlocks[] = {
    {"Text", TextBlock{"hi"}, R"({"text":"hi"})"},
    {"ImageBytesAreBase64", ImageBlock{"png", InlineBytes{"abc"}},
     R"({"image":{"format":"png","source":{"bytes":"YWJj"}}})"},
    {"ImageS3", ImageBlock{"webp", S3Location{"s3://b/k", std::nullopt}},
     R"({"image":{"format":"webp","source":{"s3Location":{"uri":"s3://b/k"}}}})"},
    {"DocumentBytes", DocumentBlock{"csv", "table", InlineBytes{"a,b"}},
     R"({"document":{"format":"csv","name":"table","source":{"bytes":"YSxi"}}})"},
    {"DocumentTextWithoutFormat", DocumentBlock{std::nullopt, "doc", InlineText{"t"}},
     R"({"document":{"name":"doc","source":{"text":"t"}}})"},
    {"DocumentS3", DocumentBlock{"pdf", "d", S3Location{"s3://b/d.pdf", "111122223333"}},
     R"({"document":{"format":"pdf","name":"d","source":{"s3Location":{"bucketOwner":"111122223333","uri":"s3://b/d.pdf"}}}})"},
    {"ToolUse", ToolUseBlock{"id-1", "calc", Json{{"x", 1}}},
     R"({"toolUse":{"input":{"x":1},"name":"calc","toolUseId":"id-1"}})"},
    {"ToolResultEveryContentKind",
     ToolResultBlock{"id-1",
                     {TextBlock{"t"}, JsonContent{Json::array({1, 2})},
                      ImageBlock{"gif", InlineBytes{"g"}},
                      DocumentBlock{"md", "m", InlineText{"# h"}}},
                     ToolResultStatus::kError},
     R"({"toolResult":{"content":[{"text":"t"},{"json":[1,2]},{"image":{"format":"gif","source":{"bytes":"Zw=="}}},{"document":{"format":"md","name":"m","source":{"text":"# h"}}}],"status":"error","toolUseId":"id-1"}})"},
    {"ToolResultWithoutStatus", ToolResultBlock{"id-2", {}, std::nullopt},
     R"({"toolResult":{"content":[],"toolUseId":"id-2"}})"},
    {"ReasoningText", ReasoningBlock{ReasoningText{"think", "sig"}},
     R"({"reasoningContent":{"reasoningText":{"signature":"sig","text":"think"}}})"},
    {"ReasoningTextUnsigned", ReasoningBlock{ReasoningText{"think", std::nullopt}},
     R"({"reasoningContent":{"reasoningText":{"text":"think"}}})"},
    {"RedactedReasoning", ReasoningBlock{RedactedReasoning{"\x01\x02"}},
     R"({"reasoningContent":{"redactedContent":"AQI="}})"},
    {"CachePoint", CachePointBlock{}, R"({"cachePoint":{"type":"default"}})"},
    {"CachePointWithTtl", CachePointBlock{"default", "5m"},
     R"({"cachePoint":{"ttl":"5m","type":"default"}})"},
    {"GuardContent", GuardContentBlock{"g", {"query"}},
     R"({"guardContent":{"text":{"qualifiers":["query"],"text":"g"}}})"},
    {"UnknownBlockKeptVerbatim", UnknownMember{Json::parse(R"({"video":{"format":"mp4"}})")},
     R"({"video":{"format":"mp4"}})"},
};

INSTANTIATE_TEST_SUITE_P(Blocks, ContentBlockWireForm, ::testing::ValuesIn(kBlocks),
                         [](const ::testing::TestParamInfo<BlockCase>& param) {
                           return std::string(param.param.name);
                         });

TEST(ContentBlock, UnknownMembersInsideKnownBlocksAreIgnored) {
  auto parsed = parse_content_block(Json::parse(
      R"({"toolUse":{"toolUseId":"a","name":"n","input":{},"type":"server_tool_use","extra":1}})"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, ContentBlock(ToolUseBlock{"a", "n", Json::object()}));
}

TEST(ContentBlock, GuardContentImageIsKeptAsUnknown) {
  const Json raw = Json::parse(R"({"guardContent":{"image":{"format":"png","source":{}}}})");
  auto parsed = parse_content_block(raw);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, ContentBlock(UnknownMember{raw}));
}

TEST(ContentBlock, ImageWithoutSourceNamesThePath) {
  auto parsed = parse_content_block(Json::parse(R"({"image":{"format":"png"}})"), "m.content[3]");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().path, "m.content[3].image.source");
  EXPECT_EQ(parsed.error().message(), "MissingMember at m.content[3].image.source: required member is missing");
}

TEST(ContentBlock, ToolResultStatusOutsideTheEnumIsRefused) {
  auto parsed = parse_content_block(
      Json::parse(R"({"toolResult":{"toolUseId":"a","content":[],"status":"maybe"}})"));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, ParseErrorKind::kInvalidValue);
}

TEST(ContentBlock, BlockThatIsNotAnObjectIsAWrongType) {
  auto parsed = parse_content_block(Json("text"));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, ParseErrorKind::kWrongType);
}

TEST(Message, RoundTripsWithSystemRole) {
  const Message message{Role::kSystem, {TextBlock{"a"}, CachePointBlock{}}};
  auto parsed = parse_message(to_json(message));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, message);
  EXPECT_EQ(to_json(message)["role"], "system");
}

TEST(Message, TextOfSkipsNonTextBlocks) {
  const Message message{Role::kAssistant,
                        {TextBlock{"a"}, ToolUseBlock{"i", "n", Json::object()}, TextBlock{"b"}}};
  EXPECT_EQ(text_of(message), "ab");
}

}  // namespace
}  // namespace bedrock::client
