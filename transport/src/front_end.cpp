#include "bedrock/transport/front_end.hpp"

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "h2_connection.hpp"
#include "socket_stream.hpp"
#include "stop_signal.hpp"
#include "tls_stream.hpp"

namespace bedrock::transport {
namespace {

// The connection the current worker thread serves over HTTP/1.1, so a handler can drop it on
// purpose.
thread_local ConnectionStream* t_connection = nullptr;

bool is_hop_by_hop(std::string_view name) {
  static constexpr std::string_view kNames[] = {"content-length", "transfer-encoding", "connection",
                                                "keep-alive"};
  for (auto known : kNames) {
    if (header_name_equals(name, known)) return true;
  }
  return false;
}

// cpp-httplib's Server with the connection loop owned here. Each accepted connection is TLS
// (when a context is given) or plain TCP; it then speaks HTTP/2 (ALPN "h2", or the h2c
// preface) or HTTP/1.1, which httplib's own process_request parses and answers.
class ConnectionServer final : public httplib::Server {
 public:
  ConnectionServer(StopSignal& stop, const TlsContext* tls,
                   std::function<void(ConnectionStream&)> http2)
      : stop_(stop), tls_(tls), http2_(std::move(http2)) {}

 private:
  bool process_and_close_socket(socket_t sock) override {
    // Nagle would hold small answers back (~40 ms with delayed ACKs); set it per connection
    // rather than trust inheritance from the listening socket.
    const int on = 1;
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    const std::chrono::seconds read_timeout(read_timeout_sec_);
    const std::chrono::seconds write_timeout(write_timeout_sec_);
    if (tls_ != nullptr) {
      auto stream = TlsStream::accept(*tls_, sock, read_timeout, write_timeout);
      if (!stream) {
        ::close(sock);
        return false;
      }
      const bool ok = stream->negotiated_h2() ? serve_http2(*stream) : serve_http1(*stream);
      if (!stream->writes_refused()) stream->close_notify();
      close(*stream, sock);
      return ok;
    }
    SocketStream stream(sock, read_timeout, write_timeout);
    bool ok = false;
    if (wait_for_request(stream)) {
      // h2c with prior knowledge (RFC 9113 §3.3): the client starts with the preface, which
      // no HTTP/1.1 request line does. nghttp2 checks the rest of it.
      const auto start = stream.peek(kHttp2PrefaceStart.size());
      ok = start == kHttp2PrefaceStart ? serve_http2(stream) : serve_http1(stream);
    }
    close(stream, sock);
    return ok;
  }

  bool serve_http2(ConnectionStream& stream) {
    http2_(stream);
    return true;
  }

  bool serve_http1(ConnectionStream& stream) {
    t_connection = &stream;
    bool ok = false;
    for (auto left = keep_alive_max_count_; left > 0; --left) {
      if (!wait_for_request(stream)) break;
      bool connection_closed = false;
      ok = process_request(stream, left == 1, connection_closed, [](httplib::Request& req) {
        // Bedrock answers uncompressed; httplib would gzip JSON for clients that accept
        // it, which changes the bytes a replay must reproduce.
        req.headers.erase("Accept-Encoding");
      });
      if (!ok || connection_closed || stream.writes_refused()) break;
    }
    t_connection = nullptr;
    return ok;
  }

  bool wait_for_request(const ConnectionStream& stream) {
    return stream.has_buffered_input() ||
           wait_readable(stream.socket(), std::chrono::seconds(keep_alive_timeout_sec_),
                         [this] { return svr_sock_ != INVALID_SOCKET && !stop_.stopped(); });
  }

  static void close(const ConnectionStream& stream, socket_t sock) {
    if (stream.writes_refused()) {
      reset_connection(sock);
    } else {
      ::shutdown(sock, SHUT_RDWR);
      ::close(sock);
    }
  }

