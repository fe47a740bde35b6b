#pragma once
// Loads the public SigV4 vectors below shared/vectors into one case shape: the unsigned
// request and signing inputs, every expected intermediate, and the signed request to verify.
// Loading happens when gtest registers tests, so --gtest_list_tests shows every case; a case
// whose files cannot be read keeps its name and carries `load_error` (the test then fails).
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "bedrock/protocol/expected.hpp"
#include "bedrock/protocol/http_request.hpp"
#include "bedrock/protocol/sigv4_signer.hpp"

namespace bedrock::test {

struct SigV4VectorCase {
  std::string name;  // a valid gtest name
  std::string load_error;
  HttpRequest unsigned_request;
  sigv4::Credentials credentials;
  sigv4::SigningParams params;
  std::string expected_canonical_request;
  std::string expected_string_to_sign;
  std::string expected_signature;
  HttpRequest signed_request;
  std::string expected_authorization;  // Authorization value in the signed request
};

// `request.txt` syntax: request line, `Name:value` lines (a line starting with whitespace
// continues the previous value), a blank line, the body. The request line's HTTP version is
// optional (smithy-rs files omit it); the target may contain spaces (`/example space/`).
Expected<HttpRequest, std::string> parse_request_text(std::string_view text);

// Empty when shared/ is absent.
std::vector<SigV4VectorCase> load_aws_c_auth_cases();  // sigv4-aws-c-auth/.../v4/*
std::vector<SigV4VectorCase> load_smithy_rs_cases();   // sigv4-smithy-rs-extra double-url-encode
std::vector<SigV4VectorCase> load_bedrock_derived_cases();  // bedrock-sigv4-examples.txt

inline constexpr std::string_view kAwsCAuthDir =
    "vectors/sigv4-aws-c-auth/aws-signing-test-suite/v4";
inline constexpr std::string_view kSmithyRsDir = "vectors/sigv4-smithy-rs-extra/v4";
inline constexpr std::string_view kBedrockExamples =
    "vectors/bedrock-sigv4-derived/bedrock-sigv4-examples.txt";

std::string gtest_safe_name(std::string_view text);

// gtest prints a parameter in test listings; the case name is what identifies it.
void PrintTo(const SigV4VectorCase& vector_case, std::ostream* os);

}  // namespace bedrock::test
