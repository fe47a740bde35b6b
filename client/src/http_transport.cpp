#include "bedrock/client/http_transport.hpp"

#include <curl/curl.h>

#include <array>
#include <exception>

#include "curl_error_stage.hpp"
#include "curl_global.hpp"
#include "curl_handle_pool.hpp"
#include "response_head.hpp"

namespace bedrock::client {
namespace {

using Clock = std::chrono::steady_clock;

// Everything one transfer's callbacks touch. Callbacks never throw: libcurl is C.
struct Transfer {
  const TransportOptions& options;
  const BodySink* sink;
  const HeadSink* head_sink = nullptr;
  bool head_reported = false;
  HttpResponse response;
  ResponseHeadCollector head{response};
  bool connected = false;  // the connection (and TLS) was up before the request went out
  bool sink_refused = false;
  bool body_too_large = false;
  bool idle_timed_out = false;
  bool aborted_on_request = false;
  std::string sink_failure;
  Clock::time_point last_activity = Clock::now();
  curl_off_t last_down = 0;
  curl_off_t last_up = 0;

  Transfer(const TransportOptions& opts, const BodySink* body_sink)
      : options(opts), sink(body_sink) {}

  bool streams_to_sink() const {
    return sink != nullptr && *sink && response.status >= 200 && response.status < 300;
  }
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  transfer.last_activity = Clock::now();
  // A line that is not HTTP is ignored: libcurl has already rejected a reply it cannot parse.
  transfer.head.add_line(std::string_view(data, bytes));
  const bool final_head = transfer.head.complete() && transfer.response.status >= 200;
  if (final_head && !transfer.head_reported && transfer.head_sink != nullptr &&
      *transfer.head_sink) {
    transfer.head_reported = true;
    try {
      (*transfer.head_sink)(transfer.response);
    } catch (...) {
      return 0;  // a C callback must not throw; failing the header write aborts the transfer
    }
  }
  return bytes;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  transfer.last_activity = Clock::now();
  if (transfer.streams_to_sink()) {
    bool keep_going = false;
    try {
      keep_going = (*transfer.sink)(std::string_view(data, bytes));
    } catch (const std::exception& error) {
      transfer.sink_failure = std::string("the body sink threw: ") + error.what();
    } catch (...) {
      transfer.sink_failure = "the body sink threw";
    }
    if (!keep_going) {
      transfer.sink_refused = true;
      return 0;  // anything but `bytes` makes libcurl stop with CURLE_WRITE_ERROR
    }
    return bytes;
  }
  if (transfer.response.body.size() + bytes > transfer.options.max_buffered_body) {
    transfer.body_too_large = true;
    return 0;
  }
  transfer.response.body.append(data, bytes);
  return bytes;
}

int on_progress(void* user, curl_off_t, curl_off_t down, curl_off_t, curl_off_t up) {
  auto& transfer = *static_cast<Transfer*>(user);
  const auto now = Clock::now();
  if (down != transfer.last_down || up != transfer.last_up) {
    transfer.last_down = down;
    transfer.last_up = up;
    transfer.last_activity = now;
  }
  if (transfer.options.abort_requested && transfer.options.abort_requested()) {
    transfer.aborted_on_request = true;
    return 1;  // aborts with CURLE_ABORTED_BY_CALLBACK
  }
  const auto idle_limit = transfer.options.read_idle_timeout;
  if (idle_limit.count() > 0 && now - transfer.last_activity > idle_limit) {
    transfer.idle_timed_out = true;
    return 1;  // aborts with CURLE_ABORTED_BY_CALLBACK
  }
  return 0;
}

int on_connected(void* user, char*, char*, int, int) {
  static_cast<Transfer*>(user)->connected = true;
  return CURL_PREREQFUNC_OK;
}

struct HeaderList {
  curl_slist* list = nullptr;
  bool failed = false;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& line) {
    curl_slist* grown = curl_slist_append(list, line.c_str());
    if (grown == nullptr) {
      failed = true;
      return;
    }
    list = grown;
  }
};

bool is_method(const std::string& method, std::string_view name) { return method == name; }

// The request's headers as given, plus the removals that stop libcurl from adding its own:
// "Name:" removes a header curl would add, "Name;" sends a header with an empty value.
void build_headers(const HttpRequest& request, bool sends_body, HeaderList& headers) {
  for (const auto& [name, value] : request.headers) {
    headers.add(value.empty() ? name + ";" : name + ": " + value);
  }
  if (request.find_header("Accept") == nullptr) headers.add("Accept:");
  if (request.find_header("Expect") == nullptr) headers.add("Expect:");
  if (sends_body && request.find_header("Content-Type") == nullptr) headers.add("Content-Type:");
}

TransportError error_from(CURLcode code, const Transfer& transfer, const char* error_buffer) {
  TransportError error;
  error.curl_code = static_cast<int>(code);
  error.response_started = transfer.head.started();
  error.message = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
  if (transfer.sink_refused) {
    error.stage = TransportStage::kAborted;
    error.message = transfer.sink_failure.empty() ? "the body sink stopped the transfer"
                                                  : transfer.sink_failure;
    return error;
  }
  if (transfer.aborted_on_request) {
    error.stage = TransportStage::kAborted;
    error.message = "the transfer was cancelled";
    return error;
  }
  if (transfer.body_too_large) {
    error.stage = TransportStage::kOther;
    error.message = "response body larger than max_buffered_body (" +
                    std::to_string(transfer.options.max_buffered_body) + " bytes)";
    return error;
  }
  if (transfer.idle_timed_out) {
    error.stage = TransportStage::kTimeout;
    error.timeout_phase = TimeoutPhase::kIdle;
    error.message = "no data received for " +
                    std::to_string(transfer.options.read_idle_timeout.count()) + " ms";
    return error;
  }
  error.stage = stage_of(code);
  if (error.stage == TransportStage::kTimeout) {
    error.timeout_phase = transfer.connected ? TimeoutPhase::kTransfer : TimeoutPhase::kConnect;
  }
  return error;
}

TransportError local_error(std::string message) {
  TransportError error;
  error.stage = TransportStage::kOther;
  error.message = std::move(message);
  return error;
}

}  // namespace

