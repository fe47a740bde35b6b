#pragma once
// Carries out one Response on an event loop, the same way for HTTP/1.1 and HTTP/2: the delay
// before answering, connection faults, frames at their recorded offsets (scaled by the pacing
// factor), stalls, the way a stream ends, and live bodies read on a worker thread. Timers on
// the loop do the waiting; no thread sleeps. A drip (Response::drip_bytes_per_second) hands the
// frames over in small pieces on timers. The sink's queue is the back-pressure: no more
// bytes are handed over while it holds more than the buffer limit.
#include <cstddef>
#include <memory>
#include <string>

#include "bedrock/transport/exchange.hpp"
#include "event_loop.hpp"
#include "response_sink.hpp"

namespace bedrock::transport {

class BlockingPool;
class LiveRelay;

struct PlayerSettings {
  double pacing_factor = 1.0;
  std::chrono::milliseconds stall_limit{0};
  std::size_t buffer_limit = 256 * 1024;
  BlockingPool* pool = nullptr;  // reads live bodies
};

class ResponsePlayer {
 public:
  ResponsePlayer(EventLoop& loop, const PlayerSettings& settings, ResponseSink& sink,
                 Response response);
  // Cancels timers and a live body still being read: the sink is going away.
  ~ResponsePlayer();
  ResponsePlayer(const ResponsePlayer&) = delete;
  ResponsePlayer& operator=(const ResponsePlayer&) = delete;

  void start();
  // The sink's queue went down: frames or live bytes held back can go.
  void on_sink_writable();

  // A response that needs no player: no delay, no fault, not a stream.
  static bool is_immediate(const Response& response) {
    return response.delay_ms <= 0 && response.fault == Fault::kNone && !response.is_stream;
  }

 private:
  void answer();
  void play_frames();
  void relay_live();
  void end_with(StreamEnd end);
  void finish();
  void wait_until(Clock::time_point due, void (ResponsePlayer::*then)());
  bool sink_has_room() const { return sink_.queued_bytes() < settings_.buffer_limit; }
  bool dripping() const { return response_.drip_bytes_per_second > 0; }
  std::size_t drip_piece_bytes() const;

  EventLoop& loop_;
  const PlayerSettings& settings_;
  ResponseSink& sink_;
  Response response_;
  EventLoop::TimerId timer_ = 0;
  Clock::time_point stream_started_;
  std::size_t next_frame_ = 0;
  std::size_t frame_sent_ = 0;       // bytes of frames[next_frame_] already dripped
  Clock::time_point next_drip_due_;  // when the next dripped piece may leave
  std::shared_ptr<LiveRelay> relay_;
  std::shared_ptr<ResponsePlayer*> self_;  // cleared on destruction: posted wake-ups check it
  bool waiting_for_room_ = false;
  bool finished_ = false;
  std::string live_chunk_;
};

}  // namespace bedrock::transport
