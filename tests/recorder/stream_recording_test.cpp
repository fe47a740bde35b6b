#include "bedrock/recorder/stream_recording.hpp"

#include <gtest/gtest.h>

#include "bedrock/protocol/event_stream.hpp"

namespace bedrock::recorder {
namespace {

std::string frame(const event_stream::Message& message) {
  auto bytes = event_stream::encode(message);
  EXPECT_TRUE(bytes);
  return bytes ? *bytes : std::string();
}

const event_stream::Message kStart =
    event_stream::make_event("messageStart", R"({"role":"assistant"})");
const event_stream::Message kDelta = event_stream::make_event(
    "contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Hi"}})");
const event_stream::Message kError =
    event_stream::make_exception("modelStreamErrorException", R"({"message":"boom"})");

TEST(StreamRecording, FramesSplitAcrossChunksBecomeEventsAtTheOffsetTheyCompleted) {
  const std::string first = frame(kStart);
  const std::string second = frame(kDelta);
  StreamRecording recording;
  recording.feed(std::string_view(first).substr(0, 10), 1.0);
  recording.feed(std::string_view(first).substr(10), 2.5);
  recording.feed(std::string_view(second).substr(0, second.size() - 1), 40.0);
  recording.feed(std::string_view(second).substr(second.size() - 1), 41.257);
  const auto stream =
      recording.finish(200, {{"Content-Type", "application/vnd.amazon.eventstream"}}, true);
  ASSERT_EQ(stream.events.size(), 2u);
  EXPECT_EQ(stream.events[0].message, kStart);
  EXPECT_DOUBLE_EQ(stream.events[0].offset_ms, 2.5);
  EXPECT_EQ(stream.events[1].message, kDelta);
  EXPECT_DOUBLE_EQ(stream.events[1].offset_ms, 41.25);
  EXPECT_EQ(stream.end, cassette::StreamEnd::kComplete);
}

TEST(StreamRecording, AMidStreamExceptionIsAnOrdinaryEvent) {
  StreamRecording recording;
  recording.feed(frame(kStart) + frame(kError), 5);
  const auto stream = recording.finish(200, {}, true);
  ASSERT_EQ(stream.events.size(), 2u);
  EXPECT_EQ(stream.events[1].message, kError);
  EXPECT_EQ(stream.end, cassette::StreamEnd::kComplete);
}

TEST(StreamRecording, ADroppedConnectionEndsResetAfterTheLastWholeEvent) {
  const std::string second = frame(kDelta);
  StreamRecording recording;
  recording.feed(frame(kStart) + second.substr(0, 7), 3);
  const auto stream = recording.finish(200, {}, false);
  ASSERT_EQ(stream.events.size(), 1u);
  EXPECT_EQ(stream.end, cassette::StreamEnd::kReset);
}

TEST(StreamRecording, ATruncatedLastFrameEndsResetEvenIfTheBodyEnded) {
  StreamRecording recording;
  recording.feed(frame(kStart).substr(0, 20), 3);
  EXPECT_EQ(recording.finish(200, {}, true).end, cassette::StreamEnd::kReset);
}

TEST(StreamRecording, UndecodableBytesStopTheRecordingAndSayWhy) {
  StreamRecording recording;
  recording.feed(frame(kStart), 1);
  recording.feed(std::string(16, '\xff'), 2);
  recording.feed(frame(kDelta), 3);
  EXPECT_TRUE(recording.decode_error());
  const auto stream = recording.finish(200, {}, true);
  EXPECT_EQ(stream.events.size(), 1u);
  EXPECT_EQ(stream.end, cassette::StreamEnd::kReset);
}

TEST(StreamRecording, OffsetsNeverDecrease) {
  StreamRecording recording;
  recording.feed(frame(kStart), 10);
  recording.feed(frame(kDelta), 4);
  const auto stream = recording.finish(200, {}, true);
  ASSERT_EQ(stream.events.size(), 2u);
  EXPECT_DOUBLE_EQ(stream.events[1].offset_ms, 10);
}

}  // namespace
}  // namespace bedrock::recorder
