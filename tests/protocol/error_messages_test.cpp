#include "bedrock/protocol/error_messages.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/shared_data.hpp"

namespace bedrock::errors {
namespace {

using namespace std::chrono;

// ---- Exact texts (reference §8) ----

TEST(OnDemandThroughput, UsesRightSingleQuotationMarkAsRawUtf8AndTheCallersModelId) {
  const ServiceError error =
      on_demand_throughput_not_supported("anthropic.claude-3-7-sonnet-20250219-v1:0");
  EXPECT_EQ(error.code, ErrorCode::kValidation);
  EXPECT_EQ(error.message,
            "Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand "
            "throughput isn\xE2\x80\x99t supported. Retry your request with the ID or ARN of an "
            "inference profile that contains this model.");
  const std::string body = render_http_error(error).body;
  EXPECT_NE(body.find("isn\xE2\x80\x99t"), std::string::npos);
  EXPECT_EQ(body.find("\\u2019"), std::string::npos);
  EXPECT_EQ(body.find("isn't"), std::string::npos);
}

TEST(ValidationTexts, MatchTheRealServiceWordForWord) {
  EXPECT_EQ(message_content_empty(1).message,
            "The content field in the Message object at messages.1 is empty. Add a ContentBlock "
            "object to the content field and try again.");
  EXPECT_EQ(content_text_blank(11, 0).message,
            "The text field in the ContentBlock object at messages.11.content.0 is blank. Add "
            "text to the text field, and try again.");
  EXPECT_EQ(conversation_must_start_with_user().message,
            "A conversation must start with a user message. Try again with a conversation that "
            "starts with a user message.");
  EXPECT_EQ(conversation_must_alternate_roles().message,
            "A conversation must alternate between user and assistant roles. Make sure the "
            "conversation alternates between user and assistant roles and try again.");
  EXPECT_EQ(tool_config_required().message,
            "The toolConfig field must be defined when using toolUse and toolResult content "
            "blocks.");
  EXPECT_EQ(reasoning_content_in_user_message().message,
            "User messages cannot contain reasoning content. Please remove the reasoning content "
            "and try again.");
  EXPECT_EQ(malformed_input_request("extraneous key [textGenerationConfig] is not permitted")
                .message,
            "Malformed input request: extraneous key [textGenerationConfig] is not permitted, "
            "please reformat your input and try again.");
  EXPECT_EQ(model_returned_errors("Input is too long for requested model.").message,
            "The model returned the following errors: Input is too long for requested model.");
}

TEST(ShapeValidation, SingleViolationUsesSingularWording) {
  const ConstraintViolation violation{"messages.2.member.content.1.member.toolUse.name",
                                      constraint_pattern("[a-zA-Z0-9_-]+")};
  EXPECT_EQ(shape_validation({&violation, 1}).message,
            "1 validation error detected: Value at "
            "'messages.2.member.content.1.member.toolUse.name' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+");
}

TEST(ShapeValidation, SeveralViolationsArePluralAndJoinedWithSemicolons) {
  const std::vector<ConstraintViolation> violations{
      {"body", constraint_max_length(25000000)},
      {"inferenceConfig.maxTokens", constraint_min_value(1)}};
  EXPECT_EQ(shape_validation(violations).message,
            "2 validation errors detected: Value at 'body' failed to satisfy constraint: Member "
            "must have length less than or equal to 25000000; Value at "
            "'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value "
            "greater than or equal to 1");
}

TEST(ShapeValidation, ConstraintTextsFollowCoralWording) {
  const std::vector<std::string_view> roles{"user", "assistant"};
  EXPECT_EQ(constraint_enum(roles), "Member must satisfy enum value set: [user, assistant]");
  EXPECT_EQ(constraint_not_null(), "Member must not be null");
  EXPECT_EQ(constraint_min_length(1), "Member must have length greater than or equal to 1");
  EXPECT_EQ(constraint_max_value(10), "Member must have value less than or equal to 10");
}

TEST(IamAccessDenied, ServiceControlPolicyTextWithAndWithoutPolicyArn) {
  IamDenial denial{"arn:aws:sts::123456789012:assumed-role/Role/session",
                   "bedrock:InvokeModelWithResponseStream",
                   "arn:aws:bedrock:::foundation-model/anthropic.claude-opus-4-6-v1",
                   DenyKind::kServiceControlPolicy, std::nullopt};
  const ServiceError plain = iam_access_denied(denial);
  EXPECT_EQ(plain.code, ErrorCode::kCoralAccessDenied);
  EXPECT_EQ(plain.message,
            "User: arn:aws:sts::123456789012:assumed-role/Role/session is not authorized to "
            "perform: bedrock:InvokeModelWithResponseStream on resource: "
            "arn:aws:bedrock:::foundation-model/anthropic.claude-opus-4-6-v1 with an explicit "
            "deny in a service control policy");
  denial.policy_arn = "arn:aws:organizations::111122223333:policy/o-x/service_control_policy/p-y";
  EXPECT_EQ(iam_access_denied(denial).message,
            plain.message +
                ": arn:aws:organizations::111122223333:policy/o-x/service_control_policy/p-y");
}

TEST(IamAccessDenied, IdentityAndVpcEndpointPolicyTexts) {
  IamDenial denial{"arn:aws:iam::123456789012:user/u", "bedrock:InvokeModel",
                   "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
                   DenyKind::kNoIdentityPolicyAllows, std::nullopt};
  const std::string head =
      "User: arn:aws:iam::123456789012:user/u is not authorized to perform: bedrock:InvokeModel "
      "on resource: arn:aws:bedrock:us-east-1::foundation-model/"
      "anthropic.claude-3-haiku-20240307-v1:0";
  EXPECT_EQ(iam_access_denied(denial).message,
            head + " because no identity-based policy allows the bedrock:InvokeModel action");
  denial.kind = DenyKind::kNoVpcEndpointPolicyAllows;
  EXPECT_EQ(iam_access_denied(denial).message,
            head + " because no VPC endpoint policy allows the bedrock:InvokeModel action");
  denial.kind = DenyKind::kIdentityPolicyExplicitDeny;
  EXPECT_EQ(iam_access_denied(denial).message,
            head + " with an explicit deny in an identity-based policy");
  denial.kind = DenyKind::kVpcEndpointPolicyExplicitDeny;
  EXPECT_EQ(iam_access_denied(denial).message,
            head + " with an explicit deny in a VPC endpoint policy");
}

TEST(AccessTexts, ModelAccessAndLegacyModel) {
  EXPECT_EQ(model_access_denied().message,
            "You don't have access to the model with the specified model ID.");
  EXPECT_EQ(model_access_denied().code, ErrorCode::kAccessDenied);
  const ServiceError legacy = legacy_model();
  EXPECT_EQ(legacy.code, ErrorCode::kResourceNotFound);
  EXPECT_EQ(legacy.message,
            "Access denied. This Model is marked by provider as Legacy and you have not been "
            "actively using the model in the last 15 days. Please upgrade to an active model on "
            "Amazon Bedrock");
  EXPECT_NE(legacy_model(30).message.find("last 30 days"), std::string::npos);
}

TEST(ThrottlingTexts, RequestsTokensAndTokensPerDay) {
  EXPECT_EQ(too_many_requests().message, "Too many requests, please wait before trying again.");
  EXPECT_EQ(too_many_tokens().message, "Too many tokens, please wait before trying again.");
  EXPECT_EQ(too_many_tokens_per_day().message,
            "Too many tokens per day, please wait before trying again.");
  EXPECT_EQ(too_many_tokens_per_day().code, ErrorCode::kThrottling);
}

TEST(AuthTexts, ExpiredUnrecognizedAndSignature) {
  EXPECT_EQ(expired_token().message, "The security token included in the request is expired");
  EXPECT_EQ(unrecognized_client().message,
            "The security token included in the request is invalid.");
  EXPECT_EQ(invalid_signature().message,
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.");
}

TEST(AuthTexts, InvalidSignatureVariantShowsCanonicalStringAndStringToSign) {
  const ServiceError error = invalid_signature_with_details(
      "POST\n/model/us.anthropic.claude-sonnet-4-20250514-v1%253A0/converse-stream\n",
      "AWS4-HMAC-SHA256\n20250101T000000Z");
  EXPECT_EQ(error.message,
            invalid_signature().message +
                "\n\nThe Canonical String for this request should have been\n'POST\n"
                "/model/us.anthropic.claude-sonnet-4-20250514-v1%253A0/converse-stream\n'\n\n"
                "The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20250101T000000Z'\n");
}

TEST(AuthTexts, SignatureExpiredReproducesTheLoggedText) {
  const sys_seconds now = sys_days{2025y / January / 30} + 20h + 46min + 31s;
  const sys_seconds signed_at = sys_days{2025y / January / 30} + 20h + 38min + 27s;
  EXPECT_EQ(signature_expired(signed_at, now).message,
            "Signature expired: 20250130T203827Z is now earlier than 20250130T204131Z "
            "(20250130T204631Z - 5 min.)");
  EXPECT_EQ(signature_expired(signed_at, now).code, ErrorCode::kInvalidSignature);
  EXPECT_EQ(signature_not_yet_current(now + 10min, now).message,
            "Signature not yet current: 20250130T205631Z is still later than 20250130T205131Z "
            "(20250130T204631Z + 5 min.)");
}

TEST(AvailabilityTexts, ServiceUnavailableInternalAndModelStream) {
  EXPECT_EQ(service_unavailable().message, "Bedrock is unable to process your request.");
  EXPECT_EQ(service_unavailable().http_status(), 503);
  EXPECT_EQ(internal_server_error().http_status(), 500);
  EXPECT_EQ(model_stream_invalid_tool_use_sequence().code, ErrorCode::kModelStreamError);
}

// ---- Body sizes recorded from the real service (reference §8) ----

struct BodySizeCase {
  std::string name;
  ServiceError error;
  std::size_t bytes;
};
class RecordedBodySize : public ::testing::TestWithParam<BodySizeCase> {};
void PrintTo(const BodySizeCase& size_case, std::ostream* out) { *out << size_case.name; }

TEST_P(RecordedBodySize, MatchesTheContentLengthSeenOnTheWire) {
  EXPECT_EQ(render_http_error(GetParam().error).body.size(), GetParam().bytes);
}

INSTANTIATE_TEST_SUITE_P(
    Reference, RecordedBodySize,
    ::testing::Values(
        BodySizeCase{"AuthorizationHeaderMissing", authorization_header_missing(), 45},
        BodySizeCase{"InvalidModelIdentifier", invalid_model_identifier(), 55},
        BodySizeCase{"ExpiredToken", expired_token(), 67},
        BodySizeCase{"TooManyRequests", too_many_requests(), 65},
        BodySizeCase{"TooManyTokens", too_many_tokens(), 63},
        BodySizeCase{"InvalidSignature", invalid_signature(), 192},
        BodySizeCase{"MalformedRequiredMessages",
                     malformed_input_request("#: required key [messages] not found"), 118}),
    [](const auto& param_info) { return param_info.param.name; });

// ---- Golden files: tests/golden/errors/<name>.http ----
// Status line, headers without x-amzn-RequestId (random) and without Date, Content-Length as the
// HTTP layer adds it, a blank line, then the body bytes; CRLF line ends as on the wire.
// BEDROCK_UPDATE_GOLDEN=1 rewrites the files (review the diff before committing).

std::string to_golden_http(const WireResponse& response) {
  std::string text = "HTTP/1.1 " + std::to_string(response.status) + " " +
                     std::string(reason_phrase(response.status)) + "\r\n";
  for (const auto& [name, value] : response.headers) {
    if (name == "x-amzn-RequestId") continue;
    text += name + ": " + value + "\r\n";
    if (name == "Content-Type") {
      text += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    }
  }
  return text + "\r\n" + response.body;
}

struct GoldenCase {
  std::string name;
  WireResponse response;
};
class ErrorGolden : public ::testing::TestWithParam<GoldenCase> {};
void PrintTo(const GoldenCase& golden, std::ostream* out) { *out << golden.name; }

TEST_P(ErrorGolden, RenderedResponseMatchesGoldenBytes) {
  const std::filesystem::path path =
      test::source_dir() / "tests" / "golden" / "errors" / (GetParam().name + ".http");
  const std::string actual = to_golden_http(GetParam().response);
  if (const char* update = std::getenv("BEDROCK_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << actual;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  EXPECT_EQ(test::read_file(path), actual);
}

IamDenial vpc_denial() {
  return IamDenial{"arn:aws:sts::123456789012:assumed-role/app/session", "bedrock:InvokeModel",
                   "arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
                   "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
                   DenyKind::kNoVpcEndpointPolicyAllows, std::nullopt};
}

INSTANTIATE_TEST_SUITE_P(
    Errors, ErrorGolden,
    ::testing::Values(
        GoldenCase{"authorization_header_missing", render_http_error(authorization_header_missing())},
        GoldenCase{"invalid_model_identifier", render_http_error(invalid_model_identifier())},
        GoldenCase{"on_demand_throughput",
                   render_http_error(on_demand_throughput_not_supported(
                       "anthropic.claude-3-7-sonnet-20250219-v1:0"))},
        GoldenCase{"message_content_empty", render_http_error(message_content_empty(1))},
        GoldenCase{"shape_validation_tool_name",
                   render_http_error(shape_validation(std::vector<ConstraintViolation>{
                       {"messages.2.member.content.1.member.toolUse.name",
                        constraint_pattern("[a-zA-Z0-9_-]+")}}))},
        GoldenCase{"malformed_input_request",
                   render_http_error(malformed_input_request("#: required key [messages] not found"))},
        GoldenCase{"model_access_denied", render_http_error(model_access_denied())},
        GoldenCase{"vpc_endpoint_policy_denied", render_http_error(iam_access_denied(vpc_denial()))},
        GoldenCase{"legacy_model", render_http_error(legacy_model())},
        GoldenCase{"too_many_requests", render_http_error(too_many_requests())},
        GoldenCase{"too_many_tokens", render_http_error(too_many_tokens())},
        GoldenCase{"service_unavailable", render_http_error(service_unavailable())},
        GoldenCase{"model_error", render_http_error(model_error("The model returned an error.",
                                                                 400, std::nullopt))},
        GoldenCase{"expired_token", render_http_error(expired_token())},
        GoldenCase{"unrecognized_client", render_http_error(unrecognized_client())},
        GoldenCase{"invalid_signature", render_http_error(invalid_signature())},
        GoldenCase{"unknown_operation", render_unknown_operation()}),
    [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace bedrock::errors
