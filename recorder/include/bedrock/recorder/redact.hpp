#pragma once
// The recorder's redaction is the cassettes library's (bedrock/cassettes/redact.hpp), shared with
// bedrock-cassette redact so files recorded elsewhere are scrubbed by the same rules.
#include "bedrock/cassettes/redact.hpp"

namespace bedrock::recorder {

using cassettes::kRedacted;
using cassettes::redact_authorization;
using cassettes::redact_headers;
using cassettes::RedactionPolicy;

}  // namespace bedrock::recorder
