#pragma once
// The request journal: what the mock received and how it answered, newest last, kept in a
// ring of bounded size so a long-running mock never grows without bound.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bedrock/mock/quotas.hpp"

namespace bedrock::mock {

struct JournalEntry {
  uint64_t sequence = 0;
  std::string time;  // ISO-8601 UTC with milliseconds
  std::string method;
  std::string target;
  std::string protocol;
  std::string operation;  // empty when the target named no operation
  std::string model_id;
  std::string region;
  std::string answered_by;  // "simulate", "replay", "rule", "auth", "validation", ...
  std::string detail;       // cassette + interaction, rule name, near-miss summary ...
  int status = 0;
  std::string error_type;  // x-amzn-ErrorType short name or in-stream exception, if any
  std::string request_id;
  double duration_ms = 0;
  std::optional<QuotaSnapshot> quota;  // the quota the request counted against, if any
  std::string latency;                 // the latency model that timed the answer, if any
};

nlohmann::json to_json(const JournalEntry& entry);

class Journal {
 public:
  explicit Journal(std::size_t capacity);

  void record(JournalEntry entry);  // assigns the sequence number
  std::vector<JournalEntry> entries() const;
  std::size_t total_recorded() const;
  void clear();
  std::size_t capacity() const { return capacity_; }

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<JournalEntry> entries_;
  uint64_t next_sequence_ = 1;
};

}  // namespace bedrock::mock
