#include "service.hpp"

namespace bedrock::transport {

Service::Service(FrontEndOptions front_end_options, Handler request_handler)
    : options(std::move(front_end_options)), handler(std::move(request_handler)) {
  http1_player.pacing_factor = options.pacing_factor;
  http1_player.stall_limit = options.stall_limit;
  http1_player.buffer_limit = kConnectionOutputLimit;
  http1_player.pool = &pool;
  http2_player = http1_player;
  http2_player.buffer_limit = options.http2.stream_buffer_bytes;
}

Response Service::call(Request& request) noexcept {
  try {
    return handler(request);
  } catch (...) {
    return refuse(500, request.target);
  }
}

Response Service::refuse(int status, const std::string& target) const noexcept {
  try {
    if (options.transport_error) return options.transport_error(status, target);
  } catch (...) {
  }
  Response response;
  response.status = status;
  return response;
}

}  // namespace bedrock::transport
