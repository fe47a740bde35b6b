#pragma once
// One forwarded request between the thread that talks to the upstream (producer) and the front
// end's connection thread (consumer): the response head as soon as it arrives, then body chunks
// as a LiveBody, so the caller sees each event-stream frame when the upstream sends it.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "bedrock/client/http_transport.hpp"
#include "bedrock/transport/exchange.hpp"

namespace bedrock::recorder {

class RelayedExchange final : public transport::LiveBody {
 public:
  // Producer side (the upstream thread).
  void publish_head(const client::HttpResponse& head, bool relay_body);
  bool push(std::string_view bytes);  // false once the consumer cancelled
  // `answer`: what the caller gets when the body was not relayed live (a buffered response, an
  // error, a dropped connection).
  void finish(transport::StreamEnd end, transport::Response answer = {});

  // Consumer side: waits until the head arrived or the exchange finished without one.
  // Returns the head and whether the body is relayed live.
  struct Head {
    client::HttpResponse response;
    bool relay_body = false;
  };
  std::optional<Head> wait_head();
  transport::Response wait_answer();

  // LiveBody
  std::optional<std::string> next() override;
  transport::StreamEnd end() const override;
  void cancel() override;
  bool cancelled() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<Head> head_;
  std::deque<std::string> chunks_;
  bool finished_ = false;
  bool cancelled_ = false;
  transport::StreamEnd end_ = transport::StreamEnd::kComplete;
  transport::Response answer_;
};

}  // namespace bedrock::recorder
