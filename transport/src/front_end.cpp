#include "bedrock/transport/front_end.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <unordered_map>
#include <vector>

#include "connection.hpp"
#include "event_loop.hpp"
#include "service.hpp"
#include "socket_ops.hpp"

namespace bedrock::transport {
namespace {

constexpr std::size_t kReadBufferBytes = 64 * 1024;
constexpr std::chrono::milliseconds kTick{100};
constexpr int kAcceptsPerWakeup = 32;
// How long stop() lets connections finish writing (GOAWAY, the last bytes queued).
constexpr std::chrono::milliseconds kStopGrace{1000};

}  // namespace

// Connections across every loop, against ConnectionLimits::max_connections: at the limit the
// loops stop accepting (new clients wait in the listen backlog) until one closes.
class ConnectionBudget {
 public:
  explicit ConnectionBudget(std::size_t limit) : limit_(limit) {}
  bool try_take() {
    std::size_t open = open_.load();
    while (open < limit_) {
      if (open_.compare_exchange_weak(open, open + 1)) return true;
    }
    return false;
  }
  // True when the count was at the limit (paused loops should resume).
  bool give_back() { return open_.fetch_sub(1) >= limit_; }
  std::size_t open() const { return open_.load(); }

 private:
  const std::size_t limit_;
  std::atomic<std::size_t> open_{0};
};

// One event-loop thread and the connections it serves.
class LoopWorker final : public IoHandler, public ConnectionOwner {
 public:
  LoopWorker(Service& service, ConnectionBudget& budget, int listen_fd,
             std::function<void()> resume_all)
      : service_(service),
        budget_(budget),
        listen_fd_(listen_fd),
        resume_all_(std::move(resume_all)),
        read_buffer_(kReadBufferBytes, '\0') {}

  EventLoop& loop() { return loop_; }

  bool start() {
    if (!loop_.valid()) return false;
    // Every loop waits on the one listening socket; EPOLLEXCLUSIVE wakes one of them per
    // connection instead of all (no thundering herd), and an idle loop takes it.
    listening_ = loop_.add(listen_fd_, EPOLLIN | EPOLLEXCLUSIVE, this);
    if (!listening_) return false;
    thread_ = std::thread([this] { loop_.run(kTick, [this] { tick(); }); });
    return true;
  }

  void on_io(std::uint32_t) override { accept_some(); }

  void release(Connection& connection) override {
    connections_.erase(&connection);
    if (budget_.give_back()) resume_all_();
  }

  std::string& read_buffer() override { return read_buffer_; }

  // Loop thread: accept again after the budget was exhausted.
  void resume_accepting() {
    if (listening_ || stopping_) return;
    listening_ = loop_.add(listen_fd_, EPOLLIN | EPOLLEXCLUSIVE, this);
    accept_some();
  }

  // Any thread.
  void begin_stop() {
    loop_.post([this] {
      stopping_ = true;
      stop_deadline_ = loop_.now() + kStopGrace;
      if (listening_) {
        loop_.remove(listen_fd_);
        listening_ = false;
      }
      std::vector<std::shared_ptr<Connection>> all;
      all.reserve(connections_.size());
      for (auto& [key, connection] : connections_) all.push_back(connection);
      for (auto& connection : all) connection->stop();
      if (connections_.empty()) loop_.quit();
    });
  }

  void join() {
    if (thread_.joinable()) thread_.join();
    // Anything the loop did not close in time.
    for (auto& [key, connection] : connections_) {
      (void)key;
      budget_.give_back();
    }
    connections_.clear();
  }

 private:
  void accept_some() {
    for (int i = 0; i < kAcceptsPerWakeup && !stopping_; ++i) {
      if (!budget_.try_take()) {
        // At the limit: stop polling the listening socket; release() resumes every loop.
        if (listening_) {
          loop_.remove(listen_fd_);
          listening_ = false;
        }
        return;
      }
      std::string remote;
      const int fd = accept_connection(listen_fd_, remote);
      if (fd < 0) {
        budget_.give_back();
        return;
      }
      auto connection = std::make_shared<Connection>(loop_, service_, *this, fd, std::move(remote));
      if (!connection->open()) {
        budget_.give_back();
        continue;  // the Connection closes the descriptor
      }
      connections_.emplace(connection.get(), std::move(connection));
    }
  }

