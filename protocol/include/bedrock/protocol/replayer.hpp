#pragma once
// Replay as one call for a request pipeline (bedrock-mock's, bedrock-record's replay modes): load
// cassettes once, then for each request either the recorded interaction to answer with, or a
// miss with its report and rendered error.
#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "bedrock/protocol/cassette_index.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/expected.hpp"
#include "bedrock/protocol/near_miss.hpp"

namespace bedrock::replay {

struct ReplayMiss {
  MissReport report;
  errors::WireResponse response;  // render_replay_miss(report)
};

struct ReplayResult {
  std::variant<ReplayHit, ReplayMiss> outcome;

  const ReplayHit* hit() const { return std::get_if<ReplayHit>(&outcome); }
  const ReplayMiss* miss() const { return std::get_if<ReplayMiss>(&outcome); }
};

class Replayer {
 public:
  // Files and folders (every *.json below a folder, cassette::load_all). The first unreadable or
  // invalid file fails the load, with its CassetteError text (file and JSON path). A file named
  // twice (directly or through a folder) is loaded once.
  static Expected<Replayer, ReplayLoadError> load(const std::vector<std::string>& paths);
  // Cassettes already in memory (tests, benchmarks, the recorder).
  static Expected<Replayer, ReplayLoadError> from_cassettes(std::vector<SourcedCassette> cassettes);

  // Thread-safe. A hit points into this Replayer, which must outlive it.
  ReplayResult find(const ReplayQuery& query);
  void reset();  // every request starts again at its first recorded answer

  // The same with replay positions the caller keeps (bedrock-mock's sessions: one set each).
  ReplayResult find(const ReplayQuery& query, ReplayCursors& cursors) const;
  ReplayCursors make_cursors() const { return index_.make_cursors(); }

  std::size_t size() const { return index_.size(); }  // interactions loaded
  const CassetteIndex& index() const { return index_; }

 private:
  explicit Replayer(CassetteIndex index) : index_(std::move(index)) {}
  CassetteIndex index_;
};

}  // namespace bedrock::replay
