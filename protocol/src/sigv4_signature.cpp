#include "bedrock/protocol/sigv4_signature.hpp"

#include "bedrock/protocol/encoding.hpp"

namespace bedrock::sigv4 {

std::string CredentialScope::to_string() const {
  std::string out;
  out.reserve(date.size() + region.size() + service.size() + kScopeTerminator.size() + 3);
  append_to(out);
  return out;
}

void CredentialScope::append_to(std::string& out) const {
  out += date;
  out.push_back('/');
  out += region;
  out.push_back('/');
  out += service;
  out.push_back('/');
  out += kScopeTerminator;
}

std::string string_to_sign(std::string_view amz_date, const CredentialScope& scope,
                           std::string_view canonical_request) {
  std::string out;
  out.reserve(kAlgorithm.size() + amz_date.size() + 64 + 64);
  append_string_to_sign(out, amz_date, scope, canonical_request);
  return out;
}

void append_string_to_sign(std::string& out, std::string_view amz_date,
                           const CredentialScope& scope, std::string_view canonical_request) {
  out += kAlgorithm;
  out.push_back('\n');
  out += amz_date;
  out.push_back('\n');
  scope.append_to(out);
  out.push_back('\n');
  out += encoding::as_text(encoding::to_hex(encoding::sha256_digest(canonical_request)));
}

std::string signing_key(std::string_view secret_access_key, const CredentialScope& scope) {
  std::string secret = "AWS4";
  secret += secret_access_key;
  const std::string date_key = encoding::hmac_sha256(secret, scope.date);
  const std::string region_key = encoding::hmac_sha256(date_key, scope.region);
  const std::string service_key = encoding::hmac_sha256(region_key, scope.service);
  return encoding::hmac_sha256(service_key, kScopeTerminator);
}

std::string signature(std::string_view signing_key, std::string_view string_to_sign) {
  return encoding::to_hex(encoding::hmac_sha256(signing_key, string_to_sign));
}

}  // namespace bedrock::sigv4
