#pragma once
// `--auth verify`: checks a request's SigV4 signature (or Bedrock API key) against the
// credential store and answers failures with the auth front end's real errors (reference §7,
// §8 "Authentication").
#include <chrono>

#include "bedrock/mock/credential_store.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/http_request.hpp"

namespace bedrock::mock {

struct AuthenticatedCaller {
  std::string access_key_id;  // empty for an API key
  std::string profile;
  std::string region;  // from the credential scope
};

Expected<AuthenticatedCaller, errors::ServiceError> authenticate(
    const HttpRequest& request, const CredentialStore& store,
    std::chrono::system_clock::time_point now);

}  // namespace bedrock::mock
