#pragma once
// Carries a LiveBody from the thread that reads it (next() blocks) to the event loop that
// writes it: the reader queues bytes and waits while the loop is behind by more than the buffer
// limit; the loop is woken with a posted task when bytes arrive or the body ends.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "bedrock/transport/exchange.hpp"

namespace bedrock::transport {

class LiveRelay {
 public:
  // `wake` is called from the reader thread (it posts to the loop).
  LiveRelay(std::shared_ptr<LiveBody> body, std::size_t buffer_limit, std::function<void()> wake);

  // Reader thread: pulls the body until it ends or the relay is cancelled.
  void run();

  // Loop thread: moves the queued bytes into `out` (appended); returns how the body ended once
  // it has, and everything was taken.
  std::optional<StreamEnd> take(std::string& out);
  // Loop thread (or any): the caller went away. Idempotent.
  void cancel();

 private:
  std::shared_ptr<LiveBody> body_;
  const std::size_t buffer_limit_;
  std::function<void()> wake_;
  std::mutex mutex_;
  std::condition_variable room_;
  std::deque<std::string> queued_;
  std::size_t queued_bytes_ = 0;
  bool ended_ = false;
  StreamEnd end_ = StreamEnd::kComplete;
  bool cancelled_ = false;
};

}  // namespace bedrock::transport
