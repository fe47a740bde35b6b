// bedrock-record --drift against bedrock-mock as the upstream: a cassette recorded from the mock
// shows no drift against the same mock (request IDs, dates and text differ, shapes do not), and a
// scenario that changes shapes, a status and an error type is reported interaction by
// interaction, with exit status 1 from the executable.
#include "bedrock/recorder/drift.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "bedrock/mock/rules.hpp"
#include "bedrock/protocol/cassette.hpp"
#include "bedrock/protocol/event_stream_message.hpp"
#include "recorder/recorder_fixture.hpp"
#include "support/shared_data.hpp"

namespace bedrock::recorder::test {
namespace {

constexpr const char* kInvalidTarget = "/model/does-not-exist-v1%3A0/converse";

class DriftTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fixture_.tls_ready()) GTEST_SKIP() << "openssl could not make a test certificate";
    fixture_.start_upstream();
    fixture_.start_recorder(RecordMode::kAll);
    ASSERT_EQ(fixture_.call(kConverseTarget, converse_body("Say hello.")).status, 200);
    ASSERT_EQ(fixture_.call(kStreamTarget, converse_body("Count to three.")).status, 200);
    ASSERT_EQ(fixture_.call(kInvalidTarget, converse_body("Hi")).status, 400);
    fixture_.stop_recorder();
  }

  DriftConfig config(std::vector<std::string> cassettes) const {
    DriftConfig check;
    check.cassettes = std::move(cassettes);
    check.upstream = fixture_.upstream_url();
    check.transport.ca_bundle = fixture_.ca_file().string();
    check.credentials = std::make_shared<client::StaticCredentialsProvider>(
        client::AwsCredentials{kAccessKeyId, kSecretKey, kSessionToken, std::nullopt, "test"});
    return check;
  }

  static std::vector<std::string> strings(const InteractionDrift& drift) {
    std::vector<std::string> out;
    for (const auto& difference : drift.differences) out.push_back(difference.to_string());
    return out;
  }

  RecorderFixture fixture_;
};

// The scenario: the service now sends cache token counts and no metrics in Converse, a trace in
// the stream's metadata, and throttles the request that used to be a ValidationException.
std::filesystem::path changed_service(const RecorderFixture& fixture,
                                      std::vector<mock::RuleSet>& rules) {
  auto recorded = cassette::load(fixture.cassette_path());
  EXPECT_TRUE(recorded);
  cassette::Cassette changed;
  changed.match = recorded->match;
  for (std::size_t i = 0; i < 2; ++i) changed.interactions.push_back(recorded->interactions[i]);
  auto& converse = std::get<cassette::Response>(changed.interactions[0].answer);
  auto body = nlohmann::ordered_json::parse(converse.body);
  body.erase("metrics");
  body["usage"]["cacheReadInputTokens"] = 0;
  converse.body = body.dump();
  converse.headers.push_back({"X-Amzn-Bedrock-Cache-Read-Input-Token-Count", "0"});
  auto& stream = std::get<cassette::Stream>(changed.interactions[1].answer);
  auto& metadata = stream.events.back().message;
  auto payload = nlohmann::ordered_json::parse(metadata.payload);
  payload["trace"] = {{"guardrail", nlohmann::ordered_json::object()}};
  metadata.payload = payload.dump();
  const auto path = fixture.dir() / "changed-service.json";
  EXPECT_TRUE(cassette::save(changed, path));
  auto throttle = mock::parse_rules(nlohmann::json::parse(R"({"rules": [{
      "match": {"modelId": "does-not-exist*"}, "respond": {"error": "ThrottlingException"}}]})"),
                                    "throttle");
  EXPECT_TRUE(throttle);
  rules.push_back(*throttle);
  return path;
}

TEST_F(DriftTest, ARecordingHasNoDriftAgainstTheServiceItWasRecordedFrom) {
  auto report = check_drift(config({fixture_.cassette_path().string()}));
  ASSERT_TRUE(report) << report.error();
  ASSERT_EQ(report->interactions.size(), 3u);
  for (const auto& interaction : report->interactions) {
    EXPECT_TRUE(interaction.problem.empty()) << interaction.problem;
    EXPECT_FALSE(interaction.drifted()) << format_drift_report(*report);
  }
  EXPECT_EQ(report->interactions[2].recorded, "400");
  const std::string text = format_drift_report(*report);
  EXPECT_NE(text.find("drift check: 0 of 3 interactions drifted"), std::string::npos) << text;
}

