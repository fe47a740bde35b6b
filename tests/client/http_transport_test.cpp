// HttpTransport against servers started inside the test on port 0: what goes on the wire,
// what comes back, streaming, connection reuse, proxies, TLS, and every failure stage.
#include "bedrock/client/http_transport.hpp"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <set>

#include "local_servers.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::client {
namespace {

using test::AfterScript;
using test::LocalHttpServer;
using test::RawTcpServer;
using namespace std::chrono_literals;

// Tests talk to 127.0.0.1 directly whatever proxy the machine running them has configured.
class HttpTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                             "ALL_PROXY", "no_proxy", "NO_PROXY"}) {
      ::unsetenv(name);
    }
  }

  static HttpRequest post(std::string target, std::string body = "{}") {
    HttpRequest request;
    request.method = "POST";
    request.target = std::move(target);
    request.headers = {{"Content-Type", "application/json"}};
    request.body = std::move(body);
    return request;
  }
  static HttpRequest get(std::string target) {
    HttpRequest request;
    request.method = "GET";
    request.target = std::move(target);
    return request;
  }
};

TEST_F(HttpTransportTest, ReturnsStatusHeadersAndBody) {
  LocalHttpServer local;
  local.server().Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
    res.status = 201;
    res.set_header("x-amzn-RequestId", "req-1");
    res.set_content("got " + req.body, "application/json");
  });
  ASSERT_GT(local.start(), 0);
  HttpTransport transport;
  auto response = transport.send(post("/echo", "hello"), local.url());
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->http_version, "HTTP/1.1");
  EXPECT_EQ(response->body, "got hello");
  EXPECT_EQ(response->header("X-AMZN-REQUESTID"), "req-1");
  EXPECT_EQ(response->header("content-type"), "application/json");
}

TEST_F(HttpTransportTest, KeepsResponseHeadersInWireOrderWithTheirSpelling) {
  RawTcpServer raw([](int fd) {
    if (!RawTcpServer::read_request_head(fd)) return AfterScript::kClose;
    RawTcpServer::write_all(fd,
                            "HTTP/1.1 200 OK\r\n"
                            "x-amzn-RequestId: abc\r\n"
                            "X-Amzn-Bedrock-Input-Token-Count: 5\r\n"
                            "x-amzn-requestid: second\r\n"
                            "Content-Length: 2\r\n\r\nok");
    return AfterScript::kClose;
  });
  HttpTransport transport;
  auto response = transport.send(get("/"), raw.url());
  ASSERT_TRUE(response) << response.error().message;
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"x-amzn-RequestId", "abc"},
      {"X-Amzn-Bedrock-Input-Token-Count", "5"},
      {"x-amzn-requestid", "second"},
      {"Content-Length", "2"}};
  EXPECT_EQ(response->headers, expected);
  EXPECT_EQ(response->body, "ok");
}

TEST_F(HttpTransportTest, SendsTheRawTargetUnchanged) {
  LocalHttpServer local;
  std::mutex mutex;
  std::vector<std::string> targets;
  local.server().Post(".*", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard guard(mutex);
    targets.push_back(req.target);
    res.set_content("{}", "application/json");
  });
  ASSERT_GT(local.start(), 0);
  HttpTransport transport;
  const std::vector<std::string> sent = {
      "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse",
      "/model/us.anthropic.claude-3-5-sonnet-20241022-v2:0/converse",
      "/model/arn%3Aaws%3Abedrock%3Aus-east-2%3A123456789012%3Ainference-profile%2Fus.x%3A0/invoke",
      "/model/a/../b/./c%7e%2f/converse?x=1%3a2"};
  for (const auto& target : sent) {
    auto response = transport.send(post(target), local.url());
    ASSERT_TRUE(response) << response.error().message;
  }
  EXPECT_EQ(targets, sent);
}

