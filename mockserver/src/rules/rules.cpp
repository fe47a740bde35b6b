#include "bedrock/mock/rules.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bedrock/protocol/cassette.hpp"
#include "validation/bounded_json.hpp"

namespace bedrock::mock {
namespace {

using nlohmann::json;

struct Parser {
  std::string source;
  std::filesystem::path base_dir;  // where relative cassette paths start

  Unexpected<RuleError> fail(const std::string& path, const std::string& message) const {
    return unexpected(RuleError{source, path, message});
  }

  Expected<std::vector<std::string>, RuleError> strings(const json& value,
                                                        const std::string& path) const {
    std::vector<std::string> out;
    if (value.is_string()) {
      out.push_back(value.get<std::string>());
      return out;
    }
    if (!value.is_array()) return fail(path, "expected a string or an array of strings");
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) {
        return fail(path + "[" + std::to_string(i) + "]", "expected a string");
      }
      out.push_back(value[i].get<std::string>());
    }
    return out;
  }

  Expected<uint64_t, RuleError> positive(const json& value, const std::string& path) const {
    if (!value.is_number_unsigned() || value.get<uint64_t>() == 0) {
      return fail(path, "expected a whole number >= 1");
    }
    return value.get<uint64_t>();
  }

  Expected<RuleMatch, RuleError> match(const json& value, const std::string& path) const {
    RuleMatch out;
    if (!value.is_object()) return fail(path, "expected an object");
    for (const auto& [key, member] : value.items()) {
      const std::string at = path + "." + key;
      if (key == "operation" || key == "operations") {
        auto list = strings(member, at);
        if (!list) return unexpected(list.error());
        out.operations = *list;
      } else if (key == "modelId" || key == "modelIds") {
        auto list = strings(member, at);
        if (!list) return unexpected(list.error());
        out.model_ids = *list;
      } else if (key == "region" || key == "regions") {
        auto list = strings(member, at);
        if (!list) return unexpected(list.error());
        out.regions = *list;
      } else if (key == "calls") {
        if (!member.is_object()) return fail(at, "expected {\"from\": N, \"to\": M}");
        for (const auto& [bound, number] : member.items()) {
          auto n = positive(number, at + "." + bound);
          if (!n) return unexpected(n.error());
          if (bound == "from") {
            out.calls_from = *n;
          } else if (bound == "to") {
            out.calls_to = *n;
          } else {
            return fail(at + "." + bound, "unknown member (expected from, to)");
          }
        }
        if (out.calls_to && *out.calls_to < out.calls_from) {
          return fail(at, "\"to\" is smaller than \"from\"");
        }
      } else if (key == "firstCalls") {
        auto n = positive(member, at);
        if (!n) return unexpected(n.error());
        out.calls_from = 1;
        out.calls_to = *n;
      } else {
        return fail(at, "unknown member (expected operation, modelId, region, calls, firstCalls)");
      }
    }
    return out;
  }

  static bool is_wire_member(std::string_view key) {
    return key == "streamCutAfterFrames" || key == "streamCutAfterBytes" || key == "streamEnd" ||
           key == "corruptFrame" || key == "corrupt" || key == "streamChunkBytes" ||
           key == "dripBytesPerSecond";
  }

  Expected<void, RuleError> wire_member(const std::string& key, const json& member,
                                        const std::string& at, WireFault& wire) const {
    if (key == "streamEnd") {
      auto end = member.is_string() ? parse_stream_end(member.get<std::string>()) : std::nullopt;
      if (!end) return fail(at, "expected one of complete, reset, close, stall");
      wire.end = *end;
      return {};
    }
    if (key == "corrupt") {
      const std::string part = member.is_string() ? member.get<std::string>() : "";
      if (part != "prelude-crc" && part != "message-crc") {
        return fail(at, "expected prelude-crc or message-crc");
      }
      wire.corrupt_part = part == "prelude-crc" ? CrcPart::kPrelude : CrcPart::kMessage;
      return {};
    }
    if (key == "dripBytesPerSecond") {
      if (!member.is_number() || member.get<double>() <= 0) {
        return fail(at, "expected a number of bytes per second > 0");
      }
      wire.drip_bytes_per_second = member.get<double>();
      return {};
    }
    if (key == "streamCutAfterFrames" || key == "streamCutAfterBytes") {
      if (!member.is_number_unsigned()) return fail(at, "expected a whole number >= 0");
      (key == "streamCutAfterFrames" ? wire.cut_after_frames : wire.cut_after_bytes) =
          member.get<uint64_t>();
      return {};
    }
    auto n = positive(member, at);  // corruptFrame, streamChunkBytes
    if (!n) return unexpected(n.error());
    (key == "corruptFrame" ? wire.corrupt_frame : wire.chunk_bytes) = *n;
    return {};
  }

