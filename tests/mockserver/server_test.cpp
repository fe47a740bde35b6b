// The mock end to end in-process: real HTTP on a free port, the bundled catalog, rules,
// authentication and the admin API.
#include "bedrock/mock/server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <random>
#include <thread>

#include "bedrock/mock/scenarios.hpp"
#include "bedrock/protocol/cassette.hpp"
#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/event_stream.hpp"
#include "bedrock/protocol/sigv4_signer.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"
#include "transport/http2_test_client.hpp"

#include <fstream>

namespace bedrock::mock {
namespace {

using nlohmann::json;

constexpr const char* kProfileTarget =
    "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse";
constexpr const char* kBaseTarget = "/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse";
constexpr const char* kHello =
    R"({"messages":[{"role":"user","content":[{"text":"What is 2+2?"}]}]})";
const httplib::Headers kUsEast2 = {{"Host", "bedrock-runtime.us-east-2.amazonaws.com"}};

std::string fixtures() { return (test::source_dir() / "fixtures").string(); }

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerConfig config = {}) {
    config.catalog_path = fixtures() + "/catalog";
    auto server = Server::create(std::move(config));
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().message;
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    client_->set_read_timeout(10, 0);
  }
  void start_with_scenario(const std::string& name) {
    ServerConfig config;
    auto set = load_scenario(fixtures() + "/scenarios", name);
    ASSERT_TRUE(set) << set.error().to_string();
    config.rule_sets.push_back(*set);
    start(std::move(config));
  }
  httplib::Result post(const std::string& target, const std::string& body = kHello,
                       const httplib::Headers& headers = kUsEast2) {
    return client_->Post(target, headers, body, "application/json");
  }
  static std::vector<event_stream::Message> frames(const std::string& body) {
    event_stream::EventStreamDecoder decoder;
    auto messages = decoder.feed(body);
    EXPECT_TRUE(messages) << (messages ? "" : messages.error().message());
    EXPECT_TRUE(decoder.finish());
    return messages ? *messages : std::vector<event_stream::Message>{};
  }
  static std::string type_of(const event_stream::Message& m) {
    auto type = m.string_header(":event-type");
    return type ? *type : "exception:" + m.string_header(":exception-type").value_or("?");
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ServerTest, SeedStoryBaseIdFailsAndProfileIdAnswers) {
  start();
  auto error = post(kBaseTarget);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->status, 400);
  EXPECT_EQ(error->get_header_value("x-amzn-ErrorType"),
            "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/");
  EXPECT_EQ(
      error->body,
      "{\"message\":\"Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with "
      "on-demand throughput isn\xE2\x80\x99t supported. Retry your request with the ID or ARN "
      "of an inference profile that contains this model.\"}");
  auto answer = post(kProfileTarget);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  const auto body = json::parse(answer->body);
  EXPECT_EQ(body["output"]["message"]["role"], "assistant");
  EXPECT_FALSE(body["output"]["message"]["content"][0]["text"].get<std::string>().empty());

  const auto journal = server_->journal().entries();
  ASSERT_EQ(journal.size(), 2u);
  EXPECT_EQ(journal[0].region, "us-east-2");
  EXPECT_EQ(journal[0].error_type, "ValidationException");
  EXPECT_EQ(journal[0].request_id, error->get_header_value("x-amzn-RequestId"));
  EXPECT_EQ(journal[1].status, 200);
}

TEST_F(ServerTest, SameRequestGivesTheSameBytesApartFromIdsAndDates) {
  start();
  auto first = post(kProfileTarget);
  auto second = post(kProfileTarget);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, second->body);
  EXPECT_NE(first->get_header_value("x-amzn-RequestId"),
            second->get_header_value("x-amzn-RequestId"));
  EXPECT_FALSE(first->get_header_value("Date").empty());
}

