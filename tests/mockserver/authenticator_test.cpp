#include "bedrock/mock/authenticator.hpp"

#include <gtest/gtest.h>

#include "bedrock/protocol/sigv4_signer.hpp"

namespace bedrock::mock {
namespace {

using namespace std::chrono_literals;
using errors::ErrorCode;

constexpr const char* kCredentials = R"(# test identities
[default]
aws_access_key_id = AKIDEXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY

[profile session]
aws_access_key_id = ASIAEXAMPLESESSION
aws_secret_access_key = sessionsecret
aws_session_token = token-123
aws_session_expiration = 2026-01-01T00:00:00Z

[api-key]
aws_bearer_token_bedrock = bedrock-api-key-abc
)";

const std::chrono::system_clock::time_point kNow =
    std::chrono::sys_days{std::chrono::year{2025} / 6 / 1} + 12h;

CredentialStore store() {
  auto parsed = CredentialStore::parse(kCredentials, "credentials");
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().to_string());
  return *parsed;
}

HttpRequest converse_request() {
  HttpRequest request;
  request.method = "POST";
  request.target = "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse";
  request.headers = {{"Host", "bedrock-runtime.us-east-2.amazonaws.com"},
                     {"Content-Type", "application/json"}};
  request.body = R"({"messages":[{"role":"user","content":[{"text":"Hello"}]}]})";
  return request;
}

HttpRequest signed_request(const std::string& key, const std::string& secret,
                           const std::string& token = "",
                           std::chrono::system_clock::time_point at = kNow) {
  HttpRequest request = converse_request();
  sigv4::sign(request, {key, secret, token}, {"us-east-2", "bedrock", at});
  return request;
}

TEST(CredentialStore, ReadsProfilesSessionTokensExpiryAndBearerKeys) {
  const auto credentials = store();
  EXPECT_EQ(credentials.size(), 2u);
  const auto* session = credentials.find("ASIAEXAMPLESESSION");
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->profile, "session");
  EXPECT_EQ(session->session_token, "token-123");
  EXPECT_TRUE(session->expires_at.has_value());
  EXPECT_TRUE(credentials.accepts_bearer("bedrock-api-key-abc"));
  EXPECT_FALSE(credentials.accepts_bearer("other"));
}

struct BadFile {
  std::string text;
  int line;
};

class CredentialFileErrors : public ::testing::TestWithParam<BadFile> {};

TEST_P(CredentialFileErrors, NameTheLine) {
  auto parsed = CredentialStore::parse(GetParam().text, "creds.ini");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().file, "creds.ini");
  EXPECT_EQ(parsed.error().line, GetParam().line) << parsed.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, CredentialFileErrors,
    ::testing::Values(BadFile{"aws_access_key_id = A\n", 1}, BadFile{"[default\n", 1},
                      BadFile{"[default]\njust text\n", 2},
                      BadFile{"[a]\naws_access_key_id = A\n", 2},
                      BadFile{"[a]\naws_access_key_id=A\naws_secret_access_key=s\n"
                              "aws_session_expiration = tomorrow\n",
                              4},
                      BadFile{"# nothing\n", 0}),
    [](const auto& case_info) { return "case" + std::to_string(case_info.index); });

