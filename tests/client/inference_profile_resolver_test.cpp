// The inference-profile decision (issue #4, the seed's fix; reference §8, §9).
#include "bedrock/client/inference_profile_resolver.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "bedrock/protocol/error_messages.hpp"

namespace bedrock::client {
namespace {

constexpr std::string_view kSonnet = "anthropic.claude-3-5-sonnet-20241022-v2:0";

std::string test_name(std::string text) {
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return text;
}

// ---- Policy ------------------------------------------------------------------------------------

TEST(InferenceProfilePolicy, ParsesAndPrintsTheThreeValues) {
  for (auto policy : {InferenceProfilePolicy::kNever, InferenceProfilePolicy::kAuto,
                      InferenceProfilePolicy::kAlways}) {
    EXPECT_EQ(parse_inference_profile_policy(to_string(policy)), policy);
  }
  EXPECT_FALSE(parse_inference_profile_policy("Auto").has_value());
  EXPECT_FALSE(parse_inference_profile_policy("").has_value());
}

TEST(InferenceProfilePolicy, OnlyAlwaysResolvesBeforeTheCall) {
  EXPECT_FALSE(resolves_before_call(InferenceProfilePolicy::kNever));
  EXPECT_FALSE(resolves_before_call(InferenceProfilePolicy::kAuto));
  EXPECT_TRUE(resolves_before_call(InferenceProfilePolicy::kAlways));
}

TEST(InferenceProfilePolicy, OnlyAutoRetriesAndOnlyOnTheOnDemandError) {
  const auto on_demand = errors::on_demand_throughput_not_supported(kSonnet);
  EXPECT_TRUE(retries_with_profile(InferenceProfilePolicy::kAuto, on_demand));
  EXPECT_FALSE(retries_with_profile(InferenceProfilePolicy::kNever, on_demand));
  EXPECT_FALSE(retries_with_profile(InferenceProfilePolicy::kAlways, on_demand));
  EXPECT_FALSE(
      retries_with_profile(InferenceProfilePolicy::kAuto, errors::invalid_model_identifier()));
}

// ---- Recognising the on-demand error -----------------------------------------------------------

TEST(OnDemandError, RecognisesTheRealTextWithTypographicApostrophe) {
  const auto error = errors::on_demand_throughput_not_supported(
      "anthropic.claude-3-7-sonnet-20250219-v1:0");
  ASSERT_NE(error.message.find("isn\xE2\x80\x99t"), std::string::npos);
  EXPECT_TRUE(is_on_demand_not_supported(error));
}

TEST(OnDemandError, ToleratesAnAsciiApostrophe) {
  const auto error = errors::make_error(
      errors::ErrorCode::kValidation,
      "Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand "
      "throughput isn't supported. Retry your request with the ID or ARN of an inference "
      "profile that contains this model.");
  EXPECT_TRUE(is_on_demand_not_supported(error));
}

TEST(OnDemandError, OtherValidationErrorsAndOtherCodesAreNotIt) {
  EXPECT_FALSE(is_on_demand_not_supported(errors::invalid_model_identifier()));
  EXPECT_FALSE(is_on_demand_not_supported(
      errors::make_error(errors::ErrorCode::kAccessDenied,
                         errors::on_demand_throughput_not_supported(kSonnet).message)));
}

TEST(OnDemandError, ModelIdIsReadFromTheMessage) {
  EXPECT_EQ(model_id_in_on_demand_message(
                errors::on_demand_throughput_not_supported(kSonnet).message),
            std::string(kSonnet));
  EXPECT_FALSE(model_id_in_on_demand_message("The provided model identifier is invalid.")
                   .has_value());
}

// ---- Without a list: the region's geography ----------------------------------------------------

struct DerivedCase {
  const char* region;
  const char* expected;  // nullptr: no geography
};

// Readable test parameters in gtest and ctest output.
void PrintTo(const DerivedCase& c, std::ostream* os) { *os << c.region; }

class ProfileFromRegionGeography : public ::testing::TestWithParam<DerivedCase> {};

TEST_P(ProfileFromRegionGeography, Resolves) {
  auto resolved = resolve_inference_profile(kSonnet, GetParam().region);
  if (GetParam().expected == nullptr) {
    ASSERT_FALSE(resolved);
    EXPECT_EQ(resolved.error().kind, ProfileResolutionErrorKind::kNoGeoForRegion);
    EXPECT_NE(resolved.error().explanation.find(GetParam().region), std::string::npos);
    return;
  }
  ASSERT_TRUE(resolved) << resolved.error().explanation;
  EXPECT_EQ(resolved->model_id, GetParam().expected);
  EXPECT_EQ(resolved->source, ProfileSource::kRegionDerived);
  EXPECT_TRUE(resolved->changed());
}

const DerivedCase kDerived[] = {
    {"us-east-1", "us.anthropic.claude-3-5-sonnet-20241022-v2:0"},
    {"us-east-2", "us.anthropic.claude-3-5-sonnet-20241022-v2:0"},
    {"us-west-2", "us.anthropic.claude-3-5-sonnet-20241022-v2:0"},
    {"eu-central-1", "eu.anthropic.claude-3-5-sonnet-20241022-v2:0"},
    {"eu-west-3", "eu.anthropic.claude-3-5-sonnet-20241022-v2:0"},
    {"ap-northeast-1", "apac.anthropic.claude-3-5-sonnet-20241022-v2:0"},
    {"ap-southeast-2", "apac.anthropic.claude-3-5-sonnet-20241022-v2:0"},
    {"me-central-1", "apac.anthropic.claude-3-5-sonnet-20241022-v2:0"},
    {"us-gov-west-1", "us-gov.anthropic.claude-3-5-sonnet-20241022-v2:0"},
    {"ca-central-1", nullptr},
    {"sa-east-1", nullptr},
    {"xx-nowhere-9", nullptr},
};

INSTANTIATE_TEST_SUITE_P(Regions, ProfileFromRegionGeography, ::testing::ValuesIn(kDerived),
                         [](const ::testing::TestParamInfo<DerivedCase>& param) {
                           return test_name(param.param.region);
                         });

TEST(ProfileResolution, ExplainsTheSeedFixInOneLine) {
  auto resolved = resolve_inference_profile(kSonnet, "us-east-2");
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->explanation,
            "anthropic.claude-3-5-sonnet-20241022-v2:0 needs an inference profile in us-east-2: "
            "using us.anthropic.claude-3-5-sonnet-20241022-v2:0 (derived from the region's "
            "geography)");
}

// ---- IDs that need nothing ---------------------------------------------------------------------

class AlreadyResolvedIds : public ::testing::TestWithParam<const char*> {};

TEST_P(AlreadyResolvedIds, AreLeftAlone) {
  auto resolved = resolve_inference_profile(GetParam(), "us-east-2");
  ASSERT_TRUE(resolved) << resolved.error().explanation;
  EXPECT_EQ(resolved->model_id, GetParam());
  EXPECT_EQ(resolved->source, ProfileSource::kUnchanged);
  EXPECT_FALSE(resolved->changed());
  EXPECT_NE(resolved->explanation.find("used as given"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Ids, AlreadyResolvedIds,
    ::testing::Values(
        "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
        "eu.anthropic.claude-3-5-sonnet-20241022-v2:0",
        "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0",
        "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",
        "arn:aws:bedrock:us-east-2:123456789012:inference-profile/"
        "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/1arbu5hu2sjr"),
    [](const ::testing::TestParamInfo<const char*>& param) {
      return std::to_string(param.index) + "_" + test_name(std::string(param.param).substr(0, 20));
    });

TEST(ProfileResolution, TextThatIsNoModelIdIsRefused) {
  auto resolved = resolve_inference_profile("not a model id", "us-east-1");
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().kind, ProfileResolutionErrorKind::kInvalidModelId);
}

// ---- With a ListInferenceProfiles answer -------------------------------------------------------

InferenceProfile system_profile(std::string id, std::string base,
                                std::vector<std::string> regions) {
  InferenceProfile profile;
  profile.id = std::move(id);
  profile.name = profile.id;
  profile.arn = "arn:aws:bedrock:us-east-2:123456789012:inference-profile/" + profile.id;
  profile.status = "ACTIVE";
  profile.type = "SYSTEM_DEFINED";
  for (const auto& region : regions) {
    profile.model_arns.push_back("arn:aws:bedrock:" + region + "::foundation-model/" + base);
  }
  profile.destination_regions = std::move(regions);
  profile.foundation_model_ids = {std::move(base)};
  return profile;
}

struct ListedCase {
  const char* name;
  const char* model;
  const char* region;
  std::vector<InferenceProfile> profiles;
  const char* expected;  // nullptr: no usable profile
};

// Readable test parameters in gtest and ctest output.
void PrintTo(const ListedCase& c, std::ostream* os) { *os << c.name; }

class ProfileFromList : public ::testing::TestWithParam<ListedCase> {};

TEST_P(ProfileFromList, Chooses) {
  const ListedCase& c = GetParam();
  auto resolved = resolve_inference_profile(c.model, c.region, c.profiles);
  if (c.expected == nullptr) {
    ASSERT_FALSE(resolved) << resolved->model_id;
    EXPECT_EQ(resolved.error().kind, ProfileResolutionErrorKind::kNoListedProfile);
    return;
  }
  ASSERT_TRUE(resolved) << resolved.error().explanation;
  EXPECT_EQ(resolved->model_id, c.expected);
  EXPECT_EQ(resolved->source, ProfileSource::kListed);
}

const std::string kHaiku45 = "anthropic.claude-haiku-4-5-20251001-v1:0";

InferenceProfile application_profile() {
  InferenceProfile profile = system_profile("1arbu5hu2sjr", std::string(kSonnet), {"us-east-2"});
  profile.type = "APPLICATION";
  return profile;
}

InferenceProfile inactive(InferenceProfile profile) {
  profile.status = "INACTIVE";
  return profile;
}

const ListedCase kListed[] = {
    {"UsFromUsEast2", "anthropic.claude-3-5-sonnet-20241022-v2:0", "us-east-2",
     {system_profile("us.amazon.nova-micro-v1:0", "amazon.nova-micro-v1:0", {"us-east-1"}),
      system_profile("us.anthropic.claude-3-5-sonnet-20241022-v2:0", std::string(kSonnet),
                     {"us-east-1", "us-east-2", "us-west-2"})},
     "us.anthropic.claude-3-5-sonnet-20241022-v2:0"},
    {"RegionGeoBeatsGlobal", "anthropic.claude-haiku-4-5-20251001-v1:0", "eu-west-1",
     {system_profile("global." + kHaiku45, kHaiku45, {}),
      system_profile("eu." + kHaiku45, kHaiku45, {"eu-west-1", "eu-central-1"})},
     "eu.anthropic.claude-haiku-4-5-20251001-v1:0"},
    {"GlobalWhenOnlyGlobalIsListed", "anthropic.claude-haiku-4-5-20251001-v1:0", "ca-central-1",
     {system_profile("global." + kHaiku45, kHaiku45, {})},
     "global.anthropic.claude-haiku-4-5-20251001-v1:0"},
    {"JpWhenApacIsMissing", "anthropic.claude-haiku-4-5-20251001-v1:0", "ap-northeast-1",
     {system_profile("global." + kHaiku45, kHaiku45, {}),
      system_profile("jp." + kHaiku45, kHaiku45, {"ap-northeast-1", "ap-northeast-3"})},
     "jp.anthropic.claude-haiku-4-5-20251001-v1:0"},
    {"ApacBeatsJpInTokyo", "anthropic.claude-haiku-4-5-20251001-v1:0", "ap-northeast-1",
     {system_profile("jp." + kHaiku45, kHaiku45, {"ap-northeast-1"}),
      system_profile("apac." + kHaiku45, kHaiku45, {"ap-northeast-1", "ap-south-1"})},
     "apac.anthropic.claude-haiku-4-5-20251001-v1:0"},
    {"AuInSydney", "anthropic.claude-haiku-4-5-20251001-v1:0", "ap-southeast-2",
     {system_profile("au." + kHaiku45, kHaiku45, {"ap-southeast-2", "ap-southeast-4"})},
     "au.anthropic.claude-haiku-4-5-20251001-v1:0"},
    {"UsGov", "anthropic.claude-3-5-sonnet-20241022-v2:0", "us-gov-west-1",
     {system_profile("us-gov.anthropic.claude-3-5-sonnet-20241022-v2:0", std::string(kSonnet),
                     {"us-gov-west-1", "us-gov-east-1"})},
     "us-gov.anthropic.claude-3-5-sonnet-20241022-v2:0"},
    {"ProfileOfAnotherGeographyIsNotUsable", "anthropic.claude-3-5-sonnet-20241022-v2:0",
     "eu-west-1",
     {system_profile("us.anthropic.claude-3-5-sonnet-20241022-v2:0", std::string(kSonnet),
                     {"us-east-1"})},
     nullptr},
    {"OtherModelsDoNotCount", "anthropic.claude-3-5-sonnet-20241022-v2:0", "us-east-2",
     {system_profile("us.amazon.nova-micro-v1:0", "amazon.nova-micro-v1:0", {"us-east-1"})},
     nullptr},
    {"ApplicationProfilesAreSkipped", "anthropic.claude-3-5-sonnet-20241022-v2:0", "us-east-2",
     {application_profile()}, nullptr},
    {"InactiveProfilesAreSkipped", "anthropic.claude-3-5-sonnet-20241022-v2:0", "us-east-2",
     {inactive(system_profile("us.anthropic.claude-3-5-sonnet-20241022-v2:0",
                              std::string(kSonnet), {"us-east-1"}))},
     nullptr},
    {"EmptyListFindsNothing", "anthropic.claude-3-5-sonnet-20241022-v2:0", "us-east-2", {},
     nullptr},
};

INSTANTIATE_TEST_SUITE_P(Lists, ProfileFromList, ::testing::ValuesIn(kListed),
                         [](const ::testing::TestParamInfo<ListedCase>& param) {
                           return std::string(param.param.name);
                         });

TEST(ProfileResolution, ListedChoiceSaysItWasFoundWithListInferenceProfiles) {
  const std::vector<InferenceProfile> profiles = {system_profile(
      "us.anthropic.claude-3-5-sonnet-20241022-v2:0", std::string(kSonnet), {"us-east-2"})};
  auto resolved = resolve_inference_profile(kSonnet, "us-east-2", profiles);
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->explanation,
            "anthropic.claude-3-5-sonnet-20241022-v2:0 needs an inference profile in us-east-2: "
            "using us.anthropic.claude-3-5-sonnet-20241022-v2:0 (found with "
            "ListInferenceProfiles)");
}

TEST(ProfileResolution, NoListedProfileExplanationNamesTheDerivedCandidate) {
  const std::vector<InferenceProfile> none;
  auto resolved = resolve_inference_profile(kSonnet, "us-east-2", none);
  ASSERT_FALSE(resolved);
  EXPECT_NE(resolved.error().explanation.find("us.anthropic.claude-3-5-sonnet-20241022-v2:0"),
            std::string::npos);
}

TEST(ProfileResolution, ProfileIdAloneIdentifiesTheModelWhenModelArnsAreMissing) {
  InferenceProfile profile = system_profile("us.anthropic.claude-3-5-sonnet-20241022-v2:0",
                                            std::string(kSonnet), {});
  profile.foundation_model_ids.clear();
  const std::vector<InferenceProfile> profiles = {profile};
  auto resolved = resolve_inference_profile(kSonnet, "us-west-2", profiles);
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->model_id, profile.id);
}

}  // namespace
}  // namespace bedrock::client