TEST_F(ServerTest, UnescapedSlashInAnArnIsAnUnknownOperationWithStatus200) {
  start();
  auto res = post(
      "/model/arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/"
      "abc123xyz/converse");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(
      res->body,
      R"({"Output":{"__type":"com.amazon.coral.service#UnknownOperationException"},"Version":"1.0"})");
}

TEST_F(ServerTest, EncodedArnAndRawColonRouteToConverse) {
  start();
  auto arn = post(
      "/model/arn%3Aaws%3Abedrock%3Aus-east-2%3A123456789012%3Ainference-profile%2F"
      "us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse");
  ASSERT_TRUE(arn);
  EXPECT_EQ(arn->status, 200) << arn->body;
  auto raw_colon = post("/model/us.anthropic.claude-3-5-sonnet-20241022-v2:0/converse");
  ASSERT_TRUE(raw_colon);
  EXPECT_EQ(raw_colon->status, 200);
}

TEST_F(ServerTest, ConverseStreamSendsEventFramesChunked) {
  start();
  auto res = post("/model/us.amazon.nova-micro-v1%3A0/converse-stream");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/vnd.amazon.eventstream");
  EXPECT_EQ(res->get_header_value("Transfer-Encoding"), "chunked");
  const auto events = frames(res->body);
  ASSERT_GE(events.size(), 4u);
  EXPECT_EQ(type_of(events.front()), "messageStart");
  EXPECT_EQ(type_of(events[events.size() - 2]), "messageStop");
  EXPECT_EQ(type_of(events.back()), "metadata");
}

TEST_F(ServerTest, StreamingErrorsComeBeforeTheStream) {
  start();
  auto res = post("/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse-stream");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
}

TEST_F(ServerTest, ValidationUsesTheRealText) {
  start();
  auto res = post(kProfileTarget, R"({"messages":[{"role":"user","content":[]}]})");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("The content field in the Message object at messages.0 is empty"),
            std::string::npos)
      << res->body;
}

TEST_F(ServerTest, ThrottledThenOkScenarioThrottlesTheFirstTwoCalls) {
  start_with_scenario("throttled-then-ok");
  std::vector<int> statuses;
  for (int i = 0; i < 3; ++i) statuses.push_back(post(kProfileTarget)->status);
  EXPECT_EQ(statuses, (std::vector<int>{429, 429, 200}));
  const auto journal = server_->journal().entries();
  EXPECT_EQ(journal[0].answered_by, "rule");
  EXPECT_EQ(journal[0].error_type, "ThrottlingException");
  // Reset rewinds the rule's call counter.
  ASSERT_EQ(client_->Post("/__admin/reset", "", "application/json")->status, 200);
  EXPECT_EQ(post(kProfileTarget)->status, 429);
}

TEST_F(ServerTest, MidStreamModelErrorSendsAnExceptionFrameAfterThreeEvents) {
  start_with_scenario("mid-stream-model-error");
  auto res = post("/model/us.amazon.nova-micro-v1%3A0/converse-stream");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const auto events = frames(res->body);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(type_of(events[3]), "exception:modelStreamErrorException");
  EXPECT_EQ(events[3].string_header(":message-type"), "exception");
  EXPECT_EQ(server_->journal().entries().back().error_type, "modelStreamErrorException");
}

TEST_F(ServerTest, ClockSkewScenarioShiftsDateAndRefusesRequestsSignedByTheRealClock) {
  ServerConfig config;
  const auto real_now =
      std::chrono::sys_seconds(std::chrono::seconds(1738269511));  // 2025-01-30T20:38:31Z
  config.fixed_now = real_now;
  auto set = load_scenario(fixtures() + "/scenarios", "clock-skew");
  ASSERT_TRUE(set) << set.error().to_string();
  EXPECT_EQ(set->clock_offset, std::chrono::seconds(900));
  config.rule_sets.push_back(*set);
  start(std::move(config));
  httplib::Headers signed_now = kUsEast2;
  signed_now.emplace("X-Amz-Date", "20250130T203831Z");
  auto res = post(kProfileTarget, kHello, signed_now);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(res->body,
            "{\"message\":\"Signature expired: 20250130T203831Z is now earlier than "
            "20250130T204831Z (20250130T205331Z - 5 min.)\"}");
  EXPECT_EQ(res->get_header_value("Date"), "Thu, 30 Jan 2025 20:53:31 GMT");
  // Within five minutes of the mock's clock the request goes through.
  httplib::Headers signed_late = kUsEast2;
  signed_late.emplace("X-Amz-Date", "20250130T205000Z");
  EXPECT_EQ(post(kProfileTarget, kHello, signed_late)->status, 200);
}

TEST_F(ServerTest, RulesPostedThroughTheAdminApiDropTheConnection) {
  start();
  auto added = client_->Post("/__admin/rules",
                             R"([{"match":{"operation":"Converse"},"respond":{"drop":true}}])",
                             "application/json");
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 200) << added->body;
  EXPECT_FALSE(post(kProfileTarget));
  EXPECT_EQ(server_->journal().entries().back().answered_by, "rule");
}

