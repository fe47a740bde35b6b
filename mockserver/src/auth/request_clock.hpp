#pragma once
// The clock-skew scenario without --auth verify: a signed request whose X-Amz-Date is more than
// 5 minutes away from the mock's (offset) clock gets the real service's answer (reference §3:
// "Signature expired: <signed> is now earlier than <limit> (<now> - 5 min.)").
#include <chrono>
#include <optional>

#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/http_request.hpp"

namespace bedrock::mock {

// nullopt when the request carries no X-Amz-Date or is within the window.
std::optional<errors::ServiceError> check_request_clock(const HttpRequest& request,
                                                        std::chrono::system_clock::time_point now);

}  // namespace bedrock::mock