  Expected<void, RuleError> check_wire(const WireFault& wire, const std::string& path) const {
    if (wire.cut_after_frames && wire.cut_after_bytes) {
      return fail(path, "choose one of streamCutAfterFrames and streamCutAfterBytes");
    }
    return {};
  }

  Expected<RuleAction, RuleError> action(const json& value, const std::string& path) const {
    if (!value.is_object()) return fail(path, "expected an object");
    RuleAction out;
    int kinds = 0;
    bool wire = false;
    auto set_kind = [&](RuleActionKind kind) {
      out.kind = kind;
      ++kinds;
    };
    for (const auto& [key, member] : value.items()) {
      const std::string at = path + "." + key;
      if (key == "error") {
        if (!member.is_string() || member.get<std::string>().empty()) {
          return fail(at, "expected an error name such as ThrottlingException");
        }
        out.error_code = member.get<std::string>();
      } else if (key == "message") {
        if (!member.is_string()) return fail(at, "expected a string");
        out.message = member.get<std::string>();
      } else if (key == "iamDeny") {
        const bool known =
            member.is_string() && std::find(std::begin(kIamDenyKinds), std::end(kIamDenyKinds),
                                            member.get<std::string>()) != std::end(kIamDenyKinds);
        if (!known) {
          return fail(at,
                      "expected one of scp, identity-policy, identity-policy-deny, "
                      "vpc-endpoint-policy, vpc-endpoint-policy-deny");
        }
        out.iam_deny = member.get<std::string>();
      } else if (key == "denyResourceRegion") {
        if (!member.is_string()) return fail(at, "expected a Region name");
        out.deny_region = member.get<std::string>();
      } else if (key == "delayMs") {
        if (!member.is_number() || member.get<double>() < 0) {
          return fail(at, "expected a number of milliseconds >= 0");
        }
        out.delay_ms = member.get<double>();
      } else if (key == "drop" || key == "stall") {
        if (!member.is_boolean()) return fail(at, "expected true or false");
        if (member.get<bool>()) {
          set_kind(key == "drop" ? RuleActionKind::kDropConnection : RuleActionKind::kStall);
        }
      } else if (key == "streamExceptionAfter" || key == "streamResetAfter" ||
                 key == "streamStallAfter") {
        if (!member.is_number_unsigned()) return fail(at, "expected a number of events >= 0");
        out.after_events = member.get<uint64_t>();
        set_kind(key == "streamExceptionAfter" ? RuleActionKind::kStreamException
                 : key == "streamResetAfter"   ? RuleActionKind::kStreamReset
                                               : RuleActionKind::kStreamStall);
      } else if (is_wire_member(key)) {
        auto parsed = wire_member(key, member, at, out.wire);
        if (!parsed) return unexpected(parsed.error());
        wire = true;
      } else {
        return fail(
            at,
            "unknown member (expected error, message, iamDeny, denyResourceRegion, delayMs, "
            "drop, stall, streamExceptionAfter, streamResetAfter, streamStallAfter, "
            "streamCutAfterFrames, streamCutAfterBytes, streamEnd, corruptFrame, corrupt, "
            "streamChunkBytes, dripBytesPerSecond)");
      }
    }
    if (value.contains("corrupt") && !value.contains("corruptFrame")) {
      return fail(path + ".corrupt", "corrupt needs corruptFrame: the frame to damage");
    }
    if (wire) {
      set_kind(RuleActionKind::kStreamWire);
      if (auto checked = check_wire(out.wire, path); !checked) return unexpected(checked.error());
    }
    if (kinds > 1)
      return fail(path,
                  "choose one of drop, stall, streamExceptionAfter, streamResetAfter, "
                  "streamStallAfter, or the wire faults (streamCutAfter..., corruptFrame, "
                  "streamChunkBytes, dripBytesPerSecond, streamEnd)");
    if (!out.iam_deny.empty()) {
      if (!out.error_code.empty() && out.error_code != "AccessDeniedException") {
        return fail(path + ".error", "iamDeny answers AccessDeniedException");
      }
      out.error_code = "AccessDeniedException";
    }
    if (kinds == 0 && !out.error_code.empty()) out.kind = RuleActionKind::kError;
    if (out.kind == RuleActionKind::kStreamException && out.error_code.empty()) {
      return fail(path + ".error", "streamExceptionAfter needs the error to send");
    }
    if (out.kind != RuleActionKind::kError && out.kind != RuleActionKind::kStreamException &&
        !out.error_code.empty()) {
      return fail(path + ".error", "an error cannot be combined with this action");
    }
    if (out.kind == RuleActionKind::kDelayOnly && out.delay_ms == 0) {
      return fail(path,
                  "the rule does nothing: give error, delayMs, drop, stall or a stream fault");
    }
    return out;
  }

