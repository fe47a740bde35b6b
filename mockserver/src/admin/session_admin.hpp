#pragma once
// /__admin/sessions: create, list, inspect and drop sessions (docs/mock.md "Sessions"). Each
// session's own journal, rules and reset are the ordinary admin endpoints under its prefix,
// /__session/ID/__admin/...; this is only the registry's side.
#include <string>
#include <string_view>

#include "bedrock/mock/exchange.hpp"
#include "bedrock/mock/sessions.hpp"

namespace bedrock::mock {

struct SessionAdminContext {
  SessionRegistry& sessions;
  std::string scenarios_dir;  // where "scenario" names are read; empty: names are refused
  std::string scheme;         // "http" or "https": the endpoint URLs the answers give
  bool allow_remote = false;  // --admin-host
  std::string token;          // --admin-token (empty: none needed)
};

bool is_sessions_admin_target(std::string_view target);  // /__admin/sessions[/ID][?...]

ExchangeResponse handle_sessions_admin(const ExchangeRequest& request,
                                       SessionAdminContext& context);

// A session as the admin API shows it; `base_url` ("http://host:port") gives "endpoint".
nlohmann::json to_json(Session& session, const std::string& base_url);

}  // namespace bedrock::mock