TEST_F(DriftTest, AScenarioThatChangesShapesIsReportedPerInteraction) {
  std::vector<mock::RuleSet> rules;
  const auto changed = changed_service(fixture_, rules);
  fixture_.start_upstream(std::move(rules), {changed.string()});
  auto report = check_drift(config({fixture_.cassette_path().string()}));
  ASSERT_TRUE(report) << report.error();
  ASSERT_EQ(report->interactions.size(), 3u);
  EXPECT_EQ(report->drifted(), 3u) << format_drift_report(*report);
  EXPECT_EQ(strings(report->interactions[0]),
            (std::vector<std::string>{"header x-amzn-bedrock-cache-read-input-token-count: added",
                                      "field $.metrics: removed (was object)",
                                      "field $.usage.cacheReadInputTokens: added (number)"}));
  EXPECT_EQ(strings(report->interactions[1]),
            (std::vector<std::string>{"field metadata $.trace: added (object)"}));
  EXPECT_EQ(strings(report->interactions[2]),
            (std::vector<std::string>{
                "status: recorded 400, now 429",
                "error type: recorded ValidationException, now ThrottlingException"}));
  const std::string text = format_drift_report(*report);
  EXPECT_NE(text.find("drift: " + fixture_.cassette_path().string()), std::string::npos) << text;
  EXPECT_NE(text.find("3 of 3 interactions drifted"), std::string::npos) << text;
}

TEST_F(DriftTest, OtherToolsRecordingsAreCheckedToo) {
  const auto vcr = bedrock::test::source_dir() / "tests/golden/imports/vcrpy_boto3.yaml";
  auto report = check_drift(config({vcr.string()}));
  ASSERT_TRUE(report) << report.error();
  ASSERT_EQ(report->interactions.size(), 2u);  // the STS call is not Bedrock's
  EXPECT_EQ(report->failed(), 0u) << format_drift_report(*report);
  EXPECT_EQ(report->interactions[0].label, vcr.string() + "#vcrpy_boto3#0");
}

TEST_F(DriftTest, MissingCredentialsAreReportedPerInteraction) {
  auto check = config({fixture_.cassette_path().string()});
  check.credentials = nullptr;
  auto report = check_drift(check);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->failed(), 3u);
  EXPECT_NE(format_drift_report(*report).find("error: "), std::string::npos);
}

TEST_F(DriftTest, ACassetteThatDoesNotLoadIsAnError) {
  auto report = check_drift(config({(fixture_.dir() / "absent.json").string()}));
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().find("absent.json"), std::string::npos);
}

// The executable: exit 0 without drift, 1 with it.
int run_drift_binary(const RecorderFixture& fixture, const std::string& output) {
  const std::string command =
      std::string("AWS_ACCESS_KEY_ID=") + kAccessKeyId + " AWS_SECRET_ACCESS_KEY='" + kSecretKey +
      "' AWS_SESSION_TOKEN='" + kSessionToken +
      "' AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null "
      "AWS_EC2_METADATA_DISABLED=true " BEDROCK_RECORD_BIN " --drift '" +
      fixture.cassette_path().string() + "' --upstream '" + fixture.upstream_url() +
      "' --ca-file '" + fixture.ca_file().string() + "' > '" + output + "' 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(DriftTest, TheExecutableExitsNonZeroOnDrift) {
  const std::string output = (fixture_.dir() / "drift.txt").string();
  EXPECT_EQ(run_drift_binary(fixture_, output), 0) << bedrock::test::read_file(output);
  std::vector<mock::RuleSet> rules;
  const auto changed = changed_service(fixture_, rules);
  fixture_.start_upstream(std::move(rules), {changed.string()});
  EXPECT_EQ(run_drift_binary(fixture_, output), 1) << bedrock::test::read_file(output);
  EXPECT_NE(bedrock::test::read_file(output).find("status: recorded 400, now 429"),
            std::string::npos);
}

}  // namespace
}  // namespace bedrock::recorder::test
