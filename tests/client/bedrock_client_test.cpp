// The client against an in-process bedrock-mock: every operation, streams with mid-stream
// faults, errors mapped to values, retries counted in the mock's journal, signatures the mock
// verifies, and the seed's fix with --inference-profile auto.
#include "bedrock/client/bedrock_client.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "bedrock/mock/scenarios.hpp"
#include "bedrock/mock/server.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::client {
namespace {

const std::string kSeedModel = "anthropic.claude-3-5-sonnet-20241022-v2:0";
const std::string kSeedProfile = "us.anthropic.claude-3-5-sonnet-20241022-v2:0";

std::string fixtures() { return (test::source_dir() / "fixtures").string(); }

class ClientAgainstMock : public ::testing::Test {
 protected:
  void start_mock(mock::ServerConfig config = {}) {
    config.catalog_path = fixtures() + "/catalog";
    config.front_end.pacing_factor = 0;
    auto server = mock::Server::create(std::move(config));
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    ASSERT_TRUE(server_->start());
  }
  void start_with_scenario(const std::string& name) {
    mock::ServerConfig config;
    auto set = mock::load_scenario(fixtures() + "/scenarios", name);
    ASSERT_TRUE(set) << set.error().to_string();
    config.rule_sets.push_back(*set);
    start_mock(std::move(config));
  }
  std::unique_ptr<BedrockClient> make_client(
      InferenceProfilePolicy policy = InferenceProfilePolicy::kNever,
      const std::string& secret = "secret", const std::string& region = "us-east-2") {
    environment_.set_home(home_.path());
    environment_.set_now(std::chrono::system_clock::now());  // the mock checks the clock
    ClientOptions options;
    options.environment = &environment_;
    options.config.region = region;
    options.config.endpoint_url = server_->url();
    options.config.control_plane_endpoint_url = server_->url();
    options.credentials = AwsCredentials{"AKIDTEST", secret, "", std::nullopt, "explicit"};
    options.inference_profile = policy;
    options.sleeper = [](std::chrono::milliseconds) {};  // no real backoff in tests
    options.log = [this](std::string_view line) { log_.emplace_back(line); };
    auto client = BedrockClient::create(std::move(options));
    EXPECT_TRUE(client) << (client ? "" : client.error().to_string());
    return client ? std::move(*client) : nullptr;
  }
  static ConverseRequest question(const std::string& model, const std::string& text = "2+2?") {
    ConverseRequest request;
    request.model_id = model;
    request.messages.push_back({Role::kUser, {TextBlock{text}}});
    return request;
  }

  test::TempDir home_;
  FakeEnvironment environment_;
  std::unique_ptr<mock::Server> server_;
  std::vector<std::string> log_;
};

TEST_F(ClientAgainstMock, ConverseAnswersThroughAProfile) {
  start_mock();
  auto client = make_client();
  auto result = client->converse(question(kSeedProfile));
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_FALSE(result->response.text().empty());
  EXPECT_EQ(result->response.stop_reason, "end_turn");
  EXPECT_GT(result->response.usage.total_tokens, 0);
  EXPECT_EQ(result->info.attempts, 1);
  EXPECT_EQ(result->info.request_id, server_->journal().entries().back().request_id);
}

TEST_F(ClientAgainstMock, SeedErrorIsAServiceErrorValueWithTheProfileHint) {
  start_mock();
  auto client = make_client();
  auto result = client->converse(question(kSeedModel));
  ASSERT_FALSE(result);
  const ClientError& error = result.error();
  EXPECT_EQ(error.kind, ClientErrorKind::kService);
  EXPECT_EQ(error.code, "ValidationException");
  EXPECT_EQ(error.http_status, 400);
  EXPECT_FALSE(error.retryable);
  EXPECT_EQ(error.attempts, 1);
  EXPECT_NE(error.message.find("on-demand throughput isn\xE2\x80\x99t supported"),
            std::string::npos);
  EXPECT_EQ(error.request_id, server_->journal().entries().back().request_id);
  EXPECT_EQ(error.diagnosis.category, CauseCategory::kInferenceType);
  EXPECT_NE(error.diagnosis.fix.find(kSeedProfile), std::string::npos) << error.diagnosis.fix;
}

TEST_F(ClientAgainstMock, AutoInferenceProfileTurnsTheSeedErrorIntoAnAnswer) {
  start_mock();
  auto client = make_client(InferenceProfilePolicy::kAuto);
  auto result = client->converse(question(kSeedModel));
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->info.model_id, kSeedProfile);
  EXPECT_NE(result->info.note.find(kSeedProfile), std::string::npos) << result->info.note;
  const auto journal = server_->journal().entries();
  ASSERT_GE(journal.size(), 3u);  // the failed call, ListInferenceProfiles, the retry
  EXPECT_EQ(journal.front().status, 400);
  EXPECT_EQ(journal.back().model_id, kSeedProfile);
  EXPECT_EQ(journal.back().status, 200);
}

