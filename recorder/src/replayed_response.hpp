#pragma once
// A recorded interaction as the front end writes it, for the replay modes: the protocol's
// playback (status, headers and body; or the frames with their offsets and ending; or the
// recorded connection failure) as a transport::Response.
#include "bedrock/protocol/cassette.hpp"
#include "bedrock/transport/exchange.hpp"

namespace bedrock::recorder {

transport::Response replayed_response(const cassette::Interaction& interaction);

}  // namespace bedrock::recorder
