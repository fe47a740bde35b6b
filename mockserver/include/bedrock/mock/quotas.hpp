#pragma once
// Per-model runtime quotas (issue #17): requests per minute, tokens per minute and tokens per
// day, per Region, per model, on-demand apart from cross-Region profiles, per account (or per
// access key). As on Bedrock, a request reserves its input tokens plus its maxTokens when it
// arrives and settles at input + output × burndown once answered; a request that does not fit
// gets the ThrottlingException Bedrock sends, and a quota of 0 (none granted to the account)
// ServiceQuotaExceededException on InvokeModel*, a ThrottlingException on Converse*. The windows
// run on a QuotaClock that tests move with POST /__admin/clock, so no test waits for a minute to
// pass. Documented in docs/mock.md
// ("Quotas") and docs/catalog.md.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/expected.hpp"
#include "bedrock/protocol/operation.hpp"

namespace bedrock::mock {

// On-demand calls (a base model ID) and cross-Region profile calls have separate quotas.
enum class InferenceKind { kOnDemand, kCrossRegion };
std::string_view to_string(InferenceKind kind);  // "on-demand", "cross-region"

// Whose requests share a window: the account (everyone who calls the mock, as on AWS, where
// quotas are per account) or each access key ID (several accounts in one test).
enum class QuotaScope { kAccount, kAccessKey };

// One entry of a catalog's or a scenario's "quotas" list.
struct QuotaRule {
  std::vector<std::string> model_ids;      // base model IDs, '*' wildcards; empty: any model
  std::vector<std::string> regions;        // empty: any Region
  std::optional<InferenceKind> inference;  // none: both kinds, each with its own window
  std::optional<uint64_t> requests_per_minute;
  std::optional<uint64_t> tokens_per_minute;
  std::optional<uint64_t> tokens_per_day;
  QuotaScope per = QuotaScope::kAccount;
  // Reserved for a request that names no maxTokens (Bedrock reserves the model's maximum).
  uint64_t default_max_tokens = 4096;
  // Output tokens count this many times at settlement (AWS: 5 for newer Anthropic models).
  double output_burndown = 1;
  std::string source;  // where it was written: "catalog.json $.quotas[0]", a scenario name
};

struct QuotaRuleError {
  std::string path;  // JSON path inside the document, e.g. $.quotas[1].tokensPerMinute
  std::string message;
};

// Parses a "quotas" array; `path` is its JSON path (for errors), `source` names the file.
template <class Json>
Expected<std::vector<QuotaRule>, QuotaRuleError> parse_quota_rules(const Json& list,
                                                                   const std::string& path,
                                                                   const std::string& source);
nlohmann::json to_json(const QuotaRule& rule);

// The time the quota windows see. Manual: starts at 0 and moves only by advance() (tests);
// otherwise the steady clock since start plus whatever was advanced.
class QuotaClock {
 public:
  explicit QuotaClock(bool manual = false);
  std::chrono::milliseconds now() const;
  void advance(std::chrono::milliseconds by);
  bool manual() const { return manual_; }

 private:
  const bool manual_;
  const std::chrono::steady_clock::time_point started_;
  std::atomic<int64_t> advanced_ms_{0};
};

// One request as the quotas see it.
struct QuotaRequest {
  std::string region;
  InferenceKind kind = InferenceKind::kOnDemand;
  std::string model_id;    // the base foundation-model ID
  std::string access_key;  // from the SigV4 scope; "" when unsigned or an API key
  uint64_t input_tokens = 0;
  std::optional<uint64_t> max_tokens;
};

enum class QuotaVerdict {
  kAdmitted,
  kRequestsPerMinute,  // ThrottlingException "Too many requests, ..."
  kTokensPerMinute,    // ThrottlingException "Too many tokens, ..."
  kTokensPerDay,       // ThrottlingException "Too many tokens per day, ..."
  kZeroQuota,  // a limit of 0, the account has no quota: ServiceQuotaExceededException (Invoke*)
};
std::string_view to_string(QuotaVerdict verdict);

// The state of one window set after a decision, for the journal.
struct QuotaSnapshot {
  std::string key;     // "us-east-1 on-demand amazon.nova-lite-v1:0 account"
  std::string source;  // the rule's source
  QuotaVerdict verdict = QuotaVerdict::kAdmitted;
  int64_t clock_ms = 0;
  std::optional<uint64_t> requests_per_minute;
  uint64_t requests_in_minute = 0;  // this request included when admitted
  std::optional<uint64_t> tokens_per_minute;
  uint64_t tokens_in_minute = 0;  // reservations and settled requests
  std::optional<uint64_t> tokens_per_day;
  uint64_t tokens_in_day = 0;
  uint64_t reserved = 0;  // what this request reserved (or would have)
  // The reservation alone is larger than the quota: it is throttled however long it waits.
  bool never_fits = false;
  std::optional<uint64_t> settled;  // what it counts once answered
  std::string window;               // the QuotaBook window admit() counted it in (for settle)

  // The error to answer `op` with, when not admitted. A zero quota is
  // ServiceQuotaExceededException only where the service model declares it (InvokeModel and
  // InvokeModelWithResponseStream); Converse and ConverseStream do not, so there it is the
  // ThrottlingException of the limit that is 0 (reference §7).
  std::optional<errors::ServiceError> error(operations::Operation op) const;
};
nlohmann::json to_json(const QuotaSnapshot& snapshot);

// The windows of every quota in use. Thread-safe.
class QuotaBook {
 public:
  explicit QuotaBook(const QuotaClock& clock) : clock_(clock) {}

  // Scenario and admin quotas come before the catalog's: the first rule that matches counts.
  void add_front(std::vector<QuotaRule> rules);
  void add_back(std::vector<QuotaRule> rules);
  void clear_front();  // DELETE /__admin/rules: the catalog's quotas stay
  std::vector<QuotaRule> rules() const;
  void clear_usage();  // POST /__admin/reset: every window empties, the rules stay

  // Counts the request against the first matching quota; none: no quota applies. When
  // admitted, settle() must follow once the answer's usage is known (or not: the reservation
  // then stays).
  std::optional<QuotaSnapshot> admit(const QuotaRequest& request, const std::string& account);
  void settle(QuotaSnapshot& snapshot, uint64_t input_tokens, uint64_t output_tokens);

  nlohmann::json usage() const;  // GET /__admin/quotas

 private:
  // What one key used: the last 60 s exactly (requests at the same instant share an entry),
  // the last 24 h per minute, so memory stays bounded however busy the key is.
  struct Window {
    struct Instant {
      int64_t at_ms;
      uint64_t requests;
      uint64_t tokens;
    };
    std::size_t rule = 0;
    std::deque<Instant> minute;
    std::deque<std::pair<int64_t, uint64_t>> day;  // (minute number, tokens)
    void expire(int64_t now_ms);
    uint64_t requests() const;
    uint64_t minute_tokens() const;
    uint64_t day_tokens() const;
    void add(int64_t now_ms, uint64_t requests, int64_t tokens);
  };
  void fill(QuotaSnapshot& snapshot, const QuotaRule& rule, const Window& window) const;

  const QuotaClock& clock_;
  mutable std::mutex mutex_;
  std::vector<QuotaRule> rules_;
  std::size_t front_rules_ = 0;  // how many of rules_ came from rule documents
  std::map<std::string, Window, std::less<>> windows_;
};

}  // namespace bedrock::mock
