// Issue #6: for every pitfall scenario in fixtures/scenarios, start bedrock-mock with it, run
// `bedrock-cli doctor --json` against it and check the verdict: the step, the classification,
// and that the fix names the right thing. Also: every scenario has a row here and a page in
// docs/pitfalls, listed in the index.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "bedrock/mock/scenarios.hpp"
#include "bedrock/mock/server.hpp"
#include "cli_commands.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::cli {
namespace {

std::filesystem::path scenarios_dir() { return test::source_dir() / "fixtures" / "scenarios"; }
std::filesystem::path pitfalls_dir() { return test::source_dir() / "docs" / "pitfalls"; }

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The CLI reads the real environment: throwaway keys, an empty HOME, nothing else AWS.
void use_test_environment(const std::filesystem::path& home) {
  for (const char* name :
       {"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_SESSION_TOKEN",
        "AWS_BEARER_TOKEN_BEDROCK", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
        "AWS_ENDPOINT_URL_BEDROCK", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"}) {
    unsetenv(name);
  }
  setenv("AWS_ACCESS_KEY_ID", "AKIDTEST", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "secret", 1);
  setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
  setenv("HOME", home.c_str(), 1);
}

struct DoctorRun {
  int exit_code = -1;
  nlohmann::json report;
  std::string err;
};

DoctorRun run_doctor_json(std::vector<std::string> args) {
  std::ostringstream out, err;
  args.insert(args.begin(), {"doctor", "--json"});
  DoctorRun run_result;
  run_result.exit_code = run(args, out, err);
  run_result.err = err.str();
  run_result.report = nlohmann::json::parse(out.str(), nullptr, false);
  return run_result;
}

const nlohmann::json& step_named(const nlohmann::json& report, std::string_view name) {
  for (const auto& step : report["steps"]) {
    if (step["step"] == name) return step;
  }
  static const nlohmann::json none;
  return none;
}

struct ScenarioCase {
  std::string scenario;
  std::vector<std::string> args;  // besides --json and --endpoint-url
  int exit_code;
  std::string verdict_step;
  std::string verdict_status;
  std::string category;
  std::string sub_cause;
  std::string fix_names;  // a substring the fix must contain
  // Traffic the mock sees before doctor runs (other callers using up a quota).
  std::function<void(mock::Server&)> before = nullptr;
};

std::ostream& operator<<(std::ostream& out, const ScenarioCase& c) { return out << c.scenario; }

// A Converse request from another caller to the same model in us-east-1, through the mock's
// pipeline (no network): `text` is the prompt, `max_tokens` its maxTokens.
void converse_elsewhere(mock::Server& server, const std::string& text, int max_tokens) {
  mock::ExchangeRequest request;
  request.method = "POST";
  request.target = "/model/us.amazon.nova-micro-v1%3A0/converse";
  request.headers = {{"Host", "bedrock-runtime.us-east-1.amazonaws.com"}};
  request.body = nlohmann::json{{"messages", {{{"role", "user"}, {"content", {{{"text", text}}}}}}},
                                {"inferenceConfig", {{"maxTokens", max_tokens}}}}
                     .dump();
  const auto response = server.handle(request);
  ASSERT_EQ(response.status, 200) << response.body;
}

constexpr const char* kVpce =
    "vpce-0a1b2c3d4e5f67890-abcd1234.bedrock-runtime.us-east-1.vpce.amazonaws.com";

const std::vector<ScenarioCase>& scenario_cases() {
  static const std::vector<ScenarioCase> cases = {
      {"on-demand-throughput",
       {"--region", "us-east-2", "--model", "anthropic.claude-3-5-sonnet-20241022-v2:0"},
       kExitServiceError,
       "model",
       "fail",
       "inference_type",
       "on_demand_not_supported",
       "us.anthropic.claude-3-5-sonnet-20241022-v2:0"},
      {"wrong-geography-profile",
       {"--region", "us-east-2", "--model", "eu.anthropic.claude-3-5-sonnet-20240620-v1:0"},
       kExitServiceError,
       "model",
       "fail",
       "model_identifier",
       "profile_of_other_geography",
       "us.anthropic.claude-3-5-sonnet-20240620-v1:0"},
      {"model-not-in-region",
       {"--region", "us-east-2", "--model", "amazon.titan-text-lite-v1"},
       kExitServiceError,
       "model",
       "fail",
       "model_identifier",
       "model_not_in_region",
       "not offered in us-east-2"},
      {"model-access-denied",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0"},
       kExitServiceError,
       "model",
       "fail",
       "model_access",
       "access_not_granted",
       "Model access"},
      {"identity-policy-missing-invoke",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0"},
       kExitServiceError,
       "model",
       "fail",
       "authorization",
       "identity_policy",
       "allow bedrock:InvokeModel on"},
      {"identity-policy-missing-stream",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0"},
       kExitServiceError,
       "model",
       "fail",
       "authorization",
       "identity_policy",
       "allow bedrock:InvokeModelWithResponseStream on"},
      {"scp-deny-destination-region",
       {"--region", "us-east-2", "--model", "us.anthropic.claude-3-5-sonnet-20241022-v2:0"},
       kExitServiceError,
       "model",
       "fail",
       "authorization",
       "service_control_policy",
       "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0"},
      {"vpce-policy-deny",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0"},
       kExitServiceError,
       "model",
       "fail",
       "authorization",
       "vpc_endpoint_policy",
       "VPC endpoint's policy must allow bedrock:InvokeModel"},
      {"vpc-no-endpoint-no-nat",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0", "--timeout", "1", "--vpc",
        "no-nat", "--dns-answer", "52.94.0.10,52.94.0.11"},
       kExitServiceError,
       "model",
       "fail",
       "network",
       "no_route_from_vpc",
       "com.amazonaws.us-east-1.bedrock-runtime"},
      {"private-dns-disabled",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0", "--timeout", "1", "--vpc",
        "no-nat", "--dns-answer", "52.94.0.10", "--vpc-endpoint", kVpce},
       kExitServiceError,
       "model",
       "fail",
       "network",
       "private_dns_disabled",
       std::string("AWS_ENDPOINT_URL_BEDROCK_RUNTIME=https://") + kVpce},
      {"expired-token",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0"},
       kExitServiceError,
       "model",
       "fail",
       "authentication",
       "expired_token",
       "refresh"},
      {"clock-skew",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0"},
       kExitServiceError,
       "clock",
       "fail",
       "authentication",
       "clock_skew",
       "sync the clock"},
      {"throttled-then-ok",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0"},
       kExitOk,
       "model",
       "warn",
       "quota_throttling",
       "too_many_requests",
       "Service Quotas"},
      {"mid-stream-model-error",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0"},
       kExitServiceError,
       "model",
       "fail",
       "service_side",
       "model_stream_error",
       "failed mid-stream"},
      {"service-unavailable",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0", "--retries", "1"},
       kExitServiceError,
       "model",
       "fail",
       "service_side",
       "service_unavailable",
       "unavailable for now"},
      {"quota-rpm-burst",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0", "--retries", "0"},
       kExitServiceError,
       "model",
       "fail",
       "quota_throttling",
       "too_many_requests",
       "requests-per-minute quota for us.amazon.nova-micro-v1:0 in us-east-1",
       [](mock::Server& server) {
         for (int i = 0; i < 5; ++i) converse_elsewhere(server, "hello", 10);
       }},
      {"tokens-per-minute-exhausted",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0", "--retries", "0"},
       kExitServiceError,
       "model",
       "fail",
       "quota_throttling",
       "too_many_tokens",
       "reserves its input plus maxTokens",
       // 1998 input tokens + 1 output token of the 2000 a minute: doctor's 2-token ping no longer
       // fits.
       [](mock::Server& server) { converse_elsewhere(server, std::string(7992, 'a'), 1); }},
      {"stream-cut-by-proxy",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0"},
       kExitServiceError,
       "model",
       "fail",
       "network",
       "stream_cut",
       "dropped mid-stream"},
      {"stream-truncated-cleanly",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0"},
       kExitServiceError,
       "model",
       "fail",
       "network",
       "stream_truncated",
       "ended inside a frame"},
      {"corrupt-frame",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0"},
       kExitServiceError,
       "model",
       "fail",
       "network",
       "stream_corrupted",
       "failed its CRC-32"},
      {"stream-stalled",
       {"--region", "us-east-1", "--model", "us.amazon.nova-micro-v1:0", "--timeout", "1"},
       kExitServiceError,
       "model",
       "fail",
       "network",
       "stream_stalled",
       "went silent after it began"},
  };
  return cases;
}

