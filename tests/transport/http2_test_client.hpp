#pragma once
// A minimal HTTP/2 client for front end tests: an nghttp2 client session over a blocking
// socket, driven by the test thread, with frame-level results (RST_STREAM codes, GOAWAY),
// plus a builder of raw frames for input no well-behaved client would send.
#include <nghttp2/nghttp2.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bedrock::transport::testing {

struct Http2Reply {
  std::optional<int> status;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::vector<std::size_t> data_frames;  // payload length of each DATA frame, in order
  bool end_stream = false;               // the server finished the response
  std::optional<uint32_t> reset_code;    // RST_STREAM from the server
  bool closed = false;

  const std::string* header(const std::string& name) const;
};

class Http2TestClient {
 public:
  // `manual_window`: the client sends WINDOW_UPDATEs only for streams passed to
  // keep_reading(), so the others stop at the server's first window.
  explicit Http2TestClient(int port, bool manual_window = false);
  ~Http2TestClient();
  Http2TestClient(const Http2TestClient&) = delete;
  Http2TestClient& operator=(const Http2TestClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  int32_t submit(const std::string& method, const std::string& path,
                 std::vector<std::pair<std::string, std::string>> headers = {},
                 std::string body = {});
  void keep_reading(int32_t stream_id) { read_freely_.push_back(stream_id); }

  // Exchanges frames until `done` holds, the connection ends or the timeout passes; returns
  // whether `done` holds.
  bool run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10));
  bool finished(int32_t stream_id) const;

  const Http2Reply& reply(int32_t stream_id) { return replies_[stream_id]; }
  std::optional<uint32_t> goaway_code() const { return goaway_code_; }
  bool connection_ended() const { return ended_; }

 private:
  bool flush();
  static int on_header(nghttp2_session*, const nghttp2_frame*, const uint8_t*, size_t,
                       const uint8_t*, size_t, uint8_t, void*);
  static int on_data_chunk(nghttp2_session*, uint8_t, int32_t, const uint8_t*, size_t, void*);
  static int on_frame_recv(nghttp2_session*, const nghttp2_frame*, void*);
  static int on_stream_close(nghttp2_session*, int32_t, uint32_t, void*);

  int fd_ = -1;
  bool manual_window_ = false;
  nghttp2_session* session_ = nullptr;
  std::map<int32_t, Http2Reply> replies_;
  std::vector<std::unique_ptr<std::string>> bodies_to_send_;
  std::vector<int32_t> read_freely_;
  std::optional<uint32_t> goaway_code_;
  bool ended_ = false;
};

// Raw HTTP/2 bytes (RFC 9113 §4.1) for malformed or abusive input.
std::string http2_frame(uint8_t type, uint8_t flags, uint32_t stream_id,
                        const std::string& payload);
std::string http2_header_block(const std::vector<std::pair<std::string, std::string>>& fields);
inline constexpr char kHttp2Preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

// Sends `bytes` on a new connection, then reads until the server closes it (or the timeout)
// and returns the GOAWAY error code the server sent, if any.
struct RawOutcome {
  std::optional<uint32_t> goaway_code;
  bool closed_by_server = false;
};
RawOutcome send_raw_http2(int port, const std::string& bytes,
                          std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace bedrock::transport::testing
