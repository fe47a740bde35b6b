// Standard-mode retries (reference §10): decisions, backoff bounds, quota accounting, the
// amz-sdk-* headers and the loop that ties them together. No network, no real sleeping.
#include "bedrock/client/retry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <random>
#include <set>
#include <thread>

namespace bedrock::client {
namespace {

using namespace std::chrono_literals;

TransportError network(TransportStage stage, int curl_code, bool response_started = false) {
  TransportError error;
  error.stage = stage;
  error.curl_code = curl_code;
  error.response_started = response_started;
  return error;
}

struct DecisionCase {
  std::string name;
  AttemptOutcome outcome;
  RetryMode mode;
  bool retried;
  RetryReason reason;
};

AttemptOutcome http(int status, std::string code) {
  return AttemptOutcome::http_error(status, std::move(code));
}

const RetryMode kStd = RetryMode::kStandard;
const RetryMode kLegacy = RetryMode::kLegacy;

const std::vector<DecisionCase> kDecisionCases = {
    // Retried in standard mode.
    {"ThrottlingException429", http(429, "ThrottlingException"), kStd, true,
     RetryReason::kThrottling},
    {"ModelNotReadyException429", http(429, "ModelNotReadyException"), kStd, true,
     RetryReason::kRetryableTrait},
    {"InternalServerException500", http(500, "InternalServerException"), kStd, true,
     RetryReason::kTransient},
    {"ServiceUnavailableException503", http(503, "ServiceUnavailableException"), kStd, true,
     RetryReason::kTransient},
    {"BadGateway502NoCode", http(502, ""), kStd, true, RetryReason::kTransient},
    {"GatewayTimeout504NoCode", http(504, ""), kStd, true, RetryReason::kTransient},
    {"RequestTimeoutCode", http(400, "RequestTimeout"), kStd, true, RetryReason::kTransient},
    {"RequestTimeoutExceptionCode", http(408, "RequestTimeoutException"), kStd, true,
     RetryReason::kTransient},
    {"PriorRequestNotCompleteCountsAsThrottling", http(400, "PriorRequestNotComplete"), kStd,
     true, RetryReason::kThrottling},
    {"SlowDownCode", http(503, "SlowDown"), kStd, true, RetryReason::kThrottling},
    {"DnsFailure", AttemptOutcome::from_transport_error(network(TransportStage::kDns, 6), false),
     kStd, true, RetryReason::kConnectionError},
    {"ConnectRefused",
     AttemptOutcome::from_transport_error(network(TransportStage::kConnect, 7), false), kStd, true,
     RetryReason::kConnectionError},
    {"Timeout", AttemptOutcome::from_transport_error(network(TransportStage::kTimeout, 28), false),
     kStd, true, RetryReason::kConnectionError},
    {"DroppedBeforeAnswer",
     AttemptOutcome::from_transport_error(network(TransportStage::kReceive, 52), true), kStd, true,
     RetryReason::kConnectionError},
    {"DroppedMidBodyOfANonStreamingCall",
     AttemptOutcome::from_transport_error(network(TransportStage::kReceive, 56, true), false),
     kStd, true, RetryReason::kConnectionError},
    {"TlsHandshakeCutShort",
     AttemptOutcome::from_transport_error(network(TransportStage::kTls, 35), false), kStd, true,
     RetryReason::kConnectionError},
    // Not retried in standard mode.
    {"ValidationException400", http(400, "ValidationException"), kStd, false,
     RetryReason::kNotRetryable},
    {"AccessDeniedException403", http(403, "AccessDeniedException"), kStd, false,
     RetryReason::kNotRetryable},
    {"ResourceNotFoundException404", http(404, "ResourceNotFoundException"), kStd, false,
     RetryReason::kNotRetryable},
    {"ModelTimeoutException408", http(408, "ModelTimeoutException"), kStd, false,
     RetryReason::kNotRetryable},
    {"ModelErrorException424", http(424, "ModelErrorException"), kStd, false,
     RetryReason::kNotRetryable},
    {"ServiceQuotaExceededException400", http(400, "ServiceQuotaExceededException"), kStd, false,
     RetryReason::kNotRetryable},
    {"ExpiredTokenException403", http(403, "ExpiredTokenException"), kStd, false,
     RetryReason::kNotRetryable},
    {"Bare429WithoutCodeInStandardMode", http(429, ""), kStd, false, RetryReason::kNotRetryable},
    {"Status509InStandardMode", http(509, ""), kStd, false, RetryReason::kNotRetryable},
    {"ExceptionFrameInsideAStartedStream",
     AttemptOutcome::http_error(200, "modelStreamErrorException", /*stream_started=*/true), kStd,
     false, RetryReason::kStreamStarted},
    {"ThrottlingInsideAStartedStream",
     AttemptOutcome::http_error(200, "ThrottlingException", /*stream_started=*/true), kStd, false,
     RetryReason::kStreamStarted},
    {"DroppedInsideAStartedStream",
     AttemptOutcome::from_transport_error(network(TransportStage::kReceive, 56, true), true), kStd,
     false, RetryReason::kStreamStarted},
    {"CertificateRejected",
     AttemptOutcome::from_transport_error(network(TransportStage::kTls, 60), false), kStd, false,
     RetryReason::kNotRetryable},
    {"CallerAborted",
     AttemptOutcome::from_transport_error(network(TransportStage::kAborted, 23, true), false),
     kStd, false, RetryReason::kAborted},
    {"OtherTransportError",
     AttemptOutcome::from_transport_error(network(TransportStage::kOther, 3), false), kStd, false,
     RetryReason::kNotRetryable},
    {"Success", AttemptOutcome::success(), kStd, false, RetryReason::kSucceeded},
    // Legacy mode: status based.
    {"LegacyBare429", http(429, ""), kLegacy, true, RetryReason::kThrottling},
    {"Legacy509", http(509, ""), kLegacy, true, RetryReason::kThrottling},
    {"Legacy500", http(500, "InternalServerException"), kLegacy, true, RetryReason::kTransient},
    {"LegacyConnectRefused",
     AttemptOutcome::from_transport_error(network(TransportStage::kConnect, 7), false), kLegacy,
     true, RetryReason::kConnectionError},
    {"LegacyValidationException", http(400, "ValidationException"), kLegacy, false,
     RetryReason::kNotRetryable},
    {"LegacyModelTimeout408", http(408, "ModelTimeoutException"), kLegacy, false,
     RetryReason::kNotRetryable},
};

void PrintTo(const DecisionCase& c, std::ostream* os) { *os << c.name; }

class RetryDecisionTest : public ::testing::TestWithParam<DecisionCase> {};

TEST_P(RetryDecisionTest, IsRetriedOrNotForTheStatedReason) {
  const auto& c = GetParam();
  const RetryDecision decision = classify(c.outcome, c.mode);
  EXPECT_EQ(decision.retry, c.retried);
  EXPECT_EQ(decision.reason, c.reason)
      << "got '" << to_string(decision.reason) << "', want '" << to_string(c.reason) << "'";
}

INSTANTIATE_TEST_SUITE_P(Table, RetryDecisionTest, ::testing::ValuesIn(kDecisionCases),
                         [](const ::testing::TestParamInfo<DecisionCase>& param) {
                           return param.param.name;
                         });

TEST(RetryDecision, OnlyTimeoutsAreMarkedAsTimeouts) {
  EXPECT_TRUE(classify(AttemptOutcome::from_transport_error(network(TransportStage::kTimeout, 28),
                                                            false))
                  .timeout);
  EXPECT_FALSE(classify(AttemptOutcome::from_transport_error(
                            network(TransportStage::kConnect, 7), false))
                   .timeout);
  EXPECT_FALSE(classify(http(503, "ServiceUnavailableException")).timeout);
}

TEST(AttemptOutcome, FromResponseTakesTheCodeFromTheErrorTypeHeader) {
  HttpResponse response;
  response.status = 429;
  response.headers = {{"x-amzn-ErrorType",
                       "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"}};
  response.body = R"({"message":"Too many requests, please wait before trying again."})";
  const auto outcome = AttemptOutcome::from_response(response);
  EXPECT_EQ(outcome.kind, AttemptOutcome::Kind::kHttpError);
  EXPECT_EQ(outcome.error_code, "ThrottlingException");
  EXPECT_TRUE(classify(outcome).retry);
}

TEST(AttemptOutcome, FromResponseKeepsAnUnknownCode) {
  HttpResponse response;
  response.status = 400;
  response.body = R"({"__type":"com.amazon#RequestTimeout","message":"slow"})";
  const auto outcome = AttemptOutcome::from_response(response);
  EXPECT_EQ(outcome.error_code, "RequestTimeout");
  EXPECT_EQ(classify(outcome).reason, RetryReason::kTransient);
}

TEST(AttemptOutcome, FromResponseIsSuccessBelow300) {
  HttpResponse response;
  response.status = 200;
  EXPECT_EQ(AttemptOutcome::from_response(response).kind, AttemptOutcome::Kind::kSuccess);
}

// ---- Backoff ---------------------------------------------------------------------------------

TEST(Backoff, EveryDelayIsWithinFullJitterBoundsOverManySeeds) {
  for (unsigned seed = 0; seed < 200; ++seed) {
    std::mt19937 engine(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    for (int attempt = 1; attempt <= 10; ++attempt) {
      const auto bound = std::min<std::chrono::milliseconds>(
          std::chrono::milliseconds(1000LL << (attempt - 1)), kMaxBackoff);
      const auto delay = backoff_delay(attempt, uniform(engine));
      EXPECT_GE(delay.count(), 0) << "seed " << seed << " attempt " << attempt;
      EXPECT_LE(delay, bound) << "seed " << seed << " attempt " << attempt;
    }
  }
}

TEST(Backoff, IsDeterministicForAFixedRandomValue) {
  EXPECT_EQ(backoff_delay(1, 0.5), 500ms);
  EXPECT_EQ(backoff_delay(2, 0.5), 1000ms);
  EXPECT_EQ(backoff_delay(3, 0.5), 2000ms);
  EXPECT_EQ(backoff_delay(5, 0.5), 8000ms);
  EXPECT_EQ(backoff_delay(6, 0.5), 10000ms);  // 2^5 = 32 s is capped at 20 s
  EXPECT_EQ(backoff_delay(40, 1.0), 20000ms);
  EXPECT_EQ(backoff_delay(3, 0.0), 0ms);
}

TEST(Backoff, OutOfRangeRandomValuesAreClamped) {
  EXPECT_EQ(backoff_delay(2, 7.0), 2000ms);
  EXPECT_EQ(backoff_delay(2, -1.0), 0ms);
  EXPECT_EQ(backoff_delay(0, 1.0), 1000ms);
}

TEST(Backoff, DefaultRandomSourceStaysInTheUnitInterval) {
  const RandomSource random = default_random_source();
  for (int i = 0; i < 1000; ++i) {
    const double value = random();
    EXPECT_GE(value, 0.0);
    EXPECT_LT(value, 1.0);
  }
}

// ---- Quota -----------------------------------------------------------------------------------

TEST(RetryQuota, AcquireTakesAndReleaseReturnsUpToTheCapacity) {
  RetryQuota quota;
  EXPECT_EQ(quota.available(), 500);
  EXPECT_TRUE(quota.acquire(RetryQuota::kRetryCost));
  EXPECT_EQ(quota.available(), 495);
  quota.release(RetryQuota::kNoRetryIncrement);
  EXPECT_EQ(quota.available(), 496);
  quota.release(100);
  EXPECT_EQ(quota.available(), 500);
}

TEST(RetryQuota, AcquireFailsWithoutTakingWhenTooLittleIsLeft) {
  RetryQuota quota(12);
  EXPECT_TRUE(quota.acquire(5));
  EXPECT_TRUE(quota.acquire(5));
  EXPECT_FALSE(quota.acquire(5));
  EXPECT_EQ(quota.available(), 2);
}

TEST(RetryQuota, ConcurrentAcquiresNeverOverdraw) {
  RetryQuota quota;
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (quota.acquire(5)) ++granted;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(granted.load(), 100);  // 500 / 5
  EXPECT_EQ(quota.available(), 0);
}

// ---- Headers ---------------------------------------------------------------------------------

TEST(SdkRequestHeaders, FirstAttemptHasNoMaxAndRetriesHaveIt) {
  EXPECT_EQ(sdk_request_header_value(1, 3), "attempt=1");
  EXPECT_EQ(sdk_request_header_value(2, 3), "attempt=2; max=3");
  EXPECT_EQ(sdk_request_header_value(5, 5), "attempt=5; max=5");
}

TEST(SdkRequestHeaders, InvocationIdIsAFreshLowerCaseUuidV4) {
  const std::string id = new_invocation_id();
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_EQ(id[8], '-');
  EXPECT_TRUE(std::none_of(id.begin(), id.end(), [](char c) { return c >= 'A' && c <= 'Z'; }));
  EXPECT_NE(id, new_invocation_id());
}

TEST(SdkRequestHeaders, ApplyHeadersReplacesEarlierValues) {
  HttpRequest request;
  request.headers = {{"Amz-Sdk-Request", "attempt=1"}, {"content-type", "application/json"}};
  AttemptContext context{2, 3, "11111111-2222-4333-8444-555555555555"};
  context.apply_headers(request);
  EXPECT_EQ(*request.find_header("amz-sdk-request"), "attempt=2; max=3");
  EXPECT_EQ(*request.find_header("amz-sdk-invocation-id"), "11111111-2222-4333-8444-555555555555");
  EXPECT_EQ(request.headers.size(), 3u);
}

// ---- Policy ----------------------------------------------------------------------------------

TEST(RetryPolicy, ParsesModeAndAttemptsAsTheSdksDo) {
  auto defaults = RetryPolicy::parse(std::nullopt, std::nullopt);
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->max_attempts, 3);
  EXPECT_EQ(defaults->effective_mode(), RetryMode::kStandard);
  auto legacy = RetryPolicy::parse(std::nullopt, "legacy");
  ASSERT_TRUE(legacy);
  EXPECT_EQ(legacy->max_attempts, 5);
  EXPECT_EQ(legacy->effective_mode(), RetryMode::kLegacy);
  auto legacy_two = RetryPolicy::parse("2", "legacy");
  ASSERT_TRUE(legacy_two);
  EXPECT_EQ(legacy_two->max_attempts, 2);
  auto adaptive = RetryPolicy::parse("7", "adaptive");
  ASSERT_TRUE(adaptive);
  EXPECT_EQ(adaptive->max_attempts, 7);
  EXPECT_EQ(adaptive->effective_mode(), RetryMode::kStandard);
}

TEST(RetryPolicy, RefusesBadValuesNamingThem) {
  for (const char* bad : {"0", "-1", "abc", "3x", ""}) {
    auto parsed = RetryPolicy::parse(std::string(bad), std::nullopt);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_NE(parsed.error().find(std::string("'") + bad + "'"), std::string::npos);
  }
  auto mode = RetryPolicy::parse(std::nullopt, "fast");
  ASSERT_FALSE(mode);
  EXPECT_NE(mode.error().find("'fast'"), std::string::npos);
}

// ---- The loop --------------------------------------------------------------------------------

// Plays a fixed list of outcomes and records what the loop passed in.
class ScriptedAttempts {
 public:
  explicit ScriptedAttempts(std::vector<AttemptOutcome> outcomes)
      : outcomes_(outcomes.begin(), outcomes.end()) {}
  AttemptOutcome operator()(const AttemptContext& context) {
    contexts.push_back(context);
    if (on_attempt) on_attempt(context);
    AttemptOutcome next = outcomes_.front();
    if (outcomes_.size() > 1) outcomes_.pop_front();
    return next;
  }
  std::vector<AttemptContext> contexts;
  std::function<void(const AttemptContext&)> on_attempt;

