#include "bedrock/protocol/sigv4_authorization.hpp"

#include <gtest/gtest.h>

namespace bedrock::sigv4 {
namespace {

constexpr const char* kSignature =
    "9c0d063d2ad7c37a647036b861155d36107512a838c6d0cdba69d975534a9825";

std::string header_with(std::string credential, std::string signed_headers, std::string signature) {
  return "AWS4-HMAC-SHA256 Credential=" + credential + ", SignedHeaders=" + signed_headers +
         ", Signature=" + signature;
}

std::string valid_header() {
  return header_with("AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request",
                     "content-type;host;x-amz-date", kSignature);
}

AuthorizationErrorKind error_kind(std::string_view value) {
  const auto parsed = parse_authorization(value);
  EXPECT_FALSE(parsed) << value;
  return parsed ? AuthorizationErrorKind::kEmpty : parsed.error().kind;
}

TEST(ParseAuthorization, ReadsCredentialScopeSignedHeadersAndSignature) {
  const auto parsed = parse_authorization(valid_header());
  ASSERT_TRUE(parsed) << parsed.error().detail;
  EXPECT_EQ(parsed->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(parsed->scope, (CredentialScope{"20150830", "us-east-1", "bedrock"}));
  EXPECT_EQ(parsed->signed_headers,
            (std::vector<std::string>{"content-type", "host", "x-amz-date"}));
  EXPECT_EQ(parsed->signature, kSignature);
}

TEST(ParseAuthorization, FormatRoundTrips) {
  const auto parsed = parse_authorization(valid_header());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(format_authorization(*parsed), valid_header());
}

TEST(ParseAuthorization, AcceptsParametersWithoutSpacesInAnyOrder) {
  const std::string compact = std::string("AWS4-HMAC-SHA256 Signature=") + kSignature +
                              ",SignedHeaders=:authority;x-amz-date," +
                              "Credential=AKIDEXAMPLE/20150830/eu-west-3/bedrock/aws4_request";
  const auto parsed = parse_authorization(compact);
  ASSERT_TRUE(parsed) << parsed.error().detail;
  EXPECT_EQ(parsed->scope.region, "eu-west-3");
  EXPECT_EQ(parsed->signed_headers.front(), ":authority");
}

TEST(ParseAuthorization, ReportsABearerTokenAsSuch) {
  const auto parsed = parse_authorization("Bearer bedrock-api-key-ABSKexample");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, AuthorizationErrorKind::kBearerToken);
  EXPECT_EQ(parsed.error().bearer_token, "bedrock-api-key-ABSKexample");
}

TEST(ParseAuthorization, RejectsOtherSchemesNamingThem) {
  const auto parsed = parse_authorization("AWS4-ECDSA-P256-SHA256 Credential=x");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, AuthorizationErrorKind::kUnsupportedAlgorithm);
  EXPECT_EQ(parsed.error().scheme, "AWS4-ECDSA-P256-SHA256");
  EXPECT_EQ(error_kind("Basic dXNlcjpwYXNz"), AuthorizationErrorKind::kUnsupportedAlgorithm);
}

TEST(ParseAuthorization, RejectsAnEmptyValue) {
  EXPECT_EQ(error_kind(""), AuthorizationErrorKind::kEmpty);
  EXPECT_EQ(error_kind("   "), AuthorizationErrorKind::kEmpty);
}

TEST(ParseAuthorization, ListsEveryMissingParameter) {
  const auto parsed = parse_authorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, AuthorizationErrorKind::kMissingParameter);
  EXPECT_EQ(parsed.error().missing_parameters,
            (std::vector<std::string>{"SignedHeaders", "Signature"}));
  EXPECT_EQ(error_kind("AWS4-HMAC-SHA256"), AuthorizationErrorKind::kMalformedParameter);
}

TEST(ParseAuthorization, RejectsDuplicateUnknownAndBareParameters) {
  EXPECT_EQ(error_kind(valid_header() + ", Signature=" + kSignature),
            AuthorizationErrorKind::kDuplicateParameter);
  EXPECT_EQ(error_kind(valid_header() + ", Foo=bar"), AuthorizationErrorKind::kMalformedParameter);
  EXPECT_EQ(error_kind(valid_header() + ", garbage"), AuthorizationErrorKind::kMalformedParameter);
  EXPECT_EQ(error_kind(valid_header() + ","), AuthorizationErrorKind::kMalformedParameter);
}

TEST(ParseAuthorization, RejectsMalformedCredentials) {
  for (const char* credential : {"AKIDEXAMPLE/20150830/us-east-1/bedrock",
                                 "AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request/x",
                                 "/20150830/us-east-1/bedrock/aws4_request",
                                 "AKIDEXAMPLE/2015083/us-east-1/bedrock/aws4_request",
                                 "AKIDEXAMPLE/2015083x/us-east-1/bedrock/aws4_request",
                                 "AKIDEXAMPLE/20150830//bedrock/aws4_request",
                                 "AKIDEXAMPLE/20150830/us-east-1//aws4_request",
                                 "AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_requesx", ""}) {
    EXPECT_EQ(error_kind(header_with(credential, "host", kSignature)),
              AuthorizationErrorKind::kMalformedCredential)
        << credential;
  }
}

TEST(ParseAuthorization, RejectsMalformedSignedHeaders) {
  const std::string credential = "AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request";
  for (const char* list : {"", "host;", ";host", "host;;x-amz-date", "host; x-amz-date"}) {
    EXPECT_EQ(error_kind(header_with(credential, list, kSignature)),
              AuthorizationErrorKind::kMalformedSignedHeaders)
        << list;
  }
}

TEST(ParseAuthorization, RejectsSignaturesThatAreNot64LowerCaseHexDigits) {
  const std::string credential = "AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request";
  const std::string good = kSignature;
  for (const std::string& signature :
       {std::string(""), good.substr(1), good + "0", std::string(64, 'A'), std::string(64, 'g')}) {
    EXPECT_EQ(error_kind(header_with(credential, "host", signature)),
              AuthorizationErrorKind::kMalformedSignature)
        << signature;
  }
}

TEST(ParseAuthorization, EnforcesLengthLimits) {
  EXPECT_EQ(error_kind(valid_header() + std::string(kMaxAuthorizationLength, ' ')),
            AuthorizationErrorKind::kTooLong);
  std::string many;
  for (std::size_t i = 0; i <= kMaxSignedHeaders; ++i) many += (i ? ";h" : "h") + std::to_string(i);
  EXPECT_EQ(error_kind(header_with("AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request", many,
                                   kSignature)),
            AuthorizationErrorKind::kTooLong);
}

TEST(AuthorizationErrorKind, HasAName) {
  EXPECT_EQ(to_string(AuthorizationErrorKind::kBearerToken), "bearer token");
}

}  // namespace
}  // namespace bedrock::sigv4
