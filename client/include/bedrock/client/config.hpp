#pragma once
// Client configuration resolved as the AWS SDKs (botocore's configprovider) do it: explicit
// values, then environment variables, then the selected profile of the shared config file (with
// the credentials file's keys merged over it, as botocore's Session.full_config does), then
// defaults. Every resolved value says where it came from. Reference §1 (endpoints) and §10 (retry).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "bedrock/client/config_error.hpp"
#include "bedrock/client/environment.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::client {

// Values given in code or on the command line; each beats every other source.
struct ConfigOverrides {
  std::optional<std::string> profile;
  std::optional<std::string> config_file;
  std::optional<std::string> credentials_file;
  std::optional<std::string> region;
  std::optional<std::string> endpoint_url;                // runtime
  std::optional<std::string> control_plane_endpoint_url;  // bedrock (ListFoundationModels, ...)
  std::optional<bool> use_fips_endpoint;
  std::optional<bool> use_dualstack_endpoint;
  std::optional<bool> ignore_configured_endpoint_urls;
  std::optional<std::string> retry_mode;  // standard | legacy | adaptive
  std::optional<int> max_attempts;
  std::optional<std::string> ca_bundle;
};

// Which profile, in which files (the credential providers need this without a region).
struct ProfileLocation {
  std::string profile = "default";
  SettingSource profile_source;
  std::filesystem::path config_file;  // empty: no home folder and nothing configured
  SettingSource config_file_source;
  std::filesystem::path credentials_file;
  SettingSource credentials_file_source;
};

struct ResolvedEndpoint {
  std::string url;
  std::string host;  // without port
  SettingSource source;
  bool custom = false;        // configured (explicit, env, config), not built by the rule set
  bool vpc_endpoint = false;  // the host is an endpoint-specific PrivateLink name (vpce-...)
};

// The retry mode as configured (retry.hpp's RetryPolicy decides what each one does).
enum class RetryModeSetting { kStandard, kLegacy, kAdaptive };
std::string_view to_string(RetryModeSetting mode);

inline constexpr int kMaxConfiguredAttempts = 100;

struct ResolvedConfig {
  ProfileLocation location;
  std::string region;
  SettingSource region_source;
  bool use_fips_endpoint = false;
  SettingSource use_fips_endpoint_source;
  bool use_dualstack_endpoint = false;
  SettingSource use_dualstack_endpoint_source;
  bool ignore_configured_endpoint_urls = false;
  ResolvedEndpoint runtime_endpoint;
  ResolvedEndpoint control_plane_endpoint;
  RetryModeSetting retry_mode = RetryModeSetting::kStandard;
  SettingSource retry_mode_source;
  int max_attempts = 3;  // first try included
  SettingSource max_attempts_source;
  std::optional<std::string> ca_bundle;
  SettingSource ca_bundle_source;
  // Shortcut for runtime_endpoint.vpc_endpoint: the signing region stays `region` (reference §1).
  bool vpc_endpoint = false;
};

// Profile name (explicit, AWS_PROFILE, "default") and file paths (explicit, AWS_CONFIG_FILE /
// AWS_SHARED_CREDENTIALS_FILE, ~/.aws/config and ~/.aws/credentials; a leading ~ is expanded).
ProfileLocation resolve_profile_location(const ConfigOverrides& explicit_values,
                                         const Environment& environment);

Expected<ResolvedConfig, ConfigError> resolve_config(const ConfigOverrides& explicit_values,
                                                     const Environment& environment);

// True for endpoint-specific VPC interface endpoint DNS names, e.g.
// vpce-0123456789abcdef0-abcd1234.bedrock-runtime.us-east-1.vpce.amazonaws.com (reference §1).
bool is_vpc_endpoint_host(std::string_view host);

// The host of an http(s) URL (no userinfo, no port; IPv6 without brackets); nullopt when the URL
// is not `http(s)://host...`.
std::optional<std::string> url_host(std::string_view url);

}  // namespace bedrock::client
