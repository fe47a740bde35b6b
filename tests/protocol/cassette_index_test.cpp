#include "bedrock/protocol/cassette_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "replay_test_cassettes.hpp"

namespace bedrock::replay {
namespace {

using namespace test_cassettes;

CassetteIndex build_ok(std::vector<SourcedCassette> cassettes) {
  auto index = CassetteIndex::build(std::move(cassettes));
  EXPECT_TRUE(index) << (index ? "" : index.error().to_string());
  if (!index) std::abort();
  return std::move(*index);
}

const std::string kHello = R"({"messages":[{"role":"user","content":[{"text":"Hello"}]}]})";
const std::string kBye = R"({"messages":[{"role":"user","content":[{"text":"Bye"}]}]})";

std::string find_answer(CassetteIndex& index, const ReplayQuery& query) {
  const auto hit = index.find(query);
  return hit ? answer_of(*hit) : std::string("(miss)");
}

TEST(CassetteIndex, FindsTheInteractionWhateverTheKeyOrderAndSpacing) {
  CassetteIndex index = build_ok({sourced(
      "a.json", {converse(R"({"messages": [{"role": "user", "content": [{"text": "Hello"}]}],)"
                          R"( "inferenceConfig": {"maxTokens": 50}})",
                          "answer")})});
  EXPECT_EQ(
      find_answer(index,
                  converse_query(R"({"inferenceConfig":{"maxTokens":50.0},"messages":[{"content":)"
                                 R"([{"text":"Hello"}],"role":"user"}]})")),
      "answer");
}

TEST(CassetteIndex, MethodOperationAndModelIdArePartOfTheKey) {
  CassetteIndex index = build_ok({sourced("a.json", {converse(kHello, "answer")})});
  EXPECT_EQ(find_answer(index, converse_query(kHello)), "answer");
  EXPECT_EQ(find_answer(index, ReplayQuery{"PUT", "Converse", kNovaLite, kHello}), "(miss)");
  EXPECT_EQ(find_answer(index, ReplayQuery{"POST", "ConverseStream", kNovaLite, kHello}), "(miss)");
  EXPECT_EQ(find_answer(index, converse_query(kHello, "amazon.nova-pro-v1:0")), "(miss)");
  EXPECT_EQ(find_answer(index, converse_query(kBye)), "(miss)");
}

// A Converse body with one user text and a temperature.
std::string text_and_temperature(const std::string& text, const std::string& temperature) {
  return R"({"messages":[{"role":"user","content":[{"text":")" + text +
         R"("}]}],"inferenceConfig":{"temperature":)" + temperature + "}}";
}

TEST(CassetteIndex, AppliesEachCassettesOwnIgnorePaths) {
  CassetteIndex index = build_ok({
      sourced("temperature.json", {converse(text_and_temperature("A", "0.2"), "a")},
              {"$.inferenceConfig.temperature"}),
      sourced("text.json", {converse(text_and_temperature("B", "0.2"), "b")},
              {"$.messages[*].content[0].text"}),
  });
  EXPECT_EQ(index.settings_groups(), 2u);
  // temperature.json ignores the temperature, not the text.
  EXPECT_EQ(find_answer(index, converse_query(text_and_temperature("A", "1"))), "a");
  // text.json ignores every message's first text, not the temperature.
  EXPECT_EQ(find_answer(index, converse_query(text_and_temperature("other", "0.2"))), "b");
  EXPECT_EQ(find_answer(index, converse_query(text_and_temperature("other", "1"))), "(miss)");
}

TEST(CassetteIndex, CassettesWithTheSameSettingsShareOneGroup) {
  CassetteIndex index = build_ok({
      sourced("a.json", {converse(kHello, "a")}, {"$.x", "$.y"}),
      sourced("b.json", {converse(kBye, "b")}, {"$.y", "$.x", "$.x"}),
      sourced("c.json", {converse(kBye, "c")}),
  });
  EXPECT_EQ(index.settings_groups(), 2u);
  EXPECT_EQ(index.size(), 3u);
}

TEST(CassetteIndex, WhenSeveralGroupsMatchTheFirstLoadedInteractionAnswers) {
  CassetteIndex index = build_ok({
      sourced("first.json", {converse(kHello, "first")}, {"$.inferenceConfig"}),
      sourced("second.json", {converse(kHello, "second")}),
  });
  EXPECT_EQ(find_answer(index, converse_query(kHello)), "first");
}

