// Control-plane results (reference §9): hand-written bodies with unmodeled members, and the
// bundled mock's answers read back by the client.
#include "bedrock/client/control_plane_types.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bedrock/client/inference_profile_resolver.hpp"
#include "bedrock/mock/control_plane.hpp"
#include "bedrock/mock/model_catalog.hpp"
#include "support/shared_data.hpp"

namespace bedrock::client {
namespace {

constexpr const char* kListFoundationModels = R"({
  "modelSummaries": [
    {
      "customizationsSupported": [],
      "inferenceTypesSupported": ["INFERENCE_PROFILE"],
      "inputModalities": ["TEXT", "IMAGE", "VIDEO"],
      "modelArn": "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",
      "modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0",
      "modelLifecycle": {"status": "ACTIVE", "startOfLifeTime": "2024-10-22T00:00:00Z"},
      "modelName": "Claude 3.5 Sonnet v2",
      "outputModalities": ["TEXT"],
      "providerName": "Anthropic",
      "responseStreamingSupported": true,
      "somethingNew": {"x": 1}
    },
    {
      "inferenceTypesSupported": [],
      "modelArn": "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-sonnet-20240229-v1:0:28k",
      "modelId": "anthropic.claude-3-sonnet-20240229-v1:0:28k"
    }
  ],
  "p": "unknown top-level member"
})";

TEST(ListFoundationModels, ParsesSummariesIgnoringUnknownMembers) {
  auto models = parse_list_foundation_models(kListFoundationModels);
  ASSERT_TRUE(models) << models.error().message();
  ASSERT_EQ(models->size(), 2u);
  const FoundationModelSummary& sonnet = (*models)[0];
  EXPECT_EQ(sonnet.model_id, "anthropic.claude-3-5-sonnet-20241022-v2:0");
  EXPECT_EQ(sonnet.provider_name, "Anthropic");
  EXPECT_EQ(sonnet.input_modalities, (std::vector<std::string>{"TEXT", "IMAGE", "VIDEO"}));
  EXPECT_EQ(sonnet.response_streaming_supported, true);
  EXPECT_EQ(sonnet.lifecycle_status, "ACTIVE");
  EXPECT_TRUE(sonnet.supports_inference_type("INFERENCE_PROFILE"));
  EXPECT_FALSE(sonnet.supports_inference_type("ON_DEMAND"));
  // Context-window variants list no inference type at all (reference §9).
  EXPECT_TRUE((*models)[1].inference_types_supported.empty());
  EXPECT_FALSE((*models)[1].model_name.has_value());
}

TEST(ListFoundationModels, SummaryWithoutModelIdNamesThePath) {
  auto models = parse_list_foundation_models(R"({"modelSummaries":[{"modelArn":"a"}]})");
  ASSERT_FALSE(models);
  EXPECT_EQ(models.error().path, "modelSummaries[0].modelId");
}

TEST(GetFoundationModel, ReadsModelDetails) {
  auto model = parse_get_foundation_model(
      R"({"modelDetails":{"modelArn":"arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0","modelId":"amazon.nova-micro-v1:0","inferenceTypesSupported":["ON_DEMAND","INFERENCE_PROFILE"]}})");
  ASSERT_TRUE(model) << model.error().message();
  EXPECT_EQ(model->model_id, "amazon.nova-micro-v1:0");
  EXPECT_TRUE(model->supports_inference_type("ON_DEMAND"));
}

constexpr const char* kListInferenceProfiles = R"({
  "inferenceProfileSummaries": [
    {
      "createdAt": "2024-10-22T00:00:00.123456789Z",
      "description": "Routes requests to Anthropic Claude 3.5 Sonnet v2 in us-east-1, us-east-2 and us-west-2.",
      "inferenceProfileArn": "arn:aws:bedrock:us-east-2:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0",
      "inferenceProfileId": "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
      "inferenceProfileName": "US Anthropic Claude 3.5 Sonnet v2",
      "models": [
        {"modelArn": "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0"},
        {"modelArn": "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0"},
        {"modelArn": "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0"},
        {"modelArn": "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0"}
      ],
      "status": "ACTIVE",
      "toolboxArn": null,
      "type": "SYSTEM_DEFINED",
      "updatedAt": "2024-10-22T00:00:00Z"
    }
  ],
  "nextToken": "page-2"
})";

