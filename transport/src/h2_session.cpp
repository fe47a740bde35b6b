#include "h2_session.hpp"

#include <algorithm>
#include <cstring>

#include "connection.hpp"

namespace bedrock::transport {
namespace {

// Request bodies up to 25 MB (InvokeModel, reference §2): a larger window than the 64 KiB
// default lets an upload go out without waiting for a WINDOW_UPDATE every 64 KiB.
constexpr std::int32_t kStreamWindow = 1 << 20;
constexpr std::int32_t kConnectionWindow = 16 << 20;

bool is_connection_specific(std::string_view name) {
  // RFC 9113 §8.2.2: these must not appear in HTTP/2; content-length is set here.
  static constexpr std::string_view kNames[] = {
      "connection", "keep-alive", "proxy-connection", "transfer-encoding",
      "upgrade",    "te",         "content-length"};
  return std::any_of(std::begin(kNames), std::end(kNames),
                     [&](std::string_view known) { return header_name_equals(name, known); });
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

// One request stream: the request as it arrives, then the answer on its way out.
class H2Session::Stream final : public ResponseSink {
 public:
  Stream(H2Session& session, std::int32_t stream_id) : session_(session), id(stream_id) {}

  H2Session& session_;
  const std::int32_t id;
  Request request;
  std::string authority;
  std::size_t header_bytes = 0;
  bool body_too_large = false;
  bool dispatched = false;
  bool head_sent = false;
  std::unique_ptr<ResponsePlayer> player;

  std::deque<std::string> queued;
  std::size_t front_offset = 0;  // bytes of queued.front() already sent
  std::size_t queued_bytes_ = 0;
  bool producer_done = false;
  bool keep_boundaries =
      false;  // one DATA frame per queued piece (Response::keep_frame_boundaries)
  StreamEnd end = StreamEnd::kComplete;

  void submit_head(const Response& response, bool stream, std::string_view content_type,
                   std::size_t content_length) {
    const std::string status = std::to_string(response.status);
    std::vector<std::string> names;
    names.reserve(response.headers.size() + 2);
    std::vector<nghttp2_nv> fields;
    fields.reserve(response.headers.size() + 3);
    auto add = [&fields](std::string_view name, std::string_view value) {
      fields.push_back({reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
                        reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())),
                        name.size(), value.size(), NGHTTP2_NV_FLAG_NONE});
    };
    add(":status", status);
    for (const auto& [name, value] : response.headers) {
      if (is_connection_specific(name)) continue;
      if (stream && header_name_equals(name, "content-type")) continue;  // added below
      names.push_back(lowercase(name));
      add(names.back(), value);
    }
    std::string length;
    if (stream) {
      add("content-type", content_type);
    } else {
      length = std::to_string(content_length);
      add("content-length", length);
    }
    nghttp2_data_provider provider{};
    provider.source.ptr = this;
    provider.read_callback = read_body;
    // nghttp2 copies the fields; a stream the client has reset meanwhile is refused, harmlessly.
    nghttp2_submit_response(session_.session_, id, fields.data(), fields.size(),
                            stream || content_length > 0 ? &provider : nullptr);
    head_sent = true;
    session_.connection_.request_flush();
  }

  void send_whole(Response& response) override {
    const std::size_t length = response.body.size();
    if (length > 0) {
      queued_bytes_ = length;
      queued.push_back(std::move(response.body));
    }
    producer_done = true;
    submit_head(response, false, {}, length);
  }

  void send_stream_head(Response& response, std::string_view content_type) override {
    keep_boundaries = response.keep_frame_boundaries || response.drip_bytes_per_second > 0;
    submit_head(response, true, content_type, 0);
  }

  void send_stream_bytes(std::string_view bytes) override {
    if (bytes.empty()) return;
    queued_bytes_ += bytes.size();
    queued.emplace_back(bytes);
    resume();
  }

  void end_stream() override {
    producer_done = true;
    end = StreamEnd::kComplete;
    resume();
  }

  void reset() override {
    if (!head_sent) {
      // HTTP/2's "connection dropped" for one request: RST_STREAM, the client gets no answer.
      nghttp2_submit_rst_stream(session_.session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR);
      session_.connection_.request_flush();
      return;
    }
    producer_done = true;
    end = StreamEnd::kReset;
    resume();
  }

  void close_connection() override {
    // The stream's queued bytes first (read_body), then GOAWAY for the whole connection.
    producer_done = true;
    end = StreamEnd::kClose;
    resume();
  }

  std::size_t queued_bytes() const override { return queued_bytes_; }

  void on_response_done() override {
    if (player) {
      session_.connection_.loop().keep_until_round_end(
          std::shared_ptr<ResponsePlayer>(std::move(player)));
    }
  }

