// Public SigV4 vectors (shared/vectors, README §1, §2, §6): every stage of the signer is
// compared byte for byte, then the vector's signed request goes through the verifier.
#include <gtest/gtest.h>

#include <filesystem>

#include "bedrock/protocol/sigv4_canonical.hpp"
#include "bedrock/protocol/sigv4_signer.hpp"
#include "bedrock/protocol/sigv4_verifier.hpp"
#include "sigv4_vector_cases.hpp"
#include "support/shared_data.hpp"

namespace bedrock::sigv4 {
namespace {

using test::SigV4VectorCase;

class SigV4Vectors : public ::testing::TestWithParam<SigV4VectorCase> {};

CredentialLookup lookup_for(const Credentials& credentials, std::string secret) {
  return [credentials, secret = std::move(secret)](
             std::string_view access_key_id) -> std::optional<KnownCredential> {
    if (access_key_id != credentials.access_key_id) return std::nullopt;
    KnownCredential known{secret, std::nullopt};
    if (!credentials.session_token.empty()) known.session_token = credentials.session_token;
    return known;
  };
}

VerificationParams verification_params_for(const SigV4VectorCase& c) {
  VerificationParams params;
  params.now = c.params.time;
  params.service = c.params.service;
  params.region = c.params.region;
  params.normalize = c.params.normalize;
  params.require_signed_session_token = !c.params.omit_session_token;
  return params;
}

std::string describe(const VerificationFailure& failure) {
  return std::string(to_string(failure.kind)) + ": " + failure.detail;
}

TEST_P(SigV4Vectors, SignsEveryStageAndVerifiesTheSignedRequest) {
  const SigV4VectorCase& c = GetParam();
  ASSERT_TRUE(c.load_error.empty()) << c.load_error;

  HttpRequest request = c.unsigned_request;
  const SigningResult result = sign(request, c.credentials, c.params);
  EXPECT_EQ(result.canonical_request, c.expected_canonical_request);
  EXPECT_EQ(result.string_to_sign, c.expected_string_to_sign);
  EXPECT_EQ(result.signature, c.expected_signature);
  ASSERT_NE(request.find_header("Authorization"), nullptr);
  EXPECT_EQ(*request.find_header("Authorization"), c.expected_authorization);

  const VerificationParams params = verification_params_for(c);
  const auto lookup = lookup_for(c.credentials, c.credentials.secret_access_key);
  const auto verified = verify(c.signed_request, lookup, params);
  ASSERT_TRUE(verified) << describe(verified.error());
  EXPECT_EQ(verified->authorization.scope.region, c.params.region);

  if (c.params.omit_session_token) {
    // The token was added after signing: refused unless the server allows unsigned tokens.
    VerificationParams strict = params;
    strict.require_signed_session_token = true;
    const auto refused = verify(c.signed_request, lookup, strict);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, VerificationFailureKind::kSessionTokenNotSigned);
  }

  HttpRequest tampered = c.signed_request;
  if (tampered.body.empty()) {
    tampered.body = "x";
  } else {
    tampered.body[0] = static_cast<char>(tampered.body[0] ^ 1);
  }
  const auto tampered_result = verify(tampered, lookup, params);
  ASSERT_FALSE(tampered_result);
  EXPECT_EQ(tampered_result.error().kind, VerificationFailureKind::kSignatureMismatch)
      << describe(tampered_result.error());

  const auto wrong_secret = verify(
      c.signed_request, lookup_for(c.credentials, c.credentials.secret_access_key + "x"), params);
  ASSERT_FALSE(wrong_secret);
  EXPECT_EQ(wrong_secret.error().kind, VerificationFailureKind::kSignatureMismatch)
      << describe(wrong_secret.error());
  // The server's view of the request is the vector's, whatever the secret.
  EXPECT_EQ(wrong_secret.error().expected_canonical_request, c.expected_canonical_request);
  EXPECT_EQ(wrong_secret.error().expected_string_to_sign, c.expected_string_to_sign);
}

std::string case_name(const ::testing::TestParamInfo<SigV4VectorCase>& param_info) {
  return param_info.param.name;
}

INSTANTIATE_TEST_SUITE_P(AwsCAuth, SigV4Vectors, ::testing::ValuesIn(test::load_aws_c_auth_cases()),
                         case_name);
INSTANTIATE_TEST_SUITE_P(SmithyRs, SigV4Vectors, ::testing::ValuesIn(test::load_smithy_rs_cases()),
                         case_name);
INSTANTIATE_TEST_SUITE_P(BedrockDerived, SigV4Vectors,
                         ::testing::ValuesIn(test::load_bedrock_derived_cases()), case_name);
// Without shared/ the generators are empty; SigV4VectorFiles below reports that.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SigV4Vectors);

TEST(SigV4VectorFiles, AreAllPresent) {
  REQUIRE_SHARED(aws_c_auth, std::string(test::kAwsCAuthDir));
  REQUIRE_SHARED(smithy_rs, std::string(test::kSmithyRsDir));
  REQUIRE_SHARED(bedrock, std::string(test::kBedrockExamples));
  std::size_t case_dirs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(aws_c_auth)) {
    case_dirs += entry.is_directory() ? 1 : 0;
  }
  EXPECT_EQ(case_dirs, 38u);  // vectors README §1
  EXPECT_EQ(test::load_aws_c_auth_cases().size(), case_dirs);
  EXPECT_TRUE(std::filesystem::is_directory(smithy_rs / "double-url-encode"));
  EXPECT_EQ(test::load_smithy_rs_cases().size(), 1u);
  EXPECT_FALSE(test::read_file(bedrock).empty());
  EXPECT_EQ(test::load_bedrock_derived_cases().size(), 3u);  // vectors README §6
}

// smithy-rs double-encode-path: only its canonical URI is consistent (vectors README §2).
TEST(SigV4SmithyRsDoubleEncodePath, CanonicalUriMatchesTheVector) {
  REQUIRE_SHARED(dir, std::string(test::kSmithyRsDir) + "/double-encode-path");
  const auto request = test::parse_request_text(test::read_file(dir / "request.txt"));
  ASSERT_TRUE(request) << request.error();
  const std::string canonical = test::read_file(dir / "header-canonical-request.txt");
  const std::size_t uri_start = canonical.find('\n') + 1;
  const std::string expected_uri =
      canonical.substr(uri_start, canonical.find('\n', uri_start) - uri_start);
  EXPECT_EQ(canonical_uri(request->target, true), expected_uri);
}

}  // namespace
}  // namespace bedrock::sigv4
