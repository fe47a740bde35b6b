#include "bedrock/cassettes/redact.hpp"

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/http_request.hpp"
#include "bedrock/protocol/sigv4_authorization.hpp"

namespace bedrock::cassettes {
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

bool is_key_character(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// AKIA (long-term) and ASIA (temporary) key IDs: 20 upper-case letters and digits. The AWS
// documentation's examples (AKIDEXAMPLE, AKIAIOSFODNN7EXAMPLE) are left alone: fixtures use them.
void replace_access_key_ids(std::string& text) {
  for (std::size_t at = 0; at + 20 <= text.size(); ++at) {
    const std::string_view prefix(text.data() + at, 4);
    if (prefix != "AKIA" && prefix != "ASIA") continue;
    if (at > 0 && is_key_character(text[at - 1])) continue;
    std::size_t end = at;
    while (end < text.size() && is_key_character(text[end])) ++end;
    if (end - at != 20) continue;
    const std::string_view key(text.data() + at, 20);
    if (key.ends_with("EXAMPLE")) continue;
    text.replace(at, 20, kRedacted);
  }
}

std::string redact_value(std::string_view name, std::string_view value,
                         const RedactionPolicy& policy) {
  std::string written(value);
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
  if (policy.access_key_ids) replace_access_key_ids(written);
  return written;
}

std::size_t redact_in_place(cassette::HeaderList& headers, const RedactionPolicy& policy) {
  std::size_t changed = 0;
  for (auto& header : headers) {
    std::string written = redact_value(header.name, header.value, policy);
    if (written != header.value) {
      header.value = std::move(written);
      ++changed;
    }
  }
  return changed;
}

// ?X-Amz-Signature=...&X-Amz-Credential=AKID/... in a presigned target: the values go, the
// parameters stay (the operation and model ID are in the path; the query takes no part in
// matching).
std::size_t redact_query(std::string& target) {
  const std::size_t question = target.find('?');
  if (question == std::string::npos) return 0;
  std::size_t changed = 0;
  std::string out = target.substr(0, question + 1);
  std::string_view query(target);
  query.remove_prefix(question + 1);
  bool first = true;
  while (true) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t equals = pair.find('=');
    const std::string name = encoding::to_lower(pair.substr(0, equals));
    if (!first) out.push_back('&');
    first = false;
    if (equals != std::string_view::npos &&
        (name == "x-amz-signature" || name == "x-amz-credential" ||
         name == "x-amz-security-token") &&
        pair.substr(equals + 1) != kRedacted) {
      out.append(pair.substr(0, equals + 1)).append(kRedacted);
      ++changed;
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  if (changed != 0) target = std::move(out);
  return changed;
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
  // SigV4-shaped but not parsable, e.g. already redacted (Signature=REDACTED) or a recorder's
  // placeholder signature: the key ID and signature are replaced where they are, so redaction is
  // idempotent and the scope stays readable.
  std::string text(value);
  const std::size_t credential = text.find("Credential=");
  const std::size_t signature = text.find("Signature=");
  if (text.starts_with("AWS4-HMAC-SHA256") && credential != std::string::npos &&
      signature != std::string::npos) {
    const std::size_t signature_end = text.find_first_of(", ", signature + 10);
    text.replace(
        signature + 10,
        (signature_end == std::string::npos ? text.size() : signature_end) - (signature + 10),
        kRedacted);
    const std::size_t key = text.find("Credential=") + 11;  // after the signature's change
    const std::size_t key_end = text.find_first_of("/, ", key);
    if (key_end != std::string::npos && text[key_end] == '/') {
      text.replace(key, key_end - key, kRedacted);
    }
    return text;
  }
  return std::string(kRedacted);
}

cassette::HeaderList redact_headers(const std::vector<std::pair<std::string, std::string>>& headers,
                                    const RedactionPolicy& policy) {
  cassette::HeaderList out;
  out.reserve(headers.size());
  for (const auto& [name, value] : headers)
    out.push_back({name, redact_value(name, value, policy)});
  return out;
}

std::size_t redact_cassette(cassette::Cassette& cassette, const RedactionPolicy& policy) {
  std::size_t changed = 0;
  for (auto& interaction : cassette.interactions) {
    changed += redact_in_place(interaction.request.headers, policy);
    changed += redact_query(interaction.request.path);
    if (auto* response = std::get_if<cassette::Response>(&interaction.answer)) {
      changed += redact_in_place(response->headers, policy);
    } else if (auto* stream = std::get_if<cassette::Stream>(&interaction.answer)) {
      changed += redact_in_place(stream->headers, policy);
    }
  }
  return changed;
}

}  // namespace bedrock::cassettes
