#include "bedrock/client/retry.hpp"

namespace bedrock::client {

RetryLoop::RetryLoop(RetryPolicy policy, std::shared_ptr<RetryQuota> quota, RandomSource random,
                     Sleeper sleeper)
    : policy_(std::move(policy)),
      quota_(std::move(quota)),
      random_(random ? std::move(random) : default_random_source()),
      sleeper_(sleeper ? std::move(sleeper) : default_sleeper()) {}

RetryReport RetryLoop::run(const std::function<AttemptOutcome(const AttemptContext&)>& attempt,
                           std::string invocation_id) {
  const RetryMode mode = policy_.effective_mode();
  // The quota is a standard-mode mechanism; legacy retries are limited by attempts alone.
  RetryQuota* quota = mode == RetryMode::kStandard ? quota_.get() : nullptr;
  const int max_attempts = std::max(policy_.max_attempts, 1);

  RetryReport report;
  report.invocation_id = std::move(invocation_id);
  AttemptContext context{1, max_attempts, report.invocation_id};
  int last_retry_cost = 0;  // 0: no retry taken yet
  for (int number = 1;; ++number) {
    context.attempt = number;
    const AttemptOutcome outcome = attempt(context);
    report.attempts = number;
    report.last_decision = classify(outcome, mode);
    if (outcome.kind == AttemptOutcome::Kind::kSuccess) {
      // botocore quota.py: a first-try success returns 1, a success after retries returns
      // what the last retry took.
      if (quota) quota->release(last_retry_cost == 0 ? RetryQuota::kNoRetryIncrement
                                                     : last_retry_cost);
      report.stop_reason = RetryStopReason::kSucceeded;
      return report;
    }
    if (!report.last_decision.retry) {
      report.stop_reason = RetryStopReason::kNotRetryable;
      return report;
    }
    if (number >= max_attempts) {
      report.stop_reason = RetryStopReason::kMaxAttemptsReached;
      return report;
    }
    if (quota) {
      const int cost = report.last_decision.timeout ? RetryQuota::kTimeoutRetryCost
                                                    : RetryQuota::kRetryCost;
      if (!quota->acquire(cost)) {
        report.stop_reason = RetryStopReason::kQuotaExhausted;
        return report;
      }
      last_retry_cost = cost;
    }
    const auto delay = backoff_delay(number, random_());
    report.delays.push_back(delay);
    sleeper_(delay);
  }
}

std::string_view to_string(RetryStopReason reason) {
  switch (reason) {
    case RetryStopReason::kSucceeded: return "succeeded";
    case RetryStopReason::kNotRetryable: return "not retryable";
    case RetryStopReason::kMaxAttemptsReached: return "max attempts reached";
    case RetryStopReason::kQuotaExhausted: return "retry quota exhausted";
  }
  return "not retryable";
}

}  // namespace bedrock::client
