// The progress line bedrock-record and bedrock-cassette import print per interaction:
// TOOL: ACTION OPERATION MODEL STATUS MSms (DETAIL), the same fields whatever happened.
#include "bedrock/cassettes/progress_line.hpp"

#include <gtest/gtest.h>

namespace bedrock::cassettes {
namespace {

TEST(ProgressLine, HasTheSameFieldsInTheSameOrderForEveryOutcome) {
  EXPECT_EQ(
      format_progress_line("bedrock-record", {"recorded", "Converse", "us.amazon.nova-lite-v1:0",
                                              200, 812.4, "3 in seed.json"}),
      "bedrock-record: recorded Converse us.amazon.nova-lite-v1:0 200 812ms (3 in "
      "seed.json)\n");
  EXPECT_EQ(format_progress_line("bedrock-record",
                                 {"forwarded", "", "", 404, 31, "GET /ping: no Bedrock operation"}),
            "bedrock-record: forwarded - - 404 31ms (GET /ping: no Bedrock operation)\n");
  EXPECT_EQ(format_progress_line("bedrock-record",
                                 {"recorded", "ConverseStream", "m", 0, 5000, "dropped: reset"}),
            "bedrock-record: recorded ConverseStream m - 5000ms (dropped: reset)\n");
  EXPECT_EQ(format_progress_line("bedrock-record", {"replayed", "CountTokens", "m", 200, 0.2, ""}),
            "bedrock-record: replayed CountTokens m 200 0ms\n");
}

TEST(ProgressLine, AnUnknownDurationIsADashLikeEveryUnknownField) {
  EXPECT_EQ(format_progress_line("bedrock-cassette", {"imported", "Converse", "m", 200,
                                                      std::nullopt, "a.yaml interactions[0]"}),
            "bedrock-cassette: imported Converse m 200 - (a.yaml interactions[0])\n");
  EXPECT_EQ(format_progress_line("bedrock-cassette", {"imported", "Converse", "", 0, 1499.5, ""}),
            "bedrock-cassette: imported Converse - - 1500ms\n");
}

}  // namespace
}  // namespace bedrock::cassettes
