#include "bedrock/mock/simulator.hpp"

#include <gtest/gtest.h>

#include <ostream>

#include <set>

#include <nlohmann/json.hpp>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/error_messages.hpp"
#include "support/shared_data.hpp"

namespace bedrock::mock {
namespace {

using nlohmann::json;
using operations::Operation;

constexpr std::string_view kSeedModel = "anthropic.claude-3-5-sonnet-20241022-v2:0";
constexpr std::string_view kPaddingAlphabet =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

const Simulator& bundled() {
  static const Simulator simulator = [] {
    auto catalog = ModelCatalog::load(test::source_dir() / "fixtures" / "catalog");
    if (!catalog) throw std::runtime_error(catalog.error().to_string());
    return Simulator(std::move(*catalog));
  }();
  return simulator;
}

ResolvedModel resolve_ok(Operation op, const std::string& id, const std::string& region) {
  auto resolved = bundled().resolve(op, id, region, "{}");
  EXPECT_TRUE(resolved) << id << " in " << region << ": "
                        << (resolved ? "" : resolved.error().message);
  return resolved ? *resolved : ResolvedModel{};
}

std::string converse_body(const std::string& prompt, int max_tokens = 0) {
  json body = {{"messages", {{{"role", "user"}, {"content", {{{"text", prompt}}}}}}}};
  if (max_tokens > 0) body["inferenceConfig"] = {{"maxTokens", max_tokens}};
  return body.dump();
}

SimulatedAnswer run(Operation op, const std::string& model, const std::string& region,
                    const std::string& body, HeaderList headers = {}) {
  const ResolvedModel resolved = resolve_ok(op, model, region);
  if (resolved.model == nullptr) return error_answer(errors::internal_server_error());
  return bundled().answer(op, resolved, SimulationRequest{body, std::move(headers), region});
}

std::string header(const SimulatedAnswer& answer, std::string_view name) {
  const std::string* value = find_header(answer.headers, name);
  return value ? *value : std::string();
}

std::string event_type(const event_stream::Message& message) {
  return message.string_header(":event-type").value_or("");
}

json decoded_chunk(const event_stream::Message& message) {
  const json payload = json::parse(message.payload);
  return json::parse(*encoding::base64_decode(payload.at("bytes").get<std::string>()));
}

// ---- Resolution: the seed story and the identifier forms ---------------------------------------

struct ResolutionCase {
  std::string name;
  Operation op;
  std::string model_id;
  std::string region;
  int status;  // 0: resolves
  std::string message;
};

// Keeps ctest names readable (gtest would print the bytes).
void PrintTo(const ResolutionCase& value, std::ostream* os) { *os << value.name; }

class Resolution : public ::testing::TestWithParam<ResolutionCase> {};

TEST_P(Resolution, AnswersWhatTheRealServiceAnswers) {
  const ResolutionCase& c = GetParam();
  const auto resolved = bundled().resolve(c.op, c.model_id, c.region, "{}");
  if (c.status == 0) {
    ASSERT_TRUE(resolved) << resolved.error().message;
    EXPECT_EQ(resolved->requested_id, c.model_id);
    return;
  }
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().http_status(), c.status);
  EXPECT_EQ(resolved.error().message, c.message);
}

const std::string kInvalid = "The provided model identifier is invalid.";
std::string on_demand(std::string_view id) {
  return "Invocation of model ID " + std::string(id) +
         " with on-demand throughput isn\xE2\x80\x99t supported. Retry your request with the ID or "
         "ARN of an inference profile that contains this model.";
}
const std::string kLegacy =
    "Access denied. This Model is marked by provider as Legacy and you have not been actively "
    "using the model in the last 15 days. Please upgrade to an active model on Amazon Bedrock";

INSTANTIATE_TEST_SUITE_P(
    SeedStory, Resolution,
    ::testing::Values(
        ResolutionCase{"base_id_needs_profile_converse", Operation::kConverse,
                       std::string(kSeedModel), "us-east-2", 400, on_demand(kSeedModel)},
        ResolutionCase{"base_id_needs_profile_converse_stream", Operation::kConverseStream,
                       std::string(kSeedModel), "us-east-2", 400, on_demand(kSeedModel)},
        ResolutionCase{"base_id_needs_profile_invoke", Operation::kInvokeModel,
                       std::string(kSeedModel), "us-east-2", 400, on_demand(kSeedModel)},
        ResolutionCase{"base_id_needs_profile_invoke_stream",
                       Operation::kInvokeModelWithResponseStream, std::string(kSeedModel),
                       "us-east-2", 400, on_demand(kSeedModel)},
        ResolutionCase{"us_profile_works_in_us_east_2", Operation::kConverse,
                       "us." + std::string(kSeedModel), "us-east-2", 0, ""},
        ResolutionCase{"base_id_on_demand_where_offered", Operation::kConverse,
                       std::string(kSeedModel), "us-west-2", 0, ""},
        ResolutionCase{"eu_profile_in_us_region", Operation::kConverse,
                       "eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "us-east-2", 400, kInvalid},
        ResolutionCase{"us_profile_in_eu_region", Operation::kConverse,
                       "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "eu-west-1", 400, kInvalid},
        ResolutionCase{"apac_profile_missing_for_model", Operation::kConverse,
                       "apac.anthropic.claude-opus-4-20250514-v1:0", "ap-northeast-1", 400,
                       kInvalid},
        ResolutionCase{"model_not_offered_in_region", Operation::kConverse,
                       "amazon.titan-text-lite-v1", "eu-central-1", 400, kInvalid},
        ResolutionCase{"unknown_model", Operation::kConverse, "anthropic.claude-9-v1:0",
                       "us-east-1", 400, kInvalid},
        ResolutionCase{"unknown_model_profile_form", Operation::kConverseStream,
                       "us.does-not-exist-model-v1:0", "us-east-1", 400, kInvalid},
        ResolutionCase{"malformed_identifier", Operation::kConverse, "does not exist", "us-east-1",
                       400, kInvalid},
        ResolutionCase{"region_not_in_catalog", Operation::kConverse, "amazon.nova-micro-v1:0",
                       "sa-east-1", 400, kInvalid},
        ResolutionCase{"foundation_arn_same_region", Operation::kInvokeModel,
                       "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0",
                       "us-east-1", 0, ""},
        ResolutionCase{"foundation_arn_other_region", Operation::kInvokeModel,
                       "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-micro-v1:0",
                       "us-east-1", 400, kInvalid},
        ResolutionCase{"foundation_arn_regionless", Operation::kConverse,
                       "arn:aws:bedrock:::foundation-model/amazon.nova-micro-v1:0", "us-east-1",
                       400, kInvalid},
        ResolutionCase{
            "foundation_arn_needs_profile_names_the_arn", Operation::kConverse,
            "arn:aws:bedrock:us-east-2::foundation-model/" + std::string(kSeedModel), "us-east-2",
            400,
            on_demand("arn:aws:bedrock:us-east-2::foundation-model/" + std::string(kSeedModel))},
        ResolutionCase{"profile_arn_own_account_and_region", Operation::kConverse,
                       "arn:aws:bedrock:us-east-2:123456789012:inference-profile/us." +
                           std::string(kSeedModel),
                       "us-east-2", 0, ""},
        ResolutionCase{"profile_arn_other_account", Operation::kConverse,
                       "arn:aws:bedrock:us-east-2:999999999999:inference-profile/us." +
                           std::string(kSeedModel),
                       "us-east-2", 400, kInvalid},
        ResolutionCase{"profile_arn_other_region", Operation::kConverse,
                       "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us." +
                           std::string(kSeedModel),
                       "us-east-2", 400, kInvalid},
        ResolutionCase{"application_profile_arn_unknown", Operation::kConverse,
                       "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/"
                       "abc123xyz456",
                       "us-east-1", 400, kInvalid},
        ResolutionCase{"legacy_model", Operation::kInvokeModel, "anthropic.claude-instant-v1",
                       "us-east-1", 404, kLegacy},
        ResolutionCase{"count_tokens_takes_base_id_of_profile_only_model", Operation::kCountTokens,
                       "anthropic.claude-sonnet-4-20250514-v1:0", "us-east-1", 0, ""},
        ResolutionCase{"count_tokens_unknown_model", Operation::kCountTokens,
                       "does-not-exist-model-v1:0", "us-east-1", 400, kInvalid},
        ResolutionCase{"converse_on_embedding_model", Operation::kConverse,
                       "amazon.titan-embed-text-v2:0", "us-east-1", 400,
                       "This action doesn't support the model that you provided. Try again with "
                       "a supported text or chat model."},
        ResolutionCase{"stream_on_non_streaming_model", Operation::kInvokeModelWithResponseStream,
                       "amazon.titan-embed-text-v2:0", "us-east-1", 400,
                       "The model is unsupported for streaming."}),
    [](const ::testing::TestParamInfo<ResolutionCase>& param) { return param.param.name; });

TEST(ResolutionDetails, OnDemandErrorKeepsRawUtf8Apostrophe) {
  const auto resolved =
      bundled().resolve(Operation::kConverse, std::string(kSeedModel), "us-east-2");
  ASSERT_FALSE(resolved);
  const SimulatedAnswer answer = error_answer(resolved.error());
  EXPECT_EQ(answer.status, 400);
  EXPECT_NE(answer.body.find("isn\xE2\x80\x99t"), std::string::npos);
  EXPECT_EQ(answer.body.find("\\u2019"), std::string::npos);
  EXPECT_EQ(header(answer, "x-amzn-ErrorType"),
            "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/");
  EXPECT_EQ(header(answer, "x-amzn-RequestId"), "");  // the pipeline adds it
  ASSERT_TRUE(answer.error);
  EXPECT_EQ(answer.error->code, errors::ErrorCode::kValidation);
}

TEST(ResolutionDetails, ProfileSaysItCameThroughAProfileAndWhereItIsServed) {
  const auto resolved = bundled().resolve(Operation::kConverse, "us." + std::string(kSeedModel),
                                          "us-east-2", converse_body("hi"));
  ASSERT_TRUE(resolved);
  EXPECT_TRUE(resolved->via_profile);
  EXPECT_EQ(resolved->profile_id, "us." + std::string(kSeedModel));
  EXPECT_EQ(resolved->model->model_id, kSeedModel);
  EXPECT_EQ(resolved->family(), "anthropic-messages");
  EXPECT_EQ(resolved->source_region, "us-east-2");
  EXPECT_EQ(resolved->destinations,
            (std::vector<std::string>{"us-east-1", "us-east-2", "us-west-2"}));
  EXPECT_NE(std::find(resolved->destinations.begin(), resolved->destinations.end(),
                      resolved->served_region),
            resolved->destinations.end());
}

TEST(ResolutionDetails, DirectCallIsServedInItsOwnRegion) {
  const ResolvedModel resolved =
      resolve_ok(Operation::kConverse, "amazon.nova-micro-v1:0", "us-east-1");
  EXPECT_FALSE(resolved.via_profile);
  EXPECT_EQ(resolved.served_region, "us-east-1");
}

TEST(ResolutionDetails, DestinationIsAFunctionOfTheBody) {
  const std::string id = "us." + std::string(kSeedModel);
  std::set<std::string> seen;
  for (int i = 0; i < 40; ++i) {
    const std::string body = converse_body("prompt " + std::to_string(i));
    const auto first = bundled().resolve(Operation::kConverse, id, "us-east-2", body);
    const auto again = bundled().resolve(Operation::kConverse, id, "us-east-2", body);
    ASSERT_TRUE(first && again);
    EXPECT_EQ(first->served_region, again->served_region);
    seen.insert(first->served_region);
  }
  EXPECT_GT(seen.size(), 1u) << "every request went to the same destination";
}

// ---- Determinism -----------------------------------------------------------------------------

TEST(Determinism, SameConverseRequestGivesIdenticalBytes) {
  const std::string body = converse_body("Tell me about rivers");
  const auto a = run(Operation::kConverse, "amazon.nova-micro-v1:0", "us-east-1", body);
  const auto b = run(Operation::kConverse, "amazon.nova-micro-v1:0", "us-east-1", body);
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(a.headers, b.headers);
}

TEST(Determinism, SameStreamRequestGivesIdenticalEventsAndPacing) {
  const std::string body = converse_body("Tell me about rivers");
  const auto a = run(Operation::kConverseStream, "amazon.nova-micro-v1:0", "us-east-1", body);
  const auto b = run(Operation::kConverseStream, "amazon.nova-micro-v1:0", "us-east-1", body);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.event_offsets_ms, b.event_offsets_ms);
}

TEST(Determinism, DifferentPromptGivesDifferentText) {
  const auto a = run(Operation::kConverse, "amazon.nova-micro-v1:0", "us-east-1",
                     converse_body("Tell me about rivers"));
  const auto b = run(Operation::kConverse, "amazon.nova-micro-v1:0", "us-east-1",
                     converse_body("Tell me about mountains"));
  const json ja = json::parse(a.body);
  const json jb = json::parse(b.body);
  EXPECT_NE(ja["output"]["message"]["content"][0]["text"],
            jb["output"]["message"]["content"][0]["text"]);
}

TEST(Determinism, SameInvokeModelRequestGivesIdenticalBytes) {
  const std::string body =
      R"({"anthropic_version":"bedrock-2023-05-31","max_tokens":100,"messages":[{"role":"user","content":"Hi"}]})";
  const std::string id = "us." + std::string(kSeedModel);
  const auto a = run(Operation::kInvokeModel, id, "us-east-2", body);
  const auto b = run(Operation::kInvokeModel, id, "us-east-2", body);
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(a.headers, b.headers);
}

// ---- Converse --------------------------------------------------------------------------------

TEST(ConverseAnswer, HasTheRealMembersSortedCompact) {
  const auto answer = run(Operation::kConverse, "us." + std::string(kSeedModel), "us-east-2",
                          converse_body("Explain tracing"));
  EXPECT_EQ(answer.status, 200);
  EXPECT_FALSE(answer.is_stream);
  EXPECT_EQ(answer.headers, (HeaderList{{"Content-Type", "application/json"}}));
  const json body = json::parse(answer.body);
  // nlohmann::json sorts keys; re-dumping compactly must give back the very same bytes.
  EXPECT_EQ(body.dump(), answer.body);
  EXPECT_EQ(answer.body.rfind(R"({"metrics":{"latencyMs":)", 0), 0u);
  EXPECT_EQ(body["output"]["message"]["role"], "assistant");
  EXPECT_FALSE(body["output"]["message"]["content"][0]["text"].get<std::string>().empty());
  EXPECT_EQ(body["stopReason"], "end_turn");
  const json& usage = body["usage"];
  EXPECT_EQ(usage["totalTokens"].get<long long>(),
            usage["inputTokens"].get<long long>() + usage["outputTokens"].get<long long>());
  EXPECT_GT(body["metrics"]["latencyMs"].get<long long>(), 0);
}

TEST(ConverseAnswer, SmallMaxTokensStopsWithMaxTokens) {
  const auto answer = run(Operation::kConverse, "amazon.nova-micro-v1:0", "us-east-1",
                          converse_body("Write a long story", 3));
  const json body = json::parse(answer.body);
  EXPECT_EQ(body["stopReason"], "max_tokens");
  EXPECT_EQ(body["usage"]["outputTokens"], 3);
}

TEST(ConverseAnswer, InputTokensGrowWithThePrompt) {
  const auto small =
      run(Operation::kConverse, "amazon.nova-micro-v1:0", "us-east-1", converse_body("Hi"));
  const auto large = run(Operation::kConverse, "amazon.nova-micro-v1:0", "us-east-1",
                         converse_body(std::string(400, 'x')));
  EXPECT_LT(json::parse(small.body)["usage"]["inputTokens"].get<long long>(),
            json::parse(large.body)["usage"]["inputTokens"].get<long long>());
  EXPECT_EQ(json::parse(large.body)["usage"]["inputTokens"], 100);
}

std::string tool_request(const json& choice) {
  return json{
      {"messages", {{{"role", "user"}, {"content", {{{"text", "Weather in Paris?"}}}}}}},
      {"toolConfig",
       {{"tools",
         {{{"toolSpec",
            {{"name", "other_tool"},
             {"inputSchema", {{"json", {{"type", "object"}, {"properties", json::object()}}}}}}}},
          {{"toolSpec",
            {{"name", "get_weather"},
             {"inputSchema",
              {{"json",
                {{"type", "object"},
                 {"properties",
                  {{"city", {{"type", "string"}}},
                   {"days", {{"type", "integer"}}},
                   {"unit", {{"type", "string"}, {"enum", {"celsius", "fahrenheit"}}}}}},
                 {"required", {"city", "unit"}}}}}}}}}}},
        {"toolChoice", choice}}}}
      .dump();
}

TEST(ConverseAnswer, ForcedToolChoiceAnswersWithToolUse) {
  const auto answer = run(Operation::kConverse, "us." + std::string(kSeedModel), "us-east-2",
                          tool_request({{"tool", {{"name", "get_weather"}}}}));
  const json body = json::parse(answer.body);
  EXPECT_EQ(body.dump(), answer.body);
  EXPECT_EQ(body["stopReason"], "tool_use");
  const json& tool_use = body["output"]["message"]["content"][0]["toolUse"];
  EXPECT_EQ(tool_use["name"], "get_weather");
  EXPECT_EQ(tool_use["toolUseId"].get<std::string>().rfind("tooluse_", 0), 0u);
  EXPECT_TRUE(tool_use["input"]["city"].is_string());
  EXPECT_EQ(tool_use["input"]["unit"], "celsius");
  EXPECT_FALSE(tool_use["input"].contains("days"));  // only required members are filled
}

TEST(ConverseAnswer, AnyToolChoiceUsesTheFirstTool) {
  const auto answer = run(Operation::kConverse, "amazon.nova-micro-v1:0", "us-east-1",
                          tool_request({{"any", json::object()}}));
  const json body = json::parse(answer.body);
  EXPECT_EQ(body["output"]["message"]["content"][0]["toolUse"]["name"], "other_tool");
}

TEST(ConverseAnswer, AutoToolChoiceAnswersInText) {
  const auto answer = run(Operation::kConverse, "amazon.nova-micro-v1:0", "us-east-1",
                          tool_request({{"auto", json::object()}}));
  const json body = json::parse(answer.body);
  EXPECT_EQ(body["stopReason"], "end_turn");
  EXPECT_TRUE(body["output"]["message"]["content"][0].contains("text"));
}

// ---- ConverseStream --------------------------------------------------------------------------

TEST(ConverseStreamAnswer, EventsComeInTheRealOrderWithoutTextBlockStart) {
  const std::string body = converse_body("Explain tracing");
  const auto answer = run(Operation::kConverseStream, "amazon.nova-micro-v1:0", "us-east-1", body);
  ASSERT_TRUE(answer.is_stream);
  EXPECT_EQ(answer.headers, (HeaderList{{"Content-Type", "application/vnd.amazon.eventstream"}}));
  ASSERT_GE(answer.events.size(), 5u);
  ASSERT_EQ(answer.event_offsets_ms.size(), answer.events.size());
  EXPECT_EQ(event_type(answer.events.front()), "messageStart");
  const std::size_t n = answer.events.size();
  EXPECT_EQ(event_type(answer.events[n - 3]), "contentBlockStop");
  EXPECT_EQ(event_type(answer.events[n - 2]), "messageStop");
  EXPECT_EQ(event_type(answer.events[n - 1]), "metadata");
  std::string text;
  for (std::size_t i = 1; i + 3 < n; ++i) {
    ASSERT_EQ(event_type(answer.events[i]), "contentBlockDelta") << i;
    const json payload = json::parse(answer.events[i].payload);
    EXPECT_EQ(payload["contentBlockIndex"], 0);
    text += payload["delta"]["text"].get<std::string>();
  }
  // The streamed text is the Converse text for the same request.
  const auto whole = run(Operation::kConverse, "amazon.nova-micro-v1:0", "us-east-1", body);
  EXPECT_EQ(text, json::parse(whole.body)["output"]["message"]["content"][0]["text"]);
  const json metadata = json::parse(answer.events.back().payload);
  EXPECT_EQ(metadata["usage"], json::parse(whole.body)["usage"]);
}

TEST(ConverseStreamAnswer, EveryEventHasSortedPaddingAndBedrockHeaders) {
  const auto answer = run(Operation::kConverseStream, "amazon.nova-micro-v1:0", "us-east-1",
                          converse_body("Explain tracing"));
  for (std::size_t i = 0; i < answer.events.size(); ++i) {
    const event_stream::Message& event = answer.events[i];
    ASSERT_EQ(event.headers.size(), 3u);
    EXPECT_EQ(event.headers[0].name, ":event-type");
    EXPECT_EQ(event.string_header(":content-type"), "application/json");
    EXPECT_EQ(event.string_header(":message-type"), "event");
    const json payload = json::parse(event.payload);
    EXPECT_EQ(payload.dump(), event.payload) << "keys not sorted or not compact";
    const std::string p = payload.at("p").get<std::string>();
    EXPECT_GE(p.size(), 2u);
    EXPECT_LE(p.size(), 61u);
    EXPECT_EQ(kPaddingAlphabet.substr(0, p.size()), p);
    if (i > 0) {
      EXPECT_GE(answer.event_offsets_ms[i], answer.event_offsets_ms[i - 1]);
    }
  }
  EXPECT_GT(answer.event_offsets_ms.front(), 0);
}

TEST(ConverseStreamAnswer, ForcedToolStreamsStartThenInputFragments) {
  const std::string body = tool_request({{"tool", {{"name", "get_weather"}}}});
  const std::string id = "us." + std::string(kSeedModel);
  const auto answer = run(Operation::kConverseStream, id, "us-east-2", body);
  ASSERT_GE(answer.events.size(), 6u);
  EXPECT_EQ(event_type(answer.events[1]), "contentBlockStart");
  const json start = json::parse(answer.events[1].payload);
  EXPECT_EQ(start["start"]["toolUse"]["name"], "get_weather");
  std::string input;
  std::size_t i = 2;
  for (; event_type(answer.events[i]) == "contentBlockDelta"; ++i) {
    input += json::parse(answer.events[i].payload)["delta"]["toolUse"]["input"].get<std::string>();
  }
  // Claude's first fragment is empty (reference §5).
  EXPECT_EQ(json::parse(answer.events[2].payload)["delta"]["toolUse"]["input"], "");
  EXPECT_EQ(event_type(answer.events[i]), "contentBlockStop");
  EXPECT_EQ(json::parse(answer.events[i + 1].payload)["stopReason"], "tool_use");
  const auto whole = run(Operation::kConverse, id, "us-east-2", body);
  const json tool_use = json::parse(whole.body)["output"]["message"]["content"][0]["toolUse"];
  EXPECT_EQ(json::parse(input), tool_use["input"]);
  EXPECT_EQ(start["start"]["toolUse"]["toolUseId"], tool_use["toolUseId"]);
}

TEST(ConverseStreamAnswer, NovaSendsToolInputInOneDelta) {
  const auto answer = run(Operation::kConverseStream, "amazon.nova-micro-v1:0", "us-east-1",
                          tool_request({{"tool", {{"name", "get_weather"}}}}));
  EXPECT_EQ(event_type(answer.events[1]), "contentBlockStart");
  EXPECT_EQ(event_type(answer.events[2]), "contentBlockDelta");
  EXPECT_EQ(event_type(answer.events[3]), "contentBlockStop");
}

// ---- InvokeModel: Anthropic Messages ---------------------------------------------------------

const std::string kAnthropicBody =
    R"({"anthropic_version":"bedrock-2023-05-31","max_tokens":200,"messages":[{"role":"user","content":[{"type":"text","text":"summarize the plot"}]}]})";

TEST(InvokeModelAnswer, AnthropicBodyHasMessagesApiMembersInOrder) {
  const auto answer =
      run(Operation::kInvokeModel, "us." + std::string(kSeedModel), "us-east-2", kAnthropicBody);
  EXPECT_EQ(answer.status, 200);
  const auto body = nlohmann::ordered_json::parse(answer.body);
  std::vector<std::string> keys;
  for (const auto& [key, value] : body.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "type", "role", "model", "content", "stop_reason",
                                            "stop_sequence", "usage"}));
  EXPECT_EQ(body["id"].get<std::string>().rfind("msg_bdrk_01", 0), 0u);
  EXPECT_EQ(body["type"], "message");
  EXPECT_EQ(body["model"], "claude-3-5-sonnet-20241022");
  EXPECT_EQ(body["content"][0]["type"], "text");
  EXPECT_EQ(body["stop_reason"], "end_turn");
  EXPECT_TRUE(body["stop_sequence"].is_null());
  EXPECT_EQ(header(answer, "Content-Type"), "application/json");
  EXPECT_EQ(header(answer, "X-Amzn-Bedrock-Input-Token-Count"),
            std::to_string(body["usage"]["input_tokens"].get<long long>()));
  EXPECT_EQ(header(answer, "X-Amzn-Bedrock-Output-Token-Count"),
            std::to_string(body["usage"]["output_tokens"].get<long long>()));
  EXPECT_FALSE(header(answer, "X-Amzn-Bedrock-Invocation-Latency").empty());
}

