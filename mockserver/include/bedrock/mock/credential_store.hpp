#pragma once
// The identities `--auth verify` accepts, read from a file in the AWS shared-credentials
// format (the same file a client uses, so one file serves both sides of a test):
//   [default]
//   aws_access_key_id = AKIDEXAMPLE
//   aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
//   aws_session_token = ...            (optional: requests must carry exactly this token)
//   aws_session_expiration = 2026-01-01T00:00:00Z   (optional: later requests get ExpiredToken)
//   aws_bearer_token_bedrock = ...     (optional: a Bedrock API key accepted as Bearer)
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bedrock/protocol/expected.hpp"

namespace bedrock::mock {

struct StoredCredential {
  std::string profile;
  std::string access_key_id;
  std::string secret_access_key;
  std::optional<std::string> session_token;
  std::optional<std::chrono::sys_seconds> expires_at;
};

struct CredentialFileError {
  std::string file;
  int line = 0;  // 0: the whole file
  std::string message;
  std::string to_string() const;
};

class CredentialStore {
 public:
  static Expected<CredentialStore, CredentialFileError> load(const std::string& path);
  static Expected<CredentialStore, CredentialFileError> parse(const std::string& text,
                                                              const std::string& source);

  const StoredCredential* find(std::string_view access_key_id) const;
  bool accepts_bearer(std::string_view token) const;
  std::size_t size() const { return credentials_.size(); }

 private:
  std::map<std::string, StoredCredential, std::less<>> credentials_;
  std::vector<std::string> bearer_tokens_;
};

}  // namespace bedrock::mock