  Expected<DelayDistribution, RuleError> distribution(const json& value, LatencyKind kind,
                                                      const std::string& path) const {
    const auto number = [&](const json& member, const std::string& at,
                            bool positive_only) -> Expected<double, RuleError> {
      if (!member.is_number() || member.get<double>() < 0 ||
          (positive_only && member.get<double>() == 0)) {
        return fail(at, positive_only ? "expected a number > 0" : "expected a number >= 0");
      }
      return member.get<double>();
    };
    if (kind == LatencyKind::kFixed) {
      auto ms = number(value, path, false);
      if (!ms) return unexpected(ms.error());
      return DelayDistribution{*ms, 0};
    }
    const bool normal = kind == LatencyKind::kNormal;
    const char* centre = normal ? "mean" : "median";
    const char* spread = normal ? "stddev" : "sigma";
    if (!value.is_object() || !value.contains(centre) || !value.contains(spread) ||
        value.size() != 2) {
      return fail(path, std::string("expected {\"") + centre + "\": ms, \"" + spread +
                            "\": " + (normal ? "ms" : "number") + "}");
    }
    auto a = number(value[centre], path + "." + centre, !normal);
    if (!a) return unexpected(a.error());
    auto b = number(value[spread], path + "." + spread, false);
    if (!b) return unexpected(b.error());
    return DelayDistribution{*a, *b};
  }

  Expected<std::vector<TimingSample>, RuleError> recorded_samples(const std::string& file,
                                                                  const std::string& at) const {
    auto cassette = cassette::load(file);
    if (!cassette) return fail(at, cassette.error().to_string());
    std::vector<TimingSample> samples;
    for (const auto& interaction : cassette->interactions) {
      const cassette::Stream* stream = interaction.stream();
      if (stream == nullptr || stream->events.empty()) continue;
      TimingSample sample{stream->events.front().offset_ms, {}};
      for (std::size_t i = 1; i < stream->events.size(); ++i) {
        sample.gaps_ms.push_back(stream->events[i].offset_ms - stream->events[i - 1].offset_ms);
      }
      samples.push_back(std::move(sample));
    }
    if (samples.empty()) return fail(at, file + " has no recorded stream to take timings from");
    return samples;
  }

