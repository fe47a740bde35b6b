// Quota simulation (issue #17): requests per minute, tokens per minute (input + maxTokens
// reserved, then settled), tokens per day, on-demand apart from cross-Region, per account or
// access key; a manual clock the tests move, never the wall clock. Then the same through the
// running mock: a burst over the quota gets the real 429 from the (k+1)th request until the
// admin API advances the clock.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>

#include "bedrock/mock/model_catalog.hpp"
#include "bedrock/mock/quotas.hpp"
#include "bedrock/mock/rules.hpp"
#include "bedrock/mock/server.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::mock {
namespace {

using nlohmann::json;
using operations::Operation;
using std::chrono::milliseconds;

std::vector<QuotaRule> quotas(const std::string& text) {
  auto parsed = parse_quota_rules(json::parse(text), "$.quotas", "test");
  EXPECT_TRUE(parsed) << parsed.error().path << ": " << parsed.error().message;
  return parsed ? *parsed : std::vector<QuotaRule>{};
}

QuotaRequest nova(uint64_t input = 10, std::optional<uint64_t> max_tokens = 100,
                  InferenceKind kind = InferenceKind::kOnDemand, std::string key = "AKID1") {
  return {"us-east-1", kind, "amazon.nova-lite-v1:0", std::move(key), input, max_tokens};
}

class QuotaBookTest : public ::testing::Test {
 protected:
  QuotaVerdict admit(const QuotaRequest& request) {
    auto snapshot = book_.admit(request, "123456789012");
    EXPECT_TRUE(snapshot);
    last_ = snapshot.value_or(QuotaSnapshot{});
    return last_.verdict;
  }
  QuotaClock clock_{/*manual=*/true};
  QuotaBook book_{clock_};
  QuotaSnapshot last_;
};

TEST_F(QuotaBookTest, BurstOverRequestsPerMinuteIsThrottledFromTheNextRequestUntilAMinutePasses) {
  book_.add_back(quotas(R"([{"modelId":"amazon.nova-*","requestsPerMinute":3}])"));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(admit(nova()), QuotaVerdict::kAdmitted) << i;
  EXPECT_EQ(admit(nova()), QuotaVerdict::kRequestsPerMinute);
  EXPECT_EQ(last_.requests_in_minute, 3u);
  clock_.advance(milliseconds(59'999));
  EXPECT_EQ(admit(nova()), QuotaVerdict::kRequestsPerMinute);
  clock_.advance(milliseconds(1));
  EXPECT_EQ(admit(nova()), QuotaVerdict::kAdmitted);
  EXPECT_EQ(last_.requests_in_minute, 1u);
  EXPECT_FALSE(last_.error(Operation::kConverse));
}

TEST_F(QuotaBookTest, TokensAreReservedAtInputPlusMaxTokensThenSettled) {
  book_.add_back(quotas(R"([{"tokensPerMinute":1000}])"));
  EXPECT_EQ(admit(nova(10, 500)), QuotaVerdict::kAdmitted);
  EXPECT_EQ(last_.reserved, 510u);
  EXPECT_EQ(last_.tokens_in_minute, 510u);
  book_.settle(last_, 10, 20);
  EXPECT_EQ(last_.settled, 30u);
  EXPECT_EQ(last_.tokens_in_minute, 30u);
  // 30 used: a large maxTokens no longer fits, a small one does.
  EXPECT_EQ(admit(nova(10, 990)), QuotaVerdict::kTokensPerMinute);
  EXPECT_EQ(admit(nova(10, 900)), QuotaVerdict::kAdmitted);
  EXPECT_EQ(last_.tokens_in_minute, 940u);
}

TEST_F(QuotaBookTest, AReservationLargerThanTheWholeQuotaIsThrottledHoweverLongItWaits) {
  book_.add_back(quotas(R"([{"tokensPerMinute":1000}])"));
  EXPECT_EQ(admit(nova(10, 2000)), QuotaVerdict::kTokensPerMinute);
  EXPECT_TRUE(last_.never_fits);
  EXPECT_EQ(last_.tokens_in_minute, 0u) << "a refused request reserves nothing";
  clock_.advance(std::chrono::hours(1));
  EXPECT_EQ(admit(nova(10, 2000)), QuotaVerdict::kTokensPerMinute);
  EXPECT_EQ(admit(nova(10, 900)), QuotaVerdict::kAdmitted);
  EXPECT_FALSE(last_.never_fits);
}

// The service model declares ServiceQuotaExceededException on InvokeModel* only; Converse* get
// the ThrottlingException of the limit that is 0.
TEST_F(QuotaBookTest, AQuotaOfZeroIsServiceQuotaExceededOnInvokeAndAThrottleOnConverse) {
  book_.add_back(quotas(R"([{"tokensPerMinute":0}])"));
  EXPECT_EQ(admit(nova()), QuotaVerdict::kZeroQuota);
  for (const auto op : {Operation::kInvokeModel, Operation::kInvokeModelWithResponseStream}) {
    const auto error = last_.error(op);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, errors::ErrorCode::kServiceQuotaExceeded);
    EXPECT_EQ(errors::render_http_error(*error).status, 400);
  }
  for (const auto op : {Operation::kConverse, Operation::kConverseStream}) {
    const auto error = last_.error(op);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, errors::ErrorCode::kThrottling);
    EXPECT_EQ(error->message, "Too many tokens, please wait before trying again.");
    EXPECT_EQ(errors::render_http_error(*error).status, 429);
  }
}

TEST_F(QuotaBookTest, AZeroRequestsQuotaOnConverseSaysTooManyRequests) {
  book_.add_back(quotas(R"([{"requestsPerMinute":0,"tokensPerMinute":1000}])"));
  EXPECT_EQ(admit(nova()), QuotaVerdict::kZeroQuota);
  const auto error = last_.error(Operation::kConverse);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message, "Too many requests, please wait before trying again.");
}

