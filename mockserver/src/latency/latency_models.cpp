// Drawing answer timings from a latency rule. The generator is ours (splitmix64 with a
// Box-Muller transform), not a std:: distribution, whose output the standard leaves to each
// library: the same seed gives the same timings everywhere.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

#include "bedrock/mock/latency.hpp"
#include "bedrock/mock/rules.hpp"

namespace bedrock::mock {
namespace {

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// In (0, 1): never 0, so the logarithm below is finite.
double uniform(uint64_t& state) {
  return (static_cast<double>(splitmix64(state) >> 11) + 0.5) * 0x1.0p-53;
}

double standard_normal(uint64_t& state) {
  const double u1 = uniform(state);
  const double u2 = uniform(state);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

bool matches_any(const std::vector<std::string>& patterns, const std::string& value) {
  if (patterns.empty()) return true;
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& pattern) { return wildcard_match(pattern, value); });
}

std::string format_ms(double ms) {
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << ms << " ms";
  return out.str();
}

}  // namespace

std::string_view to_string(LatencyKind kind) {
  switch (kind) {
    case LatencyKind::kFixed:
      return "fixed";
    case LatencyKind::kNormal:
      return "normal";
    case LatencyKind::kLogNormal:
      return "lognormal";
    case LatencyKind::kRecorded:
      return "recorded";
  }
  return "fixed";
}

nlohmann::json to_json(const LatencyRule& rule) {
  nlohmann::json match = nlohmann::json::object();
  if (!rule.operations.empty()) match["operation"] = rule.operations;
  if (!rule.model_ids.empty()) match["modelId"] = rule.model_ids;
  if (!rule.regions.empty()) match["region"] = rule.regions;
  nlohmann::json out = {
      {"name", rule.name}, {"match", match}, {"model", std::string(to_string(rule.kind))}};
  const auto distribution = [&](const DelayDistribution& d) -> nlohmann::json {
    switch (rule.kind) {
      case LatencyKind::kNormal:
        return {{"mean", d.a}, {"stddev", d.b}};
      case LatencyKind::kLogNormal:
        return {{"median", d.a}, {"sigma", d.b}};
      default:
        return d.a;
    }
  };
  if (rule.first_byte) out["firstByteMs"] = distribution(*rule.first_byte);
  if (rule.inter_frame) out["interFrameMs"] = distribution(*rule.inter_frame);
  if (rule.kind == LatencyKind::kNormal || rule.kind == LatencyKind::kLogNormal) {
    out["seed"] = rule.seed;
  }
  if (rule.kind == LatencyKind::kRecorded) {
    out["cassette"] = rule.cassette;
    out["samples"] = rule.samples.size();
  }
  return out;
}

void LatencyModels::add(std::vector<LatencyRule> rules) {
  std::lock_guard lock(mutex_);
  for (auto& rule : rules) {
    const uint64_t seed = rule.seed;
    active_.push_back({std::move(rule), seed, 0});
  }
}

void LatencyModels::clear() {
  std::lock_guard lock(mutex_);
  active_.clear();
}

void LatencyModels::reset() {
  std::lock_guard lock(mutex_);
  for (auto& active : active_) {
    active.state = active.rule.seed;
    active.next_sample = 0;
  }
}

std::vector<LatencyRule> LatencyModels::rules() const {
  std::lock_guard lock(mutex_);
  std::vector<LatencyRule> out;
  for (const auto& active : active_) out.push_back(active.rule);
  return out;
}

double LatencyModels::draw(Active& active, const DelayDistribution& distribution) {
  switch (active.rule.kind) {
    case LatencyKind::kNormal:
      // Truncated at zero: a delay is never negative.
      return std::max(0.0, distribution.a + distribution.b * standard_normal(active.state));
    case LatencyKind::kLogNormal:
      return distribution.a * std::exp(distribution.b * standard_normal(active.state));
    case LatencyKind::kFixed:
    case LatencyKind::kRecorded:
      break;
  }
  return distribution.a;
}

std::optional<LatencyPlan> LatencyModels::plan(const std::string& operation,
                                               const std::string& model_id,
                                               const std::string& region, std::size_t frames) {
  std::lock_guard lock(mutex_);
  for (auto& active : active_) {
    const LatencyRule& rule = active.rule;
    if (!matches_any(rule.operations, operation) || !matches_any(rule.model_ids, model_id) ||
        !matches_any(rule.regions, region)) {
      continue;
    }
    LatencyPlan plan;
    std::string what(to_string(rule.kind));
    if (rule.kind == LatencyKind::kRecorded) {
      const TimingSample& sample = rule.samples[active.next_sample++ % rule.samples.size()];
      plan.first_byte_ms = sample.first_ms;
      plan.gaps_ms = sample.gaps_ms;
      what += " " + rule.cassette + " stream " +
              std::to_string((active.next_sample - 1) % rule.samples.size() + 1);
    } else {
      if (rule.first_byte) plan.first_byte_ms = draw(active, *rule.first_byte);
      if (rule.inter_frame) {
        for (std::size_t i = 1; i < frames; ++i) {
          plan.gaps_ms.push_back(draw(active, *rule.inter_frame));
        }
      }
      if (rule.kind != LatencyKind::kFixed) what += " seed " + std::to_string(rule.seed);
    }
    plan.summary = rule.name + ": " + what;
    if (plan.first_byte_ms) plan.summary += ", first byte " + format_ms(*plan.first_byte_ms);
    return plan;
  }
  return std::nullopt;
}

void apply_latency(const LatencyPlan& plan, bool stream, std::vector<double>& offsets_ms,
                   double& delay_ms) {
  if (!stream) {
    // A whole body arrives when the stream it stands for would have ended.
    delay_ms += plan.first_byte_ms.value_or(0);
    for (const double gap : plan.gaps_ms) delay_ms += gap;
    return;
  }
  if (offsets_ms.empty()) return;
  const std::vector<double> original = offsets_ms;
  if (plan.first_byte_ms) offsets_ms[0] = *plan.first_byte_ms;
  for (std::size_t i = 1; i < offsets_ms.size(); ++i) {
    const double gap = plan.gaps_ms.empty() ? original[i] - original[i - 1]
                                            : plan.gaps_ms[(i - 1) % plan.gaps_ms.size()];
    offsets_ms[i] = offsets_ms[i - 1] + gap;
  }
}

}  // namespace bedrock::mock
