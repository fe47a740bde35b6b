#pragma once
// Sessions: many tests share one mock without seeing each other's state (docs/mock.md
// "Sessions"). A request names its session in the endpoint's path prefix, `/__session/ID/`, which
// every AWS SDK keeps when it is given an endpoint URL with a path; each session has its own
// rules and their call counters, journal, replay positions (or its own cassettes), mode, quota
// windows with their clock, and latency generators.
// Sessions are created and dropped through the admin API (/__admin/sessions) or here.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "bedrock/mock/journal.hpp"
#include "bedrock/mock/latency.hpp"
#include "bedrock/mock/mode.hpp"
#include "bedrock/mock/quotas.hpp"
#include "bedrock/mock/rules.hpp"
#include "bedrock/protocol/expected.hpp"
#include "bedrock/protocol/replayer.hpp"

namespace bedrock::mock {

inline constexpr std::string_view kSessionPathPrefix = "/__session/";
// For clients that can add a header but not change the endpoint path (curl, custom HTTP code).
inline constexpr std::string_view kSessionHeader = "x-bedrock-mock-session";

// What a new session starts with, besides the rules the mock was started with.
struct SessionSettings {
  std::string id;                      // empty: a generated one
  std::vector<RuleSet> rule_sets;      // after the mock's own (--rules, --scenario), checked
  std::vector<std::string> cassettes;  // files or folders: replayed instead of the mock's
  std::optional<Mode> mode;            // none: the mock's --mode
};

enum class SessionState { kLoading, kReady, kFailed };
const char* to_string(SessionState state);

struct SessionError {
  int status = 400;  // what the admin API answers: 400 bad input, 409 taken id, 429 too many
  std::string message;
};

class Session {
 public:
  Session(std::string id, std::size_t journal_capacity, bool manual_quota_clock);

  const std::string& id() const { return id_; }
  std::string path() const { return std::string(kSessionPathPrefix) + id_; }  // "/__session/ID"
  Journal& journal() { return journal_; }
  RuleEngine& rules() { return rules_; }
  QuotaClock& quota_clock() { return quota_clock_; }
  QuotaBook& quotas() { return quotas_; }
  LatencyModels& latency() { return latency_; }
  Mode mode() const { return mode_; }
  std::chrono::seconds clock_offset() const { return clock_offset_; }
  std::chrono::system_clock::time_point created() const { return created_; }

  SessionState state() const { return state_.load(std::memory_order_acquire); }
  std::string load_error() const;             // why kFailed
  std::size_t cassette_interactions() const;  // its own cassettes', once ready

  // The cassettes this session replays (its own once loaded, else the mock's; null: none) and
  // this session's positions in them.
  const replay::Replayer* replayer() const;
  replay::ReplayCursors& cursors();

  // Journal, rule call counters, replay positions, quota windows, latency generators.
  void reset();

 private:
  friend class SessionRegistry;
  void finish_loading(Expected<replay::Replayer, replay::ReplayLoadError> loaded);

  const std::string id_;
  const std::chrono::system_clock::time_point created_;
  Journal journal_;
  RuleEngine rules_;
  QuotaClock quota_clock_;
  QuotaBook quotas_{quota_clock_};
  LatencyModels latency_;
  Mode mode_ = Mode::kHybrid;
  std::chrono::seconds clock_offset_{0};
  const replay::Replayer* shared_replayer_ = nullptr;  // the mock's cassettes
  replay::ReplayCursors shared_cursors_;
  // Written once, before state_ turns kReady (release), read after seeing kReady (acquire).
  std::optional<replay::Replayer> own_replayer_;
  replay::ReplayCursors own_cursors_;
  std::atomic<SessionState> state_{SessionState::kReady};
  mutable std::mutex error_mutex_;
  std::string load_error_;
};

// What every session of one mock inherits.
struct SessionDefaults {
  std::vector<RuleSet> rule_sets;  // the mock's start-up rules, counted afresh per session
  const replay::Replayer* replayer = nullptr;
  Mode mode = Mode::kHybrid;
  std::chrono::seconds clock_offset{0};
  std::size_t journal_capacity = 10000;
  std::size_t max_sessions = 256;
  std::vector<QuotaRule> catalog_quotas;  // after the rule sets' quotas, as outside sessions
  bool manual_quota_clock = false;        // --quota-clock manual: each session's clock too
};

// The live sessions of one mock. Thread-safe. A session's own cassettes load on a background
// thread, so creating one returns at once (state kLoading until they are in); dropped sessions
// are freed there too.
class SessionRegistry {
 public:
  explicit SessionRegistry(SessionDefaults defaults);
  ~SessionRegistry();  // waits for the background work posted so far
  SessionRegistry(const SessionRegistry&) = delete;
  SessionRegistry& operator=(const SessionRegistry&) = delete;

  Expected<std::shared_ptr<Session>, SessionError> create(SessionSettings settings);
  std::shared_ptr<Session> find(std::string_view id) const;  // null when there is none
  bool drop(std::string_view id);
  std::size_t drop_all();
  std::vector<std::shared_ptr<Session>> list() const;  // oldest first
  std::size_t size() const;
  std::size_t max_sessions() const { return defaults_.max_sessions; }

 private:
  class Background;
  SessionDefaults defaults_;
  mutable std::shared_mutex mutex_;  // every request reads (find); only the admin API writes
  std::map<std::string, std::shared_ptr<Session>, std::less<>> sessions_;
  std::unique_ptr<Background> background_;
};

// 1 to 128 of A-Z a-z 0-9 . _ -, not starting with '.' or '-' (they travel in a URL path).
bool is_valid_session_id(std::string_view id);

}  // namespace bedrock::mock
