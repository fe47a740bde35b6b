#include "bedrock/mock/credential_store.hpp"

#include <fstream>
#include <sstream>

#include "bedrock/protocol/aws_config_file.hpp"
#include "bedrock/protocol/iso8601_time.hpp"

namespace bedrock::mock {
namespace {

// The mock accepts both spellings of a profile header so one file can serve as a client's config
// or credentials file: `[profile session]` and `[session]` both name `session`.
std::string profile_name(const std::string& section) {
  if (section.rfind("profile ", 0) != 0) return section;
  const auto first = section.find_first_not_of(" \t", 8);
  return first == std::string::npos ? std::string{} : section.substr(first);
}

}  // namespace

std::string CredentialFileError::to_string() const {
  return file + (line > 0 ? ":" + std::to_string(line) : "") + ": " + message;
}

Expected<CredentialStore, CredentialFileError> CredentialStore::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected(CredentialFileError{path, 0, "cannot read the credentials file"});
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

Expected<CredentialStore, CredentialFileError> CredentialStore::parse(const std::string& text,
                                                                      const std::string& source) {
  auto document = aws_config::parse_ini(text, source);
  if (!document) {
    const auto& error = document.error();
    return unexpected(CredentialFileError{error.file, error.line, error.message});
  }
  CredentialStore store;
  std::vector<std::string> order;
  std::map<std::string, std::map<std::string, aws_config::Setting, std::less<>>> profiles;
  for (const auto& section : document->sections) {
    const std::string name = profile_name(section.name);
    if (name.empty()) {
      return unexpected(CredentialFileError{source, section.line, "empty profile name"});
    }
    if (!profiles.count(name)) order.push_back(name);
    for (const auto& [key, setting] : section.settings) profiles[name][key] = setting;
  }
  for (const auto& name : order) {
    const auto& keys = profiles[name];
    auto value = [&](const char* key) -> const aws_config::Setting* {
      auto it = keys.find(key);
      return it == keys.end() ? nullptr : &it->second;
    };
    if (const auto* bearer = value("aws_bearer_token_bedrock")) {
      store.bearer_tokens_.push_back(bearer->value);
    }
    const auto* id = value("aws_access_key_id");
    const auto* secret = value("aws_secret_access_key");
    if (!id && !secret) continue;  // e.g. a profile holding only a bearer token
    if (!id || !secret) {
      return unexpected(CredentialFileError{
          source, (id ? id : secret)->line,
          "profile [" + name + "] needs both aws_access_key_id and aws_secret_access_key"});
    }
    StoredCredential credential{name, id->value, secret->value, std::nullopt, std::nullopt};
    if (const auto* token = value("aws_session_token")) credential.session_token = token->value;
    if (const auto* expiry = value("aws_session_expiration")) {
      credential.expires_at = iso8601::parse_utc(expiry->value);
      if (!credential.expires_at) {
        return unexpected(CredentialFileError{source, expiry->line,
                                              "aws_session_expiration is not ISO-8601 UTC "
                                              "(e.g. 2026-01-01T00:00:00Z)"});
      }
    }
    if (store.credentials_.count(credential.access_key_id)) {
      return unexpected(CredentialFileError{
          source, id->line, "access key " + credential.access_key_id + " appears twice"});
    }
    store.credentials_.emplace(credential.access_key_id, std::move(credential));
  }
  if (store.credentials_.empty() && store.bearer_tokens_.empty()) {
    return unexpected(CredentialFileError{source, 0, "no credentials found"});
  }
  return store;
}

const StoredCredential* CredentialStore::find(std::string_view access_key_id) const {
  auto it = credentials_.find(access_key_id);
  return it == credentials_.end() ? nullptr : &it->second;
}

bool CredentialStore::accepts_bearer(std::string_view token) const {
  for (const auto& known : bearer_tokens_) {
    if (known == token) return true;
  }
  return false;
}

}  // namespace bedrock::mock
