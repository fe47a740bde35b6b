#include "bedrock/mock/admin_api.hpp"

#include "admin/admin_response.hpp"
#include "bedrock/mock/scenarios.hpp"
#include "bedrock/protocol/encoding.hpp"

namespace bedrock::mock {
namespace {

using nlohmann::json;

constexpr auto json_response = admin_json;
constexpr auto error = admin_error;

// Splits "/__admin/requests?limit=5" into "requests" and its decoded query parameters.
std::pair<std::string, std::map<std::string, std::string>> split_target(std::string_view target) {
  std::string_view rest = target.substr(kAdminPrefix.size());
  std::map<std::string, std::string> query;
  const auto question = rest.find('?');
  std::string path(rest.substr(0, question));
  if (question != std::string_view::npos) {
    std::string_view q = rest.substr(question + 1);
    while (!q.empty()) {
      const auto amp = q.find('&');
      std::string_view pair = q.substr(0, amp);
      const auto eq = pair.find('=');
      auto key = encoding::percent_decode(pair.substr(0, eq));
      auto value =
          encoding::percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
      if (key && value) query[*key] = *value;
      q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    }
  }
  while (!path.empty() && path.back() == '/') path.pop_back();
  return {path, query};
}

ExchangeResponse list_requests(const std::map<std::string, std::string>& query,
                               const Journal& journal) {
  auto entries = journal.entries();
  json list = json::array();
  std::size_t limit = entries.size();
  if (auto it = query.find("limit"); it != query.end()) {
    try {
      limit = std::stoul(it->second);
    } catch (...) {
      return error(400, "limit must be a whole number");
    }
  }
  const auto field = [&](const char* name) -> const std::string* {
    auto it = query.find(name);
    return it == query.end() ? nullptr : &it->second;
  };
  const std::string* operation = field("operation");
  const std::string* model = field("modelId");
  std::vector<const JournalEntry*> selected;
  for (const auto& entry : entries) {
    if (operation && entry.operation != *operation) continue;
    if (model && entry.model_id != *model) continue;
    selected.push_back(&entry);
  }
  const std::size_t skip = selected.size() > limit ? selected.size() - limit : 0;
  for (std::size_t i = skip; i < selected.size(); ++i) list.push_back(to_json(*selected[i]));
  return json_response(200, {{"requests", list},
                             {"totalRecorded", journal.total_recorded()},
                             {"capacity", journal.capacity()}});
}

ExchangeResponse rules_endpoint(const ExchangeRequest& request, AdminContext& context) {
  if (request.method == "GET") {
    json list = json::array();
    for (const auto& rule : context.rules.rules()) list.push_back(to_json(rule));
    json latency = json::array();
    for (const auto& model : context.latency.rules()) latency.push_back(to_json(model));
    return json_response(200, {{"rules", list}, {"latency", latency}});
  }
  if (request.method == "DELETE") {
    context.rules.clear();
    context.latency.clear();
    context.quotas.clear_front();
    return json_response(200, {{"rules", json::array()}});
  }
  if (request.method == "POST") {
    auto set = parse_rules_text(request.body, "POST /__admin/rules");
    if (!set) return error(400, set.error().to_string());
    if (auto checked = check_rule_errors(*set); !checked) {
      return error(400, checked.error().to_string());
    }
    const json added = {{"rules", set->rules.size()},
                        {"quotas", set->quotas.size()},
                        {"latency", set->latency.size()}};
    if (!set->quotas.empty()) context.quotas.add_front(std::move(set->quotas));
    if (!set->latency.empty()) context.latency.add(std::move(set->latency));
    const auto rule_count = set->rules.size();
    context.rules.add(std::move(*set));
    return json_response(
        200,
        {{"added", rule_count}, {"addedByKind", added}, {"total", context.rules.rules().size()}});
  }
  return error(405, "rules accepts GET, POST and DELETE");
}

json clock_state(const QuotaClock& clock) {
  return {{"clock", clock.manual() ? "manual" : "wall"}, {"clockMs", clock.now().count()}};
}

// POST {"advanceMs": N} or {"advanceSeconds": N}: the quota windows see that much time pass.
ExchangeResponse clock_endpoint(const ExchangeRequest& request, AdminContext& context) {
  if (request.method == "GET") return json_response(200, clock_state(context.quota_clock));
  if (request.method != "POST") return error(405, "clock accepts GET and POST");
  const json body = json::parse(request.body, nullptr, false);
  const bool valid = body.is_object() && body.size() == 1 &&
                     (body.contains("advanceMs") || body.contains("advanceSeconds")) &&
                     body.begin()->is_number() && body.begin()->get<double>() >= 0;
  if (!valid) {
    return error(400,
                 "POST /__admin/clock: expected {\"advanceMs\": N} or "
                 "{\"advanceSeconds\": N} with N >= 0");
  }
  const double ms = body.contains("advanceMs") ? body["advanceMs"].get<double>()
                                               : body["advanceSeconds"].get<double>() * 1000;
  context.quota_clock.advance(std::chrono::milliseconds(static_cast<int64_t>(ms)));
  return json_response(200, clock_state(context.quota_clock));
}

}  // namespace

bool is_admin_target(std::string_view target) {
  return target.substr(0, kAdminPrefix.size()) == kAdminPrefix ||
         target == kAdminPrefix.substr(0, kAdminPrefix.size() - 1);
}

// Constant-time: the time taken does not tell how much of a guess was right.
bool admin_token_matches(const ExchangeRequest& request, const std::string& token) {
  const std::string* given = request.header("x-bedrock-admin-token");
  if (given == nullptr || given->size() != token.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < token.size(); ++i) {
    difference |= static_cast<unsigned char>((*given)[i] ^ token[i]);
  }
  return difference == 0;
}

bool is_loopback(std::string_view remote_addr) {
  return remote_addr.substr(0, 4) == "127." || remote_addr == "::1" ||
         remote_addr.substr(0, 11) == "::ffff:127.";
}

ExchangeResponse handle_admin(const ExchangeRequest& request, AdminContext& context) {
  if (!context.allow_remote && !is_loopback(request.remote_addr)) {
    return error(403, "the admin API answers loopback clients only (see --admin-host)");
  }
  if (request.target.size() < kAdminPrefix.size()) return error(404, "see /__admin/health");
  const auto [path, query] = split_target(request.target);
  if (path == "health") {
    if (request.method != "GET") return error(405, "health accepts GET");
    json body = {{"status", "ok"}};
    if (context.health) body.update(context.health());
    return json_response(200, body);
  }
  if (!context.token.empty() && !admin_token_matches(request, context.token)) {
    return error(401, "the admin API needs the x-bedrock-admin-token header (see --admin-token)");
  }
  if (path == "requests") {
    if (request.method == "DELETE") {
      context.journal.clear();
      return json_response(200, {{"requests", json::array()}});
    }
    if (request.method != "GET") return error(405, "requests accepts GET and DELETE");
    return list_requests(query, context.journal);
  }
  if (path == "reset") {
    if (request.method != "POST") return error(405, "reset accepts POST");
    if (context.reset) context.reset();
    return json_response(200, {{"reset", true}});
  }
  if (path == "rules") return rules_endpoint(request, context);
  if (path == "clock") return clock_endpoint(request, context);
  if (path == "quotas") {
    if (request.method != "GET") return error(405, "quotas accepts GET");
    return json_response(200, context.quotas.usage());
  }
  return error(404, "unknown admin endpoint /__admin/" + path +
                        " (health, requests, reset, rules, clock, quotas)");
}

}  // namespace bedrock::mock
