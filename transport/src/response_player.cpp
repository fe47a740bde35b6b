#include "response_player.hpp"

#include <algorithm>

#include "blocking_pool.hpp"
#include "live_relay.hpp"

namespace bedrock::transport {
namespace {

constexpr std::string_view kEventStreamType = "application/vnd.amazon.eventstream";

Clock::duration milliseconds(double ms) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::milli>(ms));
}

std::string_view stream_content_type(const Response& response) {
  if (const std::string* type = find_header(response.headers, "content-type")) return *type;
  return kEventStreamType;
}

}  // namespace

ResponsePlayer::ResponsePlayer(EventLoop& loop, const PlayerSettings& settings, ResponseSink& sink,
                               Response response)
    : loop_(loop),
      settings_(settings),
      sink_(sink),
      response_(std::move(response)),
      self_(std::make_shared<ResponsePlayer*>(this)) {}

ResponsePlayer::~ResponsePlayer() {
  *self_ = nullptr;
  if (timer_ != 0) loop_.cancel_timer(timer_);
  if (relay_) relay_->cancel();
}

void ResponsePlayer::wait_until(Clock::time_point due, void (ResponsePlayer::*then)()) {
  timer_ = loop_.add_timer(due, [this, then] {
    timer_ = 0;
    (this->*then)();
  });
}

void ResponsePlayer::start() {
  if (response_.delay_ms > 0) {
    wait_until(loop_.now() + milliseconds(response_.delay_ms), &ResponsePlayer::answer);
    return;
  }
  answer();
}

void ResponsePlayer::answer() {
  switch (response_.fault) {
    case Fault::kNone:
      break;
    case Fault::kStall:
      // Never answered: the client's own timeout ends it (or, at the stall limit, a reset).
      response_.fault = Fault::kDropConnection;
      wait_until(loop_.now() + settings_.stall_limit, &ResponsePlayer::answer);
      return;
    case Fault::kDropConnection:
      sink_.reset();
      finish();
      return;
  }
  if (!response_.is_stream) {
    sink_.send_whole(response_);
    finish();
    return;
  }
  sink_.send_stream_head(response_, stream_content_type(response_));
  stream_started_ = loop_.now();
  next_drip_due_ = stream_started_;
  if (response_.live) {
    relay_live();
  } else {
    play_frames();
  }
}

void ResponsePlayer::play_frames() {
  auto& frames = response_.frames;
  while (next_frame_ < frames.size()) {
    auto due =
        stream_started_ + milliseconds(frames[next_frame_].offset_ms * settings_.pacing_factor);
    if (dripping()) due = std::max(due, next_drip_due_);
    if (due > Clock::now()) {
      wait_until(due, &ResponsePlayer::play_frames);
      return;
    }
    if (!sink_has_room()) {
      waiting_for_room_ = true;
      return;
    }
    std::string& bytes = frames[next_frame_].bytes;
    if (dripping()) {
      // One piece per timer: the rate holds on average from the scheduled time, so a late
      // round catches up instead of slowing the whole stream down.
      const std::size_t piece = std::min(drip_piece_bytes(), bytes.size() - frame_sent_);
      sink_.send_stream_bytes(std::string_view(bytes).substr(frame_sent_, piece));
      frame_sent_ += piece;
      next_drip_due_ =
          due + milliseconds(1000.0 * static_cast<double>(piece) / response_.drip_bytes_per_second);
      if (frame_sent_ < bytes.size()) continue;
      frame_sent_ = 0;
    } else {
      sink_.send_stream_bytes(bytes);
    }
    std::string().swap(bytes);  // sent: release it
    ++next_frame_;
  }
  end_with(response_.stream_end);
}

std::size_t ResponsePlayer::drip_piece_bytes() const {
  // About 10 ms worth of the rate: a smooth drip without a timer per byte at high rates.
  return std::max<std::size_t>(1, static_cast<std::size_t>(response_.drip_bytes_per_second / 100));
}

void ResponsePlayer::relay_live() {
  if (!relay_) {
    std::weak_ptr<ResponsePlayer*> self = self_;
    EventLoop* loop = &loop_;
    relay_ = std::make_shared<LiveRelay>(response_.live, settings_.buffer_limit, [loop, self] {
      loop->post([self] {
        if (auto alive = self.lock(); alive && *alive != nullptr) (*alive)->relay_live();
      });
    });
    std::shared_ptr<LiveRelay> relay = relay_;
    if (settings_.pool == nullptr || !settings_.pool->submit([relay] { relay->run(); })) {
      relay_->cancel();
      end_with(StreamEnd::kReset);
      return;
    }
    return;
  }
  if (finished_) return;
  if (!sink_has_room()) {
    waiting_for_room_ = true;
    return;
  }
  live_chunk_.clear();
  const auto end = relay_->take(live_chunk_);
  if (!live_chunk_.empty()) sink_.send_stream_bytes(live_chunk_);
  if (end) end_with(*end);
}

void ResponsePlayer::end_with(StreamEnd end) {
  switch (end) {
    case StreamEnd::kComplete:
      sink_.end_stream();
      finish();
      return;
    case StreamEnd::kStall:
      response_.stream_end = StreamEnd::kReset;
      response_.frames.clear();
      next_frame_ = 0;
      wait_until(loop_.now() + settings_.stall_limit, &ResponsePlayer::play_frames);
      return;
    case StreamEnd::kReset:
      sink_.reset();
      finish();
      return;
    case StreamEnd::kClose:
      sink_.close_connection();
      finish();
      return;
  }
}

void ResponsePlayer::finish() {
  if (finished_) return;
  finished_ = true;
  sink_.on_response_done();  // may destroy this player (after the round): nothing follows
}

void ResponsePlayer::on_sink_writable() {
  if (!waiting_for_room_ || finished_ || !sink_has_room()) return;
  waiting_for_room_ = false;
  if (relay_) {
    relay_live();
  } else {
    play_frames();
  }
}

}  // namespace bedrock::transport