// The raw request head, read off the socket: exactly the caller's headers plus Host and
// Content-Length (no Accept, no Expect: 100-continue, no form Content-Type).
TEST_F(HttpTransportTest, AddsOnlyHostAndContentLength) {
  std::string head;
  std::size_t body_bytes = 0;
  RawTcpServer raw([&](int fd) {
    std::string received;
    char buffer[65536];
    while (received.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
      if (n <= 0) return AfterScript::kClose;
      received.append(buffer, static_cast<std::size_t>(n));
    }
    const auto end = received.find("\r\n\r\n") + 4;
    head = received.substr(0, end);
    body_bytes = received.size() - end;
    while (body_bytes < 2 * 1024 * 1024) {
      const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
      if (n <= 0) return AfterScript::kClose;
      body_bytes += static_cast<std::size_t>(n);
    }
    RawTcpServer::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    return AfterScript::kClose;
  });
  HttpTransport transport;
  HttpRequest request;
  request.method = "POST";
  request.target = "/model/x/invoke";
  request.headers = {{"X-Amz-Date", "20240101T000000Z"}, {"x-empty", ""}};
  request.body = std::string(2 * 1024 * 1024, 'x');  // large enough for curl's Expect
  auto response = transport.send(request, raw.url());
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(head,
            "POST /model/x/invoke HTTP/1.1\r\n"
            "Host: 127.0.0.1:" +
                std::to_string(raw.port()) +
                "\r\n"
                "X-Amz-Date: 20240101T000000Z\r\n"
                "x-empty:\r\n"
                "Content-Length: 2097152\r\n\r\n");
  EXPECT_EQ(body_bytes, 2u * 1024 * 1024);
}

TEST_F(HttpTransportTest, UsesTheCallersHostHeaderAndUserAgentOption) {
  LocalHttpServer local;
  httplib::Headers received;
  local.server().Get("/", [&](const httplib::Request& req, httplib::Response& res) {
    received = req.headers;
    res.set_content("", "text/plain");
  });
  ASSERT_GT(local.start(), 0);
  TransportOptions options;
  options.user_agent = "bedrock-testbed/0.1";
  HttpTransport transport(options);
  auto request = get("/");
  request.headers = {{"host", "bedrock-runtime.us-east-2.amazonaws.com"}};
  ASSERT_TRUE(transport.send(request, local.url()));
  const auto value_of = [&](const std::string& name) {
    const auto found = received.find(name);
    return found == received.end() ? std::string("<missing>") : found->second;
  };
  EXPECT_EQ(value_of("Host"), "bedrock-runtime.us-east-2.amazonaws.com");
  EXPECT_EQ(value_of("User-Agent"), "bedrock-testbed/0.1");
}

TEST_F(HttpTransportTest, ErrorStatusIsAResponseNotATransportError) {
  LocalHttpServer local;
  local.server().Post(".*", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("x-amzn-ErrorType",
                   "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/");
    res.set_content(R"({"message":"Too many requests, please wait before trying again."})",
                    "application/json");
  });
  ASSERT_GT(local.start(), 0);
  HttpTransport transport;
  auto response = transport.send(post("/model/x/converse"), local.url());
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 429);
  auto parsed = errors::parse_http_error(*response);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->code, errors::ErrorCode::kThrottling);
}

