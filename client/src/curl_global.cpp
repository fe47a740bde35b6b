#include "curl_global.hpp"

#include <curl/curl.h>

#include <mutex>

namespace bedrock::client {

bool ensure_curl_initialised() {
  static std::once_flag once;
  static CURLcode result = CURLE_OK;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return result == CURLE_OK;
}

}  // namespace bedrock::client
