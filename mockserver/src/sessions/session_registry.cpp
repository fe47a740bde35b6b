#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <thread>

#include "bedrock/mock/scenarios.hpp"
#include "bedrock/mock/sessions.hpp"
#include "bedrock/protocol/error_catalog.hpp"

namespace bedrock::mock {

// One background thread for the registry's slow work, so that the admin API, which answers on an
// event loop that must not wait, returns at once: loading a session's cassettes (a folder can
// take seconds to read and index) and freeing dropped sessions (a full journal is thousands of
// entries). Jobs run in order; those already posted still run when the registry goes.
class SessionRegistry::Background {
 public:
  ~Background() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  void post(std::function<void()> job) {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    wake_.notify_one();
  }

 private:
  void run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();  // what it captured is freed here too, on this thread
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

SessionRegistry::SessionRegistry(SessionDefaults defaults)
    : defaults_(std::move(defaults)), background_(std::make_unique<Background>()) {}

SessionRegistry::~SessionRegistry() = default;

Expected<std::shared_ptr<Session>, SessionError> SessionRegistry::create(SessionSettings settings) {
  if (settings.id.empty()) settings.id = errors::generate_request_id();
  if (!is_valid_session_id(settings.id)) {
    return unexpected(
        SessionError{400, "session id \"" + settings.id +
                              "\": use 1 to 128 of A-Z a-z 0-9 . _ - (not starting with . or -)"});
  }
  const Mode mode = settings.mode.value_or(defaults_.mode);
  if (mode == Mode::kReplay && settings.cassettes.empty() && defaults_.replayer == nullptr) {
    return unexpected(SessionError{400, "mode replay needs cassettes (the mock has none)"});
  }
  for (const auto& set : settings.rule_sets) {
    if (auto checked = check_rule_errors(set); !checked) {
      return unexpected(SessionError{400, checked.error().to_string()});
    }
  }

  auto session = std::make_shared<Session>(settings.id, defaults_.journal_capacity,
                                           defaults_.manual_quota_clock);
  session->mode_ = mode;
  session->clock_offset_ = defaults_.clock_offset;
  session->shared_replayer_ = defaults_.replayer;
  if (defaults_.replayer != nullptr) session->shared_cursors_ = defaults_.replayer->make_cursors();
  // The mock's own rules first, as they are tried for requests outside sessions; their quotas
  // before the catalog's.
  std::vector<QuotaRule> quotas;
  for (const auto* sets : {&defaults_.rule_sets, &settings.rule_sets}) {
    for (const auto& set : *sets) {
      if (set.clock_offset.count() != 0) session->clock_offset_ = set.clock_offset;
      quotas.insert(quotas.end(), set.quotas.begin(), set.quotas.end());
      session->latency_.add(set.latency);
      session->rules_.add(set);
    }
  }
  session->quotas_.add_front(std::move(quotas));
  session->quotas_.add_back(defaults_.catalog_quotas);
  if (!settings.cassettes.empty()) session->state_.store(SessionState::kLoading);

  {
    std::lock_guard lock(mutex_);
    if (sessions_.count(settings.id) != 0) {
      return unexpected(SessionError{409, "session \"" + settings.id + "\" exists already"});
    }
    if (sessions_.size() >= defaults_.max_sessions) {
      return unexpected(
          SessionError{429, "the mock holds " + std::to_string(sessions_.size()) +
                                " sessions (--max-sessions): drop finished ones with DELETE "
                                "/__admin/sessions/ID"});
    }
    sessions_.emplace(settings.id, session);
  }
  if (!settings.cassettes.empty()) {
    background_->post([session, paths = std::move(settings.cassettes)] {
      session->finish_loading(replay::Replayer::load(paths));
    });
  }
  return session;
}

std::shared_ptr<Session> SessionRegistry::find(std::string_view id) const {
  std::shared_lock lock(mutex_);
  const auto found = sessions_.find(id);
  return found == sessions_.end() ? nullptr : found->second;
}

bool SessionRegistry::drop(std::string_view id) {
  std::shared_ptr<Session> dropped;
  {
    std::lock_guard lock(mutex_);
    const auto found = sessions_.find(id);
    if (found == sessions_.end()) return false;
    dropped = std::move(found->second);
    sessions_.erase(found);
  }
  background_->post([dropped = std::move(dropped)] {});
  return true;
}

std::size_t SessionRegistry::drop_all() {
  std::map<std::string, std::shared_ptr<Session>, std::less<>> dropped;
  {
    std::lock_guard lock(mutex_);
    dropped.swap(sessions_);
  }
  const std::size_t count = dropped.size();
  background_->post([dropped = std::move(dropped)] {});
  return count;
}

std::vector<std::shared_ptr<Session>> SessionRegistry::list() const {
  std::vector<std::shared_ptr<Session>> out;
  {
    std::shared_lock lock(mutex_);
    for (const auto& [id, session] : sessions_) out.push_back(session);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a->created() < b->created(); });
  return out;
}

std::size_t SessionRegistry::size() const {
  std::shared_lock lock(mutex_);
  return sessions_.size();
}

}  // namespace bedrock::mock