  void resume() {
    nghttp2_session_resume_data(session_.session_, id);
    session_.connection_.request_flush();
  }
};

H2Session::H2Session(Connection& connection)
    : connection_(connection),
      control_window_start_(connection.loop().now()),
      alive_(std::make_shared<bool>(true)) {
  if (!open_session()) {
    closed_ = true;
    connection_.close_now(false);
  }
}

H2Session::~H2Session() {
  *alive_ = false;
  streams_.clear();  // players first: they may still hold the stream as their sink
  if (session_ != nullptr) nghttp2_session_del(session_);
}

bool H2Session::open_session() {
  nghttp2_session_callbacks* callbacks = nullptr;
  if (nghttp2_session_callbacks_new(&callbacks) != 0) return false;
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, on_data_chunk);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, on_frame_recv);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, on_stream_close);
  nghttp2_option* option = nullptr;
  nghttp2_option_new(&option);
  const auto& limits = connection_.service().options.http2;
  // nghttp2's own rapid-reset limiter, set to the same budget as the frame counter below.
  nghttp2_option_set_stream_reset_rate_limit(
      option, limits.control_frame_budget,
      std::max<std::uint64_t>(1, limits.control_frame_budget /
                                     static_cast<std::uint64_t>(std::max<std::chrono::seconds::rep>(
                                         1, limits.control_frame_window.count()))));
  nghttp2_option_set_max_settings(option, 64);
  const int created = nghttp2_session_server_new2(&session_, callbacks, this, option);
  nghttp2_option_del(option);
  nghttp2_session_callbacks_del(callbacks);
  if (created != 0) {
    session_ = nullptr;
    return false;
  }
  const nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS,
       static_cast<std::uint32_t>(limits.max_concurrent_streams)},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE,
       static_cast<std::uint32_t>(limits.max_header_list_bytes)},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, static_cast<std::uint32_t>(kStreamWindow)},
      {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
  };
  nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, std::size(settings));
  nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, kConnectionWindow);
  connection_.request_flush();
  return true;
}

H2Session::Stream* H2Session::find(std::int32_t id) {
  auto found = streams_.find(id);
  return found == streams_.end() ? nullptr : found->second.get();
}

void H2Session::on_input(const char* data, std::size_t size) {
  if (closed_ || session_ == nullptr) return;
  const ssize_t consumed =
      nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(data), size);
  if (consumed < 0 || limit_broken_) {
    // Bad preface, a protocol violation nghttp2 cannot answer itself, or one of our limits:
    // tell the client why, then close this connection only.
    go_away(limit_broken_ ? NGHTTP2_ENHANCE_YOUR_CALM : NGHTTP2_PROTOCOL_ERROR);
    return;
  }
  connection_.request_flush();
}

void H2Session::go_away(std::uint32_t error_code) {
  going_away_ = true;
  nghttp2_session_terminate_session(session_, error_code);
  // Nothing more is read: the GOAWAY goes out, then the connection closes.
  connection_.set_reading(false);
  connection_.request_flush();
}

bool H2Session::serialise() {
  OutputQueue& out = connection_.output();
  send_blocked_ = false;
  for (;;) {
    if (out.size() >= kConnectionOutputLimit) {
      send_blocked_ = true;
      return true;
    }
    const std::uint8_t* data = nullptr;
    const ssize_t size = nghttp2_session_mem_send(session_, &data);
    if (size < 0) {
      closed_ = true;
      connection_.close_now(false);
      return false;
    }
    if (size == 0) return true;
    out.append(
        std::string_view(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)));
  }
}

void H2Session::before_flush() {
  if (closed_ || session_ == nullptr) return;
  if (!serialise()) return;
  if (close_requested_ && !going_away_) {
    // StreamEnd::kClose: the stream's DATA went out above; the GOAWAY follows it.
    go_away(NGHTTP2_INTERNAL_ERROR);
    if (!serialise()) return;
  }
  if (!send_blocked_ && nghttp2_session_want_read(session_) == 0 &&
      nghttp2_session_want_write(session_) == 0) {
    connection_.close_gracefully();  // GOAWAY sent (or received) and nothing left to do
  }
  // Streams whose queue went down while frames were serialised can produce more now.
  auto writable = std::move(writable_);
  writable_.clear();
  for (const auto id : writable) {
    if (Stream* stream = find(id); stream != nullptr && stream->player) {
      stream->player->on_sink_writable();
    }
  }
}

void H2Session::on_output_drained() {
  if (send_blocked_ && !closed_) connection_.request_flush();
}