TEST_F(QuotaBookTest, WithoutMaxTokensTheRuleDefaultIsReserved) {
  book_.add_back(quotas(R"([{"tokensPerMinute":5000,"defaultMaxTokens":4096}])"));
  EXPECT_EQ(admit(nova(4, std::nullopt)), QuotaVerdict::kAdmitted);
  EXPECT_EQ(last_.reserved, 4100u);
  EXPECT_EQ(admit(nova(4, std::nullopt)), QuotaVerdict::kTokensPerMinute);
}

TEST_F(QuotaBookTest, OutputTokensCountTimesTheBurndownAtSettlement) {
  book_.add_back(quotas(R"([{"tokensPerMinute":1000,"outputTokenBurndown":5}])"));
  ASSERT_EQ(admit(nova(10, 100)), QuotaVerdict::kAdmitted);
  book_.settle(last_, 10, 20);
  EXPECT_EQ(last_.settled, 110u);
}

TEST_F(QuotaBookTest, TokensPerDayRecoverOnlyAfterADay) {
  book_.add_back(quotas(R"([{"tokensPerDay":300}])"));
  ASSERT_EQ(admit(nova(100, 100)), QuotaVerdict::kAdmitted);
  book_.settle(last_, 100, 100);
  clock_.advance(std::chrono::hours(1));
  EXPECT_EQ(admit(nova(100, 100)), QuotaVerdict::kTokensPerDay);
  ASSERT_TRUE(last_.error(Operation::kConverse));
  EXPECT_EQ(last_.error(Operation::kConverse)->message,
            "Too many tokens per day, please wait before trying again.");
  clock_.advance(std::chrono::hours(23));
  EXPECT_EQ(admit(nova(100, 100)), QuotaVerdict::kAdmitted);
}

TEST_F(QuotaBookTest, OnDemandAndCrossRegionCountSeparately) {
  book_.add_back(quotas(R"([{"inference":"cross-region","requestsPerMinute":1},
                            {"inference":"on-demand","requestsPerMinute":2}])"));
  EXPECT_EQ(admit(nova(1, 1, InferenceKind::kCrossRegion)), QuotaVerdict::kAdmitted);
  EXPECT_EQ(admit(nova(1, 1, InferenceKind::kCrossRegion)), QuotaVerdict::kRequestsPerMinute);
  EXPECT_EQ(admit(nova(1, 1, InferenceKind::kOnDemand)), QuotaVerdict::kAdmitted);
  EXPECT_EQ(admit(nova(1, 1, InferenceKind::kOnDemand)), QuotaVerdict::kAdmitted);
  EXPECT_EQ(last_.key, "us-east-1 on-demand amazon.nova-lite-v1:0 account 123456789012");
}

