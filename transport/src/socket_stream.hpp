#pragma once
// A blocking httplib::Stream over one accepted TCP socket with read/write timeouts.
// cpp-httplib 0.11.4 keeps its own SocketStream out of the public header, and the front
// end needs to own the connection loop (to drop connections on purpose, and to look at
// the first bytes of a connection), so it brings its own.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "connection_stream.hpp"

namespace bedrock::transport {

class SocketStream final : public ConnectionStream {
 public:
  SocketStream(socket_t sock, std::chrono::milliseconds read_timeout,
               std::chrono::milliseconds write_timeout);

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return sock_; }

  void refuse_writes() override { writes_refused_ = true; }
  // Bytes already read from the socket but not yet consumed (a pipelined next request).
  bool has_buffered_input() const override { return read_offset_ < read_size_; }
  bool writes_refused() const override { return writes_refused_; }

  // Reads ahead until `size` bytes are buffered (or the peer stops sending: EOF, error,
  // read timeout) and returns what is buffered, without consuming it. Used on a fresh
  // connection to tell the HTTP/2 preface from an HTTP/1.1 request line.
  std::string_view peek(size_t size);

 private:
  bool writes_refused_ = false;
  // httplib parses the request line and headers one byte at a time: serve those reads from a
  // buffer instead of a poll + recv per byte.
  std::string read_buffer_ = std::string(16 * 1024, '\0');
  size_t read_offset_ = 0;
  size_t read_size_ = 0;
  socket_t sock_;
  std::chrono::milliseconds read_timeout_;
  std::chrono::milliseconds write_timeout_;
};

// Waits until the socket has data, the timeout passes or `keep_waiting` says stop.
bool wait_readable(socket_t sock, std::chrono::milliseconds timeout,
                   const std::function<bool()>& keep_waiting);

// Waits up to `timeout` for `events` (POLLIN / POLLOUT); hang-ups and errors count as ready
// so the caller's read or write reports them.
bool poll_socket(socket_t sock, short events, std::chrono::milliseconds timeout);

void peer_address(socket_t sock, std::string& ip, int& port);
void local_address(socket_t sock, std::string& ip, int& port);

// Closes with a TCP RST instead of a FIN: the client sees "connection reset by peer".
void reset_connection(socket_t sock);

}  // namespace bedrock::transport
