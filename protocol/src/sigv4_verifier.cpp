#include "bedrock/protocol/sigv4_verifier.hpp"

#include <algorithm>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/sigv4_canonical.hpp"

namespace bedrock::sigv4 {
namespace {

using Kind = VerificationFailureKind;

VerificationFailure failure(Kind kind, std::string detail) {
  VerificationFailure out{kind, std::move(detail), {}, {}, {}, {}, {}, {}};
  return out;
}

bool is_lower_hex_digest(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// A declared hex digest is what the client signed, but the server must hash what actually
// arrived: a body changed in transit then shows up as a signature mismatch instead of being
// accepted under the old hash. Literal markers (UNSIGNED-PAYLOAD, STREAMING-...) are signed
// as themselves.
void append_received_payload_hash(std::string& out, const HttpRequest& request) {
  const std::string* declared = request.find_header("x-amz-content-sha256");
  if (declared != nullptr && !is_lower_hex_digest(*declared)) {
    out += *declared;
  } else {
    out += encoding::as_text(encoding::to_hex(encoding::sha256_digest(request.body)));
  }
}

// HTTP/2 has no Host header: SDKs sign `:authority` instead (reference §3), and a front end
// may hand over either spelling, so each stands in for the other when it is absent.
bool append_signed_header_value(std::string& out, const HttpRequest& request,
                                std::string_view name) {
  if (append_canonical_header(out, request, name)) return true;
  if (header_name_equals(name, "host")) return append_canonical_header(out, request, ":authority");
  if (header_name_equals(name, ":authority")) return append_canonical_header(out, request, "host");
  return false;
}

// The canonical request and string to sign are rebuilt for every request: each thread keeps one
// buffer for each instead of allocating them (they are copied out only for a mismatch report).
struct VerifierBuffers {
  std::string canonical_request;
  std::string string_to_sign;

  static VerifierBuffers& for_this_thread() {
    thread_local VerifierBuffers buffers;
    // A rare huge request's buffer is not kept for the thread's lifetime.
    constexpr std::size_t kMaxKeptBytes = 64 * 1024;
    if (buffers.canonical_request.capacity() > kMaxKeptBytes) buffers.canonical_request = {};
    buffers.canonical_request.clear();
    buffers.string_to_sign.clear();
    return buffers;
  }
};

bool is_signed(const AuthorizationHeader& authorization, std::string_view name) {
  return std::any_of(
      authorization.signed_headers.begin(), authorization.signed_headers.end(),
      [&](const std::string& signed_name) { return header_name_equals(signed_name, name); });
}

}  // namespace

std::string_view to_string(VerificationFailureKind kind) {
  switch (kind) {
    case Kind::kMissingAuthorization:
      return "missing Authorization header";
    case Kind::kBearerToken:
      return "bearer token";
    case Kind::kMalformedAuthorization:
      return "malformed Authorization header";
    case Kind::kMissingDate:
      return "missing X-Amz-Date";
    case Kind::kInvalidDate:
      return "invalid X-Amz-Date";
    case Kind::kWrongService:
      return "wrong service in credential scope";
    case Kind::kWrongRegion:
      return "wrong region in credential scope";
    case Kind::kScopeDateMismatch:
      return "credential scope date differs from X-Amz-Date";
    case Kind::kSignatureExpired:
      return "signature expired";
    case Kind::kSignatureNotYetCurrent:
      return "signature not yet current";
    case Kind::kSignedHeaderMissing:
      return "signed header missing";
    case Kind::kUnknownAccessKey:
      return "unknown access key";
    case Kind::kSessionTokenMissing:
      return "session token missing";
    case Kind::kSessionTokenNotSigned:
      return "session token not signed";
    case Kind::kSessionTokenMismatch:
      return "session token mismatch";
    case Kind::kSignatureMismatch:
      return "signature mismatch";
  }
  return "unknown";
}

Expected<VerifiedRequest, VerificationFailure> verify(const HttpRequest& request,
                                                      const CredentialLookup& lookup,
                                                      const VerificationParams& params) {
  return verify(request, lookup, params, SigningKeyCache::for_this_thread());
}

Expected<VerifiedRequest, VerificationFailure> verify(const HttpRequest& request,
                                                      const CredentialLookup& lookup,
                                                      const VerificationParams& params,
                                                      SigningKeyCache& keys) {
  const std::string* authorization_value = request.find_header("Authorization");
  if (authorization_value == nullptr) {
    return unexpected(failure(Kind::kMissingAuthorization, "Authorization header is missing"));
  }
  auto parsed = parse_authorization(*authorization_value);
  if (!parsed) {
    const bool bearer = parsed.error().kind == AuthorizationErrorKind::kBearerToken;
    auto out =
        failure(bearer ? Kind::kBearerToken : Kind::kMalformedAuthorization, parsed.error().detail);
    out.authorization_error = parsed.error();
    return unexpected(std::move(out));
  }
  const AuthorizationHeader& authorization = *parsed;
  auto fail = [&](Kind kind, std::string detail) {
    auto out = failure(kind, std::move(detail));
    out.authorization = authorization;
    return unexpected(std::move(out));
  };

  const std::string* amz_date = request.find_header("X-Amz-Date");
  if (amz_date == nullptr) return fail(Kind::kMissingDate, "X-Amz-Date header is missing");
  const auto request_time = parse_amz_date(*amz_date);
  if (!request_time) return fail(Kind::kInvalidDate, "X-Amz-Date is not YYYYMMDDTHHMMSSZ");

  const CredentialScope& scope = authorization.scope;
  if (scope.service != params.service) {
    return fail(Kind::kWrongService, "credential scope service '" + scope.service +
                                         "', expected '" + params.service + "'");
  }
  if (params.region && scope.region != *params.region) {
    return fail(Kind::kWrongRegion, "credential scope region '" + scope.region + "', expected '" +
                                        *params.region + "'");
  }
  if (scope.date != std::string_view(*amz_date).substr(0, 8)) {
    return fail(Kind::kScopeDateMismatch,
                "credential scope date " + scope.date + " differs from X-Amz-Date " + *amz_date);
  }

  const Seconds now = std::chrono::floor<std::chrono::seconds>(params.now);
  if (*request_time < now - params.max_clock_skew) {
    auto out = fail(Kind::kSignatureExpired, "X-Amz-Date too far in the past");
    out.error.clock_skew = ClockSkew{*request_time, now - params.max_clock_skew, now};
    return out;
  }
  if (*request_time > now + params.max_clock_skew) {
    auto out = fail(Kind::kSignatureNotYetCurrent, "X-Amz-Date too far in the future");
    out.error.clock_skew = ClockSkew{*request_time, now + params.max_clock_skew, now};
    return out;
  }

  // canonical_request() of the parts, written in one pass: method, URI, query, one line per
  // name the client listed in SignedHeaders, the list itself, the hash of the received body.
  VerifierBuffers& buffers = VerifierBuffers::for_this_thread();
  std::string& canonical = buffers.canonical_request;
  canonical += request.method;
  canonical.push_back('\n');
  append_canonical_uri(canonical, request.target, params.normalize);
  canonical.push_back('\n');
  append_canonical_query_string(canonical, request.target);
  canonical.push_back('\n');
  for (const auto& name : authorization.signed_headers) {
    canonical += name;
    canonical.push_back(':');
    if (!append_signed_header_value(canonical, request, name)) {
      auto out =
          fail(Kind::kSignedHeaderMissing, "signed header '" + name + "' is not in the request");
      out.error.header_name = name;
      return out;
    }
    canonical.push_back('\n');
  }
  canonical.push_back('\n');
  for (std::size_t i = 0; i < authorization.signed_headers.size(); ++i) {
    if (i > 0) canonical.push_back(';');
    canonical += authorization.signed_headers[i];
  }
  canonical.push_back('\n');
  append_received_payload_hash(canonical, request);

  const auto known = lookup(authorization.access_key_id);
  if (!known) return fail(Kind::kUnknownAccessKey, "unknown access key id");

  const std::string* token = request.find_header("X-Amz-Security-Token");
  if (token != nullptr && params.require_signed_session_token &&
      !is_signed(authorization, "x-amz-security-token")) {
    return fail(Kind::kSessionTokenNotSigned, "X-Amz-Security-Token is not in SignedHeaders");
  }
  if (known->session_token && token == nullptr) {
    return fail(Kind::kSessionTokenMissing, "the credential needs X-Amz-Security-Token");
  }
  if (token != nullptr && (!known->session_token || *known->session_token != *token)) {
    return fail(Kind::kSessionTokenMismatch, "X-Amz-Security-Token does not match the credential");
  }

  append_string_to_sign(buffers.string_to_sign, *amz_date, scope, canonical);
  const encoding::Sha256Hex expected_signature =
      keys.signature(known->secret_access_key, scope, buffers.string_to_sign);
  if (!encoding::constant_time_equals(encoding::as_text(expected_signature),
                                      authorization.signature)) {
    auto out = fail(Kind::kSignatureMismatch, "the request signature does not match");
    out.error.expected_canonical_request = canonical;
    out.error.expected_string_to_sign = buffers.string_to_sign;
    return out;
  }

  VerifiedRequest verified{std::move(*parsed), *request_time, std::nullopt};
  if (token != nullptr) verified.session_token = *token;
  return verified;
}

std::optional<CredentialScope> credential_scope_of(const HttpRequest& request) {
  const std::string* value = request.find_header("Authorization");
  if (value == nullptr) return std::nullopt;
  auto parsed = parse_authorization(*value);
  if (!parsed) return std::nullopt;
  return parsed->scope;
}

}  // namespace bedrock::sigv4
