#pragma once
// Retries as the AWS SDKs do them in standard mode (reference §10): which outcomes are retried
// and why, full-jitter backoff, the client-wide retry quota, the amz-sdk-* headers, and a loop
// that runs attempts until one succeeds, one cannot be retried, the attempts run out or the
// quota is empty. The attempt function builds and re-signs the request every time (a new
// X-Amz-Date per attempt).
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bedrock/client/http_transport.hpp"
#include "bedrock/client/transport_error.hpp"
#include "bedrock/protocol/expected.hpp"
#include "bedrock/protocol/http_request.hpp"

namespace bedrock::client {

// ---- Policy ----------------------------------------------------------------------------------

enum class RetryMode {
  kStandard,  // "standard", and "adaptive" (its client-side rate limiter is not implemented)
  kLegacy,    // botocore's _retry.json __default__: 5 attempts, status-based
};

struct RetryPolicy {
  int max_attempts = 3;  // the first try included
  std::string mode = "standard";

  RetryMode effective_mode() const;  // unknown spellings count as standard
  static RetryPolicy legacy();       // {5, "legacy"}
  // From the texts of AWS_MAX_ATTEMPTS / max_attempts and AWS_RETRY_MODE / retry_mode (either may
  // be absent). Legacy without an explicit count gets its own default of 5. The error names the
  // bad value.
  static Expected<RetryPolicy, std::string> parse(const std::optional<std::string>& max_attempts,
                                                  const std::optional<std::string>& mode);
};

// ---- What an attempt produced ------------------------------------------------------------------

struct AttemptOutcome {
  enum class Kind { kSuccess, kHttpError, kTransportError };
  Kind kind = Kind::kSuccess;
  int http_status = 0;
  std::string error_code;  // sanitised shape name ("ThrottlingException"); may be empty
  std::optional<TransportError> transport_error;
  // Event-stream bytes were already handed to the caller: never retried (reference §10).
  bool stream_started = false;

  static AttemptOutcome success(int http_status = 200);
  static AttemptOutcome http_error(int http_status, std::string error_code,
                                   bool stream_started = false);
  // Success below 300; otherwise the code comes from errors::parse_http_error (x-amzn-ErrorType,
  // body code, __type).
  static AttemptOutcome from_response(const HttpResponse& response);
  // `streaming`: the operation streams its answer, so a failure after the status line arrived
  // happened inside a started stream.
  static AttemptOutcome from_transport_error(TransportError error, bool streaming);
};

enum class RetryReason {
  kSucceeded,
  kTransient,        // RequestTimeout(Exception), PriorRequestNotComplete, 500/502/503/504
  kThrottling,       // the SDK's throttling code list (legacy: also any 429 and 509)
  kRetryableTrait,   // the service model's `retryable` trait: ModelNotReadyException
  kConnectionError,  // DNS, connect, timeout, send, dropped connection, broken TLS handshake
  kNotRetryable,     // a modeled client/model error, a rejected certificate, ...
  kStreamStarted,    // anything inside a started event stream
  kAborted,          // the caller stopped the transfer
};
std::string_view to_string(RetryReason reason);

struct RetryDecision {
  bool retry = false;
  RetryReason reason = RetryReason::kNotRetryable;
  bool timeout = false;  // a connect/read timeout: a retry costs the quota 10, not 5
};

RetryDecision classify(const AttemptOutcome& outcome, RetryMode mode = RetryMode::kStandard);

// ---- Backoff ---------------------------------------------------------------------------------------

inline constexpr std::chrono::seconds kMaxBackoff{20};

// Uniform in [0, 1).
using RandomSource = std::function<double()>;
RandomSource default_random_source();  // thread-safe

// Full jitter: random01 * min(2^(failed_attempt - 1), 20) seconds, where failed_attempt is the
// attempt that just failed (1 for the first try). random01 is clamped to [0, 1].
std::chrono::milliseconds backoff_delay(int failed_attempt, double random01);

// ---- Retry quota -----------------------------------------------------------------------------------

// One per client, shared by all its calls and threads (botocore retries/quota.py).
class RetryQuota {
 public:
  static constexpr int kInitialCapacity = 500;
  static constexpr int kRetryCost = 5;
  static constexpr int kTimeoutRetryCost = 10;
  static constexpr int kNoRetryIncrement = 1;

  explicit RetryQuota(int capacity = kInitialCapacity);
  // Takes `amount` for one retry; false and nothing taken when less is available.
  bool acquire(int amount);
  void release(int amount);  // never above the capacity
  int available() const;
  int capacity() const { return capacity_; }

 private:
  const int capacity_;
  mutable std::mutex mutex_;
  int available_;
};

// ---- SDK request headers -------------------------------------------------------------------------

inline constexpr std::string_view kInvocationIdHeader = "amz-sdk-invocation-id";
inline constexpr std::string_view kSdkRequestHeader = "amz-sdk-request";

std::string new_invocation_id();  // a random UUID v4, lower case
// "attempt=1" on the first try, "attempt=N; max=M" once retrying (botocore add_retry_headers).
std::string sdk_request_header_value(int attempt, int max_attempts);

struct AttemptContext {
  int attempt = 1;  // 1-based
  int max_attempts = 1;
  std::string invocation_id;  // the same on every attempt of one call
  // Sets amz-sdk-invocation-id and amz-sdk-request; call before signing.
  void apply_headers(HttpRequest& request) const;
};

// ---- The loop ----------------------------------------------------------------------------------------

using Sleeper = std::function<void(std::chrono::milliseconds)>;
Sleeper default_sleeper();  // std::this_thread::sleep_for

enum class RetryStopReason { kSucceeded, kNotRetryable, kMaxAttemptsReached, kQuotaExhausted };
std::string_view to_string(RetryStopReason reason);

struct RetryReport {
  int attempts = 0;
  std::vector<std::chrono::milliseconds> delays;  // slept before attempt 2, 3, ...
  RetryDecision last_decision;
  RetryStopReason stop_reason = RetryStopReason::kNotRetryable;
  std::string invocation_id;
};

class RetryLoop {
 public:
  // quota may be null (no quota); legacy mode never uses one. Empty random/sleeper: defaults.
  explicit RetryLoop(RetryPolicy policy, std::shared_ptr<RetryQuota> quota = nullptr,
                     RandomSource random = {}, Sleeper sleeper = {});

  // Calls attempt(context) for attempt 1..max_attempts. The caller keeps the last response or
  // error it saw; the report says how many attempts ran, the delays and why the loop stopped.
  RetryReport run(const std::function<AttemptOutcome(const AttemptContext&)>& attempt,
                  std::string invocation_id = new_invocation_id());

  const RetryPolicy& policy() const { return policy_; }

 private:
  RetryPolicy policy_;
  std::shared_ptr<RetryQuota> quota_;
  RandomSource random_;
  Sleeper sleeper_;
};

}  // namespace bedrock::client
