// HTTP/2 on the front end's port: h2c with prior knowledge, ALPN h2 under TLS, the same
// handler contract as HTTP/1.1 (plain bodies, paced streams, faults, live bodies), flow
// control per stream, and connections that break the limits closed with GOAWAY.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bedrock/transport/front_end.hpp"
#include "http2_test_client.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::transport {
namespace {

using testing::http2_frame;
using testing::http2_header_block;
using testing::Http2TestClient;
using testing::kHttp2Preface;
using testing::send_raw_http2;

constexpr uint8_t kData = 0, kHeaders = 1, kRstStream = 3, kSettings = 4, kPing = 6;
constexpr uint8_t kEndStream = 1, kEndHeaders = 4, kAck = 1;

Response plain(std::string body, int status = 200) {
  Response response;
  response.status = status;
  response.headers = {{"Content-Type", "application/json"}, {"X-Amzn-RequestId", "req-1"}};
  response.body = std::move(body);
  return response;
}

Response stream_of(std::vector<PacedFrame> frames, StreamEnd end = StreamEnd::kComplete) {
  Response response;
  response.headers = {{"Content-Type", "application/vnd.amazon.eventstream"}};
  response.is_stream = true;
  response.frames = std::move(frames);
  response.stream_end = end;
  return response;
}

class FrontEndHttp2Test : public ::testing::Test {
 protected:
  void start(Handler handler, FrontEndOptions options = {}) {
    front_end_ = std::make_unique<FrontEnd>(options, std::move(handler));
    auto port = front_end_->start();
    ASSERT_TRUE(port) << port.error();
    port_ = *port;
  }

  // One request on its own connection, as the JS SDK sends them.
  testing::Http2Reply exchange(const std::string& method, const std::string& path,
                               std::vector<std::pair<std::string, std::string>> headers = {},
                               std::string body = {}) {
    Http2TestClient client(port_);
    EXPECT_TRUE(client.connected());
    const int32_t id = client.submit(method, path, std::move(headers), std::move(body));
    EXPECT_TRUE(client.run_until([&] { return client.finished(id); }));
    return client.reply(id);
  }

