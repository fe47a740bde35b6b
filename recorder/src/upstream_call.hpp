#pragma once
// One forwarded request on the upstream thread: sends it with the client's transport, hands the
// head and (for event streams) each body chunk to the caller's RelayedExchange as they arrive,
// and builds what the cassette records: the response, the decoded stream with its offsets, or
// the connection failure.
#include <optional>
#include <string>
#include <variant>

#include "bedrock/client/http_transport.hpp"
#include "bedrock/protocol/cassette.hpp"
#include "bedrock/protocol/http_request.hpp"
#include "bedrock/recorder/redact.hpp"
#include "bedrock/transport/exchange.hpp"
#include "relayed_exchange.hpp"

namespace bedrock::recorder {

struct UpstreamCall {
  HttpRequest request;  // signed, as it goes on the wire
  std::string base_url;
  RedactionPolicy policy;  // applied to the recorded response headers too
};

struct UpstreamOutcome {
  // What the cassette records; nullopt when nothing should be (the caller went away, or a local
  // problem such as an untrusted certificate, which says nothing about the service).
  std::optional<std::variant<cassette::Response, cassette::Stream, cassette::Failure>> recorded;
  transport::Response answer;  // for the caller when the body was not relayed live
  transport::StreamEnd end = transport::StreamEnd::kComplete;  // how the live body ended
  int status = 0;       // the upstream's HTTP status; 0 when it gave none (dropped, timeout)
  std::string summary;  // for the progress line: "stream, 7 events", "ThrottlingException",
                        // "dropped: ...", "not recorded: ..."
};

UpstreamOutcome run_upstream_call(client::HttpTransport& transport, const UpstreamCall& call,
                                  RelayedExchange& exchange);

}  // namespace bedrock::recorder
