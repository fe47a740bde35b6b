#include "bedrock/protocol/sigv4_verifier.hpp"

#include <gtest/gtest.h>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/sigv4_signer.hpp"
#include "sigv4_bedrock_examples.hpp"

namespace bedrock::sigv4 {
namespace {

namespace ex = examples;
using namespace std::chrono_literals;
using Kind = VerificationFailureKind;

constexpr const char* kTemporaryKeyId = "ASIAEXAMPLETEMP";
constexpr const char* kTemporarySecret = "temporary-secret";
constexpr const char* kTemporaryToken = "FwoGZXIvYXdzEXAMPLETOKEN";

std::optional<KnownCredential> known_credentials(std::string_view access_key_id) {
  if (access_key_id == ex::kAccessKeyId) return KnownCredential{ex::kSecret, std::nullopt};
  if (access_key_id == kTemporaryKeyId) return KnownCredential{kTemporarySecret, kTemporaryToken};
  return std::nullopt;
}

VerificationParams params_at(std::chrono::system_clock::time_point now) {
  VerificationParams params;
  params.now = now;
  return params;
}

HttpRequest signed_converse(const Credentials& credentials = ex::credentials(),
                            SigningParams signing = ex::signing_params()) {
  HttpRequest request = ex::unsigned_converse(ex::kClaudeTarget);
  sign(request, credentials, signing);
  return request;
}

Kind failure_kind(const HttpRequest& request,
                  const VerificationParams& params = params_at(ex::example_time())) {
  const auto result = verify(request, known_credentials, params);
  EXPECT_FALSE(result) << "verification unexpectedly succeeded";
  return result ? Kind::kMissingAuthorization : result.error().kind;
}

TEST(Verify, AcceptsTheReferenceWorkedExampleAsPrinted) {
  const HttpRequest request{
      "POST",
      ex::kClaudeTarget,
      {{"Content-Type", "application/json"},
       {"X-Amz-Date", "20150830T123600Z"},
       {"Authorization",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date, "
        "Signature="  // the documented example signature (reference §3), not a secret
        "9c0d063d2ad7c37a647036b861155d36107512a838c6d0cdba69d975534a9825"},
       {"Host", ex::kHost}},
      ex::kBody};
  const auto result = verify(request, known_credentials, params_at(ex::example_time()));
  ASSERT_TRUE(result) << result.error().detail;
  EXPECT_EQ(result->authorization.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(result->authorization.scope.region, "us-east-1");
  EXPECT_EQ(result->request_time, ex::example_time());
  EXPECT_EQ(result->session_token, std::nullopt);
}

TEST(Verify, AcceptsWhatTheSignerProducesAndExposesTheScopeRegion) {
  SigningParams signing = ex::signing_params();
  signing.region = "eu-west-3";
  const auto result = verify(signed_converse(ex::credentials(), signing), known_credentials,
                             params_at(ex::example_time()));
  ASSERT_TRUE(result) << result.error().detail;
  EXPECT_EQ(result->authorization.scope.region, "eu-west-3");
}

TEST(Verify, IgnoresHeaderNameCaseAndUnsignedHeaders) {
  HttpRequest request = signed_converse();
  for (auto& header : request.headers) header.first = encoding::to_lower(header.first);  // HTTP/2
  request.headers.emplace_back("User-Agent", "added by a proxy");
  EXPECT_TRUE(verify(request, known_credentials, params_at(ex::example_time())));
}

TEST(Verify, ReportsAMissingAuthorizationHeader) {
  HttpRequest request = signed_converse();
  request.remove_header("Authorization");
  const auto result = verify(request, known_credentials, params_at(ex::example_time()));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, Kind::kMissingAuthorization);
  EXPECT_EQ(result.error().detail, "Authorization header is missing");  // reference §8
}

TEST(Verify, ReportsABearerTokenAsSuchWithTheToken) {
  HttpRequest request = ex::unsigned_converse(ex::kClaudeTarget);
  request.headers.emplace_back("Authorization", "Bearer ABSKexampleapikey");
  const auto result = verify(request, known_credentials, params_at(ex::example_time()));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, Kind::kBearerToken);
  ASSERT_TRUE(result.error().authorization_error);
  EXPECT_EQ(result.error().authorization_error->bearer_token, "ABSKexampleapikey");
}

TEST(Verify, ReportsAMalformedAuthorizationWithTheParseError) {
  HttpRequest request = signed_converse();
  request.set_header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830");
  const auto result = verify(request, known_credentials, params_at(ex::example_time()));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, Kind::kMalformedAuthorization);
  ASSERT_TRUE(result.error().authorization_error);
  EXPECT_EQ(result.error().authorization_error->kind, AuthorizationErrorKind::kMissingParameter);
}

