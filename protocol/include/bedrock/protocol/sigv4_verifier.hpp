#pragma once
// Server-side SigV4 verification of a received request (the mock's authenticate step).
// The canonical request is rebuilt from the RAW request-target and from exactly the headers
// the client listed in SignedHeaders (reference §3: use the client's list, not our own
// choice). A failure names the check that failed and carries what the server needs to write
// the real service's error text (reference §7, §8 "Authentication").
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "bedrock/protocol/expected.hpp"
#include "bedrock/protocol/http_request.hpp"
#include "bedrock/protocol/sigv4_authorization.hpp"
#include "bedrock/protocol/sigv4_signing_key_cache.hpp"
#include "bedrock/protocol/sigv4_time.hpp"

namespace bedrock::sigv4 {

// What the server knows about an access key.
struct KnownCredential {
  std::string secret_access_key;
  std::optional<std::string> session_token;  // set: requests must carry exactly this token
};

// access key id -> credential; nullopt for an unknown key.
using CredentialLookup = std::function<std::optional<KnownCredential>(std::string_view)>;

struct VerificationParams {
  std::chrono::system_clock::time_point now;
  std::string service = "bedrock";
  std::optional<std::string> region;  // set: the scope's region must equal it
  bool normalize = true;              // what the client's signer used; true for every AWS SDK
  // Botocore signs X-Amz-Security-Token (reference §3); a token added after signing (the
  // aws-c-auth `omit_session_token` mode) is refused unless this is false.
  bool require_signed_session_token = true;
  std::chrono::seconds max_clock_skew{std::chrono::minutes{5}};  // reference §3: ±5 minutes
};

enum class VerificationFailureKind {
  kMissingAuthorization,    // AccessDenied "Authorization header is missing"
  kBearerToken,             // an API key (`Bearer ...`), not SigV4
  kMalformedAuthorization,  // see `authorization_error`
  kMissingDate,             // no X-Amz-Date header
  kInvalidDate,             // X-Amz-Date is not YYYYMMDDTHHMMSSZ
  kWrongService,            // scope service != expected
  kWrongRegion,             // scope region != expected (only when one is expected)
  kScopeDateMismatch,       // scope date != the date part of X-Amz-Date
  kSignatureExpired,        // X-Amz-Date older than now - skew; see `clock_skew`
  kSignatureNotYetCurrent,  // X-Amz-Date later than now + skew; see `clock_skew`
  kSignedHeaderMissing,     // a SignedHeaders name absent from the request; see `header_name`
  kUnknownAccessKey,        // lookup found nothing
  kSessionTokenMissing,     // the credential has a token, the request carries none
  kSessionTokenNotSigned,   // X-Amz-Security-Token present but not in SignedHeaders
  kSessionTokenMismatch,    // token differs from the credential's (or the key has none)
  kSignatureMismatch,       // see `expected_canonical_request` / `expected_string_to_sign`
};

std::string_view to_string(VerificationFailureKind kind);

// The three timestamps of the real texts:
//   Signature expired: <request> is now earlier than <limit> (<now> - 5 min.)
//   Signature not yet current: <request> is still later than <limit> (<now> + 5 min.)
// (format each with format_amz_date).
struct ClockSkew {
  Seconds request_time;
  Seconds limit;  // now - skew (expired) or now + skew (not yet current)
  Seconds now;
};

struct VerificationFailure {
  VerificationFailureKind kind;
  std::string detail;                                     // one diagnostic line (not the AWS text)
  std::optional<AuthorizationError> authorization_error;  // kMalformedAuthorization, kBearerToken
  std::optional<AuthorizationHeader> authorization;  // set once parsed: key, scope (region!), ...
  std::optional<ClockSkew> clock_skew;
  std::string header_name;                 // kSignedHeaderMissing
  std::string expected_canonical_request;  // kSignatureMismatch
  std::string expected_string_to_sign;     // kSignatureMismatch
};

struct VerifiedRequest {
  AuthorizationHeader authorization;  // access key id, scope (the request's region), ...
  Seconds request_time;
  std::optional<std::string> session_token;
};

// Signing keys come from SigningKeyCache::for_this_thread(), or from `keys`. The signatures are
// compared in constant time.
Expected<VerifiedRequest, VerificationFailure> verify(const HttpRequest& request,
                                                      const CredentialLookup& lookup,
                                                      const VerificationParams& params);
Expected<VerifiedRequest, VerificationFailure> verify(const HttpRequest& request,
                                                      const CredentialLookup& lookup,
                                                      const VerificationParams& params,
                                                      SigningKeyCache& keys);

// The credential scope of the request's SigV4 Authorization header, without verifying it
// (the mock takes the request's region from here even when it does not check signatures).
std::optional<CredentialScope> credential_scope_of(const HttpRequest& request);

}  // namespace bedrock::sigv4
