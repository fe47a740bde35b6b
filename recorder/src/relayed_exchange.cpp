#include "relayed_exchange.hpp"

namespace bedrock::recorder {

void RelayedExchange::publish_head(const client::HttpResponse& head, bool relay_body) {
  std::lock_guard lock(mutex_);
  head_ = Head{head, relay_body};
  changed_.notify_all();
}

bool RelayedExchange::push(std::string_view bytes) {
  std::lock_guard lock(mutex_);
  if (cancelled_) return false;
  chunks_.emplace_back(bytes);
  changed_.notify_all();
  return true;
}

void RelayedExchange::finish(transport::StreamEnd end, transport::Response answer) {
  std::lock_guard lock(mutex_);
  finished_ = true;
  end_ = end;
  answer_ = std::move(answer);
  changed_.notify_all();
}

std::optional<RelayedExchange::Head> RelayedExchange::wait_head() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return head_.has_value() || finished_; });
  return head_;
}

transport::Response RelayedExchange::wait_answer() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return finished_; });
  return std::move(answer_);
}

std::optional<std::string> RelayedExchange::next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return !chunks_.empty() || finished_ || cancelled_; });
  if (chunks_.empty()) return std::nullopt;
  std::string bytes = std::move(chunks_.front());
  chunks_.pop_front();
  return bytes;
}

transport::StreamEnd RelayedExchange::end() const {
  std::lock_guard lock(mutex_);
  return cancelled_ ? transport::StreamEnd::kReset : end_;
}

void RelayedExchange::cancel() {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
  changed_.notify_all();
}

bool RelayedExchange::cancelled() const {
  std::lock_guard lock(mutex_);
  return cancelled_;
}

}  // namespace bedrock::recorder
