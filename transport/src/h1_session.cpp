#include "h1_session.hpp"

#include <charconv>
#include <cstring>

#include "connection.hpp"
#include "http_status.hpp"

namespace bedrock::transport {
namespace {

H1Session& self(llhttp_t* parser) { return *static_cast<H1Session*>(parser->data); }

bool is_hop_by_hop(std::string_view name) {
  static constexpr std::string_view kNames[] = {"content-length", "transfer-encoding", "connection",
                                                "keep-alive"};
  for (auto known : kNames) {
    if (header_name_equals(name, known)) return true;
  }
  return false;
}

void append_number(std::string& out, std::size_t value, int base = 10) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value, base);
  out.append(digits, result.ptr);
}

// RFC 9110 §5.6.2 tchar: a field name with anything else (a space, a control byte) is refused,
// as request-smuggling defences require; llhttp lets some of them through.
bool is_token(const char* at, std::size_t length) {
  static constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  for (std::size_t i = 0; i < length; ++i) {
    const auto c = static_cast<unsigned char>(at[i]);
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && kSymbols.find(static_cast<char>(c)) == std::string_view::npos) return false;
  }
  return true;
}

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace

const llhttp_settings_t& H1Session::settings() {
  static const llhttp_settings_t kSettings = [] {
    llhttp_settings_t s;
    llhttp_settings_init(&s);
    s.on_message_begin = on_message_begin;
    s.on_url = on_url;
    s.on_header_field = on_header_field;
    s.on_header_value = on_header_value;
    s.on_headers_complete = on_headers_complete;
    s.on_body = on_body;
    s.on_message_complete = on_message_complete;
    return s;
  }();
  return kSettings;
}

H1Session::H1Session(Connection& connection)
    : connection_(connection), alive_(std::make_shared<bool>(true)) {
  llhttp_init(&parser_, HTTP_REQUEST, &settings());
  parser_.data = this;
  request_.remote_addr = connection.remote_addr();
}

H1Session::~H1Session() { *alive_ = false; }

// ---- parsing ----

int H1Session::on_message_begin(llhttp_t* parser) {
  H1Session& session = self(parser);
  session.in_message_ = true;
  session.message_started_ = session.connection_.loop().now();
  session.header_bytes_ = 0;
  session.header_count_ = 0;
  session.last_was_value_ = false;
  session.refused_status_ = 0;
  return 0;
}

bool H1Session::count_header_bytes(std::size_t length) {
  header_bytes_ += length;
  if (header_bytes_ > connection_.service().options.limits.max_header_bytes) {
    refused_status_ = 431;
    return false;
  }
  return true;
}

int H1Session::on_url(llhttp_t* parser, const char* at, std::size_t length) {
  H1Session& session = self(parser);
  if (!session.count_header_bytes(length)) return -1;
  session.request_.target.append(at, length);
  return 0;
}

int H1Session::on_header_field(llhttp_t* parser, const char* at, std::size_t length) {
  H1Session& session = self(parser);
  if (!session.count_header_bytes(length + 4)) return -1;  // + ": " and CRLF
  if (!is_token(at, length)) return -1;                    // 400
  HeaderList& headers = session.request_.headers;
  if (session.header_count_ == 0 || session.last_was_value_) {
    // A new field: reuse an emptied pair when there is one (no allocation in steady state).
    if (!session.spare_headers_.empty()) {
      headers.push_back(std::move(session.spare_headers_.back()));
      session.spare_headers_.pop_back();
      headers.back().first.clear();
      headers.back().second.clear();
    } else {
      headers.emplace_back();
    }
    ++session.header_count_;
    session.last_was_value_ = false;
  }
  headers.back().first.append(at, length);
  return 0;
}

int H1Session::on_header_value(llhttp_t* parser, const char* at, std::size_t length) {
  H1Session& session = self(parser);
  if (!session.count_header_bytes(length)) return -1;
  session.last_was_value_ = true;
  if (session.request_.headers.empty()) return 0;
  session.request_.headers.back().second.append(at, length);
  return 0;
}

int H1Session::on_headers_complete(llhttp_t* parser) {
  H1Session& session = self(parser);
  Request& request = session.request_;
  request.method = llhttp_method_name(static_cast<llhttp_method_t>(parser->method));
  request.protocol = parser->http_minor == 0 ? "HTTP/1.0" : "HTTP/1.1";
  const auto& limits = session.connection_.service().options.limits;
  if ((parser->flags & F_CONTENT_LENGTH) != 0 && parser->content_length > limits.max_body_bytes) {
    // Refused before the body is read (or, with Expect: 100-continue, sent).
    session.refused_status_ = 413;
    return -1;
  }
  const bool has_body = (parser->flags & (F_CONTENT_LENGTH | F_CHUNKED)) != 0 &&
                        !((parser->flags & F_CONTENT_LENGTH) != 0 && parser->content_length == 0);
  if (has_body && parser->http_minor >= 1) {
    if (const std::string* expect = request.header("expect");
        expect != nullptr && header_name_equals(*expect, "100-continue")) {
      session.connection_.output().append(kContinue);
      session.connection_.request_flush();
    }
  }
  return 0;
}

