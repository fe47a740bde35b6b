#pragma once
// The SigV4 Authorization header:
//   AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/bedrock/aws4_request,
//   SignedHeaders=content-type;host;x-amz-date, Signature=<64 hex>
// Bedrock also accepts `Authorization: Bearer <API key>` (reference §1); the parser names that
// scheme instead of calling it malformed.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bedrock/protocol/expected.hpp"
#include "bedrock/protocol/sigv4_signature.hpp"

namespace bedrock::sigv4 {

inline constexpr std::size_t kMaxAuthorizationLength = 16 * 1024;
inline constexpr std::size_t kMaxSignedHeaders = 256;

struct AuthorizationHeader {
  std::string access_key_id;
  CredentialScope scope;
  std::vector<std::string> signed_headers;  // as listed, in order
  std::string signature;                    // 64 lower-case hex digits

  bool operator==(const AuthorizationHeader&) const = default;
};

enum class AuthorizationErrorKind {
  kEmpty,                   // blank value
  kTooLong,                 // over kMaxAuthorizationLength, or too many signed headers
  kBearerToken,             // `Bearer <token>`: a Bedrock API key, not SigV4
  kUnsupportedAlgorithm,    // another scheme (e.g. SigV4a's AWS4-ECDSA-P256-SHA256)
  kMalformedParameter,      // a part that is not Key=Value, or an unknown key
  kDuplicateParameter,      // Credential, SignedHeaders or Signature given twice
  kMissingParameter,        // one of the three is absent
  kMalformedCredential,     // not AKID/YYYYMMDD/region/service/aws4_request
  kMalformedSignedHeaders,  // empty list, empty name, whitespace in a name
  kMalformedSignature,      // not 64 lower-case hex digits
};

struct AuthorizationError {
  AuthorizationErrorKind kind;
  std::string detail;                           // what exactly was wrong, for logs and error bodies
  std::string scheme;                           // kUnsupportedAlgorithm: the scheme seen
  std::string bearer_token;                     // kBearerToken: the token (a secret: never log it)
  std::vector<std::string> missing_parameters;  // kMissingParameter: e.g. {"Signature"}
};

std::string_view to_string(AuthorizationErrorKind kind);

Expected<AuthorizationHeader, AuthorizationError> parse_authorization(std::string_view value);

// The header value as aws-c-auth and botocore write it (", " between parameters).
std::string format_authorization(const AuthorizationHeader& header);

}  // namespace bedrock::sigv4
