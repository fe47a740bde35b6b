#include "bedrock/mock/rules.hpp"

#include <gtest/gtest.h>

namespace bedrock::mock {
namespace {

using nlohmann::json;

RuleSet parse_ok(const std::string& text) {
  auto set = parse_rules(json::parse(text), "test.json");
  EXPECT_TRUE(set) << (set ? "" : set.error().to_string());
  return set ? *set : RuleSet{};
}

TEST(RuleParsing, ReadsMatchWindowAndErrorAction) {
  const auto set = parse_ok(R"({"name":"throttled","description":"d","rules":[
    {"name":"first two","match":{"operation":"Converse","modelId":"us.*","calls":{"from":1,"to":2}},
     "respond":{"error":"ThrottlingException","message":"Too many requests, please wait before trying again."}}]})");
  ASSERT_EQ(set.rules.size(), 1u);
  const auto& rule = set.rules[0];
  EXPECT_EQ(set.name, "throttled");
  EXPECT_EQ(rule.name, "first two");
  EXPECT_EQ(rule.match.operations, std::vector<std::string>{"Converse"});
  EXPECT_EQ(rule.match.calls_from, 1u);
  EXPECT_EQ(rule.match.calls_to, 2u);
  EXPECT_EQ(rule.action.kind, RuleActionKind::kError);
  EXPECT_EQ(rule.action.error_code, "ThrottlingException");
}

TEST(RuleParsing, AcceptsABareArrayAndNamesRulesAfterTheSource) {
  const auto set = parse_ok(R"([{"respond":{"drop":true}}])");
  ASSERT_EQ(set.rules.size(), 1u);
  EXPECT_EQ(set.rules[0].name, "test.json#1");
  EXPECT_EQ(set.rules[0].action.kind, RuleActionKind::kDropConnection);
}

struct BadRule {
  std::string text;
  std::string path;
};

class RuleParsingErrors : public ::testing::TestWithParam<BadRule> {};

TEST_P(RuleParsingErrors, NameTheJsonPathOfTheProblem) {
  auto set = parse_rules(json::parse(GetParam().text), "rules.json");
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().source, "rules.json");
  EXPECT_EQ(set.error().path, GetParam().path) << set.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, RuleParsingErrors,
    ::testing::Values(BadRule{R"({"rules":{}})", "$.rules"}, BadRule{R"({"rulez":[]})", "$.rulez"},
                      BadRule{R"([{"match":{}}])", "$[0].respond"},
                      BadRule{R"([{"respond":{"error":5}}])", "$[0].respond.error"},
                      BadRule{R"([{"respond":{"errr":"X"}}])", "$[0].respond.errr"},
                      BadRule{R"([{"respond":{}}])", "$[0].respond"},
                      BadRule{R"([{"respond":{"drop":true,"stall":true}}])", "$[0].respond"},
                      BadRule{R"([{"respond":{"streamExceptionAfter":2}}])", "$[0].respond.error"},
                      BadRule{R"([{"match":{"calls":{"from":0}},"respond":{"drop":true}}])",
                              "$[0].match.calls.from"},
                      BadRule{R"([{"match":{"calls":{"from":3,"to":2}},"respond":{"drop":true}}])",
                              "$[0].match.calls"},
                      BadRule{R"([{"match":{"operation":[1]},"respond":{"drop":true}}])",
                              "$[0].match.operation[0]"}),
    [](const auto& case_info) { return "case" + std::to_string(case_info.index); });

TEST(RuleEngine, FiresOnlyInsideTheCallWindow) {
  RuleEngine engine;
  engine.add(parse_ok(R"([{"match":{"operation":"Converse","firstCalls":2},
                           "respond":{"error":"ThrottlingException"}}])"));
  const RequestFacts converse{"Converse", "m", "us-east-1"};
  EXPECT_TRUE(engine.match(converse));
  EXPECT_TRUE(engine.match(converse));
  EXPECT_FALSE(engine.match(converse));
  EXPECT_FALSE(engine.match({"ConverseStream", "m", "us-east-1"}));
  engine.reset_counters();
  auto fired = engine.match(converse);
  ASSERT_TRUE(fired);
  EXPECT_EQ(fired->call_number, 1u);
}

TEST(RuleEngine, CountsEachRuleSeparatelyAndTakesTheFirstThatFires) {
  RuleEngine engine;
  engine.add(parse_ok(R"([
    {"name":"a","match":{"region":"eu-*","calls":{"from":2}},"respond":{"drop":true}},
    {"name":"b","match":{"modelId":"*claude*"},"respond":{"stall":true}}])"));
  auto first = engine.match({"Converse", "anthropic.claude-v2", "eu-west-1"});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->rule.name, "b");
  auto second = engine.match({"Converse", "anthropic.claude-v2", "eu-west-1"});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->rule.name, "a");
  EXPECT_EQ(second->call_number, 2u);
  engine.clear();
  EXPECT_FALSE(engine.match({"Converse", "anthropic.claude-v2", "eu-west-1"}));
}

TEST(RuleEngine, SerialisedRulesParseBackToTheSameRule) {
  const auto set =
      parse_ok(R"([{"name":"x","match":{"operation":["Converse"],"calls":{"from":2,"to":4}},
    "respond":{"error":"modelStreamErrorException","streamExceptionAfter":3,"delayMs":5}}])");
  const auto again = parse_ok(json::array({to_json(set.rules[0])}).dump());
  ASSERT_EQ(again.rules.size(), 1u);
  EXPECT_EQ(to_json(again.rules[0]), to_json(set.rules[0]));
  EXPECT_EQ(again.rules[0].action.kind, RuleActionKind::kStreamException);
  EXPECT_EQ(again.rules[0].action.after_events, 3u);
}

TEST(WildcardMatch, MatchesStarsAnywhereAndStaysLinearOnHostileInput) {
  EXPECT_TRUE(wildcard_match("*", ""));
  EXPECT_TRUE(wildcard_match("us.*:0", "us.anthropic.claude-3:0"));
  EXPECT_FALSE(wildcard_match("us.*:0", "eu.anthropic.claude-3:0"));
  EXPECT_TRUE(wildcard_match("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(wildcard_match("a*b*c", "aXXbYY"));
  EXPECT_FALSE(wildcard_match(std::string(50, '*') + "b", std::string(20000, 'a')));
}

}  // namespace
}  // namespace bedrock::mock