void H2Session::on_peer_closed() {
  closed_ = true;
  connection_.close_gracefully();
}

void H2Session::on_tick(Clock::time_point now) {
  if (closed_) return;
  if (open_streams_ == 0 && !going_away_ &&
      now - connection_.last_activity() > connection_.service().options.limits.idle_timeout) {
    going_away_ = true;
    nghttp2_session_terminate_session(session_, NGHTTP2_NO_ERROR);
    connection_.request_flush();
  }
}

void H2Session::on_server_stop() {
  if (closed_) return;
  for (auto& [id, stream] : streams_) stream->player.reset();
  going_away_ = true;
  nghttp2_session_terminate_session(session_, NGHTTP2_NO_ERROR);
  connection_.set_reading(false);
  connection_.request_flush();
}

void H2Session::on_closed() {
  closed_ = true;
  for (auto& [id, stream] : streams_) stream->player.reset();
}

bool H2Session::within_control_budget() {
  const auto now = connection_.loop().now();
  const auto& limits = connection_.service().options.http2;
  if (now - control_window_start_ > limits.control_frame_window) {
    control_window_start_ = now;
    control_frames_ = 0;
  }
  return ++control_frames_ <= limits.control_frame_budget;
}

// ---- request side (called by nghttp2 from on_input) ----

int H2Session::on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
  if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
  auto& self = *static_cast<H2Session*>(user_data);
  // nghttp2 enforces the advertised limit only once the client has acknowledged our SETTINGS;
  // before that it would refuse streams one by one instead of closing.
  if (self.open_streams_ >= self.connection_.service().options.http2.max_concurrent_streams) {
    self.limit_broken_ = true;
    return NGHTTP2_ERR_CALLBACK_FAILURE;
  }
  try {
    auto stream = std::make_unique<Stream>(self, frame->hd.stream_id);
    stream->request.protocol = "HTTP/2";
    stream->request.remote_addr = self.connection_.remote_addr();
    self.streams_[frame->hd.stream_id] = std::move(stream);
    ++self.open_streams_;
  } catch (...) {
    return NGHTTP2_ERR_CALLBACK_FAILURE;
  }
  return 0;
}

int H2Session::on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name,
                         std::size_t name_length, const std::uint8_t* value,
                         std::size_t value_length, std::uint8_t, void* user_data) {
  auto& self = *static_cast<H2Session*>(user_data);
  Stream* stream = self.find(frame->hd.stream_id);
  if (stream == nullptr) return 0;
  stream->header_bytes += name_length + value_length + 32;
  if (stream->header_bytes > self.connection_.service().options.http2.max_header_list_bytes) {
    self.limit_broken_ = true;
    return NGHTTP2_ERR_CALLBACK_FAILURE;
  }
  const std::string_view key(reinterpret_cast<const char*>(name), name_length);
  const std::string_view text(reinterpret_cast<const char*>(value), value_length);
  try {
    if (key == ":method") {
      stream->request.method = text;
    } else if (key == ":path") {
      stream->request.target = text;
    } else if (key == ":authority") {
      stream->authority = text;
    } else if (!key.empty() && key.front() != ':') {
      stream->request.headers.emplace_back(key, text);
    }
  } catch (...) {
    return NGHTTP2_ERR_CALLBACK_FAILURE;
  }
  return 0;
}

int H2Session::on_data_chunk(nghttp2_session*, std::uint8_t, std::int32_t stream_id,
                             const std::uint8_t* data, std::size_t length, void* user_data) {
  auto& self = *static_cast<H2Session*>(user_data);
  Stream* stream = self.find(stream_id);
  if (stream == nullptr || stream->body_too_large) return 0;
  std::string& body = stream->request.body;
  if (body.size() + length > self.connection_.service().options.limits.max_body_bytes) {
    // Read and dropped; the answer is the front end's 413 once the request is complete.
    stream->body_too_large = true;
    std::string().swap(body);
    return 0;
  }
  try {
    body.append(reinterpret_cast<const char*>(data), length);
  } catch (...) {
    return NGHTTP2_ERR_CALLBACK_FAILURE;
  }
  return 0;
}

int H2Session::on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
  auto& self = *static_cast<H2Session*>(user_data);
  switch (frame->hd.type) {
    case NGHTTP2_SETTINGS:
    case NGHTTP2_PING:
    case NGHTTP2_RST_STREAM:
      if (!self.within_control_budget()) {
        self.limit_broken_ = true;
        return NGHTTP2_ERR_CALLBACK_FAILURE;
      }
      return 0;
    case NGHTTP2_HEADERS:
    case NGHTTP2_DATA:
      if ((frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0) {
        if (Stream* stream = self.find(frame->hd.stream_id)) self.dispatch(*stream);
      }
      return 0;
    default:
      return 0;
  }
}

