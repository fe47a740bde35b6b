#include <algorithm>

#include "bedrock/client/retry.hpp"

namespace bedrock::client {

RetryQuota::RetryQuota(int capacity) : capacity_(capacity), available_(capacity) {}

bool RetryQuota::acquire(int amount) {
  std::lock_guard guard(mutex_);
  if (amount > available_) return false;
  available_ -= amount;
  return true;
}

void RetryQuota::release(int amount) {
  std::lock_guard guard(mutex_);
  available_ = std::min(available_ + amount, capacity_);
}

int RetryQuota::available() const {
  std::lock_guard guard(mutex_);
  return available_;
}

}  // namespace bedrock::client
