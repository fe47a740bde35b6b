// The quota windows: which rule a request counts against, whether it fits, what it reserved
// and what it settled at.
#include <algorithm>
#include <cmath>

#include "bedrock/mock/quotas.hpp"
#include "bedrock/mock/rules.hpp"
#include "bedrock/protocol/error_messages.hpp"

namespace bedrock::mock {
namespace {

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kMinutesPerDay = 24 * 60;
// Keys of callers long gone are dropped once there are this many (a busy mock with many
// access keys must not grow without bound).
constexpr std::size_t kMaxWindows = 10'000;

bool matches_any(const std::vector<std::string>& patterns, const std::string& value) {
  if (patterns.empty()) return true;
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& pattern) { return wildcard_match(pattern, value); });
}

bool applies(const QuotaRule& rule, const QuotaRequest& request) {
  return (!rule.inference || *rule.inference == request.kind) &&
         matches_any(rule.model_ids, request.model_id) && matches_any(rule.regions, request.region);
}

uint64_t add_signed(uint64_t value, int64_t delta) {
  if (delta < 0 && static_cast<uint64_t>(-delta) > value) return 0;
  return delta < 0 ? value - static_cast<uint64_t>(-delta) : value + static_cast<uint64_t>(delta);
}

}  // namespace

QuotaClock::QuotaClock(bool manual) : manual_(manual), started_(std::chrono::steady_clock::now()) {}

std::chrono::milliseconds QuotaClock::now() const {
  const auto advanced = std::chrono::milliseconds(advanced_ms_.load());
  if (manual_) return advanced;
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               started_) +
         advanced;
}

void QuotaClock::advance(std::chrono::milliseconds by) { advanced_ms_ += by.count(); }

std::string_view to_string(QuotaVerdict verdict) {
  switch (verdict) {
    case QuotaVerdict::kAdmitted:
      return "admitted";
    case QuotaVerdict::kRequestsPerMinute:
      return "throttled: requests per minute";
    case QuotaVerdict::kTokensPerMinute:
      return "throttled: tokens per minute";
    case QuotaVerdict::kTokensPerDay:
      return "throttled: tokens per day";
    case QuotaVerdict::kZeroQuota:
      return "refused: the quota is 0";
  }
  return "admitted";
}

std::optional<errors::ServiceError> QuotaSnapshot::error(operations::Operation op) const {
  switch (verdict) {
    case QuotaVerdict::kAdmitted:
      return std::nullopt;
    case QuotaVerdict::kRequestsPerMinute:
      return errors::too_many_requests();
    case QuotaVerdict::kTokensPerMinute:
      return errors::too_many_tokens();
    case QuotaVerdict::kTokensPerDay:
      return errors::too_many_tokens_per_day();
    case QuotaVerdict::kZeroQuota: {
      const bool declared = op == operations::Operation::kInvokeModel ||
                            op == operations::Operation::kInvokeModelWithResponseStream;
      if (declared) return errors::service_quota_exceeded();
      if (requests_per_minute == 0ULL) return errors::too_many_requests();
      if (tokens_per_minute == 0ULL) return errors::too_many_tokens();
      return errors::too_many_tokens_per_day();
    }
  }
  return std::nullopt;
}

nlohmann::json to_json(const QuotaSnapshot& snapshot) {
  nlohmann::json out = {{"key", snapshot.key},
                        {"source", snapshot.source},
                        {"verdict", std::string(to_string(snapshot.verdict))},
                        {"clockMs", snapshot.clock_ms},
                        {"reserved", snapshot.reserved}};
  if (snapshot.settled) out["settled"] = *snapshot.settled;
  if (snapshot.never_fits) out["neverFits"] = true;
  if (snapshot.requests_per_minute) {
    out["requestsPerMinute"] = {{"limit", *snapshot.requests_per_minute},
                                {"used", snapshot.requests_in_minute}};
  }
  if (snapshot.tokens_per_minute) {
    out["tokensPerMinute"] = {{"limit", *snapshot.tokens_per_minute},
                              {"used", snapshot.tokens_in_minute}};
  }
  if (snapshot.tokens_per_day) {
    out["tokensPerDay"] = {{"limit", *snapshot.tokens_per_day}, {"used", snapshot.tokens_in_day}};
  }
  return out;
}