TEST_F(ServerTest, StreamResetRuleBreaksTheTransferAfterTheEvents) {
  start();
  client_->Post("/__admin/rules",
                R"([{"match":{"operation":"ConverseStream"},"respond":{"streamResetAfter":2}}])",
                "application/json");
  EXPECT_FALSE(post("/model/us.amazon.nova-micro-v1%3A0/converse-stream"));
}

TEST_F(ServerTest, VerifyAuthAcceptsOurSignaturesAndRejectsAWrongSecret) {
  test::TempDir dir;
  const std::string credentials_file = (dir.path() / "credentials").string();
  {
    std::ofstream out(credentials_file);
    out << "[default]\naws_access_key_id = AKIDTEST\naws_secret_access_key = secret\n";
  }
  ServerConfig config;
  config.auth = AuthMode::kVerify;
  config.credentials_file = credentials_file;
  start(std::move(config));

  auto signed_headers = [&](const std::string& secret, const std::string& target) {
    HttpRequest request;
    request.method = "POST";
    request.target = target;
    request.headers = {{"host", "127.0.0.1:" + std::to_string(server_->port())},
                       {"content-type", "application/json"}};
    request.body = kHello;
    sigv4::sign(request, {"AKIDTEST", secret, ""},
                {"us-east-2", "bedrock", std::chrono::system_clock::now()});
    httplib::Headers headers;
    for (const auto& [name, value] : request.headers) {
      if (name != "host" && name != "content-type") headers.emplace(name, value);
    }
    return headers;
  };
  auto ok = post(kProfileTarget, kHello, signed_headers("secret", kProfileTarget));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(server_->journal().entries().back().region, "us-east-2");
  const std::string arn_target =
      "/model/arn%3Aaws%3Abedrock%3Aus-east-2%3A123456789012%3Ainference-profile%2F"
      "us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse";
  auto arn = post(arn_target, kHello, signed_headers("secret", arn_target));
  ASSERT_TRUE(arn);
  EXPECT_EQ(arn->status, 200) << arn->body;
  auto bad = post(kProfileTarget, kHello, signed_headers("wrong", kProfileTarget));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 403);
  EXPECT_EQ(bad->get_header_value("x-amzn-ErrorType"),
            "InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/");
  auto unsigned_request = post(kProfileTarget);
  ASSERT_TRUE(unsigned_request);
  EXPECT_EQ(unsigned_request->status, 403);
  EXPECT_EQ(unsigned_request->body, R"({"Message":"Authorization header is missing"})");
}

// The JS runtime client over HTTP/2 sends no Host and signs `:authority` (reference §3).
TEST_F(ServerTest, VerifyAuthOverHttp2AcceptsAnAuthoritySignature) {
  test::TempDir dir;
  const std::string credentials_file = (dir.path() / "credentials").string();
  {
    std::ofstream out(credentials_file);
    out << "[default]\naws_access_key_id = AKIDTEST\naws_secret_access_key = secret\n";
  }
  ServerConfig config;
  config.auth = AuthMode::kVerify;
  config.credentials_file = credentials_file;
  start(std::move(config));

  auto send = [&](const std::string& secret) {
    HttpRequest request;
    request.method = "POST";
    request.target = kProfileTarget;
    request.headers = {{":authority", "127.0.0.1"}, {"content-type", "application/json"}};
    request.body = kHello;
    const auto signing = sigv4::sign(request, {"AKIDTEST", secret, ""},
                                     {"us-east-2", "bedrock", std::chrono::system_clock::now()});
    EXPECT_NE(signing.authorization.find("SignedHeaders=:authority;"), std::string::npos);
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto& [name, value] : request.headers) {
      if (name != ":authority") headers.emplace_back(encoding::to_lower(name), value);
    }
    transport::testing::Http2TestClient client(server_->port());
    const int32_t id = client.submit("POST", kProfileTarget, headers, kHello);
    EXPECT_TRUE(client.run_until([&] { return client.finished(id); }));
    return client.reply(id);
  };
  auto ok = send("secret");
  ASSERT_TRUE(ok.status);
  EXPECT_EQ(*ok.status, 200) << ok.body;
  EXPECT_EQ(server_->journal().entries().back().protocol, "HTTP/2");
  EXPECT_EQ(server_->journal().entries().back().region, "us-east-2");
  auto bad = send("wrong");
  ASSERT_TRUE(bad.status);
  EXPECT_EQ(*bad.status, 403);
  ASSERT_NE(bad.header("x-amzn-errortype"), nullptr);
  EXPECT_EQ(bad.header("x-amzn-errortype")->rfind("InvalidSignatureException:", 0), 0u);
}

