#include "bedrock/mock/admin_api.hpp"

#include <gtest/gtest.h>

namespace bedrock::mock {
namespace {

using nlohmann::json;

class AdminApiTest : public ::testing::Test {
 protected:
  ExchangeResponse call(std::string method, std::string target, std::string body = "",
                        std::string remote = "127.0.0.1") {
    ExchangeRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.body = std::move(body);
    request.remote_addr = std::move(remote);
    return handle_admin(request, context_);
  }
  static json body(const ExchangeResponse& response) { return json::parse(response.body); }

  Journal journal_{100};
  RuleEngine rules_;
  QuotaClock quota_clock_{/*manual=*/true};
  QuotaBook quotas_{quota_clock_};
  LatencyModels latency_;
  int resets_ = 0;
  AdminContext context_{journal_,
                        rules_,
                        quotas_,
                        quota_clock_,
                        latency_,
                        [this] { ++resets_; },
                        [] {
                          return json{{"mode", "hybrid"}};
                        },
                        false,
                        {}};
};

TEST_F(AdminApiTest, HealthReportsOkAndTheServerState) {
  auto response = call("GET", "/__admin/health");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(body(response)["status"], "ok");
  EXPECT_EQ(body(response)["mode"], "hybrid");
}

TEST_F(AdminApiTest, RequestsListsTheJournalWithFiltersAndLimit) {
  for (const char* op : {"Converse", "ConverseStream", "Converse"}) {
    JournalEntry entry;
    entry.operation = op;
    journal_.record(entry);
  }
  EXPECT_EQ(body(call("GET", "/__admin/requests"))["requests"].size(), 3u);
  auto converse = body(call("GET", "/__admin/requests?operation=Converse"));
  EXPECT_EQ(converse["requests"].size(), 2u);
  auto last = body(call("GET", "/__admin/requests?limit=1"));
  ASSERT_EQ(last["requests"].size(), 1u);
  EXPECT_EQ(last["requests"][0]["sequence"], 3);
  EXPECT_EQ(call("GET", "/__admin/requests?limit=x").status, 400);
}

TEST_F(AdminApiTest, ResetCallsTheServerReset) {
  EXPECT_EQ(call("POST", "/__admin/reset").status, 200);
  EXPECT_EQ(resets_, 1);
  EXPECT_EQ(call("GET", "/__admin/reset").status, 405);
}

TEST_F(AdminApiTest, RulesCanBeAddedListedAndDeleted) {
  auto added =
      call("POST", "/__admin/rules",
           R"([{"match":{"operation":"Converse"},"respond":{"error":"ThrottlingException"}}])");
  EXPECT_EQ(added.status, 200);
  EXPECT_EQ(body(added)["added"], 1);
  EXPECT_EQ(body(call("GET", "/__admin/rules"))["rules"].size(), 1u);
  EXPECT_EQ(call("DELETE", "/__admin/rules").status, 200);
  EXPECT_TRUE(rules_.rules().empty());
}

TEST_F(AdminApiTest, RuleDocumentsBringTheirQuotasAndLatencyModels) {
  auto added = call("POST", "/__admin/rules",
                    R"({"quotas":[{"requestsPerMinute":2}],
                        "latency":[{"model":"fixed","firstByteMs":5}]})");
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(body(added)["addedByKind"], (json{{"rules", 0}, {"quotas", 1}, {"latency", 1}}));
  EXPECT_EQ(quotas_.rules().size(), 1u);
  EXPECT_EQ(body(call("GET", "/__admin/rules"))["latency"].size(), 1u);
  EXPECT_EQ(body(call("GET", "/__admin/quotas"))["quotas"].size(), 1u);
  EXPECT_EQ(call("DELETE", "/__admin/rules").status, 200);
  EXPECT_TRUE(quotas_.rules().empty());
  EXPECT_TRUE(latency_.rules().empty());
}

TEST_F(AdminApiTest, ClockAdvancesTheQuotaClock) {
  EXPECT_EQ(body(call("GET", "/__admin/clock")), (json{{"clock", "manual"}, {"clockMs", 0}}));
  EXPECT_EQ(body(call("POST", "/__admin/clock", R"({"advanceSeconds":60})"))["clockMs"], 60000);
  EXPECT_EQ(body(call("POST", "/__admin/clock", R"({"advanceMs":5})"))["clockMs"], 60005);
  EXPECT_EQ(quota_clock_.now().count(), 60005);
  EXPECT_EQ(call("DELETE", "/__admin/clock").status, 405);
}

TEST_F(AdminApiTest, BadRulesAreRefusedWithThePathOfTheProblem) {
  auto response = call("POST", "/__admin/rules", R"([{"respond":{"error":1}}])");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(body(response)["error"].get<std::string>().find("$[0].respond.error"),
            std::string::npos);
  EXPECT_EQ(call("POST", "/__admin/rules", "not json").status, 400);
}

TEST_F(AdminApiTest, RemoteClientsAreRefusedUnlessAllowed) {
  EXPECT_EQ(call("GET", "/__admin/health", "", "10.0.0.5").status, 403);
  EXPECT_EQ(call("GET", "/__admin/health", "", "::1").status, 200);
  context_.allow_remote = true;
  EXPECT_EQ(call("GET", "/__admin/health", "", "10.0.0.5").status, 200);
}

TEST_F(AdminApiTest, WithATokenOnlyHealthIsOpenAndEverythingElseNeedsTheToken) {
  context_.token = "s3cret-admin-token";
  EXPECT_EQ(call("GET", "/__admin/health").status, 200);
  EXPECT_EQ(call("GET", "/__admin/requests").status, 401);
  EXPECT_EQ(call("POST", "/__admin/reset").status, 401);
  EXPECT_EQ(resets_, 0);
  ExchangeRequest request;
  request.method = "POST";
  request.target = "/__admin/reset";
  request.remote_addr = "127.0.0.1";
  request.headers = {{"X-Bedrock-Admin-Token", "s3cret-admin-tokeN"}};
  EXPECT_EQ(handle_admin(request, context_).status, 401);
  request.headers = {{"X-Bedrock-Admin-Token", "s3cret-admin-token"}};
  EXPECT_EQ(handle_admin(request, context_).status, 200);
  EXPECT_EQ(resets_, 1);
}

TEST_F(AdminApiTest, UnknownEndpointsAnswer404) {
  EXPECT_EQ(call("GET", "/__admin/nope").status, 404);
  EXPECT_TRUE(is_admin_target("/__admin/health"));
  EXPECT_FALSE(is_admin_target("/model/x/converse"));
}

}  // namespace
}  // namespace bedrock::mock