void QuotaBook::Window::expire(int64_t now_ms) {
  while (!minute.empty() && minute.front().at_ms <= now_ms - kMinuteMs) minute.pop_front();
  const int64_t this_minute = now_ms / kMinuteMs;
  while (!day.empty() && day.front().first <= this_minute - kMinutesPerDay) day.pop_front();
}

uint64_t QuotaBook::Window::requests() const {
  uint64_t total = 0;
  for (const auto& instant : minute) total += instant.requests;
  return total;
}

uint64_t QuotaBook::Window::minute_tokens() const {
  uint64_t total = 0;
  for (const auto& instant : minute) total += instant.tokens;
  return total;
}

uint64_t QuotaBook::Window::day_tokens() const {
  uint64_t total = 0;
  for (const auto& [number, tokens] : day) total += tokens;
  return total;
}

void QuotaBook::Window::add(int64_t at_ms, uint64_t count, int64_t tokens) {
  // A settlement (count 0) adjusts the entry its admission made, if still in the window.
  auto instant = std::find_if(minute.rbegin(), minute.rend(),
                              [&](const Instant& i) { return i.at_ms == at_ms; });
  if (instant != minute.rend()) {
    instant->requests += count;
    instant->tokens = add_signed(instant->tokens, tokens);
  } else if (count > 0) {
    minute.push_back({at_ms, count, add_signed(0, tokens)});
  }
  const int64_t number = at_ms / kMinuteMs;
  auto slot = std::find_if(day.rbegin(), day.rend(),
                           [&](const auto& entry) { return entry.first == number; });
  if (slot != day.rend()) {
    slot->second = add_signed(slot->second, tokens);
  } else if (count > 0) {
    day.emplace_back(number, add_signed(0, tokens));
  }
}

void QuotaBook::add_front(std::vector<QuotaRule> rules) {
  std::lock_guard lock(mutex_);
  // Window keys hold rule positions: they move, so the windows start over.
  front_rules_ += rules.size();
  rules_.insert(rules_.begin(), std::make_move_iterator(rules.begin()),
                std::make_move_iterator(rules.end()));
  windows_.clear();
}

void QuotaBook::clear_front() {
  std::lock_guard lock(mutex_);
  rules_.erase(rules_.begin(), rules_.begin() + static_cast<std::ptrdiff_t>(front_rules_));
  front_rules_ = 0;
  windows_.clear();
}

void QuotaBook::add_back(std::vector<QuotaRule> rules) {
  std::lock_guard lock(mutex_);
  rules_.insert(rules_.end(), std::make_move_iterator(rules.begin()),
                std::make_move_iterator(rules.end()));
}

std::vector<QuotaRule> QuotaBook::rules() const {
  std::lock_guard lock(mutex_);
  return rules_;
}

void QuotaBook::clear_usage() {
  std::lock_guard lock(mutex_);
  windows_.clear();
}

void QuotaBook::fill(QuotaSnapshot& snapshot, const QuotaRule& rule, const Window& window) const {
  snapshot.requests_per_minute = rule.requests_per_minute;
  snapshot.tokens_per_minute = rule.tokens_per_minute;
  snapshot.tokens_per_day = rule.tokens_per_day;
  snapshot.requests_in_minute = window.requests();
  snapshot.tokens_in_minute = window.minute_tokens();
  snapshot.tokens_in_day = window.day_tokens();
}

