#include "bedrock/mock/request_validator.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <ostream>
#include <string>
#include <vector>

#include "bedrock/protocol/error_messages.hpp"
#include "validation/invoke_body_schema.hpp"

namespace bedrock::mock {
namespace {

using operations::Operation;

std::string test_name(std::string name) {
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// A valid first user turn, used by most bodies below.
constexpr const char* kUserHello = R"({"role":"user","content":[{"text":"Hello"}]})";
constexpr const char* kTools =
    R"("toolConfig":{"tools":[{"toolSpec":{"name":"get_weather","inputSchema":{"json":{"type":"object"}}}}]})";

std::string converse_with(const std::string& members) {
  return std::string(R"({"messages":[)") + kUserHello + "]," + members + "}";
}

std::string converse_messages(const std::string& messages, const std::string& extra = "") {
  return R"({"messages":[)" + messages + "]" + (extra.empty() ? "" : "," + extra) + "}";
}

std::string user_block(const std::string& block) {
  return R"({"role":"user","content":[)" + block + "]}";
}

void expect_validation(const Expected<void, errors::ServiceError>& result,
                       const std::string& message) {
  ASSERT_FALSE(result.has_value()) << "expected: " << message;
  EXPECT_EQ(result.error().code, errors::ErrorCode::kValidation);
  EXPECT_EQ(result.error().http_status(), 400);
  EXPECT_EQ(result.error().message, message);
}

// Coral's deserialization failures (wrong JSON types, malformed JSON) are SerializationException
// with a capital "Message" (realworld prism-php-bedrock with-converse-options-1.json).
void expect_serialization(const Expected<void, errors::ServiceError>& result,
                          const std::string& message) {
  ASSERT_FALSE(result.has_value()) << "expected: " << message;
  EXPECT_EQ(result.error().code, errors::ErrorCode::kSerialization);
  EXPECT_EQ(result.error().http_status(), 400);
  EXPECT_EQ(result.error().message, message);
}

// ---- Shape rules: one row per rule, exact Coral text ------------------------------------------

struct ShapeCase {
  std::string name;
  Operation operation;
  std::string body;
  std::string message;
};

void PrintTo(const ShapeCase& c, std::ostream* os) { *os << c.name; }

class ShapeRule : public testing::TestWithParam<ShapeCase> {};

TEST_P(ShapeRule, AnswersTheCoralText) {
  expect_validation(check_shape(GetParam().operation, GetParam().body), GetParam().message);
}

class DeserializationRule : public testing::TestWithParam<ShapeCase> {};

TEST_P(DeserializationRule, AnswersSerializationExceptionWithTheCoralText) {
  expect_serialization(check_shape(GetParam().operation, GetParam().body), GetParam().message);
}

const std::string kPatternToolName =
    "Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+";

INSTANTIATE_TEST_SUITE_P(
    Converse, ShapeRule,
    testing::Values(
        // Real: vercel-ai bedrock-invalid-tool-name-validation-error.json, whose test sends the bad
        // name at messages[1].content[0]: Coral indexes are 1-based and hide message values.
        ShapeCase{
            "ToolUseNamePatternRealWorld", Operation::kConverse,
            converse_messages(
                std::string(kUserHello) +
                    R"(,{"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"$READFILE","input":{}}}]})",
                kTools),
            "1 validation error detected: Value at "
            "'messages.2.member.content.1.member.toolUse.name' failed to satisfy "
            "constraint: " +
                kPatternToolName},
        // Real (Swift client comment): system text values are hidden, toolConfig values shown.
        // The real message listed toolConfig first; the mock lists members in model order.
        ShapeCase{
            "SystemTextAndToolSpecNameShowAndHideValues", Operation::kConverse,
            R"({"messages":[)" + std::string(kUserHello) +
                R"(],"system":[{"text":""}],"toolConfig":{"tools":[{"toolSpec":{"name":"Count Tool","inputSchema":{"json":{}}}}]}})",
            "2 validation errors detected: Value at 'system.1.member.text' failed to "
            "satisfy constraint: Member must have length greater than or equal to 1; Value "
            "'Count Tool' at 'toolConfig.tools.1.member.toolSpec.name' failed to satisfy "
            "constraint: " +
                kPatternToolName},
        ShapeCase{"MessageRoleRequired", Operation::kConverse,
                  converse_messages(R"({"content":[{"text":"hi"}]})"),
                  "1 validation error detected: Value at 'messages.1.member.role' failed to "
                  "satisfy constraint: Member must not be null"},
        ShapeCase{"MessageContentRequired", Operation::kConverse,
                  converse_messages(R"({"role":"user"})"),
                  "1 validation error detected: Value at 'messages.1.member.content' failed to "
                  "satisfy constraint: Member must not be null"},
        ShapeCase{"MessageRoleEnum", Operation::kConverse,
                  converse_messages(R"({"role":"human","content":[{"text":"hi"}]})"),
                  "1 validation error detected: Value at 'messages.1.member.role' failed to "
                  "satisfy constraint: Member must satisfy enum value set: [user, assistant, "
                  "system]"},
        ShapeCase{"ImageFormatEnum", Operation::kConverse,
                  converse_messages(
                      user_block(R"({"image":{"format":"bmp","source":{"bytes":"AAAA"}}})")),
                  "1 validation error detected: Value at "
                  "'messages.1.member.content.1.member.image.format' failed to satisfy "
                  "constraint: Member must satisfy enum value set: [png, jpeg, gif, webp]"},
        ShapeCase{"ImageBytesMinLength", Operation::kConverse,
                  converse_messages(user_block(
                      R"({"text":"see"}, {"image":{"format":"png","source":{"bytes":""}}})")),
                  "1 validation error detected: Value at "
                  "'messages.1.member.content.2.member.image.source.bytes' failed to satisfy "
                  "constraint: Member must have length greater than or equal to 1"},
        ShapeCase{
            "S3UriPattern", Operation::kConverse,
            converse_messages(user_block(
                R"({"image":{"format":"png","source":{"s3Location":{"uri":"https://bucket/x.png"}}}})")),
            "1 validation error detected: Value at "
            "'messages.1.member.content.1.member.image.source.s3Location.uri' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: "
            "s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?"},
        ShapeCase{
            "S3BucketOwnerPattern", Operation::kConverse,
            converse_messages(user_block(
                R"({"video":{"format":"mp4","source":{"s3Location":{"uri":"s3://my-bucket/v.mp4","bucketOwner":"123"}}}})")),
            "1 validation error detected: Value at "
            "'messages.1.member.content.1.member.video.source.s3Location.bucketOwner' "
            "failed to satisfy constraint: Member must satisfy regular expression pattern: "
            "[0-9]{12}"},
        ShapeCase{"DocumentNameMaxLength", Operation::kConverse,
                  converse_messages(user_block(R"({"document":{"format":"txt","name":")" +
                                               std::string(201, 'n') +
                                               R"(","source":{"text":"body"}}})")),
                  "1 validation error detected: Value at "
                  "'messages.1.member.content.1.member.document.name' failed to satisfy "
                  "constraint: Member must have length less than or equal to 200"},
        ShapeCase{"DocumentNameRequired", Operation::kConverse,
                  converse_messages(user_block(R"({"document":{"source":{"text":"body"}}})")),
                  "1 validation error detected: Value at "
                  "'messages.1.member.content.1.member.document.name' failed to satisfy "
                  "constraint: Member must not be null"},
        ShapeCase{
            "ToolUseIdPattern", Operation::kConverse,
            converse_messages(
                std::string(kUserHello) +
                    R"(,{"role":"assistant","content":[{"toolUse":{"toolUseId":"bad id","name":"get_weather","input":{}}}]})",
                kTools),
            "1 validation error detected: Value at "
            "'messages.2.member.content.1.member.toolUse.toolUseId' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.:-]+"},
        ShapeCase{
            "ToolUseInputRequired", Operation::kConverse,
            converse_messages(
                std::string(kUserHello) +
                    R"(,{"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"get_weather"}}]})",
                kTools),
            "1 validation error detected: Value at "
            "'messages.2.member.content.1.member.toolUse.input' failed to satisfy "
            "constraint: Member must not be null"},
        ShapeCase{
            "ToolResultStatusEnum", Operation::kConverse,
            converse_messages(
                user_block(
                    R"({"toolResult":{"toolUseId":"t1","content":[{"text":"ok"}],"status":"failed"}})"),
                kTools),
            "1 validation error detected: Value at "
            "'messages.1.member.content.1.member.toolResult.status' failed to satisfy "
            "constraint: Member must satisfy enum value set: [success, error]"},
        ShapeCase{
            "CachePointTypeEnum", Operation::kConverse,
            converse_messages(user_block(R"({"text":"a"},{"cachePoint":{"type":"ephemeral"}})")),
            "1 validation error detected: Value at "
            "'messages.1.member.content.2.member.cachePoint.type' failed to satisfy "
            "constraint: Member must satisfy enum value set: [default]"},
        ShapeCase{"CachePointTtlEnum", Operation::kConverse,
                  converse_messages(
                      user_block(R"({"text":"a"},{"cachePoint":{"type":"default","ttl":"2h"}})")),
                  "1 validation error detected: Value at "
                  "'messages.1.member.content.2.member.cachePoint.ttl' failed to satisfy "
                  "constraint: Member must satisfy enum value set: [5m, 1h]"},
        ShapeCase{
            "ReasoningTextRequired", Operation::kConverse,
            converse_messages(
                std::string(kUserHello) +
                R"(,{"role":"assistant","content":[{"reasoningContent":{"reasoningText":{"signature":"s"}}}]})"),
            "1 validation error detected: Value at "
            "'messages.2.member.content.1.member.reasoningContent.reasoningText.text' "
            "failed to satisfy constraint: Member must not be null"},
        ShapeCase{"GuardContentQualifierEnum", Operation::kConverse,
                  converse_messages(user_block(
                      R"({"guardContent":{"text":{"text":"t","qualifiers":["grounding"]}}})")),
                  "1 validation error detected: Value at "
                  "'messages.1.member.content.1.member.guardContent.text.qualifiers.1.member' "
                  "failed to satisfy constraint: Member must satisfy enum value set: "
                  "[grounding_source, query, guard_content]"},
        ShapeCase{
            "CitationLocationMinValue", Operation::kConverse,
            converse_messages(
                std::string(kUserHello) +
                R"(,{"role":"assistant","content":[{"citationsContent":{"citations":[{"location":{"documentChar":{"documentIndex":0,"start":-1,"end":4}}}]}}]})"),
            "1 validation error detected: Value at "
            "'messages.2.member.content.1.member.citationsContent.citations.1.member."
            "location.documentChar.start' failed to satisfy constraint: Member must have "
            "value greater than or equal to 0"},
        ShapeCase{"MaxTokensMinValue", Operation::kConverse,
                  converse_with(R"("inferenceConfig":{"maxTokens":0})"),
                  "1 validation error detected: Value '0' at 'inferenceConfig.maxTokens' failed "
                  "to satisfy constraint: Member must have value greater than or equal to 1"},
        ShapeCase{"TemperatureMaxValue", Operation::kConverse,
                  converse_with(R"("inferenceConfig":{"temperature":1.5})"),
                  "1 validation error detected: Value '1.5' at 'inferenceConfig.temperature' "
                  "failed to satisfy constraint: Member must have value less than or equal to 1"},
        ShapeCase{"TemperatureIntegerPrintedAsJavaFloat", Operation::kConverse,
                  converse_with(R"("inferenceConfig":{"temperature":2})"),
                  "1 validation error detected: Value '2.0' at 'inferenceConfig.temperature' "
                  "failed to satisfy constraint: Member must have value less than or equal to 1"},
        ShapeCase{"TopPMinValue", Operation::kConverse,
                  converse_with(R"("inferenceConfig":{"topP":-0.5})"),
                  "1 validation error detected: Value '-0.5' at 'inferenceConfig.topP' failed "
                  "to satisfy constraint: Member must have value greater than or equal to 0"},
        ShapeCase{"StopSequenceMinLength", Operation::kConverse,
                  converse_with(R"("inferenceConfig":{"stopSequences":["END",""]})"),
                  "1 validation error detected: Value '' at "
                  "'inferenceConfig.stopSequences.2.member' failed to satisfy constraint: "
                  "Member must have length greater than or equal to 1"},
        ShapeCase{"ToolsMinLength", Operation::kConverse,
                  converse_with(R"("toolConfig":{"tools":[]})"),
                  "1 validation error detected: Value '[]' at 'toolConfig.tools' failed to "
                  "satisfy constraint: Member must have length greater than or equal to 1"},
        ShapeCase{"ToolsRequired", Operation::kConverse,
                  converse_with(R"("toolConfig":{"toolChoice":{"auto":{}}})"),
                  "1 validation error detected: Value null at 'toolConfig.tools' failed to "
                  "satisfy constraint: Member must not be null"},
        ShapeCase{
            "EmptyToolSpecNameBreaksPatternAndLength", Operation::kConverse,
            converse_with(
                R"("toolConfig":{"tools":[{"toolSpec":{"name":"","inputSchema":{"json":{}}}}]})"),
            "2 validation errors detected: Value '' at "
            "'toolConfig.tools.1.member.toolSpec.name' failed to satisfy constraint: " +
                kPatternToolName +
                "; Value '' at 'toolConfig.tools.1.member.toolSpec.name' failed to satisfy "
                "constraint: Member must have length greater than or equal to 1"},
        ShapeCase{"ToolSpecNameMaxLength", Operation::kConverse,
                  converse_with(R"("toolConfig":{"tools":[{"toolSpec":{"name":")" +
                                std::string(65, 'a') + R"(","inputSchema":{"json":{}}}}]})"),
                  "1 validation error detected: Value '" + std::string(65, 'a') +
                      "' at 'toolConfig.tools.1.member.toolSpec.name' failed to satisfy "
                      "constraint: Member must have length less than or equal to 64"},
        ShapeCase{
            "ToolSpecDescriptionMinLength", Operation::kConverse,
            converse_with(
                R"("toolConfig":{"tools":[{"toolSpec":{"name":"t","description":"","inputSchema":{"json":{}}}}]})"),
            "1 validation error detected: Value '' at "
            "'toolConfig.tools.1.member.toolSpec.description' failed to satisfy "
            "constraint: Member must have length greater than or equal to 1"},
        ShapeCase{"ToolSpecInputSchemaRequired", Operation::kConverse,
                  converse_with(R"("toolConfig":{"tools":[{"toolSpec":{"name":"t"}}]})"),
                  "1 validation error detected: Value null at "
                  "'toolConfig.tools.1.member.toolSpec.inputSchema' failed to satisfy "
                  "constraint: Member must not be null"},
        ShapeCase{
            "SpecificToolChoiceNamePattern", Operation::kConverse,
            converse_with(
                R"("toolConfig":{"tools":[{"toolSpec":{"name":"t","inputSchema":{"json":{}}}}],"toolChoice":{"tool":{"name":"my tool"}}})"),
            "1 validation error detected: Value 'my tool' at "
            "'toolConfig.toolChoice.tool.name' failed to satisfy constraint: " +
                kPatternToolName},
        ShapeCase{
            "GuardrailTraceEnum", Operation::kConverse,
            converse_with(
                R"("guardrailConfig":{"guardrailIdentifier":"abc123","guardrailVersion":"1","trace":"ENABLED"})"),
            "1 validation error detected: Value 'ENABLED' at 'guardrailConfig.trace' failed "
            "to satisfy constraint: Member must satisfy enum value set: [enabled, disabled, "
            "enabled_full]"},
        ShapeCase{
            "GuardrailVersionPattern", Operation::kConverse,
            converse_with(
                R"("guardrailConfig":{"guardrailIdentifier":"abc123","guardrailVersion":"0"})"),
            "1 validation error detected: Value '0' at 'guardrailConfig.guardrailVersion' "
            "failed to satisfy constraint: Member must satisfy regular expression pattern: "
            "(|([1-9][0-9]{0,7})|(DRAFT))"},
        ShapeCase{"GuardrailIdentifierPattern", Operation::kConverse,
                  converse_with(R"("guardrailConfig":{"guardrailIdentifier":"My-Guardrail"})"),
                  "1 validation error detected: Value 'My-Guardrail' at "
                  "'guardrailConfig.guardrailIdentifier' failed to satisfy constraint: Member must "
                  "satisfy regular expression pattern: "
                  "(|([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/"
                  "[a-z0-9]+))"},
        ShapeCase{
            "FieldPathsMaxLength", Operation::kConverse,
            converse_with(
                R"("additionalModelResponseFieldPaths":["/a","/b","/c","/d","/e","/f","/g","/h","/i","/j","/k"])"),
            "1 validation error detected: Value '[/a, /b, /c, /d, /e, /f, /g, /h, /i, /j, "
            "/k]' at 'additionalModelResponseFieldPaths' failed to satisfy constraint: "
            "Member must have length less than or equal to 10"},
        ShapeCase{"RequestMetadataMinEntries", Operation::kConverse,
                  converse_with(R"("requestMetadata":{})"),
                  "1 validation error detected: Value at 'requestMetadata' failed to satisfy "
                  "constraint: Member must have length greater than or equal to 1"},
        ShapeCase{"RequestMetadataKeyPattern", Operation::kConverse,
                  converse_with(R"("requestMetadata":{"team!":"a"})"),
                  "1 validation error detected: Value at 'requestMetadata.team!.key' failed to "
                  "satisfy constraint: Member must satisfy regular expression pattern: "
                  "[a-zA-Z0-9\\s:_@$#=/+,-.]{1,256}"},
        ShapeCase{"PerformanceLatencyEnum", Operation::kConverse,
                  converse_with(R"("performanceConfig":{"latency":"fast"})"),
                  "1 validation error detected: Value 'fast' at 'performanceConfig.latency' "
                  "failed to satisfy constraint: Member must satisfy enum value set: [standard, "
                  "optimized]"},
        ShapeCase{"ServiceTierTypeRequired", Operation::kConverse,
                  converse_with(R"("serviceTier":{})"),
                  "1 validation error detected: Value null at 'serviceTier.type' failed to "
                  "satisfy constraint: Member must not be null"},
        ShapeCase{"OutputFormatStructureHidden", Operation::kConverse,
                  converse_with(R"("outputConfig":{"textFormat":{"type":"json_schema"}})"),
                  "1 validation error detected: Value at 'outputConfig.textFormat.structure' "
                  "failed to satisfy constraint: Member must not be null"},
        ShapeCase{"OutputEffortMaxLength", Operation::kConverse,
                  converse_with(R"("outputConfig":{"effort":"extraordinarily-high"})"),
                  "1 validation error detected: Value 'extraordinarily-high' at "
                  "'outputConfig.effort' failed to satisfy constraint: Member must have length "
                  "less than or equal to 16"},
        ShapeCase{
            "ConverseStreamProcessingModeEnum", Operation::kConverseStream,
            converse_with(
                R"("guardrailConfig":{"guardrailIdentifier":"g1","guardrailVersion":"DRAFT","streamProcessingMode":"fast"})"),
            "1 validation error detected: Value 'fast' at "
            "'guardrailConfig.streamProcessingMode' failed to satisfy constraint: Member "
            "must satisfy enum value set: [sync, async]"},
        ShapeCase{"CountTokensInputRequired", Operation::kCountTokens, R"({})",
                  "1 validation error detected: Value null at 'input' failed to satisfy "
                  "constraint: Member must not be null"},
        ShapeCase{
            "CountTokensConversePath", Operation::kCountTokens,
            R"({"input":{"converse":{"messages":[{"role":"robot","content":[{"text":"hi"}]}]}}})",
            "1 validation error detected: Value at "
            "'input.converse.messages.1.member.role' failed to satisfy constraint: Member "
            "must satisfy enum value set: [user, assistant, system]"},
        ShapeCase{"CountTokensInvokeBodyRequired", Operation::kCountTokens,
                  R"({"input":{"invokeModel":{}}})",
                  "1 validation error detected: Value at 'input.invokeModel.body' failed to "
                  "satisfy constraint: Member must not be null"}),
    [](const testing::TestParamInfo<ShapeCase>& param) { return test_name(param.param.name); });

