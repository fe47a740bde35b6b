#include "bedrock/mock/recorded_answer.hpp"

#include "bedrock/protocol/event_stream.hpp"
#include "pipeline_answer.hpp"

namespace bedrock::mock {

ExchangeResponse exchange_from_interaction(const cassette::Interaction& interaction) {
  PipelineAnswer answer = PipelineAnswer::from_interaction(interaction);
  ExchangeResponse response;
  response.fault = answer.fault;
  if (answer.fault != Fault::kNone) return response;
  response.status = answer.status;
  response.headers = std::move(answer.headers);
  response.body = std::move(answer.body);
  response.is_stream = answer.is_stream;
  response.stream_end = answer.stream_end;
  for (std::size_t i = 0; i < answer.events.size(); ++i) {
    auto bytes = event_stream::encode(answer.events[i]);
    if (!bytes) {  // cannot happen for a loaded cassette (validated); end the stream there
      response.stream_end = StreamEnd::kReset;
      break;
    }
    response.frames.push_back({std::move(*bytes), answer.offsets_ms[i]});
  }
  return response;
}

}  // namespace bedrock::mock
