#include "live_relay.hpp"

namespace bedrock::transport {

LiveRelay::LiveRelay(std::shared_ptr<LiveBody> body, std::size_t buffer_limit,
                     std::function<void()> wake)
    : body_(std::move(body)), buffer_limit_(buffer_limit), wake_(std::move(wake)) {}

void LiveRelay::run() {
  for (;;) {
    std::optional<std::string> bytes;
    try {
      bytes = body_->next();
    } catch (...) {
      bytes.reset();
    }
    bool wake = false;
    {
      std::lock_guard lock(mutex_);
      if (cancelled_) return;
      if (!bytes) {
        ended_ = true;
        try {
          end_ = body_->end();
        } catch (...) {
          end_ = StreamEnd::kReset;
        }
        wake = true;
      } else if (!bytes->empty()) {
        wake = queued_.empty();
        queued_bytes_ += bytes->size();
        queued_.push_back(std::move(*bytes));
      }
    }
    // The loop takes the bytes when it runs the posted task: wake it before waiting for room.
    if (wake) wake_();
    if (!bytes) return;
    std::unique_lock lock(mutex_);
    room_.wait(lock, [this] { return cancelled_ || queued_bytes_ < buffer_limit_; });
    if (cancelled_) return;
  }
}

std::optional<StreamEnd> LiveRelay::take(std::string& out) {
  std::lock_guard lock(mutex_);
  for (auto& chunk : queued_) out += chunk;
  queued_.clear();
  queued_bytes_ = 0;
  room_.notify_all();
  if (ended_) return end_;
  return std::nullopt;
}

void LiveRelay::cancel() {
  {
    std::lock_guard lock(mutex_);
    if (cancelled_) return;
    cancelled_ = true;
  }
  room_.notify_all();
  body_->cancel();
}

}  // namespace bedrock::transport