  Expected<LatencyRule, RuleError> latency(const json& value, const std::string& path) const {
    if (!value.is_object()) return fail(path, "expected an object");
    LatencyRule out;
    const json* model = value.contains("model") ? &value["model"] : nullptr;
    const std::string kind =
        model != nullptr && model->is_string() ? model->get<std::string>() : "";
    if (kind == "fixed") {
      out.kind = LatencyKind::kFixed;
    } else if (kind == "normal") {
      out.kind = LatencyKind::kNormal;
    } else if (kind == "lognormal") {
      out.kind = LatencyKind::kLogNormal;
    } else if (kind == "recorded") {
      out.kind = LatencyKind::kRecorded;
    } else {
      return fail(path + ".model", "expected fixed, normal, lognormal or recorded");
    }
    const bool recorded = out.kind == LatencyKind::kRecorded;
    for (const auto& [key, member] : value.items()) {
      const std::string at = path + "." + key;
      if (key == "model") continue;
      if (key == "name" || key == "description") {
        if (!member.is_string()) return fail(at, "expected a string");
        if (key == "name") out.name = member.get<std::string>();
      } else if (key == "match") {
        auto m = match(member, at);
        if (!m) return unexpected(m.error());
        if (m->calls_from != 1 || m->calls_to) {
          return fail(at, "a latency model applies to every matching call: no calls window");
        }
        out.operations = std::move(m->operations);
        out.model_ids = std::move(m->model_ids);
        out.regions = std::move(m->regions);
      } else if (!recorded && (key == "firstByteMs" || key == "interFrameMs")) {
        auto d = distribution(member, out.kind, at);
        if (!d) return unexpected(d.error());
        (key == "firstByteMs" ? out.first_byte : out.inter_frame) = *d;
      } else if (key == "seed" &&
                 (out.kind == LatencyKind::kNormal || out.kind == LatencyKind::kLogNormal)) {
        if (!member.is_number_unsigned()) return fail(at, "expected a whole number >= 0");
        out.seed = member.get<uint64_t>();
      } else if (key == "cassette" && recorded) {
        if (!member.is_string() || member.get<std::string>().empty()) {
          return fail(at, "expected the path of a cassette file");
        }
        std::filesystem::path file = member.get<std::string>();
        if (file.is_relative() && !base_dir.empty()) file = base_dir / file;
        out.cassette = member.get<std::string>();
        auto samples = recorded_samples(file.string(), at);
        if (!samples) return unexpected(samples.error());
        out.samples = std::move(*samples);
      } else {
        return fail(
            at, recorded ? "unknown member (a recorded model takes name, match, cassette)"
                         : "unknown member (expected name, match, model, firstByteMs, "
                           "interFrameMs" +
                               std::string(out.kind == LatencyKind::kFixed ? "" : ", seed") + ")");
      }
    }
    if (recorded && out.samples.empty()) return fail(path + ".cassette", "missing: the cassette");
    if (!recorded && !out.first_byte && !out.inter_frame) {
      return fail(path, "the model sets nothing: give firstByteMs, interFrameMs or both");
    }
    return out;
  }

  Expected<Rule, RuleError> rule(const json& value, const std::string& path) const {
    if (!value.is_object()) return fail(path, "expected an object");
    Rule out;
    bool has_respond = false;
    for (const auto& [key, member] : value.items()) {
      const std::string at = path + "." + key;
      if (key == "name") {
        if (!member.is_string()) return fail(at, "expected a string");
        out.name = member.get<std::string>();
      } else if (key == "match") {
        auto m = match(member, at);
        if (!m) return unexpected(m.error());
        out.match = *m;
      } else if (key == "respond") {
        auto a = action(member, at);
        if (!a) return unexpected(a.error());
        out.action = *a;
        has_respond = true;
      } else if (key == "description") {
        if (!member.is_string()) return fail(at, "expected a string");
      } else {
        return fail(at, "unknown member (expected name, description, match, respond)");
      }
    }
    if (!has_respond) return fail(path + ".respond", "missing: what the rule answers");
    return out;
  }
};

