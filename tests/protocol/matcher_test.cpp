#include "bedrock/protocol/matcher.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "bedrock/protocol/canonical_body.hpp"
#include "bedrock/protocol/ignore_path.hpp"

namespace bedrock::replay {
namespace {

std::vector<cassette::IgnorePath> compile(const std::vector<std::string>& texts) {
  std::vector<cassette::IgnorePath> paths;
  for (const std::string& text : texts) {
    auto path = cassette::parse_ignore_path(text);
    EXPECT_TRUE(path.has_value()) << text;
    if (path) paths.push_back(std::move(*path));
  }
  return paths;
}

MatchResult match_bodies(const std::string& recorded, const std::string& received,
                         const std::vector<std::string>& ignore = {}) {
  const auto paths = compile(ignore);
  const CanonicalBody a = canonical_body(recorded, paths);
  const CanonicalBody b = canonical_body(received, paths);
  return match(MatchSubject{"POST", "Converse", "amazon.nova-lite-v1:0", &a},
               MatchSubject{"POST", "Converse", "amazon.nova-lite-v1:0", &b});
}

// ---- canonical bodies: what does not matter -------------------------------------------------

struct EquivalentBodies {
  std::string name;
  std::string recorded;
  std::string received;
  std::vector<std::string> ignore_paths;
};

class CanonicalBodyEquivalence : public ::testing::TestWithParam<EquivalentBodies> {};

TEST_P(CanonicalBodyEquivalence, MatchesAndHasTheSameCanonicalText) {
  const auto& c = GetParam();
  const auto paths = compile(c.ignore_paths);
  EXPECT_EQ(canonical_body(c.recorded, paths).text, canonical_body(c.received, paths).text);
  const MatchResult result = match_bodies(c.recorded, c.received, c.ignore_paths);
  EXPECT_TRUE(result.matched());
  EXPECT_EQ(result.distance, 0.0);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CanonicalBodyEquivalence,
    ::testing::Values(
        EquivalentBodies{
            "key_order", R"({"a":1,"b":{"c":2,"d":3}})", R"({"b":{"d":3,"c":2},"a":1})", {}},
        EquivalentBodies{"boto3_spacing_vs_compact",
                         R"({"messages": [{"role": "user", "content": [{"text": "Hi"}]}]})",
                         R"({"messages":[{"role":"user","content":[{"text":"Hi"}]}]})",
                         {}},
        EquivalentBodies{
            "newlines_and_tabs", "{\n\t\"a\" :\r\n [ 1 , 2 ]\n}", R"({"a":[1,2]})", {}},
        EquivalentBodies{
            "integer_and_float_spelling", R"({"n":100,"m":-3})", R"({"n":1e2,"m":-3.0})", {}},
        EquivalentBodies{"float_spellings", R"({"t":0.5})", R"({"t":5e-1})", {}},
        EquivalentBodies{"negative_zero", R"({"z":0})", R"({"z":-0.0})", {}},
        EquivalentBodies{
            "large_integer_as_float", R"({"n":10000000000000000000})", R"({"n":1e19})", {}},
        EquivalentBodies{"ignored_member_with_other_value",
                         R"({"inferenceConfig":{"maxTokens":50,"temperature":0.2}})",
                         R"({"inferenceConfig":{"maxTokens":50,"temperature":0.9}})",
                         {"$.inferenceConfig.temperature"}},
        EquivalentBodies{"ignored_member_absent_on_one_side",
                         R"({"inferenceConfig":{"maxTokens":50,"temperature":0.2}})",
                         R"({"inferenceConfig":{"maxTokens":50}})",
                         {"$.inferenceConfig.temperature"}},
        EquivalentBodies{"ignored_text_in_every_message",
                         R"({"messages":[{"role":"user","content":[{"text":"a"},{"text":"x"}]},)"
                         R"({"role":"assistant","content":[{"text":"b"}]}]})",
                         R"({"messages":[{"role":"user","content":[{"text":"c"},{"text":"x"}]},)"
                         R"({"role":"assistant","content":[{"text":"d"}]}]})",
                         {"$.messages[*].content[0].text"}},
        EquivalentBodies{"ignored_array_element",
                         R"({"stop":["a","b"]})",
                         R"({"stop":["z","b"]})",
                         {"$.stop[0]"}},
        EquivalentBodies{"ignore_path_naming_nothing",
                         R"({"a":1})",
                         R"({"a":1})",
                         {"$.missing.deeper[3]", "$.a.b", "$[0]"}},
        EquivalentBodies{"json_array_body", R"([1, {"b":2,"a":1}])", R"([1,{"a":1,"b":2}])", {}},
        EquivalentBodies{
            "identical_non_json_bytes", "plain text \x01\xff", "plain text \x01\xff", {}},
        EquivalentBodies{"empty_bodies", "", "", {}}),
    [](const ::testing::TestParamInfo<EquivalentBodies>& param) { return param.param.name; });

struct DifferentBodies {
  std::string name;
  std::string recorded;
  std::string received;
  std::string path;  // the first differing path reported
};

class CanonicalBodyDifference : public ::testing::TestWithParam<DifferentBodies> {};

TEST_P(CanonicalBodyDifference, FailsTheBodyMatcherAtThePath) {
  const auto& c = GetParam();
  const MatchResult result = match_bodies(c.recorded, c.received);
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].matcher, "body");
  ASSERT_FALSE(result.failures[0].differences.empty());
  EXPECT_EQ(result.failures[0].differences[0].path, c.path);
  EXPECT_GT(result.distance, 0.0);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CanonicalBodyDifference,
    ::testing::Values(
        DifferentBodies{"number_value", R"({"n":1})", R"({"n":1.5})", "$.n"},
        DifferentBodies{"number_vs_string", R"({"n":1})", R"({"n":"1"})", "$.n"},
        DifferentBodies{"array_order", R"({"a":[1,2]})", R"({"a":[2,1]})", "$.a[0]"},
        DifferentBodies{"extra_array_element", R"({"a":[1]})", R"({"a":[1,2]})", "$.a[1]"},
        DifferentBodies{"missing_member", R"({"a":1,"b":2})", R"({"a":1})", "$.b"},
        DifferentBodies{"null_vs_absent", R"({"a":null})", R"({})", "$.a"},
        DifferentBodies{"odd_member_name", R"({"x-y":1})", R"({"x-y":2})", R"($["x-y"])"},
        DifferentBodies{"huge_number_is_not_null", R"({"n":null})", R"({"n":1e400})", "body"},
        DifferentBodies{"bytes", "abc", "abd", "body"},
        DifferentBodies{"json_vs_bytes", R"({"a":1})", "a=1", "body"}),
    [](const ::testing::TestParamInfo<DifferentBodies>& param) { return param.param.name; });

