#include "bedrock/protocol/sigv4_authorization.hpp"

#include <algorithm>
#include <optional>

#include "bedrock/protocol/http_request.hpp"

namespace bedrock::sigv4 {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

bool is_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The parts of `text` between separators, one at a time (every request's header is parsed:
// no vector of parts is built for it).
class Parts {
 public:
  Parts(std::string_view text, char separator) : rest_(text), separator_(separator) {}
  // The next part; false once the last one was returned.
  bool next(std::string_view& part) {
    if (done_) return false;
    const std::size_t end = rest_.find(separator_);
    part = rest_.substr(0, end);
    if (end == std::string_view::npos) {
      done_ = true;
    } else {
      rest_.remove_prefix(end + 1);
    }
    return true;
  }

 private:
  std::string_view rest_;
  char separator_;
  bool done_ = false;
};

std::size_t count_parts(std::string_view text, char separator) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), separator));
}

AuthorizationError error(AuthorizationErrorKind kind, std::string detail) {
  return AuthorizationError{kind, std::move(detail), {}, {}, {}};
}

std::optional<AuthorizationError> parse_credential(std::string_view value,
                                                   AuthorizationHeader& out) {
  if (count_parts(value, '/') != 5) {
    return error(AuthorizationErrorKind::kMalformedCredential,
                 "Credential must be <access key>/<date>/<region>/<service>/aws4_request");
  }
  std::string_view parts[5];
  Parts split(value, '/');
  for (auto& part : parts) split.next(part);
  if (parts[0].empty())
    return error(AuthorizationErrorKind::kMalformedCredential, "empty access key id");
  if (parts[1].size() != 8 || !is_digits(parts[1])) {
    return error(AuthorizationErrorKind::kMalformedCredential, "credential date is not YYYYMMDD");
  }
  if (parts[2].empty()) return error(AuthorizationErrorKind::kMalformedCredential, "empty region");
  if (parts[3].empty()) return error(AuthorizationErrorKind::kMalformedCredential, "empty service");
  if (parts[4] != kScopeTerminator) {
    return error(AuthorizationErrorKind::kMalformedCredential,
                 "credential scope must end with aws4_request");
  }
  out.access_key_id = parts[0];
  out.scope = CredentialScope{std::string(parts[1]), std::string(parts[2]), std::string(parts[3])};
  return std::nullopt;
}

std::optional<AuthorizationError> parse_signed_headers(std::string_view value,
                                                       AuthorizationHeader& out) {
  const std::size_t count = count_parts(value, ';');
  if (count > kMaxSignedHeaders) {
    return error(AuthorizationErrorKind::kTooLong, "too many signed headers");
  }
  out.signed_headers.reserve(count);
  Parts names(value, ';');
  std::string_view name;
  while (names.next(name)) {
    if (name.empty() || std::any_of(name.begin(), name.end(), is_space)) {
      return error(AuthorizationErrorKind::kMalformedSignedHeaders,
                   "SignedHeaders must be a ';'-separated list of header names");
    }
    out.signed_headers.emplace_back(name);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(AuthorizationErrorKind kind) {
  switch (kind) {
    case AuthorizationErrorKind::kEmpty:
      return "empty";
    case AuthorizationErrorKind::kTooLong:
      return "too long";
    case AuthorizationErrorKind::kBearerToken:
      return "bearer token";
    case AuthorizationErrorKind::kUnsupportedAlgorithm:
      return "unsupported algorithm";
    case AuthorizationErrorKind::kMalformedParameter:
      return "malformed parameter";
    case AuthorizationErrorKind::kDuplicateParameter:
      return "duplicate parameter";
    case AuthorizationErrorKind::kMissingParameter:
      return "missing parameter";
    case AuthorizationErrorKind::kMalformedCredential:
      return "malformed credential";
    case AuthorizationErrorKind::kMalformedSignedHeaders:
      return "malformed signed headers";
    case AuthorizationErrorKind::kMalformedSignature:
      return "malformed signature";
  }
  return "unknown";
}

Expected<AuthorizationHeader, AuthorizationError> parse_authorization(std::string_view value) {
  if (value.size() > kMaxAuthorizationLength) {
    return unexpected(error(AuthorizationErrorKind::kTooLong, "Authorization header too long"));
  }
  value = trim(value);
  if (value.empty())
    return unexpected(error(AuthorizationErrorKind::kEmpty, "empty Authorization"));

  const std::size_t scheme_end = std::min(value.find_first_of(" \t"), value.size());
  const std::string_view scheme = value.substr(0, scheme_end);
  const std::string_view rest = trim(value.substr(scheme_end));
  if (header_name_equals(scheme, "bearer")) {  // ASCII case-insensitive, as the scheme is
    auto bearer = error(AuthorizationErrorKind::kBearerToken, "bearer token, not SigV4");
    bearer.bearer_token = rest;
    return unexpected(std::move(bearer));
  }
  if (scheme != kAlgorithm) {
    auto unsupported =
        error(AuthorizationErrorKind::kUnsupportedAlgorithm, "unsupported authorization scheme");
    unsupported.scheme = scheme;
    return unexpected(std::move(unsupported));
  }

  std::optional<std::string_view> credential, signed_headers, signature;
  Parts raw_parts(rest, ',');
  std::string_view raw_part;
  while (raw_parts.next(raw_part)) {
    const std::string_view part = trim(raw_part);
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return unexpected(error(AuthorizationErrorKind::kMalformedParameter,
                              "parameter without '=': " + std::string(part.substr(0, 64))));
    }
    const std::string_view key = part.substr(0, eq);
    std::optional<std::string_view>* slot = nullptr;
    if (key == "Credential") slot = &credential;
    if (key == "SignedHeaders") slot = &signed_headers;
    if (key == "Signature") slot = &signature;
    if (slot == nullptr) {
      return unexpected(error(AuthorizationErrorKind::kMalformedParameter,
                              "unknown parameter: " + std::string(key.substr(0, 64))));
    }
    if (*slot) {
      return unexpected(error(AuthorizationErrorKind::kDuplicateParameter,
                              "parameter given twice: " + std::string(key)));
    }
    *slot = part.substr(eq + 1);
  }

  std::vector<std::string> missing;
  if (!credential) missing.emplace_back("Credential");
  if (!signed_headers) missing.emplace_back("SignedHeaders");
  if (!signature) missing.emplace_back("Signature");
  if (!missing.empty()) {
    auto incomplete = error(AuthorizationErrorKind::kMissingParameter, "missing parameter");
    incomplete.missing_parameters = std::move(missing);
    return unexpected(std::move(incomplete));
  }

  AuthorizationHeader header;
  if (auto failed = parse_credential(*credential, header)) return unexpected(std::move(*failed));
  if (auto failed = parse_signed_headers(*signed_headers, header)) {
    return unexpected(std::move(*failed));
  }
  if (signature->size() != 64 || !std::all_of(signature->begin(), signature->end(), is_lower_hex)) {
    return unexpected(error(AuthorizationErrorKind::kMalformedSignature,
                            "Signature must be 64 lower-case hex digits"));
  }
  header.signature = *signature;
  return header;
}

std::string format_authorization(const AuthorizationHeader& header) {
  std::string out(kAlgorithm);
  out += " Credential=";
  out += header.access_key_id;
  out.push_back('/');
  out += header.scope.to_string();
  out += ", SignedHeaders=";
  for (std::size_t i = 0; i < header.signed_headers.size(); ++i) {
    if (i > 0) out.push_back(';');
    out += header.signed_headers[i];
  }
  out += ", Signature=";
  out += header.signature;
  return out;
}

}  // namespace bedrock::sigv4
