#pragma once
// The line bedrock-record prints per interaction (unless --quiet), the same fields in the same
// order whatever happened, so a person watching a recording sees progress and a script can
// split it: "bedrock-record: ACTION OPERATION MODEL STATUS MSms[ (DETAIL)]".
//   bedrock-record: recorded Converse us.amazon.nova-lite-v1:0 200 812ms (3 in seed.json)
//   bedrock-record: replayed ConverseStream amazon.nova-lite-v1:0 200 0ms (seed.json#2)
//   bedrock-record: forwarded - - 404 31ms (GET /ping: no Bedrock operation)
// Note for bedrock-cassette's import (branch feat-import, not edited here): issue #16 asks it to
// print this same line per imported interaction unless --quiet; when both exist, this formatter
// moves somewhere both link (e.g. protocol/) instead of being written twice.
#include <string>

namespace bedrock::recorder {

struct ProgressLine {
  std::string action;     // recorded, replayed, forwarded, replay-miss, not-recorded
  std::string operation;  // empty: not a Bedrock operation
  std::string model_id;   // empty: the operation names none
  int status = 0;         // 0: no HTTP answer (dropped, timed out)
  double ms = 0;
  std::string detail;
};

std::string format_progress_line(const ProgressLine& line);

}  // namespace bedrock::recorder
