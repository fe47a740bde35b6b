#include "bedrock/protocol/cassette_index.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "bedrock/protocol/canonical_body.hpp"

namespace bedrock::replay {
namespace {

// Method and operation are tokens (no NUL); the model ID is length-prefixed because a decoded
// ID could hold any byte. The body kind keeps a JSON text and equal raw bytes apart.
std::string match_key(std::string_view method, std::string_view operation,
                      std::string_view model_id, bool is_json, std::string_view body_text) {
  const std::string model_length = std::to_string(model_id.size());
  std::string key;
  key.reserve(method.size() + operation.size() + model_length.size() + model_id.size() +
              body_text.size() + 5);
  key.append(method).push_back('\0');
  key.append(operation).push_back('\0');
  key.append(model_length).push_back(':');
  key.append(model_id);
  key.push_back(is_json ? 'J' : 'B');
  key.append(body_text);
  return key;
}

std::string operation_and_model(std::string_view operation, std::string_view model_id) {
  std::string key(operation);
  key.push_back('\0');
  key.append(model_id);
  return key;
}

std::string_view model_of(const cassette::Request& request) {
  return request.model_id ? std::string_view(*request.model_id) : std::string_view();
}

}  // namespace

std::string InteractionRef::label() const {
  std::string text(cassette_path);
  text += '#';
  if (interaction != nullptr && interaction->id) {
    text += *interaction->id;
  } else {
    text += std::to_string(interaction_index);
  }
  return text;
}

Expected<CassetteIndex, ReplayLoadError> CassetteIndex::build(
    std::vector<SourcedCassette> cassettes) {
  CassetteIndex index;
  index.cassettes_ = std::move(cassettes);

  // One group per distinct set of ignore paths (order and repeats do not make a new group).
  std::map<std::vector<std::string>, std::uint32_t> group_of_settings;
  for (std::size_t c = 0; c < index.cassettes_.size(); ++c) {
    const SourcedCassette& source = index.cassettes_[c];
    std::vector<std::string> settings = source.cassette.match.ignore_paths;
    std::sort(settings.begin(), settings.end());
    settings.erase(std::unique(settings.begin(), settings.end()), settings.end());

    auto [found, inserted] =
        group_of_settings.try_emplace(settings, static_cast<std::uint32_t>(index.groups_.size()));
    if (inserted) {
      SettingsGroup group;
      for (const std::string& text : settings) {
        std::optional<cassette::IgnorePath> path = cassette::parse_ignore_path(text);
        if (!path) {
          const auto& declared = source.cassette.match.ignore_paths;
          const auto at = static_cast<std::size_t>(
              std::find(declared.begin(), declared.end(), text) - declared.begin());
          return unexpected(ReplayLoadError{
              source.path, source.path + ": $.match.ignore_paths[" + std::to_string(at) +
                               "]: invalid ignore path \"" + text +
                               "\" (expected $ followed by .name, [N] or [*] segments)"});
        }
        group.ignore_paths.push_back(std::move(*path));
      }
      index.groups_.push_back(std::move(group));
    }
    const std::uint32_t group_number = found->second;
    SettingsGroup& group = index.groups_[group_number];

    const auto& interactions = source.cassette.interactions;
    for (std::size_t i = 0; i < interactions.size(); ++i) {
      if (index.entries_.size() >= std::numeric_limits<std::uint32_t>::max()) {
        return unexpected(ReplayLoadError{
            source.path, source.path + ": too many interactions (the limit is " +
                             std::to_string(std::numeric_limits<std::uint32_t>::max()) + ")"});
      }
      const auto entry = static_cast<std::uint32_t>(index.entries_.size());
      index.entries_.push_back(
          {static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(i), group_number});

      const cassette::Request& request = interactions[i].request;
      const std::optional<nlohmann::json> parsed = parse_json_body(request.body);
      const std::string key =
          match_key(request.method, request.operation, model_of(request), parsed.has_value(),
                    canonical_text(request.body, parsed, group.ignore_paths));
      auto [bucket, new_key] =
          group.buckets.try_emplace(key, static_cast<std::uint32_t>(index.buckets_.size()));
      if (new_key) index.buckets_.emplace_back();
      index.buckets_[bucket->second].push_back(entry);

      index.by_operation_[request.operation].push_back(entry);
      index.by_operation_and_model_[operation_and_model(request.operation, model_of(request))]
          .push_back(entry);
    }
  }
  index.cursors_ = index.make_cursors();
  return index;
}

InteractionRef CassetteIndex::ref_of(std::uint32_t entry) const {
  const Entry& e = entries_[entry];
  const SourcedCassette& source = cassettes_[e.cassette];
  return InteractionRef{&source.cassette.interactions[e.interaction], source.path, e.interaction};
}

std::optional<ReplayHit> CassetteIndex::find(const ReplayQuery& query) {
  return find(query, cursors_);
}

std::optional<ReplayHit> CassetteIndex::find(const ReplayQuery& query,
                                             ReplayCursors& cursors) const {
  if (entries_.empty() || cursors.size() != buckets_.size()) return std::nullopt;
  const std::optional<nlohmann::json> parsed = parse_json_body(query.body);
  // Several groups can hold a match; the interaction recorded first (in load order) wins, so
  // the answer does not depend on how groups happen to be numbered.
  std::optional<std::uint32_t> best_bucket;
  for (const SettingsGroup& group : groups_) {
    const std::string key =
        match_key(query.method, query.operation, query.model_id, parsed.has_value(),
                  canonical_text(query.body, parsed, group.ignore_paths));
    const auto found = group.buckets.find(key);
    if (found == group.buckets.end()) continue;
    if (!best_bucket || buckets_[found->second].front() < buckets_[*best_bucket].front()) {
      best_bucket = found->second;
    }
  }
  if (!best_bucket) return std::nullopt;
  const std::vector<std::uint32_t>& recorded = buckets_[*best_bucket];
  const std::uint64_t play =
      cursors.positions_[*best_bucket].fetch_add(1, std::memory_order_relaxed);
  const std::size_t position =
      static_cast<std::size_t>(std::min<std::uint64_t>(play, recorded.size() - 1));
  return ReplayHit{ref_of(recorded[position]), static_cast<std::size_t>(play), recorded.size()};
}

std::optional<NearMiss> CassetteIndex::closest(const ReplayQuery& query) const {
  if (entries_.empty()) return std::nullopt;

  // Candidates: same operation and model, then same operation with another model; only when
  // the operation was never recorded, every interaction.
  std::vector<const std::vector<std::uint32_t>*> tiers;
  const auto same_model =
      by_operation_and_model_.find(operation_and_model(query.operation, query.model_id));
  if (same_model != by_operation_and_model_.end()) tiers.push_back(&same_model->second);
  const auto same_operation = by_operation_.find(std::string(query.operation));
  std::vector<std::uint32_t> everything;
  if (same_operation != by_operation_.end()) {
    tiers.push_back(&same_operation->second);
  } else {
    everything.resize(std::min(entries_.size(), kMaxNearMissCandidates));
    for (std::size_t i = 0; i < everything.size(); ++i)
      everything[i] = static_cast<std::uint32_t>(i);
    tiers.push_back(&everything);
  }

  const std::optional<nlohmann::json> parsed = parse_json_body(query.body);
  std::vector<std::optional<CanonicalBody>> received_bodies(groups_.size());
  std::optional<NearMiss> best;
  std::size_t compared = 0;
  for (std::size_t tier = 0; tier < tiers.size() && compared < kMaxNearMissCandidates; ++tier) {
    for (const std::uint32_t entry : *tiers[tier]) {
      if (compared == kMaxNearMissCandidates) break;
      const Entry& e = entries_[entry];
      const cassette::Request& request =
          cassettes_[e.cassette].cassette.interactions[e.interaction].request;
      // The second tier (same operation) also lists the first tier's interactions.
      if (tier == 1 && same_model != by_operation_and_model_.end() &&
          model_of(request) == query.model_id) {
        continue;
      }
      ++compared;
      const SettingsGroup& group = groups_[e.group];
      std::optional<CanonicalBody>& received_body = received_bodies[e.group];
      if (!received_body) received_body = canonical_body(query.body, parsed, group.ignore_paths);
      const CanonicalBody recorded_body = canonical_body(request.body, group.ignore_paths);
      MatchResult result =
          match(MatchSubject{request.method, request.operation, model_of(request), &recorded_body},
                MatchSubject{query.method, query.operation, query.model_id, &*received_body});
      if (!best || result.distance < best->result.distance) {
        best = NearMiss{ref_of(entry), std::move(result)};
      }
    }
  }
  return best;
}

void CassetteIndex::reset() { cursors_.reset(); }

ReplayCursors::ReplayCursors(std::size_t size)
    : positions_(std::make_unique<std::atomic<std::uint64_t>[]>(size)), size_(size) {
  reset();
}

void ReplayCursors::reset() {
  for (std::size_t i = 0; i < size_; ++i) positions_[i].store(0, std::memory_order_relaxed);
}

}  // namespace bedrock::replay
