#pragma once
// A recorded interaction as the front end writes it, for callers outside the mock's pipeline
// (bedrock-record's replay modes): status, headers and body bytes; or the events framed with
// their recorded offsets and the recorded ending; or the recorded connection failure as a fault.
// The conversion is the pipeline's own (PipelineAnswer::from_interaction), so a recording
// replays the same through bedrock-mock and through bedrock-record.
#include "bedrock/mock/exchange.hpp"
#include "bedrock/protocol/cassette.hpp"

namespace bedrock::mock {

ExchangeResponse exchange_from_interaction(const cassette::Interaction& interaction);

}  // namespace bedrock::mock
