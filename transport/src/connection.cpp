#include "connection.hpp"

#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "h1_session.hpp"
#include "h2_session.hpp"
#include "socket_ops.hpp"

namespace bedrock::transport {
namespace {

// The first bytes of the HTTP/2 client preface (RFC 9113 §3.4): no HTTP/1.1 method is "PRI".
constexpr std::string_view kHttp2PrefaceStart = "PRI ";
// How long a closing connection keeps reading (and dropping) what the client still sends.
constexpr std::chrono::seconds kLingerTime{2};
constexpr int kMaxReadsPerEvent = 4;

}  // namespace

Connection::Connection(EventLoop& loop, Service& service, ConnectionOwner& owner, int fd,
                       std::string remote_addr)
    : loop_(loop),
      service_(service),
      owner_(owner),
      fd_(fd),
      remote_addr_(std::move(remote_addr)),
      opened_at_(loop.now()),
      last_activity_(loop.now()) {}

Connection::~Connection() {
  if (!closed_) {
    session_.reset();
    ::close(fd_);
  }
}

bool Connection::open() {
  if (service_.tls) {
    tls_ = TlsSession::create(*service_.tls, fd_);
    if (!tls_) return false;
  }
  interest_ = EPOLLIN | EPOLLRDHUP;
  registered_ = loop_.add(fd_, interest_, this);
  return registered_;
}

void Connection::update_interest() {
  if (closed_) return;
  std::uint32_t wanted =
      (reading_ || lingering_ ? EPOLLIN | EPOLLRDHUP : 0u) | (want_write_ ? EPOLLOUT : 0u);
  if (wanted == interest_) return;
  interest_ = wanted;
  loop_.modify(fd_, interest_, this);
}

void Connection::set_reading(bool enabled) {
  if (reading_ == enabled) return;
  reading_ = enabled;
  update_interest();
  // Bytes OpenSSL decrypted before reading stopped are not visible to epoll.
  if (enabled && tls_ && tls_->has_pending()) handle_readable();
}

void Connection::on_io(std::uint32_t events) {
  if (closed_) return;
  if ((events & EPOLLOUT) != 0) {
    if (tls_ && !tls_->handshake_done()) {
      want_write_ = false;
      update_interest();
      handle_readable();  // the handshake goes on
    } else {
      flush();
    }
  }
  if (closed_) return;
  if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0) handle_readable();
}

bool Connection::handshake() {
  const IoResult result = tls_->handshake();
  switch (result.status) {
    case IoStatus::kDone:
      start_session(tls_->negotiated_h2());
      return true;
    case IoStatus::kWantRead:
      return false;
    case IoStatus::kWantWrite:
      want_write_ = true;
      update_interest();
      return false;
    case IoStatus::kClosed:
    case IoStatus::kFailed:
      close_now(false);
      return false;
  }
  return false;
}

void Connection::handle_readable() {
  if (tls_ && !tls_->handshake_done() && !handshake()) return;
  std::string& buffer = owner_.read_buffer();
  for (int round = 0; round < kMaxReadsPerEvent && !closed_ && (reading_ || lingering_); ++round) {
    std::size_t count = 0;
    bool more = false;
    if (tls_) {
      const IoResult result = tls_->read(buffer.data(), buffer.size());
      if (result.status == IoStatus::kWantRead) return;
      if (result.status == IoStatus::kWantWrite) {
        want_write_ = true;
        update_interest();
        return;
      }
      if (result.status != IoStatus::kDone) {
        peer_closed();
        return;
      }
      count = result.bytes;
      more = tls_->has_pending() || count == buffer.size();
    } else {
      const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) return;
        close_now(false);
        return;
      }
      if (n == 0) {
        peer_closed();
        return;
      }
      count = static_cast<std::size_t>(n);
      more = count == buffer.size();
    }
    last_activity_ = loop_.now();
    if (!lingering_) feed(buffer.data(), count);
    if (!more) return;
  }
}

