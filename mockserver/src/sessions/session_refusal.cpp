#include "sessions/session_refusal.hpp"

#include "bedrock/mock/sessions.hpp"

namespace bedrock::mock {
namespace {

// The mock's own error types use Bedrock's namespace, like ReplayMissException, so that every
// SDK parses them as modeled-looking service errors and shows the message.
SessionRefusal render(int status, const std::string& type, std::string message) {
  SessionRefusal refusal;
  refusal.wire.status = status;
  refusal.wire.headers.emplace_back("x-amzn-ErrorType",
                                    type + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
  refusal.wire.headers.emplace_back("Content-Type", "application/json");
  refusal.wire.body = nlohmann::json{{"message", message}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  refusal.error_type = type;
  refusal.message = std::move(message);
  return refusal;
}

}  // namespace

SessionRefusal refuse_unknown_session(const std::string& id) {
  return render(404, "UnknownSessionException",
                "bedrock-mock has no session \"" + id +
                    "\": create it first (POST /__admin/sessions {\"id\":\"" + id +
                    "\"} or PUT /__admin/sessions/" + id + ")");
}

SessionRefusal refuse_invalid_session(const std::string& why) {
  return render(400, "InvalidSessionException", "bedrock-mock: " + why);
}

SessionRefusal refuse_unready_session(const Session& session) {
  if (session.state() == SessionState::kFailed) {
    return render(400, "InvalidSessionException",
                  "bedrock-mock: session \"" + session.id() +
                      "\" could not load its cassettes: " + session.load_error());
  }
  return render(503, "ServiceUnavailableException",
                "bedrock-mock: session \"" + session.id() +
                    "\" is still loading its cassettes (GET /__admin/sessions/" + session.id() +
                    " says when it is ready)");
}

}  // namespace bedrock::mock
