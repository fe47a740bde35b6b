// Configuration precedence, one table per setting, with a temporary HOME and a fake environment.
#include "bedrock/client/config.hpp"

#include <gtest/gtest.h>

#include <map>

#include "client/config_fixture.hpp"

namespace bedrock::client {
namespace {

using Kind = SettingSource::Kind;

// One precedence case: environment variables, explicit values and the two files, then the
// expected value and where it came from ("" for where means: do not check).
struct PrecedenceCase {
  std::string name;
  std::map<std::string, std::string> variables;
  ConfigOverrides overrides;
  std::string config;
  std::string credentials;
  std::string expected;
  Kind source;
  std::string where;
};

void PrintTo(const PrecedenceCase& test_case, std::ostream* out) { *out << test_case.name; }

void apply(const PrecedenceCase& test_case, test::FakeHome& home) {
  for (const auto& [name, value] : test_case.variables) home.environment.set(name, value);
  if (!test_case.config.empty()) home.write_config(test_case.config);
  if (!test_case.credentials.empty()) home.write_credentials(test_case.credentials);
}

std::string where_in(const test::FakeHome& home, const std::string& where) {
  // "config:3" → "<home>/.aws/config:3"
  if (where.rfind("config:", 0) == 0) return home.config_path().string() + where.substr(6);
  if (where.rfind("credentials:", 0) == 0) {
    return home.credentials_path().string() + where.substr(11);
  }
  return where;
}

auto case_name = [](const auto& param_info) { return param_info.param.name; };

template <class Edit>
ConfigOverrides make_overrides(Edit edit) {
  ConfigOverrides overrides;
  edit(overrides);
  return overrides;
}

ConfigOverrides with_region(std::string region) {
  ConfigOverrides overrides;
  overrides.region = std::move(region);
  return overrides;
}

// ---------------------------------------------------------------- region

class RegionPrecedence : public ::testing::TestWithParam<PrecedenceCase> {};

TEST_P(RegionPrecedence, ResolvesFromTheFirstSourceThatHasIt) {
  test::FakeHome home;
  apply(GetParam(), home);
  const auto config = resolve_config(GetParam().overrides, home.environment);
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->region, GetParam().expected);
  EXPECT_EQ(config->region_source.kind, GetParam().source);
  EXPECT_EQ(config->region_source.where, where_in(home, GetParam().where));
}

const std::string kProfileRegion = "[default]\nregion = eu-west-3\n";

INSTANTIATE_TEST_SUITE_P(
    Table, RegionPrecedence,
    ::testing::Values(
        PrecedenceCase{"ExplicitBeatsEverything",
                       {{"AWS_REGION", "us-west-1"}, {"AWS_DEFAULT_REGION", "us-west-2"}},
                       with_region("ap-south-1"),
                       kProfileRegion,
                       "",
                       "ap-south-1",
                       Kind::kExplicit,
                       ""},
        PrecedenceCase{"AwsRegionBeatsDefaultRegionAndProfile",
                       {{"AWS_REGION", "us-west-1"}, {"AWS_DEFAULT_REGION", "us-west-2"}},
                       {},
                       kProfileRegion,
                       "",
                       "us-west-1",
                       Kind::kEnvironment,
                       "AWS_REGION"},
        PrecedenceCase{"DefaultRegionBeatsProfile",
                       {{"AWS_DEFAULT_REGION", "us-west-2"}},
                       {},
                       kProfileRegion,
                       "",
                       "us-west-2",
                       Kind::kEnvironment,
                       "AWS_DEFAULT_REGION"},
        PrecedenceCase{"EmptyVariableCountsAsUnset",
                       {{"AWS_REGION", ""}, {"AWS_DEFAULT_REGION", ""}},
                       {},
                       kProfileRegion,
                       "",
                       "eu-west-3",
                       Kind::kProfile,
                       "config:2"},
        PrecedenceCase{"ProfileRegionFromTheConfigFile",
                       {},
                       {},
                       kProfileRegion,
                       "",
                       "eu-west-3",
                       Kind::kProfile,
                       "config:2"},
        PrecedenceCase{"CredentialsFileKeysWinOverTheConfigFile",
                       {},
                       {},
                       kProfileRegion,
                       "# creds\n[default]\nregion = ca-central-1\n",
                       "ca-central-1",
                       Kind::kProfile,
                       "credentials:3"},
        PrecedenceCase{"AwsProfileSelectsTheProfile",
                       {{"AWS_PROFILE", "dev"}},
                       {},
                       "[default]\nregion = a-b-1\n[profile dev]\nregion = us-east-2\n",
                       "",
                       "us-east-2",
                       Kind::kProfile,
                       "config:4"},
        PrecedenceCase{"ExplicitProfileBeatsAwsProfile",
                       {{"AWS_PROFILE", "dev"}},
                       make_overrides([](ConfigOverrides& o) { o.profile = "prod"; }),
                       "[profile dev]\nregion = us-east-2\n[profile prod]\nregion = eu-north-1\n",
                       "",
                       "eu-north-1",
                       Kind::kProfile,
                       "config:4"},
        PrecedenceCase{"EmptyProfileRegionCountsAsUnset",
                       {{"AWS_DEFAULT_REGION", "us-west-2"}},
                       {},
                       "[default]\nregion =\n",
                       "",
                       "us-west-2",
                       Kind::kEnvironment,
                       "AWS_DEFAULT_REGION"}),
    case_name);

TEST(ResolveConfig, NoRegionAnywhereIsTheMissingRegionError) {
  test::FakeHome home;
  home.write_config("[default]\noutput = json\n");
  const auto config = resolve_config({}, home.environment);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().kind, ConfigError::Kind::kMissingRegion);
  EXPECT_EQ(config.error().message, "Invalid Configuration: Missing Region");
  EXPECT_NE(config.error().where.find("AWS_REGION"), std::string::npos);
}

