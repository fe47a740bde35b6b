#include "bedrock/recorder/redact.hpp"

#include "bedrock/protocol/http_request.hpp"
#include "bedrock/protocol/sigv4_authorization.hpp"

namespace bedrock::recorder {
namespace {

// Headers whose whole value is a credential.
bool is_secret_header(std::string_view name) {
  return header_name_equals(name, "X-Amz-Security-Token") ||
         header_name_equals(name, "X-Amz-Signature") || header_name_equals(name, "Cookie") ||
         header_name_equals(name, "Proxy-Authorization");
}

void replace_all(std::string& text, std::string_view secret) {
  if (secret.empty()) return;
  for (auto at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + kRedacted.size())) {
    text.replace(at, secret.size(), kRedacted);
  }
}

}  // namespace

std::string redact_authorization(std::string_view value) {
  auto parsed = sigv4::parse_authorization(value);
  if (parsed) {
    parsed->access_key_id = std::string(kRedacted);
    parsed->signature = std::string(kRedacted);
    return sigv4::format_authorization(*parsed);
  }
  if (parsed.error().kind == sigv4::AuthorizationErrorKind::kBearerToken) {
    return "Bearer " + std::string(kRedacted);
  }
  return std::string(kRedacted);
}

cassette::HeaderList redact_headers(const std::vector<std::pair<std::string, std::string>>& headers,
                                    const RedactionPolicy& policy) {
  cassette::HeaderList out;
  out.reserve(headers.size());
  for (const auto& [name, value] : headers) {
    std::string written = value;
    if (header_name_equals(name, "Authorization")) {
      written = redact_authorization(value);
    } else if (is_secret_header(name)) {
      written = std::string(kRedacted);
    } else {
      for (const auto& extra : policy.extra_headers) {
        if (header_name_equals(name, extra)) written = std::string(kRedacted);
      }
    }
    for (const auto& secret : policy.secret_values) replace_all(written, secret);
    out.push_back({name, std::move(written)});
  }
  return out;
}

}  // namespace bedrock::recorder