int H1Session::on_body(llhttp_t* parser, const char* at, std::size_t length) {
  H1Session& session = self(parser);
  std::string& body = session.request_.body;
  if (body.size() + length > session.connection_.service().options.limits.max_body_bytes) {
    session.refused_status_ = 413;  // a chunked body that grew past the limit
    return -1;
  }
  if (body.empty() && (parser->flags & F_CONTENT_LENGTH) != 0) {
    body.reserve(static_cast<std::size_t>(parser->content_length));
  }
  body.append(at, length);
  return 0;
}

int H1Session::on_message_complete(llhttp_t* parser) {
  self(parser).in_message_ = false;
  return HPE_PAUSED;  // one request at a time: parsing resumes once it is answered
}

void H1Session::on_input(const char* data, std::size_t size) {
  if (closed_) return;
  if (in_flight_ || driving_ || !pending_.empty()) {
    pending_.append(data, size);
    // A client that pipelines without reading answers is not buffered without bound.
    if (pending_.size() > connection_.service().options.limits.max_header_bytes + (1 << 20)) {
      connection_.set_reading(false);
    }
    drive();
    return;
  }
  driving_ = true;
  parse(data, size);
  driving_ = false;
  drive();
}

void H1Session::drive() {
  if (driving_) return;
  driving_ = true;
  while (!in_flight_ && !closed_ && !connection_.closing() && !pending_.empty()) {
    parsing_.swap(pending_);
    pending_.clear();
    parse(parsing_.data(), parsing_.size());
    parsing_.clear();
  }
  driving_ = false;
}

void H1Session::parse(const char* data, std::size_t size) {
  const llhttp_errno_t status = llhttp_execute(&parser_, data, size);
  switch (status) {
    case HPE_OK:
      return;
    case HPE_PAUSED:
    case HPE_PAUSED_UPGRADE: {
      // An Upgrade request (h2c from curl --http2) is answered over HTTP/1.1, as if it had
      // asked for nothing: the upgrade is optional for the client (RFC 9110 §7.8).
      resume_upgrade_ = status == HPE_PAUSED_UPGRADE;
      const char* stop = llhttp_get_error_pos(&parser_);
      const std::size_t used = stop != nullptr ? static_cast<std::size_t>(stop - data) : size;
      if (used < size) pending_.insert(0, data + used, size - used);
      if (status == HPE_PAUSED_UPGRADE && in_message_) return;
      dispatch();
      return;
    }
    default:
      refuse(refused_status_ != 0 ? refused_status_ : 400);
      return;
  }
}

// ---- answering ----

void H1Session::dispatch() {
  in_flight_ = true;
  in_message_ = false;
  head_request_ = request_.method == "HEAD";
  Service& service = connection_.service();
  keep_alive_ = llhttp_should_keep_alive(&parser_) != 0 && !service.stopping.load();
  request_.remote_addr = connection_.remote_addr();
  if (service.options.handler_returns_promptly) {
    Response response = service.call(request_);
    recycle_request();
    answer(std::move(response));
    return;
  }
  // A handler that waits runs on a worker thread; its answer comes back to this loop.
  auto request = std::make_shared<Request>(std::move(request_));
  recycle_request();
  std::weak_ptr<bool> alive = alive_;
  EventLoop* loop = &connection_.loop();
  const bool submitted = service.pool.submit([this, alive, loop, request, &service] {
    auto response = std::make_shared<Response>(service.call(*request));
    loop->post([this, alive, response] {
      if (auto live = alive.lock(); live && *live && !closed_) {
        answer(std::move(*response));
      } else if (response->live) {
        response->live->cancel();  // nobody to relay it to
      }
    });
  });
  if (!submitted) answer(service.refuse(500, request->target));
}

void H1Session::recycle_request() {
  for (auto& header : request_.headers) spare_headers_.push_back(std::move(header));
  request_.headers.clear();
  request_.method.clear();
  request_.target.clear();
  request_.body.clear();
  // A 25 MB body's buffer is not kept for the next small request.
  if (request_.body.capacity() > (1 << 20)) std::string().swap(request_.body);
}

void H1Session::answer(Response response) {
  if (closed_) {
    if (response.live) response.live->cancel();
    return;
  }
  if (ResponsePlayer::is_immediate(response)) {
    send_whole(response);
    response_finished();
    return;
  }
  player_ = std::make_unique<ResponsePlayer>(connection_.loop(), connection_.service().http1_player,
                                             *this, std::move(response));
  player_->start();
}