class DoctorScenario : public ::testing::TestWithParam<ScenarioCase> {
 protected:
  void SetUp() override {
    mock::ServerConfig config;
    config.catalog_path = (test::source_dir() / "fixtures" / "catalog").string();
    config.front_end.pacing_factor = 0;
    config.manual_quota_clock = true;  // quota windows never depend on wall time here
    auto scenario = mock::load_scenario(scenarios_dir(), GetParam().scenario);
    ASSERT_TRUE(scenario) << scenario.error().to_string();
    config.rule_sets.push_back(std::move(*scenario));
    auto server = mock::Server::create(std::move(config));
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    ASSERT_TRUE(server_->start());
    if (GetParam().before) GetParam().before(*server_);
    use_test_environment(home_.path());
  }
  void TearDown() override {
    if (server_) server_->stop();
  }

  test::TempDir home_;
  std::unique_ptr<mock::Server> server_;
};

TEST_P(DoctorScenario, VerdictClassifiesThePitfallAndTheFixNamesTheRightThing) {
  const ScenarioCase& c = GetParam();
  std::vector<std::string> args = c.args;
  args.push_back("--endpoint-url");
  args.push_back(server_->url());
  const DoctorRun doctor = run_doctor_json(args);
  ASSERT_FALSE(doctor.report.is_discarded()) << doctor.err;
  const auto& verdict = doctor.report["verdict"];
  ASSERT_TRUE(verdict.is_object()) << doctor.report.dump(2);
  EXPECT_EQ(doctor.exit_code, c.exit_code) << doctor.report.dump(2);
  EXPECT_EQ(verdict["step"], c.verdict_step) << doctor.report.dump(2);
  EXPECT_EQ(verdict["status"], c.verdict_status) << doctor.report.dump(2);
  EXPECT_EQ(verdict["category"], c.category) << doctor.report.dump(2);
  EXPECT_EQ(verdict["subCause"], c.sub_cause) << doctor.report.dump(2);
  EXPECT_NE(verdict["fix"].get<std::string>().find(c.fix_names), std::string::npos)
      << verdict["fix"];
  // The steps before the verdict passed; the network facts were read, not guessed.
  EXPECT_EQ(step_named(doctor.report, "configuration")["status"], "ok");
  EXPECT_EQ(step_named(doctor.report, "credentials")["status"], "ok");
  EXPECT_EQ(step_named(doctor.report, "tcp_tls")["status"], "ok");
  if (c.verdict_step != "clock") {
    EXPECT_EQ(step_named(doctor.report, "clock")["status"], "ok") << doctor.report.dump(2);
  }
}

