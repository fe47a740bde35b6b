#pragma once
// Interruptible waits: paced streams, delays and stalls end at once when the server stops.
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace bedrock::transport {

class StopSignal {
 public:
  void trigger() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    cv_.notify_all();
  }
  bool stopped() const {
    std::lock_guard lock(mutex_);
    return stopped_;
  }
  // Waits up to `duration`; returns true when the stop was triggered.
  template <class Rep, class Period>
  bool wait_for(std::chrono::duration<Rep, Period> duration) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, duration, [this] { return stopped_; });
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

}  // namespace bedrock::transport
