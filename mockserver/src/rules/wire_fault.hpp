#pragma once
// A WireFault carried out on an encoded event stream: CRCs damaged, the stream cut after a
// frame or a byte, frames split into pieces, a drip rate and the way the stream ends set on the
// transport's Response. Pure: the same Response and fault give the same bytes.
#include "bedrock/mock/exchange.hpp"
#include "bedrock/mock/rules.hpp"

namespace bedrock::mock {

// Does nothing to an answer that is not a stream.
void apply_wire_fault(const WireFault& fault, ExchangeResponse& response);

}  // namespace bedrock::mock
