#include "bedrock/protocol/model_id.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>

namespace bedrock::model_id {
namespace {

std::string test_name(std::string text) {
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return text.empty() ? "empty" : text.substr(0, 120);
}

// ---- Valid identifiers ----

struct ValidCase {
  std::string label;
  std::string text;
  ModelIdKind kind;
  std::string provider;
  std::string base_model_id;
  std::optional<Geo> geo;
  std::string partition;
  std::string region;
  std::string account;
  std::string resource_id;
};

class ValidModelId : public ::testing::TestWithParam<ValidCase> {};
void PrintTo(const ValidCase& valid, std::ostream* out) { *out << valid.text; }

TEST_P(ValidModelId, ParsesIntoTheExpectedFields) {
  const ValidCase& want = GetParam();
  const auto parsed = parse_model_id(want.text);
  ASSERT_TRUE(parsed.has_value()) << want.text << ": " << parsed.error().detail;
  EXPECT_EQ(parsed->kind, want.kind);
  EXPECT_EQ(parsed->text, want.text);
  EXPECT_EQ(parsed->provider, want.provider);
  EXPECT_EQ(parsed->base_model_id, want.base_model_id);
  EXPECT_EQ(parsed->geo, want.geo);
  EXPECT_EQ(parsed->partition, want.partition);
  EXPECT_EQ(parsed->region, want.region);
  EXPECT_EQ(parsed->account, want.account);
  EXPECT_EQ(parsed->resource_id, want.resource_id);
}

using K = ModelIdKind;
const std::string kAcct = "123456789012";

INSTANTIATE_TEST_SUITE_P(
    Reference, ValidModelId,
    ::testing::Values(
        ValidCase{"claude_v2", "anthropic.claude-v2", K::kFoundationModel, "anthropic",
                  "anthropic.claude-v2", std::nullopt, "", "", "", ""},
        ValidCase{"sonnet35v2", "anthropic.claude-3-5-sonnet-20241022-v2:0", K::kFoundationModel,
                  "anthropic", "anthropic.claude-3-5-sonnet-20241022-v2:0", std::nullopt, "", "", "",
                  ""},
        ValidCase{"context_window", "anthropic.claude-3-sonnet-20240229-v1:0:28k",
                  K::kFoundationModel, "anthropic", "anthropic.claude-3-sonnet-20240229-v1:0:28k",
                  std::nullopt, "", "", "", ""},
        ValidCase{"titan", "amazon.titan-text-express-v1", K::kFoundationModel, "amazon",
                  "amazon.titan-text-express-v1", std::nullopt, "", "", "", ""},
        ValidCase{"mistral", "mistral.mistral-7b-instruct-v0:2", K::kFoundationModel, "mistral",
                  "mistral.mistral-7b-instruct-v0:2", std::nullopt, "", "", "", ""},
        ValidCase{"us_profile", "us.anthropic.claude-3-5-sonnet-20241022-v2:0", K::kSystemProfile,
                  "anthropic", "anthropic.claude-3-5-sonnet-20241022-v2:0", Geo::kUs, "", "", "",
                  ""},
        ValidCase{"eu_profile", "eu.anthropic.claude-haiku-4-5-20251001-v1:0", K::kSystemProfile,
                  "anthropic", "anthropic.claude-haiku-4-5-20251001-v1:0", Geo::kEu, "", "", "",
                  ""},
        ValidCase{"apac_profile", "apac.amazon.nova-lite-v1:0", K::kSystemProfile, "amazon",
                  "amazon.nova-lite-v1:0", Geo::kApac, "", "", "", ""},
        ValidCase{"jp_profile", "jp.anthropic.claude-sonnet-4-5-20250929-v1:0", K::kSystemProfile,
                  "anthropic", "anthropic.claude-sonnet-4-5-20250929-v1:0", Geo::kJp, "", "", "",
                  ""},
        ValidCase{"au_profile", "au.anthropic.claude-sonnet-4-5-20250929-v1:0", K::kSystemProfile,
                  "anthropic", "anthropic.claude-sonnet-4-5-20250929-v1:0", Geo::kAu, "", "", "",
                  ""},
        ValidCase{"us_gov_profile", "us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0",
                  K::kSystemProfile, "anthropic", "anthropic.claude-3-5-sonnet-20240620-v1:0",
                  Geo::kUsGov, "", "", "", ""},
        ValidCase{"global_profile", "global.anthropic.claude-sonnet-4-20250514-v1:0",
                  K::kSystemProfile, "anthropic", "anthropic.claude-sonnet-4-20250514-v1:0",
                  Geo::kGlobal, "", "", "", ""},
        ValidCase{"fm_arn", "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2",
                  K::kFoundationModelArn, "anthropic", "anthropic.claude-v2", std::nullopt, "aws",
                  "us-east-1", "", "anthropic.claude-v2"},
        ValidCase{"fm_arn_regionless",
                  "arn:aws:bedrock:::foundation-model/anthropic.claude-opus-4-6-v1",
                  K::kFoundationModelArn, "anthropic", "anthropic.claude-opus-4-6-v1", std::nullopt,
                  "aws", "", "", "anthropic.claude-opus-4-6-v1"},
        ValidCase{"fm_arn_cn", "arn:aws-cn:bedrock:cn-north-1::foundation-model/amazon.nova-lite-v1:0",
                  K::kFoundationModelArn, "amazon", "amazon.nova-lite-v1:0", std::nullopt, "aws-cn",
                  "cn-north-1", "", "amazon.nova-lite-v1:0"},
        ValidCase{"profile_arn",
                  "arn:aws:bedrock:us-east-2:123456789012:inference-profile/"
                  "us.anthropic.claude-3-5-sonnet-20240620-v1:0",
                  K::kInferenceProfileArn, "anthropic", "anthropic.claude-3-5-sonnet-20240620-v1:0",
                  Geo::kUs, "aws", "us-east-2", kAcct,
                  "us.anthropic.claude-3-5-sonnet-20240620-v1:0"},
        ValidCase{"profile_arn_gov",
                  "arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/"
                  "us-gov.anthropic.claude-3-haiku-20240307-v1:0",
                  K::kInferenceProfileArn, "anthropic", "anthropic.claude-3-haiku-20240307-v1:0",
                  Geo::kUsGov, "aws-us-gov", "us-gov-west-1", kAcct,
                  "us-gov.anthropic.claude-3-haiku-20240307-v1:0"},
        ValidCase{"app_profile_arn",
                  "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz",
                  K::kApplicationInferenceProfileArn, "", "", std::nullopt, "aws", "us-east-1",
                  kAcct, "abc123xyz"},
        ValidCase{"provisioned_arn",
                  "arn:aws:bedrock:us-west-2:123456789012:provisioned-model/abcdef123456",
                  K::kProvisionedModelArn, "", "", std::nullopt, "aws", "us-west-2", kAcct,
                  "abcdef123456"},
        ValidCase{"custom_model_arn",
                  "arn:aws:bedrock:us-east-1:123456789012:custom-model/"
                  "amazon.titan-text-express-v1:0:8k/ly16hhi765j4",
                  K::kCustomModelArn, "amazon", "amazon.titan-text-express-v1:0:8k", std::nullopt,
                  "aws", "us-east-1", kAcct, "amazon.titan-text-express-v1:0:8k/ly16hhi765j4"},
        ValidCase{"custom_deployment_arn",
                  "arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/a1b2c3d4e5f6",
                  K::kCustomModelDeploymentArn, "", "", std::nullopt, "aws", "us-east-1", kAcct,
                  "a1b2c3d4e5f6"},
        ValidCase{"imported_arn",
                  "arn:aws:bedrock:eu-west-1:123456789012:imported-model/zzzzzzzzzzzz",
                  K::kImportedModelArn, "", "", std::nullopt, "aws", "eu-west-1", kAcct,
                  "zzzzzzzzzzzz"},
        ValidCase{"prompt_arn", "arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234",
                  K::kPromptArn, "", "", std::nullopt, "aws", "us-east-1", kAcct, "PROMPT1234"},
        ValidCase{"prompt_arn_version",
                  "arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234:12", K::kPromptArn, "",
                  "", std::nullopt, "aws", "us-east-1", kAcct, "PROMPT1234"},
        ValidCase{"prompt_router_arn",
                  "arn:aws:bedrock:us-east-1:123456789012:prompt-router/my-router.v1",
                  K::kPromptRouterArn, "", "", std::nullopt, "aws", "us-east-1", kAcct,
                  "my-router.v1"},
        ValidCase{"default_router_arn",
                  "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/"
                  "anthropic.claude:1",
                  K::kDefaultPromptRouterArn, "", "", std::nullopt, "aws", "us-east-1", kAcct,
                  "anthropic.claude:1"},
        ValidCase{"sagemaker_arn", "arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint",
                  K::kSageMakerEndpointArn, "", "", std::nullopt, "aws", "us-east-1", kAcct,
                  "my-endpoint"}),
    [](const auto& param_info) { return param_info.param.label; });

TEST(ParsedModelId, PromptVersionIsSeparated) {
  const auto parsed = parse_model_id("arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234:12");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->prompt_version, "12");
  const auto unversioned = parse_model_id("arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234");
  ASSERT_TRUE(unversioned.has_value());
  EXPECT_EQ(unversioned->prompt_version, std::nullopt);
}

TEST(ParsedModelId, ProfileIdComesFromBareProfilesAndSystemProfileArns) {
  EXPECT_EQ(parse_model_id("us.amazon.nova-pro-v1:0")->profile_id(), "us.amazon.nova-pro-v1:0");
  EXPECT_EQ(parse_model_id("arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
                           "global.amazon.nova-2-lite-v1:0")
                ->profile_id(),
            "global.amazon.nova-2-lite-v1:0");
  EXPECT_EQ(parse_model_id("amazon.nova-pro-v1:0")->profile_id(), std::nullopt);
  EXPECT_TRUE(parse_model_id("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0")
                  ->is_arn());
}

TEST(ModelIdLength, AcceptsExactly2048AndRejects2049) {
  const std::string prefix = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/";
  const std::string at_limit = prefix + std::string(kMaxModelIdLength - prefix.size(), 'a');
  EXPECT_TRUE(parse_model_id(at_limit).has_value());
  const auto too_long = parse_model_id(at_limit + "a");
  ASSERT_FALSE(too_long.has_value());
  EXPECT_EQ(too_long.error().kind, ModelIdErrorKind::kTooLong);
}

// ---- Invalid identifiers ----

struct InvalidCase {
  std::string text;
  ModelIdErrorKind kind;
};
class InvalidModelId : public ::testing::TestWithParam<InvalidCase> {};
void PrintTo(const InvalidCase& invalid, std::ostream* out) {
  *out << ::testing::PrintToString(invalid.text.substr(0, 80));
}

TEST_P(InvalidModelId, IsRejectedWithTheExpectedErrorKind) {
  const auto parsed = parse_model_id(GetParam().text);
  ASSERT_FALSE(parsed.has_value()) << GetParam().text;
  EXPECT_EQ(parsed.error().kind, GetParam().kind)
      << GetParam().text << " -> " << to_string(parsed.error().kind) << ": "
      << parsed.error().detail;
  EXPECT_FALSE(parsed.error().detail.empty());
}

using E = ModelIdErrorKind;
INSTANTIATE_TEST_SUITE_P(
    Reference, InvalidModelId,
    ::testing::Values(
        InvalidCase{"", E::kEmpty},
        InvalidCase{std::string(2049, 'a'), E::kTooLong},
        InvalidCase{"anthropic.claude v2", E::kBadCharacter},
        InvalidCase{"anthropic.claude%3Av2", E::kBadCharacter},
        InvalidCase{std::string("anthropic.claude\0v2", 19), E::kBadCharacter},
        InvalidCase{"anthropic.claude\xE2\x80\x99v2", E::kBadCharacter},
        InvalidCase{"anthropic.claude-v2?x=1", E::kBadCharacter},
        InvalidCase{"does-not-exist", E::kMalformedModelId},
        InvalidCase{"does-not-exist::", E::kMalformedModelId},
        InvalidCase{"Anthropic.Claude-v2", E::kMalformedModelId},
        InvalidCase{"anthropic.", E::kMalformedModelId},
        InvalidCase{".claude", E::kMalformedModelId},
        InvalidCase{"anthropic.claude:0:1:2", E::kMalformedModelId},
        InvalidCase{"anthropic.claude/v2", E::kMalformedModelId},
        InvalidCase{"a.b.c.d", E::kMalformedModelId},
        InvalidCase{"ca.anthropic.claude-3-haiku-20240307-v1:0", E::kUnknownGeoPrefix},
        InvalidCase{"us.anthropic.", E::kMalformedModelId},
        InvalidCase{"arn:", E::kMalformedArn},
        InvalidCase{"arn:aws:bedrock:us-east-1", E::kMalformedArn},
        InvalidCase{"arn::bedrock:us-east-1::foundation-model/a.b", E::kMalformedArn},
        InvalidCase{"arn:azure:bedrock:us-east-1::foundation-model/a.b", E::kUnknownPartition},
        InvalidCase{"arn:aws:s3:::bucket/key", E::kUnsupportedArnService},
        InvalidCase{"arn:aws:bedrock:us-east-1:123456789012:guardrail/abc", E::kUnknownArnResourceType},
        InvalidCase{"arn:aws:bedrock:us-east-1:123456789012:endpoint/abc", E::kUnknownArnResourceType},
        InvalidCase{"arn:aws:sagemaker:us-east-1:123456789012:model/abc", E::kUnknownArnResourceType},
        InvalidCase{"arn:aws:bedrock:us-east-1:123456789012:inference-profile", E::kMalformedArn},
        InvalidCase{"arn:aws:bedrock:US-EAST-1::foundation-model/a.b", E::kMalformedArn},
        InvalidCase{"arn:aws:bedrock:us-east-1:12345:inference-profile/x", E::kMalformedArn},
        InvalidCase{"arn:aws:bedrock:us-east-1:123456789012:foundation-model/a.b", E::kMalformedArn},
        InvalidCase{"arn:aws:bedrock::123456789012:inference-profile/us.a.b", E::kMalformedArn},
        InvalidCase{"arn:aws:bedrock:us-east-1::inference-profile/us.a.b", E::kMalformedArn},
        InvalidCase{"arn:aws:bedrock:us-east-1::foundation-model/", E::kMalformedArnResource},
        InvalidCase{"arn:aws:bedrock:us-east-1::foundation-model/not-a-model", E::kMalformedArnResource},
        InvalidCase{"arn:aws:bedrock:us-east-1:123456789012:inference-profile/", E::kMalformedArnResource},
        InvalidCase{"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a/b",
                    E::kMalformedArnResource},
        InvalidCase{"arn:aws:bedrock:us-east-1:123456789012:provisioned-model/short", E::kMalformedArnResource},
        InvalidCase{"arn:aws:bedrock:us-east-1:123456789012:provisioned-model/ABCDEF123456",
                    E::kMalformedArnResource},
        InvalidCase{"arn:aws:bedrock:us-east-1:123456789012:custom-model/abcdef123456",
                    E::kMalformedArnResource},
        InvalidCase{"arn:aws:bedrock:us-east-1:123456789012:prompt/SHORT", E::kMalformedArnResource},
        InvalidCase{"arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234:123456",
                    E::kMalformedArnResource},
        InvalidCase{"arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234:", E::kMalformedArnResource},
        InvalidCase{"arn:aws:sagemaker:us-east-1:123456789012:endpoint/my_endpoint",
                    E::kMalformedArnResource}),
    [](const auto& param_info) {
      return test_name(param_info.param.text) + "_" + std::to_string(param_info.index);
    });

TEST(ModelIdHostileInput, RandomBytesNeverCrashAndAlwaysGiveAValueOrATypedError) {
  std::mt19937 generator(20251126);
  using namespace std::string_literals;
  const std::string alphabet = "arnws:bedrock-foundation/model.us0123456789?%\0\xFF "s;
  for (int round = 0; round < 5000; ++round) {
    const std::size_t length = generator() % 200;
    std::string text;
    for (std::size_t i = 0; i < length; ++i) {
      text += (generator() % 4 == 0) ? static_cast<char>(generator() % 256)
                                     : alphabet[generator() % alphabet.size()];
    }
    if (round % 3 == 0) text = "arn:aws:bedrock:" + text;
    const auto parsed = parse_model_id(text);
    if (parsed) {
      EXPECT_FALSE(parsed->text.empty());
    } else {
      EXPECT_FALSE(to_string(parsed.error().kind).empty());
    }
  }
}

// ---- Regions, geographies, builders ----

TEST(GeoForRegion, MapsDocumentedRegionsToTheirPrefix) {
  EXPECT_EQ(geo_for_region("us-east-1"), Geo::kUs);
  EXPECT_EQ(geo_for_region("us-west-1"), Geo::kUs);
  EXPECT_EQ(geo_for_region("eu-central-2"), Geo::kEu);
  EXPECT_EQ(geo_for_region("ap-northeast-1"), Geo::kApac);
  EXPECT_EQ(geo_for_region("ap-southeast-2"), Geo::kApac);
  EXPECT_EQ(geo_for_region("me-central-1"), Geo::kApac);
  EXPECT_EQ(geo_for_region("us-gov-west-1"), Geo::kUsGov);
  EXPECT_EQ(geo_for_region("us-gov-east-1"), Geo::kUsGov);
  EXPECT_EQ(geo_for_region("ca-central-1"), std::nullopt);
  EXPECT_EQ(geo_for_region("sa-east-1"), std::nullopt);
  EXPECT_EQ(geo_for_region(""), std::nullopt);
}

TEST(GeosIncludingRegion, ListsNarrowGeosAndGlobalForCommercialRegions) {
  EXPECT_EQ(geos_including_region("ap-northeast-1"),
            (std::vector<Geo>{Geo::kApac, Geo::kJp, Geo::kGlobal}));
  EXPECT_EQ(geos_including_region("ap-southeast-4"),
            (std::vector<Geo>{Geo::kApac, Geo::kAu, Geo::kGlobal}));
  EXPECT_EQ(geos_including_region("ca-central-1"), (std::vector<Geo>{Geo::kGlobal}));
  EXPECT_EQ(geos_including_region("us-gov-west-1"), (std::vector<Geo>{Geo::kUsGov}));
  EXPECT_EQ(geos_including_region("cn-north-1"), (std::vector<Geo>{}));
}

TEST(RegionsOfGeo, EveryListedRegionMapsBackToItsGeo) {
  for (Geo geo : {Geo::kUs, Geo::kEu, Geo::kApac, Geo::kJp, Geo::kAu, Geo::kUsGov}) {
    ASSERT_FALSE(regions_of_geo(geo).empty()) << to_string(geo);
    for (std::string_view region : regions_of_geo(geo)) {
      const auto geos = geos_including_region(region);
      EXPECT_NE(std::find(geos.begin(), geos.end(), geo), geos.end()) << region;
    }
  }
  EXPECT_TRUE(regions_of_geo(Geo::kGlobal).empty());
}

TEST(PartitionOfRegion, RecognisesChinaGovCloudAndIso) {
  EXPECT_EQ(partition_of_region("us-east-1"), "aws");
  EXPECT_EQ(partition_of_region("cn-northwest-1"), "aws-cn");
  EXPECT_EQ(partition_of_region("us-gov-east-1"), "aws-us-gov");
  EXPECT_EQ(partition_of_region("us-iso-east-1"), "aws-iso");
  EXPECT_EQ(partition_of_region("us-isob-east-1"), "aws-iso-b");
}

TEST(GeoNames, RoundTripThroughText) {
  for (Geo geo : {Geo::kUs, Geo::kEu, Geo::kApac, Geo::kJp, Geo::kAu, Geo::kUsGov, Geo::kGlobal}) {
    EXPECT_EQ(parse_geo(to_string(geo)), geo);
  }
  EXPECT_EQ(parse_geo("ca"), std::nullopt);
  EXPECT_EQ(parse_geo("US"), std::nullopt);
}

TEST(ProfileIdForRegion, PrefixesTheModelWithTheRegionsGeo) {
  EXPECT_EQ(profile_id_for_region("anthropic.claude-3-7-sonnet-20250219-v1:0", "us-east-1").value(),
            "us.anthropic.claude-3-7-sonnet-20250219-v1:0");
  EXPECT_EQ(profile_id_for_region("amazon.nova-lite-v1:0", "eu-west-3").value(),
            "eu.amazon.nova-lite-v1:0");
  EXPECT_EQ(profile_id_for_region("amazon.nova-lite-v1:0", "us-gov-west-1").value(),
            "us-gov.amazon.nova-lite-v1:0");
  const auto no_geo = profile_id_for_region("amazon.nova-lite-v1:0", "ca-central-1");
  ASSERT_FALSE(no_geo.has_value());
  EXPECT_EQ(no_geo.error().kind, ModelIdErrorKind::kNoGeoForRegion);
  const auto already_profile = profile_id_for_region("us.amazon.nova-lite-v1:0", "us-east-1");
  ASSERT_FALSE(already_profile.has_value());
  EXPECT_EQ(already_profile.error().kind, ModelIdErrorKind::kMalformedModelId);
}

TEST(GlobalProfileId, PrefixesWithGlobal) {
  EXPECT_EQ(global_profile_id("anthropic.claude-sonnet-4-5-20250929-v1:0").value(),
            "global.anthropic.claude-sonnet-4-5-20250929-v1:0");
  EXPECT_FALSE(global_profile_id("").has_value());
}

TEST(ArnBuilders, ProduceArnsThatParseBack) {
  EXPECT_EQ(foundation_model_arn("anthropic.claude-v2", "us-east-1"),
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2");
  EXPECT_EQ(foundation_model_arn("anthropic.claude-v2", ""),
            "arn:aws:bedrock:::foundation-model/anthropic.claude-v2");
  EXPECT_EQ(foundation_model_arn("amazon.nova-lite-v1:0", "cn-north-1"),
            "arn:aws-cn:bedrock:cn-north-1::foundation-model/amazon.nova-lite-v1:0");
  EXPECT_EQ(inference_profile_arn("us.amazon.nova-pro-v1:0", "us-east-2", "123456789012"),
            "arn:aws:bedrock:us-east-2:123456789012:inference-profile/us.amazon.nova-pro-v1:0");
  EXPECT_EQ(inference_profile_arn("us-gov.amazon.nova-pro-v1:0", "us-gov-west-1", "123456789012"),
            "arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/"
            "us-gov.amazon.nova-pro-v1:0");
  EXPECT_EQ(application_inference_profile_arn("abc123xyz", "us-east-1", "123456789012"),
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz");
  for (const std::string& arn :
       {foundation_model_arn("anthropic.claude-v2", ""),
        inference_profile_arn("us.amazon.nova-pro-v1:0", "us-east-2", "123456789012"),
        application_inference_profile_arn("abc123xyz", "us-east-1", "123456789012")}) {
    EXPECT_TRUE(parse_model_id(arn).has_value()) << arn;
  }
}

}  // namespace
}  // namespace bedrock::model_id
