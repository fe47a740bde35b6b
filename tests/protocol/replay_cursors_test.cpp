// Replay positions kept by the caller: bedrock-mock's sessions share one index and each replays
// the cassettes from the start (docs/mock.md "Sessions").
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bedrock/protocol/replayer.hpp"
#include "replay_test_cassettes.hpp"

namespace bedrock::replay {
namespace {

using namespace test_cassettes;

const std::string kHello = R"({"messages":[{"role":"user","content":[{"text":"Hello"}]}]})";

Replayer two_answers() {
  auto replayer = Replayer::from_cassettes(
      {sourced("a.json", {converse(kHello, "one"), converse(kHello, "two")})});
  EXPECT_TRUE(replayer);
  return std::move(*replayer);
}

std::string next(const Replayer& replayer, ReplayCursors& cursors) {
  const ReplayResult result = replayer.find(converse_query(kHello), cursors);
  return result.hit() != nullptr ? answer_of(*result.hit()) : "(miss)";
}

TEST(ReplayCursors, EachSetReplaysTheRecordingFromItsFirstAnswer) {
  const Replayer replayer = two_answers();
  ReplayCursors first = replayer.make_cursors();
  ReplayCursors second = replayer.make_cursors();
  EXPECT_EQ(next(replayer, first), "one");
  EXPECT_EQ(next(replayer, first), "two");
  EXPECT_EQ(next(replayer, second), "one");
  EXPECT_EQ(next(replayer, first), "two");  // the last answer repeats
  EXPECT_EQ(next(replayer, second), "two");
}

TEST(ReplayCursors, TheReplayersOwnPositionsAreNotMoved) {
  Replayer replayer = two_answers();
  ReplayCursors session = replayer.make_cursors();
  EXPECT_EQ(next(replayer, session), "one");
  EXPECT_EQ(next(replayer, session), "two");
  EXPECT_EQ(answer_of(*replayer.find(converse_query(kHello)).hit()), "one");
}

TEST(ReplayCursors, ResetRewindsOnlyThatSet) {
  const Replayer replayer = two_answers();
  ReplayCursors first = replayer.make_cursors();
  ReplayCursors second = replayer.make_cursors();
  next(replayer, first);
  next(replayer, second);
  first.reset();
  EXPECT_EQ(next(replayer, first), "one");
  EXPECT_EQ(next(replayer, second), "two");
}

TEST(ReplayCursors, CursorsSizedForAnotherIndexNeverHit) {
  const Replayer replayer = two_answers();
  ReplayCursors foreign;  // sized for no index
  EXPECT_NE(replayer.find(converse_query(kHello), foreign).miss(), nullptr);
}

}  // namespace
}  // namespace bedrock::replay
