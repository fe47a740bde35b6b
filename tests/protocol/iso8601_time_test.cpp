#include "bedrock/protocol/iso8601_time.hpp"

#include <gtest/gtest.h>

namespace bedrock::iso8601 {
namespace {

using namespace std::chrono;

const sys_seconds kNewYear = sys_days{year{2026} / 1 / 1};

struct Accepted {
  std::string name;
  std::string text;
  sys_seconds expected;
};

void PrintTo(const Accepted& test_case, std::ostream* out) { *out << test_case.name; }

class ParseUtcAccepts : public ::testing::TestWithParam<Accepted> {};

TEST_P(ParseUtcAccepts, TheFormsAwsWrites) {
  const auto parsed = parse_utc(GetParam().text);
  ASSERT_TRUE(parsed) << GetParam().text;
  EXPECT_EQ(*parsed, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseUtcAccepts,
    ::testing::Values(Accepted{"Zulu", "2026-01-01T00:00:00Z", kNewYear},
                      Accepted{"Fraction", "2026-01-01T00:00:00.123456Z", kNewYear},
                      Accepted{"PlusZero", "2026-01-01T00:00:00+00:00", kNewYear},
                      Accepted{"Offset", "2026-01-01T02:30:00+02:30", kNewYear},
                      Accepted{"NegativeOffsetNoColon", "2025-12-31T19:00:00-0500", kNewYear},
                      Accepted{"NoZoneIsUtc", "2026-01-01T00:00:00", kNewYear},
                      Accepted{"SpaceSeparator", "2026-01-01 00:00:00Z", kNewYear}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(ParseUtc, RejectsMalformedTimes) {
  for (const char* text :
       {"", "tomorrow", "2026-01-01", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-01-01T24:00:00Z", "2026-01-01T00:00:00Q", "2026-01-01T00:00:00.Z",
        "2026-01-01T00:00:00Zjunk", "20260101T000000Z"}) {
    EXPECT_FALSE(parse_utc(text)) << text;
  }
}

TEST(ParseUtc, ClampsYearsASystemClockCannotHoldInto1970To2200) {
  // A credential tool's "never expires" and a bogus year (found by fuzzing: the conversion to
  // nanoseconds overflowed).
  const auto far = parse_utc("9999-12-31T23:59:59Z");
  ASSERT_TRUE(far);
  EXPECT_EQ(*far, sys_days{year{2200} / 1 / 1});
  const auto old = parse_utc("1013-12-03T10:00:00Z");
  ASSERT_TRUE(old);
  EXPECT_EQ(*old, sys_days{year{1970} / 1 / 1});
  const system_clock::time_point held = *far;  // no overflow
  EXPECT_GT(held, system_clock::now());
}

TEST(FormatUtc, WritesSecondsWithZ) {
  EXPECT_EQ(format_utc(kNewYear + hours(13) + minutes(5) + seconds(9) + milliseconds(700)),
            "2026-01-01T13:05:09Z");
}

TEST(FormatUtcMillis, WritesMillisecondsAndFloorsBefore1970) {
  EXPECT_EQ(format_utc_millis(kNewYear + hours(13) + minutes(5) + seconds(9) + milliseconds(7)),
            "2026-01-01T13:05:09.007Z");
  EXPECT_EQ(format_utc_millis(std::chrono::system_clock::time_point{} - milliseconds(1)),
            "1969-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace bedrock::iso8601
