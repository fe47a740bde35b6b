#pragma once
// What is scrubbed before anything reaches the disk (docs/cassette-format.md "Secrets policy"):
// SigV4 signatures and access key IDs, session tokens, bearer tokens, any value of the
// credentials in use wherever it appears in a header, and the headers named by --redact-header.
// Header presence is kept so replay and matching see the request's shape.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bedrock/protocol/cassette.hpp"

namespace bedrock::recorder {

inline constexpr std::string_view kRedacted = "REDACTED";

struct RedactionPolicy {
  std::vector<std::string> extra_headers;  // --redact-header NAME (any case): value -> REDACTED
  // Literal values never written (the access key ID, secret key and session token in use).
  std::vector<std::string> secret_values;
};

// `AWS4-HMAC-SHA256 Credential=REDACTED/<date>/<region>/<service>/aws4_request,
// SignedHeaders=<as sent>, Signature=REDACTED`; `Bearer REDACTED`; anything else unparsable as
// SigV4 becomes REDACTED whole.
std::string redact_authorization(std::string_view value);

// Headers (wire order and spelling kept) with every secret replaced.
cassette::HeaderList redact_headers(const std::vector<std::pair<std::string, std::string>>& headers,
                                    const RedactionPolicy& policy);

}  // namespace bedrock::recorder