  std::unique_ptr<FrontEnd> front_end_;
  int port_ = 0;
};

TEST_F(FrontEndHttp2Test, PriorKnowledgeRequestReachesTheHandlerAsHttp2) {
  Request seen;
  start([&](const Request& request) {
    seen = request;
    return plain(R"({"ok":true})");
  });
  auto reply = exchange("POST", "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ax%2Fy/converse",
                        {{"content-type", "application/json"}, {"x-amz-date", "20250101T000000Z"}},
                        R"({"messages":[]})");
  ASSERT_TRUE(reply.status);
  EXPECT_EQ(*reply.status, 200);
  EXPECT_EQ(reply.body, R"({"ok":true})");
  EXPECT_TRUE(reply.end_stream);
  ASSERT_NE(reply.header("x-amzn-requestid"), nullptr);  // HTTP/2 field names are lower case
  EXPECT_EQ(*reply.header("x-amzn-requestid"), "req-1");
  ASSERT_NE(reply.header("content-length"), nullptr);
  EXPECT_EQ(*reply.header("content-length"), "11");
  EXPECT_EQ(seen.protocol, "HTTP/2");
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ax%2Fy/converse");
  EXPECT_EQ(seen.body, R"({"messages":[]})");
  ASSERT_NE(seen.header("x-amz-date"), nullptr);
  // :authority reaches the pipeline as `host`, as over HTTP/1.1.
  ASSERT_NE(seen.header("host"), nullptr);
  EXPECT_EQ(*seen.header("host"), "127.0.0.1");
}

TEST_F(FrontEndHttp2Test, Http1ClientsKeepWorkingOnTheSamePort) {
  std::vector<std::string> protocols;
  std::mutex mutex;
  start([&](const Request& request) {
    std::lock_guard lock(mutex);
    protocols.push_back(request.protocol);
    return plain("{}");
  });
  httplib::Client http1("127.0.0.1", port_);
  ASSERT_TRUE(http1.Get("/foundation-models"));
  auto reply = exchange("GET", "/foundation-models");
  ASSERT_TRUE(reply.status);
  ASSERT_TRUE(http1.Get("/foundation-models"));
  EXPECT_EQ(protocols, (std::vector<std::string>{"HTTP/1.1", "HTTP/2", "HTTP/1.1"}));
}

TEST_F(FrontEndHttp2Test, EventStreamFramesArriveAsDataInOrder) {
  start([](const Request&) { return stream_of({{"frame-one", 0}, {"frame-two", 5}}); });
  auto reply = exchange("POST", "/model/m/converse-stream", {}, "{}");
  ASSERT_TRUE(reply.status);
  EXPECT_EQ(*reply.status, 200);
  EXPECT_EQ(reply.body, "frame-oneframe-two");
  EXPECT_TRUE(reply.end_stream);
  EXPECT_FALSE(reply.reset_code);
  EXPECT_EQ(reply.header("content-length"), nullptr);
  ASSERT_NE(reply.header("content-type"), nullptr);
  EXPECT_EQ(*reply.header("content-type"), "application/vnd.amazon.eventstream");
}

TEST_F(FrontEndHttp2Test, ResetStreamSendsItsFramesThenRstStream) {
  start([](const Request&) { return stream_of({{"partial", 0}}, StreamEnd::kReset); });
  auto reply = exchange("POST", "/model/m/converse-stream", {}, "{}");
  EXPECT_EQ(reply.body, "partial");
  EXPECT_FALSE(reply.end_stream);
  ASSERT_TRUE(reply.reset_code);
  EXPECT_EQ(*reply.reset_code, static_cast<uint32_t>(NGHTTP2_INTERNAL_ERROR));
}

TEST_F(FrontEndHttp2Test, DroppedRequestIsResetWithoutAnswer) {
  std::atomic<int> calls{0};
  start([&](const Request&) {
    ++calls;
    Response response;
    response.fault = Fault::kDropConnection;
    return response;
  });
  auto reply = exchange("POST", "/model/m/converse", {}, "{}");
  EXPECT_FALSE(reply.status);
  EXPECT_TRUE(reply.reset_code);
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(FrontEndHttp2Test, StalledRequestGetsNothingAndStopStillReturns) {
  FrontEndOptions options;
  options.stall_limit = std::chrono::minutes(5);
  start(
      [](const Request&) {
        Response response;
        response.fault = Fault::kStall;
        return response;
      },
      options);
  Http2TestClient client(port_);
  const int32_t id = client.submit("POST", "/model/m/converse", {}, "{}");
  EXPECT_FALSE(
      client.run_until([&] { return client.finished(id); }, std::chrono::milliseconds(300)));
  EXPECT_FALSE(client.reply(id).status);
  front_end_->stop();  // must return although a stream's handler is stalled
}

class QueuedBody final : public LiveBody {
 public:
  QueuedBody(std::vector<std::string> pieces, StreamEnd end)
      : pieces_(std::move(pieces)), end_(end) {}
  std::optional<std::string> next() override {
    if (next_ == pieces_.size()) return std::nullopt;
    return pieces_[next_++];
  }
  StreamEnd end() const override { return end_; }
  void cancel() override { ++cancels; }
  std::atomic<int> cancels{0};

 private:
  std::vector<std::string> pieces_;
  std::size_t next_ = 0;
  StreamEnd end_;
};

TEST_F(FrontEndHttp2Test, LiveBodyIsRelayedInOrder) {
  auto body = std::make_shared<QueuedBody>(std::vector<std::string>{"one", "two", "three"},
                                           StreamEnd::kComplete);
  start([body](const Request&) {
    Response response = stream_of({});
    response.live = body;
    return response;
  });
  auto reply = exchange("POST", "/model/m/converse-stream", {}, "{}");
  EXPECT_EQ(reply.body, "onetwothree");
  EXPECT_TRUE(reply.end_stream);
}

TEST_F(FrontEndHttp2Test, LiveBodyEndingInResetResetsTheStream) {
  auto body = std::make_shared<QueuedBody>(std::vector<std::string>{"partial"}, StreamEnd::kReset);
  start([body](const Request&) {
    Response response = stream_of({});
    response.live = body;
    return response;
  });
  auto reply = exchange("POST", "/model/m/converse-stream", {}, "{}");
  EXPECT_EQ(reply.body, "partial");
  EXPECT_TRUE(reply.reset_code);
  // The stream closed: the producer is told. The loop tells it after the RST_STREAM is on the
  // wire, so the client may see the reset first; wait (bounded) rather than race.
  for (int i = 0; i < 200 && body->cancels.load() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_GE(body->cancels.load(), 1);
}

TEST_F(FrontEndHttp2Test, OversizedBodyGetsTheTransportErrorAnswer) {
  FrontEndOptions options;
  options.limits.max_body_bytes = 1024;
  options.transport_error = [](int status, const std::string&) {
    return plain(R"({"message":"too large"})", status);
  };
  std::atomic<int> calls{0};
  start(
      [&](const Request&) {
        ++calls;
        return plain("{}");
      },
      options);
  auto reply = exchange("POST", "/model/m/invoke", {}, std::string(4096, 'x'));
  ASSERT_TRUE(reply.status);
  EXPECT_EQ(*reply.status, 413);
  EXPECT_EQ(reply.body, R"({"message":"too large"})");
  EXPECT_EQ(calls.load(), 0);
}

TEST_F(FrontEndHttp2Test, ManyStreamsOnOneConnectionAreAllAnswered) {
  start([](const Request& request) { return plain(request.target); });
  Http2TestClient client(port_);
  std::vector<int32_t> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(client.submit("GET", "/r/" + std::to_string(i)));
  ASSERT_TRUE(client.run_until([&] {
    return std::all_of(ids.begin(), ids.end(), [&](int32_t id) { return client.finished(id); });
  }));
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(client.reply(ids[static_cast<size_t>(i)]).body, "/r/" + std::to_string(i));
}

// The mock's setting: the handler runs on the connection thread, and only answers that take
// time get their own thread. Every kind of answer must still come out as with a thread each.
TEST_F(FrontEndHttp2Test, PromptHandlerServesEveryKindOfAnswerOnOneConnection) {
  FrontEndOptions options;
  options.handler_returns_promptly = true;
  start(
      [](const Request& request) {
        if (request.target == "/stream") return stream_of({{"one", 0}, {"two", 5}});
        if (request.target == "/reset") return stream_of({{"partial", 0}}, StreamEnd::kReset);
        if (request.target == "/drop") {
          Response dropped;
          dropped.fault = Fault::kDropConnection;
          return dropped;
        }
        Response answer = plain(request.target);
        if (request.target == "/slow") answer.delay_ms = 20;
        return answer;
      },
      options);
  Http2TestClient client(port_);
  const std::vector<std::string> paths = {"/plain", "/stream", "/reset",
                                          "/drop",  "/slow",   "/after"};
  std::vector<int32_t> ids;
  for (const auto& path : paths) ids.push_back(client.submit("GET", path));
  ASSERT_TRUE(client.run_until([&] {
    return std::all_of(ids.begin(), ids.end(), [&](int32_t id) { return client.finished(id); });
  }));
  EXPECT_EQ(client.reply(ids[0]).body, "/plain");
  EXPECT_TRUE(client.reply(ids[0]).end_stream);
  EXPECT_EQ(client.reply(ids[1]).body, "onetwo");
  EXPECT_TRUE(client.reply(ids[1]).end_stream);
  EXPECT_EQ(client.reply(ids[2]).body, "partial");
  EXPECT_TRUE(client.reply(ids[2]).reset_code.has_value());
  EXPECT_FALSE(client.reply(ids[3]).status.has_value());
  EXPECT_TRUE(client.reply(ids[3]).reset_code.has_value());
  EXPECT_EQ(client.reply(ids[4]).body, "/slow");
  EXPECT_EQ(client.reply(ids[5]).body, "/after");
}

TEST_F(FrontEndHttp2Test, SlowReaderHoldsUpOnlyItsOwnStream) {
  const std::string big(512 * 1024, 'b');
  start([&](const Request& request) {
    if (request.target == "/big") return stream_of({{big, 0}});
    return stream_of({{"small", 0}});
  });
  Http2TestClient client(port_, /*manual_window=*/true);
  const int32_t stalled = client.submit("GET", "/big");
  // The big stream fills its 64 KiB window and waits for a WINDOW_UPDATE that never comes.
  ASSERT_TRUE(client.run_until([&] { return client.reply(stalled).body.size() >= 65535; }));
  const int32_t quick = client.submit("GET", "/small");
  client.keep_reading(quick);
  ASSERT_TRUE(client.run_until([&] { return client.finished(quick); }));
  EXPECT_EQ(client.reply(quick).body, "small");
  EXPECT_FALSE(client.finished(stalled));
  EXPECT_LT(client.reply(stalled).body.size(), big.size());
}

// ---- bad input: the connection ends with GOAWAY, the server keeps serving ----

class FrontEndHttp2LimitsTest : public FrontEndHttp2Test {
 protected:
  void SetUp() override {
    FrontEndOptions options;
    options.http2.max_concurrent_streams = 4;
    options.http2.max_header_list_bytes = 2048;
    options.http2.control_frame_budget = 100;
    start([](const Request&) { return plain("{}"); }, options);
  }

  void expect_still_serving() {
    auto reply = exchange("GET", "/foundation-models");
    ASSERT_TRUE(reply.status) << "a new connection after the bad one must be served";
    EXPECT_EQ(*reply.status, 200);
  }

  static std::string opening() {
    return std::string(kHttp2Preface) + http2_frame(kSettings, 0, 0, "") +
           http2_frame(kSettings, kAck, 0, "");
  }
  static std::string request_headers(uint32_t stream_id, uint8_t flags,
                                     std::vector<std::pair<std::string, std::string>> extra = {}) {
    std::vector<std::pair<std::string, std::string>> fields = {
        {":method", "GET"}, {":scheme", "http"}, {":authority", "127.0.0.1"}, {":path", "/"}};
    fields.insert(fields.end(), extra.begin(), extra.end());
    return http2_frame(kHeaders, static_cast<uint8_t>(flags | kEndHeaders), stream_id,
                       http2_header_block(fields));
  }
};

TEST_F(FrontEndHttp2LimitsTest, BadPrefaceIsAnsweredWithGoaway) {
  auto outcome =
      send_raw_http2(port_, "PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n" + http2_frame(kSettings, 0, 0, ""));
  EXPECT_TRUE(outcome.closed_by_server);
  ASSERT_TRUE(outcome.goaway_code);
  EXPECT_EQ(*outcome.goaway_code, static_cast<uint32_t>(NGHTTP2_PROTOCOL_ERROR));
  expect_still_serving();
}

TEST_F(FrontEndHttp2LimitsTest, OversizedHeaderBlockClosesTheConnection) {
  auto outcome = send_raw_http2(
      port_, opening() + request_headers(1, kEndStream, {{"x-padding", std::string(4000, 'p')}}));
  EXPECT_TRUE(outcome.closed_by_server);
  EXPECT_TRUE(outcome.goaway_code);
  expect_still_serving();
}

TEST_F(FrontEndHttp2LimitsTest, FloodsOfControlFramesCloseTheConnection) {
  struct Flood {
    const char* name;
    std::string frames;
  };
  std::string settings, pings, resets;
  for (uint32_t i = 0; i < 300; ++i) {
    settings += http2_frame(kSettings, 0, 0, "");
    pings += http2_frame(kPing, 0, 0, std::string(8, static_cast<char>(i)));
    const uint32_t id = 2 * i + 1;
    resets += request_headers(id, 0) + http2_frame(kRstStream, 0, id, std::string("\0\0\0\x08", 4));
  }
  for (const auto& flood :
       {Flood{"SETTINGS", settings}, Flood{"PING", pings}, Flood{"RST_STREAM", resets}}) {
    SCOPED_TRACE(flood.name);
    auto outcome = send_raw_http2(port_, opening() + flood.frames);
    EXPECT_TRUE(outcome.closed_by_server);
    ASSERT_TRUE(outcome.goaway_code);
    EXPECT_EQ(*outcome.goaway_code, static_cast<uint32_t>(NGHTTP2_ENHANCE_YOUR_CALM));
    expect_still_serving();
  }
}

TEST_F(FrontEndHttp2LimitsTest, StreamsBeyondTheLimitCloseTheConnection) {
  std::string frames = opening();
  for (uint32_t i = 0; i < 6; ++i) frames += request_headers(2 * i + 1, 0);  // left open
  auto outcome = send_raw_http2(port_, frames);
  EXPECT_TRUE(outcome.closed_by_server);
  EXPECT_TRUE(outcome.goaway_code);
  expect_still_serving();
}

TEST_F(FrontEndHttp2LimitsTest, DataOnAStreamThatNeverOpenedClosesTheConnection) {
  auto outcome = send_raw_http2(port_, opening() + http2_frame(kData, kEndStream, 7, "x"));
  EXPECT_TRUE(outcome.closed_by_server);
  ASSERT_TRUE(outcome.goaway_code);
  EXPECT_EQ(*outcome.goaway_code, static_cast<uint32_t>(NGHTTP2_PROTOCOL_ERROR));
  expect_still_serving();
}

// ---- TLS: ALPN picks HTTP/2 or HTTP/1.1 on the same port ----

size_t append_body(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

struct CurlOutcome {
  CURLcode code = CURLE_OK;
  long status = 0;
  long http_version = 0;
  std::string body;
};

CurlOutcome curl_get(const std::string& url, long http_version) {
  CurlOutcome outcome;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, http_version);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);  // a throwaway self-signed certificate
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &outcome.body);
  outcome.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &outcome.status);
  curl_easy_getinfo(curl, CURLINFO_HTTP_VERSION, &outcome.http_version);
  curl_easy_cleanup(curl);
  return outcome;
}