TEST(Verify, ReportsAMissingOrUnparseableDate) {
  HttpRequest request = signed_converse();
  request.remove_header("X-Amz-Date");
  EXPECT_EQ(failure_kind(request), Kind::kMissingDate);
  request.headers.emplace_back("X-Amz-Date", "2015-08-30T12:36:00Z");
  EXPECT_EQ(failure_kind(request), Kind::kInvalidDate);
}

TEST(Verify, ReportsTheWrongServiceInTheScope) {
  SigningParams signing = ex::signing_params();
  signing.service = "bedrock-runtime";  // reference §11 pitfall 1
  const auto result = verify(signed_converse(ex::credentials(), signing), known_credentials,
                             params_at(ex::example_time()));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, Kind::kWrongService);
  ASSERT_TRUE(result.error().authorization);
  EXPECT_EQ(result.error().authorization->scope.service, "bedrock-runtime");
}

TEST(Verify, ReportsTheWrongRegionOnlyWhenOneIsExpected) {
  const HttpRequest request = signed_converse();
  VerificationParams params = params_at(ex::example_time());
  params.region = "us-west-2";
  const auto result = verify(request, known_credentials, params);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, Kind::kWrongRegion);
  EXPECT_EQ(result.error().authorization->scope.region, "us-east-1");
  params.region = "us-east-1";
  EXPECT_TRUE(verify(request, known_credentials, params));
}

TEST(Verify, ReportsAScopeDateThatDiffersFromXAmzDate) {
  HttpRequest request = signed_converse();
  request.set_header("X-Amz-Date", "20150831T000100Z");
  EXPECT_EQ(failure_kind(request, params_at(ex::example_time() + 12h)), Kind::kScopeDateMismatch);
}

// L anthropics/anthropic-sdk-go#122 (reference §3):
// "Signature expired: 20250130T203827Z is now earlier than 20250130T204131Z (20250130T204631Z - 5
// min.)"
TEST(Verify, ExpiredSignatureCarriesTheThreeTimestampsOfTheRealText) {
  SigningParams signing = ex::signing_params();
  signing.time = *parse_amz_date("20250130T203827Z");
  const auto result = verify(signed_converse(ex::credentials(), signing), known_credentials,
                             params_at(*parse_amz_date("20250130T204631Z")));
  ASSERT_FALSE(result);
  ASSERT_EQ(result.error().kind, Kind::kSignatureExpired);
  ASSERT_TRUE(result.error().clock_skew);
  const ClockSkew& skew = *result.error().clock_skew;
  EXPECT_EQ("Signature expired: " + format_amz_date(skew.request_time) + " is now earlier than " +
                format_amz_date(skew.limit) + " (" + format_amz_date(skew.now) + " - 5 min.)",
            "Signature expired: 20250130T203827Z is now earlier than 20250130T204131Z "
            "(20250130T204631Z - 5 min.)");
}

TEST(Verify, FutureSignatureCarriesTheThreeTimestamps) {
  const auto result =
      verify(signed_converse(), known_credentials, params_at(ex::example_time() - 10min));
  ASSERT_FALSE(result);
  ASSERT_EQ(result.error().kind, Kind::kSignatureNotYetCurrent);
  const ClockSkew& skew = *result.error().clock_skew;
  EXPECT_EQ(format_amz_date(skew.request_time), "20150830T123600Z");
  EXPECT_EQ(format_amz_date(skew.limit), "20150830T123100Z");
  EXPECT_EQ(format_amz_date(skew.now), "20150830T122600Z");
}

TEST(Verify, AcceptsAClockSkewOfExactlyFiveMinutesEitherWay) {
  const HttpRequest request = signed_converse();
  EXPECT_TRUE(verify(request, known_credentials, params_at(ex::example_time() + 5min)));
  EXPECT_TRUE(verify(request, known_credentials, params_at(ex::example_time() - 5min)));
}

