#include "bedrock/client/retry.hpp"
#include "bedrock/protocol/error_catalog.hpp"

namespace bedrock::client {

// The same UUID v4 generator that makes the mock's x-amzn-RequestId: one implementation.
std::string new_invocation_id() { return errors::generate_request_id(); }

std::string sdk_request_header_value(int attempt, int max_attempts) {
  if (attempt <= 1) return "attempt=1";
  return "attempt=" + std::to_string(attempt) + "; max=" + std::to_string(max_attempts);
}

void AttemptContext::apply_headers(HttpRequest& request) const {
  request.set_header(kInvocationIdHeader, invocation_id);
  request.set_header(kSdkRequestHeader, sdk_request_header_value(attempt, max_attempts));
}

}  // namespace bedrock::client