 private:
  std::deque<AttemptOutcome> outcomes_;
};

struct RecordingSleeper {
  std::vector<std::chrono::milliseconds> slept;
  Sleeper sleeper() {
    return [this](std::chrono::milliseconds delay) { slept.push_back(delay); };
  }
};

RandomSource fixed(double value) {
  return [value] { return value; };
}

TEST(RetryLoop, RetriesThrottlingUntilSuccessWithTheSameInvocationId) {
  auto quota = std::make_shared<RetryQuota>();
  RecordingSleeper sleeps;
  RetryLoop loop(RetryPolicy{}, quota, fixed(0.5), sleeps.sleeper());
  ScriptedAttempts attempts({http(429, "ThrottlingException"), http(429, "ThrottlingException"),
                             AttemptOutcome::success()});
  const auto report = loop.run(std::ref(attempts));
  EXPECT_EQ(report.attempts, 3);
  EXPECT_EQ(report.stop_reason, RetryStopReason::kSucceeded);
  EXPECT_EQ(report.delays, (std::vector<std::chrono::milliseconds>{500ms, 1000ms}));
  EXPECT_EQ(sleeps.slept, report.delays);
  ASSERT_EQ(attempts.contexts.size(), 3u);
  std::vector<std::string> header_values;
  for (const auto& context : attempts.contexts) {
    EXPECT_EQ(context.invocation_id, report.invocation_id);
    header_values.push_back(sdk_request_header_value(context.attempt, context.max_attempts));
  }
  EXPECT_EQ(header_values,
            (std::vector<std::string>{"attempt=1", "attempt=2; max=3", "attempt=3; max=3"}));
  // Two retries took 5 each; the success refunded the last retry's 5.
  EXPECT_EQ(quota->available(), 495);
}

TEST(RetryLoop, StopsAtMaxAttempts) {
  RecordingSleeper sleeps;
  RetryLoop loop(RetryPolicy{}, std::make_shared<RetryQuota>(), fixed(1.0), sleeps.sleeper());
  ScriptedAttempts attempts({http(503, "ServiceUnavailableException")});
  const auto report = loop.run(std::ref(attempts));
  EXPECT_EQ(report.attempts, 3);
  EXPECT_EQ(report.stop_reason, RetryStopReason::kMaxAttemptsReached);
  EXPECT_EQ(report.delays, (std::vector<std::chrono::milliseconds>{1000ms, 2000ms}));
  EXPECT_TRUE(report.last_decision.retry);
}

TEST(RetryLoop, DoesNotRetryAValidationException) {
  RecordingSleeper sleeps;
  auto quota = std::make_shared<RetryQuota>();
  RetryLoop loop(RetryPolicy{}, quota, fixed(0.5), sleeps.sleeper());
  ScriptedAttempts attempts({http(400, "ValidationException")});
  const auto report = loop.run(std::ref(attempts));
  EXPECT_EQ(report.attempts, 1);
  EXPECT_EQ(report.stop_reason, RetryStopReason::kNotRetryable);
  EXPECT_TRUE(report.delays.empty());
  EXPECT_TRUE(sleeps.slept.empty());
  EXPECT_EQ(quota->available(), 500);
}

TEST(RetryLoop, StopsWhenTheQuotaIsEmpty) {
  auto quota = std::make_shared<RetryQuota>(7);
  RecordingSleeper sleeps;
  RetryLoop loop(RetryPolicy{}, quota, fixed(0.5), sleeps.sleeper());
  ScriptedAttempts attempts({http(500, "InternalServerException")});
  const auto report = loop.run(std::ref(attempts));
  EXPECT_EQ(report.attempts, 2);  // the second retry found 2 left, needing 5
  EXPECT_EQ(report.stop_reason, RetryStopReason::kQuotaExhausted);
  EXPECT_EQ(report.delays.size(), 1u);
  EXPECT_EQ(quota->available(), 2);
}

TEST(RetryLoop, TimeoutRetriesCostTenAndTheSuccessRefundsThem) {
  auto quota = std::make_shared<RetryQuota>();
  ASSERT_TRUE(quota->acquire(100));  // 400 left: room for the refund to show
  RecordingSleeper sleeps;
  RetryLoop loop(RetryPolicy{}, quota, fixed(0.0), sleeps.sleeper());
  ScriptedAttempts attempts(
      {AttemptOutcome::from_transport_error(network(TransportStage::kTimeout, 28), false),
       AttemptOutcome::success()});
  std::vector<int> available_during;
  attempts.on_attempt = [&](const AttemptContext&) {
    available_during.push_back(quota->available());
  };
  const auto report = loop.run(std::ref(attempts));
  EXPECT_EQ(report.attempts, 2);
  EXPECT_EQ(available_during, (std::vector<int>{400, 390}));
  EXPECT_EQ(quota->available(), 400);
}

TEST(RetryLoop, FirstTrySuccessReturnsOneToTheQuota) {
  auto quota = std::make_shared<RetryQuota>();
  ASSERT_TRUE(quota->acquire(10));
  RecordingSleeper sleeps;
  RetryLoop loop(RetryPolicy{}, quota, fixed(0.5), sleeps.sleeper());
  ScriptedAttempts attempts({AttemptOutcome::success()});
  const auto report = loop.run(std::ref(attempts));
  EXPECT_EQ(report.attempts, 1);
  EXPECT_EQ(quota->available(), 491);
}

TEST(RetryLoop, LegacyModeMakesFiveAttemptsAndLeavesTheQuotaAlone) {
  auto quota = std::make_shared<RetryQuota>();
  RecordingSleeper sleeps;
  RetryLoop loop(RetryPolicy::legacy(), quota, fixed(0.5), sleeps.sleeper());
  ScriptedAttempts attempts({http(429, "")});
  const auto report = loop.run(std::ref(attempts));
  EXPECT_EQ(report.attempts, 5);
  EXPECT_EQ(report.stop_reason, RetryStopReason::kMaxAttemptsReached);
  EXPECT_EQ(report.delays.size(), 4u);
  EXPECT_EQ(quota->available(), 500);
}

TEST(RetryLoop, NeverRetriesInsideAStartedStream) {
  RecordingSleeper sleeps;
  RetryLoop loop(RetryPolicy{}, std::make_shared<RetryQuota>(), fixed(0.5), sleeps.sleeper());
  ScriptedAttempts attempts({AttemptOutcome::from_transport_error(
      network(TransportStage::kReceive, 56, /*response_started=*/true), /*streaming=*/true)});
  const auto report = loop.run(std::ref(attempts));
  EXPECT_EQ(report.attempts, 1);
  EXPECT_EQ(report.last_decision.reason, RetryReason::kStreamStarted);
}

TEST(RetryLoop, WorksWithoutAQuota) {
  RecordingSleeper sleeps;
  RetryLoop loop(RetryPolicy{2, "standard"}, nullptr, fixed(0.5), sleeps.sleeper());
  ScriptedAttempts attempts({http(503, ""), AttemptOutcome::success()});
  const auto report = loop.run(std::ref(attempts), "given-id");
  EXPECT_EQ(report.attempts, 2);
  EXPECT_EQ(report.stop_reason, RetryStopReason::kSucceeded);
  EXPECT_EQ(report.invocation_id, "given-id");
}

}  // namespace
}  // namespace bedrock::client