TEST_F(ClientAgainstMock, AlwaysResolvesBeforeTheFirstCall) {
  start_mock();
  auto client = make_client(InferenceProfilePolicy::kAlways);
  auto result = client->converse(question(kSeedModel));
  ASSERT_TRUE(result) << result.error().to_string();
  for (const auto& entry : server_->journal().entries()) EXPECT_NE(entry.status, 400);
}

TEST_F(ClientAgainstMock, ConverseStreamDeliversEventsAndFoldsThem) {
  start_mock();
  auto client = make_client();
  std::vector<std::size_t> kinds;
  auto result = client->converse_stream(question("us.amazon.nova-micro-v1:0"),
                                        [&](const ConverseStreamEvent& event) {
                                          kinds.push_back(event.index());
                                        });
  ASSERT_TRUE(result) << result.error().to_string();
  ASSERT_GE(kinds.size(), 4u);
  EXPECT_EQ(kinds.front(), 0u);  // MessageStart
  EXPECT_TRUE(result->result.complete());
  EXPECT_FALSE(result->result.text().empty());
}

TEST_F(ClientAgainstMock, MidStreamExceptionIsAnInStreamServiceErrorAndIsNotRetried) {
  start_with_scenario("mid-stream-model-error");
  auto client = make_client();
  int events = 0;
  auto result = client->converse_stream(question("us.amazon.nova-micro-v1:0"),
                                        [&](const ConverseStreamEvent&) { ++events; });
  ASSERT_FALSE(result);
  EXPECT_EQ(events, 3);
  EXPECT_TRUE(result.error().in_stream);
  EXPECT_EQ(result.error().code, "modelStreamErrorException");
  EXPECT_EQ(server_->journal().entries().size(), 1u);
}

TEST_F(ClientAgainstMock, DroppedStreamIsANetworkErrorAndIsNotRetried) {
  start_mock();
  server_->rules().add(*mock::parse_rules(
      nlohmann::json::parse(R"([{"match":{"operation":"ConverseStream"},"respond":{"streamResetAfter":2}}])"),
      "test"));
  auto client = make_client();
  auto result = client->converse_stream(question("us.amazon.nova-micro-v1:0"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ClientErrorKind::kNetwork);
  EXPECT_EQ(server_->journal().entries().size(), 1u);
}

TEST_F(ClientAgainstMock, ThrottlingIsRetriedAndTheJournalCountsTheAttempts) {
  start_with_scenario("throttled-then-ok");
  auto client = make_client();
  auto result = client->converse(question(kSeedProfile));
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->info.attempts, 3);
  const auto journal = server_->journal().entries();
  ASSERT_EQ(journal.size(), 3u);
  EXPECT_EQ(journal[0].status, 429);
  EXPECT_EQ(journal[1].status, 429);
  EXPECT_EQ(journal[2].status, 200);
}

struct ScenarioCase {
  std::string scenario;
  std::string code;
  int status;
  CauseCategory category;
};

class ClientScenarioErrors : public ClientAgainstMock,
                             public ::testing::WithParamInterface<ScenarioCase> {};

TEST_P(ClientScenarioErrors, MapToTheRightErrorValue) {
  start_with_scenario(GetParam().scenario);
  auto client = make_client();
  auto result = client->converse(question(kSeedProfile));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ClientErrorKind::kService);
  EXPECT_EQ(result.error().code, GetParam().code);
  EXPECT_EQ(result.error().http_status, GetParam().status);
  EXPECT_EQ(result.error().diagnosis.category, GetParam().category)
      << to_string(result.error().diagnosis.category) << ": " << result.error().diagnosis.fix;
}

INSTANTIATE_TEST_SUITE_P(
    Scenarios, ClientScenarioErrors,
    ::testing::Values(
        ScenarioCase{"model-access-denied", "AccessDeniedException", 403,
                     CauseCategory::kModelAccess},
        ScenarioCase{"expired-token", "ExpiredTokenException", 403,
                     CauseCategory::kAuthentication},
        ScenarioCase{"scp-deny-destination-region", "AccessDeniedException", 403,
                     CauseCategory::kAuthorization},
        ScenarioCase{"vpce-policy-deny", "AccessDeniedException", 403,
                     CauseCategory::kAuthorization},
        ScenarioCase{"service-unavailable", "ServiceUnavailableException", 503,
                     CauseCategory::kServiceSide}),
    [](const auto& case_info) {
      std::string name = case_info.param.scenario;
      for (auto& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

TEST_F(ClientAgainstMock, InvokeModelPassesTheNativeBodyThrough) {
  start_mock();
  auto client = make_client();
  auto result = client->invoke_model(
      kSeedProfile,
      R"({"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[{"role":"user","content":"hi"}]})");
  ASSERT_TRUE(result) << result.error().to_string();
  const auto body = nlohmann::json::parse(result->body);
  EXPECT_EQ(body["type"], "message");
  EXPECT_EQ(result->content_type, "application/json");
}

TEST_F(ClientAgainstMock, InvokeModelStreamCollectsTheChunks) {
  start_mock();
  auto client = make_client();
  int chunks = 0;
  auto result = client->invoke_model_stream(
      kSeedProfile,
      R"({"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[{"role":"user","content":"hi"}]})",
      [&](std::string_view) { ++chunks; });
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_GT(chunks, 2);
  EXPECT_NE(result->body.find("amazon-bedrock-invocationMetrics"), std::string::npos);
}