TEST(ResolveConfig, ARegionThatIsNoHostLabelIsRefusedNamingItsSource) {
  test::FakeHome home;
  home.environment.set("AWS_REGION", "us-east-1.attacker.example/");
  const auto config = resolve_config({}, home.environment);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().kind, ConfigError::Kind::kInvalidRegion);
  EXPECT_EQ(config.error().where, "environment AWS_REGION");
}

// ---------------------------------------------------------------- profiles and files

TEST(ResolveProfileLocation, DefaultsToDefaultAndTheHomeFiles) {
  test::FakeHome home;
  const auto location = resolve_profile_location({}, home.environment);
  EXPECT_EQ(location.profile, "default");
  EXPECT_EQ(location.profile_source.kind, Kind::kDefault);
  EXPECT_EQ(location.config_file, home.config_path());
  EXPECT_EQ(location.credentials_file, home.credentials_path());
}

TEST(ResolveProfileLocation, VariablesNameTheFilesAndTildeMeansHome) {
  test::FakeHome home;
  home.environment.set("AWS_CONFIG_FILE", "~/elsewhere/cfg")
      .set("AWS_SHARED_CREDENTIALS_FILE", "/abs/creds")
      .set("AWS_PROFILE", "dev");
  const auto location = resolve_profile_location({}, home.environment);
  EXPECT_EQ(location.profile, "dev");
  EXPECT_EQ(location.profile_source.where, "AWS_PROFILE");
  EXPECT_EQ(location.config_file, home.home() / "elsewhere" / "cfg");
  EXPECT_EQ(location.config_file_source.where, "AWS_CONFIG_FILE");
  EXPECT_EQ(location.credentials_file, std::filesystem::path("/abs/creds"));
}

TEST(ResolveProfileLocation, ExplicitPathsBeatVariables) {
  test::FakeHome home;
  home.environment.set("AWS_CONFIG_FILE", "/env/config");
  ConfigOverrides overrides;
  overrides.config_file = "/explicit/config";
  overrides.credentials_file = "/explicit/credentials";
  const auto location = resolve_profile_location(overrides, home.environment);
  EXPECT_EQ(location.config_file, std::filesystem::path("/explicit/config"));
  EXPECT_EQ(location.config_file_source.kind, Kind::kExplicit);
  EXPECT_EQ(location.credentials_file, std::filesystem::path("/explicit/credentials"));
}

TEST(ResolveProfileLocation, WithoutHomeThereAreNoDefaultFiles) {
  FakeEnvironment environment;
  const auto location = resolve_profile_location({}, environment);
  EXPECT_TRUE(location.config_file.empty());
  EXPECT_TRUE(location.credentials_file.empty());
}

