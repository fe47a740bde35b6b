#pragma once
// The admin API under /__admin/: health, the request journal, reset, rules (with their quotas
// and latency models), the quota windows and the quota clock tests move. It is
// answered before anything else and is reachable from loopback only unless the mock was
// started with --admin-host; with --admin-token it also needs the token.
#include <functional>
#include <optional>
#include <string>

#include "bedrock/mock/exchange.hpp"
#include "bedrock/mock/journal.hpp"
#include "bedrock/mock/latency.hpp"
#include "bedrock/mock/quotas.hpp"
#include "bedrock/mock/rules.hpp"

namespace bedrock::mock {

struct AdminContext {
  Journal& journal;
  RuleEngine& rules;
  QuotaBook& quotas;
  QuotaClock& quota_clock;
  LatencyModels& latency;
  std::function<void()> reset;             // journal, call counters, replay positions
  std::function<nlohmann::json()> health;  // extra members for GET health
  bool allow_remote = false;               // --admin-host other than loopback
  // --admin-token: when set, every endpoint but health needs `x-bedrock-admin-token: TOKEN`
  // (a shared CI mock whose rules and journal other jobs must not change or read).
  std::string token;
};

inline constexpr std::string_view kAdminPrefix = "/__admin/";

bool is_admin_target(std::string_view target);
bool is_loopback(std::string_view remote_addr);
// --admin-token: whether the request carries `token` (compared in constant time).
bool admin_token_matches(const ExchangeRequest& request, const std::string& token);

// Answers an admin request (the caller checked is_admin_target).
ExchangeResponse handle_admin(const ExchangeRequest& request, AdminContext& context);

}  // namespace bedrock::mock