void add_wire_json(const WireFault& wire, json& respond) {
  if (wire.cut_after_frames) respond["streamCutAfterFrames"] = *wire.cut_after_frames;
  if (wire.cut_after_bytes) respond["streamCutAfterBytes"] = *wire.cut_after_bytes;
  if (wire.end) respond["streamEnd"] = std::string(to_string(*wire.end));
  if (wire.corrupt_frame > 0) {
    respond["corruptFrame"] = wire.corrupt_frame;
    respond["corrupt"] = wire.corrupt_part == CrcPart::kPrelude ? "prelude-crc" : "message-crc";
  }
  if (wire.chunk_bytes > 0) respond["streamChunkBytes"] = wire.chunk_bytes;
  if (wire.drip_bytes_per_second > 0) respond["dripBytesPerSecond"] = wire.drip_bytes_per_second;
}

bool any_matches(const std::vector<std::string>& patterns, const std::string& value) {
  if (patterns.empty()) return true;
  for (const auto& pattern : patterns) {
    if (wildcard_match(pattern, value)) return true;
  }
  return false;
}

}  // namespace

std::optional<StreamEnd> parse_stream_end(std::string_view text) {
  if (text == "complete") return StreamEnd::kComplete;
  if (text == "reset") return StreamEnd::kReset;
  if (text == "close") return StreamEnd::kClose;
  if (text == "stall") return StreamEnd::kStall;
  return std::nullopt;
}

std::string_view to_string(StreamEnd end) {
  switch (end) {
    case StreamEnd::kComplete:
      return "complete";
    case StreamEnd::kReset:
      return "reset";
    case StreamEnd::kClose:
      return "close";
    case StreamEnd::kStall:
      return "stall";
  }
  return "complete";
}

std::string RuleError::to_string() const { return source + ": " + path + ": " + message; }

Expected<RuleSet, RuleError> parse_rules(const json& document, const std::string& source) {
  Parser parser{source, {}};
  std::error_code ec;
  if (std::filesystem::is_regular_file(source, ec)) {
    parser.base_dir = std::filesystem::path(source).parent_path();
  }
  RuleSet set;
  set.name = source;
  const json* rules = &document;
  const json* quotas = nullptr;
  const json* latency = nullptr;
  if (document.is_object()) {
    rules = nullptr;
    for (const auto& [key, member] : document.items()) {
      if (key == "name" && member.is_string()) {
        set.name = member.get<std::string>();
      } else if (key == "description" && member.is_string()) {
        set.description = member.get<std::string>();
      } else if (key == "rules") {
        rules = &member;
      } else if (key == "quotas") {
        quotas = &member;
      } else if (key == "latency") {
        latency = &member;
      } else if (key == "clockOffsetSeconds" && member.is_number_integer()) {
        set.clock_offset = std::chrono::seconds(member.get<int64_t>());
      } else {
        return parser.fail("$." + key,
                           "unknown member or wrong type (expected name, description, "
                           "rules, quotas, latency, clockOffsetSeconds)");
      }
    }
    if (rules == nullptr && quotas == nullptr && latency == nullptr) {
      return parser.fail("$.rules", "missing: the list of rules (or quotas, or latency)");
    }
  }
  if (rules != nullptr) {
    const std::string base = rules == &document ? "$" : "$.rules";
    if (!rules->is_array()) return parser.fail(base, "expected an array of rules");
    for (std::size_t i = 0; i < rules->size(); ++i) {
      auto rule = parser.rule((*rules)[i], base + "[" + std::to_string(i) + "]");
      if (!rule) return unexpected(rule.error());
      if (rule->name.empty()) rule->name = set.name + "#" + std::to_string(i + 1);
      set.rules.push_back(std::move(*rule));
    }
  }
  if (quotas != nullptr) {
    auto parsed = parse_quota_rules(*quotas, "$.quotas", set.name);
    if (!parsed) return parser.fail(parsed.error().path, parsed.error().message);
    set.quotas = std::move(*parsed);
  }
  if (latency != nullptr) {
    if (!latency->is_array()) return parser.fail("$.latency", "expected an array of models");
    for (std::size_t i = 0; i < latency->size(); ++i) {
      auto model = parser.latency((*latency)[i], "$.latency[" + std::to_string(i) + "]");
      if (!model) return unexpected(model.error());
      if (model->name.empty()) model->name = set.name + " latency#" + std::to_string(i + 1);
      set.latency.push_back(std::move(*model));
    }
  }
  return set;
}