TEST(Verify, RejectsAClockSkewOfFiveMinutesAndOneSecondEitherWay) {
  const HttpRequest request = signed_converse();
  EXPECT_EQ(failure_kind(request, params_at(ex::example_time() + 5min + 1s)),
            Kind::kSignatureExpired);
  EXPECT_EQ(failure_kind(request, params_at(ex::example_time() - 5min - 1s)),
            Kind::kSignatureNotYetCurrent);
}

TEST(Verify, ReportsASignedHeaderTheRequestLacks) {
  HttpRequest request = signed_converse();
  request.remove_header("Content-Type");
  const auto result = verify(request, known_credentials, params_at(ex::example_time()));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, Kind::kSignedHeaderMissing);
  EXPECT_EQ(result.error().header_name, "content-type");
}

TEST(Verify, ReportsAnUnknownAccessKey) {
  const Credentials stranger{"AKIDUNKNOWN", "whatever", ""};
  const auto result =
      verify(signed_converse(stranger), known_credentials, params_at(ex::example_time()));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, Kind::kUnknownAccessKey);
  EXPECT_EQ(result.error().authorization->access_key_id, "AKIDUNKNOWN");
}

TEST(Verify, AcceptsASignedSessionTokenThatMatchesTheCredential) {
  const Credentials temporary{kTemporaryKeyId, kTemporarySecret, kTemporaryToken};
  const auto result =
      verify(signed_converse(temporary), known_credentials, params_at(ex::example_time()));
  ASSERT_TRUE(result) << result.error().detail;
  EXPECT_EQ(result->session_token, kTemporaryToken);
}

TEST(Verify, ReportsAMissingSessionToken) {
  const Credentials without_token{kTemporaryKeyId, kTemporarySecret, ""};
  EXPECT_EQ(failure_kind(signed_converse(without_token)), Kind::kSessionTokenMissing);
}

TEST(Verify, ReportsASessionTokenAddedAfterSigning) {
  const Credentials temporary{kTemporaryKeyId, kTemporarySecret, kTemporaryToken};
  SigningParams signing = ex::signing_params();
  signing.omit_session_token = true;
  const HttpRequest request = signed_converse(temporary, signing);
  EXPECT_EQ(failure_kind(request), Kind::kSessionTokenNotSigned);
  VerificationParams lenient = params_at(ex::example_time());
  lenient.require_signed_session_token = false;
  EXPECT_TRUE(verify(request, known_credentials, lenient));
}

TEST(Verify, ReportsASessionTokenThatDoesNotMatchTheCredential) {
  const Credentials other_token{kTemporaryKeyId, kTemporarySecret, "another-token"};
  EXPECT_EQ(failure_kind(signed_converse(other_token)), Kind::kSessionTokenMismatch);
  const Credentials token_on_long_term_key{ex::kAccessKeyId, ex::kSecret, "unexpected-token"};
  EXPECT_EQ(failure_kind(signed_converse(token_on_long_term_key)), Kind::kSessionTokenMismatch);
}

TEST(Verify, SignatureMismatchCarriesTheServersCanonicalRequestAndStringToSign) {
  HttpRequest request = signed_converse();
  request.body.back() = ' ';
  const auto result = verify(request, known_credentials, params_at(ex::example_time()));
  ASSERT_FALSE(result);
  ASSERT_EQ(result.error().kind, Kind::kSignatureMismatch);
  const std::string& canonical = result.error().expected_canonical_request;
  EXPECT_TRUE(canonical.ends_with(encoding::sha256_hex(request.body))) << canonical;
  EXPECT_NE(canonical.find("/model/us.anthropic.claude-3-5-sonnet-20241022-v2%253A0/converse"),
            std::string::npos);
  EXPECT_EQ(result.error().expected_string_to_sign,
            string_to_sign("20150830T123600Z", CredentialScope{"20150830", "us-east-1", "bedrock"},
                           canonical));
}

TEST(Verify, ReportsAWrongSecretAsSignatureMismatch) {
  const Credentials wrong_secret{ex::kAccessKeyId, "not-the-secret", ""};
  EXPECT_EQ(failure_kind(signed_converse(wrong_secret)), Kind::kSignatureMismatch);
}