// ---- Deserialisation failures (Coral's one-line texts) ----------------------------------------

INSTANTIATE_TEST_SUITE_P(
    Coral, DeserializationRule,
    testing::Values(
        ShapeCase{"MalformedJson", Operation::kConverse, R"({"messages":[)",
                  "The request body is not valid JSON."},
        ShapeCase{"TopLevelArray", Operation::kConverse, "[]", "Unexpected field type"},
        ShapeCase{"MessagesNotAList", Operation::kConverse, R"({"messages":"hi"})",
                  "Unexpected field type"},
        ShapeCase{"MessagesAnObject", Operation::kConverse, R"({"messages":{}})",
                  "Start of structure or map found where not expected"},
        // A structure met as a list item / map value: the text Bedrock sent to prism-php-bedrock.
        ShapeCase{"ContentBlockAString", Operation::kConverse,
                  R"({"messages":[{"role":"user","content":["hi"]}]})",
                  "Unexpected value type in payload"},
        ShapeCase{"PromptVariableAString", Operation::kConverse,
                  converse_with(R"("promptVariables":{"userName":"Alice"})"),
                  "Unexpected value type in payload"},
        ShapeCase{"InferenceConfigAString", Operation::kConverse,
                  converse_with(R"("inferenceConfig":"fast")"), "Unexpected field type"},
        ShapeCase{"MaxTokensAString", Operation::kConverse,
                  converse_with(R"("inferenceConfig":{"maxTokens":"100"})"),
                  "STRING_VALUE cannot be converted to Integer"},
        ShapeCase{"MaxTokensOutOfIntRange", Operation::kConverse,
                  converse_with(R"("inferenceConfig":{"maxTokens":3000000000})"),
                  "NUMBER_VALUE cannot be converted to Integer"},
        ShapeCase{"TemperatureAString", Operation::kConverse,
                  converse_with(R"("inferenceConfig":{"temperature":"0.5"})"),
                  "STRING_VALUE cannot be converted to Float"},
        ShapeCase{"TemperatureABoolean", Operation::kConverse,
                  converse_with(R"("inferenceConfig":{"temperature":true})"),
                  "TRUE_VALUE cannot be converted to Float"},
        ShapeCase{"TextANumber", Operation::kConverse,
                  converse_messages(user_block(R"({"text":5})")),
                  "NUMBER_VALUE cannot be converted to String"},
        ShapeCase{"TextADecimal", Operation::kConverse,
                  converse_messages(user_block(R"({"text":1.5})")),
                  "DECIMAL_VALUE cannot be converted to String"},
        ShapeCase{"TextFalse", Operation::kConverse,
                  converse_messages(user_block(R"({"text":false})")),
                  "FALSE_VALUE cannot be converted to String"},
        ShapeCase{"TextAList", Operation::kConverse,
                  converse_messages(user_block(R"({"text":[]})")),
                  "Unrecognized collection type class java.lang.String"},
        ShapeCase{"TextAnObject", Operation::kConverse,
                  converse_messages(user_block(R"({"text":{}})")),
                  "Start of structure or map found where not expected"},
        ShapeCase{
            "StrictAString", Operation::kConverse,
            converse_with(
                R"("toolConfig":{"tools":[{"toolSpec":{"name":"t","strict":"yes","inputSchema":{"json":{}}}}]})"),
            "Unexpected token received from parser"},
        ShapeCase{
            "StrictANumber", Operation::kConverse,
            converse_with(
                R"("toolConfig":{"tools":[{"toolSpec":{"name":"t","strict":1,"inputSchema":{"json":{}}}}]})"),
            "NUMBER_VALUE cannot be converted to Boolean"},
        ShapeCase{
            "BlobANumber", Operation::kConverse,
            converse_messages(user_block(R"({"image":{"format":"png","source":{"bytes":12}}})")),
            "only base-64-encoded strings are convertible to bytes"},
        ShapeCase{
            "BlobBadLength", Operation::kConverse,
            converse_messages(user_block(R"({"image":{"format":"png","source":{"bytes":"abc"}}})")),
            "Base64 encoded length is expected a multiple of 4 bytes but found: 3"},
        ShapeCase{"BlobBadCharacter", Operation::kConverse,
                  converse_messages(
                      user_block(R"({"image":{"format":"png","source":{"bytes":"ab!="}}})")),
                  "Invalid last non-pad Base64 character dectected"},
        ShapeCase{"UnionWithNoMember", Operation::kConverse, converse_messages(user_block(R"({})")),
                  "Union must have exactly one member set"},
        ShapeCase{"UnionWithOnlyNullMembers", Operation::kConverse,
                  converse_messages(user_block(R"({"text":null})")),
                  "Union must have exactly one member set"},
        ShapeCase{"UnionWithTwoMembers", Operation::kConverse,
                  converse_messages(user_block(R"({"text":"a","cachePoint":{"type":"default"}})")),
                  "Union must have exactly one member set"},
        ShapeCase{"UnionWithAnUnknownMember", Operation::kConverse,
                  converse_messages(user_block(R"({"text":"a","hologram":{}})")),
                  "Union must have exactly one member set"},
        ShapeCase{"CountTokensInputWithBothMembers", Operation::kCountTokens,
                  R"({"input":{"converse":{},"invokeModel":{"body":"e30="}}})",
                  "Union must have exactly one member set"}),
    [](const testing::TestParamInfo<ShapeCase>& param) { return test_name(param.param.name); });

