// The classification table against every real message of reference §8 and
// realworld-error-messages.md: the category, the sub-cause, and a fix naming the right thing.
#include "bedrock/client/diagnosis.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "bedrock/protocol/error_messages.hpp"

namespace bedrock::client {
namespace {

using operations::Operation;

struct MessageCase {
  const char* name;
  int status;
  const char* code;
  std::string message;
  const char* model;  // context
  const char* region;
  std::optional<Operation> operation;
  CauseCategory category;
  SubCause sub_cause;
  const char* fix_names;  // a substring the fix must contain
};

// Readable test parameters in gtest and ctest output.
void PrintTo(const MessageCase& c, std::ostream* os) { *os << c.name; }

class RealMessages : public ::testing::TestWithParam<MessageCase> {};

TEST_P(RealMessages, AreClassifiedWithAFixNamingTheRightThing) {
  const MessageCase& c = GetParam();
  DiagnosisContext context;
  context.model_id = c.model;
  context.region = c.region;
  context.operation = c.operation;
  const Diagnosis diagnosis = diagnose(ErrorEvidence{c.status, c.code, c.message}, context);
  EXPECT_EQ(to_string(diagnosis.category), to_string(c.category)) << diagnosis.rule;
  EXPECT_EQ(to_string(diagnosis.sub_cause), to_string(c.sub_cause)) << diagnosis.rule;
  EXPECT_NE(diagnosis.fix.find(c.fix_names), std::string::npos)
      << "fix: " << diagnosis.fix << "\nexpected to name: " << c.fix_names;
  EXPECT_EQ(diagnosis.fix.find('{'), std::string::npos)
      << "unfilled placeholder: " << diagnosis.fix;
  EXPECT_EQ(diagnosis.fix.find('\n'), std::string::npos) << "not one line: " << diagnosis.fix;
}

constexpr const char* kSonnet35v2 = "anthropic.claude-3-5-sonnet-20241022-v2:0";
constexpr const char* kSonnet37 = "anthropic.claude-3-7-sonnet-20250219-v1:0";
constexpr const char* kHaiku35 = "anthropic.claude-3-5-haiku-20241022-v1:0";
constexpr const char* kUsEast1 = "us-east-1";
const std::optional<Operation> kConverse = Operation::kConverse;
const std::optional<Operation> kConverseStream = Operation::kConverseStream;
const std::optional<Operation> kInvokeModel = Operation::kInvokeModel;

// U+2019 as the real service sends it (reference §8).
const std::string kOnDemand37 =
    "Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput "
    "isn\xE2\x80\x99t supported. Retry your request with the ID or ARN of an inference profile "
    "that contains this model.";

const MessageCase kCases[] = {
    // ---- inference type ----
    {"OnDemandSeedInUsEast2", 400, "ValidationException",
     errors::on_demand_throughput_not_supported(kSonnet35v2).message, kSonnet35v2, "us-east-2",
     kConverse, CauseCategory::kInferenceType, SubCause::kOnDemandNotSupported,
     "us.anthropic.claude-3-5-sonnet-20241022-v2:0"},
    {"OnDemandClaude37InUsEast1", 400, "ValidationException", kOnDemand37, "", kUsEast1,
     kInvokeModel, CauseCategory::kInferenceType, SubCause::kOnDemandNotSupported,
     "us.anthropic.claude-3-7-sonnet-20250219-v1:0"},
    {"OnDemandInFrankfurtUsesEu", 400, "ValidationException", kOnDemand37, kSonnet37,
     "eu-central-1", kConverse, CauseCategory::kInferenceType, SubCause::kOnDemandNotSupported,
     "eu.anthropic.claude-3-7-sonnet-20250219-v1:0"},
    {"OnDemandAsciiApostrophe", 400, "ValidationException",
     "Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput "
     "isn't supported. Retry your request with the ID or ARN of an inference profile that "
     "contains this model.",
     kSonnet37, "ap-southeast-1", kConverse, CauseCategory::kInferenceType,
     SubCause::kOnDemandNotSupported, "apac.anthropic.claude-3-7-sonnet-20250219-v1:0"},
    {"OnDemandWithoutGeographyPointsAtTheList", 400, "ValidationException", kOnDemand37, kSonnet37,
     "ca-central-1", kConverse, CauseCategory::kInferenceType, SubCause::kOnDemandNotSupported,
     "bedrock-cli profiles --region ca-central-1"},

    // ---- model identifier ----
    {"InvalidModelIdentifier", 400, "ValidationException",
     "The provided model identifier is invalid.", "does-not-exist-model-v1:0", kUsEast1, kConverse,
     CauseCategory::kModelIdentifier, SubCause::kInvalidIdentifier,
     "bedrock-cli models --region us-east-1"},
    {"ProfileOfAnotherGeography", 400, "ValidationException",
     "The provided model identifier is invalid.", "eu.anthropic.claude-3-5-sonnet-20241022-v2:0",
     "us-east-2", kConverse, CauseCategory::kModelIdentifier, SubCause::kProfileOfOtherGeography,
     "us.anthropic.claude-3-5-sonnet-20241022-v2:0"},
    {"UnknownOperationFromAnUnescapedArn", 200, "UnknownOperationException", "",
     "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc", kUsEast1,
     kConverse, CauseCategory::kModelIdentifier, SubCause::kUnescapedIdentifier, "%2F"},

    // ---- validation ----
    {"EmptyContent", 400, "ValidationException",
     "The content field in the Message object at messages.1 is empty. Add a ContentBlock object "
     "to the content field and try again.",
     kSonnet35v2, kUsEast1, kConverse, CauseCategory::kValidation, SubCause::kConversationRules,
     "empty content"},
    {"BlankText", 400, "ValidationException",
     "The text field in the ContentBlock object at messages.1.content.0 is blank. Add text to the "
     "text field, and try again.",
     kSonnet35v2, kUsEast1, kConverse, CauseCategory::kValidation, SubCause::kConversationRules,
     "message says"},
    {"MustStartWithUser", 400, "ValidationException",
     "A conversation must start with a user message. Try again with a conversation that starts "
     "with a user message.",
     kSonnet35v2, kUsEast1, kConverse, CauseCategory::kValidation, SubCause::kConversationRules,
     "starting with user"},
    {"MustAlternate", 400, "ValidationException",
     "A conversation must alternate between user and assistant roles. Make sure the "
     "conversation alternates between user and assistant roles and try again.",
     kSonnet35v2, kUsEast1, kConverse, CauseCategory::kValidation, SubCause::kConversationRules,
     "roles alternate"},
    {"ToolConfigRequired", 400, "ValidationException",
     "The toolConfig field must be defined when using toolUse and toolResult content blocks.",
     kSonnet35v2, kUsEast1, kConverse, CauseCategory::kValidation, SubCause::kConversationRules,
     "toolConfig"},
    {"ReasoningInUserMessage", 400, "ValidationException",
     "User messages cannot contain reasoning content. Please remove the reasoning content and "
     "try again.",
     kSonnet37, kUsEast1, kConverse, CauseCategory::kValidation, SubCause::kConversationRules,
     "message says"},
    {"CoralShapeConstraint", 400, "ValidationException",
     "1 validation error detected: Value at 'messages.2.member.content.1.member.toolUse.name' "
     "failed to satisfy constraint: Member must satisfy regular expression pattern: "
     "[a-zA-Z0-9_-]+",
     kSonnet35v2, kUsEast1, kConverse, CauseCategory::kValidation, SubCause::kShapeConstraint,
     "constraints"},
    {"MalformedInvokeBodyMissingKey", 400, "ValidationException",
     "Malformed input request: #: required key [messages] not found, please reformat your input "
     "and try again.",
     kSonnet35v2, kUsEast1, kInvokeModel, CauseCategory::kValidation,
     SubCause::kMalformedModelInput, "native request schema"},
    {"MalformedInvokeBodyExtraneousKey", 400, "ValidationException",
     "Malformed input request: extraneous key [textGenerationConfig] is not permitted, please "
     "reformat your input and try again.",
     "amazon.nova-micro-v1:0", kUsEast1, kInvokeModel, CauseCategory::kValidation,
     SubCause::kMalformedModelInput, "amazon.nova-micro-v1:0"},
    {"ModelReturnedErrors", 400, "ValidationException",
     "The model returned the following errors: Thinking may not be enabled when tool_choice "
     "forces tool use.",
     "us.anthropic.claude-opus-4-5-20251101-v1:0", kUsEast1, kConverse, CauseCategory::kValidation,
     SubCause::kModelRejectedInput, "rejected the request"},
    {"InputTooLongMidStream", 200, "validationException", "Input is too long for requested model.",
     kSonnet35v2, kUsEast1, kConverseStream, CauseCategory::kValidation, SubCause::kInputTooLong,
     "context window"},
    {"PromptTooLong", 400, "ValidationException",
     "The model returned the following errors: prompt is too long: 227255 tokens > 200000 "
     "maximum",
     kSonnet35v2, kUsEast1, kConverse, CauseCategory::kValidation, SubCause::kInputTooLong,
     "context window"},
    {"SerializationException", 400, "SerializationException", "Unexpected value type in payload",
     kSonnet35v2, kUsEast1, kConverse, CauseCategory::kValidation, SubCause::kSerialization,
     "JSON types"},

    // ---- model access ----
    {"AccessNotGranted", 403, "AccessDeniedException",
     "You don't have access to the model with the specified model ID.", kHaiku35, kUsEast1,
     kConverse, CauseCategory::kModelAccess, SubCause::kAccessNotGranted,
     "grant access to anthropic.claude-3-5-haiku-20241022-v1:0 in the Bedrock console (Model "
     "access)"},
    {"MarketplaceActions", 403, "AccessDeniedException",
     "Model access is denied due to IAM user or service role is not authorized to perform the "
     "required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, "
     "aws-marketplace:Subscribe) to enable access to this model. Refer to the Amazon Bedrock "
     "documentation for further details. Your AWS Marketplace subscription for this model cannot "
     "be completed at this time. If you recently fixed this issue, try again after 5 minutes.",
     kSonnet35v2, kUsEast1, kConverse, CauseCategory::kModelAccess,
     SubCause::kMarketplaceSubscription, "aws-marketplace:Subscribe"},
    {"UseCaseForm", 400, "ValidationException",
     "The model returned the following errors: You have not filled out the required use-case "
     "form for this model. Complete the form at "
     "https://ap-southeast-4.console.aws.amazon.com/bedrock/ before requesting access.",
     kSonnet35v2, "ap-southeast-4", kConverse, CauseCategory::kModelAccess, SubCause::kUseCaseForm,
     "use-case form"},
    {"LegacyModel", 404, "ResourceNotFoundException",
     "Access denied. This Model is marked by provider as Legacy and you have not been actively "
     "using the model in the last 15 days. Please upgrade to an active model on Amazon Bedrock",
     "anthropic.claude-v2", kUsEast1, kInvokeModel, CauseCategory::kModelAccess,
     SubCause::kLegacyModel, "active model"},
    {"EndOfLife", 404, "ResourceNotFoundException",
     "This model version has reached the end of its life. Please refer to the AWS documentation "
     "for more details.",
     "anthropic.claude-instant-v1", kUsEast1, kInvokeModel, CauseCategory::kModelAccess,
     SubCause::kEndOfLife, "anthropic.claude-instant-v1"},

    // ---- authorization ----
    {"ServiceControlPolicy", 403, "AccessDeniedException",
     "User: arn:aws:sts::123456789012:assumed-role/AmazonBedrockExecutionRoleForAgents_ABCD1234567"
     "/BedrockAgents-xxxxxx is not authorized to perform: bedrock:InvokeModel on resource: "
     "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0 with "
     "an explicit deny in a service control policy",
     kHaiku35, kUsEast1, kConverse, CauseCategory::kAuthorization, SubCause::kServiceControlPolicy,
     "bedrock:InvokeModel on "
     "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0"},
    {"ServiceControlPolicyWithPolicyArnOnConverseStream", 403, "AccessDeniedException",
     "User: arn:aws:sts::111122223333:assumed-role/r/BedrockAgentCore-1 is not authorized to "
     "perform: bedrock:InvokeModelWithResponseStream on resource: "
     "arn:aws:bedrock:::foundation-model/anthropic.claude-opus-4-6-v1 with an explicit deny in a "
     "service control policy: arn:aws:organizations::999:policy/o-1/service_control_policy/p-1",
     "global.anthropic.claude-opus-4-6-v1", kUsEast1, kConverseStream,
     CauseCategory::kAuthorization, SubCause::kServiceControlPolicy,
     "bedrock:InvokeModelWithResponseStream on arn:aws:bedrock:::foundation-model/"
     "anthropic.claude-opus-4-6-v1"},
    {"IdentityPolicyMissingAllowOnConverseStream", 403, "AccessDeniedException",
     "User: arn:aws:iam::123456789012:user/litellm-proxy is not authorized to perform: "
     "bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:us-east-1:123456789012:"
     "inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0 because no identity-based "
     "policy allows the bedrock:InvokeModelWithResponseStream action",
     "us.anthropic.claude-haiku-4-5-20251001-v1:0", kUsEast1, kConverseStream,
     CauseCategory::kAuthorization, SubCause::kIdentityPolicy,
     "allow bedrock:InvokeModelWithResponseStream on"},
    {"IdentityPolicyMissingAllow", 403, "AccessDeniedException",
     "User: arn:aws:iam::123456789012:user/litellm-lit6341-proxy is not authorized to perform: "
     "bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
     "us.anthropic.claude-haiku-4-5-20251001-v1:0 because no identity-based policy allows the "
     "bedrock:InvokeModel action",
     "us.anthropic.claude-haiku-4-5-20251001-v1:0", kUsEast1, kConverse,
     CauseCategory::kAuthorization, SubCause::kIdentityPolicy,
     "in arn:aws:iam::123456789012:user/litellm-lit6341-proxy's IAM policy"},
    {"IdentityPolicyExplicitDeny", 403, "AccessDeniedException",
     "User: arn:aws:sts::048200000000:assumed-role/mcp-tenantOperator/dxxxx is not authorized to "
     "perform: bedrock:InvokeModelWithResponseStream on resource: "
     "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0 with an "
     "explicit deny in an identity-based policy",
     "global.anthropic.claude-sonnet-4-20250514-v1:0", kUsEast1, kConverseStream,
     CauseCategory::kAuthorization, SubCause::kIdentityPolicyExplicitDeny,
     "remove the Deny of bedrock:InvokeModelWithResponseStream"},
    {"VpcEndpointPolicy", 403, "AccessDeniedException",
     "User: arn:aws:sts::123456789012:assumed-role/app/session is not authorized to perform: "
     "bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
     "us.anthropic.claude-3-7-sonnet-20250219-v1:0 because no VPC endpoint policy allows the "
     "bedrock:InvokeModel action",
     "us.anthropic.claude-3-7-sonnet-20250219-v1:0", kUsEast1, kConverse,
     CauseCategory::kAuthorization, SubCause::kVpcEndpointPolicy, "VPC endpoint's policy"},
    {"VpcEndpointPolicyExplicitDeny", 403, "AccessDeniedException",
     "User: arn:aws:sts::123456789012:assumed-role/app/session is not authorized to perform: "
     "bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/"
     "amazon.nova-micro-v1:0 with an explicit deny in a VPC endpoint policy",
     "amazon.nova-micro-v1:0", kUsEast1, kConverse, CauseCategory::kAuthorization,
     SubCause::kVpcEndpointPolicy, "bedrock:InvokeModel"},
    {"AccountNotAuthorized", 403, "AccessDeniedException",
     "Your account is not authorized to invoke this API operation.", "amazon.titan-text-express-v1",
     kUsEast1, kInvokeModel, CauseCategory::kAuthorization, SubCause::kAccountNotAuthorized,
     "us-east-1"},

    // ---- authentication ----
    {"AuthorizationHeaderMissing", 403, "AccessDeniedException", "Authorization header is missing",
     kSonnet35v2, kUsEast1, kConverse, CauseCategory::kAuthentication,
     SubCause::kMissingAuthorization, "credentials"},
    {"ExpiredToken", 403, "ExpiredTokenException",
     "The security token included in the request is expired", kSonnet35v2, kUsEast1, kConverse,
     CauseCategory::kAuthentication, SubCause::kExpiredToken, "refresh the credentials"},
    {"UnrecognizedClient", 403, "UnrecognizedClientException",
     "The security token included in the request is invalid.", kSonnet35v2, kUsEast1, kConverse,
     CauseCategory::kAuthentication, SubCause::kInvalidAccessKey, "access key ID"},
    {"InvalidSignature", 403, "InvalidSignatureException",
     "The request signature we calculated does not match the signature you provided. Check your "
     "AWS Secret Access Key and signing method. Consult the service documentation for details.",
     kSonnet35v2, "eu-west-1", kConverse, CauseCategory::kAuthentication, SubCause::kBadSignature,
     "secret access key"},
    {"InvalidSignatureWithCanonicalString", 403, "InvalidSignatureException",
     "The request signature we calculated does not match the signature you provided. Check your "
     "AWS Secret Access Key and signing method. Consult the service documentation for details."
     "\n\nThe Canonical String for this request should have been\n'POST\n/model/x/converse\n'\n",
     kSonnet35v2, "eu-west-1", kConverse, CauseCategory::kAuthentication, SubCause::kBadSignature,
     "bedrock in eu-west-1"},
    {"SignatureExpired", 403, "InvalidSignatureException",
     "Signature expired: 20250130T203827Z is now earlier than 20250130T204131Z (20250130T204631Z "
     "- 5 min.)",
     kSonnet35v2, kUsEast1, kConverse, CauseCategory::kAuthentication, SubCause::kClockSkew,
     "sync the clock (NTP/chrony): the request was signed at 20250130T203827Z, more than 5 "
     "minutes away from the server's 20250130T204631Z"},
    {"InvalidApiKeyFormat", 403, "AccessDeniedException",
     "Invalid API Key format: Must start with pre-defined prefix", kSonnet35v2, kUsEast1, kConverse,
     CauseCategory::kAuthentication, SubCause::kInvalidApiKey, "AWS_BEARER_TOKEN_BEDROCK"},
    {"ApiKeyAuthenticationFailed", 403, "AccessDeniedException",
     "Authentication failed: Please make sure your API Key is valid.", kSonnet35v2, kUsEast1,
     kConverse, CauseCategory::kAuthentication, SubCause::kInvalidApiKey,
     "AWS_BEARER_TOKEN_BEDROCK"},
    {"BearerTokenExpired", 403, "AccessDeniedException", "Bearer Token has expired", kSonnet35v2,
     kUsEast1, kConverse, CauseCategory::kAuthentication, SubCause::kExpiredApiKey,
     "create a new one"},

    // ---- quota / throttling ----
    {"TooManyRequests", 429, "ThrottlingException",
     "Too many requests, please wait before trying again.", kSonnet35v2, kUsEast1, kConverse,
     CauseCategory::kQuotaThrottling, SubCause::kTooManyRequests,
     "anthropic.claude-3-5-sonnet-20241022-v2:0 in us-east-1"},
    {"TooManyRequestsOlderWordingMidStream", 200, "throttlingException",
     "Too many requests, please wait before trying again. You have sent too many requests.  Wait "
     "before trying again.",
     kSonnet35v2, kUsEast1, kConverseStream, CauseCategory::kQuotaThrottling,
     SubCause::kTooManyRequests, "Service Quotas"},
    {"TooManyTokens", 429, "ThrottlingException",
     "Too many tokens, please wait before trying again.", kSonnet35v2, kUsEast1, kConverse,
     CauseCategory::kQuotaThrottling, SubCause::kTooManyTokens, "tokens-per-minute"},
    {"TooManyTokensPerDay", 429, "ThrottlingException",
     "Too many tokens per day, please wait before trying again.", kSonnet35v2, kUsEast1, kConverse,
     CauseCategory::kQuotaThrottling, SubCause::kDailyTokenQuota, "daily token quota"},
    // Catalog codes with no recorded text (reference §7 table): the code alone decides.
    {"ServiceQuotaExceeded", 400, "ServiceQuotaExceededException",
     "Your request exceeds the service quota for your account.", kSonnet35v2, kUsEast1,
     kInvokeModel, CauseCategory::kQuotaThrottling, SubCause::kServiceQuotaExceeded,
     "Service Quotas"},

    // ---- service side ----
    {"ServiceUnavailable", 503, "ServiceUnavailableException",
     "Bedrock is unable to process your request.", kSonnet35v2, kUsEast1, kConverse,
     CauseCategory::kServiceSide, SubCause::kServiceUnavailable, "retry"},
    {"ServiceUnavailableMidStream", 200, "serviceUnavailableException",
     "Bedrock is unable to process your request.", kSonnet35v2, kUsEast1, kConverseStream,
     CauseCategory::kServiceSide, SubCause::kServiceUnavailable, "us-east-1"},
    {"ModelStreamErrorToolUseSequence", 200, "modelStreamErrorException",
     "Model produced invalid sequence as part of ToolUse. Please refer to the model tool use "
     "troubleshooting guide.",
     "us.amazon.nova-pro-v1:0", kUsEast1, kConverseStream, CauseCategory::kServiceSide,
     SubCause::kModelStreamError, "never retried automatically"},
    {"InternalServerOldWording", 500, "InternalServerException",
     "The system encountered an unexpected error during processing. Try your request again.",
     kSonnet35v2, kUsEast1, kConverse, CauseCategory::kServiceSide, SubCause::kInternalError,
     "retry"},
    // No recorded text for these two either.
    {"ModelTimeout", 408, "ModelTimeoutException", "Model has timed out in processing the request.",
     kSonnet35v2, kUsEast1, kInvokeModel, CauseCategory::kServiceSide, SubCause::kModelTimeout,
     "ConverseStream"},
    {"ModelNotReady", 429, "ModelNotReadyException", "Model is not ready.", kSonnet35v2, kUsEast1,
     kInvokeModel, CauseCategory::kServiceSide, SubCause::kModelNotReady, "retry"},
    {"UnknownCodeOn502", 502, "", "Bad Gateway", "", "", std::nullopt, CauseCategory::kServiceSide,
     SubCause::kServiceUnavailable, "proxies"},
    {"UnknownCodeOn429", 429, "SomeNewThrottle", "slow down", "", "", std::nullopt,
     CauseCategory::kQuotaThrottling, SubCause::kTooManyRequests, "backoff"},
};

INSTANTIATE_TEST_SUITE_P(Table, RealMessages, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<MessageCase>& param) {
                           return std::string(param.param.name);
                         });

// ---- Behaviours of the table itself ------------------------------------------------------------

TEST(Diagnosis, OnDemandFixUsesTheListedProfileWhenGiven) {
  InferenceProfile listed;
  listed.id = "global.anthropic.claude-3-7-sonnet-20250219-v1:0";
  listed.name = listed.arn = listed.id;
  listed.status = "ACTIVE";
  listed.type = "SYSTEM_DEFINED";
  listed.foundation_model_ids = {kSonnet37};
  const std::vector<InferenceProfile> profiles = {listed};
  DiagnosisContext context;
  context.region = "ca-central-1";
  context.profiles = profiles;
  const Diagnosis diagnosis =
      diagnose(errors::on_demand_throughput_not_supported(kSonnet37), context);
  EXPECT_EQ(diagnosis.sub_cause, SubCause::kOnDemandNotSupported);
  EXPECT_NE(diagnosis.fix.find("global.anthropic.claude-3-7-sonnet-20250219-v1:0"),
            std::string::npos)
      << diagnosis.fix;
}

TEST(Diagnosis, ModelMissingFromTheRegionsListIsModelNotInRegion) {
  FoundationModelSummary nova;
  nova.model_id = "amazon.nova-micro-v1:0";
  const std::vector<FoundationModelSummary> models = {nova};
  DiagnosisContext context;
  context.model_id = kSonnet35v2;
  context.region = "eu-north-1";
  context.models = models;
  const Diagnosis diagnosis = diagnose(errors::invalid_model_identifier(), context);
  EXPECT_EQ(diagnosis.sub_cause, SubCause::kModelNotInRegion);
  EXPECT_NE(diagnosis.fix.find("not offered in eu-north-1"), std::string::npos) << diagnosis.fix;
}

TEST(Diagnosis, IdentityDenialOnConverseStreamWithoutActionInTheTextNamesTheStreamAction) {
  DiagnosisContext context;
  context.operation = Operation::kConverseStream;
  const Diagnosis diagnosis = diagnose(
      ErrorEvidence{403, "AccessDeniedException",
                    "User: arn:aws:iam::1:user/u is not authorized because no identity-based "
                    "policy allows it"},
      context);
  EXPECT_EQ(diagnosis.sub_cause, SubCause::kIdentityPolicy);
  EXPECT_NE(diagnosis.fix.find("allow bedrock:InvokeModelWithResponseStream"), std::string::npos)
      << diagnosis.fix;
}

TEST(Diagnosis, IdentityDenialOnConverseHasNoStreamNote) {
  DiagnosisContext context;
  context.operation = Operation::kConverse;
  const Diagnosis diagnosis = diagnose(
      ErrorEvidence{403, "AccessDeniedException",
                    "User: u is not authorized to perform: bedrock:InvokeModel on resource: r "
                    "because no identity-based policy allows the bedrock:InvokeModel action"},
      context);
  EXPECT_EQ(diagnosis.fix, "allow bedrock:InvokeModel on r in u's IAM policy");
}

TEST(Diagnosis, CatalogErrorsAndUnrecognizedErrorsGoThroughTheSameTable) {
  EXPECT_EQ(diagnose(errors::expired_token()).sub_cause, SubCause::kExpiredToken);
  EXPECT_EQ(diagnose(errors::UnrecognizedError{503, "", "", std::nullopt}).category,
            CauseCategory::kServiceSide);
}

TEST(Diagnosis, NothingKnownIsUnknown) {
  const Diagnosis diagnosis = diagnose(ErrorEvidence{418, "TeapotException", "short and stout"});
  EXPECT_EQ(diagnosis.category, CauseCategory::kUnknown);
  EXPECT_TRUE(diagnosis.rule.empty());
  EXPECT_FALSE(diagnosis.fix.empty());
}

TEST(Diagnosis, EveryRowHasAUniqueNameAFixAndAKnownCategory) {
  std::set<std::string_view> names;
  for (const DiagnosisRule& rule : diagnosis_rules()) {
    EXPECT_TRUE(names.insert(rule.name).second) << "duplicate row " << rule.name;
    EXPECT_FALSE(rule.fix_template.empty()) << rule.name;
    EXPECT_NE(rule.category, CauseCategory::kUnknown) << rule.name;
    EXPECT_TRUE(!rule.code.empty() || rule.http_status != 0 || !rule.message_pattern.empty())
        << rule.name << " would match everything";
  }
}

TEST(Diagnosis, EveryRowIsReachable) {
  // A row is dead when an earlier row matches everything it matches: same or wider code and
  // status, a pattern contained in its pattern, and no condition.
  const auto rules = diagnosis_rules();
  for (std::size_t later = 0; later < rules.size(); ++later) {
    for (std::size_t earlier = 0; earlier < later; ++earlier) {
      const DiagnosisRule& a = rules[earlier];
      const DiagnosisRule& b = rules[later];
      const bool wider_code = a.code.empty() || a.code == b.code;
      const bool wider_status = a.http_status == 0 || a.http_status == b.http_status;
      const bool wider_pattern = b.message_pattern.find(a.message_pattern) != std::string::npos;
      const bool shadows =
          wider_code && wider_status && wider_pattern && a.condition == RuleCondition::kNone;
      EXPECT_FALSE(shadows) << a.name << " hides " << b.name;
    }
  }
}

// ---- Network stages ----------------------------------------------------------------------------

struct StageCase {
  NetworkStage stage;
  SubCause sub_cause;
  const char* fix_names;
};

// Readable test parameters in gtest and ctest output.
void PrintTo(const StageCase& c, std::ostream* os) { *os << to_string(c.stage); }

class NetworkStages : public ::testing::TestWithParam<StageCase> {};

TEST_P(NetworkStages, AreNetworkWithAFixNamingTheEndpoint) {
  DiagnosisContext context;
  context.region = "us-east-2";
  const Diagnosis diagnosis = diagnose_network(GetParam().stage, context);
  EXPECT_EQ(diagnosis.category, CauseCategory::kNetwork);
  EXPECT_EQ(diagnosis.sub_cause, GetParam().sub_cause);
  EXPECT_NE(diagnosis.fix.find(GetParam().fix_names), std::string::npos) << diagnosis.fix;
}

const StageCase kStages[] = {
    {NetworkStage::kDns, SubCause::kDnsFailure, "bedrock-runtime.us-east-2.amazonaws.com"},
    {NetworkStage::kConnect, SubCause::kConnectFailure, "com.amazonaws.us-east-2.bedrock-runtime"},
    {NetworkStage::kTls, SubCause::kTlsFailure, "AWS_CA_BUNDLE"},
    {NetworkStage::kTimeout, SubCause::kTimeout, "NAT gateway"},
    {NetworkStage::kSend, SubCause::kConnectionDropped, "retry"},
    {NetworkStage::kReceive, SubCause::kConnectionDropped, "dropped"},
    {NetworkStage::kProxy, SubCause::kProxyFailure, "HTTPS_PROXY"},
    {NetworkStage::kOther, SubCause::kNone, "bedrock-runtime.us-east-2.amazonaws.com"},
};

INSTANTIATE_TEST_SUITE_P(Stages, NetworkStages, ::testing::ValuesIn(kStages),
                         [](const ::testing::TestParamInfo<StageCase>& param) {
                           return std::string(to_string(param.param.stage));
                         });

// ---- Started streams that broke on the way (issue #17) -----------------------------------------

struct StreamBreakCase {
  StreamBreak stream_break;
  SubCause sub_cause;
  const char* fix_names;
};

void PrintTo(const StreamBreakCase& c, std::ostream* os) { *os << to_string(c.stream_break); }

class StreamBreaks : public ::testing::TestWithParam<StreamBreakCase> {};

TEST_P(StreamBreaks, AreNetworkWithAFixNamingWhatToLookAt) {
  DiagnosisContext context;
  context.region = "us-east-2";
  const Diagnosis diagnosis = diagnose_stream(GetParam().stream_break, context);
  EXPECT_EQ(diagnosis.category, CauseCategory::kNetwork);
  EXPECT_EQ(diagnosis.sub_cause, GetParam().sub_cause);
  EXPECT_NE(diagnosis.fix.find(GetParam().fix_names), std::string::npos) << diagnosis.fix;
  EXPECT_NE(diagnosis.fix.find("bedrock-runtime.us-east-2.amazonaws.com"), std::string::npos)
      << diagnosis.fix;
  // A TransportError carrying the break is read the same way, whatever its stage.
  TransportError error;
  error.stage = TransportStage::kReceive;
  error.stream_break = GetParam().stream_break;
  EXPECT_EQ(diagnose_network(error, context).sub_cause, GetParam().sub_cause);
}

const StreamBreakCase kStreamBreaks[] = {
    {StreamBreak::kEndedInsideFrame, SubCause::kStreamTruncated, "ended inside a frame"},
    {StreamBreak::kChecksumMismatch, SubCause::kStreamCorrupted, "CRC-32"},
    {StreamBreak::kMalformedFrame, SubCause::kStreamCorrupted, "not a valid event-stream frame"},
    {StreamBreak::kConnectionCut, SubCause::kStreamCut, "idle timeout"},
    {StreamBreak::kStalled, SubCause::kStreamStalled, "read timeout"},
};

INSTANTIATE_TEST_SUITE_P(Breaks, StreamBreaks, ::testing::ValuesIn(kStreamBreaks),
                         [](const ::testing::TestParamInfo<StreamBreakCase>& param) {
                           return std::string(to_string(param.param.stream_break));
                         });

TEST(Diagnosis, EveryStreamBreakHasARow) {
  std::set<StreamBreak> covered;
  for (const StreamRule& rule : stream_rules()) covered.insert(rule.stream_break);
  EXPECT_EQ(covered.size(), std::size(kStreamBreaks));
}

TEST(Diagnosis, ATransportErrorWithoutABreakIsReadByItsStage) {
  TransportError error;
  error.stage = TransportStage::kReceive;
  EXPECT_EQ(diagnose_network(error).sub_cause, SubCause::kConnectionDropped);
}

TEST(Diagnosis, NetworkFixPrefersTheGivenEndpointHost) {
  DiagnosisContext context;
  context.region = "us-east-1";
  context.endpoint_host = "vpce-0abc-xyz.bedrock-runtime.us-east-1.vpce.amazonaws.com";
  EXPECT_NE(diagnose_network(NetworkStage::kDns, context).fix.find("vpce-0abc-xyz"),
            std::string::npos);
}

TEST(Diagnosis, CategoryAndSubCauseNamesAreSnakeCase) {
  EXPECT_EQ(to_string(CauseCategory::kQuotaThrottling), "quota_throttling");
  EXPECT_EQ(to_string(SubCause::kServiceControlPolicy), "service_control_policy");
  EXPECT_EQ(to_string(NetworkStage::kTls), "tls");
  EXPECT_EQ(to_string(SubCause::kStreamTruncated), "stream_truncated");
}

}  // namespace
}  // namespace bedrock::client

