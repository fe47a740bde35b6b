#include "bedrock/mock/control_plane.hpp"

#include <gtest/gtest.h>

#include <ostream>

#include <set>

#include <nlohmann/json.hpp>

#include "bedrock/mock/simulator.hpp"
#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/model_id.hpp"
#include "support/shared_data.hpp"

namespace bedrock::mock {
namespace {

using nlohmann::json;
using operations::Operation;

const Simulator& bundled() {
  static const Simulator simulator = [] {
    auto catalog = ModelCatalog::load(test::source_dir() / "fixtures" / "catalog");
    if (!catalog) throw std::runtime_error(catalog.error().to_string());
    return Simulator(std::move(*catalog));
  }();
  return simulator;
}

SimulatedAnswer get(const std::string& target, const std::string& region) {
  const auto parsed = operations::parse_request_target("GET", target);
  EXPECT_TRUE(parsed) << target;
  if (!parsed) return {};
  return bundled().answer_control_plane(parsed->operation, *parsed, region);
}

json get_json(const std::string& target, const std::string& region) {
  const SimulatedAnswer answer = get(target, region);
  EXPECT_EQ(answer.status, 200) << target << ": " << answer.body;
  EXPECT_EQ(answer.headers, (HeaderList{{"Content-Type", "application/json"}}));
  const json body = json::parse(answer.body);
  EXPECT_EQ(body.dump(), answer.body) << "keys not sorted or not compact";
  return body;
}

std::vector<std::string> model_ids(const json& summaries) {
  std::vector<std::string> ids;
  for (const json& summary : summaries) ids.push_back(summary["modelId"]);
  return ids;
}

// ---- ListFoundationModels --------------------------------------------------------------------

TEST(ListFoundationModels, ListsEveryModelOfferedInTheRegion) {
  const json body = get_json("/foundation-models", "us-east-2");
  const auto expected = bundled().catalog().models_in_region("us-east-2");
  ASSERT_EQ(body["modelSummaries"].size(), expected.size());
  const json& first = body["modelSummaries"][0];
  EXPECT_EQ(first["modelId"], expected[0]->model_id);
  EXPECT_EQ(first["modelArn"],
            "arn:aws:bedrock:us-east-2::foundation-model/" + expected[0]->model_id);
  for (const char* key :
       {"customizationsSupported", "inferenceTypesSupported", "inputModalities", "modelName",
        "outputModalities", "providerName", "responseStreamingSupported"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
  EXPECT_EQ(first["modelLifecycle"]["status"], "ACTIVE");
}

TEST(ListFoundationModels, FiltersByProviderCaseInsensitively) {
  const json by_name = get_json("/foundation-models?byProvider=Meta", "us-east-1");
  const json by_prefix = get_json("/foundation-models?byProvider=meta", "us-east-1");
  ASSERT_FALSE(by_name["modelSummaries"].empty());
  EXPECT_EQ(by_name, by_prefix);
  for (const json& summary : by_name["modelSummaries"]) EXPECT_EQ(summary["providerName"], "Meta");
  const json mistral = get_json("/foundation-models?byProvider=mistral", "us-east-1");
  EXPECT_EQ(model_ids(mistral["modelSummaries"]),
            std::vector<std::string>{"mistral.mistral-7b-instruct-v0:2"});
}

TEST(ListFoundationModels, FiltersByOutputModality) {
  const json body = get_json("/foundation-models?byOutputModality=EMBEDDING", "us-east-1");
  EXPECT_EQ(model_ids(body["modelSummaries"]),
            std::vector<std::string>{"amazon.titan-embed-text-v2:0"});
}

TEST(ListFoundationModels, FiltersByInferenceTypeConsistentlyWithResolve) {
  const json body = get_json("/foundation-models?byInferenceType=ON_DEMAND", "us-east-2");
  ASSERT_FALSE(body["modelSummaries"].empty());
  for (const json& summary : body["modelSummaries"]) {
    const std::string id = summary["modelId"];
    const auto types = summary["inferenceTypesSupported"].get<std::vector<std::string>>();
    EXPECT_NE(std::find(types.begin(), types.end(), "ON_DEMAND"), types.end()) << id;
    // Listed as ON_DEMAND here: the base ID is accepted by InvokeModel here.
    EXPECT_TRUE(bundled().resolve(Operation::kInvokeModel, id, "us-east-2")) << id;
  }
  // The seed model is profile-only in us-east-2, so it is not listed.
  for (const std::string& id : model_ids(body["modelSummaries"])) {
    EXPECT_NE(id, "anthropic.claude-3-5-sonnet-20241022-v2:0");
  }
}

TEST(ListFoundationModels, FiltersByCustomizationType) {
  const json body = get_json("/foundation-models?byCustomizationType=FINE_TUNING", "us-east-1");
  EXPECT_TRUE(body["modelSummaries"].empty());
}

TEST(ListFoundationModels, CombinedFiltersNarrowTogether) {
  const json body = get_json(
      "/foundation-models?byProvider=Amazon&byOutputModality=TEXT&byInferenceType=ON_DEMAND",
      "us-east-1");
  for (const json& summary : body["modelSummaries"]) {
    EXPECT_EQ(summary["providerName"], "Amazon");
    EXPECT_NE(summary["modelId"], "amazon.titan-embed-text-v2:0");
  }
  EXPECT_FALSE(body["modelSummaries"].empty());
}

struct BadFilter {
  std::string name;
  std::string query;
  std::string message;
};

// Keeps ctest names readable (gtest would print the bytes).
void PrintTo(const BadFilter& value, std::ostream* os) { *os << value.name; }

class ListFoundationModelsErrors : public ::testing::TestWithParam<BadFilter> {};

TEST_P(ListFoundationModelsErrors, AnswerCoralShapeValidation) {
  const SimulatedAnswer answer = get("/foundation-models?" + GetParam().query, "us-east-1");
  EXPECT_EQ(answer.status, 400);
  ASSERT_TRUE(answer.error);
  EXPECT_EQ(answer.error->message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ListFoundationModelsErrors,
    ::testing::Values(
        BadFilter{"modality", "byOutputModality=AUDIO",
                  "1 validation error detected: Value at 'byOutputModality' failed to satisfy "
                  "constraint: Member must satisfy enum value set: [TEXT, IMAGE, EMBEDDING]"},
        BadFilter{"inference_type", "byInferenceType=INFERENCE_PROFILE",
                  "1 validation error detected: Value at 'byInferenceType' failed to satisfy "
                  "constraint: Member must satisfy enum value set: [ON_DEMAND, PROVISIONED]"},
        BadFilter{"customization", "byCustomizationType=LORA",
                  "1 validation error detected: Value at 'byCustomizationType' failed to satisfy "
                  "constraint: Member must satisfy enum value set: [FINE_TUNING, "
                  "CONTINUED_PRE_TRAINING, DISTILLATION]"}),
    [](const ::testing::TestParamInfo<BadFilter>& param) { return param.param.name; });

// ---- GetFoundationModel ----------------------------------------------------------------------

TEST(GetFoundationModel, AnswersModelDetailsByIdAndByArn) {
  const json by_id = get_json("/foundation-models/amazon.nova-micro-v1%3A0", "us-east-1");
  const json by_arn = get_json(
      "/foundation-models/"
      "arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Famazon.nova-micro-v1%3A0",
      "us-east-1");
  EXPECT_EQ(by_id, by_arn);
  EXPECT_EQ(by_id["modelDetails"]["modelId"], "amazon.nova-micro-v1:0");
  EXPECT_EQ(by_id["modelDetails"]["providerName"], "Amazon");
  const json listed = get_json("/foundation-models?byProvider=Amazon", "us-east-1");
  EXPECT_EQ(listed["modelSummaries"][0],
            get_json("/foundation-models/" +
                         encoding::percent_encode(
                             listed["modelSummaries"][0]["modelId"].get<std::string>()),
                     "us-east-1")["modelDetails"]);
}

TEST(GetFoundationModel, UnknownOrElsewhereIsResourceNotFound) {
  for (const std::string target :
       {"/foundation-models/anthropic.claude-9-v1%3A0",
        "/foundation-models/amazon.titan-text-lite-v1",  // not offered in eu-central-1
        "/foundation-models/"
        "arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Famazon.titan-text-express-v1"}) {
    const SimulatedAnswer answer = get(target, "eu-central-1");
    EXPECT_EQ(answer.status, 404) << target;
    ASSERT_TRUE(answer.error);
    EXPECT_EQ(answer.error->code, errors::ErrorCode::kResourceNotFound);
    EXPECT_EQ(answer.error->message, kFoundationModelNotFound);
  }
}

// ---- ListInferenceProfiles / GetInferenceProfile ---------------------------------------------

std::vector<std::string> profile_ids(const json& page) {
  std::vector<std::string> ids;
  for (const json& summary : page["inferenceProfileSummaries"])
    ids.push_back(summary["inferenceProfileId"]);
  return ids;
}

TEST(ListInferenceProfiles, ListsEveryProfileCallableFromTheRegion) {
  const json body = get_json("/inference-profiles", "us-east-2");
  EXPECT_FALSE(body.contains("nextToken"));
  const auto expected = bundled().catalog().profiles_callable_from("us-east-2");
  ASSERT_EQ(body["inferenceProfileSummaries"].size(), expected.size());
  const json& first = body["inferenceProfileSummaries"][0];
  EXPECT_EQ(first["inferenceProfileId"], "us.anthropic.claude-3-5-sonnet-20241022-v2:0");
  EXPECT_EQ(first["inferenceProfileArn"],
            "arn:aws:bedrock:us-east-2:123456789012:inference-profile/"
            "us.anthropic.claude-3-5-sonnet-20241022-v2:0");
  EXPECT_EQ(first["status"], "ACTIVE");
  EXPECT_EQ(first["type"], "SYSTEM_DEFINED");
  EXPECT_EQ(first["inferenceProfileName"], "US Anthropic Claude 3.5 Sonnet v2");
  EXPECT_TRUE(first["createdAt"].is_string() && first["updatedAt"].is_string());
  EXPECT_EQ(first["models"].size(), 3u);
  EXPECT_EQ(
      first["models"][0]["modelArn"],
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0");
}

TEST(ListInferenceProfiles, EveryListedProfileWorksOnConverseInThatRegion) {
  for (const std::string& region : bundled().catalog().regions()) {
    const json body = get_json("/inference-profiles", region);
    for (const json& summary : body["inferenceProfileSummaries"]) {
      const std::string id = summary["inferenceProfileId"];
      const auto resolved = bundled().resolve(Operation::kConverse, id, region, "{}");
      ASSERT_TRUE(resolved) << id << " listed in " << region << " but " << resolved.error().message;
      const auto by_arn = bundled().resolve(
          Operation::kConverse, summary["inferenceProfileArn"].get<std::string>(), region);
      EXPECT_TRUE(by_arn) << summary["inferenceProfileArn"];
      if (id.rfind("global.", 0) == 0) continue;
      // The Region that serves a call is one of the profile's listed model ARNs.
      const std::string served =
          model_id::foundation_model_arn(resolved->model->model_id, resolved->served_region);
      bool listed = false;
      for (const json& model : summary["models"]) listed = listed || model["modelArn"] == served;
      EXPECT_TRUE(listed) << id << " served in " << resolved->served_region;
    }
  }
}

TEST(ListInferenceProfiles, GlobalProfileNamesTheRegionlessModelArn) {
  const json body = get_json("/inference-profiles", "ap-southeast-1");
  bool found = false;
  for (const json& summary : body["inferenceProfileSummaries"]) {
    if (summary["inferenceProfileId"] != "global.anthropic.claude-sonnet-4-5-20250929-v1:0")
      continue;
    found = true;
    EXPECT_EQ(summary["models"][0]["modelArn"],
              "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0");
    EXPECT_LE(summary["models"].size(), 5u);
  }
  EXPECT_TRUE(found);
}

class ListInferenceProfilesPaging : public ::testing::TestWithParam<int> {};

TEST_P(ListInferenceProfilesPaging, WalksAllPagesWithoutDuplicates) {
  const std::vector<std::string> all = profile_ids(get_json("/inference-profiles", "us-east-1"));
  ASSERT_GT(all.size(), 3u);
  std::vector<std::string> walked;
  std::string token;
  int pages = 0;
  do {
    std::string target = "/inference-profiles?maxResults=" + std::to_string(GetParam());
    if (!token.empty()) target += "&nextToken=" + encoding::percent_encode(token);
    const json page = get_json(target, "us-east-1");
    const auto ids = profile_ids(page);
    EXPECT_LE(ids.size(), static_cast<std::size_t>(GetParam()));
    walked.insert(walked.end(), ids.begin(), ids.end());
    token = page.value("nextToken", "");
    ASSERT_LT(++pages, 1000);
  } while (!token.empty());
  EXPECT_EQ(walked, all);
  EXPECT_EQ(std::set<std::string>(walked.begin(), walked.end()).size(), walked.size());
}

INSTANTIATE_TEST_SUITE_P(PageSizes, ListInferenceProfilesPaging,
                         ::testing::Values(1, 2, 3, 7, 1000),
                         [](const ::testing::TestParamInfo<int>& param) {
                           return "max" + std::to_string(param.param);
                         });

TEST(ListInferenceProfiles, TokensAreDeterministic) {
  const json a = get_json("/inference-profiles?maxResults=2", "us-east-1");
  const json b = get_json("/inference-profiles?maxResults=2", "us-east-1");
  ASSERT_TRUE(a.contains("nextToken"));
  EXPECT_EQ(a["nextToken"], b["nextToken"]);
}

TEST(ListInferenceProfiles, BadTokensAreValidationErrors) {
  const std::string us_token =
      get_json("/inference-profiles?maxResults=2", "us-east-1")["nextToken"];
  for (const std::string& target :
       {std::string("/inference-profiles?nextToken=garbage"),
        std::string("/inference-profiles?nextToken=") + encoding::percent_encode(us_token) +
            "&type=APPLICATION",
        "/inference-profiles?nextToken=" +
            encoding::percent_encode(encoding::base64_encode("bedrock-mock/1|us-east-1||99999"))}) {
    const SimulatedAnswer answer = get(target, "us-east-1");
    EXPECT_EQ(answer.status, 400) << target;
    ASSERT_TRUE(answer.error);
    EXPECT_EQ(answer.error->message, kInvalidNextToken);
  }
  // A token issued for another Region is not valid here.
  const SimulatedAnswer elsewhere =
      get("/inference-profiles?nextToken=" + encoding::percent_encode(us_token), "us-west-2");
  EXPECT_EQ(elsewhere.status, 400);
}

TEST(ListInferenceProfiles, MaxResultsOutOfRangeIsAValidationError) {
  EXPECT_EQ(get("/inference-profiles?maxResults=0", "us-east-1").error->message,
            "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1");
  EXPECT_EQ(get("/inference-profiles?maxResults=1001", "us-east-1").error->message,
            "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: "
            "Member must have value less than or equal to 1000");
  EXPECT_EQ(get("/inference-profiles?maxResults=ten", "us-east-1").status, 400);
}

TEST(ListInferenceProfiles, TypeFilter) {
  EXPECT_EQ(get_json("/inference-profiles?type=SYSTEM_DEFINED", "us-east-1"),
            get_json("/inference-profiles", "us-east-1"));
  EXPECT_TRUE(
      get_json("/inference-profiles?type=APPLICATION", "us-east-1")["inferenceProfileSummaries"]
          .empty());
  EXPECT_TRUE(get_json("/inference-profiles?typeEquals=APPLICATION",
                       "us-east-1")["inferenceProfileSummaries"]
                  .empty());
  const SimulatedAnswer bad = get("/inference-profiles?type=CUSTOM", "us-east-1");
  EXPECT_EQ(bad.status, 400);
}

TEST(GetInferenceProfile, AnswersTheSummaryByIdAndByArn) {
  const std::string id = "us.anthropic.claude-3-5-sonnet-20241022-v2:0";
  const json by_id = get_json("/inference-profiles/" + encoding::percent_encode(id), "us-east-2");
  const json by_arn =
      get_json("/inference-profiles/" +
                   encoding::percent_encode(
                       "arn:aws:bedrock:us-east-2:123456789012:inference-profile/" + id),
               "us-east-2");
  EXPECT_EQ(by_id, by_arn);
  EXPECT_EQ(by_id, get_json("/inference-profiles", "us-east-2")["inferenceProfileSummaries"][0]);
}

TEST(GetInferenceProfile, DestinationsDependOnTheSourceRegion) {
  // Recorded: from us-east-2 this profile lists only the us-east-1 and us-west-2 model ARNs.
  const std::string target =
      "/inference-profiles/" +
      encoding::percent_encode("us.anthropic.claude-3-5-sonnet-20240620-v1:0");
  const json from_east_2 = get_json(target, "us-east-2");
  ASSERT_EQ(from_east_2["models"].size(), 2u);
  EXPECT_EQ(
      from_east_2["models"][0]["modelArn"],
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0");
  EXPECT_EQ(
      from_east_2["models"][1]["modelArn"],
      "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0");
  EXPECT_EQ(from_east_2["description"],
            "Routes requests to Anthropic Claude 3.5 Sonnet in us-east-1 and us-west-2.");
  EXPECT_EQ(get_json(target, "us-east-1")["models"].size(), 3u);
}

TEST(GetInferenceProfile, OtherGeographyOrAccountIsResourceNotFound) {
  for (const std::string& identifier :
       {std::string("eu.anthropic.claude-3-7-sonnet-20250219-v1:0"),
        std::string("arn:aws:bedrock:us-east-2:999999999999:inference-profile/"
                    "us.anthropic.claude-3-5-sonnet-20241022-v2:0"),
        std::string("anthropic.claude-3-5-sonnet-20241022-v2:0")}) {
    const SimulatedAnswer answer =
        get("/inference-profiles/" + encoding::percent_encode(identifier), "us-east-2");
    EXPECT_EQ(answer.status, 404) << identifier;
    ASSERT_TRUE(answer.error);
    EXPECT_EQ(answer.error->message, "Inference profile " + identifier + " not found.");
  }
}

TEST(ControlPlane, UnsimulatedOperationSaysSo) {
  const auto parsed = operations::parse_request_target("DELETE", "/inference-profiles/abc");
  ASSERT_TRUE(parsed);
  const SimulatedAnswer answer =
      bundled().answer_control_plane(parsed->operation, *parsed, "us-east-1");
  EXPECT_EQ(answer.status, 400);
  EXPECT_NE(answer.body.find("does not simulate DeleteInferenceProfile"), std::string::npos);
}

}  // namespace
}  // namespace bedrock::mock
