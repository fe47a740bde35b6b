#include "admin/session_admin.hpp"

#include "admin/admin_response.hpp"
#include "bedrock/mock/admin_api.hpp"
#include "bedrock/mock/scenarios.hpp"
#include "bedrock/protocol/iso8601_time.hpp"

namespace bedrock::mock {
namespace {

using nlohmann::json;

constexpr std::string_view kSessionsPath = "/__admin/sessions";

std::string base_url_of(const ExchangeRequest& request, const std::string& scheme) {
  const std::string* host = request.header("host");
  return host == nullptr || host->empty() ? std::string() : scheme + "://" + *host;
}

// "scenario": a name or a list of names; "rules": a rules document or a bare array.
Expected<SessionSettings, std::string> parse_settings(const json& body,
                                                      const SessionAdminContext& context) {
  SessionSettings settings;
  if (body.is_null()) return settings;
  if (!body.is_object()) return unexpected(std::string("expected a JSON object"));
  for (const auto& [key, member] : body.items()) {
    if (key == "id") {
      if (!member.is_string()) return unexpected(std::string("$.id: expected a string"));
      settings.id = member.get<std::string>();
    } else if (key == "scenario" || key == "scenarios") {
      const json names = member.is_string() ? json::array({member}) : member;
      if (!names.is_array()) {
        return unexpected("$." + key + ": expected a scenario name or a list of names");
      }
      for (const auto& name : names) {
        if (!name.is_string()) return unexpected("$." + key + ": expected scenario names");
        if (context.scenarios_dir.empty()) {
          return unexpected(std::string("this mock has no scenarios folder"));
        }
        auto set = load_scenario(context.scenarios_dir, name.get<std::string>());
        if (!set) return unexpected(set.error().to_string());
        settings.rule_sets.push_back(std::move(*set));
      }
    } else if (key == "rules") {
      auto set = parse_rules(member, "POST /__admin/sessions $.rules");
      if (!set) return unexpected(set.error().to_string());
      settings.rule_sets.push_back(std::move(*set));
    } else if (key == "cassettes") {
      const json paths = member.is_string() ? json::array({member}) : member;
      if (!paths.is_array()) return unexpected(std::string("$.cassettes: expected paths"));
      for (const auto& path : paths) {
        if (!path.is_string()) return unexpected(std::string("$.cassettes: expected paths"));
        settings.cassettes.push_back(path.get<std::string>());
      }
    } else if (key == "mode") {
      const auto mode = member.is_string() ? parse_mode(member.get<std::string>()) : std::nullopt;
      if (!mode) return unexpected(std::string("$.mode: expected hybrid, replay or simulate"));
      settings.mode = *mode;
    } else {
      return unexpected("$." + key +
                        ": unknown member (expected id, scenario, rules, cassettes, mode)");
    }
  }
  return settings;
}

ExchangeResponse create(const ExchangeRequest& request, const std::string& path_id,
                        SessionAdminContext& context) {
  json body = nullptr;
  if (!request.body.empty()) {
    body = json::parse(request.body, nullptr, false);
    if (body.is_discarded()) return admin_error(400, "the body is not JSON");
  }
  auto settings = parse_settings(body, context);
  if (!settings)
    return admin_error(400,
                       request.method + " " + std::string(kSessionsPath) + ": " + settings.error());
  if (!path_id.empty()) {
    if (!settings->id.empty() && settings->id != path_id) {
      return admin_error(
          400, "the path names session \"" + path_id + "\" and the body \"" + settings->id + "\"");
    }
    settings->id = path_id;
  }
  auto session = context.sessions.create(std::move(*settings));
  if (!session) return admin_error(session.error().status, session.error().message);
  // 202 while its cassettes load: poll GET /__admin/sessions/ID until "state" is "ready".
  const int status = (*session)->state() == SessionState::kLoading ? 202 : 201;
  return admin_json(status, to_json(**session, base_url_of(request, context.scheme)));
}

}  // namespace

bool is_sessions_admin_target(std::string_view target) {
  if (target.substr(0, kSessionsPath.size()) != kSessionsPath) return false;
  const std::string_view rest = target.substr(kSessionsPath.size());
  return rest.empty() || rest.front() == '/' || rest.front() == '?';
}

json to_json(Session& session, const std::string& base_url) {
  json out = {{"id", session.id()},
              {"path", session.path()},
              {"state", to_string(session.state())},
              {"mode", to_string(session.mode())},
              {"rules", session.rules().rules().size()},
              {"requests", session.journal().total_recorded()},
              {"cassetteInteractions", session.cassette_interactions()},
              {"created", iso8601::format_utc_millis(session.created())}};
  if (!base_url.empty()) out["endpoint"] = base_url + session.path();
  if (session.state() == SessionState::kFailed) out["error"] = session.load_error();
  return out;
}

ExchangeResponse handle_sessions_admin(const ExchangeRequest& request,
                                       SessionAdminContext& context) {
  if (!context.allow_remote && !is_loopback(request.remote_addr)) {
    return admin_error(403, "the admin API answers loopback clients only (see --admin-host)");
  }
  if (!context.token.empty() && !admin_token_matches(request, context.token)) {
    return admin_error(401,
                       "the admin API needs the x-bedrock-admin-token header (see --admin-token)");
  }
  std::string_view rest = std::string_view(request.target).substr(kSessionsPath.size());
  rest = rest.substr(0, rest.find('?'));
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  const std::string id(rest.empty() ? std::string_view{} : rest.substr(1));
  const std::string base_url = base_url_of(request, context.scheme);

  if (id.empty()) {
    if (request.method == "POST") return create(request, {}, context);
    if (request.method == "GET") {
      json list = json::array();
      for (const auto& session : context.sessions.list()) {
        list.push_back(to_json(*session, base_url));
      }
      return admin_json(200,
                        {{"sessions", list}, {"maxSessions", context.sessions.max_sessions()}});
    }
    if (request.method == "DELETE") {
      return admin_json(200, {{"deleted", context.sessions.drop_all()}});
    }
    return admin_error(405, "sessions accepts GET, POST and DELETE");
  }
  if (id.find('/') != std::string::npos) {
    return admin_error(404, "unknown admin endpoint " + request.target +
                                " (a session's own endpoints are under /__session/ID/__admin/)");
  }
  if (request.method == "PUT") return create(request, id, context);
  if (request.method == "GET") {
    auto session = context.sessions.find(id);
    if (!session) return admin_error(404, "no session \"" + id + "\"");
    return admin_json(200, to_json(*session, base_url));
  }
  if (request.method == "DELETE") {
    if (!context.sessions.drop(id)) return admin_error(404, "no session \"" + id + "\"");
    return admin_json(200, {{"deleted", id}});
  }
  return admin_error(405, "sessions/ID accepts GET, PUT and DELETE");
}

}  // namespace bedrock::mock
