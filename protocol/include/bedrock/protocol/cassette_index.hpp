#pragma once
// The loaded cassettes, indexed once at start-up so that finding the recorded answer to a
// request is a hash lookup whose cost does not grow with the number of interactions
// (issue #3 "Replay": index lookups, not scans).
//
// The key of an interaction is (method, operation, model ID, canonical body with its cassette's
// ignore paths applied). Ignore paths are per cassette, so cassettes are grouped by their
// settings and a lookup computes one key per distinct group: its cost grows with the number of
// distinct settings, never with the number of interactions.
//
// Identical requests recorded several times are answered in recording order, then the last
// answer repeats (one cursor per key, advanced atomically, so concurrent callers each get the
// next answer). Only the miss path scans, and a bounded number of candidates.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bedrock/protocol/cassette.hpp"
#include "bedrock/protocol/expected.hpp"
#include "bedrock/protocol/ignore_path.hpp"
#include "bedrock/protocol/matcher.hpp"

namespace bedrock::replay {

// A cassette and the file it came from, kept for messages.
struct SourcedCassette {
  std::string path;
  cassette::Cassette cassette;
};

// A received request as replay sees it. The views must outlive the call.
struct ReplayQuery {
  std::string_view method;     // "POST"
  std::string_view operation;  // "Converse" (operations::name_of)
  std::string_view model_id;   // decoded; empty for operations without one
  std::string_view body;       // exact bytes
};

// A recorded interaction and where it was recorded. Points into the index that returned it.
struct InteractionRef {
  const cassette::Interaction* interaction = nullptr;
  std::string_view cassette_path;
  std::size_t interaction_index = 0;  // 0-based position in its cassette

  // "<cassette file>#<id>", or "<cassette file>#<index>" for an interaction without an id.
  std::string label() const;
};

struct ReplayHit {
  InteractionRef source;
  std::size_t play = 0;      // how many earlier requests this key answered (0 = first)
  std::size_t recorded = 1;  // how many answers were recorded for it; the last one repeats
};

// The recorded interaction closest to a request nothing matched, and how they differ.
struct NearMiss {
  InteractionRef source;
  MatchResult result;
};

struct ReplayLoadError {
  std::string file;     // the cassette file or the path given
  std::string message;  // one line naming the file and, for content errors, the JSON path
  const std::string& to_string() const { return message; }
};

// At most this many recorded interactions are compared in full to find a near miss.
inline constexpr std::size_t kMaxNearMissCandidates = 256;

// Replay positions (one cursor per distinct request) kept apart from the index, so that several
// independent callers replay the same loaded cassettes each from the start: bedrock-mock's
// sessions (docs/mock.md "Sessions") share one index and keep one ReplayCursors each.
class ReplayCursors {
 public:
  ReplayCursors() = default;
  explicit ReplayCursors(std::size_t size);
  void reset();  // every request starts again at its first recorded answer
  std::size_t size() const { return size_; }

 private:
  friend class CassetteIndex;
  std::unique_ptr<std::atomic<std::uint64_t>[]> positions_;
  std::size_t size_ = 0;
};

class CassetteIndex {
 public:
  // Fails only on what cassette::load would have refused as well (an invalid ignore path in a
  // cassette built in memory) or on more than 2^32 - 1 interactions.
  static Expected<CassetteIndex, ReplayLoadError> build(std::vector<SourcedCassette> cassettes);

  // The next recorded answer for this request, advancing its cursor. Thread-safe.
  std::optional<ReplayHit> find(const ReplayQuery& query);
  // The same with positions the caller keeps (made by make_cursors() of this index).
  std::optional<ReplayHit> find(const ReplayQuery& query, ReplayCursors& cursors) const;
  ReplayCursors make_cursors() const { return ReplayCursors(buckets_.size()); }

  // The closest recorded interaction, for a request find() did not answer: among those with
  // the same operation (same model ID first) when there are any, else among all; at most
  // kMaxNearMissCandidates are compared. nullopt when the index is empty. Thread-safe.
  std::optional<NearMiss> closest(const ReplayQuery& query) const;

  // Rewinds every cursor: the next request is answered by its first recording again.
  void reset();

  std::size_t size() const { return entries_.size(); }  // interactions
  std::size_t settings_groups() const { return groups_.size(); }
  const std::vector<SourcedCassette>& cassettes() const { return cassettes_; }

 private:
  struct Entry {
    std::uint32_t cassette = 0;
    std::uint32_t interaction = 0;
    std::uint32_t group = 0;
  };
  struct SettingsGroup {
    std::vector<cassette::IgnorePath> ignore_paths;
    std::unordered_map<std::string, std::uint32_t> buckets;  // key -> bucket
  };

  CassetteIndex() = default;
  InteractionRef ref_of(std::uint32_t entry) const;

  std::vector<SourcedCassette> cassettes_;
  std::vector<Entry> entries_;
  std::vector<SettingsGroup> groups_;
  std::vector<std::vector<std::uint32_t>> buckets_;  // entries in recording order
  ReplayCursors cursors_;                            // one per bucket
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_operation_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_operation_and_model_;
};

}  // namespace bedrock::replay