INSTANTIATE_TEST_SUITE_P(Pitfalls, DoctorScenario, ::testing::ValuesIn(scenario_cases()),
                         [](const auto& test_info) {
                           std::string name = test_info.param.scenario;
                           for (char& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

TEST(DoctorScenarios, EveryScenarioHasATestRowAPitfallPageAndAnIndexEntry) {
  auto scenarios = mock::list_scenarios(scenarios_dir());
  ASSERT_TRUE(scenarios) << scenarios.error().to_string();
  EXPECT_GE(scenarios->size(), 12u);
  std::set<std::string> tested;
  for (const auto& c : scenario_cases()) tested.insert(c.scenario);
  const std::string index = read_text(pitfalls_dir() / "README.md");
  for (const auto& scenario : *scenarios) {
    EXPECT_TRUE(tested.count(scenario.name)) << scenario.name << " has no doctor test row";
    const auto page = pitfalls_dir() / (scenario.name + ".md");
    const std::string text = read_text(page);
    EXPECT_FALSE(text.empty()) << page << " is missing";
    for (const char* section : {"## Symptom", "## Cause", "## Confirm with doctor", "## Fix"}) {
      EXPECT_NE(text.find(section), std::string::npos) << page << " lacks " << section;
    }
    EXPECT_NE(index.find("(" + scenario.name + ".md)"), std::string::npos)
        << scenario.name << " is not in docs/pitfalls/README.md";
  }
  EXPECT_NE(read_text(test::source_dir() / "README.md").find("docs/pitfalls/README.md"),
            std::string::npos);
}

// ---- Doctor without a scenario: the steps that fail before any request ----------------------

class DoctorSteps : public ::testing::Test {
 protected:
  void SetUp() override { use_test_environment(home_.path()); }
  test::TempDir home_;
};

TEST_F(DoctorSteps, ClosedLoopbackPortFailsAtTcpWithAConnectFix) {
  const DoctorRun doctor =
      run_doctor_json({"--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:1"});
  EXPECT_EQ(doctor.exit_code, kExitServiceError);
  const auto& verdict = doctor.report["verdict"];
  EXPECT_EQ(verdict["step"], "tcp_tls") << doctor.report.dump(2);
  EXPECT_EQ(verdict["category"], "network");
  EXPECT_EQ(verdict["subCause"], "connect");
  EXPECT_EQ(step_named(doctor.report, "clock")["status"], "skipped");
  EXPECT_EQ(step_named(doctor.report, "model")["status"], "skipped");
}

TEST_F(DoctorSteps, MissingRegionFailsTheConfigurationStep) {
  const DoctorRun doctor = run_doctor_json({"--endpoint-url", "http://127.0.0.1:1"});
  EXPECT_EQ(doctor.exit_code, kExitServiceError);
  EXPECT_EQ(doctor.report["verdict"]["step"], "configuration") << doctor.report.dump(2);
  EXPECT_EQ(doctor.report["verdict"]["subCause"], "missing_region");
  EXPECT_NE(doctor.report["verdict"]["fix"].get<std::string>().find("AWS_REGION"),
            std::string::npos);
}

TEST_F(DoctorSteps, NoCredentialsListsWhatEachProviderLacked) {
  unsetenv("AWS_ACCESS_KEY_ID");
  unsetenv("AWS_SECRET_ACCESS_KEY");
  const DoctorRun doctor =
      run_doctor_json({"--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:1"});
  EXPECT_EQ(doctor.report["verdict"]["step"], "credentials") << doctor.report.dump(2);
  EXPECT_EQ(doctor.report["verdict"]["subCause"], "no_credentials");
  const auto& evidence = step_named(doctor.report, "credentials")["evidence"];
  EXPECT_NE(evidence.dump().find("environment"), std::string::npos) << evidence.dump();
}

TEST_F(DoctorSteps, VpcEndpointUrlIsRecognisedAndSignsForTheRegion) {
  const DoctorRun doctor =
      run_doctor_json({"--region", "us-east-1", "--endpoint-url", std::string("https://") + kVpce,
                       "--dns-answer", "10.0.1.23", "--timeout", "1"});
  const auto& configuration = step_named(doctor.report, "configuration");
  EXPECT_EQ(configuration["status"], "ok") << doctor.report.dump(2);
  EXPECT_NE(configuration["evidence"].dump().find("VPC interface endpoint name (vpce-)"),
            std::string::npos);
  const auto& dns = step_named(doctor.report, "dns");
  EXPECT_EQ(dns["status"], "ok");
  EXPECT_NE(dns["summary"].get<std::string>().find("private addresses"), std::string::npos);
}

TEST_F(DoctorSteps, VpcEndpointOfAnotherRegionWarns) {
  const DoctorRun doctor =
      run_doctor_json({"--region", "us-west-2", "--endpoint-url", std::string("https://") + kVpce,
                       "--dns-answer", "10.0.1.23", "--timeout", "1"});
  const auto& configuration = step_named(doctor.report, "configuration");
  EXPECT_EQ(configuration["status"], "warn") << doctor.report.dump(2);
  EXPECT_NE(configuration["summary"].get<std::string>().find("not in the region us-west-2"),
            std::string::npos);
}

TEST_F(DoctorSteps, TextReportShowsEachStepAndTheVerdict) {
  std::ostringstream out, err;
  const int code =
      run({"doctor", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:1"}, out, err);
  EXPECT_EQ(code, kExitServiceError);
  const std::string text = out.str();
  EXPECT_NE(text.find("[ok]       configuration: region us-east-1"), std::string::npos) << text;
  EXPECT_NE(text.find("[fail]     TCP + TLS:"), std::string::npos) << text;
  EXPECT_NE(text.find("[skipped]  model:"), std::string::npos) << text;
  EXPECT_NE(text.find("verdict: fail at TCP + TLS (network)"), std::string::npos) << text;
}

// The plain commands' hints come from the same table: the clock-skew scenario's wire answer
// reaches `converse` as the real text with a clock hint.
TEST(DoctorScenarioWire, ClockSkewScenarioAnswersSignatureExpiredToSignedCalls) {
  test::TempDir home;
  use_test_environment(home.path());
  mock::ServerConfig config;
  config.catalog_path = (test::source_dir() / "fixtures" / "catalog").string();
  auto scenario = mock::load_scenario(scenarios_dir(), "clock-skew");
  ASSERT_TRUE(scenario);
  config.rule_sets.push_back(std::move(*scenario));
  auto server = mock::Server::create(std::move(config));
  ASSERT_TRUE(server);
  ASSERT_TRUE((*server)->start());
  std::ostringstream out, err;
  const int code = run({"converse", "-m", "us.amazon.nova-micro-v1:0", "--region", "us-east-1",
                        "--endpoint-url", (*server)->url(), "hi"},
                       out, err);
  EXPECT_EQ(code, kExitServiceError);
  EXPECT_NE(err.str().find("InvalidSignatureException (403): Signature expired: "),
            std::string::npos)
      << err.str();
  EXPECT_NE(err.str().find(" - 5 min.)"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("hint: sync the clock"), std::string::npos) << err.str();
  (*server)->stop();
}

}  // namespace
}  // namespace bedrock::cli