TEST(Verify, HashesTheReceivedBodyEvenWhenAContentHashIsDeclared) {
  SigningParams signing = ex::signing_params();
  signing.sign_body = true;
  HttpRequest request = signed_converse(ex::credentials(), signing);
  EXPECT_TRUE(verify(request, known_credentials, params_at(ex::example_time())));
  request.body += " ";
  EXPECT_EQ(failure_kind(request), Kind::kSignatureMismatch);
}

// Reference §3 rule 3: the canonical URI comes from the raw target, so a request signed with
// a raw ':' verifies as received, and the same signature fails once the target is re-encoded.
TEST(Verify, UsesTheRawTargetForTheCanonicalUri) {
  HttpRequest request =
      ex::unsigned_converse("/model/eu.anthropic.claude-haiku-4-5-20251001-v1:0/invoke");
  sign(request, ex::credentials(), ex::signing_params());
  EXPECT_TRUE(verify(request, known_credentials, params_at(ex::example_time())));
  request.target = "/model/eu.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke";
  const auto result = verify(request, known_credentials, params_at(ex::example_time()));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, Kind::kSignatureMismatch);
  EXPECT_NE(result.error().expected_canonical_request.find("v1%253A0/invoke"), std::string::npos);
}

// Reference §3: HTTP/2 clients sign `:authority` in place of host.
HttpRequest signed_http2_converse() {
  HttpRequest request{
      "POST",
      ex::kClaudeTarget,
      {{":authority", std::string(ex::kHost) + ":443"}, {"content-type", "application/json"}},
      ex::kBody};
  sign(request, ex::credentials(), ex::signing_params());
  return request;
}

TEST(Verify, AcceptsAnHttp2RequestThatSignedTheAuthorityPseudoHeader) {
  const HttpRequest request = signed_http2_converse();
  EXPECT_NE(request.find_header("Authorization")
                ->find("SignedHeaders=:authority;content-type;x-amz-date"),
            std::string::npos);
  const auto result = verify(request, known_credentials, params_at(ex::example_time()));
  ASSERT_TRUE(result) << result.error().detail;
  EXPECT_EQ(result->authorization.signed_headers.front(), ":authority");
}

TEST(Verify, CanonicalisesTheAuthorityLineWithItsPort) {
  HttpRequest request = signed_http2_converse();
  request.body += " ";
  const auto result = verify(request, known_credentials, params_at(ex::example_time()));
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().expected_canonical_request.find(
                "\n:authority:bedrock-runtime.us-east-1.amazonaws.com:443\ncontent-type:"),
            std::string::npos);
}

TEST(Verify, AcceptsAuthorityAndHostStandingInForEachOther) {
  HttpRequest via_host = signed_http2_converse();
  via_host.remove_header(":authority");
  via_host.headers.emplace_back("Host", std::string(ex::kHost) + ":443");
  EXPECT_TRUE(verify(via_host, known_credentials, params_at(ex::example_time())));

  HttpRequest via_authority = signed_converse();
  via_authority.remove_header("Host");
  via_authority.headers.emplace_back(":authority", ex::kHost);
  EXPECT_TRUE(verify(via_authority, known_credentials, params_at(ex::example_time())));
}

TEST(Verify, JoinsDuplicateSignedHeadersLikeTheSigner) {
  HttpRequest request = ex::unsigned_converse(ex::kClaudeTarget);
  request.headers.emplace_back("X-Custom", "b");
  request.headers.emplace_back("x-custom", "  a  ");
  sign(request, ex::credentials(), ex::signing_params());
  EXPECT_TRUE(verify(request, known_credentials, params_at(ex::example_time())));
  std::swap(request.headers[2], request.headers[3]);  // order of duplicates is signed
  EXPECT_EQ(failure_kind(request), Kind::kSignatureMismatch);
}

TEST(CredentialScopeOf, ReadsTheRegionWithoutVerifying) {
  SigningParams signing = ex::signing_params();
  signing.region = "ap-southeast-1";
  const auto scope = credential_scope_of(signed_converse(ex::credentials(), signing));
  ASSERT_TRUE(scope);
  EXPECT_EQ(scope->region, "ap-southeast-1");
  EXPECT_EQ(credential_scope_of(ex::unsigned_converse(ex::kClaudeTarget)), std::nullopt);
}

TEST(VerificationFailureKind, HasAName) {
  EXPECT_EQ(to_string(Kind::kSignatureExpired), "signature expired");
}

}  // namespace
}  // namespace bedrock::sigv4
