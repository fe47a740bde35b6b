// Latency models (issue #17): fixed, normal and lognormal draws that repeat exactly for a seed,
// recorded timings taken from a cassette's streams, and all of them applied to simulated
// answers by the pipeline (equal outputs for equal seeds; no timing is measured).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "bedrock/mock/latency.hpp"
#include "bedrock/mock/rules.hpp"
#include "bedrock/mock/server.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::mock {
namespace {

using nlohmann::json;

std::vector<LatencyRule> latency(const std::string& models, const std::string& source = "test") {
  auto set = parse_rules(json::parse(R"({"latency":)" + models + "}"), source);
  EXPECT_TRUE(set) << set.error().to_string();
  return set ? set->latency : std::vector<LatencyRule>{};
}

// Ten plans of a model, as ten requests with 5-frame streams would get them.
std::vector<LatencyPlan> ten_plans(const std::string& models) {
  LatencyModels active;
  active.add(latency(models));
  std::vector<LatencyPlan> plans;
  for (int i = 0; i < 10; ++i) {
    auto plan = active.plan("ConverseStream", "amazon.nova-lite-v1:0", "us-east-1", 5);
    EXPECT_TRUE(plan);
    if (plan) plans.push_back(*plan);
  }
  return plans;
}

bool same(const std::vector<LatencyPlan>& a, const std::vector<LatencyPlan>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].first_byte_ms != b[i].first_byte_ms || a[i].gaps_ms != b[i].gaps_ms) return false;
  }
  return true;
}

constexpr const char* kLogNormal =
    R"([{"model":"lognormal","seed":SEED,"firstByteMs":{"median":400,"sigma":0.5},
         "interFrameMs":{"median":25,"sigma":0.3}}])";
constexpr const char* kNormal =
    R"([{"model":"normal","seed":SEED,"firstByteMs":{"mean":400,"stddev":300},
         "interFrameMs":{"mean":25,"stddev":10}}])";

std::string with_seed(std::string text, int seed) {
  return text.replace(text.find("SEED"), 4, std::to_string(seed));
}

class SeededModels : public ::testing::TestWithParam<const char*> {};