  void tick() {
    const auto now = loop_.now();
    std::vector<std::shared_ptr<Connection>> all;
    all.reserve(connections_.size());
    for (auto& [key, connection] : connections_) all.push_back(connection);
    for (auto& connection : all) {
      if (stopping_ && now >= stop_deadline_) {
        connection->close_now(false);
      } else {
        connection->tick(now);
      }
    }
    if (stopping_ && connections_.empty()) loop_.quit();
  }

  Service& service_;
  ConnectionBudget& budget_;
  const int listen_fd_;
  std::function<void()> resume_all_;
  EventLoop loop_;
  std::string read_buffer_;
  std::unordered_map<Connection*, std::shared_ptr<Connection>> connections_;
  std::thread thread_;
  bool listening_ = false;
  bool stopping_ = false;
  Clock::time_point stop_deadline_;
};

class FrontEnd::Impl {
 public:
  Impl(FrontEndOptions options, Handler handler)
      : service_(std::move(options), std::move(handler)),
        budget_(std::max<std::size_t>(1, service_.options.limits.max_connections)) {}

  ~Impl() { stop(); }

  Result<int> start() {
    const auto& options = service_.options;
    if (options.tls_cert_file || options.tls_key_file) {
      if (!options.tls_cert_file || !options.tls_key_file) {
        return failure("--tls-cert and --tls-key must be given together");
      }
      std::string error;
      service_.tls = TlsContext::load(*options.tls_cert_file, *options.tls_key_file, error);
      if (!service_.tls) return failure(error);
    }
    std::string error;
    auto listening = listen_on(options.host, options.port, error);
    if (!listening) return failure(error);
    listen_fd_ = listening->fd;
    port_ = listening->port;
    std::size_t threads = options.threads;
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    for (std::size_t i = 0; i < threads; ++i) {
      workers_.push_back(
          std::make_unique<LoopWorker>(service_, budget_, listen_fd_, [this] { resume_all(); }));
    }
    for (auto& worker : workers_) {
      if (!worker->start()) {
        stop();
        return failure("cannot start an event loop");
      }
    }
    started_ = true;
    return port_;
  }

  void stop() {
    if (stopped_.exchange(true)) return;
    service_.stopping = true;
    for (auto& worker : workers_) worker->begin_stop();
    for (auto& worker : workers_) worker->join();
    // Handlers still running on worker threads finish (their answers are dropped); live
    // bodies were cancelled with their players.
    service_.pool.shutdown();
    workers_.clear();
    if (listen_fd_ >= 0) {
      ::close(listen_fd_);
      listen_fd_ = -1;
    }
  }

  int port() const { return port_; }
  std::size_t threads() const { return workers_.size(); }
  std::string url() const {
    const auto& options = service_.options;
    const bool tls = options.tls_cert_file.has_value();
    const bool v6 = options.host.find(':') != std::string::npos;
    return std::string(tls ? "https://" : "http://") + (v6 ? "[" : "") + options.host +
           (v6 ? "]" : "") + ":" + std::to_string(port_);
  }

 private:
  void resume_all() {
    for (auto& worker : workers_) {
      LoopWorker* target = worker.get();
      target->loop().post([target] { target->resume_accepting(); });
    }
  }

  Service service_;
  ConnectionBudget budget_;
  std::vector<std::unique_ptr<LoopWorker>> workers_;
  int listen_fd_ = -1;
  int port_ = 0;
  bool started_ = false;
  std::atomic<bool> stopped_{false};
};

FrontEnd::FrontEnd(FrontEndOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}
FrontEnd::~FrontEnd() { impl_->stop(); }
Result<int> FrontEnd::start() { return impl_->start(); }
void FrontEnd::stop() { impl_->stop(); }
int FrontEnd::port() const { return impl_->port(); }
std::string FrontEnd::url() const { return impl_->url(); }
std::size_t FrontEnd::threads() const { return impl_->threads(); }

}  // namespace bedrock::transport
