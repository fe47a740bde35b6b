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
  void append_to(std::string& out) const;  // to_string() appended to `out`
  bool operator==(const CredentialScope&) const = default;
};

// AWS4-HMAC-SHA256 \n amz-date \n scope \n hex(sha256(canonical request))
std::string string_to_sign(std::string_view amz_date, const CredentialScope& scope,
                           std::string_view canonical_request);

// string_to_sign() appended to `out`, for callers that reuse one buffer per request.
void append_string_to_sign(std::string& out, std::string_view amz_date,
                           const CredentialScope& scope, std::string_view canonical_request);

// HMAC chain "AWS4"+secret -> date -> region -> service -> aws4_request; raw 32 bytes.
std::string signing_key(std::string_view secret_access_key, const CredentialScope& scope);

// Lower-case hex HMAC-SHA256 of the string to sign under the signing key. sign() and verify()
// go through a SigningKeyCache (sigv4_signing_key_cache.hpp) instead of deriving the key each time.
std::string signature(std::string_view signing_key, std::string_view string_to_sign);

}  // namespace bedrock::sigv4
