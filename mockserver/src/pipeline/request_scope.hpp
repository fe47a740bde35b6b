#pragma once
// The state one request reads and changes: the mock's own, or its session's (docs/mock.md
// "Sessions"). The pipeline stages take it instead of reaching for the server's members, so a
// session's rules, call counters, journal, replay positions, quota windows and latency
// generators are never another's.
#include <chrono>

#include "bedrock/mock/journal.hpp"
#include "bedrock/mock/latency.hpp"
#include "bedrock/mock/mode.hpp"
#include "bedrock/mock/quotas.hpp"
#include "bedrock/mock/rules.hpp"
#include "bedrock/protocol/replayer.hpp"

namespace bedrock::mock {

struct RequestScope {
  Journal& journal;
  RuleEngine& rules;
  const replay::Replayer* replayer;  // null: no cassettes
  replay::ReplayCursors& cursors;    // the positions in replayer's cassettes
  Mode mode;
  std::chrono::seconds clock_offset;  // a scenario's clockOffsetSeconds
  QuotaBook& quotas;
  LatencyModels& latency;
};

}  // namespace bedrock::mock