// The server sends one chunk, then waits until the test's sink has seen it before sending the
// next: the first bytes must reach the sink while the response is still open.
TEST_F(HttpTransportTest, DeliversChunksToTheSinkAsTheyArrive) {
  std::mutex mutex;
  std::condition_variable changed;
  bool first_seen = false;
  bool server_gave_up = false;
  LocalHttpServer local;
  local.server().Post("/stream", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider(
        "application/vnd.amazon.eventstream", [&](size_t, httplib::DataSink& sink) {
          sink.write("first|", 6);
          {
            std::unique_lock lock(mutex);
            // The timeout only keeps a broken transport from hanging the test run.
            if (!changed.wait_for(lock, 30s, [&] { return first_seen; })) server_gave_up = true;
          }
          sink.write("second|", 7);
          sink.done();
          return true;
        });
  });
  ASSERT_GT(local.start(), 0);
  HttpTransport transport;
  std::vector<std::string> chunks;
  BodySink sink = [&](std::string_view bytes) {
    chunks.emplace_back(bytes);
    std::string all;
    for (const auto& chunk : chunks) all += chunk;
    if (all == "first|") {
      std::lock_guard guard(mutex);
      first_seen = true;
      changed.notify_all();
    }
    return true;
  };
  auto response = transport.send(post("/stream"), local.url(), &sink);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(response->body.empty());  // the bytes went to the sink
  EXPECT_FALSE(server_gave_up) << "the first chunk did not reach the sink before the second";
  std::string all;
  for (const auto& chunk : chunks) all += chunk;
  EXPECT_EQ(all, "first|second|");
  EXPECT_GE(chunks.size(), 2u);
}

TEST_F(HttpTransportTest, HeadSinkSeesTheFinalHeadOnceBeforeAnyBodyByte) {
  LocalHttpServer local;
  local.server().Post("/stream", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("x-amzn-RequestId", "req-1");
    res.set_chunked_content_provider("application/vnd.amazon.eventstream",
                                     [](size_t, httplib::DataSink& sink) {
                                       sink.write("frame", 5);
                                       sink.done();
                                       return true;
                                     });
  });
  local.server().Post("/error", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_content(R"({"message":"slow down"})", "application/json");
  });
  ASSERT_GT(local.start(), 0);
  HttpTransport transport;
  std::vector<std::string> order;
  HeadSink head = [&](const HttpResponse& response) {
    EXPECT_TRUE(response.body.empty());
    order.push_back("head " + std::to_string(response.status) + " " +
                    response.header("x-amzn-RequestId").value_or("-"));
  };
  BodySink sink = [&](std::string_view bytes) {
    order.emplace_back(bytes);
    return true;
  };
  ASSERT_TRUE(transport.send(post("/stream"), local.url(), &sink, &head));
  EXPECT_EQ(order, (std::vector<std::string>{"head 200 req-1", "frame"}));
  order.clear();
  auto error = transport.send(post("/error"), local.url(), &sink, &head);
  ASSERT_TRUE(error);
  EXPECT_EQ(order, (std::vector<std::string>{"head 429 -"}));
  EXPECT_EQ(error->body, R"({"message":"slow down"})");
}

TEST_F(HttpTransportTest, ErrorAnswersAreBufferedEvenWithASink) {
  LocalHttpServer local;
  local.server().Post(".*", [](const httplib::Request&, httplib::Response& res) {
    res.status = 400;
    res.set_content(R"({"message":"bad"})", "application/json");
  });
  ASSERT_GT(local.start(), 0);
  HttpTransport transport;
  int calls = 0;
  BodySink sink = [&](std::string_view) {
    ++calls;
    return true;
  };
  auto response = transport.send(post("/x"), local.url(), &sink);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->body, R"({"message":"bad"})");
  EXPECT_EQ(calls, 0);
}

TEST_F(HttpTransportTest, SinkReturningFalseAbortsTheTransfer) {
  LocalHttpServer local;
  local.server().Post("/endless", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/octet-stream",
                                     [](size_t, httplib::DataSink& sink) {
                                       const std::string chunk(1024, 'z');
                                       for (int i = 0; i < 100000; ++i) {
                                         if (!sink.write(chunk.data(), chunk.size())) return false;
                                       }
                                       sink.done();
                                       return true;
                                     });
  });
  ASSERT_GT(local.start(), 0);
  HttpTransport transport;
  int calls = 0;
  BodySink sink = [&](std::string_view) { return ++calls < 2; };
  auto response = transport.send(post("/endless"), local.url(), &sink);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().stage, TransportStage::kAborted);
  EXPECT_TRUE(response.error().response_started);
  EXPECT_EQ(calls, 2);
}