TEST(ShapeValidation, DeserializationFailureWinsOverConstraintViolations) {
  // maxTokens 0 breaks a constraint, topP "x" a type: Coral stops at deserialisation.
  expect_serialization(
      check_shape(Operation::kConverse,
                  converse_with(R"("inferenceConfig":{"maxTokens":0,"topP":"x"})")),
      "STRING_VALUE cannot be converted to Float");
}

TEST(ShapeValidation, UsesTheProtocolBuilderTextForHiddenValues) {
  const errors::ConstraintViolation violation{"messages.1.member.role",
                                              errors::constraint_not_null()};
  const auto result = check_shape(Operation::kConverse, converse_messages(R"({"content":[]})"));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), errors::shape_validation({&violation, 1}));
}

TEST(ShapeValidation, StopsListingViolationsAtTheCap) {
  std::string messages;
  for (int i = 0; i < 5000; ++i) {
    if (i > 0) messages += ",";
    messages += R"({"role":"robot","content":[{"text":"x"}]})";
  }
  const auto result = check_shape(Operation::kConverse, converse_messages(messages));
  ASSERT_FALSE(result.has_value());
  EXPECT_TRUE(
      result.error().message.starts_with("10 validation errors detected: Value at "
                                         "'messages.1.member.role'"))
      << result.error().message;
  EXPECT_NE(result.error().message.find("'messages.10.member.role'"), std::string::npos);
  EXPECT_EQ(result.error().message.find("'messages.11.member.role'"), std::string::npos);
}

