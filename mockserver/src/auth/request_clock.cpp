#include "auth/request_clock.hpp"

#include "bedrock/protocol/error_messages.hpp"
#include "bedrock/protocol/sigv4_time.hpp"

namespace bedrock::mock {

std::optional<errors::ServiceError> check_request_clock(const HttpRequest& request,
                                                        std::chrono::system_clock::time_point now) {
  constexpr std::chrono::minutes kWindow{5};  // SigV4's allowed skew, reference §3
  const std::string* amz_date = request.find_header("x-amz-date");
  if (amz_date == nullptr) return std::nullopt;
  const auto signed_at = sigv4::parse_amz_date(*amz_date);
  if (!signed_at) return std::nullopt;  // malformed dates are the authenticator's business
  const auto server_now = std::chrono::floor<std::chrono::seconds>(now);
  if (*signed_at < server_now - kWindow) return errors::signature_expired(*signed_at, server_now);
  if (*signed_at > server_now + kWindow) {
    return errors::signature_not_yet_current(*signed_at, server_now);
  }
  return std::nullopt;
}

}  // namespace bedrock::mock