TEST(InvokeModelAnswer, AnthropicStreamChunksEndWithInvocationMetrics) {
  const std::string id = "us." + std::string(kSeedModel);
  const auto answer =
      run(Operation::kInvokeModelWithResponseStream, id, "us-east-2", kAnthropicBody);
  ASSERT_TRUE(answer.is_stream);
  EXPECT_EQ(header(answer, "Content-Type"), "application/vnd.amazon.eventstream");
  EXPECT_EQ(header(answer, "X-Amzn-Bedrock-Content-Type"), "application/json");
  EXPECT_EQ(header(answer, "X-Amzn-Bedrock-Input-Token-Count"), "");
  std::vector<std::string> types;
  std::string text;
  for (const auto& event : answer.events) {
    EXPECT_EQ(event_type(event), "chunk");
    const json payload = json::parse(event.payload);
    EXPECT_EQ(payload.size(), 2u);
    EXPECT_TRUE(payload.contains("bytes") && payload.contains("p"));
    const json chunk = decoded_chunk(event);
    types.push_back(chunk["type"]);
    if (chunk["type"] == "content_block_delta") text += chunk["delta"]["text"].get<std::string>();
  }
  ASSERT_GE(types.size(), 6u);
  EXPECT_EQ(types[0], "message_start");
  EXPECT_EQ(types[1], "content_block_start");
  EXPECT_EQ(types[types.size() - 3], "content_block_stop");
  EXPECT_EQ(types[types.size() - 2], "message_delta");
  EXPECT_EQ(types.back(), "message_stop");
  const json last = decoded_chunk(answer.events.back());
  const json& metrics = last["amazon-bedrock-invocationMetrics"];
  const auto whole = run(Operation::kInvokeModel, id, "us-east-2", kAnthropicBody);
  const json body = json::parse(whole.body);
  EXPECT_EQ(text, body["content"][0]["text"]);
  EXPECT_EQ(metrics["inputTokenCount"], body["usage"]["input_tokens"]);
  EXPECT_EQ(metrics["outputTokenCount"], body["usage"]["output_tokens"]);
  EXPECT_TRUE(metrics.contains("invocationLatency") && metrics.contains("firstByteLatency"));
}

