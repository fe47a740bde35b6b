#pragma once
// A small pool of libcurl easy handles. An easy handle keeps its live connections across
// transfers, so handing the same handle to consecutive requests reuses the connection; the
// handles also share one DNS cache and one TLS session cache (CURLSH). Connections themselves
// are not shared between handles: libcurl documents sharing the connection cache across
// concurrent threads as unsafe in the versions we build against.
#include <curl/curl.h>

#include <array>
#include <cstddef>
#include <mutex>
#include <vector>

namespace bedrock::client {

class CurlHandlePool {
 public:
  explicit CurlHandlePool(std::size_t max_idle);
  ~CurlHandlePool();
  CurlHandlePool(const CurlHandlePool&) = delete;
  CurlHandlePool& operator=(const CurlHandlePool&) = delete;

  // An easy handle with every option reset (connections and caches kept) and the share set.
  class Lease {
   public:
    Lease(CurlHandlePool& pool, CURL* handle) : pool_(&pool), handle_(handle) {}
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    CURL* get() const { return handle_; }

   private:
    CurlHandlePool* pool_;
    CURL* handle_;
  };

  Lease acquire();  // handle is nullptr when libcurl could not create one

 private:
  void release(CURL* handle);
  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* self);
  static void unlock(CURL*, curl_lock_data data, void* self);

  const std::size_t max_idle_;
  std::mutex mutex_;
  std::vector<CURL*> idle_;
  CURLSH* share_ = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks_;
};

}  // namespace bedrock::client
