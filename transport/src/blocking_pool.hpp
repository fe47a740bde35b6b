#pragma once
// Threads for work that blocks and so must never run on an event loop: handlers that wait on
// something (the recorder's upstream call) and the readers of live bodies. An idle thread takes
// the next task; when none is idle a new one starts, up to a cap; threads idle for a while end.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace bedrock::transport {

class BlockingPool {
 public:
  explicit BlockingPool(std::size_t max_threads = 4096,
                        std::chrono::seconds idle_exit = std::chrono::seconds(30));
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // Runs `task` on a pool thread; false when the pool is shut down or cannot start a thread
  // (the task is not run). A task must not throw.
  bool submit(std::function<void()> task);
  // Waits for every submitted task to finish and for every thread to end. Idempotent.
  void shutdown();
  std::size_t threads() const;

 private:
  void work();

  const std::size_t max_threads_;
  const std::chrono::seconds idle_exit_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  std::vector<std::thread::id> finished_;  // ended threads, joined by the next submit/shutdown
  std::size_t idle_ = 0;
  std::size_t running_ = 0;
  bool shut_down_ = false;
};

}  // namespace bedrock::transport