TEST(CassetteIndex, RepeatedRequestsPlayInRecordingOrderThenRepeatTheLast) {
  CassetteIndex index = build_ok({
      sourced("a.json", {converse(kHello, "one"), converse(kBye, "bye"), converse(kHello, "two")}),
      sourced("b.json", {converse(kHello, "three")}),
  });
  std::vector<std::string> answers;
  for (int i = 0; i < 5; ++i) answers.push_back(find_answer(index, converse_query(kHello)));
  EXPECT_EQ(answers, (std::vector<std::string>{"one", "two", "three", "three", "three"}));
  // Each request has its own cursor.
  EXPECT_EQ(find_answer(index, converse_query(kBye)), "bye");
}

TEST(CassetteIndex, AHitSaysWhichPlayItIsAndHowManyWereRecorded) {
  CassetteIndex index =
      build_ok({sourced("a.json", {converse(kHello, "one"), converse(kHello, "two")})});
  const auto first = index.find(converse_query(kHello));
  const auto second = index.find(converse_query(kHello));
  const auto third = index.find(converse_query(kHello));
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->play, 0u);
  EXPECT_EQ(second->play, 1u);
  EXPECT_EQ(third->play, 2u);
  EXPECT_EQ(third->recorded, 2u);
  EXPECT_EQ(third->source.interaction_index, 1u);
}

TEST(CassetteIndex, ResetRewindsEveryCursor) {
  CassetteIndex index =
      build_ok({sourced("a.json", {converse(kHello, "one"), converse(kHello, "two"),
                                   converse(kBye, "b1"), converse(kBye, "b2")})});
  EXPECT_EQ(find_answer(index, converse_query(kHello)), "one");
  EXPECT_EQ(find_answer(index, converse_query(kHello)), "two");
  EXPECT_EQ(find_answer(index, converse_query(kBye)), "b1");
  index.reset();
  EXPECT_EQ(find_answer(index, converse_query(kHello)), "one");
  EXPECT_EQ(find_answer(index, converse_query(kBye)), "b1");
}

TEST(CassetteIndex, ConcurrentFindsPlayEachRecordedAnswerOnceBeforeRepeating) {
  constexpr int kRecorded = 50;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 40;  // 160 requests: 50 distinct answers, then 110 repeats
  std::vector<cassette::Interaction> interactions;
  for (int i = 0; i < kRecorded; ++i) interactions.push_back(converse(kHello, std::to_string(i)));
  CassetteIndex index = build_ok({sourced("a.json", std::move(interactions))});

  std::mutex mutex;
  std::map<std::string, int> counts;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      std::vector<std::string> mine;
      for (int i = 0; i < kPerThread; ++i)
        mine.push_back(find_answer(index, converse_query(kHello)));
      std::lock_guard lock(mutex);
      for (const auto& answer : mine) ++counts[answer];
    });
  }
  for (auto& thread : threads) thread.join();

  ASSERT_EQ(counts.size(), static_cast<std::size_t>(kRecorded));
  for (int i = 0; i < kRecorded - 1; ++i) EXPECT_EQ(counts[std::to_string(i)], 1) << i;
  EXPECT_EQ(counts[std::to_string(kRecorded - 1)], kThreads * kPerThread - (kRecorded - 1));
}

TEST(CassetteIndex, HitsNameTheCassetteFileAndInteraction) {
  CassetteIndex index =
      build_ok({sourced("dir/a.json", {converse(kBye, "bye"), converse(kHello, "hello", "greeting"),
                                       converse("x", "x")})});
  const auto by_id = index.find(converse_query(kHello));
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->source.cassette_path, "dir/a.json");
  EXPECT_EQ(by_id->source.interaction_index, 1u);
  EXPECT_EQ(by_id->source.label(), "dir/a.json#greeting");
  const auto by_index = index.find(converse_query("x"));
  ASSERT_TRUE(by_index);
  EXPECT_EQ(by_index->source.label(), "dir/a.json#2");
}

TEST(CassetteIndex, NonJsonBodiesMatchByteForByte) {
  CassetteIndex index = build_ok({sourced("a.json", {converse("a=1&b=2", "form")})});
  EXPECT_EQ(find_answer(index, converse_query("a=1&b=2")), "form");
  EXPECT_EQ(find_answer(index, converse_query("b=2&a=1")), "(miss)");
}

TEST(CassetteIndex, AnEmptyIndexFindsNothing) {
  CassetteIndex index = build_ok({});
  EXPECT_EQ(index.size(), 0u);
  EXPECT_FALSE(index.find(converse_query(kHello)));
  EXPECT_FALSE(index.closest(converse_query(kHello)));
}

