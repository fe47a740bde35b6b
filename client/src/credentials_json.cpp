#include "credentials_json.hpp"

#include <nlohmann/json.hpp>

#include "bedrock/protocol/iso8601_time.hpp"

namespace bedrock::client {

Expected<AwsCredentials, std::string> parse_credentials_json(std::string_view body,
                                                             CredentialsJsonShape shape) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return unexpected(std::string("the answer is not a JSON object"));
  }
  const bool process = shape == CredentialsJsonShape::kCredentialProcess;
  if (process) {
    const auto version = json.find("Version");
    if (version == json.end()) return unexpected(std::string("\"Version\" is missing"));
    if (!version->is_number_integer() || version->get<long long>() != 1) {
      return unexpected(std::string("\"Version\" must be 1"));
    }
  }
  // IMDS documents carry "Code": "Success" when the role's credentials are usable.
  if (const auto code = json.find("Code"); !process && code != json.end() && code->is_string() &&
                                           code->get<std::string>() != "Success") {
    return unexpected("\"Code\" is \"" + code->get<std::string>() + "\", not \"Success\"");
  }
  auto string_member = [&json](const char* key, bool required,
                               std::string& out) -> Expected<void, std::string> {
    const auto it = json.find(key);
    if (it == json.end() || it->is_null()) {
      if (required) return unexpected("\"" + std::string(key) + "\" is missing");
      return {};
    }
    if (!it->is_string()) return unexpected("\"" + std::string(key) + "\" is not a string");
    out = it->get<std::string>();
    if (required && out.empty()) return unexpected("\"" + std::string(key) + "\" is empty");
    return {};
  };
  AwsCredentials credentials;
  std::string expiration;
  for (const auto& result :
       {string_member("AccessKeyId", true, credentials.access_key_id),
        string_member("SecretAccessKey", true, credentials.secret_access_key),
        string_member(process ? "SessionToken" : "Token", false, credentials.session_token),
        string_member("Expiration", false, expiration)}) {
    if (!result) return unexpected(result.error());
  }
  if (!expiration.empty()) {
    const auto parsed = iso8601::parse_utc(expiration);
    if (!parsed) return unexpected(std::string("\"Expiration\" is not an ISO-8601 time"));
    credentials.expiration = *parsed;
  }
  return credentials;
}

}  // namespace bedrock::client
