#pragma once
// Fault-injection rules: "for these requests, answer like this". Loaded from --rules FILE,
// named scenarios (fixtures/scenarios/NAME.json) or POST /__admin/rules. Documented in
// docs/mock.md.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bedrock/mock/exchange.hpp"
#include "bedrock/mock/latency.hpp"
#include "bedrock/mock/quotas.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::mock {

struct RuleMatch {
  std::vector<std::string> operations;  // empty: any; names as in the API (Converse, ...)
  std::vector<std::string> model_ids;   // empty: any; '*' wildcards allowed
  std::vector<std::string> regions;     // empty: any
  uint64_t calls_from = 1;              // 1-based window over this rule's matching calls
  std::optional<uint64_t> calls_to;     // inclusive; none: open-ended
};

enum class RuleActionKind {
  kError,            // answer with a catalog error before any stream starts
  kDropConnection,   // close without answering
  kStall,            // never answer (client timeout)
  kStreamException,  // normal stream, then an exception frame after N events
  kStreamReset,      // normal stream, connection dropped after N events
  kStreamStall,      // normal stream, then silence after N events
  kStreamWire,       // normal stream, damaged as bytes on the wire (WireFault)
  kDelayOnly,        // wait, then answer normally
};

enum class CrcPart { kPrelude, kMessage };

// A stream damaged below the event level, as a broken proxy or network hands it to the client
// (issue #17): the frames are encoded first, then edited as bytes (rules/wire_fault.cpp). The
// members combine; a rule with any of them is a kStreamWire rule.
struct WireFault {
  std::optional<uint64_t> cut_after_frames;  // send this many whole frames, then end
  std::optional<uint64_t> cut_after_bytes;   // send this many bytes (a frame may be cut), then end
  // How the stream ends; none: kClose after a cut, else as the answer would have ended.
  std::optional<StreamEnd> end;
  uint64_t corrupt_frame = 0;  // 1-based frame whose CRC is damaged; 0: none
  CrcPart corrupt_part = CrcPart::kMessage;
  uint64_t chunk_bytes = 0;          // > 0: every frame leaves in pieces of this many bytes
  double drip_bytes_per_second = 0;  // > 0: a slow drip at this rate
};

struct RuleAction {
  RuleActionKind kind = RuleActionKind::kDelayOnly;
  std::string error_code;  // catalog name, e.g. ThrottlingException
  std::string message;     // may hold {modelId} {region} {operation} {action} {account}
                           // {principal}; empty: the catalog's usual text
  double delay_ms = 0;
  uint64_t after_events = 0;
  // An IAM denial (AccessDenied with the real "User: ... is not authorized ..." text):
  // scp, identity-policy, identity-policy-deny, vpc-endpoint-policy, vpc-endpoint-policy-deny.
  std::string iam_deny;
  // The Region of the denied resource (e.g. a cross-Region profile's destination that an SCP
  // denies); empty: the request's own Region.
  std::string deny_region;
  WireFault wire;  // kStreamWire
};

inline constexpr std::string_view kIamDenyKinds[] = {"scp", "identity-policy",
                                                     "identity-policy-deny", "vpc-endpoint-policy",
                                                     "vpc-endpoint-policy-deny"};

struct Rule {
  std::string name;
  RuleMatch match;
  RuleAction action;
};

struct RuleSet {
  std::string name;  // scenario or file name
  std::string description;
  std::vector<Rule> rules;
  // "clockOffsetSeconds": the mock's clock runs this far from the real one (the clock-skew
  // scenario). Its Date headers show it, and signed requests more than 5 minutes away from it
  // get the real "Signature expired" answer even with --auth off.
  std::chrono::seconds clock_offset{0};
  // "quotas": per-model quotas that come before the catalog's (docs/mock.md "Quotas").
  std::vector<QuotaRule> quotas;
  // "latency": how long answers take (docs/mock.md "Latency").
  std::vector<LatencyRule> latency;
};

struct RuleError {
  std::string source;  // file name or "POST /__admin/rules"
  std::string path;    // JSON path, e.g. $.rules[2].respond.error
  std::string message;
  std::string to_string() const;
};

// Parses {"name":..., "description":..., "rules":[...], "quotas":[...], "latency":[...]} (or a
// bare array of rules). A recorded latency model's cassette is read relative to the folder of
// `source` when that is a file.
Expected<RuleSet, RuleError> parse_rules(const nlohmann::json& document, const std::string& source);
Expected<RuleSet, RuleError> load_rules_file(const std::string& path);
// A rules document as text (a file's content, a POST /__admin/rules body), parsed with the
// request-body limits on nesting and size.
Expected<RuleSet, RuleError> parse_rules_text(std::string_view text, const std::string& source);
nlohmann::json to_json(const Rule& rule);

struct RequestFacts {
  std::string operation;
  std::string model_id;
  std::string region;
};

struct FiredRule {
  Rule rule;
  uint64_t call_number = 0;  // which matching call this was, 1-based
};

// The active rules with their call counters. Thread-safe.
class RuleEngine {
 public:
  void add(RuleSet set);
  void clear();           // removes every rule
  void reset_counters();  // keeps the rules, counts from 1 again
  std::vector<Rule> rules() const;
  // Counts the call for every rule whose criteria match, and returns the first rule whose
  // call window contains its count.
  std::optional<FiredRule> match(const RequestFacts& facts);

 private:
  mutable std::mutex mutex_;
  std::vector<Rule> rules_;
  std::vector<uint64_t> counters_;
};

bool wildcard_match(std::string_view pattern, std::string_view text);

// "complete", "reset", "close", "stall" (rule files' streamEnd).
std::optional<StreamEnd> parse_stream_end(std::string_view text);
std::string_view to_string(StreamEnd end);

}  // namespace bedrock::mock
