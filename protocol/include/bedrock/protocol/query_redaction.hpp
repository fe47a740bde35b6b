#pragma once
// A request target as it may be written down (cassettes, logs, the journal): a presigned URL
// carries its credentials in the query string (X-Amz-Signature, X-Amz-Credential,
// X-Amz-Security-Token; reference §3), and those values are as secret as an Authorization
// header. Everything else in the target is kept byte for byte.
#include <string>
#include <string_view>

namespace bedrock {

// `target` with the value of every query parameter named X-Amz-Signature, X-Amz-Credential or
// X-Amz-Security-Token (any case) replaced by REDACTED.
std::string redact_query_credentials(std::string_view target);

}  // namespace bedrock