TEST(ResolveConfig, ReadsTheConfigFileNamedByAwsConfigFile) {
  test::FakeHome home;
  const auto path = home.write(home.home() / "custom.ini", "[profile x]\nregion = sa-east-1\n");
  home.environment.set("AWS_CONFIG_FILE", path.string()).set("AWS_PROFILE", "x");
  const auto config = resolve_config({}, home.environment);
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->region, "sa-east-1");
  EXPECT_EQ(config->region_source.where, path.string() + ":2");
}

TEST(ResolveConfig, ANamedProfileThatExistsNowhereIsAnError) {
  test::FakeHome home;
  home.write_config("[default]\nregion = us-east-1\n");
  home.environment.set("AWS_PROFILE", "ghost");
  const auto config = resolve_config({}, home.environment);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().kind, ConfigError::Kind::kProfileNotFound);
  EXPECT_EQ(config.error().message, "The config profile (ghost) could not be found");
  EXPECT_EQ(config.error().where, "environment AWS_PROFILE");
}

TEST(ResolveConfig, AProfileOnlyInTheCredentialsFileExists) {
  test::FakeHome home;
  home.write_credentials("[ci]\naws_access_key_id = A\naws_secret_access_key = S\n");
  home.environment.set("AWS_PROFILE", "ci").set("AWS_REGION", "us-east-1");
  EXPECT_TRUE(resolve_config({}, home.environment));
}

TEST(ResolveConfig, AMissingDefaultProfileAndMissingFilesAreFine) {
  test::FakeHome home;
  home.environment.set("AWS_REGION", "us-east-1");
  const auto config = resolve_config({}, home.environment);
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->location.profile, "default");
}

TEST(ResolveConfig, ABrokenConfigFileIsAnErrorWithFileAndLine) {
  test::FakeHome home;
  home.write_config("[default]\nregion = us-east-1\nthis is not ini\n");
  const auto config = resolve_config({}, home.environment);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().kind, ConfigError::Kind::kConfigFile);
  EXPECT_EQ(config.error().where, home.config_path().string() + ":3");
}

TEST(ResolveConfig, ABrokenCredentialsFileIsAnErrorToo) {
  test::FakeHome home;
  home.write_credentials("aws_access_key_id = A\n");
  home.environment.set("AWS_REGION", "us-east-1");
  const auto config = resolve_config({}, home.environment);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().where, home.credentials_path().string() + ":1");
}

// ---------------------------------------------------------------- runtime endpoint

class RuntimeEndpointPrecedence : public ::testing::TestWithParam<PrecedenceCase> {};

TEST_P(RuntimeEndpointPrecedence, ResolvesFromTheFirstSourceThatHasIt) {
  test::FakeHome home;
  home.environment.set("AWS_REGION", "us-east-2");
  apply(GetParam(), home);
  const auto config = resolve_config(GetParam().overrides, home.environment);
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->runtime_endpoint.url, GetParam().expected);
  EXPECT_EQ(config->runtime_endpoint.source.kind, GetParam().source);
  EXPECT_EQ(config->runtime_endpoint.source.where, where_in(home, GetParam().where));
  EXPECT_EQ(config->runtime_endpoint.custom, GetParam().source != Kind::kEndpointRules);
}

const std::string kServicesConfig =
    "[default]\n"
    "services = local\n"
    "endpoint_url = http://profile:1\n"
    "[services local]\n"
    "bedrock_runtime =\n"
    "  endpoint_url = http://services-runtime:2\n"
    "bedrock =\n"
    "  endpoint_url = http://services-control:3\n";

const std::map<std::string, std::string> kAllEndpointVariables = {
    {"AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://env-runtime:4"},
    {"AWS_ENDPOINT_URL", "http://env-global:5"}};

