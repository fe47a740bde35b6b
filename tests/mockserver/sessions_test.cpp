// Sessions end to end in-process: created and dropped through the admin API, named by the
// /__session/ID/ path prefix (or the x-bedrock-mock-session header), each with its own rules,
// call counters, journal and replay positions (docs/mock.md "Sessions").
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "bedrock/mock/scenarios.hpp"
#include "bedrock/mock/server.hpp"
#include "bedrock/protocol/sigv4_signer.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::mock {
namespace {

using nlohmann::json;

constexpr const char* kConverse = "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse";
constexpr const char* kHello =
    R"({"messages":[{"role":"user","content":[{"text":"What is 2+2?"}]}]})";
const httplib::Headers kUsEast2 = {{"Host", "bedrock-runtime.us-east-2.amazonaws.com"}};

std::string fixtures() { return (test::source_dir() / "fixtures").string(); }

class SessionsTest : public ::testing::Test {
 protected:
  void start(ServerConfig config = {}) {
    config.catalog_path = fixtures() + "/catalog";
    config.scenarios_dir = fixtures() + "/scenarios";
    auto server = Server::create(std::move(config));
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().message;
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    client_->set_read_timeout(10, 0);
  }
  httplib::Result admin(const std::string& method, const std::string& path,
                        const std::string& body = "") {
    if (method == "POST") return client_->Post(path, body, "application/json");
    if (method == "PUT") return client_->Put(path, body, "application/json");
    if (method == "DELETE") return client_->Delete(path);
    return client_->Get(path);
  }
  json admin_json(const std::string& method, const std::string& path,
                  const std::string& body = "") {
    auto res = admin(method, path, body);
    EXPECT_TRUE(res);
    return res ? json::parse(res->body, nullptr, false) : json();
  }
  int converse(const std::string& prefix, const httplib::Headers& headers = kUsEast2) {
    auto res = client_->Post(prefix + kConverse, headers, kHello, "application/json");
    return res ? res->status : -1;
  }
  std::vector<int> statuses(const std::string& prefix, int calls) {
    std::vector<int> out;
    for (int i = 0; i < calls; ++i) out.push_back(converse(prefix));
    return out;
  }
  // The journal a session's own admin API shows.
  json journal_of(const std::string& prefix) {
    return admin_json("GET", prefix + "/__admin/requests")["requests"];
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(SessionsTest, CreatedSessionAnswersUnderItsPrefixAndKeepsItsOwnJournal) {
  start();
  auto created = admin("POST", "/__admin/sessions", R"({"id":"w1"})");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;
  const json body = json::parse(created->body);
  EXPECT_EQ(body["id"], "w1");
  EXPECT_EQ(body["path"], "/__session/w1");
  EXPECT_EQ(body["state"], "ready");
  EXPECT_EQ(body["endpoint"],
            "http://127.0.0.1:" + std::to_string(server_->port()) + "/__session/w1");

  EXPECT_EQ(converse("/__session/w1"), 200);
  EXPECT_EQ(converse(""), 200);
  const json journal = journal_of("/__session/w1");
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_EQ(journal[0]["target"], std::string("/__session/w1") + kConverse);
  EXPECT_EQ(journal[0]["operation"], "Converse");
  EXPECT_EQ(journal[0]["region"], "us-east-2");
  // Outside sessions, only the request sent outside.
  EXPECT_EQ(server_->journal().entries().size(), 1u);
}

TEST_F(SessionsTest, EachSessionCountsItsScenariosCallsFromOne) {
  start();
  ASSERT_EQ(admin("PUT", "/__admin/sessions/a", R"({"scenario":"throttled-then-ok"})")->status,
            201);
  ASSERT_EQ(admin("PUT", "/__admin/sessions/b", R"({"scenario":"throttled-then-ok"})")->status,
            201);
  EXPECT_EQ(statuses("/__session/a", 1), (std::vector<int>{429}));
  EXPECT_EQ(statuses("/__session/b", 3), (std::vector<int>{429, 429, 200}));
  EXPECT_EQ(statuses("/__session/a", 2), (std::vector<int>{429, 200}));
  EXPECT_EQ(statuses("", 1), (std::vector<int>{200}));  // no scenario outside sessions
}

TEST_F(SessionsTest, RulesPostedToOneSessionNeverReachAnother) {
  start();
  ASSERT_EQ(admin("PUT", "/__admin/sessions/a")->status, 201);
  ASSERT_EQ(admin("PUT", "/__admin/sessions/b")->status, 201);
  auto added =
      admin("POST", "/__session/a/__admin/rules",
            R"([{"match":{"operation":"Converse"},"respond":{"error":"AccessDeniedException"}}])");
  ASSERT_EQ(added->status, 200) << added->body;
  EXPECT_EQ(converse("/__session/a"), 403);
  EXPECT_EQ(converse("/__session/b"), 200);
  EXPECT_EQ(converse(""), 200);
  EXPECT_EQ(admin_json("GET", "/__session/b/__admin/rules")["rules"].size(), 0u);
  EXPECT_EQ(admin_json("GET", "/__session/a/__admin/rules")["rules"].size(), 1u);
}

TEST_F(SessionsTest, SessionsStartWithTheMocksOwnRulesCountedAfresh) {
  ServerConfig config;
  auto set = load_scenario(fixtures() + "/scenarios", "throttled-then-ok");
  ASSERT_TRUE(set) << set.error().to_string();
  config.rule_sets.push_back(*set);
  start(std::move(config));
  EXPECT_EQ(statuses("", 3), (std::vector<int>{429, 429, 200}));
  ASSERT_EQ(admin("PUT", "/__admin/sessions/late")->status, 201);
  EXPECT_EQ(statuses("/__session/late", 3), (std::vector<int>{429, 429, 200}));
  // A session that wants none of them drops its copy.
  ASSERT_EQ(admin("PUT", "/__admin/sessions/clean")->status, 201);
  ASSERT_EQ(admin("DELETE", "/__session/clean/__admin/rules")->status, 200);
  EXPECT_EQ(statuses("/__session/clean", 1), (std::vector<int>{200}));
}

TEST_F(SessionsTest, SessionResetRewindsOnlyThatSession) {
  start();
  ASSERT_EQ(admin("PUT", "/__admin/sessions/a", R"({"scenario":"throttled-then-ok"})")->status,
            201);
  ASSERT_EQ(admin("PUT", "/__admin/sessions/b", R"({"scenario":"throttled-then-ok"})")->status,
            201);
  statuses("/__session/a", 3);
  statuses("/__session/b", 1);
  ASSERT_EQ(admin("POST", "/__session/a/__admin/reset")->status, 200);
  EXPECT_TRUE(journal_of("/__session/a").empty());
  EXPECT_EQ(journal_of("/__session/b").size(), 1u);
  EXPECT_EQ(statuses("/__session/a", 1), (std::vector<int>{429}));
  EXPECT_EQ(statuses("/__session/b", 2), (std::vector<int>{429, 200}));
}

// A cassette that recorded the same request twice, answered "one" then "two".
void write_two_answer_cassette(const std::string& path) {
  auto interaction = [](const std::string& id, const std::string& text) {
    return json{{"id", id},
                {"recorded_at", "2025-04-14T09:12:31.207Z"},
                {"request",
                 {{"method", "POST"},
                  {"path", kConverse},
                  {"operation", "Converse"},
                  {"model_id", "us.anthropic.claude-3-5-sonnet-20241022-v2:0"},
                  {"region", "us-east-2"},
                  {"headers", json::array()},
                  {"body", {{"json", json::parse(kHello)}}}}},
                {"response",
                 {{"status", 200},
                  {"headers", json::array({json::array({"Content-Type", "application/json"})})},
                  {"body", {{"json", {{"answer", text}}}}}}}};
  };
  std::ofstream(path) << json{{"format", "bedrock-testbed-cassette/1"},
                              {"name", "twice"},
                              {"interactions", {interaction("1", "one"), interaction("2", "two")}}}
                             .dump();
}

// Quota windows and the quota clock are session state too: advancing one test's clock frees
// only its own window (docs/mock.md "Sessions").
TEST_F(SessionsTest, EachSessionHasItsOwnQuotaWindowsAndClock) {
  ServerConfig config;
  config.manual_quota_clock = true;
  start(std::move(config));
  const std::string quota =
      R"({"rules":{"quotas":[{"inference":"cross-region","requestsPerMinute":1}]}})";
  for (const char* id : {"qa", "qb"}) {
    auto created = admin("PUT", std::string("/__admin/sessions/") + id, quota);
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201) << created->body;
  }
  EXPECT_EQ(statuses("/__session/qa", 2), (std::vector<int>{200, 429}));
  EXPECT_EQ(converse("/__session/qb"), 200) << "qa's burst is not counted in qb's window";
  EXPECT_EQ(converse(""), 200) << "nor outside sessions";

  const json moved = admin_json("POST", "/__session/qa/__admin/clock", R"({"advanceSeconds":60})");
  EXPECT_EQ(moved["clockMs"], 60000) << moved.dump();
  EXPECT_EQ(admin_json("GET", "/__session/qb/__admin/clock")["clockMs"], 0);
  EXPECT_EQ(admin_json("GET", "/__admin/clock")["clockMs"], 0);
  EXPECT_EQ(converse("/__session/qa"), 200) << "a minute passed for qa";
  EXPECT_EQ(converse("/__session/qb"), 429) << "but not for qb";

  const json windows = admin_json("GET", "/__session/qb/__admin/quotas")["windows"];
  ASSERT_EQ(windows.size(), 1u) << windows.dump();
  const json journal = journal_of("/__session/qb");
  ASSERT_EQ(journal.size(), 2u);
  EXPECT_EQ(journal[1]["answeredBy"], "quota");
  ASSERT_EQ(admin("POST", "/__session/qb/__admin/reset")->status, 200);
  EXPECT_EQ(converse("/__session/qb"), 200) << "reset empties the session's windows";
}

TEST_F(SessionsTest, ReplayPositionsArePerSession) {
  test::TempDir dir;
  write_two_answer_cassette((dir.path() / "twice.json").string());
  ServerConfig config;
  config.cassette_paths = {dir.path().string()};
  start(std::move(config));
  ASSERT_EQ(admin("PUT", "/__admin/sessions/a")->status, 201);
  ASSERT_EQ(admin("PUT", "/__admin/sessions/b")->status, 201);
  auto answer = [&](const std::string& prefix) {
    auto res = client_->Post(prefix + kConverse, kUsEast2, kHello, "application/json");
    return res && res->status == 200 ? json::parse(res->body)["answer"].get<std::string>()
                                     : std::string("(no answer)");
  };
  EXPECT_EQ(answer("/__session/a"), "one");
  EXPECT_EQ(answer("/__session/a"), "two");
  EXPECT_EQ(answer("/__session/b"), "one");
  EXPECT_EQ(answer(""), "one");
  ASSERT_EQ(admin("POST", "/__session/a/__admin/reset")->status, 200);
  EXPECT_EQ(answer("/__session/a"), "one");
  EXPECT_EQ(answer("/__session/b"), "two");
  EXPECT_EQ(answer(""), "two");
  EXPECT_EQ(journal_of("/__session/b")[0]["answeredBy"], "replay");
}

TEST_F(SessionsTest, TheHeaderNamesASessionAsThePrefixDoes) {
  start();
  ASSERT_EQ(
      admin(
          "PUT", "/__admin/sessions/h",
          R"({"rules":[{"match":{"operation":"Converse"},"respond":{"error":"ThrottlingException"}}]})")
          ->status,
      201);
  httplib::Headers headers = kUsEast2;
  headers.emplace("x-bedrock-mock-session", "h");
  EXPECT_EQ(converse("", headers), 429);
  EXPECT_EQ(journal_of("/__session/h").size(), 1u);
  // A path and a header that disagree are refused.
  EXPECT_EQ(converse("/__session/other", headers), 400);
  // A client that sends the header with everything can still create and drop sessions.
  auto created = client_->Put("/__admin/sessions/h2", headers, "", "application/json");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(client_->Delete("/__admin/sessions/h2", headers)->status, 200);
}

TEST_F(SessionsTest, WithAnAdminTokenSessionEndpointsNeedItToo) {
  ServerConfig config;
  config.admin_token = "s3cret-admin-token";
  start(std::move(config));
  auto refused = admin("PUT", "/__admin/sessions/t");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401) << refused->body;
  const httplib::Headers token = {{"x-bedrock-admin-token", "s3cret-admin-token"}};
  auto created = client_->Put("/__admin/sessions/t", token, "", "application/json");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;
  // A session's own admin endpoints (rules, journal) are guarded by the same token.
  auto journal = client_->Get("/__session/t/__admin/requests");
  ASSERT_TRUE(journal);
  EXPECT_EQ(journal->status, 401);
  journal = client_->Get("/__session/t/__admin/requests", token);
  ASSERT_TRUE(journal);
  EXPECT_EQ(journal->status, 200);
  // The mock's requests themselves need no token.
  EXPECT_EQ(converse("/__session/t"), 200);
}

TEST_F(SessionsTest, AnUnknownSessionGetsAnAwsShapedErrorThatSaysHowToCreateIt) {
  start();
  auto res = client_->Post(std::string("/__session/nope") + kConverse, kUsEast2, kHello,
                           "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(res->get_header_value("x-amzn-ErrorType"),
            "UnknownSessionException:http://internal.amazon.com/coral/com.amazon.bedrock/");
  EXPECT_NE(res->body.find("PUT /__admin/sessions/nope"), std::string::npos) << res->body;
  EXPECT_FALSE(res->get_header_value("x-amzn-RequestId").empty());
  const auto journal = server_->journal().entries();
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_EQ(journal[0].answered_by, "session");
  EXPECT_EQ(journal[0].error_type, "UnknownSessionException");
  EXPECT_EQ(admin("GET", "/__session/nope/__admin/requests")->status, 404);
}

TEST_F(SessionsTest, AdminRefusesBadIdsTakenIdsUnknownMembersAndTooManySessions) {
  ServerConfig config;
  config.max_sessions = 2;
  start(std::move(config));
  EXPECT_EQ(admin("PUT", "/__admin/sessions/bad%20id")->status, 400);
  EXPECT_EQ(admin("POST", "/__admin/sessions", R"({"id":"-x"})")->status, 400);
  EXPECT_EQ(admin("POST", "/__admin/sessions", R"({"colour":"red"})")->status, 400);
  EXPECT_EQ(admin("POST", "/__admin/sessions", R"({"scenario":"no-such-scenario"})")->status, 400);
  auto bad_rule =
      admin("POST", "/__admin/sessions", R"({"rules":[{"respond":{"error":"Throttled"}}]})");
  EXPECT_EQ(bad_rule->status, 400);
  EXPECT_NE(bad_rule->body.find("Throttled"), std::string::npos) << bad_rule->body;
  EXPECT_EQ(admin("POST", "/__admin/sessions", R"({"mode":"replay"})")->status, 400);
  ASSERT_EQ(admin("PUT", "/__admin/sessions/one")->status, 201);
  EXPECT_EQ(admin("PUT", "/__admin/sessions/one")->status, 409);
  const json generated = admin_json("POST", "/__admin/sessions");
  EXPECT_FALSE(generated["id"].get<std::string>().empty());
  EXPECT_EQ(admin("PUT", "/__admin/sessions/three")->status, 429);
}

TEST_F(SessionsTest, DroppedSessionsAreGoneAndListedOnesShowTheirCounts) {
  start();
  ASSERT_EQ(admin("PUT", "/__admin/sessions/a")->status, 201);
  ASSERT_EQ(admin("PUT", "/__admin/sessions/b")->status, 201);
  converse("/__session/a");
  const json listed = admin_json("GET", "/__admin/sessions");
  ASSERT_EQ(listed["sessions"].size(), 2u);
  EXPECT_EQ(listed["sessions"][0]["id"], "a");
  EXPECT_EQ(listed["sessions"][0]["requests"], 1);
  EXPECT_EQ(admin_json("GET", "/__admin/health")["sessions"], 2);
  EXPECT_EQ(admin("DELETE", "/__admin/sessions/a")->status, 200);
  EXPECT_EQ(admin("DELETE", "/__admin/sessions/a")->status, 404);
  EXPECT_EQ(admin("GET", "/__admin/sessions/a")->status, 404);
  EXPECT_EQ(converse("/__session/a"), 404);
  EXPECT_EQ(admin_json("DELETE", "/__admin/sessions")["deleted"], 1);
  EXPECT_EQ(server_->sessions().size(), 0u);
}

TEST_F(SessionsTest, ASessionsOwnCassettesLoadInTheBackgroundAndReplayOnlyThere) {
  start();
  const std::string body =
      json{{"id", "own"}, {"mode", "replay"}, {"cassettes", {fixtures() + "/cassettes"}}}.dump();
  auto created = admin("POST", "/__admin/sessions", body);
  ASSERT_TRUE(created);
  // 202 while loading, 201 when the load was already done: either way it is ready soon.
  EXPECT_TRUE(created->status == 202 || created->status == 201) << created->body;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::string state;
  while (std::chrono::steady_clock::now() < deadline) {
    state = admin_json("GET", "/__admin/sessions/own")["state"].get<std::string>();
    if (state != "loading") break;
    std::this_thread::yield();
  }
  ASSERT_EQ(state, "ready");
  EXPECT_GT(admin_json("GET", "/__admin/sessions/own")["cassetteInteractions"].get<int>(), 0);
  // Replay mode in the session: an unrecorded request is a replay miss there ...
  auto miss = client_->Post(std::string("/__session/own") + kConverse, kUsEast2, kHello,
                            "application/json");
  ASSERT_TRUE(miss);
  EXPECT_EQ(miss->status, 404);
  EXPECT_NE(miss->get_header_value("x-amzn-ErrorType").find("ReplayMissException"),
            std::string::npos);
  // ... and outside it the mock still simulates.
  EXPECT_EQ(converse(""), 200);
}

TEST_F(SessionsTest, ASessionWhoseCassettesFailToLoadSaysWhy) {
  start();
  auto created = admin("PUT", "/__admin/sessions/broken", R"({"cassettes":["/no/such/dir"]})");
  ASSERT_TRUE(created);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  json shown;
  while (std::chrono::steady_clock::now() < deadline) {
    shown = admin_json("GET", "/__admin/sessions/broken");
    if (shown["state"] != "loading") break;
    std::this_thread::yield();
  }
  EXPECT_EQ(shown["state"], "failed");
  EXPECT_NE(shown["error"].get<std::string>().find("/no/such/dir"), std::string::npos);
  EXPECT_EQ(converse("/__session/broken"), 400);
}

TEST_F(SessionsTest, SignaturesOverThePrefixedPathVerify) {
  test::TempDir dir;
  const std::string credentials_file = (dir.path() / "credentials").string();
  std::ofstream(credentials_file)
      << "[default]\naws_access_key_id = AKIDTEST\naws_secret_access_key = secret\n";
  ServerConfig config;
  config.auth = AuthMode::kVerify;
  config.credentials_file = credentials_file;
  start(std::move(config));
  ASSERT_EQ(admin("PUT", "/__admin/sessions/signed")->status, 201);

  // What an SDK does: it signs the path it sends, prefix included.
  auto signed_post = [&](const std::string& signed_target, const std::string& sent_target) {
    HttpRequest request;
    request.method = "POST";
    request.target = signed_target;
    request.headers = {{"host", "127.0.0.1:" + std::to_string(server_->port())},
                       {"content-type", "application/json"}};
    request.body = kHello;
    sigv4::sign(request, {"AKIDTEST", "secret", ""},
                {"us-east-2", "bedrock", std::chrono::system_clock::now()});
    httplib::Headers headers;
    for (const auto& [name, value] : request.headers) {
      if (name != "host" && name != "content-type") headers.emplace(name, value);
    }
    auto res = client_->Post(sent_target, headers, kHello, "application/json");
    return res ? res->status : -1;
  };
  const std::string prefixed = std::string("/__session/signed") + kConverse;
  EXPECT_EQ(signed_post(prefixed, prefixed), 200);
  // The JS SDK with a trailing '/' in its endpoint sends "//model" and signs it normalized.
  EXPECT_EQ(signed_post(prefixed, std::string("/__session/signed/") + kConverse), 200);
  // A signature over the path without the prefix does not match what was sent.
  EXPECT_EQ(signed_post(kConverse, prefixed), 403);
  EXPECT_EQ(journal_of("/__session/signed").size(), 3u);
}

}  // namespace
}  // namespace bedrock::mock
