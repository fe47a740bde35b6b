#include "bedrock/mock/sessions.hpp"

namespace bedrock::mock {

const char* to_string(SessionState state) {
  switch (state) {
    case SessionState::kLoading:
      return "loading";
    case SessionState::kReady:
      return "ready";
    case SessionState::kFailed:
      return "failed";
  }
  return "ready";
}

bool is_valid_session_id(std::string_view id) {
  if (id.empty() || id.size() > 128 || id.front() == '.' || id.front() == '-') return false;
  for (const char c : id) {
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!allowed) return false;
  }
  return true;
}

Session::Session(std::string id, std::size_t journal_capacity, bool manual_quota_clock)
    : id_(std::move(id)),
      created_(std::chrono::system_clock::now()),
      journal_(journal_capacity),
      quota_clock_(manual_quota_clock) {}

std::string Session::load_error() const {
  std::lock_guard lock(error_mutex_);
  return load_error_;
}

std::size_t Session::cassette_interactions() const {
  if (state() != SessionState::kReady) return 0;
  if (own_replayer_) return own_replayer_->size();
  return shared_replayer_ != nullptr ? shared_replayer_->size() : 0;
}

const replay::Replayer* Session::replayer() const {
  // A session given its own cassettes never falls back to the mock's, even while loading: the
  // pipeline does not answer it then (state kLoading).
  if (state() == SessionState::kReady && own_replayer_) return &*own_replayer_;
  return shared_replayer_;
}

replay::ReplayCursors& Session::cursors() {
  if (state() == SessionState::kReady && own_replayer_) return own_cursors_;
  return shared_cursors_;
}

void Session::reset() {
  journal_.clear();
  rules_.reset_counters();
  quotas_.clear_usage();
  latency_.reset();
  shared_cursors_.reset();
  if (state() == SessionState::kReady)
    own_cursors_.reset();  // the background load writes it before
}

void Session::finish_loading(Expected<replay::Replayer, replay::ReplayLoadError> loaded) {
  if (!loaded) {
    {
      std::lock_guard lock(error_mutex_);
      load_error_ = loaded.error().to_string();
    }
    state_.store(SessionState::kFailed, std::memory_order_release);
    return;
  }
  own_replayer_.emplace(std::move(*loaded));
  own_cursors_ = own_replayer_->make_cursors();
  state_.store(SessionState::kReady, std::memory_order_release);
}

}  // namespace bedrock::mock
