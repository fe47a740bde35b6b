#pragma once
// A TCP client that sends exact bytes and reads exactly what comes back: for the requests no
// HTTP library will send (bad request lines, huge headers, pipelined requests, half requests).
#include <chrono>
#include <string>
#include <string_view>

namespace bedrock::test {

class RawClient {
 public:
  explicit RawClient(int port);
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  bool send(std::string_view bytes);
  // Reads until `needle` has arrived (returns everything read so far) or the timeout passes.
  std::string read_until(std::string_view needle,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads until the server closes (or resets) the connection or the timeout passes.
  std::string read_to_end(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // What ended the last read: the server closed, reset, or nothing happened in time.
  bool closed_by_server() const { return closed_; }
  bool reset_by_server() const { return reset_; }
  void shutdown_write();

 private:
  int fd_ = -1;
  std::string buffer_;
  bool closed_ = false;
  bool reset_ = false;
};

}  // namespace bedrock::test
