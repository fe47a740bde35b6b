#include "bedrock/protocol/sigv4_signer.hpp"

#include <gtest/gtest.h>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/sigv4_canonical.hpp"
#include "sigv4_bedrock_examples.hpp"

namespace bedrock::sigv4 {
namespace {

namespace ex = examples;

struct GoldenExample {
  std::string name;
  std::string target;
  bool session_token;
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
};

const std::string kPayloadHash = "7421da8d1a0949a481724fee62d5886aacde03836bf58248adb73e8b61ac0d54";

// Reference §3 worked examples, as printed in bedrock-sigv4-examples.txt.
std::vector<GoldenExample> golden_examples() {
  return {
      {"ConverseInferenceProfileId", ex::kClaudeTarget, false,
       "POST\n/model/us.anthropic.claude-3-5-sonnet-20241022-v2%253A0/converse\n\n"
       "content-type:application/json\nhost:bedrock-runtime.us-east-1.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n" +
           kPayloadHash,
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/bedrock/aws4_request\n"
       "ec5288fbce68cc13c0e9c9e8a8e6aaac6233e22fd9ad937797076924db07319e",
       "9c0d063d2ad7c37a647036b861155d36107512a838c6d0cdba69d975534a9825"},
      {"ConverseApplicationInferenceProfileArn", ex::kArnTarget, false,
       "POST\n/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123456789012%253A"
       "application-inference-profile%252Fabc123xyz/converse\n\n"
       "content-type:application/json\nhost:bedrock-runtime.us-east-1.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n" +
           kPayloadHash,
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/bedrock/aws4_request\n"
       "f6e4f2ab223d720c7d075bff0083ffc4ebbcf2fb1003ba7f1b9ae0609c4a69ba",
       "fc3f705f9a404a54b7259b6c12ae94a5683a55debdec70c39c7d2d997134db04"},
      {"ConverseStreamWithSessionToken", ex::kStreamTarget, true,
       "POST\n/model/us.anthropic.claude-3-5-sonnet-20241022-v2%253A0/converse-stream\n\n"
       "content-type:application/json\nhost:bedrock-runtime.us-east-1.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\nx-amz-security-token:" +
           std::string(ex::kSessionToken) +
           "\n\ncontent-type;host;x-amz-date;x-amz-security-token\n" + kPayloadHash,
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/bedrock/aws4_request\n"
       "7c48cd4b93ab6bba8dcabbc9f9f4fd9651579dc583169c50335e9639380fc735",
       "503933a75f858a6a08c013d3a2a3bc12696af20e7cec985a9c6689d64b7c3858"},
  };
}

class BedrockGoldenSignature : public ::testing::TestWithParam<GoldenExample> {};

TEST_P(BedrockGoldenSignature, ReproducesEveryStage) {
  const GoldenExample& golden = GetParam();
  HttpRequest request = ex::unsigned_converse(golden.target);
  const SigningResult result =
      sign(request, ex::credentials(golden.session_token), ex::signing_params());
  EXPECT_EQ(result.canonical_request, golden.canonical_request);
  EXPECT_EQ(result.string_to_sign, golden.string_to_sign);
  EXPECT_EQ(result.signature, golden.signature);
  EXPECT_EQ(
      *request.find_header("Authorization"),
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, "
      "SignedHeaders=" +
          std::string(golden.session_token ? "content-type;host;x-amz-date;x-amz-security-token"
                                           : "content-type;host;x-amz-date") +
          ", Signature=" + golden.signature);
}

INSTANTIATE_TEST_SUITE_P(Reference3, BedrockGoldenSignature, ::testing::ValuesIn(golden_examples()),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(Sign, ScopesWithServiceBedrockNotBedrockRuntime) {
  HttpRequest request = ex::unsigned_converse(ex::kClaudeTarget);
  const SigningResult result = sign(request, ex::credentials(), ex::signing_params());
  EXPECT_EQ(result.scope.to_string(), "20150830/us-east-1/bedrock/aws4_request");
}

TEST(Sign, AddsDateAndAuthorizationHeaders) {
  HttpRequest request = ex::unsigned_converse(ex::kClaudeTarget);
  sign(request, ex::credentials(), ex::signing_params());
  ASSERT_NE(request.find_header("X-Amz-Date"), nullptr);
  EXPECT_EQ(*request.find_header("X-Amz-Date"), "20150830T123600Z");
  EXPECT_EQ(request.find_header("X-Amz-Security-Token"), nullptr);
  EXPECT_EQ(request.find_header("x-amz-content-sha256"), nullptr);  // botocore sends none (§3)
}

TEST(Sign, ResigningReplacesEarlierSigningHeaders) {
  HttpRequest request = ex::unsigned_converse(ex::kClaudeTarget);
  request.headers.emplace_back("authorization", "Bearer stale");
  request.headers.emplace_back("x-amz-date", "19990101T000000Z");
  const SigningResult result = sign(request, ex::credentials(), ex::signing_params());
  EXPECT_EQ(result.signature, "9c0d063d2ad7c37a647036b861155d36107512a838c6d0cdba69d975534a9825");
  std::size_t authorization_headers = 0;
  for (const auto& header : request.headers) {
    authorization_headers += header_name_equals(header.first, "authorization") ? 1 : 0;
  }
  EXPECT_EQ(authorization_headers, 1u);
}

TEST(Sign, DoesNotSignUserAgentOrTraceId) {
  HttpRequest request = ex::unsigned_converse(ex::kClaudeTarget);
  request.headers.emplace_back("User-Agent", "Boto3/1.40.0");
  request.headers.emplace_back("X-Amzn-Trace-Id", "Root=1-abc");
  const SigningResult result = sign(request, ex::credentials(), ex::signing_params());
  EXPECT_EQ(result.signature, "9c0d063d2ad7c37a647036b861155d36107512a838c6d0cdba69d975534a9825");
}

TEST(Sign, SignsSdkHeadersLikeBotocore) {
  HttpRequest request = ex::unsigned_converse(ex::kClaudeTarget);
  request.headers.emplace_back("amz-sdk-invocation-id", "8e2b0a57-1f6d-4f1a-9b3c-2f7d4a1c0e11");
  const SigningResult result = sign(request, ex::credentials(), ex::signing_params());
  EXPECT_NE(result.canonical_request.find("\namz-sdk-invocation-id;content-type;host;x-amz-date\n"),
            std::string::npos);
}

TEST(Sign, SignBodyAddsAndSignsTheContentHash) {
  HttpRequest request = ex::unsigned_converse(ex::kClaudeTarget);
  SigningParams params = ex::signing_params();
  params.sign_body = true;
  const SigningResult result = sign(request, ex::credentials(), params);
  ASSERT_NE(request.find_header("x-amz-content-sha256"), nullptr);
  EXPECT_EQ(*request.find_header("x-amz-content-sha256"), kPayloadHash);
  EXPECT_NE(result.canonical_request.find("\ncontent-type;host;x-amz-content-sha256;x-amz-date\n"),
            std::string::npos);
}

TEST(Sign, OmitSessionTokenAddsTheTokenAfterSigning) {
  HttpRequest request = ex::unsigned_converse(ex::kStreamTarget);
  SigningParams params = ex::signing_params();
  params.omit_session_token = true;
  const SigningResult result = sign(request, ex::credentials(true), params);
  ASSERT_NE(request.find_header("X-Amz-Security-Token"), nullptr);
  EXPECT_EQ(*request.find_header("X-Amz-Security-Token"), ex::kSessionToken);
  EXPECT_EQ(result.canonical_request.find("x-amz-security-token"), std::string::npos);
}

TEST(Sign, RawColonAndEscapedColonTargetsSignDifferently) {
  HttpRequest raw =
      ex::unsigned_converse("/model/us.anthropic.claude-3-5-sonnet-20241022-v2:0/converse");
  HttpRequest escaped = ex::unsigned_converse(ex::kClaudeTarget);
  const SigningResult raw_result = sign(raw, ex::credentials(), ex::signing_params());
  const SigningResult escaped_result = sign(escaped, ex::credentials(), ex::signing_params());
  EXPECT_NE(raw_result.canonical_request.find(
                "\n/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse\n"),
            std::string::npos);
  EXPECT_NE(raw_result.signature, escaped_result.signature);
}

TEST(SigningKey, FollowsTheDocumentedHmacChain) {
  // AWS General Reference "Examples of how to derive a signing key for Signature Version 4".
  const CredentialScope scope{"20120215", "us-east-1", "iam"};
  EXPECT_EQ(encoding::to_hex(signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", scope)),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

}  // namespace
}  // namespace bedrock::sigv4
