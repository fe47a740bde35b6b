#pragma once
// What the simulator (runtime and control plane) hands back to the request pipeline. The
// pipeline adds x-amzn-RequestId, Date and the transport headers, encodes `events` as
// event-stream frames and paces them by `event_offsets_ms`.
#include <optional>
#include <string>
#include <vector>

#include "bedrock/mock/exchange.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/event_stream_message.hpp"
#include "bedrock/protocol/operation.hpp"

namespace bedrock::mock {

struct SimulatedAnswer {
  int status = 200;
  HeaderList headers;  // Content-Type, X-Amzn-Bedrock-* ...; never x-amzn-RequestId or Date
  std::string body;    // empty for streams
  bool is_stream = false;
  std::vector<event_stream::Message> events;
  std::vector<double> event_offsets_ms;  // one per event, ms after the response headers
  // Set when the answer is an error (always before any stream, as on the real service,
  // reference §5). status/headers/body then hold render_http_error's output without the
  // request ID; a pipeline that wants the real header order (Content-Type, x-amzn-RequestId,
  // x-amzn-ErrorType) renders `*error` itself with its request ID.
  std::optional<errors::ServiceError> error;
  // Where a cross-Region profile sent the request (empty when not through a profile).
  std::string served_region;
  // The tokens the answer reports (inference operations): what a quota settles at.
  struct Usage {
    long long input_tokens = 0;
    long long output_tokens = 0;
  };
  std::optional<Usage> usage;
};

// An error answer as described above.
SimulatedAnswer error_answer(const errors::ServiceError& error);

// The answer for an operation the simulator does not model (says to record or add a rule).
SimulatedAnswer not_simulated_answer(operations::Operation op);

}  // namespace bedrock::mock
