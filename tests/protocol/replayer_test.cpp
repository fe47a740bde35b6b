#include "bedrock/protocol/replayer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "replay_test_cassettes.hpp"
#include "support/shared_data.hpp"  // test::source_dir
#include "support/temp_dir.hpp"

namespace bedrock::replay {
namespace {

namespace fs = std::filesystem;
using namespace test_cassettes;

const std::string kHello = R"({"messages":[{"role":"user","content":[{"text":"Hello"}]}]})";

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

void save_cassette(const fs::path& path, std::vector<cassette::Interaction> interactions,
                   std::vector<std::string> ignore_paths = {}) {
  fs::create_directories(path.parent_path());
  const SourcedCassette source =
      sourced(path.string(), std::move(interactions), std::move(ignore_paths));
  const auto saved = cassette::save(source.cassette, path);
  ASSERT_TRUE(saved) << saved.error().to_string();
}

Replayer load_ok(const std::vector<std::string>& paths) {
  auto replayer = Replayer::load(paths);
  EXPECT_TRUE(replayer) << (replayer ? "" : replayer.error().to_string());
  if (!replayer) std::abort();
  return std::move(*replayer);
}

std::string fixture(const std::string& name) {
  return (test::source_dir() / "fixtures" / "cassettes" / name).string();
}

// ---- loading ---------------------------------------------------------------------------------

TEST(ReplayerLoad, LoadsFilesAndFoldersRecursively) {
  test::TempDir dir;
  save_cassette(dir.path() / "one.json", {converse(kHello, "one")});
  save_cassette(dir.path() / "more" / "two.json", {converse("{}", "two"), converse("[]", "three")});
  save_cassette(dir.path() / "elsewhere.json", {converse("[1]", "four")});
  write_text(dir.path() / "more" / "notes.txt", "not a cassette");

  Replayer replayer = load_ok({(dir.path() / "more").string(), (dir.path() / "one.json").string()});
  EXPECT_EQ(replayer.size(), 3u);
  const ReplayResult result = replayer.find(converse_query("[]"));
  ASSERT_TRUE(result.hit());
  EXPECT_EQ(answer_of(*result.hit()), "three");
  EXPECT_EQ(result.hit()->source.label(), (dir.path() / "more" / "two.json").string() + "#1");
}

TEST(ReplayerLoad, AFileNamedTwiceIsLoadedOnce) {
  test::TempDir dir;
  save_cassette(dir.path() / "one.json", {converse(kHello, "one")});
  Replayer replayer = load_ok({dir.path().string(), (dir.path() / "one.json").string(),
                               (dir.path() / "." / "one.json").string()});
  EXPECT_EQ(replayer.size(), 1u);
}

TEST(ReplayerLoad, AnInvalidCassetteNamesTheFileAndJsonPath) {
  test::TempDir dir;
  save_cassette(dir.path() / "a-good.json", {converse(kHello, "one")});
  std::string text = cassette::serialize(sourced("x", {converse(kHello, "one")}).cassette).value();
  const std::string status = "\"status\": 200";
  ASSERT_NE(text.find(status), std::string::npos);
  text.replace(text.find(status), status.size(), "\"status\": 700");
  const fs::path bad = dir.path() / "b-bad.json";
  write_text(bad, text);

  auto replayer = Replayer::load({dir.path().string()});
  ASSERT_FALSE(replayer);
  EXPECT_EQ(replayer.error().file, bad.string());
  EXPECT_EQ(replayer.error().to_string(),
            bad.string() + ": $.interactions[0].response.status: status 700 is outside 100..599");
}

TEST(ReplayerLoad, ASyntaxErrorNamesTheFileLineAndColumn) {
  test::TempDir dir;
  const fs::path bad = dir.path() / "broken.json";
  write_text(bad, "{\n  \"format\": ,\n}\n");
  auto replayer = Replayer::load({bad.string()});
  ASSERT_FALSE(replayer);
  EXPECT_EQ(replayer.error().file, bad.string());
  EXPECT_EQ(replayer.error().to_string().rfind(bad.string() + ":2:", 0), 0u)
      << replayer.error().to_string();
}

TEST(ReplayerLoad, AMissingPathIsNamed) {
  test::TempDir dir;
  const std::string missing = (dir.path() / "nope.json").string();
  auto replayer = Replayer::load({missing});
  ASSERT_FALSE(replayer);
  EXPECT_EQ(replayer.error().file, missing);
  EXPECT_EQ(replayer.error().to_string(), missing + ": no such cassette file or folder");
}

TEST(ReplayerLoad, NoPathsGivesAnEmptyReplayerThatMissesEverything) {
  Replayer replayer = load_ok({});
  EXPECT_EQ(replayer.size(), 0u);
  const ReplayResult result = replayer.find(converse_query(kHello));
  ASSERT_TRUE(result.miss());
  EXPECT_EQ(result.miss()->report.message(),
            "No recorded interaction matches POST Converse amazon.nova-lite-v1:0. No recorded "
            "interactions are loaded.");
}

// ---- the shipped fixtures ----------------------------------------------------------------------

TEST(ReplayerFixtures, ReplaysTheShippedConverseRecordingSentCompactlyWithAnotherTemperature) {
  Replayer replayer = load_ok({(test::source_dir() / "fixtures" / "cassettes").string()});
  // Recorded with boto3's spacing and temperature 0.7, which the cassette ignores.
  const ReplayResult result = replayer.find(converse_query(
      R"({"inferenceConfig":{"temperature":0.1,"maxTokens":200},)"
      R"("messages":[{"content":[{"text":"Write a haiku about the sea."}],"role":"user"}]})"));
  ASSERT_TRUE(result.hit());
  EXPECT_EQ(result.hit()->source.label(), fixture("converse-nova-lite.json") + "#haiku");
  ASSERT_NE(result.hit()->source.interaction->response(), nullptr);
  EXPECT_EQ(result.hit()->source.interaction->response()->status, 200);
}

TEST(ReplayerFixtures, ReplaysTheShippedStream) {
  Replayer replayer = load_ok({fixture("converse-stream-nova-lite.json")});
  const ReplayResult result = replayer.find(ReplayQuery{
      "POST", "ConverseStream", kNovaLite,
      R"({"messages":[{"role":"user","content":[{"text":"Name three primary colours."}]}],)"
      R"("inferenceConfig":{"maxTokens":100}})"});
  ASSERT_TRUE(result.hit());
  const cassette::Stream* stream = result.hit()->source.interaction->stream();
  ASSERT_NE(stream, nullptr);
  EXPECT_FALSE(stream->events.empty());
}

TEST(ReplayerFixtures, AMissNamesTheClosestShippedInteractionAndTheDifference) {
  Replayer replayer = load_ok({fixture("converse-nova-lite.json")});
  const ReplayResult result = replayer.find(converse_query(
      R"({"messages":[{"role":"user","content":[{"text":"Write a haiku about the moon."}]}],)"
      R"("inferenceConfig":{"maxTokens":200}})"));
  ASSERT_TRUE(result.miss());
  EXPECT_EQ(result.miss()->report.message(),
            "No recorded interaction matches POST Converse amazon.nova-lite-v1:0. Closest: " +
                fixture("converse-nova-lite.json") +
                "#haiku; differs at $.messages[0].content[0].text: recorded \"Write a haiku about "
                "the sea.\" vs received \"Write a haiku about the moon.\"");
}

// ---- hits, order, reset, concurrency ----------------------------------------------------------

TEST(Replayer, RepeatedRequestsPlayInOrderThenRepeatTheLastAndResetRewinds) {
  auto replayer = Replayer::from_cassettes(
      {sourced("a.json", {converse(kHello, "one"), converse(kHello, "two")})});
  ASSERT_TRUE(replayer);
  std::vector<std::string> answers;
  for (int i = 0; i < 3; ++i)
    answers.push_back(answer_of(*replayer->find(converse_query(kHello)).hit()));
  replayer->reset();
  answers.push_back(answer_of(*replayer->find(converse_query(kHello)).hit()));
  EXPECT_EQ(answers, (std::vector<std::string>{"one", "two", "two", "one"}));
}

TEST(Replayer, NonJsonBodiesReplayByteForByte) {
  test::TempDir dir;
  const std::string binary("\x00\x01\xfe\xff payload", 12);
  save_cassette(dir.path() / "bin.json",
                {converse(binary, "binary"), converse("plain text", "text")});
  Replayer replayer = load_ok({dir.path().string()});
  const ReplayResult binary_hit = replayer.find(converse_query(binary));
  ASSERT_TRUE(binary_hit.hit());
  EXPECT_EQ(answer_of(*binary_hit.hit()), "binary");
  const ReplayResult miss = replayer.find(converse_query("plain text!"));
  ASSERT_TRUE(miss.miss());
  EXPECT_NE(miss.miss()->report.message().find("differs at body: recorded \"plain text\" vs "
                                               "received \"plain text!\""),
            std::string::npos)
      << miss.miss()->report.message();
}

// ---- the rendered miss --------------------------------------------------------------------------

TEST(ReplayMissRendering, IsAnAwsShapedNotFoundError) {
  auto replayer = Replayer::from_cassettes(
      {sourced("cassettes/a.json",
               {converse("{}", "0"), converse("{}", "1", std::nullopt, "amazon.nova-pro-v1:0"),
                converse(R"({"messages":[{"role":"user","content":[{"text":"Hello"}]}]})", "2")})});
  ASSERT_TRUE(replayer);
  const ReplayResult result =
      replayer->find(converse_query(R"({"messages":[{"role":"user","content":[{"text":"Hi"}]}]})"));
  ASSERT_TRUE(result.miss());
  const errors::WireResponse& response = result.miss()->response;
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.headers,
            (std::vector<std::pair<std::string, std::string>>{
                {"x-amzn-ErrorType",
                 "ReplayMissException:http://internal.amazon.com/coral/com.amazon.bedrock/"},
                {"Content-Type", "application/json"}}));
  EXPECT_EQ(response.body,
            R"({"message":"No recorded interaction matches POST Converse amazon.nova-lite-v1:0. )"
            R"(Closest: cassettes/a.json#2; differs at $.messages[0].content[0].text: recorded )"
            R"(\"Hello\" vs received \"Hi\""})");
}

