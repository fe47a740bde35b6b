#pragma once
// HTTP/1.1 (RFC 9112) on llhttp, the parser Node.js uses (Debian's node-llhttp ships its C
// sources; transport/CMakeLists.txt compiles them): keep-alive, pipelining (one request at a
// time: the parser pauses at the end of each message until its answer is written), chunked
// request bodies, Expect: 100-continue, and the limits of ConnectionLimits. Answers go out with
// Content-Length, or chunked for event streams.
#include <llhttp.h>

#include <cstddef>
#include <memory>
#include <string>

#include "bedrock/transport/exchange.hpp"
#include "response_player.hpp"
#include "response_sink.hpp"
#include "session.hpp"

namespace bedrock::transport {

class Connection;

class H1Session final : public Session, public ResponseSink {
 public:
  explicit H1Session(Connection& connection);
  ~H1Session() override;

  // Session
  void on_input(const char* data, std::size_t size) override;
  void on_output_drained() override;
  void on_peer_closed() override;
  void on_tick(Clock::time_point now) override;
  void on_server_stop() override;
  void on_closed() override;

  // ResponseSink
  void send_whole(Response& response) override;
  void send_stream_head(Response& response, std::string_view content_type) override;
  void send_stream_bytes(std::string_view bytes) override;
  void end_stream() override;
  void reset() override;
  void close_connection() override;
  std::size_t queued_bytes() const override;
  void on_response_done() override;

 private:
  static int on_message_begin(llhttp_t* parser);
  static int on_url(llhttp_t* parser, const char* at, std::size_t length);
  static int on_header_field(llhttp_t* parser, const char* at, std::size_t length);
  static int on_header_value(llhttp_t* parser, const char* at, std::size_t length);
  static int on_headers_complete(llhttp_t* parser);
  static int on_body(llhttp_t* parser, const char* at, std::size_t length);
  static int on_message_complete(llhttp_t* parser);
  static const llhttp_settings_t& settings();

  void parse(const char* data, std::size_t size);
  void drive();
  bool count_header_bytes(std::size_t length);
  void dispatch();
  void answer(Response response);
  void write_head(const Response& response, bool chunked, std::size_t content_length);
  void refuse(int status);
  void response_finished();
  void recycle_request();

  Connection& connection_;
  llhttp_t parser_;
  Request request_;
  HeaderList spare_headers_;  // emptied header strings, kept for their capacity
  std::size_t header_count_ = 0;
  bool last_was_value_ = false;
  std::size_t header_bytes_ = 0;
  int refused_status_ = 0;  // set by a callback that refuses the request (413, 431)
  bool in_message_ = false;
  Clock::time_point message_started_;
  bool in_flight_ = false;  // dispatched, answer not finished
  bool keep_alive_ = true;
  bool head_request_ = false;
  bool chunked_answer_ = false;
  bool driving_ = false;
  bool closed_ = false;
  bool resume_upgrade_ = false;
  std::string pending_;  // input not parsed yet (arrived while a request was in flight)
  std::string parsing_;  // the buffer being parsed from pending_ (capacity reused)
  std::unique_ptr<ResponsePlayer> player_;
  std::shared_ptr<bool> alive_;  // for answers computed on a worker thread
};

}  // namespace bedrock::transport