int H2Session::on_stream_close(nghttp2_session*, std::int32_t stream_id, std::uint32_t,
                               void* user_data) {
  auto& self = *static_cast<H2Session*>(user_data);
  auto found = self.streams_.find(stream_id);
  if (found == self.streams_.end()) return 0;
  --self.open_streams_;
  // Finished, or reset by the client: its player stops. Released after this round (a player
  // may be on the stack below this callback).
  std::shared_ptr<Stream> gone(std::move(found->second));
  self.streams_.erase(found);
  if (gone->player) {
    self.connection_.loop().keep_until_round_end(
        std::shared_ptr<ResponsePlayer>(std::move(gone->player)));
  }
  self.connection_.loop().keep_until_round_end(std::move(gone));
  return 0;
}

// ---- response side ----

void H2Session::dispatch(Stream& stream) {
  if (stream.dispatched) return;
  stream.dispatched = true;
  if (!stream.authority.empty() && find_header(stream.request.headers, "host") == nullptr) {
    // HTTP/2 carries the host in :authority (RFC 9113 §8.3.1). Handlers read `host` as they do
    // over HTTP/1.1; the mock's SigV4 verifier accepts it for a signed `:authority`.
    stream.request.headers.insert(stream.request.headers.begin(), {"host", stream.authority});
  }
  Service& service = connection_.service();
  if (stream.body_too_large) {
    answer(stream, service.refuse(413, stream.request.target));
    return;
  }
  if (service.options.handler_returns_promptly) {
    answer(stream, service.call(stream.request));
    return;
  }
  auto request = std::make_shared<Request>(std::move(stream.request));
  std::weak_ptr<bool> alive = alive_;
  EventLoop* loop = &connection_.loop();
  const std::int32_t id = stream.id;
  const bool submitted = service.pool.submit([this, alive, loop, request, id, &service] {
    auto response = std::make_shared<Response>(service.call(*request));
    loop->post([this, alive, response, id] {
      Stream* target = nullptr;
      if (auto live = alive.lock(); live && *live && !closed_) target = find(id);
      if (target != nullptr) {
        answer(*target, std::move(*response));
      } else if (response->live) {
        response->live->cancel();  // the stream is gone: nobody to relay it to
      }
    });
  });
  if (!submitted) answer(stream, service.refuse(500, request->target));
}

void H2Session::answer(Stream& stream, Response response) {
  if (ResponsePlayer::is_immediate(response)) {
    stream.send_whole(response);
    return;
  }
  stream.player = std::make_unique<ResponsePlayer>(
      connection_.loop(), connection_.service().http2_player, stream, std::move(response));
  stream.player->start();
}

// nghttp2 pulls DATA payloads from here when the stream's window allows.
ssize_t H2Session::read_body(nghttp2_session*, std::int32_t, std::uint8_t* buffer,
                             std::size_t length, std::uint32_t* data_flags,
                             nghttp2_data_source* source, void*) {
  auto& stream = *static_cast<Stream*>(source->ptr);
  const std::size_t limit = stream.session_.connection_.service().options.http2.stream_buffer_bytes;
  const bool was_full = stream.queued_bytes_ >= limit;
  std::size_t copied = 0;
  while (copied < length && !stream.queued.empty()) {
    const std::string& front = stream.queued.front();
    const std::size_t count = std::min(length - copied, front.size() - stream.front_offset);
    std::memcpy(buffer + copied, front.data() + stream.front_offset, count);
    copied += count;
    stream.front_offset += count;
    stream.queued_bytes_ -= count;
    if (stream.front_offset == front.size()) {
      stream.queued.pop_front();
      stream.front_offset = 0;
      if (stream.keep_boundaries) break;  // the next piece gets a DATA frame of its own
    }
  }
  if (was_full && stream.queued_bytes_ < limit) stream.session_.writable_.push_back(stream.id);
  const bool finished = stream.producer_done && stream.queued.empty();
  if (finished && stream.end == StreamEnd::kComplete) {
    *data_flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(copied);
  }
  if (copied > 0) return static_cast<ssize_t>(copied);
  if (!finished) return NGHTTP2_ERR_DEFERRED;
  if (stream.end == StreamEnd::kClose) {
    // Everything queued has gone out: the connection ends with GOAWAY (before_flush).
    stream.session_.close_requested_ = true;
    return NGHTTP2_ERR_DEFERRED;
  }
  // A reset stream: everything queued has gone out, now RST_STREAM (INTERNAL_ERROR).
  return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
}

}  // namespace bedrock::transport
