#include "pipeline/http_date.hpp"

#include <gtest/gtest.h>

namespace bedrock::mock {
namespace {

TEST(HttpDate, FormatsImfFixdate) {
  using namespace std::chrono;
  EXPECT_EQ(http_date(sys_days{year{2024} / 1 / 9} + hours{18} + minutes{6} + seconds{7}),
            "Tue, 09 Jan 2024 18:06:07 GMT");
  EXPECT_EQ(http_date(sys_days{year{2000} / 12 / 31}), "Sun, 31 Dec 2000 00:00:00 GMT");
}

}  // namespace
}  // namespace bedrock::mock
