#include "bedrock/client/retry.hpp"
#include "bedrock/protocol/error_catalog.hpp"

namespace bedrock::client {

AttemptOutcome AttemptOutcome::success(int http_status) {
  AttemptOutcome outcome;
  outcome.kind = Kind::kSuccess;
  outcome.http_status = http_status;
  return outcome;
}

AttemptOutcome AttemptOutcome::http_error(int http_status, std::string error_code,
                                          bool stream_started) {
  AttemptOutcome outcome;
  outcome.kind = Kind::kHttpError;
  outcome.http_status = http_status;
  outcome.error_code = std::move(error_code);
  outcome.stream_started = stream_started;
  return outcome;
}

AttemptOutcome AttemptOutcome::from_response(const HttpResponse& response) {
  if (response.status >= 200 && response.status < 300) return success(response.status);
  auto parsed = errors::parse_http_error(static_cast<const errors::WireResponse&>(response));
  std::string code = parsed ? std::string(errors::wire_name(parsed->code)) : parsed.error().code;
  return http_error(response.status, std::move(code));
}

AttemptOutcome AttemptOutcome::from_transport_error(TransportError error, bool streaming) {
  AttemptOutcome outcome;
  outcome.kind = Kind::kTransportError;
  outcome.stream_started = streaming && error.response_started;
  outcome.transport_error = std::move(error);
  return outcome;
}

}  // namespace bedrock::client