// ---- each matcher reports by name, with paths and both values --------------------------------

TEST(Matcher, ReportsTheDifferingBodyPathWithBothValues) {
  const MatchResult result =
      match_bodies(R"({"messages":[{"role":"user","content":[{"text":"Hello"}]}]})",
                   R"({"messages":[{"role":"user","content":[{"text":"Hi"}]}]})");
  ASSERT_EQ(result.failures.size(), 1u);
  const MatcherOutcome& body = result.failures[0];
  EXPECT_EQ(body.matcher, "body");
  EXPECT_EQ(body.difference_count, 1u);
  ASSERT_EQ(body.differences.size(), 1u);
  EXPECT_EQ(body.differences[0],
            (FieldDifference{"$.messages[0].content[0].text", "\"Hello\"", "\"Hi\""}));
}

TEST(Matcher, ReportsMethodOperationAndModelByNameWithBothValues) {
  const CanonicalBody body = canonical_body("{}", {});
  const MatchResult result =
      match(MatchSubject{"POST", "Converse", "amazon.nova-pro-v1:0", &body},
            MatchSubject{"GET", "ConverseStream", "amazon.nova-lite-v1:0", &body});
  ASSERT_EQ(result.failures.size(), 3u);
  EXPECT_EQ(result.failures[0].matcher, "method");
  EXPECT_EQ(result.failures[0].differences[0], (FieldDifference{"method", "\"POST\"", "\"GET\""}));
  EXPECT_EQ(result.failures[1].matcher, "operation");
  EXPECT_EQ(result.failures[1].differences[0],
            (FieldDifference{"operation", "\"Converse\"", "\"ConverseStream\""}));
  EXPECT_EQ(result.failures[2].matcher, "model_id");
  EXPECT_EQ(result.failures[2].differences[0],
            (FieldDifference{"model_id", "\"amazon.nova-pro-v1:0\"", "\"amazon.nova-lite-v1:0\""}));
  EXPECT_DOUBLE_EQ(result.distance, 0.75);
}