TEST_F(HttpTransportTest, ClosedPortIsAConnectError) {
  // Bind a port and release it: nothing listens there any more.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  ::close(fd);
  HttpTransport transport;
  auto response =
      transport.send(get("/"), "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().stage, TransportStage::kConnect) << response.error().message;
  EXPECT_EQ(response.error().curl_code, 7);  // CURLE_COULDNT_CONNECT
  EXPECT_FALSE(response.error().response_started);
}

TEST_F(HttpTransportTest, UnresolvableHostIsADnsError) {
  HttpTransport transport;
  auto response = transport.send(get("/"), "http://nonexistent.invalid");
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().stage, TransportStage::kDns) << response.error().message;
  EXPECT_EQ(response.error().curl_code, 6);  // CURLE_COULDNT_RESOLVE_HOST
}

TEST_F(HttpTransportTest, StalledServerTimesOutTheRequest) {
  RawTcpServer stalling([](int fd) {
    RawTcpServer::wait_for_peer_close(fd);
    return AfterScript::kClose;
  });
  TransportOptions options;
  options.request_timeout = 300ms;
  HttpTransport transport(options);
  auto response = transport.send(post("/model/x/converse"), stalling.url());
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().stage, TransportStage::kTimeout) << response.error().message;
  EXPECT_EQ(response.error().timeout_phase, TimeoutPhase::kTransfer);
  EXPECT_EQ(response.error().curl_code, 28);  // CURLE_OPERATION_TIMEDOUT
}

TEST_F(HttpTransportTest, StreamThatGoesQuietHitsTheIdleTimeout) {
  RawTcpServer quiet([](int fd) {
    if (!RawTcpServer::read_request_head(fd)) return AfterScript::kClose;
    RawTcpServer::write_all(
        fd,
        "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.amazon.eventstream\r\n"
        "Transfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n");
    RawTcpServer::wait_for_peer_close(fd);
    return AfterScript::kClose;
  });
  TransportOptions options;
  options.read_idle_timeout = 200ms;
  HttpTransport transport(options);
  std::string received;
  BodySink sink = [&](std::string_view bytes) {
    received += bytes;
    return true;
  };
  auto response = transport.send(post("/stream"), quiet.url(), &sink);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().stage, TransportStage::kTimeout) << response.error().message;
  EXPECT_EQ(response.error().timeout_phase, TimeoutPhase::kIdle);
  EXPECT_TRUE(response.error().response_started);
  EXPECT_EQ(received, "abcd");
}

TEST_F(HttpTransportTest, AbortRequestedEndsAQuietStreamLongBeforeTheIdleTimeout) {
  RawTcpServer quiet([](int fd) {
    if (!RawTcpServer::read_request_head(fd)) return AfterScript::kClose;
    RawTcpServer::write_all(
        fd,
        "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.amazon.eventstream\r\n"
        "Transfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n");
    RawTcpServer::wait_for_peer_close(fd);
    return AfterScript::kClose;
  });
  std::atomic<bool> stopping{false};
  TransportOptions options;
  options.read_idle_timeout = std::chrono::hours(1);  // only the abort can end this transfer
  options.abort_requested = [&stopping] { return stopping.load(); };
  HttpTransport transport(options);
  BodySink sink = [&](std::string_view) {
    stopping = true;  // as a relay's stop() would, once the stream is under way
    return true;
  };
  auto response = transport.send(post("/stream"), quiet.url(), &sink);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().stage, TransportStage::kAborted) << response.error().message;
  EXPECT_EQ(response.error().message, "the transfer was cancelled");
}

