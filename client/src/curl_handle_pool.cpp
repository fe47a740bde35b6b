#include "curl_handle_pool.hpp"

#include "curl_global.hpp"

namespace bedrock::client {

CurlHandlePool::CurlHandlePool(std::size_t max_idle) : max_idle_(max_idle) {
  ensure_curl_initialised();  // before the first libcurl object exists
  share_ = curl_share_init();
  if (share_ != nullptr) {
    curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &CurlHandlePool::lock);
    curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &CurlHandlePool::unlock);
    curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }
}

CurlHandlePool::~CurlHandlePool() {
  // Easy handles first: a share cannot be cleaned up while handles still use it.
  for (CURL* handle : idle_) curl_easy_cleanup(handle);
  idle_.clear();
  if (share_ != nullptr) curl_share_cleanup(share_);
}

CurlHandlePool::Lease::~Lease() {
  if (handle_ != nullptr) pool_->release(handle_);
}

CurlHandlePool::Lease CurlHandlePool::acquire() {
  CURL* handle = nullptr;
  {
    std::lock_guard guard(mutex_);
    if (!idle_.empty()) {
      handle = idle_.back();
      idle_.pop_back();
    }
  }
  if (handle != nullptr) {
    curl_easy_reset(handle);  // options only: live connections and caches stay
  } else {
    handle = curl_easy_init();
  }
  if (handle != nullptr && share_ != nullptr) curl_easy_setopt(handle, CURLOPT_SHARE, share_);
  return Lease(*this, handle);
}

void CurlHandlePool::release(CURL* handle) {
  {
    std::lock_guard guard(mutex_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(handle);
      return;
    }
  }
  curl_easy_cleanup(handle);
}

void CurlHandlePool::lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
  static_cast<CurlHandlePool*>(self)->share_locks_[static_cast<std::size_t>(data)].lock();
}

void CurlHandlePool::unlock(CURL*, curl_lock_data data, void* self) {
  static_cast<CurlHandlePool*>(self)->share_locks_[static_cast<std::size_t>(data)].unlock();
}

}  // namespace bedrock::client
