#pragma once
// SigV4 stage 1: the canonical request, built from visible parts so that a test (or the
// verifier's InvalidSignatureException text) can show each one. Rules follow aws-c-auth
// with double URI encoding on, i.e. every service except S3, Bedrock included (reference §3).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bedrock/protocol/http_request.hpp"

namespace bedrock::sigv4 {

// Canonical URI of a RAW request-target (the query is ignored). Each path byte outside
// A-Z a-z 0-9 - . _ ~ / is percent-encoded, `%` included, so a client's `%3A` becomes `%253A`
// while a raw `:` becomes `%3A` (reference §3 rules 2-3). `normalize` removes empty, `.` and
// `..` segments first (RFC 3986 §5.2.4 as botocore and aws-c-auth apply it), keeping a
// trailing slash.
std::string canonical_uri(std::string_view raw_target, bool normalize);

// Canonical query string of a RAW request-target: parameters split on `&` and the first `=`,
// decoded, re-encoded with the unreserved set, sorted by key then value.
std::string canonical_query_string(std::string_view raw_target);

// A header value as SigV4 canonicalises it: leading/trailing whitespace trimmed, inner runs
// of whitespace (folded lines included) collapsed to one space.
std::string canonical_header_value(std::string_view raw_value);

// One line of the canonical headers: lower-case name, values of every header with that name
// (wire order, each canonicalised) joined with ','.
struct CanonicalHeader {
  std::string name;
  std::string value;
};

// The joined canonical value of every header named `name` (any case); nullopt if absent.
std::optional<std::string> canonical_header(const HttpRequest& request, std::string_view name);

// Names a signer signs: every header present except the hop-by-hop/volatile ones botocore
// never signs (reference §3 "Other SigV4 facts"), lower-cased, de-duplicated, sorted.
std::vector<std::string> headers_to_sign(const HttpRequest& request);

// `name:value\n` per header, in the order given.
std::string canonical_headers(const std::vector<CanonicalHeader>& headers);
// `a;b;c`, in the order given.
std::string signed_headers_list(const std::vector<CanonicalHeader>& headers);

// The x-amz-content-sha256 header value if present, else the hex SHA-256 of the body.
std::string payload_hash(const HttpRequest& request);

struct CanonicalRequestParts {
  std::string method;
  std::string uri;
  std::string query;
  std::vector<CanonicalHeader> headers;
  std::string payload_hash;
};

// The parts of `request`'s canonical request when signing `signed_names` (lower-case, sorted).
CanonicalRequestParts canonical_request_parts(const HttpRequest& request,
                                              const std::vector<std::string>& signed_names,
                                              bool normalize);

// method \n uri \n query \n headers \n signed-headers \n payload-hash
std::string canonical_request(const CanonicalRequestParts& parts);

// The building blocks sign() and verify() write the canonical request with, in one buffer and
// without a string per part or per header (issue #18). Each appends to `out` exactly the bytes
// the function of the same name above returns.
void append_canonical_uri(std::string& out, std::string_view raw_target, bool normalize);
void append_canonical_query_string(std::string& out, std::string_view raw_target);
void append_canonical_header_value(std::string& out, std::string_view raw_value);
// canonical_header() appended; false, with nothing appended, when no header has this name.
bool append_canonical_header(std::string& out, const HttpRequest& request, std::string_view name);

}  // namespace bedrock::sigv4
