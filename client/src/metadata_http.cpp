#include "metadata_http.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace bedrock::client {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct BodySink {
  std::string body;
  bool too_large = false;
};

// A C callback: never throws (libcurl cannot unwind through it).
size_t write_body(char* data, size_t size, size_t count, void* user) noexcept {
  auto* sink = static_cast<BodySink*>(user);
  const size_t bytes = size * count;
  if (sink->body.size() + bytes > kMaxMetadataBodyBytes) {
    sink->too_large = true;
    return 0;  // aborts the transfer
  }
  try {
    sink->body.append(data, bytes);
  } catch (...) {
    return 0;
  }
  return bytes;
}

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

Expected<MetadataResponse, MetadataHttpError> fetch_metadata(const MetadataRequest& request) {
  global_init_once();
  std::unique_ptr<CURL, CurlDeleter> handle(curl_easy_init());
  if (!handle) return unexpected(MetadataHttpError{MetadataHttpError::Stage::kOther, "curl init"});
  CURL* curl = handle.get();
  std::unique_ptr<curl_slist, HeaderListDeleter> headers;
  for (const auto& [name, value] : request.headers) {
    const std::string line = name + ": " + value;
    curl_slist* appended = curl_slist_append(headers.get(), line.c_str());
    if (appended == nullptr) {
      return unexpected(MetadataHttpError{MetadataHttpError::Stage::kOther, "header list"});
    }
    static_cast<void>(headers.release());
    headers.reset(appended);
  }
  if (request.method == "PUT") {
    // An empty PUT with Content-Length: 0 (the IMDS token call has no body).
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, 0L);
    curl_slist* appended = curl_slist_append(headers.get(), "Content-Type:");
    if (appended != nullptr) {
      static_cast<void>(headers.release());
      headers.reset(appended);
    }
  }
  BodySink sink;
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.request_timeout.count()));
  const CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    if (sink.too_large) {
      return unexpected(MetadataHttpError{
          MetadataHttpError::Stage::kOther,
          "answer larger than " + std::to_string(kMaxMetadataBodyBytes) + " bytes"});
    }
    MetadataHttpError::Stage stage = MetadataHttpError::Stage::kOther;
    if (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST) {
      stage = MetadataHttpError::Stage::kConnect;
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
      stage = MetadataHttpError::Stage::kTimeout;
    }
    return unexpected(MetadataHttpError{stage, curl_easy_strerror(code)});
  }
  MetadataResponse response;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  response.body = std::move(sink.body);
  return response;
}

}  // namespace bedrock::client
