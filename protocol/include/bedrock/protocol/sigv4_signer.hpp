#pragma once
// Signs a request with SigV4 headers (X-Amz-Date, X-Amz-Security-Token, Authorization).
// The stages are in sigv4_canonical.hpp and sigv4_signature.hpp; this runs them in order and
// returns every intermediate so callers and tests can see which stage produced what.
#include <chrono>
#include <string>

#include "bedrock/protocol/http_request.hpp"
#include "bedrock/protocol/sigv4_signature.hpp"
#include "bedrock/protocol/sigv4_signing_key_cache.hpp"

namespace bedrock::sigv4 {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty: none
};

struct SigningParams {
  std::string region;
  std::string service = "bedrock";  // both Bedrock planes sign as `bedrock` (reference §1)
  std::chrono::system_clock::time_point time;
  bool normalize = true;            // RFC 3986 dot-segment removal on the path
  bool sign_body = false;           // add and sign x-amz-content-sha256
  bool omit_session_token = false;  // add X-Amz-Security-Token after signing, unsigned
};

struct SigningResult {
  std::string amz_date;
  CredentialScope scope;
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
  std::string authorization;  // the Authorization header value written to the request
};

// Replaces any earlier signing headers, signs every header present except the ones botocore
// never signs (headers_to_sign), and writes X-Amz-Security-Token, X-Amz-Date,
// x-amz-content-sha256 (sign_body) and Authorization into `request`.
// Signing keys come from SigningKeyCache::for_this_thread(), or from `keys`.
SigningResult sign(HttpRequest& request, const Credentials& credentials,
                   const SigningParams& params);
SigningResult sign(HttpRequest& request, const Credentials& credentials,
                   const SigningParams& params, SigningKeyCache& keys);

}  // namespace bedrock::sigv4
