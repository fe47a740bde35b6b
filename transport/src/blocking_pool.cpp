#include "blocking_pool.hpp"

#include <algorithm>

namespace bedrock::transport {

BlockingPool::BlockingPool(std::size_t max_threads, std::chrono::seconds idle_exit)
    : max_threads_(max_threads), idle_exit_(idle_exit) {}

BlockingPool::~BlockingPool() { shutdown(); }

std::size_t BlockingPool::threads() const {
  std::lock_guard lock(mutex_);
  return running_;
}

bool BlockingPool::submit(std::function<void()> task) {
  std::vector<std::thread> ended;
  {
    std::lock_guard lock(mutex_);
    if (shut_down_) return false;
    // Join the threads that ended on their own (idle exit), so they do not pile up.
    for (const auto id : finished_) {
      auto found = std::find_if(threads_.begin(), threads_.end(),
                                [id](const std::thread& t) { return t.get_id() == id; });
      if (found != threads_.end()) {
        ended.push_back(std::move(*found));
        threads_.erase(found);
      }
    }
    finished_.clear();
    tasks_.push_back(std::move(task));
    if (idle_ >= tasks_.size()) {
      changed_.notify_one();
    } else if (running_ < max_threads_) {
      try {
        threads_.emplace_back([this] { work(); });
        ++running_;
      } catch (...) {
        if (running_ == 0) {
          tasks_.pop_back();
          return false;
        }
      }
    }
  }
  for (auto& thread : ended) thread.join();
  return true;
}

void BlockingPool::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ++idle_;
    const bool woke =
        changed_.wait_for(lock, idle_exit_, [this] { return shut_down_ || !tasks_.empty(); });
    --idle_;
    if (!tasks_.empty()) {
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
      continue;
    }
    if (shut_down_ || !woke) break;
  }
  --running_;
  finished_.push_back(std::this_thread::get_id());
  changed_.notify_all();
}

void BlockingPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::unique_lock lock(mutex_);
    if (shut_down_ && threads_.empty()) return;
    shut_down_ = true;
    changed_.notify_all();
    threads.swap(threads_);
    finished_.clear();
  }
  for (auto& thread : threads) thread.join();
}

}  // namespace bedrock::transport
