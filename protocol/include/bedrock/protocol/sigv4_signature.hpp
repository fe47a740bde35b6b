#pragma once
// SigV4 stages 2-4: string to sign, signing key, signature. Bedrock signs with service name
// `bedrock` for both planes (reference §1): the scope is `<date>/<region>/bedrock/aws4_request`.
#include <string>
#include <string_view>

namespace bedrock::sigv4 {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kScopeTerminator = "aws4_request";

struct CredentialScope {
  std::string date;  // YYYYMMDD
  std::string region;
  std::string service;

  // `20150830/us-east-1/bedrock/aws4_request`
  std::string to_string() const;
  bool operator==(const CredentialScope&) const = default;
};

// AWS4-HMAC-SHA256 \n amz-date \n scope \n hex(sha256(canonical request))
std::string string_to_sign(std::string_view amz_date, const CredentialScope& scope,
                           std::string_view canonical_request);

// HMAC chain "AWS4"+secret -> date -> region -> service -> aws4_request; raw 32 bytes.
std::string signing_key(std::string_view secret_access_key, const CredentialScope& scope);

// Lower-case hex HMAC-SHA256 of the string to sign under the signing key.
std::string signature(std::string_view signing_key, std::string_view string_to_sign);

}  // namespace bedrock::sigv4