TEST_P(SeededModels, TheSameSeedGivesTheSameTimingsAndAnotherSeedOthers) {
  const auto first = ten_plans(with_seed(GetParam(), 7));
  EXPECT_TRUE(same(first, ten_plans(with_seed(GetParam(), 7))));
  EXPECT_FALSE(same(first, ten_plans(with_seed(GetParam(), 8))));
  for (const auto& plan : first) {
    ASSERT_TRUE(plan.first_byte_ms);
    EXPECT_GE(*plan.first_byte_ms, 0);
    EXPECT_EQ(plan.gaps_ms.size(), 4u);
    for (const double gap : plan.gaps_ms) EXPECT_GE(gap, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Models, SeededModels, ::testing::Values(kLogNormal, kNormal));

TEST(LatencyModels, ResetStartsTheSequenceAgain) {
  LatencyModels active;
  active.add(latency(with_seed(kLogNormal, 3)));
  const auto first = active.plan("Converse", "m", "r", 0);
  active.plan("Converse", "m", "r", 0);
  active.reset();
  const auto again = active.plan("Converse", "m", "r", 0);
  ASSERT_TRUE(first && again);
  EXPECT_EQ(first->first_byte_ms, again->first_byte_ms);
}

TEST(LatencyModels, FixedModelSetsTheFirstByteAndEveryGap) {
  LatencyPlan plan = ten_plans(R"([{"model":"fixed","firstByteMs":800,"interFrameMs":30}])").at(0);
  std::vector<double> offsets = {200, 220, 240, 241};
  double delay = 0;
  apply_latency(plan, true, offsets, delay);
  EXPECT_EQ(offsets, (std::vector<double>{800, 830, 860, 890}));
  EXPECT_EQ(delay, 0);
  std::vector<double> none;
  apply_latency(plan, false, none, delay);
  EXPECT_EQ(delay, 800 + 4 * 30) << "a whole body waits for the stream it stands for";
}

TEST(LatencyModels, OnlyTheFirstByteKeepsTheAnswersOwnGaps) {
  LatencyModels active;
  active.add(latency(R"([{"model":"fixed","firstByteMs":1000}])"));
  auto plan = active.plan("ConverseStream", "m", "r", 3);
  ASSERT_TRUE(plan);
  std::vector<double> offsets = {200, 220, 221};
  double delay = 0;
  apply_latency(*plan, true, offsets, delay);
  EXPECT_EQ(offsets, (std::vector<double>{1000, 1020, 1021}));
}

TEST(LatencyModels, RecordedModelReplaysTheCassettesTimingsCycling) {
  const std::string cassette =
      (test::source_dir() / "fixtures" / "cassettes" / "converse-stream-nova-lite.json").string();
  LatencyModels active;
  active.add(latency(R"([{"model":"recorded","cassette":")" + cassette + R"("}])"));
  auto plan = active.plan("ConverseStream", "m", "r", 9);
  ASSERT_TRUE(plan);
  // Recorded offsets 0, 184.6, 201.3, 219.9, 223.4, 224.1, 226.
  ASSERT_EQ(plan->gaps_ms.size(), 6u);
  EXPECT_EQ(plan->first_byte_ms, 0);
  EXPECT_NEAR(plan->gaps_ms[0], 184.6, 1e-9);
  std::vector<double> offsets(9, 0);
  double delay = 0;
  apply_latency(*plan, true, offsets, delay);
  EXPECT_NEAR(offsets[6], 226, 1e-9);
  EXPECT_NEAR(offsets[7], 226 + 184.6, 1e-9) << "more frames than recorded: the gaps repeat";
}

TEST(LatencyModels, MatchSelectsTheModelAndTheFirstMatchingWins) {
  LatencyModels active;
  active.add(latency(R"([{"match":{"operation":"ConverseStream"},"model":"fixed","firstByteMs":1},
                         {"model":"fixed","firstByteMs":2}])"));
  EXPECT_EQ(active.plan("ConverseStream", "m", "r", 1)->first_byte_ms, 1);
  EXPECT_EQ(active.plan("Converse", "m", "r", 0)->first_byte_ms, 2);
  active.clear();
  EXPECT_FALSE(active.plan("Converse", "m", "r", 0));
}

struct BadLatency {
  std::string models;
  std::string path;
};

class BadLatencies : public ::testing::TestWithParam<BadLatency> {};

TEST_P(BadLatencies, NameTheJsonPathOfTheProblem) {
  auto set = parse_rules(json::parse(R"({"latency":)" + GetParam().models + "}"), "rules.json");
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().path, GetParam().path) << set.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadLatencies,
    ::testing::Values(
        BadLatency{R"({})", "$.latency"},
        BadLatency{R"([{"firstByteMs":1}])", "$.latency[0].model"},
        BadLatency{R"([{"model":"gaussian"}])", "$.latency[0].model"},
        BadLatency{R"([{"model":"fixed"}])", "$.latency[0]"},
        BadLatency{R"([{"model":"fixed","firstByteMs":-1}])", "$.latency[0].firstByteMs"},
        BadLatency{R"([{"model":"fixed","firstByteMs":1,"seed":2}])", "$.latency[0].seed"},
        BadLatency{R"([{"model":"normal","firstByteMs":{"mean":1}}])", "$.latency[0].firstByteMs"},
        BadLatency{R"([{"model":"lognormal","firstByteMs":{"median":0,"sigma":1}}])",
                   "$.latency[0].firstByteMs.median"},
        BadLatency{R"([{"model":"recorded"}])", "$.latency[0].cassette"},
        BadLatency{R"([{"model":"recorded","cassette":"/nonexistent.json"}])",
                   "$.latency[0].cassette"},
        BadLatency{R"([{"model":"recorded","firstByteMs":1}])", "$.latency[0].firstByteMs"},
        BadLatency{R"([{"model":"fixed","firstByteMs":1,"match":{"firstCalls":2}}])",
                   "$.latency[0].match"}),
    [](const auto& case_info) { return "case" + std::to_string(case_info.index); });

// ---- in the pipeline: simulated answers take the model's timings --------------------------

ExchangeRequest converse_stream_request(const std::string& text) {
  ExchangeRequest request;
  request.method = "POST";
  request.target = "/model/amazon.nova-lite-v1%3A0/converse-stream";
  request.headers = {{"Host", "bedrock-runtime.us-east-1.amazonaws.com"}};
  request.body = json{{"messages", {{{"role", "user"}, {"content", {{{"text", text}}}}}}}}.dump();
  return request;
}

std::vector<std::vector<double>> offsets_of_three_streams(int seed) {
  ServerConfig config;
  config.catalog_path = (test::source_dir() / "fixtures" / "catalog").string();
  auto set = parse_rules(json::parse(R"({"latency":)" + with_seed(kLogNormal, seed) + "}"), "t");
  EXPECT_TRUE(set);
  config.rule_sets.push_back(std::move(*set));
  auto server = Server::create(std::move(config));
  EXPECT_TRUE(server) << server.error().message;
  std::vector<std::vector<double>> out;
  for (const char* text : {"one", "two", "three"}) {
    const ExchangeResponse response = (*server)->handle(converse_stream_request(text));
    EXPECT_EQ(response.status, 200);
    std::vector<double> offsets;
    for (const auto& frame : response.frames) offsets.push_back(frame.offset_ms);
    out.push_back(std::move(offsets));
  }
  const auto entries = (*server)->journal().entries();
  EXPECT_NE(entries.back().latency.find("lognormal seed"), std::string::npos)
      << entries.back().latency;
  return out;
}

TEST(LatencyInThePipeline, SimulatedStreamsAreTimedByTheSeededModel) {
  const auto seven = offsets_of_three_streams(7);
  EXPECT_EQ(seven, offsets_of_three_streams(7));
  EXPECT_NE(seven, offsets_of_three_streams(8));
  // The simulator's own pacing starts at 200 ms with 20 ms gaps; the model replaced it.
  ASSERT_FALSE(seven[0].empty());
  EXPECT_NE(seven[0][0], 200);
}

TEST(LatencyInThePipeline, ScenarioCassettePathsAreReadFromTheScenarioFolder) {
  test::TempDir dir;
  // A rules file naming its cassette relatively: read from the file's own folder.
  const std::string rules_file = (dir.path() / "timed.json").string();
  {
    std::ofstream out(rules_file);
    out << R"({"latency":[{"model":"recorded","cassette":"cassette.json"}]})";
  }
  std::filesystem::copy_file(
      test::source_dir() / "fixtures" / "cassettes" / "converse-stream-nova-lite.json",
      dir.path() / "cassette.json");
  auto set = load_rules_file(rules_file);
  ASSERT_TRUE(set) << set.error().to_string();
  ASSERT_EQ(set->latency.size(), 1u);
  EXPECT_EQ(set->latency[0].samples.size(), 1u);
}

}  // namespace
}  // namespace bedrock::mock