HttpTransport::HttpTransport(TransportOptions options)
    : options_(std::move(options)),
      pool_(std::make_unique<CurlHandlePool>(options_.max_idle_handles)) {}

HttpTransport::~HttpTransport() = default;

Expected<HttpResponse, TransportError> HttpTransport::send(const HttpRequest& request,
                                                           const std::string& base_url,
                                                           const BodySink* sink,
                                                           const HeadSink* head_sink) {
  if (!ensure_curl_initialised()) return unexpected(local_error("curl_global_init failed"));
  if (request.target.empty() || request.target.front() != '/') {
    return unexpected(local_error("request target must start with '/': " + request.target));
  }
  std::string url = base_url;
  if (!url.empty() && url.back() == '/') url.pop_back();
  url += request.target;
  const bool https = url.starts_with("https://");

  auto lease = pool_->acquire();
  CURL* curl = lease.get();
  if (curl == nullptr) return unexpected(local_error("curl_easy_init failed"));

  Transfer transfer(options_, sink);
  transfer.head_sink = head_sink;
  std::array<char, CURL_ERROR_SIZE> error_buffer{};

  const bool sends_body = !request.body.empty() || is_method(request.method, "POST") ||
                          is_method(request.method, "PUT") || is_method(request.method, "PATCH");
  HeaderList headers;
  build_headers(request, sends_body && !is_method(request.method, "HEAD"), headers);
  if (headers.failed) return unexpected(local_error("out of memory building headers"));

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  // The target is signed as sent (reference §3): no dot-segment squashing, no re-encoding.
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer.data());
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  // A proxy's "200 Connection established" is not the answer and must not count as one.
  curl_easy_setopt(curl, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  const long version = !options_.http2 ? CURL_HTTP_VERSION_1_1
                       : https         ? CURL_HTTP_VERSION_2TLS
                                       : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE;
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, version);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
  if (options_.ca_bundle) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_bundle->c_str());
  if (!options_.user_agent.empty() && request.find_header("User-Agent") == nullptr) {
    curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
  }

  if (is_method(request.method, "HEAD")) {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (!sends_body) {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    if (!is_method(request.method, "GET")) {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
  } else {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    if (!is_method(request.method, "POST")) {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);

  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &on_progress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_PREREQFUNCTION, &on_connected);
  curl_easy_setopt(curl, CURLOPT_PREREQDATA, &transfer);

  transfer.last_activity = Clock::now();
  const CURLcode code = curl_easy_perform(curl);
  // The handle goes back to the pool; drop pointers into this frame before it does.
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  if (code != CURLE_OK) return unexpected(error_from(code, transfer, error_buffer.data()));
  if (!transfer.head.started()) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = static_cast<int>(status);
  }
  return std::move(transfer.response);
}

}  // namespace bedrock::client
