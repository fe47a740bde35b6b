#pragma once
// The client's HTTP transport on libcurl: sends a protocol HttpRequest (already signed) to a
// base URL and returns the status, headers and body, or a TransportError naming the stage.
//
// Guarantees the signer relies on (reference §3, §11):
// - the request target goes on the wire byte for byte (never re-encoded, dot segments kept);
// - no header is added beyond Host and Content-Length (curl's Accept, Expect: 100-continue and
//   form Content-Type are suppressed), and a Host given by the caller is used as given;
// - HTTP/1.1 is pinned unless http2 is asked for (pitfall 14: an nghttp2 libcurl would otherwise
//   negotiate h2 through ALPN and every header name would arrive lower-cased).
// Proxies come from the environment as libcurl reads them (HTTPS_PROXY/https_proxy,
// http_proxy, NO_PROXY). Consecutive requests to one host reuse the connection.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bedrock/client/transport_error.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/expected.hpp"
#include "bedrock/protocol/http_request.hpp"

namespace bedrock::client {

class CurlHandlePool;

struct TransportOptions {
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};  // includes TLS
  std::chrono::milliseconds request_timeout{0};  // the whole request; 0 = none
  // Aborts a transfer (typically a stream) that receives nothing for this long; 0 = never.
  // The default is botocore's read_timeout (60 s), which also covers a model that takes long
  // before its first byte. Checked about once a second (libcurl's progress callback).
  std::chrono::milliseconds read_idle_timeout{std::chrono::seconds(60)};
  std::optional<std::string> ca_bundle;  // PEM file replacing the system CA store
  bool verify_tls = true;
  // false: CURL_HTTP_VERSION_1_1. true: h2 prior knowledge for http://, ALPN h2 for https://.
  bool http2 = false;
  std::string user_agent;  // sent only when non-empty and the request has no User-Agent
  // Bodies not given to a BodySink are buffered up to this size, then the transfer fails.
  std::size_t max_buffered_body = 256u * 1024 * 1024;
  // Polled about once a second during a transfer (and with every chunk received); true aborts
  // it with TransportStage::kAborted. A relay that stops (bedrock-record) must not wait out
  // read_idle_timeout on an upstream that has gone quiet.
  std::function<bool()> abort_requested;
  std::size_t max_idle_handles = 8;  // pooled easy handles (each keeps its connections)
};

// An answer as received: headers in wire order with names as received (the service mixes
// cases, reference §11 pitfall 14: look them up with header()). It is an errors::WireResponse,
// so errors::parse_http_error(response) applies directly.
struct HttpResponse : errors::WireResponse {
  std::string http_version;  // "HTTP/1.1", "HTTP/2"
};

// Receives body bytes as they arrive, only for 2xx answers (an error answer is small JSON and
// is buffered into HttpResponse::body so it can be parsed). Returning false aborts the
// transfer (TransportStage::kAborted). Called on the thread that called send().
using BodySink = std::function<bool(std::string_view bytes)>;

// Receives the final response head (status, version, headers; body still empty) once, as soon as
// its blank line arrives and before any body byte: a proxy (bedrock-record) starts answering its
// own caller from it while the body is still on its way. Interim 1xx heads are not reported. It
// must not throw; called on the thread that called send().
using HeadSink = std::function<void(const HttpResponse& head)>;

class HttpTransport {
 public:
  explicit HttpTransport(TransportOptions options = {});
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // base_url: scheme://host[:port] with no path; the request's raw target is appended.
  // Thread-safe: concurrent calls use separate pooled handles.
  Expected<HttpResponse, TransportError> send(const HttpRequest& request,
                                              const std::string& base_url,
                                              const BodySink* sink = nullptr,
                                              const HeadSink* head_sink = nullptr);

  const TransportOptions& options() const { return options_; }

 private:
  TransportOptions options_;
  std::unique_ptr<CurlHandlePool> pool_;
};

}  // namespace bedrock::client