TEST(ReplayMissRendering, NamesMethodOperationAndModelDifferences) {
  MissReport report;
  report.method = "POST";
  report.operation = "Converse";
  report.model_id = "amazon.nova-micro-v1:0";
  report.closest = "a.json#pro";
  const CanonicalBody body = canonical_body("{}", {});
  report.difference = match(MatchSubject{"POST", "Converse", "amazon.nova-pro-v1:0", &body},
                            MatchSubject{"POST", "Converse", "amazon.nova-micro-v1:0", &body});
  EXPECT_EQ(report.message(),
            "No recorded interaction matches POST Converse amazon.nova-micro-v1:0. Closest: "
            "a.json#pro; differs at model_id: recorded \"amazon.nova-pro-v1:0\" vs received "
            "\"amazon.nova-micro-v1:0\"");
}

TEST(ReplayMissRendering, ShowsTheFirstDifferencesAndCountsTheRest) {
  auto replayer = Replayer::from_cassettes(
      {sourced("a.json", {converse(R"({"a":1,"b":1,"c":1,"d":1,"e":1})", "x")})});
  ASSERT_TRUE(replayer);
  const ReplayResult result = replayer->find(converse_query(R"({"a":2,"b":2,"c":2,"d":2,"e":1})"));
  ASSERT_TRUE(result.miss());
  EXPECT_EQ(
      result.miss()->report.message(),
      "No recorded interaction matches POST Converse amazon.nova-lite-v1:0. Closest: a.json#0; "
      "differs at $.a: recorded 1 vs received 2; $.b: recorded 1 vs received 2; $.c: recorded "
      "1 vs received 2 (4 differences in all)");
}

TEST(ReplayMissRendering, StaysOneBoundedLineForHostileInput) {
  const std::string model(5000, 'm');
  const std::string key(5000, 'k');
  auto replayer = Replayer::from_cassettes(
      {sourced(std::string(3000, 'p'),
               {converse(R"({")" + key + R"(":"a\nb"})", "x", std::nullopt, model)})});
  ASSERT_TRUE(replayer);
  const std::string odd_model = model + "\n\r\x7f";
  const ReplayResult result =
      replayer->find(converse_query(R"({")" + key + R"(":"line\nbreak"})", odd_model));
  ASSERT_TRUE(result.miss());
  const std::string message = result.miss()->report.message();
  EXPECT_LE(message.size(), kMaxMissMessageBytes);
  for (const char c : message) EXPECT_FALSE(c == '\n' || c == '\r' || c == 0x7F);
  const auto body = nlohmann::json::parse(result.miss()->response.body);
  EXPECT_EQ(body.at("message"), message);
}

}  // namespace
}  // namespace bedrock::replay
