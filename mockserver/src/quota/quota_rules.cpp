// The "quotas" list of a catalog or a scenario file, read member by member: a typo is an error
// with its JSON path, never a quota silently missing.
#include <nlohmann/json.hpp>

#include "bedrock/mock/quotas.hpp"

namespace bedrock::mock {
namespace {

constexpr std::string_view kMembers =
    "modelId, region, inference, requestsPerMinute, tokensPerMinute, tokensPerDay, per, "
    "defaultMaxTokens, outputTokenBurndown";

template <class Json>
Expected<std::vector<std::string>, QuotaRuleError> strings(const Json& value,
                                                           const std::string& path) {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.push_back(value.template get<std::string>());
    return out;
  }
  if (!value.is_array()) return unexpected(QuotaRuleError{path, "expected a string or a list"});
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string()) {
      return unexpected(QuotaRuleError{path + "[" + std::to_string(i) + "]", "expected a string"});
    }
    out.push_back(value[i].template get<std::string>());
  }
  return out;
}

template <class Json>
Expected<uint64_t, QuotaRuleError> whole_number(const Json& value, const std::string& path) {
  if (!value.is_number_unsigned()) {
    return unexpected(QuotaRuleError{path, "expected a whole number >= 0"});
  }
  return value.template get<uint64_t>();
}

template <class Json>
Expected<QuotaRule, QuotaRuleError> parse_rule(const Json& value, const std::string& path,
                                               const std::string& source) {
  if (!value.is_object()) return unexpected(QuotaRuleError{path, "expected an object"});
  QuotaRule rule;
  rule.source = source + " " + path;
  for (const auto& [key, member] : value.items()) {
    const std::string at = path + "." + key;
    if (key == "modelId" || key == "modelIds" || key == "region" || key == "regions") {
      auto list = strings(member, at);
      if (!list) return unexpected(list.error());
      (key.rfind("model", 0) == 0 ? rule.model_ids : rule.regions) = std::move(*list);
    } else if (key == "inference") {
      const std::string kind = member.is_string() ? member.template get<std::string>() : "";
      if (kind != "on-demand" && kind != "cross-region") {
        return unexpected(QuotaRuleError{at, "expected on-demand or cross-region"});
      }
      rule.inference = kind == "on-demand" ? InferenceKind::kOnDemand : InferenceKind::kCrossRegion;
    } else if (key == "requestsPerMinute" || key == "tokensPerMinute" || key == "tokensPerDay") {
      auto n = whole_number(member, at);
      if (!n) return unexpected(n.error());
      (key == "requestsPerMinute" ? rule.requests_per_minute
       : key == "tokensPerMinute" ? rule.tokens_per_minute
                                  : rule.tokens_per_day) = *n;
    } else if (key == "per") {
      const std::string per = member.is_string() ? member.template get<std::string>() : "";
      if (per != "account" && per != "access-key") {
        return unexpected(QuotaRuleError{at, "expected account or access-key"});
      }
      rule.per = per == "account" ? QuotaScope::kAccount : QuotaScope::kAccessKey;
    } else if (key == "defaultMaxTokens") {
      auto n = whole_number(member, at);
      if (!n) return unexpected(n.error());
      rule.default_max_tokens = *n;
    } else if (key == "outputTokenBurndown") {
      if (!member.is_number() || member.template get<double>() < 1) {
        return unexpected(QuotaRuleError{at, "expected a number >= 1"});
      }
      rule.output_burndown = member.template get<double>();
    } else if (key == "description" || key == "evidence") {
      if (!member.is_string()) return unexpected(QuotaRuleError{at, "expected a string"});
    } else {
      return unexpected(
          QuotaRuleError{at, "unknown member (expected " + std::string(kMembers) + ")"});
    }
  }
  if (!rule.requests_per_minute && !rule.tokens_per_minute && !rule.tokens_per_day) {
    return unexpected(QuotaRuleError{
        path, "the quota limits nothing: give requestsPerMinute, tokensPerMinute or tokensPerDay"});
  }
  return rule;
}

}  // namespace

template <class Json>
Expected<std::vector<QuotaRule>, QuotaRuleError> parse_quota_rules(const Json& list,
                                                                   const std::string& path,
                                                                   const std::string& source) {
  if (!list.is_array()) return unexpected(QuotaRuleError{path, "expected a list of quotas"});
  std::vector<QuotaRule> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto rule = parse_rule(list[i], path + "[" + std::to_string(i) + "]", source);
    if (!rule) return unexpected(rule.error());
    out.push_back(std::move(*rule));
  }
  return out;
}

template Expected<std::vector<QuotaRule>, QuotaRuleError> parse_quota_rules(const nlohmann::json&,
                                                                            const std::string&,
                                                                            const std::string&);
template Expected<std::vector<QuotaRule>, QuotaRuleError> parse_quota_rules(
    const nlohmann::ordered_json&, const std::string&, const std::string&);

nlohmann::json to_json(const QuotaRule& rule) {
  nlohmann::json out = nlohmann::json::object();
  if (!rule.model_ids.empty()) out["modelId"] = rule.model_ids;
  if (!rule.regions.empty()) out["region"] = rule.regions;
  if (rule.inference) out["inference"] = std::string(to_string(*rule.inference));
  if (rule.requests_per_minute) out["requestsPerMinute"] = *rule.requests_per_minute;
  if (rule.tokens_per_minute) out["tokensPerMinute"] = *rule.tokens_per_minute;
  if (rule.tokens_per_day) out["tokensPerDay"] = *rule.tokens_per_day;
  out["per"] = rule.per == QuotaScope::kAccount ? "account" : "access-key";
  out["defaultMaxTokens"] = rule.default_max_tokens;
  out["outputTokenBurndown"] = rule.output_burndown;
  out["source"] = rule.source;
  return out;
}

std::string_view to_string(InferenceKind kind) {
  return kind == InferenceKind::kOnDemand ? "on-demand" : "cross-region";
}

}  // namespace bedrock::mock