TEST_F(ClientAgainstMock, CountTokensAcceptsTheBaseModelId) {
  start_mock();
  auto client = make_client();
  auto result = client->count_tokens(question(kSeedModel, "How many tokens is this?"));
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_GT(result->input_tokens, 0);
}

TEST_F(ClientAgainstMock, ControlPlaneListsModelsAndEveryProfilePage) {
  start_mock();
  auto client = make_client();
  auto models = client->list_foundation_models({{"byProvider", "Anthropic"}});
  ASSERT_TRUE(models) << models.error().to_string();
  ASSERT_FALSE(models->empty());
  for (const auto& model : *models) EXPECT_EQ(model.provider_name, "Anthropic");
  auto profiles = client->list_inference_profiles();
  ASSERT_TRUE(profiles) << profiles.error().to_string();
  bool seen = false;
  for (const auto& profile : *profiles) seen |= profile.id == kSeedProfile;
  EXPECT_TRUE(seen);
  auto one = client->get_inference_profile(kSeedProfile);
  ASSERT_TRUE(one) << one.error().to_string();
  EXPECT_EQ(one->id, kSeedProfile);
}

class ClientAgainstVerifyingMock : public ClientAgainstMock {
 protected:
  void SetUp() override {
    std::ofstream(dir_.path() / "credentials")
        << "[default]\naws_access_key_id = AKIDTEST\naws_secret_access_key = secret\n";
    mock::ServerConfig config;
    config.auth = mock::AuthMode::kVerify;
    config.credentials_file = (dir_.path() / "credentials").string();
    start_mock(std::move(config));
  }
  test::TempDir dir_;
};

TEST_F(ClientAgainstVerifyingMock, OurSignaturesAreAcceptedIncludingArnModelIds) {
  auto client = make_client();
  auto plain = client->converse(question(kSeedProfile));
  ASSERT_TRUE(plain) << plain.error().to_string();
  // %2F inside the ARN: signed with the double-encoded canonical URI.
  auto arn = client->converse(question(
      "arn:aws:bedrock:us-east-2:123456789012:inference-profile/" + kSeedProfile));
  ASSERT_TRUE(arn) << arn.error().to_string();
  EXPECT_EQ(server_->journal().entries().back().answered_by, "simulate");
}

TEST_F(ClientAgainstVerifyingMock, AWrongSecretIsAnAuthenticationError) {
  auto client = make_client(InferenceProfilePolicy::kNever, "wrong");
  auto result = client->converse(question(kSeedProfile));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "InvalidSignatureException");
  EXPECT_EQ(result.error().diagnosis.category, CauseCategory::kAuthentication);
}

TEST_F(ClientAgainstMock, VerboseLogShowsTheRequestButNoSecrets) {
  start_mock();
  auto client = make_client();
  ASSERT_TRUE(client->converse(question(kSeedProfile)));
  std::string all;
  for (const auto& line : log_) all += line + "\n";
  EXPECT_NE(all.find("> POST /model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("< 200"), std::string::npos) << all;
  EXPECT_EQ(all.find("secret"), std::string::npos) << all;
  EXPECT_EQ(all.find("Signature=0"), std::string::npos);
}

TEST(ClientNetwork, ClosedPortIsAConnectFailure) {
  test::TempDir home;
  FakeEnvironment environment;
  environment.set_home(home.path());
  ClientOptions options;
  options.environment = &environment;
  options.config.region = "us-east-1";
  options.config.endpoint_url = "http://127.0.0.1:1";
  options.credentials = AwsCredentials{"AKIDTEST", "secret", "", std::nullopt, "explicit"};
  options.sleeper = [](std::chrono::milliseconds) {};
  auto client = BedrockClient::create(std::move(options));
  ASSERT_TRUE(client);
  ConverseRequest request;
  request.model_id = "amazon.nova-micro-v1:0";
  request.messages.push_back({Role::kUser, {TextBlock{"hi"}}});
  auto result = (*client)->converse(request);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ClientErrorKind::kNetwork);
  ASSERT_TRUE(result.error().network);
  EXPECT_EQ(result.error().network->stage, TransportStage::kConnect);
  EXPECT_EQ(result.error().attempts, 3);  // connection errors are retried
  EXPECT_EQ(result.error().diagnosis.category, CauseCategory::kNetwork);
}

TEST(ClientConfig, MissingRegionIsAConfigurationError) {
  test::TempDir home;
  FakeEnvironment environment;
  environment.set_home(home.path());
  ClientOptions options;
  options.environment = &environment;
  auto client = BedrockClient::create(std::move(options));
  ASSERT_FALSE(client);
  EXPECT_EQ(client.error().kind, ClientErrorKind::kConfig);
}

}  // namespace
}  // namespace bedrock::client
