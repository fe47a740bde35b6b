#include "http2_test_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace bedrock::transport::testing {
namespace {

using Clock = std::chrono::steady_clock;

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  return fd;
}

bool send_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

nghttp2_nv field(const std::string& name, const std::string& value) {
  return {reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
          reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
          NGHTTP2_NV_FLAG_NONE};
}

ssize_t read_request_body(nghttp2_session*, int32_t, uint8_t* buffer, size_t length,
                          uint32_t* flags, nghttp2_data_source* source, void*) {
  auto& body = *static_cast<std::string*>(source->ptr);
  const size_t count = std::min(length, body.size());
  std::memcpy(buffer, body.data(), count);
  body.erase(0, count);
  if (body.empty()) *flags |= NGHTTP2_DATA_FLAG_EOF;
  return static_cast<ssize_t>(count);
}

}  // namespace

const std::string* Http2Reply::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return &value;
  }
  return nullptr;
}

Http2TestClient::Http2TestClient(int port, bool manual_window) : manual_window_(manual_window) {
  fd_ = connect_to(port);
  if (fd_ < 0) return;
  nghttp2_session_callbacks* callbacks = nullptr;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, on_data_chunk);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, on_frame_recv);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, on_stream_close);
  nghttp2_option* option = nullptr;
  nghttp2_option_new(&option);
  if (manual_window) nghttp2_option_set_no_auto_window_update(option, 1);
  nghttp2_session_client_new2(&session_, callbacks, this, option);
  nghttp2_option_del(option);
  nghttp2_session_callbacks_del(callbacks);
  nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, nullptr, 0);
}

Http2TestClient::~Http2TestClient() {
  if (session_ != nullptr) nghttp2_session_del(session_);
  if (fd_ >= 0) ::close(fd_);
}

int32_t Http2TestClient::submit(const std::string& method, const std::string& path,
                                std::vector<std::pair<std::string, std::string>> headers,
                                std::string body) {
  static const std::string kMethod = ":method", kPath = ":path", kScheme = ":scheme",
                           kAuthority = ":authority", kHttp = "http", kHost = "127.0.0.1";
  std::vector<nghttp2_nv> fields = {field(kMethod, method), field(kScheme, kHttp),
                                    field(kAuthority, kHost), field(kPath, path)};
  for (const auto& [name, value] : headers) fields.push_back(field(name, value));
  nghttp2_data_provider provider{};
  const bool has_body = !body.empty();
  // nghttp2 reads the body later, while sending: it lives as long as the client.
  bodies_to_send_.push_back(std::make_unique<std::string>(std::move(body)));
  provider.source.ptr = bodies_to_send_.back().get();
  provider.read_callback = read_request_body;
  const int32_t id = nghttp2_submit_request(session_, nullptr, fields.data(), fields.size(),
                                            has_body ? &provider : nullptr, nullptr);
  replies_[id];
  return id;
}

bool Http2TestClient::finished(int32_t stream_id) const {
  auto it = replies_.find(stream_id);
  return it != replies_.end() && it->second.closed;
}

bool Http2TestClient::flush() {
  for (;;) {
    const uint8_t* data = nullptr;
    const ssize_t size = nghttp2_session_mem_send(session_, &data);
    if (size < 0) return false;
    if (size == 0) return true;
    if (!send_all(fd_, reinterpret_cast<const char*>(data), static_cast<size_t>(size))) {
      return false;
    }
  }
}

bool Http2TestClient::run_until(const std::function<bool()>& done,
                                std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  uint8_t buffer[16384];
  while (!done()) {
    if (ended_ || fd_ < 0 || !flush()) return done();
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd fd{fd_, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(std::min<long>(left.count(), 100))) <= 0) continue;
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) {
      ended_ = true;
      continue;
    }
    if (nghttp2_session_mem_recv(session_, buffer, static_cast<size_t>(n)) < 0) ended_ = true;
  }
  return true;
}

int Http2TestClient::on_header(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name,
                               size_t name_length, const uint8_t* value, size_t value_length,
                               uint8_t, void* user_data) {
  auto& self = *static_cast<Http2TestClient*>(user_data);
  const std::string key(reinterpret_cast<const char*>(name), name_length);
  const std::string text(reinterpret_cast<const char*>(value), value_length);
  auto& reply = self.replies_[frame->hd.stream_id];
  if (key == ":status") {
    reply.status = std::stoi(text);
  } else {
    reply.headers.emplace_back(key, text);
  }
  return 0;
}

