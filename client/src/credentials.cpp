#include "bedrock/client/credentials.hpp"

#include "bedrock/protocol/iso8601_time.hpp"

namespace bedrock::client {

std::string CredentialsError::to_string() const {
  std::string text = provider.empty() ? message : provider + ": " + message;
  for (std::size_t i = 0; i < tried.size(); ++i) {
    text += (i == 0 ? "; tried " : ", ") + tried[i].provider + " (" + tried[i].message + ")";
  }
  return text;
}

StaticCredentialsProvider::StaticCredentialsProvider(AwsCredentials credentials)
    : credentials_(std::move(credentials)) {}

CredentialsResult StaticCredentialsProvider::credentials() {
  if (credentials_.access_key_id.empty() && credentials_.secret_access_key.empty()) {
    return unexpected(CredentialsError{
        CredentialsError::Kind::kNotConfigured, name(), "no explicit credentials given", {}});
  }
  if (credentials_.access_key_id.empty() || credentials_.secret_access_key.empty()) {
    return unexpected(CredentialsError{CredentialsError::Kind::kIncomplete,
                                       name(),
                                       "explicit credentials need both an access key ID and a "
                                       "secret access key",
                                       {}});
  }
  AwsCredentials found = credentials_;
  found.provider = name();
  return found;
}

EnvironmentCredentialsProvider::EnvironmentCredentialsProvider(const Environment& environment)
    : environment_(environment) {}

// botocore's EnvProvider: no key ID means "not here"; a key ID without a secret is a mistake.
CredentialsResult EnvironmentCredentialsProvider::credentials() {
  const auto key = environment_.get_non_empty("AWS_ACCESS_KEY_ID");
  if (!key) {
    return unexpected(CredentialsError{
        CredentialsError::Kind::kNotConfigured, name(), "AWS_ACCESS_KEY_ID is not set", {}});
  }
  const auto secret = environment_.get_non_empty("AWS_SECRET_ACCESS_KEY");
  if (!secret) {
    return unexpected(CredentialsError{CredentialsError::Kind::kIncomplete,
                                       name(),
                                       "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
                                       {}});
  }
  AwsCredentials found{*key, *secret, environment_.get_non_empty("AWS_SESSION_TOKEN").value_or(""),
                       std::nullopt, name()};
  if (const auto expiry = environment_.get_non_empty("AWS_CREDENTIAL_EXPIRATION")) {
    const auto parsed = iso8601::parse_utc(*expiry);
    if (!parsed) {
      return unexpected(CredentialsError{CredentialsError::Kind::kInvalid,
                                         name(),
                                         "AWS_CREDENTIAL_EXPIRATION is not an ISO-8601 time",
                                         {}});
    }
    found.expiration = *parsed;
  }
  return found;
}

std::unique_ptr<CredentialsProvider> make_default_credentials_provider(
    const Environment& environment, const ProfileLocation& location,
    CredentialsChainOptions options) {
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  providers.push_back(std::make_unique<StaticCredentialsProvider>(
      options.explicit_credentials.value_or(AwsCredentials{})));
  providers.push_back(std::make_unique<EnvironmentCredentialsProvider>(environment));
  // botocore's order: credentials file, then credential_process, then the config file's keys.
  providers.push_back(std::make_unique<SharedCredentialsFileProvider>(location));
  providers.push_back(std::make_unique<ProcessCredentialsProvider>(location, options.process));
  providers.push_back(std::make_unique<ConfigFileCredentialsProvider>(location));
  providers.push_back(
      std::make_unique<ContainerCredentialsProvider>(environment, options.container));
  providers.push_back(std::make_unique<InstanceMetadataCredentialsProvider>(
      environment, options.instance_metadata));
  return std::make_unique<CachingCredentialsProvider>(
      std::make_unique<CredentialsChain>(std::move(providers)), environment);
}

std::optional<std::string> bearer_token(const Environment& environment) {
  return environment.get_non_empty("AWS_BEARER_TOKEN_BEDROCK");
}

}  // namespace bedrock::client