TEST(Matcher, AMissingModelIdIsReportedAsAbsent) {
  const CanonicalBody body = canonical_body("", {});
  const MatchResult result = match(MatchSubject{"GET", "ListAsyncInvokes", "", &body},
                                   MatchSubject{"GET", "ListAsyncInvokes", "x", &body});
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].differences[0], (FieldDifference{"model_id", "(absent)", "\"x\""}));
}

TEST(Matcher, HeadersDoNotTakePartBecauseTheSubjectHasNone) {
  // Everything a MatchSubject carries is compared; signatures, dates, user agents and SDK
  // invocation IDs cannot influence a match because they are not part of it.
  const CanonicalBody body = canonical_body(R"({"a":1})", {});
  EXPECT_TRUE(match(MatchSubject{"POST", "Converse", "m", &body},
                    MatchSubject{"POST", "Converse", "m", &body})
                  .matched());
}

TEST(Matcher, MissingMembersAreReportedAsAbsentOnTheirSide) {
  const MatchResult result = match_bodies(R"({"a":1})", R"({"b":2})");
  ASSERT_EQ(result.failures.size(), 1u);
  const auto& differences = result.failures[0].differences;
  ASSERT_EQ(differences.size(), 2u);
  EXPECT_EQ(differences[0], (FieldDifference{"$.a", "1", "(absent)"}));
  EXPECT_EQ(differences[1], (FieldDifference{"$.b", "(absent)", "2"}));
}

TEST(Matcher, CountsEveryDifferenceButReportsABoundedNumber) {
  std::string recorded = "{";
  std::string received = "{";
  for (int i = 0; i < 20; ++i) {
    const std::string sep = i == 0 ? "" : ",";
    recorded += sep + "\"k" + std::to_string(100 + i) + "\":1";
    received += sep + "\"k" + std::to_string(100 + i) + "\":2";
  }
  recorded += "}";
  received += "}";
  const MatchResult result = match_bodies(recorded, received);
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].difference_count, 20u);
  EXPECT_EQ(result.failures[0].differences.size(), kMaxReportedDifferences);
  EXPECT_EQ(result.failures[0].differences[0].path, "$.k100");
  EXPECT_DOUBLE_EQ(result.failures[0].distance, 1.0);
}

TEST(Matcher, LongValuesAreTruncatedOnACodePointBoundary) {
  const std::string long_text(200, 'x');
  const std::string accented = std::string(62, 'a') + "\xC3\xA9\xC3\xA9";  // "é" is 2 bytes
  const MatchResult result = match_bodies(R"({"t":")" + long_text + R"(","u":")" + accented + "\"}",
                                          R"({"t":"y","u":"b"})");
  ASSERT_EQ(result.failures.size(), 1u);
  const auto& differences = result.failures[0].differences;
  ASSERT_EQ(differences.size(), 2u);
  EXPECT_EQ(differences[0].recorded, "\"" + std::string(kMaxRenderedValueBytes - 1, 'x') + "...");
  // A quote and 62 'a' fill 63 bytes; the first "é" would straddle the 64-byte cut.
  EXPECT_EQ(differences[1].recorded, "\"" + std::string(62, 'a') + "...");
}

TEST(Matcher, ByteBodiesReportAWindowAroundTheFirstDifference) {
  const std::string prefix(100, 'p');
  const MatchResult result = match_bodies(prefix + "RECORDED", prefix + "RECEIVED");
  ASSERT_EQ(result.failures.size(), 1u);
  const FieldDifference& difference = result.failures[0].differences[0];
  EXPECT_EQ(difference.path, "body");
  EXPECT_EQ(difference.recorded, "...\"" + std::string(13, 'p') + "RECORDED\"");
  EXPECT_EQ(difference.received, "...\"" + std::string(13, 'p') + "RECEIVED\"");
}