TEST_F(ServerTest, ControlPlaneListsModelsOfTheRegion) {
  start();
  auto res = client_->Get("/foundation-models?byProvider=Amazon", kUsEast2);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const auto body = json::parse(res->body);
  ASSERT_FALSE(body["modelSummaries"].empty());
  for (const auto& model : body["modelSummaries"]) EXPECT_EQ(model["providerName"], "Amazon");
}

TEST_F(ServerTest, ConcurrentClientsAreAllServed) {
  start();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", server_->port());
      for (int i = 0; i < 20; ++i) {
        auto res = client.Post(kProfileTarget, kUsEast2, kHello, "application/json");
        if (res && res->status == 200) ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 160);
  EXPECT_EQ(server_->journal().total_recorded(), 160u);
}

TEST_F(ServerTest, GarbageNeverCrashesAndAlwaysGetsAnAnswer) {
  start();
  std::mt19937 random(42);
  const std::vector<std::string> targets = {kProfileTarget,
                                            "/model/%zz/converse",
                                            "/model//invoke",
                                            "/model/x/count-tokens",
                                            "/model/us.amazon.nova-micro-v1:0/invoke",
                                            "/foundation-models/%",
                                            "/inference-profiles?maxResults=abc"};
  for (int i = 0; i < 200; ++i) {
    std::string body(random() % 300, '\0');
    for (auto& c : body) c = static_cast<char>(random() % 256);
    if (i % 3 == 0) body = R"({"messages":[{"role":"user","content":[{"text":)" + body;
    auto res = post(targets[i % targets.size()], body);
    ASSERT_TRUE(res) << "request " << i;
    EXPECT_GE(res->status, 200);
    EXPECT_LT(res->status, 600);
  }
}

}  // namespace
}  // namespace bedrock::mock

namespace bedrock::mock {
namespace {

class ReplayServerTest : public ServerTest {
 protected:
  void start_replay(Mode mode) {
    ServerConfig config;
    config.mode = mode;
    config.cassette_paths = {fixtures() + "/cassettes"};
    config.front_end.pacing_factor = 0;
    start(std::move(config));
  }
};

constexpr const char* kHaiku =
    R"({"inferenceConfig": {"temperature": 0.1, "maxTokens": 200}, "messages": [{"role": "user", "content": [{"text": "Write a haiku about the sea."}]}]})";

TEST_F(ReplayServerTest, ReplaysTheRecordedBytesIgnoringKeyOrderAndIgnoredPaths) {
  start_replay(Mode::kReplay);
  auto cassette = ::bedrock::cassette::load(fixtures() + "/cassettes/converse-nova-lite.json");
  ASSERT_TRUE(cassette) << cassette.error().to_string();
  const auto& recorded = *cassette->interactions[0].response();
  auto res = post("/model/amazon.nova-lite-v1%3A0/converse", kHaiku);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, recorded.status);
  EXPECT_EQ(res->body, recorded.body);
  const auto journal = server_->journal().entries();
  EXPECT_EQ(journal.back().answered_by, "replay");
  EXPECT_NE(journal.back().detail.find("converse-nova-lite.json#haiku"), std::string::npos);
}

TEST_F(ReplayServerTest, ReplaysRecordedStreamsFrameForFrame) {
  start_replay(Mode::kReplay);
  auto cassette =
      ::bedrock::cassette::load(fixtures() + "/cassettes/converse-stream-nova-lite.json");
  ASSERT_TRUE(cassette);
  const auto& interaction = cassette->interactions[0];
  auto res = post(interaction.request.path, interaction.request.body);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  std::string expected;
  for (const auto& event : interaction.stream()->events) {
    expected += *event_stream::encode(event.message);
  }
  EXPECT_EQ(res->body, expected);
}

TEST_F(ReplayServerTest, ReplayModeMissNamesTheClosestInteraction) {
  start_replay(Mode::kReplay);
  auto res = post(
      "/model/amazon.nova-lite-v1%3A0/converse",
      R"({"messages":[{"role":"user","content":[{"text":"Write a poem."}]}],"inferenceConfig":{"maxTokens":200}})");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(res->get_header_value("x-amzn-ErrorType").substr(0, 20), "ReplayMissException:");
  EXPECT_NE(res->body.find("converse-nova-lite.json#haiku"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("Write a poem."), std::string::npos) << res->body;
  EXPECT_FALSE(res->get_header_value("x-amzn-RequestId").empty());
  EXPECT_EQ(server_->journal().entries().back().answered_by, "replay-miss");
}

TEST_F(ReplayServerTest, HybridModeSimulatesWhatNoCassetteAnswers) {
  start_replay(Mode::kHybrid);
  auto replayed = post("/model/amazon.nova-lite-v1%3A0/converse", kHaiku);
  auto simulated = post(kProfileTarget);
  ASSERT_TRUE(replayed && simulated);
  EXPECT_EQ(replayed->status, 200);
  EXPECT_EQ(simulated->status, 200);
  const auto journal = server_->journal().entries();
  EXPECT_EQ(journal[0].answered_by, "replay");
  EXPECT_EQ(journal[1].answered_by, "simulate");
}

}  // namespace
}  // namespace bedrock::mock

