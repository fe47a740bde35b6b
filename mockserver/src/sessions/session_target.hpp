#pragma once
// Which session a request belongs to, and the target the rest of the pipeline routes on.
//
// The session travels in the endpoint URL's path, because that is what the SDKs send unmodified:
// given AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://mock:8080/__session/ID, boto3 sends
// /__session/ID/model/.../converse and the JS SDK v3 the same (with a trailing '/' in the
// endpoint, "/__session/ID//model/..."). The SDK signs that full path, so the SigV4 check uses the
// target as received and only routing sees it without the prefix (docs/mock.md "Sessions").
#include <optional>
#include <string>
#include <string_view>

#include "bedrock/protocol/expected.hpp"

namespace bedrock::mock {

struct SessionTarget {
  std::string session;  // empty: no session (the mock's own state)
  std::string target;   // the request target without the session prefix, origin-form
};

struct SessionTargetError {
  std::string message;
};

// `header` is the x-bedrock-mock-session value, if the request has one. A path prefix and a
// header that name different sessions, or an invalid ID, are errors.
Expected<SessionTarget, SessionTargetError> split_session_target(std::string_view raw_target,
                                                                 const std::string* header);

}  // namespace bedrock::mock
