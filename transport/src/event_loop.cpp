#include "event_loop.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <pthread.h>
#include <signal.h>
#include <algorithm>
#include <cerrno>

namespace bedrock::transport {
namespace {

constexpr int kMaxEvents = 256;

std::uintptr_t current_thread_id() { return static_cast<std::uintptr_t>(pthread_self()); }

// A marker for the eventfd among the registered handlers.
class WakeHandler final : public IoHandler {
 public:
  void on_io(std::uint32_t) override {}
};
WakeHandler g_wake_marker;

}  // namespace

EventLoop::EventLoop() {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ >= 0 && wake_fd_ >= 0) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = &g_wake_marker;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &event);
  }
}

EventLoop::~EventLoop() {
  if (wake_fd_ >= 0) ::close(wake_fd_);
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
}

bool EventLoop::on_loop_thread() const { return thread_id_.load() == current_thread_id(); }

bool EventLoop::add(int fd, std::uint32_t events, IoHandler* handler) {
  epoll_event event{};
  event.events = events;
  event.data.ptr = handler;
  return ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) == 0;
}

bool EventLoop::modify(int fd, std::uint32_t events, IoHandler* handler) {
  epoll_event event{};
  event.events = events;
  event.data.ptr = handler;
  return ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event) == 0;
}

void EventLoop::remove(int fd) { ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr); }

EventLoop::TimerId EventLoop::add_timer(Clock::time_point due, std::function<void()> callback) {
  const TimerId id = next_timer_id_++;
  timers_.emplace(id, std::move(callback));
  timer_heap_.push({due, id});
  return id;
}

void EventLoop::cancel_timer(TimerId id) { timers_.erase(id); }

void EventLoop::mark_dirty(RoundHandler* handler, bool& dirty_flag) {
  if (dirty_flag) return;
  dirty_flag = true;
  dirty_.emplace_back(handler, &dirty_flag);
}

void EventLoop::keep_until_round_end(std::shared_ptr<void> object) {
  graveyard_.push_back(std::move(object));
}

void EventLoop::post(std::function<void()> task) {
  bool wake = false;
  {
    std::lock_guard lock(posted_mutex_);
    if (quit_.load()) return;
    posted_.push_back(std::move(task));
    if (!wake_pending_) {
      wake_pending_ = true;
      wake = true;
    }
  }
  if (wake) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
  }
}

void EventLoop::quit() {
  {
    std::lock_guard lock(posted_mutex_);
    quit_ = true;
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

int EventLoop::next_timeout_ms(Clock::time_point next_tick) const {
  Clock::time_point due = next_tick;
  if (!timer_heap_.empty()) due = std::min(due, timer_heap_.top().due);
  if (!dirty_.empty()) return 0;
  const auto now = Clock::now();
  if (due <= now) return 0;
  // Rounded up: a timer never fires early, and at most 1 ms late from the rounding.
  const auto wait = std::chrono::ceil<std::chrono::milliseconds>(due - now);
  return static_cast<int>(std::min<std::chrono::milliseconds::rep>(wait.count(), 60'000));
}

void EventLoop::run_timers() {
  while (!timer_heap_.empty() && timer_heap_.top().due <= now_) {
    const TimerId id = timer_heap_.top().id;
    timer_heap_.pop();
    auto found = timers_.find(id);
    if (found == timers_.end()) continue;  // cancelled
    auto callback = std::move(found->second);
    timers_.erase(found);
    callback();
  }
  // Cancelled entries would otherwise stay in the heap until their due time: rebuild when
  // they dominate (many requests cancelling long stalls or idle timers).
  if (timer_heap_.size() > 64 && timer_heap_.size() > 4 * timers_.size()) {
    std::vector<TimerEntry> live;
    live.reserve(timers_.size());
    while (!timer_heap_.empty()) {
      if (timers_.count(timer_heap_.top().id) != 0) live.push_back(timer_heap_.top());
      timer_heap_.pop();
    }
    for (const auto& entry : live) timer_heap_.push(entry);
  }
}

void EventLoop::run_posted() {
  // Drain the eventfd before taking the tasks, never after: a post() landing between the swap
  // and a later read would have its wake-up consumed while its task stays queued and
  // wake_pending_ stays set, and the loop would never run it (a stop() that hung for good).
  std::uint64_t count = 0;
  [[maybe_unused]] const ssize_t n = ::read(wake_fd_, &count, sizeof count);
  std::vector<std::function<void()>> tasks;
  {
    std::lock_guard lock(posted_mutex_);
    tasks.swap(posted_);
    wake_pending_ = false;
  }
  for (auto& task : tasks) task();
}

void EventLoop::end_round() {
  // on_round_end may mark other handlers dirty (an HTTP/2 session writing after a flush):
  // loop until the list stays empty.
  while (!dirty_.empty()) {
    auto dirty = std::move(dirty_);
    dirty_.clear();
    for (auto& [handler, flag] : dirty) {
      *flag = false;
      handler->on_round_end();
    }
  }
  graveyard_.clear();
}

void EventLoop::run(std::chrono::milliseconds tick, const std::function<void()>& on_tick) {
  thread_id_ = current_thread_id();
  // OpenSSL writes TLS records with write(), which raises SIGPIPE when the peer is gone; with
  // the signal blocked on the loop thread the write fails with EPIPE instead and the process
  // (bedrock-mock, or a test binary embedding the front end) lives on.
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
  epoll_event events[kMaxEvents];
  auto next_tick = Clock::now() + tick;
  while (!quit_.load(std::memory_order_relaxed)) {
    const int ready = ::epoll_wait(epoll_fd_, events, kMaxEvents, next_timeout_ms(next_tick));
    now_ = Clock::now();
    bool posted = false;
    for (int i = 0; i < ready; ++i) {
      auto* handler = static_cast<IoHandler*>(events[i].data.ptr);
      if (handler == &g_wake_marker) {
        posted = true;
        continue;
      }
      handler->on_io(events[i].events);
    }
    if (posted) run_posted();
    run_timers();
    if (now_ >= next_tick) {
      next_tick = now_ + tick;
      on_tick();
    }
    end_round();
  }
  // Whatever was posted before quit() still runs (it may release resources).
  run_posted();
  end_round();
  // A SIGPIPE left pending while blocked is dropped rather than delivered on unblocking.
  const timespec no_wait{};
  while (sigtimedwait(&pipe_signal, nullptr, &no_wait) == SIGPIPE) {
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

}  // namespace bedrock::transport
