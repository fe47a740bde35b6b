#include <charconv>

#include "bedrock/client/retry.hpp"

namespace bedrock::client {

RetryMode RetryPolicy::effective_mode() const {
  return mode == "legacy" ? RetryMode::kLegacy : RetryMode::kStandard;
}

RetryPolicy RetryPolicy::legacy() { return RetryPolicy{5, "legacy"}; }

Expected<RetryPolicy, std::string> RetryPolicy::parse(
    const std::optional<std::string>& max_attempts, const std::optional<std::string>& mode) {
  RetryPolicy policy;
  if (mode) {
    if (*mode != "standard" && *mode != "adaptive" && *mode != "legacy") {
      return unexpected("retry mode must be standard, adaptive or legacy, not '" + *mode + "'");
    }
    policy.mode = *mode;
    if (*mode == "legacy") policy.max_attempts = legacy().max_attempts;
  }
  if (max_attempts) {
    int value = 0;
    const char* first = max_attempts->data();
    const char* last = first + max_attempts->size();
    const auto [end, error] = std::from_chars(first, last, value);
    if (error != std::errc{} || end != last || value < 1) {
      return unexpected("max attempts must be a whole number of at least 1, not '" +
                        *max_attempts + "'");
    }
    policy.max_attempts = value;
  }
  return policy;
}

}  // namespace bedrock::client