INSTANTIATE_TEST_SUITE_P(
    Table, RuntimeEndpointPrecedence,
    ::testing::Values(
        PrecedenceCase{
            "ExplicitBeatsEverything", kAllEndpointVariables,
            make_overrides([](ConfigOverrides& o) { o.endpoint_url = "http://explicit:6"; }),
            kServicesConfig, "", "http://explicit:6", Kind::kExplicit, ""},
        PrecedenceCase{"ServiceVariableBeatsGlobalVariable",
                       kAllEndpointVariables,
                       {},
                       kServicesConfig,
                       "",
                       "http://env-runtime:4",
                       Kind::kEnvironment,
                       "AWS_ENDPOINT_URL_BEDROCK_RUNTIME"},
        PrecedenceCase{"GlobalVariableBeatsConfigFile",
                       {{"AWS_ENDPOINT_URL", "http://env-global:5"}},
                       {},
                       kServicesConfig,
                       "",
                       "http://env-global:5",
                       Kind::kEnvironment,
                       "AWS_ENDPOINT_URL"},
        PrecedenceCase{"ServicesSectionBeatsProfileEndpointUrl",
                       {},
                       {},
                       kServicesConfig,
                       "",
                       "http://services-runtime:2",
                       Kind::kServicesSection,
                       "config:6"},
        PrecedenceCase{"ProfileEndpointUrl",
                       {},
                       {},
                       "[default]\nendpoint_url = http://profile:1\n",
                       "",
                       "http://profile:1",
                       Kind::kProfile,
                       "config:2"},
        PrecedenceCase{"ServicesNamingAMissingSectionFallsThrough",
                       {},
                       {},
                       "[default]\nservices = nowhere\nendpoint_url = http://profile:1\n",
                       "",
                       "http://profile:1",
                       Kind::kProfile,
                       "config:3"},
        PrecedenceCase{"IgnoreVariableDropsEnvAndConfigEndpoints",
                       {{"AWS_ENDPOINT_URL", "http://env-global:5"},
                        {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}},
                       {},
                       kServicesConfig,
                       "",
                       "https://bedrock-runtime.us-east-2.amazonaws.com",
                       Kind::kEndpointRules,
                       "us-east-2"},
        PrecedenceCase{
            "IgnoreDoesNotDropTheExplicitEndpoint",
            {{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"}},
            make_overrides([](ConfigOverrides& o) { o.endpoint_url = "http://explicit:6"; }),
            kServicesConfig,
            "",
            "http://explicit:6",
            Kind::kExplicit,
            ""},
        PrecedenceCase{"NothingConfiguredUsesTheRegionalHost",
                       {},
                       {},
                       "",
                       "",
                       "https://bedrock-runtime.us-east-2.amazonaws.com",
                       Kind::kEndpointRules,
                       "us-east-2"},
        PrecedenceCase{"FipsFromTheVariable",
                       {{"AWS_USE_FIPS_ENDPOINT", "true"}},
                       {},
                       "",
                       "",
                       "https://bedrock-runtime-fips.us-east-2.amazonaws.com",
                       Kind::kEndpointRules,
                       "us-east-2"},
        PrecedenceCase{"FipsFromTheProfile",
                       {},
                       {},
                       "[default]\nuse_fips_endpoint = true\n",
                       "",
                       "https://bedrock-runtime-fips.us-east-2.amazonaws.com",
                       Kind::kEndpointRules,
                       "us-east-2"},
        PrecedenceCase{"ExplicitFipsFalseBeatsTheVariable",
                       {{"AWS_USE_FIPS_ENDPOINT", "true"}},
                       make_overrides([](ConfigOverrides& o) { o.use_fips_endpoint = false; }),
                       "",
                       "",
                       "https://bedrock-runtime.us-east-2.amazonaws.com",
                       Kind::kEndpointRules,
                       "us-east-2"},
        PrecedenceCase{"DualstackFromTheVariable",
                       {{"AWS_USE_DUALSTACK_ENDPOINT", "true"}},
                       {},
                       "",
                       "",
                       "https://bedrock-runtime.us-east-2.api.aws",
                       Kind::kEndpointRules,
                       "us-east-2"},
        PrecedenceCase{"ChinaRegionSuffix",
                       {{"AWS_REGION", "cn-north-1"}},
                       {},
                       "",
                       "",
                       "https://bedrock-runtime.cn-north-1.amazonaws.com.cn",
                       Kind::kEndpointRules,
                       "cn-north-1"},
        PrecedenceCase{"GovCloudFips",
                       {{"AWS_REGION", "us-gov-west-1"}, {"AWS_USE_FIPS_ENDPOINT", "true"}},
                       {},
                       "",
                       "",
                       "https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com",
                       Kind::kEndpointRules,
                       "us-gov-west-1"}),
    case_name);

TEST(ResolveConfig, IgnoreConfiguredEndpointUrlsFromTheProfile) {
  test::FakeHome home;
  home.environment.set("AWS_REGION", "us-east-1");
  home.write_config(
      "[default]\nignore_configured_endpoint_urls = true\n"
      "endpoint_url = http://profile:1\n");
  const auto config = resolve_config({}, home.environment);
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_TRUE(config->ignore_configured_endpoint_urls);
  EXPECT_EQ(config->runtime_endpoint.url, "https://bedrock-runtime.us-east-1.amazonaws.com");
}

TEST(ResolveConfig, FipsWithAConfiguredEndpointIsTheRuleSetErrorNamingTheEndpointSource) {
  test::FakeHome home;
  home.environment.set("AWS_REGION", "us-east-1")
      .set("AWS_USE_FIPS_ENDPOINT", "true")
      .set("AWS_ENDPOINT_URL", "http://localhost:8080");
  const auto config = resolve_config({}, home.environment);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().kind, ConfigError::Kind::kFipsWithCustomEndpoint);
  EXPECT_EQ(config.error().message,
            "Invalid Configuration: FIPS and custom endpoint are not supported");
  EXPECT_EQ(config.error().where, "environment AWS_ENDPOINT_URL");
}

TEST(ResolveConfig, AMalformedEndpointUrlIsRefusedNamingItsSource) {
  for (const char* bad : {"localhost:8080", "ftp://host", "http://", "http://host:port"}) {
    test::FakeHome home;
    home.environment.set("AWS_REGION", "us-east-1").set("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", bad);
    const auto config = resolve_config({}, home.environment);
    ASSERT_FALSE(config) << bad;
    EXPECT_EQ(config.error().kind, ConfigError::Kind::kInvalidEndpointUrl) << bad;
    EXPECT_EQ(config.error().where, "environment AWS_ENDPOINT_URL_BEDROCK_RUNTIME");
  }
}

TEST(ResolveConfig, AMalformedBooleanIsRefusedNamingTheVariable) {
  test::FakeHome home;
  home.environment.set("AWS_REGION", "us-east-1").set("AWS_USE_FIPS_ENDPOINT", "yes");
  const auto config = resolve_config({}, home.environment);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().kind, ConfigError::Kind::kInvalidValue);
  EXPECT_EQ(config.error().where, "environment AWS_USE_FIPS_ENDPOINT");
}

