#pragma once
// The request and response as the mock's pipeline sees them. The front end (transport/) hands
// over a transport::Request; the server moves its fields into an ExchangeRequest, which is also
// a protocol HttpRequest (the SigV4 verifier and the region resolver read it), and the answer is
// the transport's Response.
#include <string>
#include <string_view>

#include "bedrock/protocol/http_request.hpp"
#include "bedrock/transport/exchange.hpp"

namespace bedrock::mock {

using transport::Fault;
using transport::find_header;
using transport::HeaderList;
using transport::LiveBody;
using transport::PacedFrame;
using transport::StreamEnd;
using ExchangeResponse = transport::Response;

// The request as received (method, raw target, headers in wire order, body) plus how it came.
struct ExchangeRequest : HttpRequest {
  std::string protocol = "HTTP/1.1";
  std::string remote_addr;

  const std::string* header(std::string_view name) const { return find_header(name); }
};

}  // namespace bedrock::mock