TEST_F(FrontEndHttp2Test, TlsServesHttp2AndHttp11ByAlpn) {
  test::TempDir dir;
  const auto cert = (dir.path() / "cert.pem").string();
  const auto key = (dir.path() / "key.pem").string();
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout '" + key +
      "' -out '" + cert + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << "openssl could not make a test certificate";
  FrontEndOptions options;
  options.tls_cert_file = cert;
  options.tls_key_file = key;
  std::vector<std::string> protocols;
  std::mutex mutex;
  start(
      [&](const Request& request) {
        std::lock_guard lock(mutex);
        protocols.push_back(request.protocol);
        return plain(request.protocol);
      },
      options);
  const std::string url = front_end_->url() + "/foundation-models";
  ASSERT_EQ(url.rfind("https://", 0), 0u);

  auto h2 = curl_get(url, CURL_HTTP_VERSION_2TLS);
  ASSERT_EQ(h2.code, CURLE_OK) << curl_easy_strerror(h2.code);
  EXPECT_EQ(h2.status, 200);
  EXPECT_EQ(h2.http_version, static_cast<long>(CURL_HTTP_VERSION_2_0));
  EXPECT_EQ(h2.body, "HTTP/2");

  auto h1 = curl_get(url, CURL_HTTP_VERSION_1_1);
  ASSERT_EQ(h1.code, CURLE_OK) << curl_easy_strerror(h1.code);
  EXPECT_EQ(h1.status, 200);
  EXPECT_EQ(h1.http_version, static_cast<long>(CURL_HTTP_VERSION_1_1));
  EXPECT_EQ(h1.body, "HTTP/1.1");
  EXPECT_EQ(protocols, (std::vector<std::string>{"HTTP/2", "HTTP/1.1"}));
}

TEST_F(FrontEndHttp2Test, CurlPriorKnowledgeGetsTheSameAnswerAsHttp11) {
  start([](const Request& request) { return plain("answer for " + request.target); });
  const std::string url = front_end_->url() + "/model/m/converse";
  auto h2 = curl_get(url, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
  auto h1 = curl_get(url, CURL_HTTP_VERSION_1_1);
  ASSERT_EQ(h2.code, CURLE_OK) << curl_easy_strerror(h2.code);
  ASSERT_EQ(h1.code, CURLE_OK) << curl_easy_strerror(h1.code);
  EXPECT_EQ(h2.http_version, static_cast<long>(CURL_HTTP_VERSION_2_0));
  EXPECT_EQ(h2.body, h1.body);
  EXPECT_EQ(h2.body, "answer for /model/m/converse");
}

}  // namespace
}  // namespace bedrock::transport
