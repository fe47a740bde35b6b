#include "socket_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace bedrock::transport {
namespace {

bool poll_for(socket_t sock, short events, std::chrono::milliseconds timeout) {
  pollfd fd{sock, events, 0};
  for (;;) {
    const int n = ::poll(&fd, 1, static_cast<int>(timeout.count()));
    if (n < 0 && errno == EINTR) continue;
    return n > 0 && (fd.revents & (events | POLLHUP | POLLERR)) != 0;
  }
}

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &in->sin_addr, buffer, sizeof buffer);
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, buffer, sizeof buffer);
    port = ntohs(in6->sin6_port);
  }
  ip = buffer;
}

}  // namespace

SocketStream::SocketStream(socket_t sock, std::chrono::milliseconds read_timeout,
                           std::chrono::milliseconds write_timeout)
    : sock_(sock), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

bool SocketStream::is_readable() const {
  return read_offset_ < read_size_ || poll_for(sock_, POLLIN, read_timeout_);
}

bool SocketStream::is_writable() const { return poll_for(sock_, POLLOUT, write_timeout_); }

ssize_t SocketStream::read(char* ptr, size_t size) {
  if (read_offset_ == read_size_) {
    if (size >= read_buffer_.size()) {  // a large body read: straight into the caller's buffer
      if (!is_readable()) return -1;
      for (;;) {
        const ssize_t n = ::recv(sock_, ptr, size, 0);
        if (n < 0 && errno == EINTR) continue;
        return n;
      }
    }
    if (!is_readable()) return -1;
    ssize_t n = 0;
    do {
      n = ::recv(sock_, read_buffer_.data(), read_buffer_.size(), 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return n;
    read_offset_ = 0;
    read_size_ = static_cast<size_t>(n);
  }
  const size_t count = std::min(size, read_size_ - read_offset_);
  std::memcpy(ptr, read_buffer_.data() + read_offset_, count);
  read_offset_ += count;
  return static_cast<ssize_t>(count);
}

std::string_view SocketStream::peek(size_t size) {
  size = std::min(size, read_buffer_.size());
  if (read_offset_ > 0) {  // keep the unread bytes at the front so they can grow to `size`
    std::memmove(read_buffer_.data(), read_buffer_.data() + read_offset_,
                 read_size_ - read_offset_);
    read_size_ -= read_offset_;
    read_offset_ = 0;
  }
  while (read_size_ < size && poll_for(sock_, POLLIN, read_timeout_)) {
    ssize_t n = 0;
    do {
      n = ::recv(sock_, read_buffer_.data() + read_size_, read_buffer_.size() - read_size_, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) break;
    read_size_ += static_cast<size_t>(n);
  }
  return std::string_view(read_buffer_.data(), std::min(read_size_, size));
}

ssize_t SocketStream::write(const char* ptr, size_t size) {
  if (writes_refused_ || !is_writable()) return -1;
  for (;;) {
    const ssize_t n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    return n;
  }
}

void SocketStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  peer_address(sock_, ip, port);
}

void SocketStream::get_local_ip_and_port(std::string& ip, int& port) const {
  local_address(sock_, ip, port);
}

void peer_address(socket_t sock, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    address_of(addr, ip, port);
  }
}

void local_address(socket_t sock, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    address_of(addr, ip, port);
  }
}

bool poll_socket(socket_t sock, short events, std::chrono::milliseconds timeout) {
  return poll_for(sock, events, timeout);
}

bool wait_readable(socket_t sock, std::chrono::milliseconds timeout,
                   const std::function<bool()>& keep_waiting) {
  // Poll in short slices so a stopping server does not wait out an idle keep-alive.
  constexpr std::chrono::milliseconds kSlice{100};
  auto left = timeout;
  while (left.count() > 0 && keep_waiting()) {
    const auto slice = std::min(left, kSlice);
    if (poll_for(sock, POLLIN, slice)) return true;
    left -= slice;
  }
  return false;
}

void reset_connection(socket_t sock) {
  linger option{1, 0};
  ::setsockopt(sock, SOL_SOCKET, SO_LINGER, &option, sizeof option);
  ::close(sock);
}

}  // namespace bedrock::transport