namespace bedrock::mock {
namespace {

TEST_F(ServerTest, BodiesOverTheTransportCapAreRefusedWithTheBodyLengthConstraint) {
  ServerConfig config;
  config.front_end.limits.max_body_bytes = 64 * 1024;
  start(std::move(config));
  auto res = post("/model/us.amazon.nova-micro-v1%3A0/invoke", std::string(128 * 1024, 'x'));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->body,
            "{\"message\":\"1 validation error detected: Value at 'body' failed to satisfy "
            "constraint: Member must have length less than or equal to 25000000\"}");
  EXPECT_EQ(server_->journal().entries().back().answered_by, "transport");
}

// A throwaway self-signed certificate made with the openssl command line tool.
bool make_certificate(const std::filesystem::path& dir) {
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout '" +
      (dir / "key.pem").string() + "' -out '" + (dir / "cert.pem").string() + "' >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

TEST_F(ServerTest, ServesHttpsWithTheGivenCertificate) {
  test::TempDir dir;
  ASSERT_TRUE(make_certificate(dir.path())) << "openssl could not make a test certificate";
  ServerConfig config;
  config.front_end.tls_cert_file = (dir.path() / "cert.pem").string();
  config.front_end.tls_key_file = (dir.path() / "key.pem").string();
  config.catalog_path = fixtures() + "/catalog";
  auto server = Server::create(std::move(config));
  ASSERT_TRUE(server) << server.error().message;
  auto port = (*server)->start();
  ASSERT_TRUE(port) << port.error().message;
  EXPECT_EQ((*server)->url().substr(0, 8), "https://");
  httplib::SSLClient client("127.0.0.1", *port);
  client.set_ca_cert_path((dir.path() / "cert.pem").string().c_str());
  client.enable_server_certificate_verification(true);
  auto res = client.Post(kProfileTarget, kUsEast2, kHello, "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_FALSE(json::parse(res->body)["output"]["message"]["content"].empty());
}

TEST(ServerCreate, InvalidFilesAreRefusedWithTheirName) {
  ServerConfig bad_catalog;
  bad_catalog.catalog_path = "/nonexistent/catalog.json";
  auto server = Server::create(bad_catalog);
  ASSERT_FALSE(server);
  EXPECT_NE(server.error().message.find("/nonexistent/catalog.json"), std::string::npos);

  ServerConfig no_credentials;
  no_credentials.catalog_path = fixtures() + "/catalog";
  no_credentials.auth = AuthMode::kVerify;
  EXPECT_FALSE(Server::create(no_credentials));

  ServerConfig bad_rule;
  bad_rule.catalog_path = fixtures() + "/catalog";
  auto set = parse_rules(json::parse(R"([{"respond":{"error":"NoSuchException"}}])"), "r.json");
  ASSERT_TRUE(set);
  bad_rule.rule_sets.push_back(*set);
  auto refused = Server::create(bad_rule);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("NoSuchException"), std::string::npos);
}

}  // namespace
}  // namespace bedrock::mock
