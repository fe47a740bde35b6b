#pragma once
// The answer the pipeline builds before it becomes bytes: an error to render, a plain
// body, or events to frame and pace. Replay, simulation and rules all produce one.
#include <optional>
#include <string>
#include <vector>

#include "bedrock/mock/exchange.hpp"
#include "bedrock/mock/simulated_answer.hpp"
#include "bedrock/protocol/cassette.hpp"
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
  // A recorded answer, replayed as recorded: status, headers and body bytes, or the events
  // with their recorded offsets and the way the stream ended.
  static PipelineAnswer from_interaction(const cassette::Interaction& interaction) {
    PipelineAnswer answer;
    const auto copy_headers = [&answer](const cassette::HeaderList& headers) {
      for (const auto& header : headers) answer.headers.emplace_back(header.name, header.value);
    };
    if (const auto* response = interaction.response()) {
      answer.status = response->status;
      copy_headers(response->headers);
      answer.body = response->body;
    } else if (const auto* stream = interaction.stream()) {
      answer.status = stream->status;
      copy_headers(stream->headers);
      answer.is_stream = true;
      for (const auto& event : stream->events) {
        answer.events.push_back(event.message);
        answer.offsets_ms.push_back(event.offset_ms);
      }
      answer.stream_end =
          stream->end == cassette::StreamEnd::kReset ? StreamEnd::kReset : StreamEnd::kComplete;
    } else if (const auto* failure = interaction.failure()) {
      // A recorded connection failure fails the same way again: no answer at all.
      answer.fault =
          failure->kind == cassette::FailureKind::kTimeout ? Fault::kStall : Fault::kDropConnection;
    }
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
// ends the stream there with a reset and is described in `problem`.
ExchangeResponse to_exchange_response(PipelineAnswer answer, std::string& problem);

}  // namespace bedrock::mock
