#include "sessions/session_dispatch.hpp"

#include "admin/admin_response.hpp"
#include "bedrock/mock/admin_api.hpp"

namespace bedrock::mock {
namespace {

// /__session/ID/__admin/...: the ordinary admin endpoints over the session's state.
ExchangeResponse session_admin(const ExchangeRequest& request, std::string_view routed,
                               Session& session, bool allow_remote, const std::string& token) {
  ExchangeRequest unprefixed = request;
  unprefixed.target = std::string(routed);
  AdminContext context{session.journal(),
                       session.rules(),
                       session.quotas(),
                       session.quota_clock(),
                       session.latency(),
                       [&] { session.reset(); },
                       [&] {
                         return nlohmann::json{
                             {"session", session.id()},
                             {"mode", to_string(session.mode())},
                             {"rules", session.rules().rules().size()},
                             {"requests", session.journal().total_recorded()},
                             {"quotaClock", session.quota_clock().manual() ? "manual" : "wall"}};
                       },
                       allow_remote,
                       token};
  return handle_admin(unprefixed, context);
}

}  // namespace

ExchangeResponse dispatch_to_session(const ExchangeRequest& request,
                                     const Expected<SessionTarget, SessionTargetError>& scoped,
                                     SessionRegistry& sessions, const SessionPipeline& pipeline) {
  if (!scoped) return pipeline.refuse(request, refuse_invalid_session(scoped.error().message));
  const std::shared_ptr<Session> session = sessions.find(scoped->session);
  const bool admin = is_admin_target(scoped->target);
  if (admin) {
    if (!session) return admin_error(404, "no session \"" + scoped->session + "\"");
    if (session->state() != SessionState::kReady) {
      return admin_error(409, "session \"" + session->id() + "\" is " +
                                  to_string(session->state()) + " (GET /__admin/sessions/" +
                                  session->id() + ")");
    }
    return session_admin(request, scoped->target, *session, pipeline.allow_remote_admin,
                         pipeline.admin_token);
  }
  if (!session) return pipeline.refuse(request, refuse_unknown_session(scoped->session));
  if (session->state() != SessionState::kReady) {
    return pipeline.refuse(request, refuse_unready_session(*session));
  }
  const RequestScope scope{session->journal(), session->rules(),  session->replayer(),
                           session->cursors(), session->mode(),   session->clock_offset(),
                           session->quotas(),  session->latency()};
  return pipeline.answer(request, scoped->target, scope);
}

}  // namespace bedrock::mock