// ---------------------------------------------------------------- control-plane endpoint

class ControlPlaneEndpointPrecedence : public ::testing::TestWithParam<PrecedenceCase> {};

TEST_P(ControlPlaneEndpointPrecedence, ResolvesFromTheFirstSourceThatHasIt) {
  test::FakeHome home;
  home.environment.set("AWS_REGION", "us-west-2");
  apply(GetParam(), home);
  const auto config = resolve_config(GetParam().overrides, home.environment);
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->control_plane_endpoint.url, GetParam().expected);
  EXPECT_EQ(config->control_plane_endpoint.source.kind, GetParam().source);
  EXPECT_EQ(config->control_plane_endpoint.source.where, where_in(home, GetParam().where));
}

INSTANTIATE_TEST_SUITE_P(
    Table, ControlPlaneEndpointPrecedence,
    ::testing::Values(PrecedenceCase{"ExplicitControlPlaneEndpoint",
                                     {},
                                     make_overrides([](ConfigOverrides& o) {
                                       o.endpoint_url = "http://runtime-only:1";
                                       o.control_plane_endpoint_url = "http://control:2";
                                     }),
                                     "",
                                     "",
                                     "http://control:2",
                                     Kind::kExplicit,
                                     ""},
                      PrecedenceCase{"TheRuntimeOverrideDoesNotMoveTheControlPlane",
                                     {{"AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://env-runtime:4"}},
                                     make_overrides([](ConfigOverrides& o) {
                                       o.endpoint_url = "http://runtime-only:1";
                                     }),
                                     "",
                                     "",
                                     "https://bedrock.us-west-2.amazonaws.com",
                                     Kind::kEndpointRules,
                                     "us-west-2"},
                      PrecedenceCase{"ServiceVariable",
                                     {{"AWS_ENDPOINT_URL_BEDROCK", "http://env-control:7"},
                                      {"AWS_ENDPOINT_URL", "http://env-global:5"}},
                                     {},
                                     "",
                                     "",
                                     "http://env-control:7",
                                     Kind::kEnvironment,
                                     "AWS_ENDPOINT_URL_BEDROCK"},
                      PrecedenceCase{"GlobalVariableAppliesToBothPlanes",
                                     {{"AWS_ENDPOINT_URL", "http://env-global:5"}},
                                     {},
                                     "",
                                     "",
                                     "http://env-global:5",
                                     Kind::kEnvironment,
                                     "AWS_ENDPOINT_URL"},
                      PrecedenceCase{"ServicesSectionBedrockKey",
                                     {},
                                     {},
                                     kServicesConfig,
                                     "",
                                     "http://services-control:3",
                                     Kind::kServicesSection,
                                     "config:8"},
                      PrecedenceCase{"FipsHost",
                                     {{"AWS_USE_FIPS_ENDPOINT", "true"}},
                                     {},
                                     "",
                                     "",
                                     "https://bedrock-fips.us-west-2.amazonaws.com",
                                     Kind::kEndpointRules,
                                     "us-west-2"}),
    case_name);

