#include "h2_connection.hpp"

#include <fcntl.h>
#include <nghttp2/nghttp2.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "socket_stream.hpp"

namespace bedrock::transport {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::chrono::milliseconds kPollSlice{100};
// Request bodies up to 25 MB (InvokeModel, reference §2): a larger window than the 64 KiB
// default lets an upload go out without waiting for a WINDOW_UPDATE every 64 KiB.
constexpr int32_t kStreamWindow = 1 << 20;
constexpr int32_t kConnectionWindow = 16 << 20;

bool is_connection_specific(std::string_view name) {
  // RFC 9113 §8.2.2: these must not appear in HTTP/2; content-length is set here.
  static constexpr std::string_view kNames[] = {
      "connection", "keep-alive", "proxy-connection", "transfer-encoding",
      "upgrade",    "te",         "content-length"};
  return std::any_of(std::begin(kNames), std::end(kNames),
                     [&](std::string_view known) { return header_name_equals(name, known); });
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// One request stream: the request as it arrives, then the response body on its way out.
struct Stream {
  explicit Stream(int32_t stream_id) : id(stream_id) {}
  const int32_t id;
  Request request;
  std::string authority;
  std::size_t header_bytes = 0;
  bool body_too_large = false;
  bool dispatched = false;
  std::thread worker;
  std::atomic<bool> worker_done{false};

  // Shared between the handler thread (producer) and the connection loop (consumer).
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::string> queued;
  std::size_t front_offset = 0;  // bytes of queued.front() already sent
  std::size_t queued_bytes = 0;
  bool producer_done = false;
  StreamEnd end = StreamEnd::kComplete;
  bool closed = false;  // reset by the client, finished, or the connection is gone
  std::shared_ptr<LiveBody> live;

  // Waits until `deadline`; false when the stream closed first.
  bool wait_until(Clock::time_point deadline) {
    std::unique_lock lock(mutex);
    return !changed.wait_until(lock, deadline, [this] { return closed; });
  }

  void close() {
    std::shared_ptr<LiveBody> body;
    {
      std::lock_guard lock(mutex);
      closed = true;
      body = live;
    }
    changed.notify_all();
    if (body) body->cancel();
  }
};

// What a handler thread asks the connection loop to do (only that thread touches nghttp2).
struct Command {
  enum Kind { kRespond, kResume, kReset };
  Command(Kind what, int32_t id) : kind(what), stream_id(id) {}
  Kind kind;
  int32_t stream_id = 0;
  int status = 200;
  HeaderList headers;
  bool has_body = false;
};

class Connection {
 public:
  Connection(ConnectionStream& io, const Http2Service& service) : io_(io), service_(service) {
    if (::pipe2(wake_, O_NONBLOCK | O_CLOEXEC) != 0) wake_[0] = wake_[1] = -1;
    io_.get_remote_ip_and_port(remote_addr_, remote_port_);
  }

  ~Connection() {
    for (const int fd : wake_) {
      if (fd >= 0) ::close(fd);
    }
  }

  void run() {
    loop_thread_ = std::this_thread::get_id();
    if (wake_[0] < 0 || !open_session()) return;
    loop();
    for (auto& [id, stream] : streams_) stream->close();
    for (auto& [id, stream] : streams_) {
      if (stream->worker.joinable()) stream->worker.join();
    }
    nghttp2_session_del(session_);
  }

 private:
  bool open_session() {
    nghttp2_session_callbacks* callbacks = nullptr;
    if (nghttp2_session_callbacks_new(&callbacks) != 0) return false;
    nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, on_data_chunk);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, on_frame_recv);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, on_stream_close);
    nghttp2_option* option = nullptr;
    nghttp2_option_new(&option);
    const auto& limits = service_.limits;
    // nghttp2's own rapid-reset limiter, set to the same budget as the frame counter below.
    nghttp2_option_set_stream_reset_rate_limit(
        option, limits.control_frame_budget,
        std::max<uint64_t>(1, limits.control_frame_budget /
                                  static_cast<uint64_t>(std::max<std::chrono::seconds::rep>(
                                      1, limits.control_frame_window.count()))));
    nghttp2_option_set_max_settings(option, 64);
    const int created = nghttp2_session_server_new2(&session_, callbacks, this, option);
    nghttp2_option_del(option);
    nghttp2_session_callbacks_del(callbacks);
    if (created != 0) return false;
    const nghttp2_settings_entry settings[] = {
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS,
         static_cast<uint32_t>(limits.max_concurrent_streams)},
        {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE,
         static_cast<uint32_t>(limits.max_header_list_bytes)},
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, static_cast<uint32_t>(kStreamWindow)},
        {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
    };
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, std::size(settings));
    nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, kConnectionWindow);
    return true;
  }

  void loop() {
    std::vector<uint8_t> buffer(kReadChunk);
    auto last_activity = Clock::now();
    bool going_away = false;
    while (flush()) {
      if (nghttp2_session_want_read(session_) == 0 && nghttp2_session_want_write(session_) == 0) {
        return;  // GOAWAY sent and nothing left to do
      }
      if (!going_away &&
          (service_.stop->stopped() ||
           (open_streams_ == 0 && Clock::now() - last_activity > service_.idle_timeout))) {
        going_away = true;
        nghttp2_session_terminate_session(session_, NGHTTP2_NO_ERROR);
        continue;
      }
      bool readable = io_.has_buffered_input();
      if (!readable) {
        pollfd fds[2] = {{io_.socket(), POLLIN, 0}, {wake_[0], POLLIN, 0}};
        const int ready = ::poll(fds, 2, static_cast<int>(kPollSlice.count()));
        if (ready > 0 && (fds[1].revents & POLLIN) != 0) drain_wake_pipe();
        readable = ready > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
      }
      if (readable) {
        const ssize_t n = io_.read(reinterpret_cast<char*>(buffer.data()), buffer.size());
        if (n <= 0) return;  // the client closed the connection (or it broke)
        last_activity = Clock::now();
        const ssize_t consumed =
            nghttp2_session_mem_recv(session_, buffer.data(), static_cast<size_t>(n));
        if (consumed < 0 || limit_broken_) {
          // Bad preface, a protocol violation nghttp2 cannot answer itself, or one of our
          // limits: tell the client why, then close this connection only.
          go_away(limit_broken_ ? NGHTTP2_ENHANCE_YOUR_CALM : NGHTTP2_PROTOCOL_ERROR);
          return;
        }
      }
      run_commands();
      reap_finished_streams();
    }
  }

  void go_away(uint32_t error_code) {
    nghttp2_session_terminate_session(session_, error_code);
    flush();
  }

  // Writes everything nghttp2 has to send; false when the connection is gone.
  bool flush() {
    for (;;) {
      const uint8_t* data = nullptr;
      const ssize_t size = nghttp2_session_mem_send(session_, &data);
      if (size < 0) return false;
      if (size == 0) return true;
      for (ssize_t sent = 0; sent < size;) {
        const ssize_t n =
            io_.write(reinterpret_cast<const char*>(data) + sent, static_cast<size_t>(size - sent));
        if (n <= 0) return false;
        sent += n;
      }
    }
  }

  void drain_wake_pipe() {
    char sink[64];
    while (::read(wake_[0], sink, sizeof sink) > 0) {
    }
  }

  void post(Command command) {
    {
      std::lock_guard lock(commands_mutex_);
      commands_.push_back(std::move(command));
    }
    // The loop runs its commands after every read; only other threads need to wake it.
    if (std::this_thread::get_id() != loop_thread_) wake();
  }

  void wake() {
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_[1], &byte, 1);  // full pipe: already awake
  }

  void run_commands() {
    std::vector<Command> commands;
    {
      std::lock_guard lock(commands_mutex_);
      commands.swap(commands_);
    }
    for (auto& command : commands) {
      auto found = streams_.find(command.stream_id);
      if (found == streams_.end()) continue;
      switch (command.kind) {
        case Command::kRespond:
          respond(*found->second, command);
          break;
        case Command::kResume:
          nghttp2_session_resume_data(session_, command.stream_id);
          break;
        case Command::kReset:
          nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, command.stream_id,
                                    NGHTTP2_INTERNAL_ERROR);
          break;
      }
    }
  }

  void respond(Stream& stream, const Command& command) {
    const std::string status = std::to_string(command.status);
    std::vector<nghttp2_nv> fields;
    fields.reserve(command.headers.size() + 1);
    auto add = [&fields](const std::string& name, const std::string& value) {
      fields.push_back({reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
                        reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(),
                        value.size(), NGHTTP2_NV_FLAG_NONE});
    };
    static const std::string kStatus = ":status";
    add(kStatus, status);
    for (const auto& [name, value] : command.headers) add(name, value);
    nghttp2_data_provider provider{};
    provider.source.ptr = &stream;
    provider.read_callback = read_body;
    // nghttp2 copies the fields; a stream the client has reset meanwhile is refused, harmlessly.
    nghttp2_submit_response(session_, stream.id, fields.data(), fields.size(),
                            command.has_body ? &provider : nullptr);
  }

  void reap_finished_streams() {
    for (auto it = streams_.begin(); it != streams_.end();) {
      Stream& stream = *it->second;
      const bool closed = [&] {
        std::lock_guard lock(stream.mutex);
        return stream.closed;
      }();
      if (closed && (!stream.dispatched || stream.worker_done.load())) {
        if (stream.worker.joinable()) stream.worker.join();
        it = streams_.erase(it);
      } else {
        ++it;
      }
    }
  }

  // Counts SETTINGS / PING / RST_STREAM frames in a sliding window (Http2Limits).
  bool within_control_budget() {
    const auto now = Clock::now();
    if (now - control_window_start_ > service_.limits.control_frame_window) {
      control_window_start_ = now;
      control_frames_ = 0;
    }
    return ++control_frames_ <= service_.limits.control_frame_budget;
  }

  // ---- request side (called by nghttp2 on the loop thread) ----

  static Connection& self(void* user_data) { return *static_cast<Connection*>(user_data); }

  static Stream* stream_of(nghttp2_session* session, int32_t stream_id) {
    return static_cast<Stream*>(nghttp2_session_get_stream_user_data(session, stream_id));
  }

  static int on_begin_headers(nghttp2_session* session, const nghttp2_frame* frame,
                              void* user_data) {
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
    auto& connection = self(user_data);
    // nghttp2 enforces the advertised limit only once the client has acknowledged our
    // SETTINGS; before that it would refuse streams one by one instead of closing.
    if (connection.open_streams_ >= connection.service_.limits.max_concurrent_streams) {
      connection.limit_broken_ = true;
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    try {
      auto stream = std::make_shared<Stream>(frame->hd.stream_id);
      stream->request.protocol = "HTTP/2";
      stream->request.remote_addr = connection.remote_addr_;
      nghttp2_session_set_stream_user_data(session, frame->hd.stream_id, stream.get());
      connection.streams_[frame->hd.stream_id] = std::move(stream);
      ++connection.open_streams_;
    } catch (...) {
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    return 0;
  }

  static int on_header(nghttp2_session* session, const nghttp2_frame* frame, const uint8_t* name,
                       size_t name_length, const uint8_t* value, size_t value_length, uint8_t,
                       void* user_data) {
    Stream* stream = stream_of(session, frame->hd.stream_id);
    if (stream == nullptr) return 0;
    auto& connection = self(user_data);
    stream->header_bytes += name_length + value_length + 32;
    if (stream->header_bytes > connection.service_.limits.max_header_list_bytes) {
      connection.limit_broken_ = true;
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    const std::string_view key(reinterpret_cast<const char*>(name), name_length);
    std::string text(reinterpret_cast<const char*>(value), value_length);
    try {
      if (key == ":method") {
        stream->request.method = std::move(text);
      } else if (key == ":path") {
        stream->request.target = std::move(text);
      } else if (key == ":authority") {
        stream->authority = std::move(text);
      } else if (!key.empty() && key.front() != ':') {
        stream->request.headers.emplace_back(std::string(key), std::move(text));
      }
    } catch (...) {
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    return 0;
  }

  static int on_data_chunk(nghttp2_session* session, uint8_t, int32_t stream_id,
                           const uint8_t* data, size_t length, void* user_data) {
    Stream* stream = stream_of(session, stream_id);
    if (stream == nullptr || stream->body_too_large) return 0;
    std::string& body = stream->request.body;
    if (body.size() + length > self(user_data).service_.max_body_bytes) {
      // Read and dropped; the answer is the transport's 413 once the request is complete.
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

  static int on_frame_recv(nghttp2_session* session, const nghttp2_frame* frame, void* user_data) {
    auto& connection = self(user_data);
    switch (frame->hd.type) {
      case NGHTTP2_SETTINGS:
      case NGHTTP2_PING:
      case NGHTTP2_RST_STREAM:
        if (!connection.within_control_budget()) {
          connection.limit_broken_ = true;
          return NGHTTP2_ERR_CALLBACK_FAILURE;
        }
        return 0;
      case NGHTTP2_HEADERS:
      case NGHTTP2_DATA:
        if ((frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0) {
          if (Stream* stream = stream_of(session, frame->hd.stream_id)) {
            return connection.dispatch(*stream) ? 0 : NGHTTP2_ERR_CALLBACK_FAILURE;
          }
        }
        return 0;
      default:
        return 0;
    }
  }

  static int on_stream_close(nghttp2_session* session, int32_t stream_id, uint32_t,
                             void* user_data) {
    Stream* stream = stream_of(session, stream_id);
    if (stream == nullptr) return 0;
    auto& connection = self(user_data);
    --connection.open_streams_;
    nghttp2_session_set_stream_user_data(session, stream_id, nullptr);
    stream->close();
    return 0;
  }

  // ---- response side ----

  // The request is complete: answer it on its own thread so that a slow handler, a paced
  // stream or a stall holds up only this stream.
  bool dispatch(Stream& stream) {
    if (stream.dispatched) return true;
    auto found = streams_.find(stream.id);
    if (found == streams_.end()) return true;
    stream.dispatched = true;
    if (!stream.authority.empty() && find_header(stream.request.headers, "host") == nullptr) {
      // HTTP/2 carries the host in :authority (RFC 9113 §8.3.1). The pipeline, the journal
      // and the recorder read `host` as they do over HTTP/1.1; the SigV4 verifier accepts it
      // for a signed `:authority` (reference §3).
      stream.request.headers.insert(stream.request.headers.begin(), {"host", stream.authority});
    }
    std::shared_ptr<Stream> shared = found->second;
    if (service_.handler_returns_promptly) {
      auto response = compute(stream);
      if (response && takes_no_time(*response)) {
        deliver(stream, std::move(*response));
        stream.worker_done = true;
        return true;
      }
      return start_worker(shared, std::move(response));
    }
    return start_worker(shared, std::nullopt);
  }

  // A thread for one stream: computes the answer unless it is given, then delivers it.
  bool start_worker(const std::shared_ptr<Stream>& shared,
                    std::optional<std::optional<Response>> computed) {
    try {
      shared->worker = std::thread([this, shared, computed = std::move(computed)]() mutable {
        auto response = computed ? std::move(*computed) : compute(*shared);
        if (response) {
          deliver(*shared, std::move(*response));
        } else {
          post(Command(Command::kReset, shared->id));
        }
        shared->worker_done = true;
        wake();
      });
    } catch (...) {
      return false;
    }
    return true;
  }

  static bool takes_no_time(const Response& response) {
    return response.fault == Fault::kNone && response.delay_ms <= 0 && !response.is_stream;
  }

  // The handler's answer; nullopt when it threw (no exception leaves a handler's thread).
  std::optional<Response> compute(Stream& stream) {
    try {
      return stream.body_too_large && *service_.transport_error
                 ? (*service_.transport_error)(413, stream.request.target)
                 : (*service_.handler)(stream.request);
    } catch (...) {
      return std::nullopt;
    }
  }

  void deliver(Stream& stream, Response response) {
    if (response.delay_ms > 0 &&
        !stream.wait_until(Clock::now() +
                           std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double, std::milli>(response.delay_ms)))) {
      return;
    }
    switch (response.fault) {
      case Fault::kNone:
        break;
      case Fault::kStall:
        if (!stream.wait_until(Clock::now() + service_.stall_limit)) return;
        [[fallthrough]];
      case Fault::kDropConnection:
        // HTTP/2's "connection dropped" for one request: RST_STREAM, the client gets no answer.
        post(Command(Command::kReset, stream.id));
        return;
    }
    Command respond(Command::kRespond, stream.id);
    respond.status = response.status;
    std::string content_type;
    for (auto& [name, value] : response.headers) {
      if (is_connection_specific(name)) continue;
      if (header_name_equals(name, "content-type")) {
        content_type = value;
        if (response.is_stream) continue;  // set below, as on HTTP/1.1
      }
      respond.headers.emplace_back(lowercase(name), value);
    }
    if (!response.is_stream) {
      respond.headers.emplace_back("content-length", std::to_string(response.body.size()));
      respond.has_body = !response.body.empty();
      if (respond.has_body) {
        std::lock_guard lock(stream.mutex);
        stream.queued_bytes = response.body.size();
        stream.queued.push_back(std::move(response.body));
        stream.producer_done = true;
      }
      post(std::move(respond));
      return;
    }
    respond.headers.emplace_back(
        "content-type", content_type.empty() ? "application/vnd.amazon.eventstream" : content_type);
    respond.has_body = true;
    post(std::move(respond));
    StreamEnd end = response.live ? relay_live(stream, std::move(response.live))
                                  : play_frames(stream, response.frames, response.stream_end);
    if (end == StreamEnd::kStall) {
      stream.wait_until(Clock::now() + service_.stall_limit);
      end = StreamEnd::kReset;
    }
    {
      std::lock_guard lock(stream.mutex);
      stream.producer_done = true;
      stream.end = end;
    }
    post(Command(Command::kResume, stream.id));
  }

  // Sends `frames` at their recorded offsets (scaled by the pacing factor); returns how the
  // stream ends, kReset when the client went away.
  StreamEnd play_frames(Stream& stream, std::vector<PacedFrame>& frames, StreamEnd end) {
    const auto started = Clock::now();
    for (auto& frame : frames) {
      const auto due =
          started +
          std::chrono::duration_cast<Clock::duration>(
              std::chrono::duration<double, std::milli>(frame.offset_ms * service_.pacing_factor));
      if (!stream.wait_until(due) || !push(stream, std::move(frame.bytes)))
        return StreamEnd::kReset;
    }
    return end;
  }

  StreamEnd relay_live(Stream& stream, std::shared_ptr<LiveBody> live) {
    {
      std::lock_guard lock(stream.mutex);
      if (!stream.closed) stream.live = live;
    }
    while (auto bytes = live->next()) {
      if (!push(stream, std::move(*bytes))) {
        live->cancel();
        return StreamEnd::kReset;
      }
    }
    return live->end();
  }

  // Queues response bytes for the stream, waiting while the reader is behind by more than the
  // buffer limit; false when the stream closed.
  bool push(Stream& stream, std::string bytes) {
    if (bytes.empty()) return true;
    {
      std::unique_lock lock(stream.mutex);
      stream.changed.wait(lock, [&] {
        return stream.closed || stream.queued_bytes < service_.limits.stream_buffer_bytes;
      });
      if (stream.closed) return false;
      stream.queued_bytes += bytes.size();
      stream.queued.push_back(std::move(bytes));
    }
    post(Command(Command::kResume, stream.id));
    return true;
  }

  // nghttp2 pulls DATA payloads from here when the stream's window allows.
  static ssize_t read_body(nghttp2_session*, int32_t, uint8_t* buffer, size_t length,
                           uint32_t* data_flags, nghttp2_data_source* source, void*) {
    auto& stream = *static_cast<Stream*>(source->ptr);
    std::size_t copied = 0;
    bool finished = false;
    StreamEnd end = StreamEnd::kComplete;
    {
      std::lock_guard lock(stream.mutex);
      while (copied < length && !stream.queued.empty()) {
        const std::string& front = stream.queued.front();
        const std::size_t count = std::min(length - copied, front.size() - stream.front_offset);
        std::memcpy(buffer + copied, front.data() + stream.front_offset, count);
        copied += count;
        stream.front_offset += count;
        stream.queued_bytes -= count;
        if (stream.front_offset == front.size()) {
          stream.queued.pop_front();
          stream.front_offset = 0;
        }
      }
      finished = stream.producer_done && stream.queued.empty();
      end = stream.end;
    }
    stream.changed.notify_all();  // room for the producer
    if (finished && end == StreamEnd::kComplete) {
      *data_flags |= NGHTTP2_DATA_FLAG_EOF;
      return static_cast<ssize_t>(copied);
    }
    if (copied > 0) return static_cast<ssize_t>(copied);
    if (!finished) return NGHTTP2_ERR_DEFERRED;
    // A reset stream: everything queued has gone out, now RST_STREAM (INTERNAL_ERROR).
    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
  }

  ConnectionStream& io_;
  const Http2Service& service_;
  nghttp2_session* session_ = nullptr;
  int wake_[2] = {-1, -1};
  std::string remote_addr_;
  int remote_port_ = 0;
  std::map<int32_t, std::shared_ptr<Stream>> streams_;  // loop thread only
  std::size_t open_streams_ = 0;
  bool limit_broken_ = false;
  Clock::time_point control_window_start_ = Clock::now();
  std::size_t control_frames_ = 0;
  std::mutex commands_mutex_;
  std::vector<Command> commands_;
  std::thread::id loop_thread_;
};

}  // namespace

void serve_http2(ConnectionStream& io, const Http2Service& service) {
  Connection connection(io, service);
  connection.run();
}

}  // namespace bedrock::transport