TEST(ShapeValidation, IgnoresOperationsWithoutAConverseShape) {
  EXPECT_TRUE(check_shape(Operation::kInvokeModel, "not json at all").has_value());
  EXPECT_TRUE(check_semantics(Operation::kInvokeModel, "not json at all").has_value());
}

// ---- Valid requests pass both checks ----------------------------------------------------------

struct ValidCase {
  std::string name;
  Operation operation;
  std::string body;
};

void PrintTo(const ValidCase& c, std::ostream* os) { *os << c.name; }

class ValidRequest : public testing::TestWithParam<ValidCase> {};

TEST_P(ValidRequest, PassesShapeAndSemantics) {
  const auto shape = check_shape(GetParam().operation, GetParam().body);
  EXPECT_TRUE(shape.has_value()) << shape.error().message;
  const auto semantics = check_semantics(GetParam().operation, GetParam().body);
  EXPECT_TRUE(semantics.has_value()) << semantics.error().message;
}

const std::string kAssistantToolUse =
    R"({"role":"assistant","content":[{"text":"Checking."},{"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Paris"}}}]})";

INSTANTIATE_TEST_SUITE_P(
    ContentBlocks, ValidRequest,
    testing::Values(
        ValidCase{"Text", Operation::kConverse, converse_messages(kUserHello)},
        ValidCase{
            "ImageBytes", Operation::kConverse,
            converse_messages(user_block(
                R"({"text":"What is this?"},{"image":{"format":"png","source":{"bytes":"iVBORw0KGgo="}}})"))},
        ValidCase{
            "ImageS3", Operation::kConverse,
            converse_messages(user_block(
                R"({"text":"What is this?"},{"image":{"format":"jpeg","source":{"s3Location":{"uri":"s3://my-bucket.images/a/b.jpg","bucketOwner":"123456789012"}}}})"))},
        ValidCase{
            "DocumentBytes", Operation::kConverse,
            converse_messages(user_block(
                R"({"text":"Summarise"},{"document":{"format":"pdf","name":"Report 2024","source":{"bytes":"JVBERi0xLjQK"},"citations":{"enabled":true}}})"))},
        ValidCase{
            "DocumentTextAndContentSources", Operation::kConverse,
            converse_messages(user_block(
                R"({"document":{"name":"a","source":{"text":"plain"}}},{"document":{"name":"b","source":{"content":[{"text":"chunk"}]},"context":"ctx"}})"))},
        ValidCase{
            "VideoAndAudio", Operation::kConverse,
            converse_messages(user_block(
                R"({"video":{"format":"three_gp","source":{"s3Location":{"uri":"s3://bkt/v.3gp"}}}},{"audio":{"format":"x-aac","source":{"bytes":"AAAA"}}})"))},
        ValidCase{
            "ToolUseAndToolResult", Operation::kConverse,
            converse_messages(
                std::string(kUserHello) + "," + kAssistantToolUse + "," +
                    user_block(
                        R"({"toolResult":{"toolUseId":"tooluse_1","content":[{"json":{"temp":21}},{"text":"sunny"}],"status":"success"}})"),
                kTools)},
        ValidCase{
            "ToolResultErrorWithContent", Operation::kConverse,
            converse_messages(
                std::string(kUserHello) + "," + kAssistantToolUse + "," +
                    user_block(
                        R"({"toolResult":{"toolUseId":"tooluse_1","content":[{"text":"boom"}],"status":"error"}})"),
                kTools)},
        ValidCase{
            "ReasoningContent", Operation::kConverse,
            converse_messages(
                std::string(kUserHello) +
                R"(,{"role":"assistant","content":[{"reasoningContent":{"reasoningText":{"text":"Let me think.","signature":"sig"}}},{"reasoningContent":{"redactedContent":"cmVkYWN0ZWQ="}},{"text":"Answer"}]})")},
        ValidCase{
            "CachePoints", Operation::kConverse,
            R"({"system":[{"text":"Be brief."},{"cachePoint":{"type":"default","ttl":"1h"}}],"messages":[)" +
                user_block(R"({"text":"Hi"},{"cachePoint":{"type":"default"}})") +
                R"(],"toolConfig":{"tools":[{"toolSpec":{"name":"t","inputSchema":{"json":{}}}},{"cachePoint":{"type":"default"}}]}})"},
        ValidCase{
            "GuardContent", Operation::kConverse,
            R"({"system":[{"guardContent":{"text":{"text":"policy"}}}],"messages":[)" +
                user_block(
                    R"({"guardContent":{"text":{"text":"Is this ok?","qualifiers":["query","guard_content"]}}},{"guardContent":{"image":{"format":"png","source":{"bytes":"AAAA"}}}})") +
                "]}"},
        ValidCase{
            "CitationsContent", Operation::kConverse,
            converse_messages(
                std::string(kUserHello) +
                R"(,{"role":"assistant","content":[{"citationsContent":{"content":[{"text":"42"}],"citations":[{"title":"doc","sourceContent":[{"text":"42"}],"location":{"documentPage":{"documentIndex":0,"start":1,"end":2}}}]}}]})")},
        ValidCase{
            "SearchResultInToolResult", Operation::kConverse,
            converse_messages(
                std::string(kUserHello) + "," + kAssistantToolUse + "," +
                    user_block(
                        R"({"toolResult":{"toolUseId":"tooluse_1","content":[{"searchResult":{"source":"web","title":"t","content":[{"text":"r"}]}}]}})"),
                kTools)}),
    [](const testing::TestParamInfo<ValidCase>& param) { return test_name(param.param.name); });

INSTANTIATE_TEST_SUITE_P(
    RequestForms, ValidRequest,
    testing::Values(
        // botocore serialises with json.dumps defaults: ", " and ": " separators.
        ValidCase{
            "BotocoreWhitespace", Operation::kConverse,
            R"({"messages": [{"role": "user", "content": [{"text": "Hello"}]}], "inferenceConfig": {"maxTokens": 512, "temperature": 0.5, "topP": 0.9, "stopSequences": ["END"]}})"},
        ValidCase{"PrettyPrinted", Operation::kConverse,
                  "{\n  \"messages\": [\n    {\n      \"role\": \"user\",\n      \"content\": [\n"
                  "        {\"text\": \"Hello\"}\n      ]\n    }\n  ]\n}\n"},
        ValidCase{
            "EveryTopLevelMember", Operation::kConverse,
            R"({"messages":[)" + std::string(kUserHello) +
                R"(],"system":[{"text":"sys"}],"inferenceConfig":{"maxTokens":1,"temperature":0,"topP":1},)" +
                kTools +
                R"(,"guardrailConfig":{"guardrailIdentifier":"arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123","guardrailVersion":"12","trace":"enabled_full"},"additionalModelRequestFields":{"top_k":5,"thinking":{"type":"enabled"}},"promptVariables":{"name":{"text":"Ann"}},"additionalModelResponseFieldPaths":["/stop_sequence"],"requestMetadata":{"team":"ml-ops, west/1","empty":""},"performanceConfig":{"latency":"optimized"},"serviceTier":{"type":"flex"},"outputConfig":{"textFormat":{"type":"json_schema","structure":{"jsonSchema":{"schema":"{}","name":"n"}}},"effort":"high"}})"},
        ValidCase{
            "UnknownMembersIgnored", Operation::kConverse,
            R"({"messages":[)" + std::string(kUserHello) +
                R"(],"modelId":"x","future":{"a":[1,2]},"inferenceConfig":{"maxTokens":5,"novel":true}})"},
        ValidCase{"NullMembersAreAbsent", Operation::kConverse,
                  R"({"messages":[)" + std::string(kUserHello) +
                      R"(],"system":null,"toolConfig":null,"inferenceConfig":{"maxTokens":null}})"},
        ValidCase{"IntegralDecimalMaxTokens", Operation::kConverse,
                  converse_with(R"("inferenceConfig":{"maxTokens":100.0})")},
        ValidCase{
            "StreamProcessingMode", Operation::kConverseStream,
            converse_with(
                R"("guardrailConfig":{"guardrailIdentifier":"g1","guardrailVersion":"DRAFT","streamProcessingMode":"async"})")},
        // Not a Converse member: ignored like any unknown member.
        ValidCase{"StreamProcessingModeIgnoredOnConverse", Operation::kConverse,
                  converse_with(R"("guardrailConfig":{"streamProcessingMode":"fast"})")},
        ValidCase{"SystemRoleMessageBeforeUser", Operation::kConverse,
                  converse_messages(R"({"role":"system","content":[{"text":"Be brief."}]},)" +
                                    std::string(kUserHello))},
        ValidCase{"AssistantPrefillLast", Operation::kConverse,
                  converse_messages(std::string(kUserHello) +
                                    R"(,{"role":"assistant","content":[{"text":"{"}]})")},
        ValidCase{"DeepDocumentWithinLimit", Operation::kConverse,
                  converse_with(R"("additionalModelRequestFields":)" + std::string(100, '[') +
                                std::string(100, ']'))},
        ValidCase{"CountTokensConverse", Operation::kCountTokens,
                  R"({"input":{"converse":{"messages":[)" + std::string(kUserHello) +
                      R"(],"system":[{"text":"s"}]}}})"},
        ValidCase{"CountTokensInvokeModel", Operation::kCountTokens,
                  R"({"input":{"invokeModel":{"body":"eyJtZXNzYWdlcyI6W119"}}})"}),
    [](const testing::TestParamInfo<ValidCase>& param) { return test_name(param.param.name); });

// ---- Semantic rules (Bedrock's sentences, 0-based indexes) -----------------------------------

struct SemanticCase {
  std::string name;
  Operation operation;
  std::string body;
  errors::ServiceError expected;
};

void PrintTo(const SemanticCase& c, std::ostream* os) { *os << c.name; }

class SemanticRule : public testing::TestWithParam<SemanticCase> {};

TEST_P(SemanticRule, AnswersTheServiceText) {
  // Every body here is shape-valid: only the semantic check may refuse it.
  const auto shape = check_shape(GetParam().operation, GetParam().body);
  ASSERT_TRUE(shape.has_value()) << shape.error().message;
  expect_validation(check_semantics(GetParam().operation, GetParam().body),
                    GetParam().expected.message);
}

INSTANTIATE_TEST_SUITE_P(
    Conversation, SemanticRule,
    testing::Values(
        // Real: vercel-ai amazon-bedrock-empty-message-validation-error.json.
        SemanticCase{
            "EmptyContentAtMessages1", Operation::kConverse,
            converse_messages(std::string(kUserHello) + R"(,{"role":"assistant","content":[]})"),
            errors::message_content_empty(1)},
        SemanticCase{"BlankTextAtMessages1Content0", Operation::kConverse,
                     converse_messages(std::string(kUserHello) +
                                       R"(,{"role":"assistant","content":[{"text":" \n\t"}]})"),
                     errors::content_text_blank(1, 0)},
        SemanticCase{"EmptyText", Operation::kConverse,
                     converse_messages(user_block(R"({"text":"ok"},{"text":""})")),
                     errors::content_text_blank(0, 1)},
        SemanticCase{"IdeographicSpaceIsBlank", Operation::kConverse,
                     converse_messages(user_block("{\"text\":\"\xE3\x80\x80\"}")),
                     errors::content_text_blank(0, 0)},
        SemanticCase{"StartsWithAssistant", Operation::kConverse,
                     converse_messages(R"({"role":"assistant","content":[{"text":"Hi"}]})"),
                     errors::conversation_must_start_with_user()},
        SemanticCase{"NoMessagesMember", Operation::kConverse, R"({"system":[{"text":"s"}]})",
                     errors::conversation_must_start_with_user()},
        SemanticCase{"EmptyMessagesList", Operation::kConverse, R"({"messages":[]})",
                     errors::conversation_must_start_with_user()},
        SemanticCase{"EmptyBody", Operation::kConverse, "",
                     errors::conversation_must_start_with_user()},
        SemanticCase{"TwoUserMessages", Operation::kConverse,
                     converse_messages(std::string(kUserHello) + "," + kUserHello),
                     errors::conversation_must_alternate_roles()},
        SemanticCase{"ToolUseWithoutToolConfig", Operation::kConverse,
                     converse_messages(std::string(kUserHello) + "," + kAssistantToolUse),
                     errors::tool_config_required()},
        SemanticCase{"ToolResultWithoutToolConfig", Operation::kConverse,
                     converse_messages(user_block(
                         R"({"toolResult":{"toolUseId":"t1","content":[{"text":"ok"}]}})")),
                     errors::tool_config_required()},
        // Real: vercel-ai issue-7034-error.json.
        SemanticCase{"ReasoningInUserMessage", Operation::kConverse,
                     converse_messages(user_block(
                         R"({"reasoningContent":{"reasoningText":{"text":"hmm"}}},{"text":"Hi"})")),
                     errors::reasoning_content_in_user_message()},
        // Real: vercel-ai amazon-bedrock-mistral-duplicate-tool-call-ids-error.json.
        SemanticCase{
            "DuplicateToolUseIds", Operation::kConverse,
            converse_messages(
                std::string(kUserHello) +
                    R"(,{"role":"assistant","content":[{"toolUse":{"toolUseId":"tooluseAc","name":"a","input":{}}},{"toolUse":{"toolUseId":"tooluseAc","name":"b","input":{}}}]})",
                kTools),
            errors::make_error(errors::ErrorCode::kValidation,
                               "The toolUse blocks at messages.1.content contain duplicate Ids: "
                               "tooluseAc")},
        SemanticCase{
            "ErrorToolResultWithoutContent", Operation::kConverse,
            converse_messages(
                std::string(kUserHello) + "," + kAssistantToolUse + "," +
                    user_block(
                        R"({"toolResult":{"toolUseId":"tooluse_1","content":[],"status":"error"}})"),
                kTools),
            errors::make_error(errors::ErrorCode::kValidation,
                               "The content field at messages.2.content.0.toolResult "
                               "cannot be empty when status value is error.")},
        SemanticCase{
            "InputSchemaJsonNotAnObject", Operation::kConverse,
            converse_with(
                R"("toolConfig":{"tools":[{"toolSpec":{"name":"a","inputSchema":{"json":{}}}},{"toolSpec":{"name":"b","inputSchema":{"json":"{\"type\":\"object\"}"}}}]})"),
            errors::make_error(
                errors::ErrorCode::kValidation,
                "The format of the value at toolConfig.tools.1.toolSpec.inputSchema.json "
                "is invalid. Provide a json object for the field and try again.")},
        SemanticCase{"CountTokensConverseEmptyContent", Operation::kCountTokens,
                     R"({"input":{"converse":{"messages":[{"role":"user","content":[]}]}}})",
                     errors::message_content_empty(0)}),
    [](const testing::TestParamInfo<SemanticCase>& param) { return test_name(param.param.name); });

TEST(SemanticRules, CountTokensInvokeModelInputHasNoConversationRules) {
  EXPECT_TRUE(
      check_semantics(Operation::kCountTokens, R"({"input":{"invokeModel":{"body":"e30="}}})")
          .has_value());
}

TEST(SemanticRules, LeaveUnreadableBodiesToTheShapeCheck) {
  EXPECT_TRUE(check_semantics(Operation::kConverse, "{not json").has_value());
  EXPECT_TRUE(check_semantics(Operation::kConverse, R"({"messages":"x"})").has_value());
}

// ---- Native InvokeModel bodies ------------------------------------------------------------

struct InvokeCase {
  std::string name;
  std::string family;
  std::string body;
  std::string message;  // empty: valid
};

void PrintTo(const InvokeCase& c, std::ostream* os) { *os << c.name; }

class InvokeBody : public testing::TestWithParam<InvokeCase> {};

TEST_P(InvokeBody, AnswersLikeBedrock) {
  const auto result = check_invoke_body(GetParam().family, GetParam().body);
  if (GetParam().message.empty()) {
    EXPECT_TRUE(result.has_value()) << result.error().message;
  } else {
    expect_validation(result, GetParam().message);
  }
}

const std::string kAnthropicOk =
    R"({"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]})";