// ---------------------------------------------------------------- VPC endpoints

TEST(IsVpcEndpointHost, RecognisesEndpointSpecificPrivateLinkNames) {
  EXPECT_TRUE(is_vpc_endpoint_host(
      "vpce-0123456789abcdef0-abcd1234.bedrock-runtime.us-east-1.vpce.amazonaws.com"));
  EXPECT_TRUE(is_vpc_endpoint_host(
      "VPCE-0123456789abcdef0-abcd1234-us-east-1a.bedrock-runtime.us-east-1.vpce.amazonaws.com"));
  EXPECT_FALSE(is_vpc_endpoint_host("bedrock-runtime.us-east-1.amazonaws.com"));
  EXPECT_FALSE(is_vpc_endpoint_host("vpce-lookalike.example.com"));
  EXPECT_FALSE(is_vpc_endpoint_host("vpce-.vpce.amazonaws.com"));
  EXPECT_FALSE(is_vpc_endpoint_host("localhost"));
}

TEST(ResolveConfig, FlagsAVpcEndpointHostAndKeepsTheSigningRegion) {
  test::FakeHome home;
  home.environment.set("AWS_REGION", "us-east-1")
      .set("AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
           "https://vpce-0123456789abcdef0-abcd1234.bedrock-runtime.us-east-1.vpce.amazonaws.com");
  const auto config = resolve_config({}, home.environment);
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_TRUE(config->vpc_endpoint);
  EXPECT_TRUE(config->runtime_endpoint.vpc_endpoint);
  EXPECT_EQ(config->runtime_endpoint.host,
            "vpce-0123456789abcdef0-abcd1234.bedrock-runtime.us-east-1.vpce.amazonaws.com");
  EXPECT_EQ(config->region, "us-east-1");
  EXPECT_FALSE(config->control_plane_endpoint.vpc_endpoint);
}

TEST(UrlHost, ExtractsTheHostWithoutPortOrUserinfo) {
  EXPECT_EQ(url_host("http://localhost:8080/x"), "localhost");
  EXPECT_EQ(url_host("https://user:pw@example.com?q"), "example.com");
  EXPECT_EQ(url_host("http://[::1]:9000"), "::1");
  EXPECT_EQ(url_host("https://bedrock-runtime.us-east-1.amazonaws.com"),
            "bedrock-runtime.us-east-1.amazonaws.com");
  EXPECT_FALSE(url_host("localhost:8080"));
  EXPECT_FALSE(url_host("http://:80"));
  EXPECT_FALSE(url_host("http://host:99999999"));
}

// ---------------------------------------------------------------- retries and CA bundle

struct RetryCase {
  std::string name;
  std::map<std::string, std::string> variables;
  ConfigOverrides overrides;
  std::string config;
  RetryModeSetting mode;
  int attempts;
  Kind attempts_source;
};

void PrintTo(const RetryCase& test_case, std::ostream* out) { *out << test_case.name; }

class RetryPrecedence : public ::testing::TestWithParam<RetryCase> {};

TEST_P(RetryPrecedence, ResolvesModeAndAttempts) {
  test::FakeHome home;
  home.environment.set("AWS_REGION", "us-east-1");
  for (const auto& [name, value] : GetParam().variables) home.environment.set(name, value);
  if (!GetParam().config.empty()) home.write_config(GetParam().config);
  const auto config = resolve_config(GetParam().overrides, home.environment);
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->retry_mode, GetParam().mode);
  EXPECT_EQ(config->max_attempts, GetParam().attempts);
  EXPECT_EQ(config->max_attempts_source.kind, GetParam().attempts_source);
}

