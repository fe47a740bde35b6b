// The event-driven HTTP/1.1 path on the wire: pipelining, chunked bodies, 100-continue, HEAD,
// HTTP/1.0, and each limit answered as a real server answers it (docs/transport.md "Limits").
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bedrock/transport/front_end.hpp"
#include "support/raw_client.hpp"

namespace bedrock::transport {
namespace {

using bedrock::test::RawClient;
using namespace std::chrono_literals;

Response echo(Request& request) {
  Response response;
  response.headers = {{"Content-Type", "text/plain"}};
  response.body =
      request.method + " " + request.target + " " + request.protocol + " [" + request.body + "]";
  return response;
}

class Http1Test : public ::testing::Test {
 protected:
  void start(Handler handler, FrontEndOptions options = {}) {
    options.handler_returns_promptly = true;
    if (!options.transport_error) {
      options.transport_error = [](int status, const std::string& target) {
        Response response;
        response.status = status;
        response.headers = {{"x-amzn-ErrorType", "TransportError"}};
        response.body = "refused " + std::to_string(status) + " " + target;
        return response;
      };
    }
    front_end_ = std::make_unique<FrontEnd>(std::move(options), std::move(handler));
    auto port = front_end_->start();
    ASSERT_TRUE(port) << port.error();
    port_ = *port;
  }
  std::unique_ptr<FrontEnd> front_end_;
  int port_ = 0;
};

TEST_F(Http1Test, PipelinedRequestsAreAnsweredInOrderOnOneConnection) {
  start(echo);
  RawClient client(port_);
  ASSERT_TRUE(
      client.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
                  "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                  "GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  const std::string out = client.read_to_end();
  const auto one = out.find("GET /one HTTP/1.1 []");
  const auto two = out.find("POST /two HTTP/1.1 [abc]");
  const auto three = out.find("GET /three HTTP/1.1 []");
  ASSERT_NE(one, std::string::npos) << out;
  ASSERT_NE(two, std::string::npos) << out;
  ASSERT_NE(three, std::string::npos) << out;
  EXPECT_LT(one, two);
  EXPECT_LT(two, three);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(Http1Test, ChunkedRequestBodyReachesTheHandlerDecoded) {
  start(echo);
  RawClient client(port_);
  ASSERT_TRUE(
      client.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "4\r\nwiki\r\n5;ext=1\r\npedia\r\n0\r\nTrailer: t\r\n\r\n"));
  EXPECT_NE(client.read_until("]").find("POST /c HTTP/1.1 [wikipedia]"), std::string::npos);
}

TEST_F(Http1Test, ExpectContinueGetsTheInterimAnswerBeforeTheBodyIsSent) {
  start(echo);
  RawClient client(port_);
  ASSERT_TRUE(client.send(
      "POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  EXPECT_EQ(client.read_until("\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(client.send("hello"));
  EXPECT_NE(client.read_until("]").find("HTTP/1.1 200 OK"), std::string::npos);
  EXPECT_NE(client.read_until("]").find("[hello]"), std::string::npos);
}

TEST_F(Http1Test, BodyOverTheLimitIsRefusedWith413BeforeItIsSent) {
  std::atomic<int> calls{0};
  FrontEndOptions options;
  options.limits.max_body_bytes = 1000;
  start(
      [&](Request& request) {
        ++calls;
        return echo(request);
      },
      options);
  RawClient client(port_);
  ASSERT_TRUE(
      client.send("POST /model/m/invoke HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                  "Content-Length: 5000\r\n\r\n"));
  const std::string out = client.read_to_end();
  EXPECT_EQ(out.rfind("HTTP/1.1 413 ", 0), 0u) << out;
  EXPECT_NE(out.find("x-amzn-ErrorType: TransportError"), std::string::npos);
  EXPECT_NE(out.find("refused 413 /model/m/invoke"), std::string::npos);
  EXPECT_EQ(out.find("100 Continue"), std::string::npos);
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_EQ(calls.load(), 0);
}

TEST_F(Http1Test, AClientStillSendingARefusedBodyReceivesThe413) {
  FrontEndOptions options;
  options.limits.max_body_bytes = 1000;
  start(echo, options);
  RawClient client(port_);
  // The whole oversized body follows the head at once, as most clients send it: the answer
  // must not be lost to a RST from unread input (the front end drains before it closes).
  ASSERT_TRUE(client.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n" +
                          std::string(200000, 'a')));
  const std::string out = client.read_to_end();
  EXPECT_EQ(out.rfind("HTTP/1.1 413 ", 0), 0u) << out.substr(0, 200);
}

TEST_F(Http1Test, ChunkedBodyGrowingPastTheLimitIsRefusedWith413) {
  FrontEndOptions options;
  options.limits.max_body_bytes = 10;
  start(echo, options);
  RawClient client(port_);
  ASSERT_TRUE(client.send(
      "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n"
      "8\r\n12345678\r\n0\r\n\r\n"));
  EXPECT_EQ(client.read_to_end().rfind("HTTP/1.1 413 ", 0), 0u);
}

TEST_F(Http1Test, HeaderBlockOverTheLimitGets431AndTheConnectionCloses) {
  FrontEndOptions options;
  options.limits.max_header_bytes = 4096;
  start(echo, options);
  RawClient client(port_);
  ASSERT_TRUE(
      client.send("GET /h HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(8000, 'a') + "\r\n\r\n"));
  const std::string out = client.read_to_end();
  EXPECT_EQ(out.rfind("HTTP/1.1 431 ", 0), 0u) << out;
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(Http1Test, RequestsThatAreNotHttpGet400AndTheConnectionCloses) {
  start(echo);
  const std::vector<std::string> hostile = {
      "BAD\r\n\r\n",
      "GET /x HTTP/9.9\r\n\r\n",
      "GET /x HTTP/1.1\r\nBad Header Name: x\r\n\r\n",
      "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n",
      "POST /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
      "POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
      std::string("GET /\0x HTTP/1.1\r\n\r\n", 20),
  };
  for (const auto& request : hostile) {
    RawClient client(port_);
    ASSERT_TRUE(client.send(request));
    const std::string out = client.read_to_end();
    EXPECT_EQ(out.rfind("HTTP/1.1 400 ", 0), 0u) << "request: " << request << "\nanswer: " << out;
    EXPECT_TRUE(client.closed_by_server());
  }
  RawClient good(port_);
  ASSERT_TRUE(good.send("GET /fine HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(good.read_until("]").find("GET /fine"), std::string::npos);
}

TEST_F(Http1Test, HeadAnswersCarryTheLengthButNoBody) {
  start(echo);
  RawClient client(port_);
  ASSERT_TRUE(client.send("HEAD /h HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  const std::string out = client.read_to_end();
  EXPECT_NE(out.find("Content-Length: 19\r\n"), std::string::npos) << out;
  EXPECT_EQ(out.substr(out.size() - 4), "\r\n\r\n");
}

TEST_F(Http1Test, Http10ClientsGetAnAnswerAndTheConnectionCloses) {
  start(echo);
  RawClient client(port_);
  ASSERT_TRUE(client.send("GET /old HTTP/1.0\r\n\r\n"));
  const std::string out = client.read_to_end();
  EXPECT_NE(out.find("GET /old HTTP/1.0 []"), std::string::npos) << out;
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(Http1Test, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  FrontEndOptions options;
  options.limits.idle_timeout = 200ms;
  start(echo, options);
  RawClient client(port_);
  ASSERT_TRUE(client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(client.read_until("]").find("GET /a"), std::string::npos);
  client.read_to_end(10s);
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_FALSE(client.reset_by_server());
}

TEST_F(Http1Test, ARequestThatNeverCompletesGets408AfterTheRequestTimeout) {
  FrontEndOptions options;
  options.limits.request_timeout = 200ms;
  start(echo, options);
  RawClient client(port_);
  ASSERT_TRUE(client.send("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab"));
  const std::string out = client.read_to_end(10s);
  EXPECT_EQ(out.rfind("HTTP/1.1 408 ", 0), 0u) << out;
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(Http1Test, AtTheConnectionLimitNewConnectionsWaitUntilOneCloses) {
  FrontEndOptions options;
  options.limits.max_connections = 2;
  options.threads = 2;
  start(echo, options);
  auto first = std::make_unique<RawClient>(port_);
  RawClient second(port_);
  ASSERT_TRUE(first->send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(second.send("GET /2 HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_NE(first->read_until("]").find("GET /1"), std::string::npos);
  ASSERT_NE(second.read_until("]").find("GET /2"), std::string::npos);
  // The kernel completes the third handshake (listen backlog); the front end does not take the
  // connection, so its request waits.
  RawClient third(port_);
  ASSERT_TRUE(third.connected());
  ASSERT_TRUE(third.send("GET /3 HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(third.read_until("]", 300ms), "");
  EXPECT_FALSE(third.closed_by_server());
  first.reset();  // one closes: the waiting one is served
  EXPECT_NE(third.read_until("]").find("GET /3"), std::string::npos);
}

TEST_F(Http1Test, HandlersRunOnTheFixedLoopThreadsWhateverTheConnectionCount) {
  std::mutex mutex;
  std::set<std::thread::id> threads;
  FrontEndOptions options;
  options.threads = 2;
  start(
      [&](Request& request) {
        std::lock_guard lock(mutex);
        threads.insert(std::this_thread::get_id());
        return echo(request);
      },
      options);
  EXPECT_EQ(front_end_->threads(), 2u);
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < 64; ++i) {
    clients.push_back(std::make_unique<RawClient>(port_));
    ASSERT_TRUE(clients.back()->send("GET /" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  }
  for (int i = 0; i < 64; ++i) {
    EXPECT_NE(
        clients[static_cast<std::size_t>(i)]->read_until("]").find("GET /" + std::to_string(i)),
        std::string::npos);
  }
  EXPECT_LE(threads.size(), 2u);
}

TEST_F(Http1Test, DelaysAreTimersSoOneLoopHoldsManyDelayedAnswersAtOnce) {
  std::atomic<int> calls{0};
  FrontEndOptions options;
  options.threads = 1;
  start(
      [&](Request& request) {
        ++calls;
        Response response = echo(request);
        response.delay_ms = 400;
        return response;
      },
      options);
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < 20; ++i) {
    clients.push_back(std::make_unique<RawClient>(port_));
    ASSERT_TRUE(clients.back()->send("GET /d HTTP/1.1\r\nHost: x\r\n\r\n"));
  }
  // The single loop took every request while the first answer was still waiting: a sleeping
  // loop would have seen them one at a time.
  const std::string first = clients.front()->read_until("]");
  EXPECT_EQ(calls.load(), 20);
  EXPECT_NE(first.find("GET /d"), std::string::npos);
  for (auto& client : clients) EXPECT_NE(client->read_until("]").find("GET /d"), std::string::npos);
}

TEST_F(Http1Test, AHandlerThatBlocksRunsOnAWorkerThreadAndTheLoopServesOthers) {
  std::atomic<bool> release{false};
  FrontEndOptions options;
  options.threads = 1;
  options.handler_returns_promptly = false;
  front_end_ = std::make_unique<FrontEnd>(options, [&](Request& request) {
    if (request.target == "/slow") {
      while (!release.load()) std::this_thread::sleep_for(5ms);
    }
    return echo(request);
  });
  auto port = front_end_->start();
  ASSERT_TRUE(port) << port.error();
  RawClient slow(*port);
  ASSERT_TRUE(slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  RawClient fast(*port);
  ASSERT_TRUE(fast.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(fast.read_until("]").find("GET /fast"), std::string::npos);
  release = true;
  EXPECT_NE(slow.read_until("]").find("GET /slow"), std::string::npos);
}

TEST_F(Http1Test, AHandlerThatThrowsGetsA500AndTheServerCarriesOn) {
  start([](Request& request) -> Response {
    if (request.target == "/throw") throw std::runtime_error("boom");
    return echo(request);
  });
  RawClient client(port_);
  ASSERT_TRUE(client.send("GET /throw HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(client.read_until("\r\n").rfind("HTTP/1.1 500 ", 0), 0u);
  RawClient next(port_);
  ASSERT_TRUE(next.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(next.read_until("]").find("GET /ok"), std::string::npos);
}

TEST_F(Http1Test, AnUpgradeRequestIsAnsweredOverHttp1) {
  start(echo);
  RawClient client(port_);
  ASSERT_TRUE(client.send(
      "GET /u HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
      "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n"
      "GET /after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  const std::string out = client.read_to_end();
  EXPECT_NE(out.find("GET /u HTTP/1.1 []"), std::string::npos) << out;
  EXPECT_NE(out.find("GET /after HTTP/1.1 []"), std::string::npos) << out;
  EXPECT_EQ(out.find("101"), std::string::npos);
}

TEST_F(Http1Test, ClientClosingMidStreamCancelsTheRestAndTheServerStaysUp) {
  start([](Request& request) {
    Response response = echo(request);
    if (request.target == "/stream") {
      response.is_stream = true;
      for (int i = 0; i < 50; ++i) response.frames.push_back({"frame", i * 20.0});
    }
    return response;
  });
  {
    RawClient client(port_);
    ASSERT_TRUE(client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_NE(client.read_until("frame").find("Transfer-Encoding: chunked"), std::string::npos);
  }
  RawClient next(port_);
  ASSERT_TRUE(next.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(next.read_until("]").find("GET /ok"), std::string::npos);
}

}  // namespace
}  // namespace bedrock::transport
