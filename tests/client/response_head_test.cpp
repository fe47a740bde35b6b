// Status line and header lines as libcurl's header callback delivers them.
#include "response_head.hpp"

#include <gtest/gtest.h>

namespace bedrock::client {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

TEST(ResponseHeadCollector, ParsesStatusLineAndHeadersInOrder) {
  HttpResponse response;
  ResponseHeadCollector head(response);
  EXPECT_TRUE(head.add_line("HTTP/1.1 400 Bad Request\r\n"));
  EXPECT_TRUE(head.add_line("x-amzn-ErrorType: ValidationException:http://x/\r\n"));
  EXPECT_TRUE(head.add_line("Content-Type:application/json  \r\n"));
  EXPECT_FALSE(head.complete());
  EXPECT_TRUE(head.add_line("\r\n"));
  EXPECT_TRUE(head.complete());
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.http_version, "HTTP/1.1");
  EXPECT_EQ(response.headers, (Headers{{"x-amzn-ErrorType", "ValidationException:http://x/"},
                                       {"Content-Type", "application/json"}}));
}

TEST(ResponseHeadCollector, KeepsOnlyTheFinalBlockAfterAnInterimAnswer) {
  HttpResponse response;
  ResponseHeadCollector head(response);
  head.add_line("HTTP/1.1 100 Continue\r\n");
  head.add_line("X-Interim: 1\r\n");
  head.add_line("\r\n");
  head.add_line("HTTP/2 200\r\n");
  head.add_line("x-amzn-requestid: r\r\n");
  head.add_line("\r\n");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.http_version, "HTTP/2");
  EXPECT_EQ(response.headers, (Headers{{"x-amzn-requestid", "r"}}));
}

TEST(ResponseHeadCollector, JoinsFoldedContinuationLines) {
  HttpResponse response;
  ResponseHeadCollector head(response);
  head.add_line("HTTP/1.1 200 OK\r\n");
  head.add_line("X-Long: first\r\n");
  head.add_line("\t second\r\n");
  EXPECT_EQ(response.headers, (Headers{{"X-Long", "first second"}}));
}

TEST(ResponseHeadCollector, RefusesMalformedLines) {
  HttpResponse response;
  ResponseHeadCollector head(response);
  EXPECT_FALSE(head.add_line("X-Before: status\r\n"));
  EXPECT_FALSE(head.add_line("HTTP/1.1 2x0 OK\r\n"));
  EXPECT_FALSE(head.add_line("HTTP/1.1\r\n"));
  EXPECT_FALSE(head.started());
  EXPECT_TRUE(head.add_line("HTTP/1.1 200 OK\r\n"));
  EXPECT_FALSE(head.add_line("no colon here\r\n"));
  EXPECT_FALSE(head.add_line(": empty name\r\n"));
  EXPECT_TRUE(response.headers.empty());
}

}  // namespace
}  // namespace bedrock::client