std::string malformed(const std::string& detail) {
  return "Malformed input request: " + detail + ", please reformat your input and try again.";
}

INSTANTIATE_TEST_SUITE_P(
    Families, InvokeBody,
    testing::Values(
        InvokeCase{"AnthropicValid", "anthropic-messages", kAnthropicOk, ""},
        InvokeCase{
            "AnthropicValidWithOptions", "anthropic-messages",
            R"({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 64, "system": "s", "temperature": 0.2, "top_k": 5, "stop_sequences": ["x"], "tools": [], "thinking": {"type": "enabled", "budget_tokens": 1024}, "anthropic_beta": ["b"], "messages": []})",
            ""},
        // Real text: aws-samples/amazon-bedrock-client-for-mac#59.
        InvokeCase{"AnthropicMissingMessages", "anthropic-messages",
                   R"({"anthropic_version":"bedrock-2023-05-31","max_tokens":64})",
                   malformed("#: required key [messages] not found")},
        InvokeCase{
            "AnthropicExtraneousKey", "anthropic-messages",
            R"({"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[],"textGenerationConfig":{}})",
            malformed("#: extraneous key [textGenerationConfig] is not permitted")},
        // Several details are concatenated with no separator (sigoden/aichat#543).
        InvokeCase{
            "AnthropicMissingAndExtraneous", "anthropic-messages",
            R"({"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"stream":true,"model":"claude"})",
            malformed("#: required key [messages] not found#: extraneous key [model] is not "
                      "permitted#: extraneous key [stream] is not permitted")},
        InvokeCase{"AnthropicAllRequiredMissing", "anthropic-messages", "{}",
                   malformed("#: required key [anthropic_version] not found#: required key "
                             "[max_tokens] not found#: required key [messages] not found")},
        InvokeCase{"AnthropicMaxTokensType", "anthropic-messages",
                   R"({"anthropic_version":"bedrock-2023-05-31","max_tokens":"64","messages":[]})",
                   malformed("#/max_tokens: expected type: Integer, found: String")},
        InvokeCase{"AnthropicVersionEnum", "anthropic-messages",
                   R"({"anthropic_version":"2023-06-01","max_tokens":64,"messages":[]})",
                   malformed("#/anthropic_version: 2023-06-01 is not a valid enum value")},
        InvokeCase{
            "NovaValid", "amazon-nova",
            R"({"schemaVersion":"messages-v1","system":[{"text":"s"}],"messages":[{"role":"user","content":[{"text":"Hi"}]}],"inferenceConfig":{"maxTokens":10}})",
            ""},
        InvokeCase{"NovaMissingMessages", "amazon-nova", R"({"inferenceConfig":{}})",
                   malformed("#: required key [messages] not found")},
        InvokeCase{"NovaExtraneousKey", "amazon-nova", R"({"messages":[],"max_tokens":5})",
                   malformed("#: extraneous key [max_tokens] is not permitted")},
        InvokeCase{"TitanValid", "amazon-titan-text",
                   R"({"inputText":"Hi","textGenerationConfig":{"maxTokenCount":10}})", ""},
        InvokeCase{"TitanMissingInputText", "amazon-titan-text", R"({"textGenerationConfig":{}})",
                   malformed("#: required key [inputText] not found")},
        InvokeCase{"OtherFamilyAnyObject", "meta-llama", R"({"prompt":"Hi","max_gen_len":5})", ""},
        InvokeCase{"NotJson", "anthropic-messages", "hello",
                   malformed("A JSONObject text must begin with '{' at 1 [character 2 line 1]")},
        InvokeCase{"EmptyBody", "meta-llama", "",
                   malformed("A JSONObject text must begin with '{' at 0 [character 1 line 1]")},
        InvokeCase{"JsonArray", "amazon-nova", "[1]",
                   malformed("A JSONObject text must begin with '{' at 1 [character 2 line 1]")},
        InvokeCase{"TruncatedObject", "meta-llama", "{\"prompt\":\n\"Hi\"",
                   malformed("Expected a ',' or '}' at 15 [character 5 line 2]")}),
    [](const testing::TestParamInfo<InvokeCase>& param) { return test_name(param.param.name); });

