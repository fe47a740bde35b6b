#include "bedrock/mock/journal.hpp"

namespace bedrock::mock {

nlohmann::json to_json(const JournalEntry& entry) {
  nlohmann::json out = {{"sequence", entry.sequence},      {"time", entry.time},
                        {"method", entry.method},          {"target", entry.target},
                        {"protocol", entry.protocol},      {"operation", entry.operation},
                        {"modelId", entry.model_id},       {"region", entry.region},
                        {"answeredBy", entry.answered_by}, {"detail", entry.detail},
                        {"status", entry.status},          {"errorType", entry.error_type},
                        {"requestId", entry.request_id},   {"durationMs", entry.duration_ms}};
  // Only when they applied: most requests meet neither, and the journal stays as it was.
  if (entry.quota) out["quota"] = to_json(*entry.quota);
  if (!entry.latency.empty()) out["latency"] = entry.latency;
  return out;
}

Journal::Journal(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

void Journal::record(JournalEntry entry) {
  std::lock_guard lock(mutex_);
  entry.sequence = next_sequence_++;
  if (entries_.size() == capacity_) entries_.pop_front();
  entries_.push_back(std::move(entry));
}

std::vector<JournalEntry> Journal::entries() const {
  std::lock_guard lock(mutex_);
  return {entries_.begin(), entries_.end()};
}

std::size_t Journal::total_recorded() const {
  std::lock_guard lock(mutex_);
  return next_sequence_ - 1;
}

void Journal::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace bedrock::mock
