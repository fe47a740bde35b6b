// Stream faults below the event level (issue #17): what each wire fault does to an encoded
// event stream, checked with the project's own decoder, and how rule files spell them.
#include "rules/wire_fault.hpp"

#include <gtest/gtest.h>

#include "bedrock/protocol/event_stream.hpp"
#include "bedrock/protocol/event_stream_decoder.hpp"

namespace bedrock::mock {
namespace {

using nlohmann::json;

ExchangeResponse three_frames() {
  ExchangeResponse response;
  response.is_stream = true;
  for (const char* type : {"messageStart", "contentBlockDelta", "messageStop"}) {
    auto bytes = event_stream::encode(event_stream::make_event(type, R"({"p":"abc"})"));
    EXPECT_TRUE(bytes);
    response.frames.push_back({*bytes, 10.0 * static_cast<double>(response.frames.size())});
  }
  return response;
}

std::string joined(const ExchangeResponse& response) {
  std::string out;
  for (const auto& frame : response.frames) out += frame.bytes;
  return out;
}

WireFault parsed(const std::string& respond) {
  auto set = parse_rules(json::parse("[{\"respond\":" + respond + "}]"), "rules.json");
  EXPECT_TRUE(set) << set.error().to_string();
  return set ? set->rules[0].action.wire : WireFault{};
}

// What the project's decoder makes of the damaged bytes: the first error, or "ok N".
std::string decoded(const ExchangeResponse& response) {
  event_stream::EventStreamDecoder decoder;
  auto messages = decoder.feed(joined(response));
  if (!messages) return std::string(event_stream::to_string(messages.error().kind));
  if (auto finished = decoder.finish(); !finished) {
    return std::string(event_stream::to_string(finished.error().kind));
  }
  return "ok " + std::to_string(messages->size());
}

struct WireCase {
  std::string respond;  // the rule's respond member
  std::string decoded;  // what a decoder sees
  std::size_t frames;   // frames (pieces) handed to the transport
  StreamEnd end;
};

std::ostream& operator<<(std::ostream& out, const WireCase& c) { return out << c.respond; }

class WireFaults : public ::testing::TestWithParam<WireCase> {};

TEST_P(WireFaults, DamageTheEncodedStreamAsTheRuleSays) {
  const WireCase& c = GetParam();
  ExchangeResponse response = three_frames();
  apply_wire_fault(parsed(c.respond), response);
  EXPECT_EQ(decoded(response), c.decoded);
  EXPECT_EQ(response.frames.size(), c.frames);
  EXPECT_EQ(response.stream_end, c.end);
}

INSTANTIATE_TEST_SUITE_P(
    Table, WireFaults,
    ::testing::Values(
        WireCase{R"({"corruptFrame":2,"corrupt":"prelude-crc"})", "PreludeChecksumMismatch", 3,
                 StreamEnd::kComplete},
        WireCase{R"({"corruptFrame":2})", "MessageChecksumMismatch", 3, StreamEnd::kComplete},
        WireCase{R"({"corruptFrame":9})", "ok 3", 3, StreamEnd::kComplete},  // no such frame
        WireCase{R"({"streamCutAfterFrames":2})", "ok 2", 2, StreamEnd::kClose},
        WireCase{R"({"streamCutAfterFrames":1,"streamEnd":"reset"})", "ok 1", 1, StreamEnd::kReset},
        WireCase{R"({"streamCutAfterFrames":0,"streamEnd":"stall"})", "ok 0", 0, StreamEnd::kStall},
        WireCase{R"({"streamCutAfterBytes":20})", "TruncatedFrame", 1, StreamEnd::kClose},
        WireCase{R"({"streamCutAfterBytes":20,"streamEnd":"complete"})", "TruncatedFrame", 1,
                 StreamEnd::kComplete},
        WireCase{R"({"streamEnd":"close"})", "ok 3", 3, StreamEnd::kClose}),
    [](const auto& case_info) { return "case" + std::to_string(case_info.index); });

TEST(WireFault, CutAfterBytesKeepsExactlyThatManyBytes) {
  ExchangeResponse whole = three_frames();
  const std::string all = joined(whole);
  for (const std::size_t limit : {std::size_t{0}, std::size_t{1}, all.size() / 2, all.size() - 1}) {
    ExchangeResponse response = three_frames();
    apply_wire_fault(parsed(R"({"streamCutAfterBytes":)" + std::to_string(limit) + "}"), response);
    EXPECT_EQ(joined(response), all.substr(0, limit)) << limit;
  }
}

TEST(WireFault, SplittingAtEveryByteKeepsTheBytesAndTheirOffsets) {
  ExchangeResponse response = three_frames();
  const std::string all = joined(response);
  const double last_offset = response.frames.back().offset_ms;
  apply_wire_fault(parsed(R"({"streamChunkBytes":1})"), response);
  EXPECT_EQ(joined(response), all);
  EXPECT_EQ(response.frames.size(), all.size());
  EXPECT_TRUE(response.keep_frame_boundaries);
  for (const auto& piece : response.frames) EXPECT_EQ(piece.bytes.size(), 1u);
  EXPECT_EQ(response.frames.back().offset_ms, last_offset);
  EXPECT_EQ(decoded(response), "ok 3");
}

TEST(WireFault, DripRateReachesTheTransport) {
  ExchangeResponse response = three_frames();
  apply_wire_fault(parsed(R"({"dripBytesPerSecond":250})"), response);
  EXPECT_EQ(response.drip_bytes_per_second, 250);
  EXPECT_EQ(decoded(response), "ok 3");
}

TEST(WireFault, LeavesWholeBodiesAlone) {
  ExchangeResponse response;
  response.body = "{}";
  apply_wire_fault(parsed(R"({"streamCutAfterBytes":1})"), response);
  EXPECT_EQ(response.body, "{}");
  EXPECT_EQ(response.stream_end, StreamEnd::kComplete);
}

TEST(WireFault, SerialisedRuleParsesBackToTheSameFault) {
  const std::string text =
      R"([{"name":"w","respond":{"streamCutAfterBytes":7,"streamEnd":"reset","corruptFrame":1,
          "corrupt":"prelude-crc","streamChunkBytes":3,"dripBytesPerSecond":10}}])";
  auto set = parse_rules(json::parse(text), "rules.json");
  ASSERT_TRUE(set) << set.error().to_string();
  EXPECT_EQ(set->rules[0].action.kind, RuleActionKind::kStreamWire);
  auto again = parse_rules(json::array({to_json(set->rules[0])}), "again");
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(to_json(again->rules[0]), to_json(set->rules[0]));
}