int Http2TestClient::on_data_chunk(nghttp2_session* session, uint8_t, int32_t stream_id,
                                   const uint8_t* data, size_t length, void* user_data) {
  auto& self = *static_cast<Http2TestClient*>(user_data);
  self.replies_[stream_id].body.append(reinterpret_cast<const char*>(data), length);
  if (self.manual_window_) {
    // The connection window always reopens; a stream's only when the test reads it.
    const bool reads = std::find(self.read_freely_.begin(), self.read_freely_.end(), stream_id) !=
                       self.read_freely_.end();
    if (reads) {
      nghttp2_session_consume(session, stream_id, length);
    } else {
      nghttp2_session_consume_connection(session, length);
    }
  }
  return 0;
}

int Http2TestClient::on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
  auto& self = *static_cast<Http2TestClient*>(user_data);
  if (frame->hd.type == NGHTTP2_GOAWAY) self.goaway_code_ = frame->goaway.error_code;
  if (frame->hd.type == NGHTTP2_DATA) {
    self.replies_[frame->hd.stream_id].data_frames.push_back(frame->hd.length);
  }
  if (frame->hd.type == NGHTTP2_RST_STREAM) {
    self.replies_[frame->hd.stream_id].reset_code = frame->rst_stream.error_code;
  }
  if ((frame->hd.type == NGHTTP2_DATA || frame->hd.type == NGHTTP2_HEADERS) &&
      (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0) {
    self.replies_[frame->hd.stream_id].end_stream = true;
  }
  return 0;
}

int Http2TestClient::on_stream_close(nghttp2_session*, int32_t stream_id, uint32_t,
                                     void* user_data) {
  static_cast<Http2TestClient*>(user_data)->replies_[stream_id].closed = true;
  return 0;
}

std::string http2_frame(uint8_t type, uint8_t flags, uint32_t stream_id,
                        const std::string& payload) {
  std::string frame;
  const auto length = static_cast<uint32_t>(payload.size());
  frame.push_back(static_cast<char>((length >> 16) & 0xff));
  frame.push_back(static_cast<char>((length >> 8) & 0xff));
  frame.push_back(static_cast<char>(length & 0xff));
  frame.push_back(static_cast<char>(type));
  frame.push_back(static_cast<char>(flags));
  for (int shift = 24; shift >= 0; shift -= 8) {
    frame.push_back(static_cast<char>((stream_id >> shift) & 0xff));
  }
  return frame + payload;
}

std::string http2_header_block(const std::vector<std::pair<std::string, std::string>>& fields) {
  nghttp2_hd_deflater* deflater = nullptr;
  nghttp2_hd_deflate_new(&deflater, 4096);
  std::vector<nghttp2_nv> nva;
  for (const auto& [name, value] : fields) nva.push_back(field(name, value));
  std::string block(nghttp2_hd_deflate_bound(deflater, nva.data(), nva.size()), '\0');
  const ssize_t size = nghttp2_hd_deflate_hd(deflater, reinterpret_cast<uint8_t*>(block.data()),
                                             block.size(), nva.data(), nva.size());
  nghttp2_hd_deflate_del(deflater);
  block.resize(size > 0 ? static_cast<size_t>(size) : 0);
  return block;
}

RawOutcome send_raw_http2(int port, const std::string& bytes, std::chrono::milliseconds timeout) {
  RawOutcome outcome;
  const int fd = connect_to(port);
  if (fd < 0) return outcome;
  send_all(fd, bytes.data(), bytes.size());  // the server may close before taking it all
  std::string received;
  const auto deadline = Clock::now() + timeout;
  char buffer[16384];
  while (Clock::now() < deadline) {
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 100) <= 0) continue;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      outcome.closed_by_server = true;
      break;
    }
    received.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  // Walk the server's frames for a GOAWAY (type 7): last-stream-id, then the error code.
  for (size_t at = 0; at + 9 <= received.size();) {
    const auto byte = [&](size_t i) {
      return static_cast<uint32_t>(static_cast<uint8_t>(received[i]));
    };
    const uint32_t length = (byte(at) << 16) | (byte(at + 1) << 8) | byte(at + 2);
    if (byte(at + 3) == 7 && at + 9 + 8 <= received.size()) {
      const size_t code = at + 9 + 4;
      outcome.goaway_code =
          (byte(code) << 24) | (byte(code + 1) << 16) | (byte(code + 2) << 8) | byte(code + 3);
    }
    at += 9 + length;
  }
  return outcome;
}

}  // namespace bedrock::transport::testing
