#pragma once
// An httplib server on 127.0.0.1:<free port> in a thread, for the container and IMDS fakes.
// Records every request it saw; readiness is polled, never slept for.
#include <httplib.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bedrock::client::test {

struct SeenRequest {
  std::string method;
  std::string path;
  httplib::Headers headers;
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string("<absent>") : it->second;
  }
};

class MetadataFakeServer {
 public:
  MetadataFakeServer() = default;
  ~MetadataFakeServer() { stop(); }
  MetadataFakeServer(const MetadataFakeServer&) = delete;
  MetadataFakeServer& operator=(const MetadataFakeServer&) = delete;

  // Routes record the request before answering, so a client that got its answer sees it here.
  void get(const std::string& pattern, httplib::Server::Handler handler) {
    server_.Get(pattern, recorded(std::move(handler)));
  }
  void put(const std::string& pattern, httplib::Server::Handler handler) {
    server_.Put(pattern, recorded(std::move(handler)));
  }

  void start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  void stop() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<SeenRequest> seen() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  httplib::Server::Handler recorded(httplib::Server::Handler handler) {
    return [this, handler = std::move(handler)](const httplib::Request& request,
                                                httplib::Response& response) {
      {
        std::lock_guard lock(mutex_);
        seen_.push_back({request.method, request.path, request.headers});
      }
      handler(request, response);
    };
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::vector<SeenRequest> seen_;
};

}  // namespace bedrock::client::test
