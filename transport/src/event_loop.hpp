#pragma once
// One event-loop thread: epoll over its sockets, timers, and tasks posted from other threads.
// Everything a loop owns (connections, their sessions, timers) is touched only on its thread;
// other threads reach it through post().
#include <sys/epoll.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <unordered_map>
#include <vector>

namespace bedrock::transport {

using Clock = std::chrono::steady_clock;

// Something registered with a loop for readiness events on one descriptor.
class IoHandler {
 public:
  virtual ~IoHandler() = default;
  virtual void on_io(std::uint32_t events) = 0;
};

// Called by the loop after each round of events and timers (write coalescing: a connection
// that produced output during the round writes it once, here).
class RoundHandler {
 public:
  virtual ~RoundHandler() = default;
  virtual void on_round_end() = 0;
};

class EventLoop {
 public:
  using TimerId = std::uint64_t;

  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  bool valid() const { return epoll_fd_ >= 0 && wake_fd_ >= 0; }

  // Runs until quit(); `on_tick` runs about every `tick` (timeouts sweeps).
  void run(std::chrono::milliseconds tick, const std::function<void()>& on_tick);
  // From any thread: run() returns after the current round.
  void quit();

  // Loop thread only.
  bool add(int fd, std::uint32_t events, IoHandler* handler);
  bool modify(int fd, std::uint32_t events, IoHandler* handler);
  void remove(int fd);
  TimerId add_timer(Clock::time_point due, std::function<void()> callback);
  void cancel_timer(TimerId id);  // harmless for a timer that fired or was cancelled
  // `handler` gets on_round_end() once at the end of this round. It must stay alive until
  // then (connections closed during a round are released after it, see keep_until_round_end).
  void mark_dirty(RoundHandler* handler, bool& dirty_flag);
  // Keeps `object` alive until the end of the round (a connection closed from inside one of
  // its own callbacks).
  void keep_until_round_end(std::shared_ptr<void> object);
  // The time this round started (one clock read per round).
  Clock::time_point now() const { return now_; }
  bool on_loop_thread() const;

  // Any thread. Tasks posted after quit() are dropped.
  void post(std::function<void()> task);

 private:
  struct TimerEntry {
    Clock::time_point due;
    TimerId id;
    bool operator>(const TimerEntry& other) const { return due > other.due; }
  };

  int next_timeout_ms(Clock::time_point next_tick) const;
  void run_timers();
  void run_posted();
  void end_round();

  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: post() from other threads
  std::atomic<bool> quit_{false};
  std::atomic<std::uintptr_t> thread_id_{0};
  Clock::time_point now_ = Clock::now();

  std::priority_queue<TimerEntry, std::vector<TimerEntry>, std::greater<>> timer_heap_;
  std::unordered_map<TimerId, std::function<void()>> timers_;
  TimerId next_timer_id_ = 1;

  std::vector<std::pair<RoundHandler*, bool*>> dirty_;
  std::vector<std::shared_ptr<void>> graveyard_;

  std::mutex posted_mutex_;
  std::vector<std::function<void()>> posted_;
  bool wake_pending_ = false;  // guarded by posted_mutex_: one eventfd write per batch
};

}  // namespace bedrock::transport
