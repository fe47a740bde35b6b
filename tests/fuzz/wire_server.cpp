#include "wire_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "bedrock/transport/front_end.hpp"

namespace bedrock::fuzz {
namespace {

transport::Response answer(transport::Request& request) {
  transport::Response response;
  response.headers = {{"Content-Type", "application/json"}, {"x-amzn-RequestId", "fuzz"}};
  const std::string& target = request.target;
  if (target.find("stream") != std::string::npos) {
    response.is_stream = true;
    response.frames = {{"frame-one", 0}, {request.body, 0}, {"frame-three", 0}};
    if (target.find("reset") != std::string::npos)
      response.stream_end = transport::StreamEnd::kReset;
  } else if (target.find("drop") != std::string::npos) {
    response.fault = transport::Fault::kDropConnection;
  } else {
    response.body = request.method + " " + target + " " + std::to_string(request.body.size());
  }
  return response;
}

// Serves until the process exits: a global, so LeakSanitizer sees it as reachable (static
// destruction would stop it while libFuzzer may still run inputs from an atexit handler).
transport::FrontEnd* g_front_end = nullptr;

int front_end_port() {
  static const int port = [] {
    transport::FrontEndOptions options;
    options.threads = 1;
    options.pacing_factor = 0;
    options.handler_returns_promptly = true;
    options.limits.max_header_bytes = 8 * 1024;
    options.limits.max_body_bytes = 64 * 1024;
    options.limits.request_timeout = std::chrono::seconds(2);
    options.transport_error = [](int status, const std::string& target) {
      transport::Response response;
      response.status = status;
      response.body = "refused " + target;
      return response;
    };
    g_front_end = new transport::FrontEnd(options, answer);
    auto port_or = g_front_end->start();
    if (!port_or) std::abort();
    return *port_or;
  }();
  return port;
}

}  // namespace

void exchange_with_front_end(std::string_view prefix, std::string_view bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(front_end_port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    std::string all(prefix);
    all.append(bytes);
    std::size_t sent = 0;
    while (sent < all.size()) {
      const ssize_t n = ::send(fd, all.data() + sent, all.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    ::shutdown(fd, SHUT_WR);
    char buffer[16384];
    for (;;) {
      pollfd ready{fd, POLLIN, 0};
      if (::poll(&ready, 1, 3000) <= 0) break;  // the front end must answer or close
      if (::recv(fd, buffer, sizeof buffer, 0) <= 0) break;
    }
  }
  ::close(fd);
}

}  // namespace bedrock::fuzz
