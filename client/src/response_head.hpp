#pragma once
// Builds HttpResponse's status line and headers from the lines libcurl's header callback
// hands over, one at a time, CRLF included. Interim 1xx answers and proxy CONNECT answers
// come as earlier header blocks: a new status line starts the response afresh, so only the
// final block is kept.
#include <string_view>

#include "bedrock/client/http_transport.hpp"

namespace bedrock::client {

class ResponseHeadCollector {
 public:
  explicit ResponseHeadCollector(HttpResponse& response) : response_(response) {}

  // False when the line is neither a status line, a header, a continuation nor the blank end.
  bool add_line(std::string_view line);
  bool started() const { return started_; }   // a status line has arrived
  bool complete() const { return complete_; }  // the blank line after the last header

 private:
  HttpResponse& response_;
  bool started_ = false;
  bool complete_ = false;
};

}  // namespace bedrock::client
