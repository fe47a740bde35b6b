#include "bedrock/recorder/record_mode.hpp"

#include <gtest/gtest.h>

namespace bedrock::recorder {
namespace {

struct ModeCase {
  const char* name;
  bool cassette_existed;
  bool replays;
  bool records;
};

class RecordModeTable : public ::testing::TestWithParam<ModeCase> {};

// vcrpy's table (vcr/record_mode.py), for a cassette that did or did not exist at start.
INSTANTIATE_TEST_SUITE_P(
    Vcrpy, RecordModeTable,
    ::testing::Values(ModeCase{"once", false, false, true}, ModeCase{"once", true, true, false},
                      ModeCase{"new_episodes", false, true, true},
                      ModeCase{"new_episodes", true, true, true},
                      ModeCase{"all", false, false, true}, ModeCase{"all", true, false, true},
                      ModeCase{"none", false, true, false}, ModeCase{"none", true, true, false}));

TEST_P(RecordModeTable, BehavesAsDocumented) {
  const auto mode = parse_record_mode(GetParam().name);
  ASSERT_TRUE(mode);
  EXPECT_EQ(to_string(*mode), GetParam().name);
  const ModeBehaviour behaviour = behaviour_of(*mode, GetParam().cassette_existed);
  EXPECT_EQ(behaviour.replays, GetParam().replays);
  EXPECT_EQ(behaviour.records, GetParam().records);
}

TEST(RecordMode, UnknownNameIsRefused) {
  EXPECT_FALSE(parse_record_mode("ONCE"));
  EXPECT_FALSE(parse_record_mode("new-episodes"));
  EXPECT_FALSE(parse_record_mode(""));
}

}  // namespace
}  // namespace bedrock::recorder
