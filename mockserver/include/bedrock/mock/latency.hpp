#pragma once
// Latency models (issue #17): how long an answer takes to start and how far apart its stream
// frames are, for replayed and simulated answers alike. Fixed, normal or lognormal draws from a
// seeded generator (same seed and request order, same timings: splitmix64 and Box-Muller, no
// platform distribution), or the time to first event and the gaps of a recorded cassette's
// streams. Rule documents carry them in "latency" (docs/mock.md "Latency").
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bedrock::mock {

enum class LatencyKind { kFixed, kNormal, kLogNormal, kRecorded };
std::string_view to_string(LatencyKind kind);  // "fixed", "normal", "lognormal", "recorded"

// A delay in milliseconds: fixed `a`; normal with mean `a` and standard deviation `b`;
// lognormal with median `a` and sigma `b` (of the underlying normal).
struct DelayDistribution {
  double a = 0;
  double b = 0;
};

// One recorded stream's timing: its first event's offset and the gaps between events.
struct TimingSample {
  double first_ms = 0;
  std::vector<double> gaps_ms;
};

struct LatencyRule {
  std::string name;
  std::vector<std::string> operations;  // empty: any; '*' wildcards as in rules
  std::vector<std::string> model_ids;
  std::vector<std::string> regions;
  LatencyKind kind = LatencyKind::kFixed;
  std::optional<DelayDistribution> first_byte;   // none: the answer's own first offset
  std::optional<DelayDistribution> inter_frame;  // none: the answer's own gaps
  uint64_t seed = 0;
  std::string cassette;               // kRecorded: the file the samples came from
  std::vector<TimingSample> samples;  // kRecorded: one per recorded stream, file order
};

nlohmann::json to_json(const LatencyRule& rule);

// What a model decided for one answer.
struct LatencyPlan {
  std::optional<double> first_byte_ms;
  std::vector<double> gaps_ms;  // gap i goes before frame i+1; empty: keep the answer's
  std::string summary;          // for the journal: "lognormal seed 7: first byte 412.3 ms"
};

// The active latency rules with their generators. Thread-safe; the first rule whose match fits
// the request times its answer.
class LatencyModels {
 public:
  void add(std::vector<LatencyRule> rules);
  void clear();
  void reset();  // every generator back to its seed, recorded samples from the first
  std::vector<LatencyRule> rules() const;

  // `frames`: how many frames the streamed answer has (0 for a whole body).
  std::optional<LatencyPlan> plan(const std::string& operation, const std::string& model_id,
                                  const std::string& region, std::size_t frames);

 private:
  struct Active {
    LatencyRule rule;
    uint64_t state = 0;        // splitmix64
    uint64_t next_sample = 0;  // kRecorded
  };
  double draw(Active& active, const DelayDistribution& distribution);
  mutable std::mutex mutex_;
  std::vector<Active> active_;
};

// Applies a plan to stream offsets (first frame at the first byte, then the gaps, cycling) or,
// for a whole body, returns the delay before it (first byte plus every gap).
void apply_latency(const LatencyPlan& plan, bool stream, std::vector<double>& offsets_ms,
                   double& delay_ms);

}  // namespace bedrock::mock