TEST(Authenticate, AcceptsACorrectSignatureAndReportsTheScopeRegion) {
  auto caller = authenticate(
      signed_request("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), store(), kNow);
  ASSERT_TRUE(caller) << caller.error().message;
  EXPECT_EQ(caller->profile, "default");
  EXPECT_EQ(caller->region, "us-east-2");
}

TEST(Authenticate, WrongSecretIsInvalidSignatureWithTheRealText) {
  auto caller = authenticate(signed_request("AKIDEXAMPLE", "wrong"), store(), kNow);
  ASSERT_FALSE(caller);
  EXPECT_EQ(caller.error().code, ErrorCode::kInvalidSignature);
  EXPECT_EQ(caller.error().http_status(), 403);
  EXPECT_NE(caller.error().message.find("does not match the signature you provided"),
            std::string::npos);
}

TEST(Authenticate, MissingHeaderIsAccessDeniedAuthorizationHeaderIsMissing) {
  auto caller = authenticate(converse_request(), store(), kNow);
  ASSERT_FALSE(caller);
  EXPECT_EQ(caller.error().code, ErrorCode::kCoralAccessDenied);
  EXPECT_EQ(caller.error().message, "Authorization header is missing");
}

TEST(Authenticate, UnknownKeyIsUnrecognizedClient) {
  auto caller = authenticate(signed_request("AKIDUNKNOWN", "x"), store(), kNow);
  ASSERT_FALSE(caller);
  EXPECT_EQ(caller.error().code, ErrorCode::kUnrecognizedClient);
}

TEST(Authenticate, SkewedClockIsSignatureExpired) {
  auto caller = authenticate(
      signed_request("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", kNow - 6min),
      store(), kNow);
  ASSERT_FALSE(caller);
  EXPECT_EQ(caller.error().code, ErrorCode::kInvalidSignature);
  EXPECT_EQ(caller.error().message.rfind("Signature expired: ", 0), 0u);
}

TEST(Authenticate, SessionTokenMustMatchAndExpiredSessionsAreRefused) {
  auto wrong_token =
      authenticate(signed_request("ASIAEXAMPLESESSION", "sessionsecret", "other"), store(), kNow);
  ASSERT_FALSE(wrong_token);
  EXPECT_EQ(wrong_token.error().code, ErrorCode::kUnrecognizedClient);

  auto valid = authenticate(signed_request("ASIAEXAMPLESESSION", "sessionsecret", "token-123"),
                            store(), kNow);
  ASSERT_TRUE(valid);

  const auto later = std::chrono::sys_days{std::chrono::year{2026} / 2 / 1} + 0h;
  auto expired = authenticate(
      signed_request("ASIAEXAMPLESESSION", "sessionsecret", "token-123", later), store(), later);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, ErrorCode::kExpiredToken);
  EXPECT_EQ(expired.error().message, "The security token included in the request is expired");
}

TEST(Authenticate, WrongServiceInScopeIsInvalidSignature) {
  HttpRequest request = converse_request();
  sigv4::sign(request, {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""},
              {"us-east-2", "bedrock-runtime", kNow});
  auto caller = authenticate(request, store(), kNow);
  ASSERT_FALSE(caller);
  EXPECT_EQ(caller.error().code, ErrorCode::kInvalidSignature);
  EXPECT_NE(caller.error().message.find("correct service: 'bedrock'"), std::string::npos);
}

TEST(Authenticate, SingleEncodedColonIsCaughtAsABadSignature) {
  // A client that signs the path with `%3A` once (no double encoding) computes another
  // canonical URI than the service: the mock must refuse it as Bedrock does.
  HttpRequest request = converse_request();
  request.target = "/model/us.anthropic.claude-3-5-sonnet-20241022-v2:0/converse";
  sigv4::sign(request, {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""},
              {"us-east-2", "bedrock", kNow});
  request.target = "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse";
  auto caller = authenticate(request, store(), kNow);
  ASSERT_FALSE(caller);
  EXPECT_EQ(caller.error().code, ErrorCode::kInvalidSignature);
}

TEST(Authenticate, BearerApiKeysAreCheckedAgainstTheStore) {
  HttpRequest request = converse_request();
  request.headers.emplace_back("Authorization", "Bearer bedrock-api-key-abc");
  EXPECT_TRUE(authenticate(request, store(), kNow));
  request.set_header("Authorization", "Bearer nope");
  auto caller = authenticate(request, store(), kNow);
  ASSERT_FALSE(caller);
  EXPECT_EQ(caller.error().code, ErrorCode::kUnrecognizedClient);
}

}  // namespace
}  // namespace bedrock::mock
