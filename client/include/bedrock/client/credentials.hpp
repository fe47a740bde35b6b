#pragma once
// AWS credentials and the providers that find them, in the SDK default chain's order: explicit,
// environment, shared credentials file, credential_process, shared config file, container
// (ECS/EKS/SageMaker), EC2 instance metadata (IMDSv2). Plus the Bedrock API key (bearer token).
//
// Secrets never appear in an error text or a log line: errors name variables, files and
// providers, never values.
//
// Providers keep a reference to the Environment they are given; it must outlive them.
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bedrock/client/config.hpp"
#include "bedrock/client/environment.hpp"
#include "bedrock/protocol/expected.hpp"
#include "bedrock/protocol/sigv4_signer.hpp"

namespace bedrock::client {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty: none
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string provider;  // the provider that supplied them, e.g. "environment"

  sigv4::Credentials signing_credentials() const {
    return {access_key_id, secret_access_key, session_token};
  }
};

struct CredentialsError {
  enum class Kind {
    kNotConfigured,  // this source has nothing to offer; a chain moves on to the next provider
    kIncomplete,     // configured by halves (a key ID without a secret); the chain stops
    kInvalid,        // configured but malformed (bad JSON, bad expiry, disallowed host)
    kUnavailable,    // configured but failed (process exit, timeout, HTTP error)
  };
  Kind kind = Kind::kNotConfigured;
  std::string provider;
  std::string message;  // never contains a secret
  // A chain's error: what each provider it asked lacked, in order.
  std::vector<CredentialsError> tried;
  std::string to_string() const;
};

using CredentialsResult = Expected<AwsCredentials, CredentialsError>;

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  virtual CredentialsResult credentials() = 0;
  virtual std::string name() const = 0;
};

// Credentials given in code or on the command line. Empty key ID: not configured.
class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(AwsCredentials credentials);
  CredentialsResult credentials() override;
  std::string name() const override { return "explicit"; }

 private:
  AwsCredentials credentials_;
};

// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION.
class EnvironmentCredentialsProvider final : public CredentialsProvider {
 public:
  explicit EnvironmentCredentialsProvider(const Environment& environment);
  CredentialsResult credentials() override;
  std::string name() const override { return "environment"; }

 private:
  const Environment& environment_;
};

// aws_access_key_id / aws_secret_access_key / aws_session_token in the profile's section of the
// credentials file ([NAME]).
class SharedCredentialsFileProvider final : public CredentialsProvider {
 public:
  explicit SharedCredentialsFileProvider(ProfileLocation location);
  CredentialsResult credentials() override;
  std::string name() const override { return "shared-credentials-file"; }

 private:
  ProfileLocation location_;
};

// The same keys in the profile's section of the config file ([profile NAME] / [default]).
class ConfigFileCredentialsProvider final : public CredentialsProvider {
 public:
  explicit ConfigFileCredentialsProvider(ProfileLocation location);
  CredentialsResult credentials() override;
  std::string name() const override { return "shared-config-file"; }

 private:
  ProfileLocation location_;
};

struct ProcessOptions {
  std::chrono::milliseconds timeout{60'000};
  std::size_t max_output_bytes = 64 * 1024;
};

// The profile's `credential_process`: run with /bin/sh -c (as the Java, Go and Rust SDKs do),
// stdout parsed as {"Version":1,"AccessKeyId":...,"SecretAccessKey":...,"SessionToken":...,
// "Expiration":...}; killed (with its process group) after the timeout.
class ProcessCredentialsProvider final : public CredentialsProvider {
 public:
  explicit ProcessCredentialsProvider(ProfileLocation location, ProcessOptions options = {});
  CredentialsResult credentials() override;
  std::string name() const override { return "credential-process"; }