void Connection::feed(const char* data, std::size_t size) {
  if (session_) {
    session_->on_input(data, size);
    return;
  }
  // Plain TCP: HTTP/2 with prior knowledge (RFC 9113 §3.3) starts with the preface, which no
  // HTTP/1.1 request line does. nghttp2 checks the rest of it.
  preface_.append(data, size);
  const std::size_t known = std::min(preface_.size(), kHttp2PrefaceStart.size());
  if (preface_.compare(0, known, kHttp2PrefaceStart.substr(0, known)) == 0 &&
      preface_.size() < kHttp2PrefaceStart.size()) {
    return;  // could still be either
  }
  const bool http2 = preface_.compare(0, known, kHttp2PrefaceStart.substr(0, known)) == 0;
  start_session(http2);
  std::string first;
  first.swap(preface_);
  session_->on_input(first.data(), first.size());
}

void Connection::start_session(bool http2) {
  if (http2) {
    session_ = std::make_unique<H2Session>(*this);
  } else {
    session_ = std::make_unique<H1Session>(*this);
  }
}

void Connection::peer_closed() {
  if (lingering_ || !session_) {
    close_now(false);
    return;
  }
  // EOF stays readable: stop asking, or the loop would be woken for it every round.
  reading_ = false;
  update_interest();
  session_->on_peer_closed();
}

void Connection::on_round_end() {
  if (closed_) return;
  if (session_ && !lingering_) session_->before_flush();
  flush();
}

void Connection::flush() {
  if (closed_) return;
  while (!output_.empty()) {
    std::size_t written = 0;
    if (tls_) {
      const std::string_view front = output_.front();
      const IoResult result = tls_->write(front.data(), front.size());
      if (result.status == IoStatus::kWantWrite || result.status == IoStatus::kWantRead) {
        want_write_ = true;
        update_interest();
        return;
      }
      if (result.status != IoStatus::kDone) {
        close_now(false);
        return;
      }
      written = result.bytes;
    } else {
      iovec pieces[16];
      const std::size_t count = output_.gather(pieces, 16);
      // sendmsg with MSG_NOSIGNAL, not writev: a client that went away must give EPIPE here,
      // not a SIGPIPE that kills whatever process embeds the front end.
      msghdr message{};
      message.msg_iov = pieces;
      message.msg_iovlen = count;
      const ssize_t n = ::sendmsg(fd_, &message, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) {
          want_write_ = true;
          update_interest();
          return;
        }
        close_now(false);  // EPIPE, ECONNRESET: the client is gone
        return;
      }
      written = static_cast<std::size_t>(n);
    }
    output_.consume(written);
    last_activity_ = loop_.now();
  }
  if (want_write_) {
    want_write_ = false;
    update_interest();
  }
  if (after_flush_ != AfterFlush::kNothing) {
    finish_close();
    return;
  }
  if (session_) session_->on_output_drained();
}

void Connection::close_gracefully() {
  if (closed_ || after_flush_ != AfterFlush::kNothing) return;
  after_flush_ = AfterFlush::kClose;
  request_flush();
}

void Connection::reset_after_flush() {
  if (closed_) return;
  after_flush_ = AfterFlush::kReset;
  request_flush();
}

void Connection::finish_close() {
  if (after_flush_ == AfterFlush::kReset) {
    close_now(true);
    return;
  }
  if (lingering_) return;
  // The session is done: nothing more is parsed or answered.
  if (session_) session_->on_closed();
  if (tls_) tls_->shutdown();
  ::shutdown(fd_, SHUT_WR);
  lingering_ = true;
  linger_until_ = loop_.now() + kLingerTime;
  update_interest();
}

void Connection::close_now(bool reset) {
  if (closed_) return;
  closed_ = true;
  auto self = shared_from_this();
  loop_.keep_until_round_end(self);
  if (registered_) loop_.remove(fd_);
  if (reset) {
    close_with_reset(fd_);
  } else {
    ::close(fd_);
  }
  if (session_) session_->on_closed();
  owner_.release(*this);
}

void Connection::tick(Clock::time_point now) {
  if (closed_) return;
  if (lingering_) {
    if (now >= linger_until_) close_now(false);
    return;
  }
  if (!session_) {
    // A client that connects and never completes the TLS handshake or its first bytes.
    if (now - opened_at_ > service_.options.limits.request_timeout) close_now(false);
    return;
  }
  session_->on_tick(now);
}

void Connection::stop() {
  if (closed_) return;
  if (!session_) {
    close_now(false);
    return;
  }
  session_->on_server_stop();
}

}  // namespace bedrock::transport
