// The endpoint rule set: botocore's own test cases (shared vectors) through both the pure rules
// and resolve_config, plus the project's cases for the control plane and the partitions.
#include "bedrock/client/endpoint_rules.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bedrock/client/config.hpp"
#include "support/shared_data.hpp"

namespace bedrock::client {
namespace {

struct RuleCase {
  std::string name;
  EndpointRuleParams params;
  std::optional<std::string> url;
  std::optional<std::string> error;
};

void PrintTo(const RuleCase& test_case, std::ostream* out) { *out << test_case.name; }

std::vector<RuleCase> load_botocore_cases(const std::filesystem::path& file) {
  const auto json = nlohmann::json::parse(test::read_file(file));
  std::vector<RuleCase> cases;
  for (const auto& test_case : json.at("testCases")) {
    RuleCase parsed;
    parsed.name = test_case.value("documentation", "unnamed");
    if (const auto params = test_case.find("params"); params != test_case.end()) {
      if (params->contains("Region")) parsed.params.region = params->at("Region");
      parsed.params.use_fips = params->value("UseFIPS", false);
      parsed.params.use_dualstack = params->value("UseDualStack", false);
      if (params->contains("Endpoint")) parsed.params.endpoint = params->at("Endpoint");
    }
    const auto& expect = test_case.at("expect");
    if (expect.contains("endpoint")) parsed.url = expect.at("endpoint").at("url");
    if (expect.contains("error")) parsed.error = expect.at("error");
    cases.push_back(std::move(parsed));
  }
  return cases;
}

#define LOAD_BOTOCORE_CASES(cases)                                         \
  REQUIRE_SHARED(rules_file,                                               \
                 "vectors/botocore-models/endpoint-rules/bedrock-runtime/" \
                 "endpoint-tests-1.json");                                 \
  const auto cases = load_botocore_cases(rules_file);                      \
  ASSERT_GE(cases.size(), 20u)

TEST(BotocoreEndpointTests, EveryCaseThroughTheRuleSet) {
  LOAD_BOTOCORE_CASES(cases);
  for (const auto& test_case : cases) {
    SCOPED_TRACE(test_case.name);
    const auto url = resolve_endpoint_rules(test_case.params, EndpointService::kRuntime);
    if (test_case.url) {
      ASSERT_TRUE(url) << url.error().to_string();
      EXPECT_EQ(*url, *test_case.url);
    } else {
      ASSERT_FALSE(url) << *url;
      EXPECT_EQ(url.error().message, *test_case.error);
    }
  }
}

// The same cases as configuration: region, FIPS, dual-stack and endpoint given explicitly. We
// always sign with a region, so "custom endpoint without a region" is a Missing Region error in
// resolve_config (the rule set alone accepts it, above).
TEST(BotocoreEndpointTests, EveryCaseThroughResolveConfig) {
  LOAD_BOTOCORE_CASES(cases);
  FakeEnvironment environment;  // no HOME, no variables
  for (const auto& test_case : cases) {
    SCOPED_TRACE(test_case.name);
    ConfigOverrides overrides;
    overrides.region = test_case.params.region;
    overrides.use_fips_endpoint = test_case.params.use_fips;
    overrides.use_dualstack_endpoint = test_case.params.use_dualstack;
    overrides.endpoint_url = test_case.params.endpoint;
    const auto config = resolve_config(overrides, environment);
    if (!test_case.params.region) {
      ASSERT_FALSE(config);
      EXPECT_EQ(config.error().kind, ConfigError::Kind::kMissingRegion);
      EXPECT_EQ(config.error().message, "Invalid Configuration: Missing Region");
    } else if (test_case.url) {
      ASSERT_TRUE(config) << config.error().to_string();
      EXPECT_EQ(config->runtime_endpoint.url, *test_case.url);
      EXPECT_EQ(config->runtime_endpoint.custom, test_case.params.endpoint.has_value());
    } else {
      ASSERT_FALSE(config);
      EXPECT_EQ(config.error().message, *test_case.error);
    }
  }
}

class ProjectRuleCases : public ::testing::TestWithParam<RuleCase> {};

TEST_P(ProjectRuleCases, ControlPlaneAndPartitions) {
  const auto& test_case = GetParam();
  const auto service = test_case.name.rfind("ControlPlane", 0) == 0 ? EndpointService::kControlPlane
                                                                    : EndpointService::kRuntime;
  const auto url = resolve_endpoint_rules(test_case.params, service);
  if (test_case.url) {
    ASSERT_TRUE(url) << url.error().to_string();
    EXPECT_EQ(*url, *test_case.url);
  } else {
    ASSERT_FALSE(url) << *url;
    EXPECT_EQ(url.error().message, *test_case.error);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ProjectRuleCases,
    ::testing::Values(
        RuleCase{"ControlPlaneStandard",
                 {"us-east-1", false, false, {}},
                 "https://bedrock.us-east-1.amazonaws.com",
                 {}},
        RuleCase{"ControlPlaneFips",
                 {"us-west-2", true, false, {}},
                 "https://bedrock-fips.us-west-2.amazonaws.com",
                 {}},
        RuleCase{"ControlPlaneChina",
                 {"cn-northwest-1", false, false, {}},
                 "https://bedrock.cn-northwest-1.amazonaws.com.cn",
                 {}},
        RuleCase{"ControlPlaneCustom",
                 {"us-east-1", false, false, "http://localhost:1"},
                 "http://localhost:1",
                 {}},
        RuleCase{"RuntimeGovWestFips",
                 {"us-gov-west-1", true, false, {}},
                 "https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com",
                 {}},
        RuleCase{"RuntimeUnknownRegionFallsIntoAws",
                 {"xx-north-9", false, false, {}},
                 "https://bedrock-runtime.xx-north-9.amazonaws.com",
                 {}},
        RuleCase{"RuntimeGlobalPseudoRegionOfChina",
                 {"aws-cn-global", false, false, {}},
                 "https://bedrock-runtime.aws-cn-global.amazonaws.com.cn",
                 {}},
        RuleCase{"RuntimeIsoDualstackIsUnsupported",
                 {"us-iso-east-1", false, true, {}},
                 {},
                 "DualStack is enabled but this partition does not support DualStack"},
        RuleCase{"RuntimeIsoFipsDualstackIsUnsupported",
                 {"us-isob-east-1", true, true, {}},
                 {},
                 "FIPS and DualStack are enabled, but this partition does not support one or "
                 "both"},
        RuleCase{"RuntimeRegionThatIsNoHostLabel",
                 {"us-east-1.evil.com/", false, false, {}},
                 {},
                 "Invalid Configuration: the region is not a valid host label"},
        RuleCase{"RuntimeMissingRegion",
                 {{}, false, false, {}},
                 {},
                 "Invalid Configuration: Missing Region"},
        RuleCase{"RuntimeFipsWithCustomEndpoint",
                 {"us-east-1", true, true, "https://e"},
                 {},
                 "Invalid Configuration: FIPS and custom endpoint are not supported"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(PartitionOf, MapsRegionsToTheirPartitions) {
  EXPECT_EQ(partition_of("us-east-2").name, "aws");
  EXPECT_EQ(partition_of("il-central-1").name, "aws");
  EXPECT_EQ(partition_of("cn-north-1").name, "aws-cn");
  EXPECT_EQ(partition_of("us-gov-east-1").name, "aws-us-gov");
  EXPECT_EQ(partition_of("us-iso-east-1").name, "aws-iso");
  EXPECT_EQ(partition_of("us-isob-east-1").name, "aws-iso-b");
  EXPECT_EQ(partition_of("eu-isoe-west-1").name, "aws-iso-e");
  EXPECT_EQ(partition_of("us-isof-south-1").name, "aws-iso-f");
  EXPECT_EQ(partition_of("eusc-de-east-1").name, "aws-eusc");
}

}  // namespace
}  // namespace bedrock::client