INSTANTIATE_TEST_SUITE_P(
    Table, RetryPrecedence,
    ::testing::Values(RetryCase{"DefaultIsStandardWithThreeAttempts",
                                {},
                                {},
                                "",
                                RetryModeSetting::kStandard,
                                3,
                                Kind::kDefault},
                      RetryCase{"LegacyModeDefaultsToFiveAttempts",
                                {{"AWS_RETRY_MODE", "legacy"}},
                                {},
                                "",
                                RetryModeSetting::kLegacy,
                                5,
                                Kind::kDefault},
                      RetryCase{"VariablesBeatTheProfile",
                                {{"AWS_RETRY_MODE", "adaptive"}, {"AWS_MAX_ATTEMPTS", "7"}},
                                {},
                                "[default]\nretry_mode = legacy\nmax_attempts = 2\n",
                                RetryModeSetting::kAdaptive,
                                7,
                                Kind::kEnvironment},
                      RetryCase{"ProfileKeys",
                                {},
                                {},
                                "[default]\nretry_mode = legacy\nmax_attempts = 2\n",
                                RetryModeSetting::kLegacy,
                                2,
                                Kind::kProfile},
                      RetryCase{"ExplicitBeatsVariables",
                                {{"AWS_RETRY_MODE", "legacy"}, {"AWS_MAX_ATTEMPTS", "7"}},
                                make_overrides([](ConfigOverrides& o) {
                                  o.retry_mode = "standard";
                                  o.max_attempts = 1;
                                }),
                                "",
                                RetryModeSetting::kStandard,
                                1,
                                Kind::kExplicit}),
    case_name);

TEST(ResolveConfig, BadRetrySettingsAreRefusedNamingTheirSource) {
  for (const auto& [variable, value] :
       std::vector<std::pair<std::string, std::string>>{{"AWS_RETRY_MODE", "aggressive"},
                                                        {"AWS_MAX_ATTEMPTS", "0"},
                                                        {"AWS_MAX_ATTEMPTS", "three"},
                                                        {"AWS_MAX_ATTEMPTS", "5x"},
                                                        {"AWS_MAX_ATTEMPTS", "1000"}}) {
    test::FakeHome home;
    home.environment.set("AWS_REGION", "us-east-1").set(variable, value);
    const auto config = resolve_config({}, home.environment);
    ASSERT_FALSE(config) << variable << "=" << value;
    EXPECT_EQ(config.error().kind, ConfigError::Kind::kInvalidValue);
    EXPECT_EQ(config.error().where, "environment " + variable);
  }
}

TEST(ResolveConfig, CaBundleFromExplicitThenVariableThenProfile) {
  test::FakeHome home;
  home.environment.set("AWS_REGION", "us-east-1");
  home.write_config("[default]\nca_bundle = /profile/ca.pem\n");
  auto config = resolve_config({}, home.environment);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->ca_bundle, "/profile/ca.pem");
  EXPECT_EQ(config->ca_bundle_source.kind, Kind::kProfile);

  home.environment.set("AWS_CA_BUNDLE", "/env/ca.pem");
  config = resolve_config({}, home.environment);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->ca_bundle, "/env/ca.pem");
  EXPECT_EQ(config->ca_bundle_source.where, "AWS_CA_BUNDLE");

  ConfigOverrides overrides;
  overrides.ca_bundle = "/explicit/ca.pem";
  config = resolve_config(overrides, home.environment);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->ca_bundle, "/explicit/ca.pem");
}

TEST(ResolveConfig, NoCaBundleByDefault) {
  test::FakeHome home;
  home.environment.set("AWS_REGION", "us-east-1");
  const auto config = resolve_config({}, home.environment);
  ASSERT_TRUE(config);
  EXPECT_FALSE(config->ca_bundle);
}

TEST(SettingSource, DescribesEachKind) {
  EXPECT_EQ((SettingSource{Kind::kEnvironment, "AWS_REGION"}.describe()), "environment AWS_REGION");
  EXPECT_EQ((SettingSource{Kind::kProfile, "/h/.aws/config:3"}.describe()),
            "profile /h/.aws/config:3");
  EXPECT_EQ(SettingSource{}.describe(), "default");
}

}  // namespace
}  // namespace bedrock::client
