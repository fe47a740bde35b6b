#include "bedrock/mock/model_catalog.hpp"

#include <gtest/gtest.h>

#include <ostream>

#include <fstream>
#include <functional>

#include <nlohmann/json.hpp>

#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::mock {
namespace {

using Json = nlohmann::ordered_json;

// A small valid catalog the error cases mutate one member at a time.
Json base_document() {
  return Json::parse(R"({
    "format": "bedrock-testbed-catalog/1",
    "account": "111122223333",
    "regions": ["us-east-1", "us-east-2", "us-west-2", "eu-west-1"],
    "models": [
      {
        "modelId": "anthropic.claude-test-v1:0",
        "modelName": "Claude Test",
        "providerName": "Anthropic",
        "family": "anthropic-messages",
        "inputModalities": ["TEXT"],
        "outputModalities": ["TEXT"],
        "responseStreamingSupported": true,
        "lifecycle": "ACTIVE",
        "inferenceTypes": {
          "us-east-1": ["ON_DEMAND", "INFERENCE_PROFILE"],
          "us-east-2": ["INFERENCE_PROFILE"],
          "us-west-2": ["INFERENCE_PROFILE"]
        },
        "profiles": {"us": ["us-east-1", "us-east-2", "us-west-2"]}
      },
      {
        "modelId": "amazon.nova-test-v1:0",
        "modelName": "Nova Test",
        "providerName": "Amazon",
        "family": "amazon-nova",
        "inputModalities": ["TEXT"],
        "outputModalities": ["TEXT"],
        "inferenceTypes": {"eu-west-1": ["ON_DEMAND"]}
      }
    ]
  })");
}

Expected<ModelCatalog, CatalogError> parse(const Json& document) {
  return ModelCatalog::parse(document.dump(), "test-catalog.json");
}

std::filesystem::path bundled_catalog() { return test::source_dir() / "fixtures" / "catalog"; }

TEST(ModelCatalog, BaseDocumentIsValid) {
  auto catalog = parse(base_document());
  ASSERT_TRUE(catalog) << catalog.error().to_string();
  EXPECT_EQ(catalog->account(), "111122223333");
  EXPECT_EQ(catalog->models().size(), 2u);
}

TEST(ModelCatalog, BundledCatalogLoadsAndHasTheSeedModel) {
  auto catalog = ModelCatalog::load(bundled_catalog());
  ASSERT_TRUE(catalog) << catalog.error().to_string();
  const CatalogModel* seed = catalog->find_model("anthropic.claude-3-5-sonnet-20241022-v2:0");
  ASSERT_NE(seed, nullptr);
  EXPECT_FALSE(seed->supports("us-east-2", InferenceType::kOnDemand));
  EXPECT_TRUE(seed->supports("us-east-2", InferenceType::kInferenceProfile));
  EXPECT_TRUE(catalog->find_profile("us.anthropic.claude-3-5-sonnet-20241022-v2:0"));
}

TEST(ModelCatalog, LooksUpModelsAndProfiles) {
  auto catalog = parse(base_document());
  ASSERT_TRUE(catalog);
  ASSERT_NE(catalog->find_model("amazon.nova-test-v1:0"), nullptr);
  EXPECT_EQ(catalog->find_model("amazon.nova-test-v1:0")->family, "amazon-nova");
  EXPECT_EQ(catalog->find_model("us.anthropic.claude-test-v1:0"), nullptr);
  EXPECT_EQ(catalog->find_model("nope.nothing-v1:0"), nullptr);

  const auto profile = catalog->find_profile("us.anthropic.claude-test-v1:0");
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->model->model_id, "anthropic.claude-test-v1:0");
  EXPECT_EQ(profile->profile->geo, model_id::Geo::kUs);
  const auto* destinations = profile->profile->destinations_from("us-east-2");
  ASSERT_NE(destinations, nullptr);
  EXPECT_EQ(*destinations, (std::vector<std::string>{"us-east-1", "us-east-2", "us-west-2"}));
  EXPECT_EQ(profile->profile->destinations_from("eu-west-1"), nullptr);
  EXPECT_FALSE(catalog->find_profile("eu.anthropic.claude-test-v1:0"));
}