  StopSignal& stop_;
  const TlsContext* tls_;
  std::function<void(ConnectionStream&)> http2_;
};

char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

}  // namespace

bool header_name_equals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

const std::string* find_header(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (header_name_equals(key, name)) return &value;
  }
  return nullptr;
}

class FrontEnd::Impl {
 public:
  Impl(FrontEndOptions options, Handler handler)
      : options_(std::move(options)), handler_(std::move(handler)) {}

  Result<int> start() {
    if (options_.tls_cert_file || options_.tls_key_file) {
      if (!options_.tls_cert_file || !options_.tls_key_file) {
        return failure(std::string("--tls-cert and --tls-key must be given together"));
      }
      auto tls = TlsContext::load(*options_.tls_cert_file, *options_.tls_key_file);
      if (!tls) return failure(tls.error());
      tls_ = std::move(*tls);
    }
    http2_.handler = &handler_;
    http2_.transport_error = &options_.transport_error;
    http2_.pacing_factor = options_.pacing_factor;
    http2_.stall_limit = options_.stall_limit;
    http2_.max_body_bytes = options_.max_body_bytes;
    http2_.idle_timeout = options_.keep_alive_timeout;
    http2_.limits = options_.http2;
    http2_.stop = &stop_;
    http2_.handler_returns_promptly = options_.handler_returns_promptly;
    server_ = std::make_unique<ConnectionServer>(
        stop_, tls_.get(), [this](ConnectionStream& stream) { serve_http2(stream, http2_); });
    configure(*server_);
    const int port =
        options_.port == 0
            ? server_->bind_to_any_port(options_.host)
            : (server_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
    if (port < 0) {
      return failure("cannot listen on " + options_.host + ":" + std::to_string(options_.port));
    }
    port_ = port;
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // httplib's stop() only wakes a server that is already in its accept loop: a stop that
    // came earlier would leave the thread blocked in accept() for ever. Return once it runs.
    for (int i = 0; i < 5000 && !server_->is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!server_->is_running()) {
      return failure("the server on " + options_.host + ":" + std::to_string(port) +
                     " did not start");
    }
    return port;
  }

  void stop() {
    stop_.trigger();
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  int port() const { return port_; }
  std::string url() const {
    const bool tls = options_.tls_cert_file.has_value();
    const bool v6 = options_.host.find(':') != std::string::npos;
    return std::string(tls ? "https://" : "http://") + (v6 ? "[" : "") + options_.host +
           (v6 ? "]" : "") + ":" + std::to_string(port_);
  }

 private:
  void configure(httplib::Server& server) {
    const auto threads = options_.worker_threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // Nagle would add ~40 ms to every small answer (issue #3).
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(options_.keep_alive_max_requests);
    server.set_keep_alive_timeout(options_.keep_alive_timeout.count());
    server.set_read_timeout(options_.read_timeout.count(), 0);
    server.set_payload_max_length(options_.max_body_bytes);
    auto route = [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); };
    const std::string any = ".*";
    server.Get(any, route);
    server.Post(any, route);
    server.Put(any, route);
    server.Delete(any, route);
    server.Patch(any, route);
    server.Options(any, route);
    server.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (res.body.empty() && options_.transport_error) {
        write(options_.transport_error(res.status, req.target), res);
      }
    });
  }

  void serve(const httplib::Request& req, httplib::Response& res) {
    Request request;
    request.method = req.method;
    request.target = req.target;
    request.body = req.body;
    request.remote_addr = req.remote_addr;
    request.protocol = "HTTP/1.1";
    request.headers.reserve(req.headers.size());
    for (const auto& [name, value] : req.headers) {
      if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
          name == "LOCAL_PORT") {
        continue;  // httplib's own bookkeeping, not wire headers
      }
      request.headers.emplace_back(name, value);
    }
    Response response = handler_(request);
    if (response.delay_ms > 0 &&
        stop_.wait_for(std::chrono::duration<double, std::milli>(response.delay_ms))) {
      drop(res);
      return;
    }
    switch (response.fault) {
      case Fault::kNone:
        break;
      case Fault::kStall:
        stop_.wait_for(options_.stall_limit);
        drop(res);
        return;
      case Fault::kDropConnection:
        drop(res);
        return;
    }
    write(std::move(response), res);
  }

  // Closes the connection without an answer (a TCP RST).
  void drop(httplib::Response& res) {
    if (t_connection != nullptr) {
      t_connection->refuse_writes();
      return;
    }
    res.status = 500;
    res.set_content_provider(1, "application/octet-stream",
                             [](size_t, size_t, httplib::DataSink&) { return false; });
  }

  void write(Response response, httplib::Response& res) {
    res.status = response.status;
    std::string content_type;
    for (auto& [name, value] : response.headers) {
      if (is_hop_by_hop(name)) continue;
      if (header_name_equals(name, "content-type")) content_type = value;
      res.headers.emplace(name, value);
    }
    if (!response.is_stream) {
      res.body = std::move(response.body);
      return;
    }
    // Event streams go out chunked with no Content-Length (reference §11.11), frame by
    // frame at the recorded pace.
    res.headers.erase("Content-Type");
    const std::string stream_type =
        content_type.empty() ? "application/vnd.amazon.eventstream" : content_type;
    if (response.live) {
      write_live(std::move(response.live), stream_type, res);
      return;
    }
    auto frames = std::make_shared<std::vector<PacedFrame>>(std::move(response.frames));
    const auto end = response.stream_end;
    res.set_chunked_content_provider(stream_type, [this, frames, end](size_t,
                                                                      httplib::DataSink& sink) {
      const auto started = std::chrono::steady_clock::now();
      for (const auto& frame : *frames) {
        const auto due = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                       std::chrono::duration<double, std::milli>(
                                           frame.offset_ms * options_.pacing_factor));
        const auto wait = due - std::chrono::steady_clock::now();
        if (wait.count() > 0 && stop_.wait_for(wait)) return false;
        if (!sink.is_writable() || !sink.write(frame.bytes.data(), frame.bytes.size())) {
          return false;
        }
      }
      switch (end) {
        case StreamEnd::kComplete:
          sink.done();
          return true;
        case StreamEnd::kStall:
          stop_.wait_for(options_.stall_limit);
          [[fallthrough]];
        case StreamEnd::kReset:
          if (t_connection != nullptr) t_connection->refuse_writes();
          return false;
      }
      return false;
    });
  }

  // Relays a body that is still being produced; a caller that goes away cancels the producer.
  void write_live(std::shared_ptr<LiveBody> live, const std::string& content_type,
                  httplib::Response& res) {
    res.set_chunked_content_provider(
        content_type,
        [this, live](size_t, httplib::DataSink& sink) {
          while (auto bytes = live->next()) {
            if (stop_.stopped() || !sink.is_writable() ||
                !sink.write(bytes->data(), bytes->size())) {
              live->cancel();
              return false;
            }
          }
          switch (live->end()) {
            case StreamEnd::kComplete:
              sink.done();
              return true;
            case StreamEnd::kStall:
            case StreamEnd::kReset:
              if (t_connection != nullptr) t_connection->refuse_writes();
              return false;
          }
          return false;
        },
        [live](bool) { live->cancel(); });
  }

  FrontEndOptions options_;
  Handler handler_;
  StopSignal stop_;
  std::unique_ptr<TlsContext> tls_;
  Http2Service http2_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

FrontEnd::FrontEnd(FrontEndOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}
FrontEnd::~FrontEnd() { impl_->stop(); }
Result<int> FrontEnd::start() { return impl_->start(); }
void FrontEnd::stop() { impl_->stop(); }
int FrontEnd::port() const { return impl_->port(); }
std::string FrontEnd::url() const { return impl_->url(); }

}  // namespace bedrock::transport