TEST(ListInferenceProfiles, ParsesPageWithDestinationRegionsFromTheModelArns) {
  auto page = parse_list_inference_profiles(kListInferenceProfiles);
  ASSERT_TRUE(page) << page.error().message();
  EXPECT_EQ(page->next_token, "page-2");
  ASSERT_EQ(page->summaries.size(), 1u);
  const InferenceProfile& profile = page->summaries[0];
  EXPECT_EQ(profile.id, "us.anthropic.claude-3-5-sonnet-20241022-v2:0");
  EXPECT_EQ(profile.name, "US Anthropic Claude 3.5 Sonnet v2");
  EXPECT_TRUE(profile.is_system_defined());
  EXPECT_EQ(profile.status, "ACTIVE");
  EXPECT_EQ(profile.model_arns.size(), 4u);
  EXPECT_EQ(profile.destination_regions,
            (std::vector<std::string>{"us-east-2", "us-east-1", "us-west-2"}));
  EXPECT_TRUE(profile.contains_model("anthropic.claude-3-5-sonnet-20241022-v2:0"));
  EXPECT_FALSE(profile.contains_model("anthropic.claude-3-haiku-20240307-v1:0"));
}

TEST(ListInferenceProfiles, LastPageHasNoToken) {
  auto page = parse_list_inference_profiles(R"({"inferenceProfileSummaries":[]})");
  ASSERT_TRUE(page);
  EXPECT_FALSE(page->next_token.has_value());
  EXPECT_TRUE(page->summaries.empty());
}

TEST(ListInferenceProfiles, ProfileWithoutModelsIsAMissingMember) {
  auto page = parse_list_inference_profiles(
      R"({"inferenceProfileSummaries":[{"inferenceProfileId":"x","inferenceProfileName":"x","inferenceProfileArn":"a","status":"ACTIVE","type":"SYSTEM_DEFINED"}]})");
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().path, "inferenceProfileSummaries[0].models");
}

TEST(GetInferenceProfile, GlobalProfileRegionLessArnAddsNoRegion) {
  auto profile = parse_get_inference_profile(
      R"({"inferenceProfileArn":"arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0","inferenceProfileId":"global.anthropic.claude-sonnet-4-5-20250929-v1:0","inferenceProfileName":"Global Claude Sonnet 4.5","models":[{"modelArn":"arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"}],"status":"ACTIVE","type":"SYSTEM_DEFINED"})");
  ASSERT_TRUE(profile) << profile.error().message();
  EXPECT_TRUE(profile->destination_regions.empty());
  EXPECT_TRUE(profile->contains_model("anthropic.claude-sonnet-4-5-20250929-v1:0"));
}

TEST(GetInferenceProfile, UnreadableModelArnIsKeptWithoutRegion) {
  auto profile = parse_get_inference_profile(
      R"({"inferenceProfileArn":"a","inferenceProfileId":"i","inferenceProfileName":"n","models":[{"modelArn":"not an arn"}],"status":"ACTIVE","type":"APPLICATION"})");
  ASSERT_TRUE(profile) << profile.error().message();
  EXPECT_EQ(profile->model_arns, std::vector<std::string>{"not an arn"});
  EXPECT_TRUE(profile->destination_regions.empty());
}

// The bundled mock's ListInferenceProfiles answer, read by the client, resolves the seed's model.
TEST(ListInferenceProfiles, MockAnswerReadsBackAndResolvesTheSeedModel) {
  auto catalog = mock::ModelCatalog::load(test::source_dir() / "fixtures" / "catalog");
  ASSERT_TRUE(catalog);
  const auto target = operations::parse_request_target("GET", "/inference-profiles");
  ASSERT_TRUE(target);
  const auto answer = mock::answer_control_plane(*catalog, target->operation, *target, "us-east-2");
  ASSERT_EQ(answer.status, 200) << answer.body;
  auto page = parse_list_inference_profiles(answer.body);
  ASSERT_TRUE(page) << page.error().message();
  ASSERT_FALSE(page->summaries.empty());

  auto resolved = resolve_inference_profile("anthropic.claude-3-5-sonnet-20241022-v2:0",
                                            "us-east-2", page->summaries);
  ASSERT_TRUE(resolved) << resolved.error().explanation;
  EXPECT_EQ(resolved->model_id, "us.anthropic.claude-3-5-sonnet-20241022-v2:0");
  EXPECT_EQ(resolved->source, ProfileSource::kListed);
}

}  // namespace
}  // namespace bedrock::client
