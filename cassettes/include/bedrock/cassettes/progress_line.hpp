#pragma once
// The line bedrock-record prints per interaction and bedrock-cassette import prints per imported
// interaction (both unless --quiet): the same fields in the same order whatever happened, so a
// person watching sees progress and a script can split it:
// "TOOL: ACTION OPERATION MODEL STATUS MS[ (DETAIL)]", an unknown field spelt "-".
//   bedrock-record: recorded Converse us.amazon.nova-lite-v1:0 200 812ms (3 in seed.json)
//   bedrock-record: forwarded - - 404 31ms (GET /ping: no Bedrock operation)
//   bedrock-cassette: imported Converse amazon.nova-lite-v1:0 200 - (vcr.yaml interactions[0])
// It lives here, not in recorder/, because the recorder already links this library and the
// importer's CLI is built on it: one formatter, no new dependency.
#include <optional>
#include <string>
#include <string_view>

namespace bedrock::cassettes {

struct ProgressLine {
  std::string action;        // recorded, replayed, forwarded, replay-miss, not-recorded, imported
  std::string operation;     // empty: not a Bedrock operation
  std::string model_id;      // empty: the operation names none
  int status = 0;            // 0: no HTTP answer (dropped, timed out)
  std::optional<double> ms;  // nullopt: not known (a source that kept no timing)
  std::string detail;
};

// `tool` is the program name the line starts with ("bedrock-record").
std::string format_progress_line(std::string_view tool, const ProgressLine& line);

}  // namespace bedrock::cassettes