 private:
  ProfileLocation location_;
  ProcessOptions options_;
};

struct MetadataHttpOptions {
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds request_timeout{2000};  // whole request, connect included
};

struct ContainerOptions {
  // Where AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is resolved (ECS's fixed link-local address).
  std::string relative_uri_base = "http://169.254.170.2";
  MetadataHttpOptions http;
};

// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (ECS, SageMaker) or AWS_CONTAINER_CREDENTIALS_FULL_URI
// (only loopback hosts or the ECS/EKS agent addresses, as botocore), with the Authorization header
// from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE or AWS_CONTAINER_AUTHORIZATION_TOKEN.
class ContainerCredentialsProvider final : public CredentialsProvider {
 public:
  explicit ContainerCredentialsProvider(const Environment& environment,
                                        ContainerOptions options = {});
  CredentialsResult credentials() override;
  std::string name() const override { return "container"; }

 private:
  const Environment& environment_;
  ContainerOptions options_;
};

struct InstanceMetadataOptions {
  // Empty: AWS_EC2_METADATA_SERVICE_ENDPOINT, else http://169.254.169.254.
  std::string endpoint;
  int token_ttl_seconds = 21600;
  MetadataHttpOptions http;
};

// EC2 IMDSv2: PUT /latest/api/token, GET /latest/meta-data/iam/security-credentials/ (the role),
// GET .../ROLE. Falls back to IMDSv1 when the token PUT is refused with 403/404/405 (botocore).
// Off when AWS_EC2_METADATA_DISABLED=true. An unreachable service is "not configured".
class InstanceMetadataCredentialsProvider final : public CredentialsProvider {
 public:
  explicit InstanceMetadataCredentialsProvider(const Environment& environment,
                                               InstanceMetadataOptions options = {});
  CredentialsResult credentials() override;
  std::string name() const override { return "imds"; }

 private:
  const Environment& environment_;
  InstanceMetadataOptions options_;
};

// Asks each provider in order; the first that has credentials wins (its name is in
// AwsCredentials::provider). kNotConfigured moves on; any other error stops the chain (a
// half-configured source is a mistake to report, not to skip). When nobody had credentials the
// error's `tried` lists what each provider lacked.
class CredentialsChain final : public CredentialsProvider {
 public:
  explicit CredentialsChain(std::vector<std::unique_ptr<CredentialsProvider>> providers);
  CredentialsResult credentials() override;
  std::string name() const override { return "chain"; }

 private:
  std::vector<std::unique_ptr<CredentialsProvider>> providers_;
};

// Remembers credentials until `refresh_before` their expiry, then asks again. When the refresh
// fails while the old credentials are still valid, it keeps using them. Thread-safe: concurrent
// callers wait for one refresh.
class CachingCredentialsProvider final : public CredentialsProvider {
 public:
  static constexpr std::chrono::minutes kDefaultRefreshBefore{5};
  CachingCredentialsProvider(std::unique_ptr<CredentialsProvider> inner, const Environment& clock,
                             std::chrono::seconds refresh_before = kDefaultRefreshBefore);
  CredentialsResult credentials() override;
  std::string name() const override;
  void invalidate();  // e.g. after the service answered ExpiredTokenException

 private:
  std::unique_ptr<CredentialsProvider> inner_;
  const Environment& clock_;
  std::chrono::seconds refresh_before_;
  std::mutex mutex_;
  std::optional<AwsCredentials> cached_;
};

struct CredentialsChainOptions {
  std::optional<AwsCredentials> explicit_credentials;
  ProcessOptions process;
  ContainerOptions container;
  InstanceMetadataOptions instance_metadata;
};

// The SDK default chain for `location`'s profile, wrapped in a CachingCredentialsProvider.
std::unique_ptr<CredentialsProvider> make_default_credentials_provider(
    const Environment& environment, const ProfileLocation& location,
    CredentialsChainOptions options = {});

// A Bedrock API key from AWS_BEARER_TOKEN_BEDROCK (reference §1): sent as
// `Authorization: Bearer <token>` instead of SigV4.
std::optional<std::string> bearer_token(const Environment& environment);

}  // namespace bedrock::client
