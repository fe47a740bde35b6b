#pragma once
// HTTP/2 (RFC 9113) on libnghttp2, a protocol engine without I/O: the connection feeds it the
// bytes read and writes the frames it serialises at the end of each loop round. Each request
// stream becomes a Request; its answer is a ResponsePlayer writing into the stream, whose body
// waits in a per-stream queue until the flow-control window lets it out, so a slow reader holds
// up only its own stream. The limits of Http2Limits end a misbehaving connection with GOAWAY.
#include <nghttp2/nghttp2.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bedrock/transport/exchange.hpp"
#include "response_player.hpp"
#include "response_sink.hpp"
#include "session.hpp"

namespace bedrock::transport {

class Connection;

class H2Session final : public Session {
 public:
  explicit H2Session(Connection& connection);
  ~H2Session() override;

  void on_input(const char* data, std::size_t size) override;
  void before_flush() override;
  void on_output_drained() override;
  void on_peer_closed() override;
  void on_tick(Clock::time_point now) override;
  void on_server_stop() override;
  void on_closed() override;

 private:
  class Stream;

  bool open_session();
  bool serialise();  // nghttp2's frames into the output queue; false when the session broke
  void go_away(std::uint32_t error_code);
  bool within_control_budget();
  void dispatch(Stream& stream);
  void answer(Stream& stream, Response response);
  Stream* find(std::int32_t id);

  static int on_begin_headers(nghttp2_session*, const nghttp2_frame*, void*);
  static int on_header(nghttp2_session*, const nghttp2_frame*, const std::uint8_t*, std::size_t,
                       const std::uint8_t*, std::size_t, std::uint8_t, void*);
  static int on_data_chunk(nghttp2_session*, std::uint8_t, std::int32_t, const std::uint8_t*,
                           std::size_t, void*);
  static int on_frame_recv(nghttp2_session*, const nghttp2_frame*, void*);
  static int on_stream_close(nghttp2_session*, std::int32_t, std::uint32_t, void*);
  static ssize_t read_body(nghttp2_session*, std::int32_t, std::uint8_t*, std::size_t,
                           std::uint32_t*, nghttp2_data_source*, void*);

  Connection& connection_;
  nghttp2_session* session_ = nullptr;
  std::map<std::int32_t, std::unique_ptr<Stream>> streams_;
  std::size_t open_streams_ = 0;
  bool limit_broken_ = false;
  bool going_away_ = false;
  bool send_blocked_ = false;  // stopped serialising at the output limit
  bool closed_ = false;
  Clock::time_point control_window_start_;
  std::size_t control_frames_ = 0;
  std::vector<std::int32_t> writable_;  // streams whose queue went below the limit
  // A stream ended with StreamEnd::kClose has sent its bytes: GOAWAY(INTERNAL_ERROR) goes out
  // at the end of this round, then the connection closes.
  bool close_requested_ = false;
  std::shared_ptr<bool> alive_;
};

}  // namespace bedrock::transport
