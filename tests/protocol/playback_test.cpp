#include "bedrock/protocol/playback.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "bedrock/protocol/event_stream.hpp"
#include "replay_test_cassettes.hpp"

namespace bedrock::replay {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

cassette::Interaction streamed(cassette::StreamEnd end) {
  cassette::Interaction interaction = test_cassettes::converse("{}", "unused");
  cassette::Stream stream;
  stream.status = 200;
  stream.headers = {{"Content-Type", "application/vnd.amazon.eventstream"}};
  stream.events = {{0, event_stream::make_event("messageStart", R"({"role":"assistant"})")},
                   {12.5, event_stream::make_event("messageStop", R"({"stopReason":"end_turn"})")}};
  stream.end = end;
  interaction.answer = stream;
  return interaction;
}

TEST(Playback, AResponseIsItsStatusHeadersAndBodyBytes) {
  const Playback playback = playback_of(test_cassettes::converse("{}", R"({"output":1})"));
  EXPECT_EQ(playback.status, 200);
  EXPECT_EQ(playback.headers, (Headers{{"Content-Type", "application/json"}}));
  EXPECT_EQ(playback.body, R"({"output":1})");
  EXPECT_FALSE(playback.is_stream);
  EXPECT_FALSE(playback.failure);
}

TEST(Playback, AStreamIsItsEventsEncodedWithTheirRecordedOffsets) {
  const cassette::Interaction interaction = streamed(cassette::StreamEnd::kComplete);
  const Playback playback = playback_of(interaction);
  ASSERT_TRUE(playback.is_stream);
  EXPECT_EQ(playback.headers, (Headers{{"Content-Type", "application/vnd.amazon.eventstream"}}));
  ASSERT_EQ(playback.frames.size(), 2u);
  const auto& events = interaction.stream()->events;
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(playback.frames[i].bytes, *event_stream::encode(events[i].message));
    EXPECT_EQ(playback.frames[i].offset_ms, events[i].offset_ms);
  }
  EXPECT_FALSE(playback.stream_reset);
  EXPECT_TRUE(playback.problem.empty());
}

TEST(Playback, AStreamRecordedAsResetEndsReset) {
  EXPECT_TRUE(playback_of(streamed(cassette::StreamEnd::kReset)).stream_reset);
}

TEST(Playback, ARecordedFailureHasNoAnswer) {
  cassette::Interaction interaction = test_cassettes::converse("{}", "unused");
  cassette::Failure failure;
  failure.kind = cassette::FailureKind::kTimeout;
  interaction.answer = failure;
  const Playback playback = playback_of(interaction);
  ASSERT_TRUE(playback.failure);
  EXPECT_EQ(*playback.failure, cassette::FailureKind::kTimeout);
  EXPECT_TRUE(playback.headers.empty());
  EXPECT_TRUE(playback.body.empty());
  EXPECT_FALSE(playback.is_stream);
}

}  // namespace
}  // namespace bedrock::replay