TEST(CassetteIndex, AnInvalidIgnorePathNamesTheFileAndPath) {
  auto index =
      CassetteIndex::build({sourced("bad.json", {converse(kHello, "a")}, {"$.ok", "temperature"})});
  ASSERT_FALSE(index);
  EXPECT_EQ(index.error().file, "bad.json");
  EXPECT_EQ(index.error().to_string(),
            "bad.json: $.match.ignore_paths[1]: invalid ignore path \"temperature\" (expected $ "
            "followed by .name, [N] or [*] segments)");
}

// ---- near misses --------------------------------------------------------------------------

TEST(CassetteIndexClosest, NamesTheClosestInteractionAndTheDifferingPath) {
  CassetteIndex index = build_ok({sourced(
      "cassettes/a.json",
      {converse(
           R"({"messages":[{"role":"user","content":[{"text":"Something else entirely"}]}],"x":1})",
           "0"),
       converse(R"({"messages":[{"role":"user","content":[{"text":"Hello"}]}],"x":1})", "1"),
       converse(R"({"messages":[{"role":"user","content":[{"text":"Hello"}]}],"x":2})", "2")})});
  const auto near = index.closest(
      converse_query(R"({"messages":[{"role":"user","content":[{"text":"Hi"}]}],"x":2})"));
  ASSERT_TRUE(near);
  EXPECT_EQ(near->source.label(), "cassettes/a.json#2");
  ASSERT_EQ(near->result.failures.size(), 1u);
  EXPECT_EQ(near->result.failures[0].matcher, "body");
  EXPECT_EQ(near->result.failures[0].differences[0],
            (FieldDifference{"$.messages[0].content[0].text", "\"Hello\"", "\"Hi\""}));
}

TEST(CassetteIndexClosest, PrefersTheSameOperationOverAnIdenticalBody) {
  CassetteIndex index = build_ok(
      {sourced("a.json", {converse(kHello, "stream", std::nullopt, kNovaLite, "ConverseStream"),
                          converse(kBye, "converse")})});
  const auto near = index.closest(converse_query(kHello));
  ASSERT_TRUE(near);
  EXPECT_EQ(near->source.interaction_index, 1u);
}

TEST(CassetteIndexClosest, ReportsAModelIdDifference) {
  CassetteIndex index =
      build_ok({sourced("a.json", {converse(kHello, "pro", "pro", "amazon.nova-pro-v1:0"),
                                   converse(kBye, "lite", "lite")})});
  const auto near = index.closest(converse_query(kHello, "amazon.nova-micro-v1:0"));
  ASSERT_TRUE(near);
  EXPECT_EQ(near->source.label(), "a.json#pro");
  ASSERT_EQ(near->result.failures.size(), 1u);
  EXPECT_EQ(near->result.failures[0].matcher, "model_id");
}

TEST(CassetteIndexClosest, FallsBackToAllInteractionsForAnUnrecordedOperation) {
  CassetteIndex index =
      build_ok({sourced("a.json", {converse(kBye, "bye"), converse(kHello, "hello")})});
  const auto near = index.closest(ReplayQuery{"POST", "CountTokens", kNovaLite, kHello});
  ASSERT_TRUE(near);
  EXPECT_EQ(near->source.interaction_index, 1u);
  ASSERT_EQ(near->result.failures.size(), 1u);
  EXPECT_EQ(near->result.failures[0].matcher, "operation");
}

TEST(CassetteIndexClosest, ComparesUnderTheCandidatesIgnorePaths) {
  CassetteIndex index =
      build_ok({sourced("a.json", {converse(R"({"a":1,"t":0.1})", "a")}, {"$.t"})});
  const auto near = index.closest(converse_query(R"({"a":2,"t":0.9})"));
  ASSERT_TRUE(near);
  ASSERT_EQ(near->result.failures.size(), 1u);
  ASSERT_EQ(near->result.failures[0].differences.size(), 1u);
  EXPECT_EQ(near->result.failures[0].differences[0].path, "$.a");
}

TEST(CassetteIndexClosest, ComparesAtMostTheCandidateCap) {
  // Only the first kMaxNearMissCandidates of one operation are compared, so an exact-body
  // recording beyond the cap is not seen; the search stays bounded however many are loaded.
  std::vector<cassette::Interaction> interactions;
  for (std::size_t i = 0; i < kMaxNearMissCandidates; ++i) {
    interactions.push_back(converse(R"({"n":)" + std::to_string(i) + "}", "far"));
  }
  interactions.push_back(converse(R"({"n":-1,"exact":true})", "near"));
  CassetteIndex index = build_ok({sourced("a.json", std::move(interactions))});
  const auto near = index.closest(converse_query(R"({"n":-2,"exact":true})"));
  ASSERT_TRUE(near);
  EXPECT_LT(near->source.interaction_index, kMaxNearMissCandidates);
}

}  // namespace
}  // namespace bedrock::replay
