#pragma once
// What replay (bedrock-mock, and bedrock-record's replay modes) answers when it finds no recorded
// interaction: an AWS-shaped error naming the closest recording and how it differs (issue #3
// "Unmatched request"; STYLE: WireMock's near misses). ReplayMissException is the testbed's own
// error, not a Bedrock one, so it lives here and not in the error catalog.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "bedrock/protocol/cassette_index.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/matcher.hpp"

namespace bedrock::replay {

// Clients take the text before ':' as the error code (reference §7), as for Bedrock's own.
inline constexpr std::string_view kReplayMissErrorType =
    "ReplayMissException:http://internal.amazon.com/coral/com.amazon.bedrock/";
inline constexpr int kReplayMissStatus = 404;
// The message names at most this many differences and never exceeds kMaxMissMessageBytes.
inline constexpr std::size_t kMaxMessageDifferences = 3;
inline constexpr std::size_t kMaxMissMessageBytes = 1024;

struct MissReport {
  // The request, as received.
  std::string method;
  std::string operation;
  std::string model_id;
  // "<cassette file>#<id or index>" of the closest recording; nullopt when none is loaded.
  std::optional<std::string> closest;
  MatchResult difference;  // how the closest recording differs (its failed matchers)

  // One line, e.g. `No recorded interaction matches POST Converse amazon.nova-lite-v1:0.
  // Closest: cassettes/a.json#2; differs at $.messages[0].content[0].text: recorded "Hello" vs
  // received "Hi"`. Control characters become '?'; at most kMaxMissMessageBytes.
  std::string message() const;
};

MissReport make_miss_report(const ReplayQuery& query, const std::optional<NearMiss>& closest);

// Status 404, x-amzn-ErrorType and Content-Type headers, body {"message":"..."}. The caller adds
// x-amzn-RequestId (and the mock Date), as for every answer.
errors::WireResponse render_replay_miss(const MissReport& report);

}  // namespace bedrock::replay