TEST_F(QuotaBookTest, PerAccessKeyGivesEachKeyItsOwnWindow) {
  book_.add_back(quotas(R"([{"requestsPerMinute":1,"per":"access-key"}])"));
  const auto with_key = [](std::string key) {
    return nova(1, 1, InferenceKind::kOnDemand, std::move(key));
  };
  EXPECT_EQ(admit(with_key("AKID1")), QuotaVerdict::kAdmitted);
  EXPECT_EQ(admit(with_key("AKID1")), QuotaVerdict::kRequestsPerMinute);
  EXPECT_EQ(admit(with_key("AKID2")), QuotaVerdict::kAdmitted);
}

TEST_F(QuotaBookTest, ScenarioQuotasComeBeforeTheCatalogsAndResetEmptiesTheWindows) {
  book_.add_back(quotas(R"([{"requestsPerMinute":100}])"));
  book_.add_front(quotas(R"([{"modelId":"amazon.nova-lite-v1:0","requestsPerMinute":1}])"));
  EXPECT_EQ(admit(nova()), QuotaVerdict::kAdmitted);
  EXPECT_EQ(admit(nova()), QuotaVerdict::kRequestsPerMinute);
  book_.clear_usage();
  EXPECT_EQ(admit(nova()), QuotaVerdict::kAdmitted);
  book_.clear_front();
  EXPECT_EQ(admit(nova()), QuotaVerdict::kAdmitted);
  EXPECT_EQ(last_.requests_per_minute, 100u);
}

TEST_F(QuotaBookTest, RequestsNoQuotaMatchesAreNotCounted) {
  book_.add_back(
      quotas(R"([{"modelId":"anthropic.*","regions":["eu-west-1"],"requestsPerMinute":1}])"));
  EXPECT_FALSE(book_.admit(nova(), "123456789012"));
}

struct BadQuota {
  std::string text;
  std::string path;
};

class BadQuotas : public ::testing::TestWithParam<BadQuota> {};

TEST_P(BadQuotas, NameTheJsonPathOfTheProblem) {
  auto parsed = parse_quota_rules(json::parse(GetParam().text), "$.quotas", "test");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().path, GetParam().path) << parsed.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadQuotas,
    ::testing::Values(
        BadQuota{R"({})", "$.quotas"},
        BadQuota{R"([{"requestsPerMinute":-1}])", "$.quotas[0].requestsPerMinute"},
        BadQuota{R"([{"modelId":"x"}])", "$.quotas[0]"},
        BadQuota{R"([{"rpm":3}])", "$.quotas[0].rpm"},
        BadQuota{R"([{"requestsPerMinute":1,"inference":"profile"}])", "$.quotas[0].inference"},
        BadQuota{R"([{"requestsPerMinute":1,"per":"user"}])", "$.quotas[0].per"},
        BadQuota{R"([{"requestsPerMinute":1,"regions":[1]}])", "$.quotas[0].regions[0]"},
        BadQuota{R"([{"requestsPerMinute":1,"outputTokenBurndown":0.5}])",
                 "$.quotas[0].outputTokenBurndown"}),
    [](const auto& case_info) { return "case" + std::to_string(case_info.index); });

// ---- through the running mock ------------------------------------------------------------

constexpr const char* kNovaConverse = "/model/amazon.nova-lite-v1%3A0/converse";

std::string converse_body(int max_tokens, const std::string& text = "What is 2+2?") {
  return json{{"messages", {{{"role", "user"}, {"content", {{{"text", text}}}}}}},
              {"inferenceConfig", {{"maxTokens", max_tokens}}}}
      .dump();
}