struct BadWire {
  std::string respond;
  std::string path;
};

class BadWireRules : public ::testing::TestWithParam<BadWire> {};

TEST_P(BadWireRules, NameTheJsonPathOfTheProblem) {
  auto set = parse_rules(json::parse("[{\"respond\":" + GetParam().respond + "}]"), "rules.json");
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().path, GetParam().path) << set.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadWireRules,
    ::testing::Values(BadWire{R"({"streamEnd":"goaway"})", "$[0].respond.streamEnd"},
                      BadWire{R"({"corrupt":"prelude-crc"})", "$[0].respond.corrupt"},
                      BadWire{R"({"corruptFrame":1,"corrupt":"header"})", "$[0].respond.corrupt"},
                      BadWire{R"({"corruptFrame":0})", "$[0].respond.corruptFrame"},
                      BadWire{R"({"streamChunkBytes":0})", "$[0].respond.streamChunkBytes"},
                      BadWire{R"({"dripBytesPerSecond":0})", "$[0].respond.dripBytesPerSecond"},
                      BadWire{R"({"streamCutAfterBytes":-1})", "$[0].respond.streamCutAfterBytes"},
                      BadWire{R"({"streamCutAfterBytes":1,"streamCutAfterFrames":1})",
                              "$[0].respond"},
                      BadWire{R"({"streamCutAfterFrames":1,"drop":true})", "$[0].respond"},
                      BadWire{R"({"streamCutAfterFrames":1,"error":"ThrottlingException"})",
                              "$[0].respond.error"}),
    [](const auto& case_info) { return "case" + std::to_string(case_info.index); });

}  // namespace
}  // namespace bedrock::mock