TEST(Matcher, JsonAgainstNonJsonNamesBothKinds) {
  const MatchResult result = match_bodies(R"({"a":1})", "not json");
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].differences[0],
            (FieldDifference{"body", R"((JSON) {"a":1})", R"((not JSON) "not json")"}));
}

TEST(Matcher, DistanceGrowsWithTheShareOfDifferingLeaves) {
  const std::string recorded = R"({"a":1,"b":2,"c":3,"d":4})";
  const double one = match_bodies(recorded, R"({"a":9,"b":2,"c":3,"d":4})").distance;
  const double two = match_bodies(recorded, R"({"a":9,"b":9,"c":3,"d":4})").distance;
  EXPECT_GT(one, 0.0);
  EXPECT_LT(one, two);
  // body is one of four matchers: one leaf in four differs -> 1/4 of 1/4.
  EXPECT_DOUBLE_EQ(one, 0.25 / 4);
}

TEST(Matcher, AMatcherListCanBeComposed) {
  const CanonicalBody a = canonical_body(R"({"a":1})", {});
  const CanonicalBody b = canonical_body(R"({"a":2})", {});
  const Matcher only_operation[] = {{"operation", &match_operation}};
  EXPECT_TRUE(match(MatchSubject{"POST", "Converse", "m", &a},
                    MatchSubject{"POST", "Converse", "other", &b}, only_operation)
                  .matched());
  EXPECT_FALSE(match(MatchSubject{"POST", "Converse", "m", &a},
                     MatchSubject{"POST", "Converse", "other", &b})
                   .matched());
}

// ---- ignore paths and bodies that are not JSON ----------------------------------------------

TEST(IgnorePathParsing, SplitsMembersIndexesAndWildcards) {
  const auto path = cassette::parse_ignore_path("$.messages[*].content[12].text");
  ASSERT_TRUE(path.has_value());
  ASSERT_EQ(path->segments.size(), 5u);
  using Kind = cassette::IgnorePathSegment::Kind;
  EXPECT_EQ(path->segments[0].kind, Kind::kMember);
  EXPECT_EQ(path->segments[0].name, "messages");
  EXPECT_EQ(path->segments[1].kind, Kind::kEvery);
  EXPECT_EQ(path->segments[2].name, "content");
  EXPECT_EQ(path->segments[3].kind, Kind::kIndex);
  EXPECT_EQ(path->segments[3].index, 12u);
  EXPECT_EQ(path->segments[4].name, "text");
}

TEST(IgnorePathParsing, RejectsMalformedPaths) {
  for (const char* text :
       {"", "$", "a.b", "$.", "$..a", "$[", "$[]", "$[x]", "$[1", "$a", "$.a]"}) {
    EXPECT_FALSE(cassette::parse_ignore_path(text).has_value()) << text;
  }
}

TEST(IgnorePathParsing, AnIndexBeyondAnyArrayNamesNothing) {
  const auto path = cassette::parse_ignore_path("$.a[99999999999999999999999999]");
  ASSERT_TRUE(path.has_value());
  nlohmann::json value = nlohmann::json::parse(R"({"a":[1,2]})");
  cassette::apply_ignore_path(value, *path);
  EXPECT_EQ(value, nlohmann::json::parse(R"({"a":[1,2]})"));
}

TEST(CanonicalBody, NonJsonBodiesAreKeptAsBytes) {
  const CanonicalBody body = canonical_body("\x00\x01 binary", {});
  EXPECT_FALSE(body.is_json);
  EXPECT_EQ(body.text, std::string("\x00\x01 binary"));
}

TEST(CanonicalBody, NestingBeyondTheCassetteLimitIsComparedAsBytes) {
  const std::string deep = std::string(1000, '[') + std::string(1000, ']');
  EXPECT_FALSE(parse_json_body(deep).has_value());
  EXPECT_TRUE(parse_json_body(std::string(100, '[') + std::string(100, ']')).has_value());
  // Brackets inside strings do not count.
  EXPECT_TRUE(parse_json_body("[\"" + std::string(1000, '[') + "\"]").has_value());
}

TEST(CanonicalBody, TextIsTheSortedCompactForm) {
  EXPECT_EQ(canonical_body(R"({ "b": 1.0, "a": [ true, null ] })", {}).text,
            R"({"a":[true,null],"b":1})");
}

}  // namespace
}  // namespace bedrock::replay
