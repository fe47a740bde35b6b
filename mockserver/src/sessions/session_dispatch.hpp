#pragma once
// A request that names a session (/__session/ID/... or the x-bedrock-mock-session header): its
// session's own admin API, or the pipeline with the session's state, or a refusal when the
// session is unknown, still loading or failed (docs/mock.md "Sessions").
#include <functional>
#include <string_view>

#include "bedrock/mock/exchange.hpp"
#include "bedrock/mock/sessions.hpp"
#include "pipeline/request_scope.hpp"
#include "sessions/session_refusal.hpp"
#include "sessions/session_target.hpp"

namespace bedrock::mock {

struct SessionPipeline {
  // The pipeline with this scope, routing on `routed` (the target without the prefix).
  std::function<ExchangeResponse(const ExchangeRequest&, std::string_view routed,
                                 const RequestScope&)>
      answer;
  // A refusal, journaled outside sessions (the session it names has no journal).
  std::function<ExchangeResponse(const ExchangeRequest&, const SessionRefusal&)> refuse;
  bool allow_remote_admin = false;
  std::string admin_token;  // --admin-token: the session admin endpoints need it too
};

ExchangeResponse dispatch_to_session(const ExchangeRequest& request,
                                     const Expected<SessionTarget, SessionTargetError>& scoped,
                                     SessionRegistry& sessions, const SessionPipeline& pipeline);

}  // namespace bedrock::mock
