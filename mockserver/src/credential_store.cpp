#include "bedrock/mock/credential_store.hpp"

#include <fstream>
#include <sstream>

#include "bedrock/protocol/encoding.hpp"

namespace bedrock::mock {
namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

// ISO-8601 UTC as AWS writes expirations: 2026-01-01T00:00:00Z (fractions allowed).
std::optional<std::chrono::sys_seconds> parse_iso8601(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &year, &month, &day, &hour, &minute,
                  &second, &tail) < 6) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                         std::chrono::day(day)};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

}  // namespace

std::string CredentialFileError::to_string() const {
  return file + (line > 0 ? ":" + std::to_string(line) : "") + ": " + message;
}

Expected<CredentialStore, CredentialFileError> CredentialStore::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return unexpected(CredentialFileError{path, 0, "cannot read the credentials file"});
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

Expected<CredentialStore, CredentialFileError> CredentialStore::parse(const std::string& text,
                                                                      const std::string& source) {
  CredentialStore store;
  std::map<std::string, std::map<std::string, std::pair<std::string, int>>> profiles;
  std::vector<std::string> order;
  std::string current;
  std::istringstream lines(text);
  std::string raw;
  int number = 0;
  while (std::getline(lines, raw)) {
    ++number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[') {
      if (line.back() != ']') return unexpected(CredentialFileError{source, number, "unclosed ["});
      current = trim(std::string_view(line).substr(1, line.size() - 2));
      if (current.rfind("profile ", 0) == 0) current = trim(current.substr(8));
      if (current.empty()) return unexpected(CredentialFileError{source, number, "empty profile name"});
      if (!profiles.count(current)) order.push_back(current);
      profiles[current];
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      return unexpected(CredentialFileError{source, number, "expected key = value"});
    }
    if (current.empty()) {
      return unexpected(CredentialFileError{source, number, "key outside a [profile] section"});
    }
    profiles[current][encoding::to_lower(trim(line.substr(0, eq)))] = {trim(line.substr(eq + 1)),
                                                                      number};
  }
  for (const auto& name : order) {
    auto& keys = profiles[name];
    auto value = [&](const char* key) -> const std::pair<std::string, int>* {
      auto it = keys.find(key);
      return it == keys.end() ? nullptr : &it->second;
    };
    if (const auto* bearer = value("aws_bearer_token_bedrock")) {
      store.bearer_tokens_.push_back(bearer->first);
    }
    const auto* id = value("aws_access_key_id");
    const auto* secret = value("aws_secret_access_key");
    if (!id && !secret) continue;  // e.g. a profile holding only a bearer token
    if (!id || !secret) {
      return unexpected(CredentialFileError{
          source, (id ? id : secret)->second,
          "profile [" + name + "] needs both aws_access_key_id and aws_secret_access_key"});
    }
    StoredCredential credential{name, id->first, secret->first, std::nullopt, std::nullopt};
    if (const auto* token = value("aws_session_token")) credential.session_token = token->first;
    if (const auto* expiry = value("aws_session_expiration")) {
      credential.expires_at = parse_iso8601(expiry->first);
      if (!credential.expires_at) {
        return unexpected(CredentialFileError{source, expiry->second,
                                              "aws_session_expiration is not ISO-8601 UTC "
                                              "(e.g. 2026-01-01T00:00:00Z)"});
      }
    }
    if (store.credentials_.count(credential.access_key_id)) {
      return unexpected(CredentialFileError{
          source, id->second, "access key " + credential.access_key_id + " appears twice"});
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