Expected<RuleSet, RuleError> load_rules_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return unexpected(RuleError{path, "$", "cannot read the file"});
  std::stringstream text;
  text << in.rdbuf();
  return parse_rules_text(text.str(), path);
}

Expected<RuleSet, RuleError> parse_rules_text(std::string_view text, const std::string& source) {
  // Bounded like a request body: a deeply nested document would otherwise exhaust the stack
  // of the recursive walks over it (POST /__admin/rules takes it from the network).
  auto document = parse_bounded_json(text);
  if (!document) {
    return unexpected(RuleError{source, "$",
                                document.error().kind == JsonFailureKind::kSyntax
                                    ? "not valid JSON"
                                    : "JSON nested or sized beyond the limits"});
  }
  return parse_rules(*document, source);
}

json to_json(const Rule& rule) {
  json match = json::object();
  if (!rule.match.operations.empty()) match["operation"] = rule.match.operations;
  if (!rule.match.model_ids.empty()) match["modelId"] = rule.match.model_ids;
  if (!rule.match.regions.empty()) match["region"] = rule.match.regions;
  json calls = {{"from", rule.match.calls_from}};
  if (rule.match.calls_to) calls["to"] = *rule.match.calls_to;
  match["calls"] = calls;
  json respond = json::object();
  if (!rule.action.error_code.empty()) respond["error"] = rule.action.error_code;
  if (!rule.action.message.empty()) respond["message"] = rule.action.message;
  if (!rule.action.iam_deny.empty()) respond["iamDeny"] = rule.action.iam_deny;
  if (!rule.action.deny_region.empty()) respond["denyResourceRegion"] = rule.action.deny_region;
  if (rule.action.delay_ms > 0) respond["delayMs"] = rule.action.delay_ms;
  switch (rule.action.kind) {
    case RuleActionKind::kDropConnection:
      respond["drop"] = true;
      break;
    case RuleActionKind::kStall:
      respond["stall"] = true;
      break;
    case RuleActionKind::kStreamException:
      respond["streamExceptionAfter"] = rule.action.after_events;
      break;
    case RuleActionKind::kStreamReset:
      respond["streamResetAfter"] = rule.action.after_events;
      break;
    case RuleActionKind::kStreamStall:
      respond["streamStallAfter"] = rule.action.after_events;
      break;
    case RuleActionKind::kStreamWire:
      add_wire_json(rule.action.wire, respond);
      break;
    case RuleActionKind::kError:
    case RuleActionKind::kDelayOnly:
      break;
  }
  return {{"name", rule.name}, {"match", match}, {"respond", respond}};
}

bool wildcard_match(std::string_view pattern, std::string_view text) {
  // Iterative '*' matching with one backtrack point: linear, no recursion on hostile input.
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

void RuleEngine::add(RuleSet set) {
  std::lock_guard lock(mutex_);
  for (auto& rule : set.rules) {
    rules_.push_back(std::move(rule));
    counters_.push_back(0);
  }
}

void RuleEngine::clear() {
  std::lock_guard lock(mutex_);
  rules_.clear();
  counters_.clear();
}

void RuleEngine::reset_counters() {
  std::lock_guard lock(mutex_);
  std::fill(counters_.begin(), counters_.end(), 0);
}

std::vector<Rule> RuleEngine::rules() const {
  std::lock_guard lock(mutex_);
  return rules_;
}

std::optional<FiredRule> RuleEngine::match(const RequestFacts& facts) {
  std::lock_guard lock(mutex_);
  std::optional<FiredRule> fired;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const auto& m = rules_[i].match;
    if (!any_matches(m.operations, facts.operation) || !any_matches(m.model_ids, facts.model_id) ||
        !any_matches(m.regions, facts.region)) {
      continue;
    }
    const uint64_t call = ++counters_[i];
    const bool in_window = call >= m.calls_from && (!m.calls_to || call <= *m.calls_to);
    if (in_window && !fired) fired = FiredRule{rules_[i], call};
  }
  return fired;
}

}  // namespace bedrock::mock
