#pragma once
// Servers the transport tests talk to, all on 127.0.0.1 port 0 inside the test process:
// an httplib server (HTTP or HTTPS) on a thread, and a raw TCP server whose per-connection
// script can stall, answer byte for byte, or reset the connection.
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bedrock::client::test {

class LocalHttpServer {
 public:
  explicit LocalHttpServer(std::unique_ptr<httplib::Server> server =
                               std::make_unique<httplib::Server>(),
                           std::string scheme = "http")
      : server_(std::move(server)), scheme_(std::move(scheme)) {}
  ~LocalHttpServer() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  httplib::Server& server() { return *server_; }

  // Binds a free port, serves on a thread and returns once the accept loop runs.
  int start() {
    port_ = server_->bind_to_any_port("127.0.0.1");
    if (port_ <= 0) return port_;
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) std::this_thread::yield();
    return port_;
  }
  int port() const { return port_; }
  std::string url() const { return scheme_ + "://127.0.0.1:" + std::to_string(port_); }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::string scheme_;
  std::thread thread_;
  int port_ = -1;
};

// What the raw server does with a connection once the script is done with it.
enum class AfterScript { kClose, kReset };

class RawTcpServer {
 public:
  using Script = std::function<AfterScript(int fd)>;

  explicit RawTcpServer(Script script) : script_(std::move(script)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    if (listen_fd_ < 0 ||
        ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(listen_fd_, 16) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      return;
    }
    port_ = ntohs(address.sin_port);
    accept_thread_ = std::thread([this] { accept_loop(); });
  }

  ~RawTcpServer() {
    stopping_ = true;
    if (listen_fd_ >= 0) ::shutdown(listen_fd_, SHUT_RDWR);
    if (accept_thread_.joinable()) accept_thread_.join();
    {
      std::lock_guard guard(mutex_);
      for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);  // wakes scripts blocked in recv
    }
    for (auto& thread : connection_threads_) thread.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
  }
  RawTcpServer(const RawTcpServer&) = delete;
  RawTcpServer& operator=(const RawTcpServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& scheme = "http") const {
    return scheme + "://127.0.0.1:" + std::to_string(port_);
  }

  // Reads until the end of the request head ("\r\n\r\n"); false when the peer went away.
  static bool read_request_head(int fd) {
    std::string received;
    char buffer[4096];
    while (received.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
      if (n <= 0) return false;
      received.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
  }
  static bool write_all(int fd, const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }
  // Blocks until the peer closes (or the server stops): a server that never answers.
  static void wait_for_peer_close(int fd) {
    char buffer[4096];
    while (::recv(fd, buffer, sizeof(buffer), 0) > 0) {
    }
  }

 private:
  void accept_loop() {
    while (!stopping_) {
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      std::lock_guard guard(mutex_);
      open_fds_.push_back(fd);
      connection_threads_.emplace_back([this, fd] { serve(fd); });
    }
  }
  void serve(int fd) {
    const AfterScript after = script_(fd);
    std::lock_guard guard(mutex_);
    if (after == AfterScript::kReset) {
      // SO_LINGER with a zero timeout turns close() into a TCP RST.
      linger option{1, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, sizeof(option));
    }
    ::close(fd);
    std::erase(open_fds_, fd);
  }

  Script script_;
  int listen_fd_ = -1;
  int port_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;
  std::mutex mutex_;
  std::vector<int> open_fds_;
  std::vector<std::thread> connection_threads_;
};

// A throwaway self-signed certificate for 127.0.0.1, made with the openssl command line tool.
inline bool make_self_signed_certificate(const std::filesystem::path& dir) {
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
      (dir / "key.pem").string() + "' -out '" + (dir / "cert.pem").string() +
      "' >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

}  // namespace bedrock::client::test
