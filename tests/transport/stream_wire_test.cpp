// The wire behaviours stream faults are built from (issue #17), on both protocols: a stream
// that ends with an orderly close (HTTP/1.1 FIN without the terminating chunk, HTTP/2 GOAWAY),
// frames kept apart as their own chunks / DATA frames (a frame split at every byte boundary
// arrives split), and a slow drip in pieces carried out by timers.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bedrock/transport/front_end.hpp"
#include "http2_test_client.hpp"
#include "support/raw_client.hpp"

namespace bedrock::transport {
namespace {

using bedrock::test::RawClient;
using testing::Http2TestClient;

constexpr std::string_view kStreamRequest =
    "POST /model/m/converse-stream HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}";

Response stream_of(std::vector<PacedFrame> frames, StreamEnd end = StreamEnd::kComplete) {
  Response response;
  response.headers = {{"Content-Type", "application/vnd.amazon.eventstream"}};
  response.is_stream = true;
  response.frames = std::move(frames);
  response.stream_end = end;
  return response;
}

// "abc" as three 1-byte frames: what a frame split at every byte boundary looks like.
std::vector<PacedFrame> bytes_as_frames(std::string_view bytes) {
  std::vector<PacedFrame> frames;
  for (const char c : bytes) frames.push_back({std::string(1, c), 0});
  return frames;
}

// The chunk sizes of an HTTP/1.1 chunked body (after the head), up to the terminating chunk
// or the end of the bytes.
struct Chunks {
  std::vector<std::size_t> sizes;
  std::string body;
  bool terminated = false;
};
Chunks parse_chunks(const std::string& answer) {
  Chunks out;
  std::size_t at = answer.find("\r\n\r\n");
  if (at == std::string::npos) return out;
  at += 4;
  while (at < answer.size()) {
    const std::size_t line_end = answer.find("\r\n", at);
    if (line_end == std::string::npos) break;
    const std::size_t size = std::stoul(answer.substr(at, line_end - at), nullptr, 16);
    if (size == 0) {
      out.terminated = true;
      break;
    }
    if (line_end + 2 + size > answer.size()) break;
    out.sizes.push_back(size);
    out.body.append(answer, line_end + 2, size);
    at = line_end + 2 + size + 2;
  }
  return out;
}

class StreamWireTest : public ::testing::Test {
 protected:
  void start(Handler handler) {
    FrontEndOptions options;
    options.handler_returns_promptly = true;
    front_end_ = std::make_unique<FrontEnd>(options, std::move(handler));
    auto port = front_end_->start();
    ASSERT_TRUE(port) << port.error();
    port_ = *port;
  }
  // A keep-alive request: only a fault closes the connection, so a complete answer is read up
  // to its terminating chunk, anything else up to the close.
  std::string h1_exchange(bool complete = true) {
    RawClient client(port_);
    EXPECT_TRUE(client.send(kStreamRequest));
    std::string answer = complete ? client.read_until("\r\n0\r\n\r\n") : client.read_to_end();
    closed_ = client.closed_by_server();
    reset_ = client.reset_by_server();
    return answer;
  }
  std::unique_ptr<FrontEnd> front_end_;
  int port_ = 0;
  bool closed_ = false;
  bool reset_ = false;
};

TEST_F(StreamWireTest, Http1CloseSendsTheFramesThenAFinWithoutTheTerminatingChunk) {
  start([](Request&) { return stream_of({{"one", 0}, {"two", 0}}, StreamEnd::kClose); });
  const Chunks chunks = parse_chunks(h1_exchange(false));
  EXPECT_EQ(chunks.body, "onetwo");
  EXPECT_FALSE(chunks.terminated);
  EXPECT_TRUE(closed_);
  EXPECT_FALSE(reset_) << "an orderly close, not a RST";
}

TEST_F(StreamWireTest, Http1ResetStillEndsWithARst) {
  start([](Request&) { return stream_of({{"one", 0}}, StreamEnd::kReset); });
  const Chunks chunks = parse_chunks(h1_exchange(false));
  EXPECT_EQ(chunks.body, "one");
  EXPECT_FALSE(chunks.terminated);
  EXPECT_TRUE(reset_);
}

TEST_F(StreamWireTest, Http1SendsEachFrameAsItsOwnChunk) {
  start([](Request&) {
    Response response = stream_of(bytes_as_frames("frame"));
    response.keep_frame_boundaries = true;
    return response;
  });
  const Chunks chunks = parse_chunks(h1_exchange());
  EXPECT_EQ(chunks.body, "frame");
  EXPECT_EQ(chunks.sizes, (std::vector<std::size_t>{1, 1, 1, 1, 1}));
  EXPECT_TRUE(chunks.terminated);
}

TEST_F(StreamWireTest, Http1DripSendsPiecesOfTenMillisecondsWorth) {
  // 1000 B/s: 10-byte pieces, each its own chunk, across the frame boundaries.
  start([](Request&) {
    Response response = stream_of({{std::string(25, 'a'), 0}, {std::string(5, 'b'), 0}});
    response.drip_bytes_per_second = 1000;
    return response;
  });
  const Chunks chunks = parse_chunks(h1_exchange());
  EXPECT_EQ(chunks.body, std::string(25, 'a') + std::string(5, 'b'));
  EXPECT_EQ(chunks.sizes, (std::vector<std::size_t>{10, 10, 5, 5}));
  EXPECT_TRUE(chunks.terminated);
}

TEST_F(StreamWireTest, Http1SlowDripGoesOneByteAtATime) {
  start([](Request&) {
    Response response = stream_of({{"abcd", 0}});
    response.drip_bytes_per_second = 50;  // below 100 B/s: a byte per piece
    return response;
  });
  const Chunks chunks = parse_chunks(h1_exchange());
  EXPECT_EQ(chunks.body, "abcd");
  EXPECT_EQ(chunks.sizes, (std::vector<std::size_t>{1, 1, 1, 1}));
}

testing::Http2Reply h2_exchange(int port, std::optional<uint32_t>* goaway = nullptr) {
  Http2TestClient client(port);
  EXPECT_TRUE(client.connected());
  const int32_t id = client.submit("POST", "/model/m/converse-stream", {}, "{}");
  client.run_until([&] { return client.finished(id) || client.connection_ended(); });
  if (goaway != nullptr) *goaway = client.goaway_code();
  return client.reply(id);
}

TEST_F(StreamWireTest, Http2CloseSendsTheFramesThenGoawayAndEndsTheConnection) {
  start([](Request&) { return stream_of({{"one", 0}, {"two", 0}}, StreamEnd::kClose); });
  std::optional<uint32_t> goaway;
  const auto reply = h2_exchange(port_, &goaway);
  EXPECT_EQ(reply.body, "onetwo");
  EXPECT_FALSE(reply.end_stream);
  EXPECT_FALSE(reply.reset_code) << "GOAWAY for the connection, not RST_STREAM";
  ASSERT_TRUE(goaway);
  EXPECT_EQ(*goaway, static_cast<uint32_t>(NGHTTP2_INTERNAL_ERROR));
}

TEST_F(StreamWireTest, Http2SendsEachFrameAsItsOwnDataFrame) {
  start([](Request&) {
    Response response = stream_of(bytes_as_frames("frame"));
    response.keep_frame_boundaries = true;
    return response;
  });
  const auto reply = h2_exchange(port_);
  EXPECT_EQ(reply.body, "frame");
  EXPECT_TRUE(reply.end_stream);
  // The END_STREAM flag may come on the last piece or on an empty DATA frame after it.
  std::vector<std::size_t> sizes = reply.data_frames;
  if (!sizes.empty() && sizes.back() == 0) sizes.pop_back();
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1, 1, 1, 1, 1}));
}

TEST_F(StreamWireTest, Http2DripSendsPiecesAsDataFrames) {
  start([](Request&) {
    Response response = stream_of({{std::string(25, 'a'), 0}});
    response.drip_bytes_per_second = 1000;
    return response;
  });
  const auto reply = h2_exchange(port_);
  EXPECT_EQ(reply.body, std::string(25, 'a'));
  std::vector<std::size_t> sizes = reply.data_frames;
  if (!sizes.empty() && sizes.back() == 0) sizes.pop_back();
  EXPECT_EQ(sizes, (std::vector<std::size_t>{10, 10, 5}));
}

TEST_F(StreamWireTest, Http2WithoutTheFlagQueuedFramesMayShareADataFrame) {
  // The default keeps HTTP/2 efficient: the five 1-byte frames queued at once leave together.
  start([](Request&) { return stream_of(bytes_as_frames("frame")); });
  const auto reply = h2_exchange(port_);
  EXPECT_EQ(reply.body, "frame");
  EXPECT_LT(reply.data_frames.size(), 5u);
}

}  // namespace
}  // namespace bedrock::transport