TEST(ModelCatalog, ListsModelsOfferedInARegionInCatalogOrder) {
  auto catalog = parse(base_document());
  ASSERT_TRUE(catalog);
  const auto in_us_east_2 = catalog->models_in_region("us-east-2");
  ASSERT_EQ(in_us_east_2.size(), 1u);
  EXPECT_EQ(in_us_east_2[0]->model_id, "anthropic.claude-test-v1:0");
  const auto in_eu = catalog->models_in_region("eu-west-1");
  ASSERT_EQ(in_eu.size(), 1u);
  EXPECT_EQ(in_eu[0]->model_id, "amazon.nova-test-v1:0");
  EXPECT_TRUE(catalog->models_in_region("ap-south-1").empty());
}

TEST(ModelCatalog, ListsProfilesCallableFromARegion) {
  auto catalog = parse(base_document());
  ASSERT_TRUE(catalog);
  EXPECT_EQ(catalog->profiles_callable_from("us-west-2").size(), 1u);
  EXPECT_TRUE(catalog->profiles_callable_from("eu-west-1").empty());
}

TEST(ModelCatalog, LongProfileFormGivesDestinationsPerSourceRegion) {
  Json doc = base_document();
  doc["models"][0]["profiles"]["us"] =
      Json::parse(R"({"us-east-2": ["us-east-1", "us-east-2", "us-west-2"],
                      "us-west-2": ["us-east-1", "us-west-2"]})");
  auto catalog = parse(doc);
  ASSERT_TRUE(catalog) << catalog.error().to_string();
  const auto profile = catalog->find_profile("us.anthropic.claude-test-v1:0");
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->profile->destinations_from("us-west-2")->size(), 2u);
  EXPECT_EQ(profile->profile->destinations_from("us-east-2")->size(), 3u);
  // us-east-1 has INFERENCE_PROFILE but is only a destination here, never a source.
  EXPECT_EQ(profile->profile->destinations_from("us-east-1"), nullptr);
}

TEST(ModelCatalog, ErrorTextNamesFilePathAndProblem) {
  Json doc = base_document();
  doc["account"] = "12";
  auto catalog = parse(doc);
  ASSERT_FALSE(catalog);
  EXPECT_EQ(catalog.error().to_string(),
            "test-catalog.json: $.account: must be a 12-digit account ID string");
}

struct BadCatalog {
  std::string name;
  std::function<void(Json&)> mutate;
  std::string json_path;
  std::string message_part;
};

// Keeps ctest names readable (gtest would print the bytes).
void PrintTo(const BadCatalog& value, std::ostream* os) { *os << value.name; }

class ModelCatalogValidation : public ::testing::TestWithParam<BadCatalog> {};

TEST_P(ModelCatalogValidation, RejectsTheDocumentAtTheRightPath) {
  Json doc = base_document();
  GetParam().mutate(doc);
  auto catalog = parse(doc);
  ASSERT_FALSE(catalog) << "accepted a catalog with: " << GetParam().name;
  EXPECT_EQ(catalog.error().file, "test-catalog.json");
  EXPECT_EQ(catalog.error().json_path, GetParam().json_path) << catalog.error().message;
  EXPECT_NE(catalog.error().message.find(GetParam().message_part), std::string::npos)
      << catalog.error().message;
}

Json& model0(Json& doc) { return doc["models"][0]; }

