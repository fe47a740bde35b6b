#pragma once
// One accepted connection on an event loop: non-blocking reads and writes over TCP or TLS, the
// output queue, how it closes (FIN after the queue drained and a lingering read, or RST), and
// the choice of protocol (ALPN under TLS; the HTTP/2 client preface on plain TCP).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "event_loop.hpp"
#include "output_queue.hpp"
#include "service.hpp"
#include "session.hpp"
#include "tls.hpp"

namespace bedrock::transport {

class Connection;

// The loop's side: it holds every connection it serves and lets go of closed ones.
class ConnectionOwner {
 public:
  virtual ~ConnectionOwner() = default;
  virtual void release(Connection& connection) = 0;
  virtual std::string& read_buffer() = 0;  // shared by the loop's connections
};

class Connection final : public IoHandler,
                         public RoundHandler,
                         public std::enable_shared_from_this<Connection> {
 public:
  Connection(EventLoop& loop, Service& service, ConnectionOwner& owner, int fd,
             std::string remote_addr);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool open();  // registers with the loop (and starts TLS)
  void on_io(std::uint32_t events) override;
  void on_round_end() override;
  void tick(Clock::time_point now);
  void stop();  // the server stops

  // For the sessions.
  EventLoop& loop() { return loop_; }
  Service& service() { return service_; }
  const std::string& remote_addr() const { return remote_addr_; }
  Clock::time_point last_activity() const { return last_activity_; }
  OutputQueue& output() { return output_; }
  void request_flush() { loop_.mark_dirty(this, dirty_); }
  void set_reading(bool enabled);
  // FIN once the queue is written, then a lingering read so a client still sending (a body we
  // refused) receives the answer instead of a RST.
  void close_gracefully();
  // RST once the queue is written (a reset stream, a dropped connection after its frames).
  void reset_after_flush();
  void close_now(bool reset);
  bool closing() const { return after_flush_ != AfterFlush::kNothing || closed_; }
  bool closed() const { return closed_; }

 private:
  enum class AfterFlush { kNothing, kClose, kReset };

  void handle_readable();
  void peer_closed();
  bool handshake();
  void feed(const char* data, std::size_t size);
  void start_session(bool http2);
  void flush();
  void finish_close();
  void update_interest();

  EventLoop& loop_;
  Service& service_;
  ConnectionOwner& owner_;
  const int fd_;
  const std::string remote_addr_;
  std::unique_ptr<TlsSession> tls_;
  std::unique_ptr<Session> session_;
  OutputQueue output_;
  std::string preface_;  // first bytes of a plain connection, until the protocol is known
  Clock::time_point opened_at_;
  Clock::time_point last_activity_;
  Clock::time_point linger_until_;
  std::uint32_t interest_ = 0;
  bool reading_ = true;
  bool want_write_ = false;
  bool lingering_ = false;
  bool dirty_ = false;
  bool closed_ = false;
  bool registered_ = false;
  AfterFlush after_flush_ = AfterFlush::kNothing;
};

}  // namespace bedrock::transport
