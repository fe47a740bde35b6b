#include "pipeline/pipeline_answer.hpp"

#include "bedrock/protocol/event_stream.hpp"
#include "rules/wire_fault.hpp"

namespace bedrock::mock {

ExchangeResponse to_exchange_response(PipelineAnswer answer, std::string& problem) {
  ExchangeResponse response;
  response.fault = answer.fault;
  response.delay_ms = answer.delay_ms;
  if (answer.fault != Fault::kNone) return response;
  response.status = answer.status;
  response.headers = std::move(answer.headers);
  response.body = std::move(answer.body);
  response.is_stream = answer.is_stream;
  response.stream_end = answer.stream_end;
  if (!answer.is_stream) return response;
  response.frames.reserve(answer.events.size());
  for (std::size_t i = 0; i < answer.events.size(); ++i) {
    auto bytes = event_stream::encode(answer.events[i]);
    if (!bytes) {  // a recorded or simulated event we cannot frame: end the stream there
      response.stream_end = StreamEnd::kReset;
      problem = "event " + std::to_string(i) + ": " + bytes.error().message();
      break;
    }
    response.frames.push_back(
        {std::move(*bytes), i < answer.offsets_ms.size() ? answer.offsets_ms[i] : 0});
  }
  if (answer.wire_fault) apply_wire_fault(*answer.wire_fault, response);
  return response;
}

}  // namespace bedrock::mock