TEST(InvokeModelAnswer, AnthropicForcedToolGivesToolUseBlock) {
  const std::string body =
      R"({"anthropic_version":"bedrock-2023-05-31","max_tokens":200,"messages":[{"role":"user","content":"weather?"}],
          "tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],
          "tool_choice":{"type":"tool","name":"get_weather"}})";
  const auto answer =
      run(Operation::kInvokeModel, "us." + std::string(kSeedModel), "us-east-2", body);
  const json parsed = json::parse(answer.body);
  EXPECT_EQ(parsed["stop_reason"], "tool_use");
  EXPECT_EQ(parsed["content"][0]["type"], "tool_use");
  EXPECT_EQ(parsed["content"][0]["id"].get<std::string>().rfind("toolu_bdrk_01", 0), 0u);
  EXPECT_TRUE(parsed["content"][0]["input"]["city"].is_string());
}

struct MalformedBody {
  std::string name;
  std::string model;
  std::string body;
  std::string message;
};

// Keeps ctest names readable (gtest would print the bytes).
void PrintTo(const MalformedBody& value, std::ostream* os) { *os << value.name; }

class InvokeModelMalformed : public ::testing::TestWithParam<MalformedBody> {};

TEST_P(InvokeModelMalformed, AnswersTheRealMalformedInputText) {
  const auto answer = run(Operation::kInvokeModel, GetParam().model, "us-east-1", GetParam().body);
  EXPECT_EQ(answer.status, 400);
  ASSERT_TRUE(answer.error);
  EXPECT_EQ(answer.error->message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Table, InvokeModelMalformed,
    ::testing::Values(
        MalformedBody{"anthropic_without_messages", "us.anthropic.claude-3-5-haiku-20241022-v1:0",
                      R"({"anthropic_version":"bedrock-2023-05-31","max_tokens":10})",
                      "Malformed input request: #: required key [messages] not found, please "
                      "reformat your input and try again."},
        MalformedBody{"anthropic_empty_object", "us.anthropic.claude-3-5-haiku-20241022-v1:0", "{}",
                      "Malformed input request: #: 3 schema violations found, please reformat "
                      "your input and try again."},
        MalformedBody{"nova_without_messages", "amazon.nova-micro-v1:0",
                      R"({"inferenceConfig":{}})",
                      "Malformed input request: #: required key [messages] not found, please "
                      "reformat your input and try again."},
        MalformedBody{"titan_array_body", "amazon.titan-text-express-v1", "[1]",
                      "Malformed input request: #: expected type: JSONObject, found: JSONArray, "
                      "please reformat your input and try again."}),
    [](const ::testing::TestParamInfo<MalformedBody>& param) { return param.param.name; });

// ---- InvokeModel: Nova, Titan, Llama, others ---------------------------------------------------

const std::string kNovaBody =
    R"({"schemaVersion":"messages-v1","messages":[{"role":"user","content":[{"text":"Say this is a test"}]}],"inferenceConfig":{"max_new_tokens":5}})";

TEST(InvokeModelAnswer, NovaBodyHasOutputStopReasonUsage) {
  const auto answer =
      run(Operation::kInvokeModel, "amazon.nova-micro-v1:0", "us-east-1", kNovaBody);
  const json body = json::parse(answer.body);
  EXPECT_EQ(body.dump(), answer.body);
  EXPECT_EQ(body["output"]["message"]["role"], "assistant");
  EXPECT_TRUE(body["output"]["message"]["content"][0]["text"].is_string());
  EXPECT_EQ(body["stopReason"], "max_tokens");
  EXPECT_EQ(body["usage"]["outputTokens"], 5);
  EXPECT_EQ(header(answer, "X-Amzn-Bedrock-Output-Token-Count"), "5");
}

TEST(InvokeModelAnswer, NovaStreamEndsWithMetadataAndInvocationMetrics) {
  const auto answer = run(Operation::kInvokeModelWithResponseStream, "amazon.nova-micro-v1:0",
                          "us-east-1", kNovaBody);
  ASSERT_GE(answer.events.size(), 4u);
  EXPECT_TRUE(decoded_chunk(answer.events.front()).contains("messageStart"));
  EXPECT_TRUE(decoded_chunk(answer.events[answer.events.size() - 2]).contains("messageStop"));
  const json last = decoded_chunk(answer.events.back());
  EXPECT_EQ(last["metadata"]["usage"]["outputTokens"], 5);
  EXPECT_EQ(last["amazon-bedrock-invocationMetrics"]["outputTokenCount"], 5);
  for (const auto& event : answer.events) EXPECT_TRUE(json::parse(event.payload).contains("p"));
}

TEST(InvokeModelAnswer, TitanBodyHasResultsWithCompletionReason) {
  const auto answer =
      run(Operation::kInvokeModel, "amazon.titan-text-express-v1", "us-east-1",
          R"({"inputText":"Say this is a test","textGenerationConfig":{"maxTokenCount":4}})");
  const json body = json::parse(answer.body);
  EXPECT_TRUE(body["inputTextTokenCount"].is_number());
  EXPECT_EQ(body["results"][0]["tokenCount"], 4);
  EXPECT_EQ(body["results"][0]["completionReason"], "LENGTH");
  EXPECT_TRUE(body["results"][0]["outputText"].is_string());
}

TEST(InvokeModelAnswer, LlamaStreamCountsGenerationTokens) {
  const auto answer =
      run(Operation::kInvokeModelWithResponseStream, "meta.llama3-1-70b-instruct-v1:0", "us-east-1",
          R"({"prompt":"Say this is a test","max_gen_len":10})");
  ASSERT_FALSE(answer.events.empty());
  const json first = decoded_chunk(answer.events.front());
  EXPECT_TRUE(first["prompt_token_count"].is_number());
  const json last = decoded_chunk(answer.events.back());
  EXPECT_EQ(last["generation_token_count"], 10);
  EXPECT_EQ(last["stop_reason"], "length");
  EXPECT_TRUE(last.contains("amazon-bedrock-invocationMetrics"));
}

TEST(InvokeModelAnswer, FamilyWithoutNativeDialectSaysSo) {
  const auto answer = run(Operation::kInvokeModel, "mistral.mistral-7b-instruct-v0:2", "us-east-1",
                          R"({"prompt":"hi"})");
  EXPECT_EQ(answer.status, 400);
  EXPECT_NE(answer.body.find("cannot simulate InvokeModel bodies for model family 'mistral'"),
            std::string::npos);
}

// ---- CountTokens -----------------------------------------------------------------------------

TEST(CountTokensAnswer, ConverseInputCountsLikeConverseUsage) {
  const std::string converse = converse_body("How many tokens is this sentence, roughly?");
  const std::string count_body = R"({"input":{"converse":)" + converse + "}}";
  const std::string id = "anthropic.claude-sonnet-4-20250514-v1:0";
  const auto counted = run(Operation::kCountTokens, id, "us-east-1", count_body);
  EXPECT_EQ(counted.status, 200);
  const json body = json::parse(counted.body);
  ASSERT_EQ(body.size(), 1u);
  const auto conversed = run(Operation::kConverse, "us." + id, "us-east-1", converse);
  EXPECT_EQ(body["inputTokens"], json::parse(conversed.body)["usage"]["inputTokens"]);
}

TEST(CountTokensAnswer, InvokeModelBodyCountsLikeInvokeModelHeader) {
  const std::string id = "anthropic.claude-sonnet-4-20250514-v1:0";
  const std::string count_body =
      json{{"input", {{"invokeModel", {{"body", encoding::base64_encode(kAnthropicBody)}}}}}}
          .dump();
  const auto counted = run(Operation::kCountTokens, id, "us-east-1", count_body);
  const auto invoked = run(Operation::kInvokeModel, "us." + id, "us-east-1", kAnthropicBody);
  EXPECT_EQ(std::to_string(json::parse(counted.body)["inputTokens"].get<long long>()),
            header(invoked, "X-Amzn-Bedrock-Input-Token-Count"));
}

TEST(CountTokensAnswer, MissingInputIsAValidationError) {
  const auto answer =
      run(Operation::kCountTokens, "anthropic.claude-sonnet-4-20250514-v1:0", "us-east-1", "{}");
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(answer.error->message,
            "1 validation error detected: Value at 'input' failed to satisfy constraint: Member "
            "must not be null");
}

TEST(SimulatorAnswer, UnsimulatedRuntimeOperationSaysSo) {
  const ResolvedModel resolved =
      resolve_ok(Operation::kConverse, "amazon.nova-micro-v1:0", "us-east-1");
  const auto answer =
      bundled().answer(Operation::kApplyGuardrail, resolved, {"{}", {}, "us-east-1"});
  EXPECT_EQ(answer.status, 400);
  EXPECT_NE(answer.body.find("does not simulate ApplyGuardrail"), std::string::npos);
}

TEST(SimulatorAnswer, GarbageBodiesNeverThrow) {
  const std::vector<std::string> bodies = {"",
                                           "{",
                                           "null",
                                           "[]",
                                           "\"x\"",
                                           "{\"messages\":5}",
                                           "{\"messages\":[{\"content\":7}]}",
                                           "{\"toolConfig\":{\"toolChoice\":{\"tool\":{}}}}",
                                           std::string("\xff\xfe{", 3)};
  const ResolvedModel claude =
      resolve_ok(Operation::kConverse, "us." + std::string(kSeedModel), "us-east-2");
  for (const std::string& body : bodies) {
    for (const Operation op :
         {Operation::kConverse, Operation::kConverseStream, Operation::kInvokeModel,
          Operation::kInvokeModelWithResponseStream, Operation::kCountTokens}) {
      EXPECT_NO_THROW((void)bundled().answer(op, claude, {body, {}, "us-east-2"})) << body;
    }
  }
}

}  // namespace
}  // namespace bedrock::mock
