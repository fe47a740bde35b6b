// bedrock-cassette lint on broken and risky files: every finding names the file, the interaction
// and the field.
#include "bedrock/cassettes/lint.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::cassettes {
namespace {

std::string native_cassette(const std::string& request, const std::string& answer) {
  return R"({"format": "bedrock-testbed-cassette/1", "interactions": [{"id": "only", )"
         R"("recorded_at": "2025-01-01T00:00:00Z", "request": )" +
         request + ", " + answer + "}]}";
}

const std::string kRequest =
    R"({"method": "POST", "path": "/model/m%3A0/converse", "operation": "Converse", )"
    R"("model_id": "m:0", "region": "us-east-1", "headers": [], "body": {"text": "{}"}})";
const std::string kResponse =
    R"("response": {"status": 200, "headers": [["Content-Type", "application/json"]], )"
    R"("body": {"json": {}}})";

struct LintCase {
  const char* name;
  std::string file_name;
  std::string text;
  Severity severity;
  std::string field;    // the field the finding names
  std::string message;  // part of its message
};

std::vector<LintCase> cases() {
  const std::string signature = "Signature=" + std::string(64, 'a');  // split: not a real one
  return {
      {"status out of range", "status.json",
       native_cassette(kRequest,
                       R"("response": {"status": 700, "headers": [], "body": {"text": ""}})"),
       Severity::kError, "$.interactions[0].response.status", "outside 100..599"},
      {"operation contradicts the path", "operation.json",
       native_cassette(
           R"({"method": "POST", "path": "/model/m%3A0/converse-stream", "operation": "Converse", "model_id": "m:0", "region": "us-east-1", "headers": [], "body": {"text": ""}})",
           kResponse),
       Severity::kError, "$.interactions[0].request.operation", "ConverseStream"},
      {"model id contradicts the path", "model.json",
       native_cassette(
           R"({"method": "POST", "path": "/model/m%3A0/converse", "operation": "Converse", "model_id": "m%3A0", "region": "us-east-1", "headers": [], "body": {"text": ""}})",
           kResponse),
       Severity::kError, "$.interactions[0].request.model_id", "decoded"},
      {"signature left in", "signature.yaml",
       "interactions:\n- request:\n    method: POST\n    uri: https://bedrock-runtime.us-east-1."
       "amazonaws.com/model/m/converse\n    headers:\n      Authorization:\n      - "
       "'AWS4-HMAC-SHA256 "
       "Credential=AKIDEXAMPLE/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, " +
           signature + "'\n  response:\n    status: {code: 200, message: OK}\n",
       Severity::kError, "interactions[0].request.headers.Authorization", "SigV4 signature"},
      {"access key id left in", "key.json",
       native_cassette(
           R"({"method": "POST", "path": "/model/m%3A0/converse", "operation": "Converse", "model_id": "m:0", "region": "us-east-1", "headers": [["X-Key", "AKIA)" +
               std::string("ABCDEFGHIJKLMNOP") + R"("]], "body": {"text": ""}})",
           kResponse),
       Severity::kError, "$.interactions[0].request.headers.X-Key", "access key ID"},
      {"content length", "length.json",
       native_cassette(
           kRequest,
           R"("response": {"status": 200, "headers": [["Content-Length", "10"]], "body": {"text": "{}"}})"),
       Severity::kWarning, "$.interactions[0].response.headers.Content-Length", "2 bytes"},
      {"har field", "bad.har",
       R"({"log": {"entries": [{"request": {"method": 1}, "response": {"status": 200}}]}})",
       Severity::kError, "$.log.entries[0].request.method", "expected a string"},
      {"yaml line", "bad.yaml", "interactions:\n- request:\n    method: [\n", Severity::kError, "",
       "YAML"},
  };
}

TEST(Lint, EachFindingNamesTheFileTheInteractionAndTheField) {
  test::TempDir dir;
  for (const auto& lint_case : cases()) {
    const auto path = dir.path() / lint_case.file_name;
    std::ofstream(path) << lint_case.text;
    const LintReport report = lint_file(path);
    const LintFinding* found = nullptr;
    for (const auto& finding : report.findings) {
      if (finding.severity == lint_case.severity && finding.field == lint_case.field &&
          finding.message.find(lint_case.message) != std::string::npos) {
        found = &finding;
      }
    }
    ASSERT_NE(found, nullptr) << lint_case.name << ": "
                              << (report.findings.empty() ? "no findings"
                                                          : report.findings[0].to_string());
    const std::string line = found->to_string();
    EXPECT_TRUE(line.starts_with(path.string())) << line;
    if (!lint_case.field.empty()) {
      EXPECT_NE(line.find("interaction 0"), std::string::npos) << line;
      EXPECT_NE(line.find(lint_case.field), std::string::npos) << line;
    }
  }
}

TEST(Lint, BundledCassettesAndTheRecordersOutputAreClean) {
  for (const char* name : {"converse-nova-lite.json", "converse-stream-nova-lite.json"}) {
    const LintReport report = lint_file(test::source_dir() / "fixtures/cassettes" / name);
    EXPECT_EQ(report.count(Severity::kError), 0u) << name;
    EXPECT_EQ(report.count(Severity::kWarning), 0u) << name;
    EXPECT_EQ(report.interactions, 1u);
  }
}

TEST(Lint, AYamlSyntaxErrorHasItsLine) {
  test::TempDir dir;
  const auto path = dir.path() / "bad.yaml";
  std::ofstream(path) << "interactions:\n- request:\n    method: [\n";
  const LintReport report = lint_file(path);
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_TRUE(report.findings[0].line.has_value());
  EXPECT_EQ(report.format, SourceFormat::kAuto);
}

}  // namespace
}  // namespace bedrock::cassettes
