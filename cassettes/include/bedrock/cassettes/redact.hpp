#pragma once
// What is scrubbed before a cassette reaches the disk (docs/cassette-format.md "Secrets policy"):
// SigV4 signatures and access key IDs, session tokens, bearer tokens, any value of the
// credentials in use wherever it appears in a header, and the headers the user names. Header
// presence is kept so replay and matching see the request's shape. bedrock-record applies it to
// every interaction it writes; bedrock-cassette applies it to files recorded by other tools.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bedrock/protocol/cassette.hpp"

namespace bedrock::cassettes {

inline constexpr std::string_view kRedacted = "REDACTED";

struct RedactionPolicy {
  std::vector<std::string> extra_headers;  // --redact-header NAME (any case): value -> REDACTED
  // Literal values never written (the access key ID, secret key and session token in use).
  std::vector<std::string> secret_values;
  // Also replace anything shaped like an AWS access key ID (AKIA/ASIA + 16 characters) in header
  // values: files recorded elsewhere do not say which credentials they were made with.
  bool access_key_ids = false;
};

// `AWS4-HMAC-SHA256 Credential=REDACTED/<date>/<region>/<service>/aws4_request,
// SignedHeaders=<as sent>, Signature=REDACTED`; `Bearer REDACTED`; anything else unparsable as
// SigV4 becomes REDACTED whole.
std::string redact_authorization(std::string_view value);

// Headers (wire order and spelling kept) with every secret replaced.
cassette::HeaderList redact_headers(const std::vector<std::pair<std::string, std::string>>& headers,
                                    const RedactionPolicy& policy);

// Every header of every interaction (requests, responses, streams), and the SigV4 query
// parameters of presigned request targets (X-Amz-Signature, X-Amz-Credential,
// X-Amz-Security-Token). Returns how many values changed.
std::size_t redact_cassette(cassette::Cassette& cassette, const RedactionPolicy& policy);

}  // namespace bedrock::cassettes
