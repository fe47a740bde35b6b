#include "bedrock/transport/front_end.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace bedrock::transport {
namespace {

class FrontEndTest : public ::testing::Test {
 protected:
  void start(Handler handler, FrontEndOptions options = {}) {
    front_end_ = std::make_unique<FrontEnd>(options, std::move(handler));
    auto port = front_end_->start();
    ASSERT_TRUE(port) << port.error();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    client_->set_read_timeout(5, 0);
  }
  std::unique_ptr<FrontEnd> front_end_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(FrontEndTest, HandsTheRawTargetAndBodyToTheHandler) {
  Request seen;
  start([&](const Request& request) {
    seen = request;
    Response response;
    response.headers = {{"Content-Type", "application/json"}, {"x-amzn-RequestId", "abc"}};
    response.body = R"({"ok":true})";
    return response;
  });
  auto res = client_->Post("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ax%2Fy/converse",
                           R"({"messages":[]})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, R"({"ok":true})");
  EXPECT_EQ(res->get_header_value("x-amzn-RequestId"), "abc");
  EXPECT_EQ(res->get_header_value("Content-Length"), "11");
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ax%2Fy/converse");
  EXPECT_EQ(seen.body, R"({"messages":[]})");
  ASSERT_NE(seen.header("content-type"), nullptr);
  EXPECT_EQ(*seen.header("content-type"), "application/json");
}

TEST_F(FrontEndTest, NeverCompressesJsonEvenWhenTheClientAcceptsGzip) {
  start([](const Request&) {
    Response response;
    response.headers = {{"Content-Type", "application/json"}};
    response.body = std::string(4096, 'a');
    return response;
  });
  auto res = client_->Get("/foundation-models", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "");
  EXPECT_EQ(res->body.size(), 4096u);
}

TEST_F(FrontEndTest, StreamsFramesChunkedWithoutContentLength) {
  start([](const Request&) {
    Response response;
    response.headers = {{"Content-Type", "application/vnd.amazon.eventstream"}};
    response.is_stream = true;
    response.frames = {{"frame-one", 0}, {"frame-two", 5}};
    return response;
  });
  auto res = client_->Post("/model/m/converse-stream", "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "frame-oneframe-two");
  EXPECT_EQ(res->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_FALSE(res->has_header("Content-Length"));
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/vnd.amazon.eventstream");
}

// A body handed out piece by piece, as the recorder relays an upstream stream.
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

TEST_F(FrontEndTest, LiveBodyIsRelayedChunkedInOrder) {
  auto body = std::make_shared<QueuedBody>(std::vector<std::string>{"one", "two", "three"},
                                           StreamEnd::kComplete);
  start([body](const Request&) {
    Response response;
    response.headers = {{"Content-Type", "application/vnd.amazon.eventstream"}};
    response.is_stream = true;
    response.live = body;
    return response;
  });
  auto res = client_->Post("/model/m/converse-stream", "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "onetwothree");
  EXPECT_EQ(res->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/vnd.amazon.eventstream");
}

TEST_F(FrontEndTest, LiveBodyEndingInResetDropsTheConnection) {
  auto body = std::make_shared<QueuedBody>(std::vector<std::string>{"partial"}, StreamEnd::kReset);
  start([body](const Request&) {
    Response response;
    response.is_stream = true;
    response.live = body;
    return response;
  });
  auto res = client_->Post("/model/m/converse-stream", "{}", "application/json");
  EXPECT_FALSE(res);  // no terminating chunk: the client sees a broken body
  // The loop tells the producer after the connection is dropped, so the client may see the
  // drop first: wait (bounded) rather than race.
  for (int i = 0; i < 200 && body->cancels.load() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_GE(body->cancels.load(), 1);
}

TEST_F(FrontEndTest, ResetEndsTheStreamWithoutTheTerminatingChunk) {
  start([](const Request&) {
    Response response;
    response.is_stream = true;
    response.frames = {{"partial", 0}};
    response.stream_end = StreamEnd::kReset;
    return response;
  });
  auto res =
      client_->Post("/model/m/converse-stream", httplib::Headers{}, "{}", "application/json");
  EXPECT_FALSE(res);  // the client sees a broken transfer, not a complete answer
}

TEST_F(FrontEndTest, DroppedConnectionGivesTheClientNoAnswer) {
  std::atomic<int> calls{0};
  start([&](const Request&) {
    ++calls;
    Response response;
    response.fault = Fault::kDropConnection;
    return response;
  });
  auto res = client_->Post("/model/m/converse", "{}", "application/json");
  EXPECT_FALSE(res);
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(FrontEndTest, StalledRequestTimesOutOnTheClientAndStopWakesTheServer) {
  FrontEndOptions options;
  options.stall_limit = std::chrono::minutes(5);
  start(
      [](const Request&) {
        Response response;
        response.fault = Fault::kStall;
        return response;
      },
      options);
  client_->set_read_timeout(0, 300 * 1000);
  auto res = client_->Post("/model/m/converse", "{}", "application/json");
  EXPECT_FALSE(res);
  EXPECT_EQ(res.error(), httplib::Error::Read);
  front_end_->stop();  // must return promptly although a handler is stalled
}

TEST_F(FrontEndTest, OversizedBodyIsRefusedWithTheTransportErrorRenderer) {
  FrontEndOptions options;
  options.limits.max_body_bytes = 1024;
  options.transport_error = [](int status, const std::string&) {
    Response response;
    response.status = status;
    response.headers = {{"Content-Type", "application/json"}};
    response.body = R"({"message":"too large"})";
    return response;
  };
  start([](const Request&) { return Response{}; }, options);
  auto res = client_->Post("/model/m/invoke", std::string(4096, 'x'), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(res->body, R"({"message":"too large"})");
}

TEST_F(FrontEndTest, KeepAliveConnectionServesManyRequests) {
  std::atomic<int> calls{0};
  start([&](const Request&) {
    ++calls;
    Response response;
    response.body = "ok";
    return response;
  });
  client_->set_keep_alive(true);
  for (int i = 0; i < 20; ++i) {
    auto res = client_->Get("/foundation-models");
    ASSERT_TRUE(res) << "request " << i;
  }
  EXPECT_EQ(calls.load(), 20);
}

}  // namespace
}  // namespace bedrock::transport