class QuotaServerTest : public ::testing::Test {
 protected:
  void start(const std::string& rules_document) {
    ServerConfig config;
    config.catalog_path = (test::source_dir() / "fixtures" / "catalog").string();
    config.manual_quota_clock = true;
    auto set = parse_rules(json::parse(rules_document), "quota rules");
    ASSERT_TRUE(set) << set.error().to_string();
    config.rule_sets.push_back(std::move(*set));
    auto server = Server::create(std::move(config));
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    auto port = server_->start();
    ASSERT_TRUE(port);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
  }
  httplib::Result converse(int max_tokens = 64) {
    return client_->Post(kNovaConverse, converse_body(max_tokens), "application/json");
  }
  void advance_seconds(int seconds) {
    auto res = client_->Post("/__admin/clock", json{{"advanceSeconds", seconds}}.dump(),
                             "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }
  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(QuotaServerTest, BurstGetsTheRealThrottlingAnswerFromTheNextRequestUntilTheClockMoves) {
  start(R"({"quotas":[{"modelId":"amazon.nova-lite-v1:0","requestsPerMinute":3}]})");
  for (int i = 0; i < 3; ++i) {
    auto ok = converse();
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200) << i << ": " << ok->body;
  }
  auto throttled = converse();
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->status, 429);
  EXPECT_EQ(throttled->body,
            R"({"message":"Too many requests, please wait before trying again."})");
  EXPECT_EQ(throttled->get_header_value("x-amzn-ErrorType"),
            "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/");
  EXPECT_EQ(throttled->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(throttled->get_header_value("Content-Length"), "65");
  EXPECT_FALSE(throttled->get_header_value("x-amzn-RequestId").empty());
  advance_seconds(60);
  auto again = converse();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200) << again->body;

  const auto entries = server_->journal().entries();
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[3].answered_by, "quota");
  EXPECT_EQ(entries[3].error_type, "ThrottlingException");
  ASSERT_TRUE(entries[3].quota);
  EXPECT_EQ(entries[3].quota->verdict, QuotaVerdict::kRequestsPerMinute);
  const json shown = to_json(entries[3]);
  EXPECT_EQ(shown["quota"]["requestsPerMinute"], (json{{"limit", 3}, {"used", 3}}));
  EXPECT_EQ(shown["quota"]["clockMs"], 0);
  ASSERT_TRUE(entries[4].quota);
  EXPECT_EQ(entries[4].quota->clock_ms, 60'000);
  EXPECT_EQ(entries[4].quota->requests_in_minute, 1u);
}

TEST_F(QuotaServerTest, TokensPerMinuteTripOnALargeMaxTokens) {
  start(R"({"quotas":[{"modelId":"amazon.nova-lite-v1:0","tokensPerMinute":1000}]})");
  auto small = converse(64);
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, 200);
  const auto settled = server_->journal().entries().back().quota;
  ASSERT_TRUE(settled);
  ASSERT_TRUE(settled->settled);
  EXPECT_LT(*settled->settled, settled->reserved) << "settled at the usage, not at maxTokens";
  auto large = converse(990);
  ASSERT_TRUE(large);
  EXPECT_EQ(large->status, 429);
  EXPECT_EQ(large->body, R"({"message":"Too many tokens, please wait before trying again."})");
  EXPECT_EQ(large->get_header_value("Content-Length"), "63");
  auto too_large = converse(5000);
  ASSERT_TRUE(too_large);
  EXPECT_EQ(too_large->status, 429);
  EXPECT_EQ(to_json(server_->journal().entries().back())["quota"]["neverFits"], true);
  advance_seconds(60);
  auto later = converse(990);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, 200);
}

TEST_F(QuotaServerTest, CrossRegionProfileCallsCountAgainstTheirOwnQuota) {
  start(R"({"quotas":[{"inference":"on-demand","requestsPerMinute":1},
                      {"inference":"cross-region","requestsPerMinute":1}]})");
  ASSERT_EQ(converse()->status, 200);
  EXPECT_EQ(converse()->status, 429);
  auto profile = client_->Post("/model/us.amazon.nova-lite-v1%3A0/converse", converse_body(64),
                               "application/json");
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->status, 200) << profile->body;
  auto quotas_now = client_->Get("/__admin/quotas");
  ASSERT_TRUE(quotas_now);
  const json usage = json::parse(quotas_now->body);
  EXPECT_EQ(usage["clock"], "manual");
  EXPECT_EQ(usage["windows"].size(), 2u) << usage.dump(2);
}