TEST(InvokeBodyLimits, RefusesBodiesOverTheModeledMaximumBeforeParsing) {
  // Not JSON at all: the size is checked first (real text, langchain-aws#419).
  const std::string body(kMaxInvokeBodyBytes + 1, 'x');
  expect_validation(check_invoke_body("anthropic-messages", body),
                    "1 validation error detected: Value at 'body' failed to satisfy constraint: "
                    "Member must have length less than or equal to 25000000");
}

// ---- Hostile input: bounded time and memory, never a crash -------------------------------

struct HostileCase {
  std::string name;
  Operation operation;
  std::string body;
  std::string message;  // the exact answer of check_shape
};

void PrintTo(const HostileCase& c, std::ostream* os) { *os << c.name; }

class HostileInput : public testing::TestWithParam<HostileCase> {};

TEST_P(HostileInput, IsRefusedCleanly) {
  // Unparsable bodies are Coral SerializationExceptions, parsable ones ValidationExceptions:
  // both 400 with the exact text.
  const auto result = check_shape(GetParam().operation, GetParam().body);
  ASSERT_FALSE(result.has_value()) << "expected: " << GetParam().message;
  EXPECT_TRUE(result.error().code == errors::ErrorCode::kSerialization ||
              result.error().code == errors::ErrorCode::kValidation);
  EXPECT_EQ(result.error().http_status(), 400);
  EXPECT_EQ(result.error().message, GetParam().message);
  // The semantic check must survive the same body.
  (void)check_semantics(GetParam().operation, GetParam().body);
}

