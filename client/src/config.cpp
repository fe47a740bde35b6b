#include "bedrock/client/config.hpp"

#include <charconv>
#include <initializer_list>

#include "bedrock/client/endpoint_rules.hpp"
#include "bedrock/protocol/encoding.hpp"
#include "profile_settings.hpp"

namespace bedrock::client {
namespace {

struct StringSetting {
  std::string value;
  SettingSource source;
};

// The first non-empty value of: the explicit value, the variables in order, the profile key.
// AWS SDKs treat an empty variable or `key =` as not set.
std::optional<StringSetting> lookup(const std::optional<std::string>& explicit_value,
                                    std::initializer_list<std::string_view> variables,
                                    std::string_view profile_key, const Environment& environment,
                                    const ProfileSettings& settings) {
  if (explicit_value && !explicit_value->empty()) {
    return StringSetting{*explicit_value, {SettingSource::Kind::kExplicit, ""}};
  }
  for (const auto variable : variables) {
    if (auto value = environment.get_non_empty(variable)) {
      return StringSetting{*value, {SettingSource::Kind::kEnvironment, std::string(variable)}};
    }
  }
  if (!profile_key.empty()) {
    if (auto value = settings.get(profile_key); value && !value->text.empty()) {
      return StringSetting{value->text, value->source};
    }
  }
  return std::nullopt;
}

ConfigError invalid_value(const SettingSource& source, std::string message) {
  return ConfigError{ConfigError::Kind::kInvalidValue, std::move(message), source.describe()};
}

struct BoolSetting {
  bool value = false;
  SettingSource source;
};

// botocore's ensure_boolean reads only "true" (any case) as true; anything but true/false is
// refused here instead of silently meaning false.
Expected<BoolSetting, ConfigError> resolve_bool(std::optional<bool> explicit_value,
                                                std::string_view variable,
                                                std::string_view profile_key,
                                                const Environment& environment,
                                                const ProfileSettings& settings) {
  if (explicit_value) return BoolSetting{*explicit_value, {SettingSource::Kind::kExplicit, ""}};
  const auto found = lookup(std::nullopt, {variable}, profile_key, environment, settings);
  if (!found) return BoolSetting{};
  const auto lowered = encoding::to_lower(found->value);
  if (lowered == "true") return BoolSetting{true, found->source};
  if (lowered == "false") return BoolSetting{false, found->source};
  return unexpected(invalid_value(
      found->source,
      std::string(profile_key) + " must be true or false, not \"" + found->value + "\""));
}

bool is_http_url(std::string_view url) {
  const auto lowered = encoding::to_lower(url.substr(0, 8));
  return lowered.rfind("http://", 0) == 0 || lowered.rfind("https://", 0) == 0;
}

// A configured endpoint: explicit, then (unless ignored) the service variable, AWS_ENDPOINT_URL,
// the profile's [services] section, the profile's endpoint_url (reference §1, botocore
// EndpointConfigProvider).
std::optional<StringSetting> configured_endpoint(EndpointService service,
                                                 const std::optional<std::string>& explicit_url,
                                                 bool ignore_configured,
                                                 const Environment& environment,
                                                 const ProfileSettings& settings) {
  const bool runtime = service == EndpointService::kRuntime;
  if (explicit_url && !explicit_url->empty()) {
    return StringSetting{*explicit_url, {SettingSource::Kind::kExplicit, ""}};
  }
  if (ignore_configured) return std::nullopt;
  const std::string_view service_variable =
      runtime ? "AWS_ENDPOINT_URL_BEDROCK_RUNTIME" : "AWS_ENDPOINT_URL_BEDROCK";
  if (auto found =
          lookup(std::nullopt, {service_variable, "AWS_ENDPOINT_URL"}, "", environment, settings)) {
    return found;
  }
  if (const auto services = settings.get("services"); services && !services->text.empty()) {
    if (const auto* section = settings.config_file().services_section(services->text)) {
      if (const auto* service_setting = section->find(runtime ? "bedrock_runtime" : "bedrock")) {
        const auto it = service_setting->sub_settings.find("endpoint_url");
        if (it != service_setting->sub_settings.end() && !it->second.value.empty()) {
          return StringSetting{it->second.value,
                               setting_source(SettingSource::Kind::kServicesSection,
                                              settings.config_file(), it->second)};
        }
      }
    }
  }
  return lookup(std::nullopt, {}, "endpoint_url", environment, settings);
}

struct EndpointInputs {
  std::string region;
  SettingSource region_source;
  bool use_fips = false;
  bool use_dualstack = false;
  bool ignore_configured = false;
};

Expected<ResolvedEndpoint, ConfigError> resolve_service_endpoint(
    EndpointService service, const std::optional<std::string>& explicit_url,
    const EndpointInputs& inputs, const Environment& environment, const ProfileSettings& settings) {
  const auto custom =
      configured_endpoint(service, explicit_url, inputs.ignore_configured, environment, settings);
  if (custom && (!is_http_url(custom->value) || !url_host(custom->value))) {
    return unexpected(ConfigError{ConfigError::Kind::kInvalidEndpointUrl,
                                  "the endpoint URL must be http(s)://host[:port][/path]",
                                  custom->source.describe()});
  }
  EndpointRuleParams params{inputs.region, inputs.use_fips, inputs.use_dualstack, std::nullopt};
  if (custom) params.endpoint = custom->value;
  auto url = resolve_endpoint_rules(params, service);
  if (!url) {
    ConfigError error = std::move(url).error();
    error.where = custom ? custom->source.describe() : inputs.region_source.describe();
    return unexpected(std::move(error));
  }
  ResolvedEndpoint endpoint;
  endpoint.url = std::move(*url);
  endpoint.host = url_host(endpoint.url).value_or("");
  endpoint.custom = custom.has_value();
  endpoint.source =
      custom ? custom->source : SettingSource{SettingSource::Kind::kEndpointRules, inputs.region};
  endpoint.vpc_endpoint = is_vpc_endpoint_host(endpoint.host);
  return endpoint;
}

Expected<StringSetting, ConfigError> resolve_region(const ConfigOverrides& overrides,
                                                    const Environment& environment,
                                                    const ProfileSettings& settings) {
  auto region = lookup(overrides.region, {"AWS_REGION", "AWS_DEFAULT_REGION"}, "region",
                       environment, settings);
  if (!region) {
    return unexpected(ConfigError{ConfigError::Kind::kMissingRegion,
                                  "Invalid Configuration: Missing Region",
                                  "none of: explicit region, AWS_REGION, AWS_DEFAULT_REGION, "
                                  "profile [" +
                                      settings.profile() + "] region"});
  }
  return std::move(*region);
}

Expected<int, ConfigError> parse_attempts(const StringSetting& found) {
  int attempts = 0;
  const auto* end = found.value.data() + found.value.size();
  const auto [ptr, ec] = std::from_chars(found.value.data(), end, attempts);
  if (ec != std::errc() || ptr != end || attempts < 1 || attempts > kMaxConfiguredAttempts) {
    return unexpected(invalid_value(found.source, "max_attempts must be an integer from 1 to " +
                                                      std::to_string(kMaxConfiguredAttempts)));
  }
  return attempts;
}

Expected<void, ConfigError> resolve_retry(const ConfigOverrides& overrides,
                                          const Environment& environment,
                                          const ProfileSettings& settings, ResolvedConfig& config) {
  if (const auto mode =
          lookup(overrides.retry_mode, {"AWS_RETRY_MODE"}, "retry_mode", environment, settings)) {
    if (mode->value == "standard") {
      config.retry_mode = RetryModeSetting::kStandard;
    } else if (mode->value == "legacy") {
      config.retry_mode = RetryModeSetting::kLegacy;
    } else if (mode->value == "adaptive") {
      config.retry_mode = RetryModeSetting::kAdaptive;
    } else {
      return unexpected(invalid_value(
          mode->source,
          "retry_mode must be standard, legacy or adaptive, not \"" + mode->value + "\""));
    }
    config.retry_mode_source = mode->source;
  }
  // Legacy mode's default is 5 attempts, standard's and adaptive's 3 (reference §10).
  config.max_attempts = config.retry_mode == RetryModeSetting::kLegacy ? 5 : 3;
  std::optional<std::string> explicit_attempts;
  if (overrides.max_attempts) explicit_attempts = std::to_string(*overrides.max_attempts);
  if (const auto attempts =
          lookup(explicit_attempts, {"AWS_MAX_ATTEMPTS"}, "max_attempts", environment, settings)) {
    auto parsed = parse_attempts(*attempts);
    if (!parsed) return unexpected(std::move(parsed).error());
    config.max_attempts = *parsed;
    config.max_attempts_source = attempts->source;
  }
  return {};
}

std::filesystem::path expand_home(const std::string& path, const Environment& environment) {
  if (path == "~" || path.rfind("~/", 0) == 0) {
    if (const auto home = environment.home_directory()) {
      return path.size() == 1 ? *home : *home / path.substr(2);
    }
  }
  return path;
}

void locate_file(const std::optional<std::string>& explicit_path, std::string_view variable,
                 const char* default_name, const Environment& environment,
                 std::filesystem::path& path, SettingSource& source) {
  if (explicit_path && !explicit_path->empty()) {
    path = expand_home(*explicit_path, environment);
    source = {SettingSource::Kind::kExplicit, ""};
  } else if (const auto value = environment.get_non_empty(variable)) {
    path = expand_home(*value, environment);
    source = {SettingSource::Kind::kEnvironment, std::string(variable)};
  } else if (const auto home = environment.home_directory()) {
    path = *home / ".aws" / default_name;
    source = {};
  } else {
    path.clear();
    source = {};
  }
}

}  // namespace

std::string SettingSource::describe() const {
  switch (kind) {
    case Kind::kDefault:
      return "default";
    case Kind::kExplicit:
      return "explicit";
    case Kind::kEnvironment:
      return "environment " + where;
    case Kind::kProfile:
      return "profile " + where;
    case Kind::kServicesSection:
      return "services section " + where;
    case Kind::kEndpointRules:
      return "endpoint rules for " + where;
  }
  return where;
}

std::string ConfigError::to_string() const {
  return where.empty() ? message : message + " (" + where + ")";
}

std::string_view to_string(RetryModeSetting mode) {
  switch (mode) {
    case RetryModeSetting::kStandard:
      return "standard";
    case RetryModeSetting::kLegacy:
      return "legacy";
    case RetryModeSetting::kAdaptive:
      return "adaptive";
  }
  return "standard";
}

ProfileLocation resolve_profile_location(const ConfigOverrides& explicit_values,
                                         const Environment& environment) {
  ProfileLocation location;
  if (explicit_values.profile && !explicit_values.profile->empty()) {
    location.profile = *explicit_values.profile;
    location.profile_source = {SettingSource::Kind::kExplicit, ""};
  } else if (const auto profile = environment.get_non_empty("AWS_PROFILE")) {
    location.profile = *profile;
    location.profile_source = {SettingSource::Kind::kEnvironment, "AWS_PROFILE"};
  }
  locate_file(explicit_values.config_file, "AWS_CONFIG_FILE", "config", environment,
              location.config_file, location.config_file_source);
  locate_file(explicit_values.credentials_file, "AWS_SHARED_CREDENTIALS_FILE", "credentials",
              environment, location.credentials_file, location.credentials_file_source);
  return location;
}

Expected<ResolvedConfig, ConfigError> resolve_config(const ConfigOverrides& explicit_values,
                                                     const Environment& environment) {
  ResolvedConfig config;
  config.location = resolve_profile_location(explicit_values, environment);
  auto loaded = ProfileSettings::load(config.location);
  if (!loaded) return unexpected(std::move(loaded).error());
  const ProfileSettings& settings = *loaded;
  // Only a profile someone asked for must exist; a missing [default] is fine (botocore).
  if (config.location.profile_source.kind != SettingSource::Kind::kDefault && !settings.exists()) {
    return unexpected(
        ConfigError{ConfigError::Kind::kProfileNotFound,
                    "The config profile (" + config.location.profile + ") could not be found",
                    config.location.profile_source.describe()});
  }

  auto region = resolve_region(explicit_values, environment, settings);
  if (!region) return unexpected(std::move(region).error());
  config.region = region->value;
  config.region_source = region->source;

  auto fips = resolve_bool(explicit_values.use_fips_endpoint, "AWS_USE_FIPS_ENDPOINT",
                           "use_fips_endpoint", environment, settings);
  if (!fips) return unexpected(std::move(fips).error());
  auto dualstack =
      resolve_bool(explicit_values.use_dualstack_endpoint, "AWS_USE_DUALSTACK_ENDPOINT",
                   "use_dualstack_endpoint", environment, settings);
  if (!dualstack) return unexpected(std::move(dualstack).error());
  auto ignore = resolve_bool(explicit_values.ignore_configured_endpoint_urls,
                             "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                             "ignore_configured_endpoint_urls", environment, settings);
  if (!ignore) return unexpected(std::move(ignore).error());
  config.use_fips_endpoint = fips->value;
  config.use_fips_endpoint_source = fips->source;
  config.use_dualstack_endpoint = dualstack->value;
  config.use_dualstack_endpoint_source = dualstack->source;
  config.ignore_configured_endpoint_urls = ignore->value;

  const EndpointInputs inputs{config.region, config.region_source, fips->value, dualstack->value,
                              ignore->value};
  auto runtime = resolve_service_endpoint(EndpointService::kRuntime, explicit_values.endpoint_url,
                                          inputs, environment, settings);
  if (!runtime) return unexpected(std::move(runtime).error());
  auto control = resolve_service_endpoint(EndpointService::kControlPlane,
                                          explicit_values.control_plane_endpoint_url, inputs,
                                          environment, settings);
  if (!control) return unexpected(std::move(control).error());
  config.runtime_endpoint = std::move(*runtime);
  config.control_plane_endpoint = std::move(*control);
  config.vpc_endpoint = config.runtime_endpoint.vpc_endpoint;

  if (auto retry = resolve_retry(explicit_values, environment, settings, config); !retry) {
    return unexpected(retry.error());
  }
  if (const auto bundle = lookup(explicit_values.ca_bundle, {"AWS_CA_BUNDLE"}, "ca_bundle",
                                 environment, settings)) {
    config.ca_bundle = bundle->value;
    config.ca_bundle_source = bundle->source;
  }
  return config;
}

std::optional<std::string> url_host(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  std::string_view authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  std::string_view host;
  std::string_view rest;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    rest = authority.substr(close + 1);
  } else {
    const auto colon = authority.find(':');
    host = authority.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view{} : authority.substr(colon);
  }
  if (!rest.empty()) {
    if (rest.front() != ':' || rest.size() == 1 || rest.size() > 6) return std::nullopt;
    for (const char c : rest.substr(1)) {
      if (c < '0' || c > '9') return std::nullopt;
    }
  }
  if (host.empty()) return std::nullopt;
  return std::string(host);
}

bool is_vpc_endpoint_host(std::string_view host) {
  const std::string lowered = encoding::to_lower(host);
  const auto first_dot = lowered.find('.');
  if (first_dot == std::string::npos) return false;
  const std::string_view first_label = std::string_view(lowered).substr(0, first_dot);
  if (first_label.rfind("vpce-", 0) != 0 || first_label.size() <= 5) return false;
  // The endpoint-specific names live under `.vpce.amazonaws.com` (or `.com.cn`).
  std::string_view rest = std::string_view(lowered).substr(first_dot + 1);
  while (!rest.empty()) {
    const auto dot = rest.find('.');
    if (rest.substr(0, dot) == "vpce") return true;
    if (dot == std::string_view::npos) break;
    rest = rest.substr(dot + 1);
  }
  return false;
}

}  // namespace bedrock::client