TEST_F(HttpTransportTest, HandshakeThatNeverCompletesIsAConnectPhaseTimeout) {
  RawTcpServer silent([](int fd) {
    RawTcpServer::wait_for_peer_close(fd);
    return AfterScript::kClose;
  });
  TransportOptions options;
  options.connect_timeout = 300ms;
  HttpTransport transport(options);
  auto response = transport.send(get("/"), silent.url("https"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().stage, TransportStage::kTimeout) << response.error().message;
  EXPECT_EQ(response.error().timeout_phase, TimeoutPhase::kConnect);
}

TEST_F(HttpTransportTest, ConnectionResetMidBodyIsAReceiveErrorAfterTheResponseStarted) {
  std::mutex mutex;
  std::condition_variable changed;
  bool partial_seen = false;
  RawTcpServer resetting([&](int fd) {
    if (!RawTcpServer::read_request_head(fd)) return AfterScript::kClose;
    RawTcpServer::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial");
    std::unique_lock lock(mutex);
    changed.wait_for(lock, 30s, [&] { return partial_seen; });
    return AfterScript::kReset;
  });
  HttpTransport transport;
  BodySink sink = [&](std::string_view) {
    std::lock_guard guard(mutex);
    partial_seen = true;
    changed.notify_all();
    return true;
  };
  auto response = transport.send(post("/model/x/invoke"), resetting.url(), &sink);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().stage, TransportStage::kReceive) << response.error().message;
  EXPECT_TRUE(response.error().response_started);
}

TEST_F(HttpTransportTest, ConnectionClosedBeforeAnyAnswerIsAReceiveError) {
  RawTcpServer closing([](int fd) {
    RawTcpServer::read_request_head(fd);
    return AfterScript::kClose;
  });
  HttpTransport transport;
  auto response = transport.send(post("/x"), closing.url());
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().stage, TransportStage::kReceive) << response.error().message;
  EXPECT_EQ(response.error().curl_code, 52);  // CURLE_GOT_NOTHING
  EXPECT_FALSE(response.error().response_started);
}

TEST_F(HttpTransportTest, BufferedBodyOverTheLimitFails) {
  LocalHttpServer local;
  local.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(4096, 'x'), "text/plain");
  });
  ASSERT_GT(local.start(), 0);
  TransportOptions options;
  options.max_buffered_body = 1000;
  HttpTransport transport(options);
  auto response = transport.send(get("/"), local.url());
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().stage, TransportStage::kOther);
  EXPECT_NE(response.error().message.find("max_buffered_body"), std::string::npos);
}

TEST_F(HttpTransportTest, TargetWithoutLeadingSlashIsRefused) {
  HttpTransport transport;
  auto response = transport.send(get("model/x"), "http://127.0.0.1:1");
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().stage, TransportStage::kOther);
}

class ConnectionCounter {
 public:
  explicit ConnectionCounter(LocalHttpServer& local) {
    local.server().set_keep_alive_max_count(1000);  // httplib closes after 5 by default
    local.server().Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard guard(mutex_);
      client_ports_.insert(req.remote_port);  // one source port per TCP connection
      res.set_content("{}", "application/json");
    });
  }
  std::size_t connections() {
    std::lock_guard guard(mutex_);
    return client_ports_.size();
  }

 private:
  std::mutex mutex_;
  std::set<int> client_ports_;
};

TEST_F(HttpTransportTest, ConsecutiveRequestsReuseOneConnection) {
  LocalHttpServer local;
  ConnectionCounter counter(local);
  ASSERT_GT(local.start(), 0);
  HttpTransport transport;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(transport.send(post("/model/x/converse"), local.url()));
  EXPECT_EQ(counter.connections(), 1u);
}

TEST_F(HttpTransportTest, SeparateTransportsOpenSeparateConnections) {
  LocalHttpServer local;
  ConnectionCounter counter(local);
  ASSERT_GT(local.start(), 0);
  HttpTransport first;
  HttpTransport second;
  ASSERT_TRUE(first.send(post("/a"), local.url()));
  ASSERT_TRUE(second.send(post("/b"), local.url()));
  EXPECT_EQ(counter.connections(), 2u);
}