std::string repeated(const std::string& unit, std::size_t count) {
  std::string out;
  out.reserve(unit.size() * count);
  for (std::size_t i = 0; i < count; ++i) out += unit;
  return out;
}

std::string many_items(std::size_t count) {
  std::string items = "[";
  for (std::size_t i = 0; i < count; ++i) items += i == 0 ? "0" : ",0";
  return items + "]";
}

const std::string kLimits =
    "The request body exceeds the mock's JSON limits (nesting depth or number of values).";

INSTANTIATE_TEST_SUITE_P(
    Bodies, HostileInput,
    testing::Values(
        HostileCase{"DeepArraysInADocument", Operation::kConverse,
                    converse_with(R"("additionalModelRequestFields":)" + repeated("[", 200000) +
                                  repeated("]", 200000)),
                    kLimits},
        HostileCase{"DeepObjectsUnclosed", Operation::kConverse, repeated(R"({"a":)", 100000),
                    kLimits},
        HostileCase{"HugeArray", Operation::kConverse,
                    converse_with(R"("additionalModelRequestFields":)" + many_items(1'200'000)),
                    kLimits},
        HostileCase{"InvalidUtf8", Operation::kConverse,
                    converse_messages(user_block("{\"text\":\"\xFF\xFE\"}")),
                    "The request body is not valid JSON."},
        HostileCase{"OverlongUtf8", Operation::kConverse,
                    converse_messages(user_block("{\"text\":\"\xC0\xAF\"}")),
                    "The request body is not valid JSON."},
        HostileCase{"LoneSurrogateEscape", Operation::kConverse,
                    converse_messages(user_block(R"({"text":"\ud800"})")),
                    "The request body is not valid JSON."},
        HostileCase{"NulByte", Operation::kConverse, std::string("{\"messages\":\0[]}", 16),
                    "The request body is not valid JSON."},
        HostileCase{
            "HugeIntegerMaxTokens", Operation::kConverse,
            converse_with(R"("inferenceConfig":{"maxTokens":123456789012345678901234567890})"),
            "NUMBER_VALUE cannot be converted to Integer"},
        HostileCase{"NegativeHugeMaxTokens", Operation::kConverse,
                    converse_with(R"("inferenceConfig":{"maxTokens":-1e300})"),
                    "NUMBER_VALUE cannot be converted to Integer"},
        HostileCase{"TinyTemperatureIsZeroFloat", Operation::kConverse,
                    converse_with(R"("inferenceConfig":{"temperature":-1e-300,"topP":7e38})"),
                    "1 validation error detected: Value 'Infinity' at 'inferenceConfig.topP' "
                    "failed to satisfy constraint: Member must have value less than or equal to "
                    "1"},
        // 2000 bad items (under the list's max of 2500, whose violation would print the whole
        // list, as Coral does): only the first 10 are listed.
        HostileCase{"ManyViolations", Operation::kConverse,
                    converse_with(R"("inferenceConfig":{"stopSequences":[)" +
                                  repeated(R"("",)", 1999) + R"(""]})"),
                    "10 validation errors detected: " +
                        [] {
                          std::string text;
                          for (int i = 1; i <= 10; ++i) {
                            if (i > 1) text += "; ";
                            text += "Value '' at 'inferenceConfig.stopSequences." +
                                    std::to_string(i) +
                                    ".member' failed to satisfy constraint: Member must have "
                                    "length greater than or equal to 1";
                          }
                          return text;
                        }()}),
    [](const testing::TestParamInfo<HostileCase>& param) { return test_name(param.param.name); });

TEST(HostileInput, LongToolNameIsCheckedInLinearTime) {
  // 2 MB name: a backtracking regex engine would blow the stack here.
  const std::string name(2'000'000, 'a');
  const auto result = check_shape(
      Operation::kConverse, converse_with(R"("toolConfig":{"tools":[{"toolSpec":{"name":")" + name +
                                          "!" + R"(","inputSchema":{"json":{}}}}]})"));
  ASSERT_FALSE(result.has_value());
  EXPECT_TRUE(result.error().message.starts_with("2 validation errors detected: Value 'aaaa"));
  EXPECT_TRUE(result.error().message.ends_with("Member must have length less than or equal to 64"));
}

}  // namespace
}  // namespace bedrock::mock
