#include "bedrock/protocol/sigv4_time.hpp"

#include <gtest/gtest.h>

namespace bedrock::sigv4 {
namespace {

using namespace std::chrono;

TEST(AmzDate, FormatsUtcBasicIso8601) {
  const sys_seconds time = sys_days{year{2015} / 8 / 30} + hours{12} + minutes{36};
  EXPECT_EQ(format_amz_date(time), "20150830T123600Z");
  EXPECT_EQ(format_scope_date(time), "20150830");
}

TEST(AmzDate, DropsSubSecondParts) {
  const auto time =
      sys_days{year{2025} / 1 / 30} + hours{20} + minutes{38} + seconds{27} + milliseconds{999};
  EXPECT_EQ(format_amz_date(time), "20250130T203827Z");
}

TEST(AmzDate, ParsesWhatItFormats) {
  const sys_seconds time = sys_days{year{2024} / 2 / 29} + hours{23} + minutes{59} + seconds{59};
  EXPECT_EQ(parse_amz_date(format_amz_date(time)), time);
}

TEST(AmzDate, RejectsAnythingButStrictBasicFormat) {
  for (const char* bad :
       {"", "20150830T123600", "20150830T123600z", "2015-08-30T12:36:00Z", "20150830 123600Z",
        "2015083aT123600Z", "20151330T123600Z", "20150230T123600Z", "20150830T243600Z",
        "20150830T126000Z", "20150830T123660Z", "20230229T000000Z", "+0150830T123600Z"}) {
    EXPECT_FALSE(parse_amz_date(bad)) << bad;
  }
}

}  // namespace
}  // namespace bedrock::sigv4