void H1Session::write_head(const Response& response, bool chunked, std::size_t content_length) {
  OutputQueue& out = connection_.output();
  std::string head;
  head.reserve(256);
  head.append("HTTP/1.1 ");
  append_number(head, static_cast<std::size_t>(response.status));
  head.push_back(' ');
  head.append(reason_phrase(response.status));
  head.append("\r\n");
  for (const auto& [name, value] : response.headers) {
    if (is_hop_by_hop(name)) continue;
    if (chunked && header_name_equals(name, "content-type")) continue;  // written below
    head.append(name).append(": ").append(value).append("\r\n");
  }
  if (chunked) {
    const std::string* type = find_header(response.headers, "content-type");
    head.append("Content-Type: ")
        .append(type != nullptr ? *type : std::string("application/vnd.amazon.eventstream"))
        .append("\r\nTransfer-Encoding: chunked\r\n");
  } else {
    head.append("Content-Length: ");
    append_number(head, content_length);
    head.append("\r\n");
  }
  if (!keep_alive_) {
    head.append("Connection: close\r\n");
  } else if (request_.protocol == "HTTP/1.0") {
    head.append("Connection: keep-alive\r\n");
  }
  head.append("\r\n");
  out.append(std::string_view(head));
  connection_.request_flush();
}

void H1Session::send_whole(Response& response) {
  write_head(response, false, response.body.size());
  if (!head_request_) connection_.output().append(std::move(response.body));
}

void H1Session::send_stream_head(Response& response, std::string_view) {
  // HTTP/1.0 has no chunked coding: the body ends when the connection closes.
  chunked_answer_ = request_.protocol != "HTTP/1.0";
  if (!chunked_answer_) keep_alive_ = false;
  write_head(response, chunked_answer_, 0);
}

void H1Session::send_stream_bytes(std::string_view bytes) {
  if (bytes.empty() || head_request_) return;
  OutputQueue& out = connection_.output();
  if (chunked_answer_) {
    std::string size;
    append_number(size, bytes.size(), 16);
    size.append("\r\n");
    out.append(std::string_view(size));
    out.append(bytes);
    out.append(std::string_view("\r\n"));
  } else {
    out.append(bytes);
  }
  connection_.request_flush();
}

void H1Session::end_stream() {
  if (chunked_answer_ && !head_request_) connection_.output().append(std::string_view("0\r\n\r\n"));
  connection_.request_flush();
}

void H1Session::reset() {
  // What was queued reaches the client, then a RST: no terminating chunk, a broken transfer.
  keep_alive_ = false;
  connection_.reset_after_flush();
}

void H1Session::close_connection() {
  // A proxy that gives up mid-body: the queued bytes, then a FIN without the terminating chunk,
  // so the client sees the body end early on an orderly close (not a RST).
  keep_alive_ = false;
  connection_.close_gracefully();
}

std::size_t H1Session::queued_bytes() const { return connection_.output().size(); }

void H1Session::on_response_done() {
  if (player_)
    connection_.loop().keep_until_round_end(std::shared_ptr<ResponsePlayer>(std::move(player_)));
  response_finished();
}

void H1Session::response_finished() {
  in_flight_ = false;
  chunked_answer_ = false;
  if (closed_ || connection_.closing()) return;
  if (!keep_alive_) {
    connection_.close_gracefully();
    return;
  }
  if (resume_upgrade_) {
    llhttp_resume_after_upgrade(&parser_);
    resume_upgrade_ = false;
  } else {
    llhttp_resume(&parser_);
  }
  connection_.set_reading(true);
  drive();
}

void H1Session::refuse(int status) {
  // The request cannot be read on: answer, then close (the rest of the input is not HTTP we
  // can frame).
  in_message_ = false;
  keep_alive_ = false;
  in_flight_ = true;
  Response response = connection_.service().refuse(status, request_.target);
  recycle_request();
  response.is_stream = false;
  send_whole(response);
  in_flight_ = false;
  connection_.close_gracefully();
}

// ---- connection events ----

void H1Session::on_output_drained() {
  if (player_) player_->on_sink_writable();
}

void H1Session::on_peer_closed() {
  // The client closed its side. An answer already queued still goes out; one still being
  // produced (delayed, paced, relayed) is abandoned, as a client that went away would see it.
  player_.reset();
  closed_ = true;
  connection_.close_gracefully();
}

void H1Session::on_tick(Clock::time_point now) {
  if (closed_ || connection_.closing()) return;
  const auto& limits = connection_.service().options.limits;
  if (in_message_ && !in_flight_ && now - message_started_ > limits.request_timeout) {
    refuse(408);
    return;
  }
  if (!in_message_ && !in_flight_ && pending_.empty() && connection_.output().empty() &&
      now - connection_.last_activity() > limits.idle_timeout) {
    connection_.close_gracefully();
  }
}

void H1Session::on_server_stop() {
  if (in_flight_ && player_) {
    player_.reset();  // a paced, delayed or stalled answer ends here
  }
  keep_alive_ = false;
  closed_ = true;
  connection_.close_gracefully();
}

void H1Session::on_closed() {
  closed_ = true;
  player_.reset();
}

}  // namespace bedrock::transport