INSTANTIATE_TEST_SUITE_P(
    Table, ModelCatalogValidation,
    ::testing::Values(
        BadCatalog{"wrong format", [](Json& d) { d["format"] = "catalog/2"; }, "$.format",
                   "unsupported format"},
        BadCatalog{"missing format", [](Json& d) { d.erase("format"); }, "$.format", "missing"},
        BadCatalog{"unknown top-level member", [](Json& d) { d["modles"] = Json::array(); },
                   "$.modles", "unknown member"},
        BadCatalog{"bad account", [](Json& d) { d["account"] = "abc"; }, "$.account", "12-digit"},
        BadCatalog{"bad region name", [](Json& d) { d["regions"][1] = "US East"; }, "$.regions[1]",
                   "not a Region name"},
        BadCatalog{"duplicate region", [](Json& d) { d["regions"][1] = "us-east-1"; },
                   "$.regions[1]", "duplicate Region"},
        BadCatalog{"missing modelId", [](Json& d) { model0(d).erase("modelId"); },
                   "$.models[0].modelId", "missing"},
        BadCatalog{"profile ID as modelId",
                   [](Json& d) { model0(d)["modelId"] = "us.anthropic.claude-test-v1:0"; },
                   "$.models[0].modelId", "not a foundation-model ID"},
        BadCatalog{"duplicate model",
                   [](Json& d) { d["models"][1]["modelId"] = "anthropic.claude-test-v1:0"; },
                   "$.models[1].modelId", "duplicate model"},
        BadCatalog{"unknown model member", [](Json& d) { model0(d)["inferenceType"] = 1; },
                   "$.models[0].inferenceType", "unknown member"},
        BadCatalog{"bad family", [](Json& d) { model0(d)["family"] = "Anthropic Messages"; },
                   "$.models[0].family", "not a family name"},
        BadCatalog{"unknown modality", [](Json& d) { model0(d)["outputModalities"][0] = "SOUND"; },
                   "$.models[0].outputModalities[0]", "unknown modality"},
        BadCatalog{"bad lifecycle", [](Json& d) { model0(d)["lifecycle"] = "RETIRED"; },
                   "$.models[0].lifecycle", "ACTIVE"},
        BadCatalog{"streaming flag not bool",
                   [](Json& d) { model0(d)["responseStreamingSupported"] = "yes"; },
                   "$.models[0].responseStreamingSupported", "true or false"},
        BadCatalog{"inference types for unlisted region",
                   [](Json& d) { d["models"][1]["inferenceTypes"]["ap-south-1"] = {"ON_DEMAND"}; },
                   "$.models[1].inferenceTypes.ap-south-1", "not listed in $.regions"},
        BadCatalog{"unknown inference type",
                   [](Json& d) { model0(d)["inferenceTypes"]["us-east-1"][0] = "ONDEMAND"; },
                   "$.models[0].inferenceTypes.us-east-1[0]", "unknown inference type"},
        BadCatalog{"duplicate inference type",
                   [](Json& d) { model0(d)["inferenceTypes"]["us-east-1"][1] = "ON_DEMAND"; },
                   "$.models[0].inferenceTypes.us-east-1[1]", "duplicate inference type"},
        BadCatalog{"unknown geography",
                   [](Json& d) { model0(d)["profiles"]["ca"] = {"us-east-1"}; },
                   "$.models[0].profiles.ca", "unknown geography"},
        BadCatalog{"profile region lacks INFERENCE_PROFILE",
                   [](Json& d) { model0(d)["inferenceTypes"]["us-east-2"] = {"ON_DEMAND"}; },
                   "$.models[0].profiles.us[1]", "lacks INFERENCE_PROFILE"},
        BadCatalog{"profile region outside its geography",
                   [](Json& d) {
                     model0(d)["inferenceTypes"]["eu-west-1"] = {"INFERENCE_PROFILE"};
                     model0(d)["profiles"]["us"][2] = "eu-west-1";
                   },
                   "$.models[0].profiles.us[2]", "not in geography \"us\""},
        BadCatalog{"profile region not in catalog",
                   [](Json& d) { model0(d)["profiles"]["us"][0] = "us-west-1"; },
                   "$.models[0].profiles.us[0]", "not listed in $.regions"},
        BadCatalog{"duplicate profile region",
                   [](Json& d) { model0(d)["profiles"]["us"][1] = "us-east-1"; },
                   "$.models[0].profiles.us[1]", "duplicate Region"},
        BadCatalog{"empty profile region list",
                   [](Json& d) { model0(d)["profiles"]["us"] = Json::array(); },
                   "$.models[0].profiles.us", "must not be empty"},
        BadCatalog{"long-form destination not in catalog",
                   [](Json& d) {
                     model0(d)["profiles"]["us"] =
                         Json::parse(R"({"us-east-2": ["us-east-2", "us-west-1"]})");
                   },
                   "$.models[0].profiles.us.us-east-2[1]", "not listed in $.regions"},
        BadCatalog{"INFERENCE_PROFILE without a callable profile",
                   [](Json& d) {
                     model0(d)["profiles"]["us"] = {"us-east-1", "us-east-2"};
                   },
                   "$.models[0].inferenceTypes.us-west-2",
                   "no profile of this model starts or ends"}),
    [](const ::testing::TestParamInfo<BadCatalog>& param) {
      std::string name = param.param.name;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

TEST(ModelCatalog, RejectsTextThatIsNotJson) {
  auto catalog = ModelCatalog::parse("{\"format\": ", "broken.json");
  ASSERT_FALSE(catalog);
  EXPECT_EQ(catalog.error().file, "broken.json");
  EXPECT_EQ(catalog.error().json_path, "$");
  EXPECT_NE(catalog.error().message.find("not valid JSON"), std::string::npos);
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(ModelCatalog, MissingFileIsAnErrorNamingIt) {
  test::TempDir dir;
  auto catalog = ModelCatalog::load(dir.path() / "absent.json");
  ASSERT_FALSE(catalog);
  EXPECT_EQ(catalog.error().file, (dir.path() / "absent.json").string());
}

TEST(ModelCatalog, FolderWithoutCatalogJsonIsAnError) {
  test::TempDir dir;
  auto catalog = ModelCatalog::load(dir.path());
  ASSERT_FALSE(catalog);
  EXPECT_NE(catalog.error().message.find("catalog.json"), std::string::npos);
}

TEST(ModelCatalog, FolderMergesExtraFilesWithTheSameAccount) {
  test::TempDir dir;
  write(dir.path() / "catalog.json", base_document().dump());
  Json extra = base_document();
  extra["regions"] = {"ap-south-1"};
  extra["models"] = Json::parse(R"([{"modelId": "meta.llama-test-v1:0", "modelName": "Llama Test",
      "providerName": "Meta", "family": "meta-llama", "inputModalities": ["TEXT"],
      "outputModalities": ["TEXT"], "inferenceTypes": {"ap-south-1": ["ON_DEMAND"]}}])");
  write(dir.path() / "more.json", extra.dump());
  auto catalog = ModelCatalog::load(dir.path());
  ASSERT_TRUE(catalog) << catalog.error().to_string();
  EXPECT_EQ(catalog->models().size(), 3u);
  EXPECT_TRUE(catalog->knows_region("ap-south-1"));
  EXPECT_NE(catalog->find_model("meta.llama-test-v1:0"), nullptr);
  EXPECT_NE(catalog->find_model("anthropic.claude-test-v1:0"), nullptr);
}

TEST(ModelCatalog, FolderRejectsAModelDefinedTwiceAcrossFiles) {
  test::TempDir dir;
  write(dir.path() / "catalog.json", base_document().dump());
  write(dir.path() / "again.json", base_document().dump());
  auto catalog = ModelCatalog::load(dir.path());
  ASSERT_FALSE(catalog);
  EXPECT_EQ(catalog.error().file, (dir.path() / "again.json").string());
  EXPECT_EQ(catalog.error().json_path, "$.models[0].modelId");
}

TEST(ModelCatalog, FolderRejectsDifferentAccounts) {
  test::TempDir dir;
  write(dir.path() / "catalog.json", base_document().dump());
  Json other = base_document();
  other["account"] = "999999999999";
  other["models"] = Json::array();
  write(dir.path() / "other.json", other.dump());
  auto catalog = ModelCatalog::load(dir.path());
  ASSERT_FALSE(catalog);
  EXPECT_EQ(catalog.error().json_path, "$.account");
}

TEST(ModelCatalog, CopiesKeepWorkingLookups) {
  auto parsed = parse(base_document());
  ASSERT_TRUE(parsed);
  const ModelCatalog copy = *parsed;
  parsed = parse(Json::parse(R"({"format":"bedrock-testbed-catalog/1","account":"111122223333",
      "regions":["us-east-1"],"models":[]})"));
  ASSERT_NE(copy.find_model("amazon.nova-test-v1:0"), nullptr);
  EXPECT_EQ(copy.find_profile("us.anthropic.claude-test-v1:0")->model, &copy.models()[0]);
}

}  // namespace
}  // namespace bedrock::mock
