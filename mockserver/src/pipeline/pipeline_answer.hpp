#pragma once
// The answer the pipeline builds before it becomes bytes: an error to render, a plain
// body, or events to frame and pace. Replay (replay/replayed_answer.hpp), simulation and rules
// all produce one.
#include <optional>
#include <string>
#include <vector>

#include "bedrock/mock/exchange.hpp"
#include "bedrock/mock/rules.hpp"
#include "bedrock/mock/simulated_answer.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/event_stream_message.hpp"

namespace bedrock::mock {

struct PipelineAnswer {
  int status = 200;
  HeaderList headers;
  std::string body;
  bool is_stream = false;
  std::vector<event_stream::Message> events;
  std::vector<double> offsets_ms;
  StreamEnd stream_end = StreamEnd::kComplete;
  std::optional<errors::ServiceError> error;  // rendered with the request ID at the end
  Fault fault = Fault::kNone;
  double delay_ms = 0;
  std::optional<WireFault> wire_fault;  // a rule's damage to the encoded stream

  static PipelineAnswer from_error(errors::ServiceError error) {
    PipelineAnswer answer;
    answer.error = std::move(error);
    return answer;
  }
  static PipelineAnswer from_wire(errors::WireResponse wire) {
    PipelineAnswer answer;
    answer.status = wire.status;
    answer.headers = std::move(wire.headers);
    answer.body = std::move(wire.body);
    return answer;
  }
  static PipelineAnswer from_simulated(SimulatedAnswer simulated) {
    if (simulated.error) return from_error(std::move(*simulated.error));
    PipelineAnswer answer;
    answer.status = simulated.status;
    answer.headers = std::move(simulated.headers);
    answer.body = std::move(simulated.body);
    answer.is_stream = simulated.is_stream;
    answer.events = std::move(simulated.events);
    answer.offsets_ms = std::move(simulated.event_offsets_ms);
    return answer;
  }
};

// The answer as the front end writes it: events framed with their offsets. An error must
// already be rendered into status/headers/body (it needs the request ID). A framing problem
// ends the stream there with a reset and is described in `problem`. A wire fault is applied to
// the encoded frames.
ExchangeResponse to_exchange_response(PipelineAnswer answer, std::string& problem);

}  // namespace bedrock::mock