std::optional<QuotaSnapshot> QuotaBook::admit(const QuotaRequest& request,
                                              const std::string& account) {
  std::lock_guard lock(mutex_);
  const auto found = std::find_if(rules_.begin(), rules_.end(),
                                  [&](const QuotaRule& rule) { return applies(rule, request); });
  if (found == rules_.end()) return std::nullopt;
  const QuotaRule& rule = *found;
  const std::size_t index = static_cast<std::size_t>(found - rules_.begin());

  QuotaSnapshot snapshot;
  const std::string caller =
      rule.per == QuotaScope::kAccount
          ? "account " + account
          : "access-key " + (request.access_key.empty() ? "(none)" : request.access_key);
  snapshot.key = request.region + " " + std::string(to_string(request.kind)) + " " +
                 request.model_id + " " + caller;
  snapshot.source = rule.source;
  const int64_t now = clock_.now().count();
  snapshot.clock_ms = now;

  if (windows_.size() >= kMaxWindows) {
    for (auto it = windows_.begin(); it != windows_.end();) {
      it->second.expire(now);
      it = it->second.minute.empty() && it->second.day.empty() ? windows_.erase(it) : ++it;
    }
  }
  snapshot.window = std::to_string(index) + " " + snapshot.key;
  Window& window = windows_[snapshot.window];
  window.rule = index;
  window.expire(now);

  // Bedrock reserves input + maxTokens at the start (AWS "How tokens are counted").
  snapshot.reserved = request.input_tokens + request.max_tokens.value_or(rule.default_max_tokens);
  const auto over = [&](const std::optional<uint64_t>& limit, uint64_t used) {
    return limit && used + snapshot.reserved > *limit;
  };
  const auto zero = [](const std::optional<uint64_t>& limit) { return limit && *limit == 0; };
  snapshot.never_fits = over(rule.tokens_per_minute, 0) || over(rule.tokens_per_day, 0);
  if (zero(rule.requests_per_minute) || zero(rule.tokens_per_minute) || zero(rule.tokens_per_day)) {
    snapshot.verdict = QuotaVerdict::kZeroQuota;
  } else if (rule.requests_per_minute && window.requests() >= *rule.requests_per_minute) {
    snapshot.verdict = QuotaVerdict::kRequestsPerMinute;
  } else if (over(rule.tokens_per_minute, window.minute_tokens())) {
    snapshot.verdict = QuotaVerdict::kTokensPerMinute;
  } else if (over(rule.tokens_per_day, window.day_tokens())) {
    snapshot.verdict = QuotaVerdict::kTokensPerDay;
  } else {
    window.add(now, 1, static_cast<int64_t>(snapshot.reserved));
  }
  fill(snapshot, rule, window);
  return snapshot;
}

void QuotaBook::settle(QuotaSnapshot& snapshot, uint64_t input_tokens, uint64_t output_tokens) {
  if (snapshot.verdict != QuotaVerdict::kAdmitted) return;
  std::lock_guard lock(mutex_);
  const auto found = windows_.find(snapshot.window);
  if (found == windows_.end() || found->second.rule >= rules_.size()) return;  // cleared since
  Window& window = found->second;
  const QuotaRule& rule = rules_[window.rule];
  const auto settled =
      input_tokens +
      static_cast<uint64_t>(std::ceil(static_cast<double>(output_tokens) * rule.output_burndown));
  window.add(snapshot.clock_ms, 0,
             static_cast<int64_t>(settled) - static_cast<int64_t>(snapshot.reserved));
  snapshot.settled = settled;
  window.expire(clock_.now().count());
  fill(snapshot, rule, window);
}

nlohmann::json QuotaBook::usage() const {
  std::lock_guard lock(mutex_);
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& rule : rules_) rules.push_back(to_json(rule));
  nlohmann::json windows = nlohmann::json::array();
  const int64_t now = clock_.now().count();
  for (const auto& [key, window] : windows_) {
    Window current = window;
    current.expire(now);
    const QuotaRule& rule = rules_[window.rule];
    windows.push_back({{"key", key.substr(key.find(' ') + 1)},
                       {"source", rule.source},
                       {"requestsInMinute", current.requests()},
                       {"tokensInMinute", current.minute_tokens()},
                       {"tokensInDay", current.day_tokens()}});
  }
  return {{"clockMs", now},
          {"clock", clock_.manual() ? "manual" : "wall"},
          {"quotas", rules},
          {"windows", windows}};
}

}  // namespace bedrock::mock