TEST_F(HttpTransportTest, ConcurrentSendsFromManyThreadsAllSucceed) {
  LocalHttpServer local;
  ConnectionCounter counter(local);
  ASSERT_GT(local.start(), 0);
  HttpTransport transport;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        auto response = transport.send(post("/model/x/converse"), local.url());
        if (response && response->status == 200) ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 40);
  EXPECT_LE(counter.connections(), 4u);  // one per concurrently used handle at most
}

TEST_F(HttpTransportTest, HttpProxyFromTheEnvironmentIsUsedAndNoProxyBypassesIt) {
  LocalHttpServer proxy;
  std::string proxied_target;
  proxy.server().Post(".*", [&](const httplib::Request& req, httplib::Response& res) {
    proxied_target = req.target;
    res.set_content("via proxy", "text/plain");
  });
  ASSERT_GT(proxy.start(), 0);
  LocalHttpServer origin;
  origin.server().Post(".*", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("direct", "text/plain");
  });
  ASSERT_GT(origin.start(), 0);

  ::setenv("http_proxy", proxy.url().c_str(), 1);
  HttpTransport transport;
  auto via_proxy = transport.send(post("/model/x%3A0/converse"), "http://bedrock.example:8080");
  ASSERT_TRUE(via_proxy) << via_proxy.error().message;
  EXPECT_EQ(via_proxy->body, "via proxy");
  EXPECT_EQ(proxied_target, "http://bedrock.example:8080/model/x%3A0/converse");

  ::setenv("NO_PROXY", "127.0.0.1", 1);
  auto direct = transport.send(post("/x"), origin.url());
  ASSERT_TRUE(direct) << direct.error().message;
  EXPECT_EQ(direct->body, "direct");
}

class HttpsTransportTest : public HttpTransportTest {
 protected:
  void SetUp() override {
    HttpTransportTest::SetUp();
    ASSERT_TRUE(test::make_self_signed_certificate(dir_.path()))
        << "openssl could not make a test certificate";
    cert_ = (dir_.path() / "cert.pem").string();
    const std::string key = (dir_.path() / "key.pem").string();
    local_ = std::make_unique<LocalHttpServer>(
        std::make_unique<httplib::SSLServer>(cert_.c_str(), key.c_str()), "https");
    local_->server().Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("secure", "text/plain");
    });
    ASSERT_GT(local_->start(), 0);
  }

  bedrock::test::TempDir dir_;
  std::string cert_;
  std::unique_ptr<LocalHttpServer> local_;
};

TEST_F(HttpsTransportTest, SelfSignedCertificateIsRejectedByDefault) {
  HttpTransport transport;
  auto response = transport.send(get("/"), local_->url());
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().stage, TransportStage::kTls) << response.error().message;
  EXPECT_EQ(response.error().curl_code, 60);  // CURLE_PEER_FAILED_VERIFICATION
}

TEST_F(HttpsTransportTest, CaBundleOverrideAcceptsTheCertificate) {
  TransportOptions options;
  options.ca_bundle = cert_;
  HttpTransport transport(options);
  auto response = transport.send(get("/"), local_->url());
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "secure");
}

TEST_F(HttpsTransportTest, UnreadableCaBundleIsATlsError) {
  TransportOptions options;
  options.ca_bundle = (dir_.path() / "missing.pem").string();
  HttpTransport transport(options);
  auto response = transport.send(get("/"), local_->url());
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().stage, TransportStage::kTls) << response.error().message;
}

TEST_F(HttpsTransportTest, VerificationCanBeTurnedOff) {
  TransportOptions options;
  options.verify_tls = false;
  HttpTransport transport(options);
  auto response = transport.send(get("/"), local_->url());
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, "secure");
}

}  // namespace
}  // namespace bedrock::client