namespace bedrock::client {
namespace {

// Doctor's VPC facts sharpen a network failure only when they all hold (issue #6).
TEST(DiagnosisNetworkFacts, TimeoutFromAVpcWithoutNatNamesTheInterfaceEndpoint) {
  DiagnosisContext context;
  context.region = "eu-west-1";
  context.endpoint_host = "bedrock-runtime.eu-west-1.amazonaws.com";
  EXPECT_EQ(diagnose_network(NetworkStage::kTimeout, context).sub_cause, SubCause::kTimeout);
  context.endpoint_resolves_public = true;
  EXPECT_EQ(diagnose_network(NetworkStage::kTimeout, context).sub_cause, SubCause::kTimeout);
  context.vpc_without_nat = true;
  const Diagnosis no_route = diagnose_network(NetworkStage::kConnect, context);
  EXPECT_EQ(no_route.sub_cause, SubCause::kNoRouteFromVpc);
  EXPECT_NE(no_route.fix.find("com.amazonaws.eu-west-1.bedrock-runtime"), std::string::npos);
  context.vpc_endpoint_host = "vpce-0abc-xyz.bedrock-runtime.eu-west-1.vpce.amazonaws.com";
  const Diagnosis private_dns = diagnose_network(NetworkStage::kTimeout, context);
  EXPECT_EQ(private_dns.sub_cause, SubCause::kPrivateDnsDisabled);
  EXPECT_EQ(private_dns.rule, "private-dns-disabled");
  EXPECT_NE(private_dns.fix.find("AWS_ENDPOINT_URL_BEDROCK_RUNTIME=https://vpce-0abc-xyz"),
            std::string::npos);
  // A DNS failure is a DNS failure whatever the VPC.
  EXPECT_EQ(diagnose_network(NetworkStage::kDns, context).sub_cause, SubCause::kDnsFailure);
}

TEST(DiagnosisSetup, DetailIsInsertedVerbatimNotExpanded) {
  const Diagnosis diagnosis = diagnose_setup(SetupProblem::kInvalidConfiguration,
                                             "AWS_MAX_ATTEMPTS: {region} is no number");
  EXPECT_EQ(diagnosis.category, CauseCategory::kConfiguration);
  EXPECT_EQ(diagnosis.sub_cause, SubCause::kInvalidConfiguration);
  EXPECT_EQ(diagnosis.fix, "fix the setting: AWS_MAX_ATTEMPTS: {region} is no number");
}

TEST(DiagnosisSetup, EveryProblemHasARow) {
  for (SetupProblem problem : {SetupProblem::kMissingRegion, SetupProblem::kInvalidConfiguration,
                               SetupProblem::kNoCredentials, SetupProblem::kCredentialsFailed,
                               SetupProblem::kCredentialsExpired}) {
    EXPECT_FALSE(diagnose_setup(problem, "x").rule.empty());
  }
}

}  // namespace
}  // namespace bedrock::client
