#include <curl/curl.h>

#include "bedrock/client/retry.hpp"
#include "bedrock/protocol/error_catalog.hpp"

namespace bedrock::client {
namespace {

RetryDecision retry(RetryReason reason, bool timeout = false) { return {true, reason, timeout}; }
RetryDecision stop(RetryReason reason) { return {false, reason, false}; }

RetryDecision classify_transport(const TransportError& error) {
  switch (error.stage) {
    case TransportStage::kDns:
    case TransportStage::kConnect:
    case TransportStage::kSend:
    case TransportStage::kReceive:
      return retry(RetryReason::kConnectionError);
    case TransportStage::kTimeout:
      return retry(RetryReason::kConnectionError, /*timeout=*/true);
    case TransportStage::kTls:
      // A handshake cut short is a connection problem worth another try; a rejected
      // certificate or an unreadable CA bundle will fail the same way every time.
      return error.curl_code == CURLE_SSL_CONNECT_ERROR ? retry(RetryReason::kConnectionError)
                                                        : stop(RetryReason::kNotRetryable);
    case TransportStage::kAborted:
      return stop(RetryReason::kAborted);
    case TransportStage::kOther:
      return stop(RetryReason::kNotRetryable);
  }
  return stop(RetryReason::kNotRetryable);
}

RetryDecision classify_http_standard(const AttemptOutcome& outcome) {
  switch (errors::classify_for_retry(outcome.http_status, outcome.error_code)) {
    case errors::RetryClass::kThrottling:
      return retry(RetryReason::kThrottling);
    case errors::RetryClass::kRetryableTrait:
      return retry(RetryReason::kRetryableTrait);
    case errors::RetryClass::kTransient:
      return retry(RetryReason::kTransient);
    case errors::RetryClass::kNotRetryable:
      break;
  }
  return stop(RetryReason::kNotRetryable);
}

// botocore _retry.json __default__: the throttling codes, any 429 and 509, and 500/502/503/504.
RetryDecision classify_http_legacy(const AttemptOutcome& outcome) {
  const int status = outcome.http_status;
  if (status == 429 || status == 509 ||
      errors::classify_for_retry(0, outcome.error_code) == errors::RetryClass::kThrottling) {
    return retry(RetryReason::kThrottling);
  }
  if (status == 500 || status == 502 || status == 503 || status == 504) {
    return retry(RetryReason::kTransient);
  }
  return stop(RetryReason::kNotRetryable);
}

}  // namespace

RetryDecision classify(const AttemptOutcome& outcome, RetryMode mode) {
  if (outcome.kind == AttemptOutcome::Kind::kSuccess) return stop(RetryReason::kSucceeded);
  if (outcome.stream_started) return stop(RetryReason::kStreamStarted);
  if (outcome.kind == AttemptOutcome::Kind::kTransportError) {
    if (!outcome.transport_error) return stop(RetryReason::kNotRetryable);
    return classify_transport(*outcome.transport_error);
  }
  return mode == RetryMode::kLegacy ? classify_http_legacy(outcome)
                                    : classify_http_standard(outcome);
}

std::string_view to_string(RetryReason reason) {
  switch (reason) {
    case RetryReason::kSucceeded: return "succeeded";
    case RetryReason::kTransient: return "transient error";
    case RetryReason::kThrottling: return "throttling error";
    case RetryReason::kRetryableTrait: return "retryable error (service model trait)";
    case RetryReason::kConnectionError: return "connection error";
    case RetryReason::kNotRetryable: return "not retryable";
    case RetryReason::kStreamStarted: return "failure inside a started stream";
    case RetryReason::kAborted: return "aborted by the caller";
  }
  return "not retryable";
}

}  // namespace bedrock::client