TEST_F(QuotaServerTest, AZeroQuotaAnswersServiceQuotaExceededOnInvokeModelAndThrottlesConverse) {
  start(R"({"quotas":[{"modelId":"amazon.nova-lite-v1:0","requestsPerMinute":0}]})");
  auto throttled = converse();
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->status, 429);
  EXPECT_EQ(throttled->body,
            R"({"message":"Too many requests, please wait before trying again."})");
  auto refused = client_->Post(
      "/model/amazon.nova-lite-v1%3A0/invoke",
      R"({"messages":[{"role":"user","content":[{"text":"hi"}]}],"inferenceConfig":{"max_new_tokens":64}})",
      "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(refused->get_header_value("x-amzn-ErrorType"),
            "ServiceQuotaExceededException:http://internal.amazon.com/coral/com.amazon.bedrock/");
  EXPECT_EQ(json::parse(refused->body)["message"],
            "Your request exceeds the service quota for your account. You can view your quotas "
            "at Viewing service quotas. You can resubmit your request later.");
}

TEST_F(QuotaServerTest, ResetEmptiesTheWindowsAndBadClockRequestsAre400) {
  start(R"({"quotas":[{"requestsPerMinute":1}]})");
  ASSERT_EQ(converse()->status, 200);
  EXPECT_EQ(converse()->status, 429);
  ASSERT_EQ(client_->Post("/__admin/reset", "", "application/json")->status, 200);
  EXPECT_EQ(converse()->status, 200);
  for (const char* body : {"{}", R"({"advanceSeconds":-1})", R"({"advanceMs":"1"})", "nope"}) {
    auto res = client_->Post("/__admin/clock", body, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body;
  }
  auto clock = client_->Get("/__admin/clock");
  ASSERT_TRUE(clock);
  EXPECT_EQ(json::parse(clock->body), (json{{"clock", "manual"}, {"clockMs", 0}}));
}

TEST(QuotaCatalog, CatalogQuotasAreReadAndTheirErrorsNameTheFileAndPath) {
  const std::string base = R"({"format":"bedrock-testbed-catalog/1","account":"123456789012",
      "regions":["us-east-1"],"models":[],"quotas":)";
  auto catalog =
      ModelCatalog::parse(base + R"([{"modelId":"*","requestsPerMinute":50}]})", "c.json");
  ASSERT_TRUE(catalog) << catalog.error().to_string();
  ASSERT_EQ(catalog->quotas().size(), 1u);
  EXPECT_EQ(catalog->quotas()[0].requests_per_minute, 50u);
  EXPECT_EQ(catalog->quotas()[0].source, "c.json $.quotas[0]");
  auto bad = ModelCatalog::parse(base + R"([{"tokensPerMinute":"lots"}]})", "c.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().to_string(),
            "c.json: $.quotas[0].tokensPerMinute: expected a whole number >= 0");
}

TEST(QuotaCatalog, AQuotasFileNextToTheCatalogIsMergedIn) {
  test::TempDir dir;
  std::filesystem::copy_file(test::source_dir() / "fixtures" / "catalog" / "catalog.json",
                             dir.path() / "catalog.json");
  std::ofstream(dir.path() / "quotas.json")
      << R"({"format":"bedrock-testbed-catalog/1","account":"123456789012",
             "regions":["us-east-1"],"models":[],
             "quotas":[{"modelId":"*","requestsPerMinute":100}]})";
  auto catalog = ModelCatalog::load(dir.path());
  ASSERT_TRUE(catalog) << catalog.error().to_string();
  ASSERT_EQ(catalog->quotas().size(), 1u);
  EXPECT_NE(catalog->quotas()[0].source.find("quotas.json $.quotas[0]"), std::string::npos);
  EXPECT_FALSE(catalog->models().empty());
}

}  // namespace
}  // namespace bedrock::mock
