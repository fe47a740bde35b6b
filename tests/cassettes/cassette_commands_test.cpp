// bedrock-cassette's commands (import, export, lint, redact, ls) as the executable runs them,
// writing only to temp folders.
#include "cassette_commands.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "bedrock/cassettes/importers.hpp"
#include "bedrock/protocol/cassette.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::cassettes::cli {
namespace {

std::string fixture(const std::string& name) {
  return (test::source_dir() / "tests/golden/imports" / name).string();
}

TEST(CassetteCommands, ImportMergesFormatsRedactsAndWritesALoadableCassette) {
  test::TempDir dir;
  ImportCommand command;
  command.inputs = {fixture("vcrpy_boto3.yaml"), fixture("nock_recorder.json"),
                    fixture("browser.har")};
  command.output = (dir.path() / "merged.json").string();
  std::ostringstream out, err;
  ASSERT_EQ(run_import(command, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("imported 8 interactions"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("3 left out"), std::string::npos) << out.str();
  EXPECT_NE(err.str().find("warning: interactions[2]"), std::string::npos) << err.str();
  auto loaded = cassette::load(command.output);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_EQ(loaded->name, "merged");
  EXPECT_NE(loaded->description->find("vcrpy_boto3.yaml (vcr), nock_recorder.json (nock)"),
            std::string::npos);
  const std::string text = test::read_file(command.output);
  EXPECT_EQ(text.find("Signature=0000"), std::string::npos);  // the recorder's redaction ran
  EXPECT_EQ(text.find("Bearer ABSK"), std::string::npos);
  EXPECT_NE(text.find("Signature=REDACTED"), std::string::npos);
}

TEST(CassetteCommands, ExportThenImportGivesTheSameCassette) {
  test::TempDir dir;
  const std::string source =
      (test::source_dir() / "fixtures/cassettes/converse-stream-nova-lite.json").string();
  ExportCommand export_command;
  export_command.input = source;
  export_command.output = (dir.path() / "x.har").string();
  std::ostringstream out, err;
  ASSERT_EQ(run_export(export_command, out, err), 0) << err.str();
  ImportCommand import_command;
  import_command.inputs = {export_command.output};
  import_command.output = (dir.path() / "back.json").string();
  ASSERT_EQ(run_import(import_command, out, err), 0) << err.str();
  EXPECT_EQ(test::read_file(import_command.output), test::read_file(source));
}

TEST(CassetteCommands, LintFailsOnABrokenFileAndNamesTheField) {
  test::TempDir dir;
  const auto path = dir.path() / "broken.json";
  std::ofstream(path)
      << R"({"format": "bedrock-testbed-cassette/1", "interactions": [{"recorded_at": "2025-01-01T00:00:00Z", "request": {"method": "POST", "path": "/model/m/converse", "operation": "Converse", "region": "us-east-1", "headers": [], "body": {"text": ""}}, "response": {"stauts": 200, "headers": [], "body": {"text": ""}}}]})";
  LintCommand command;
  command.inputs = {path.string(), fixture("polly.har")};
  std::ostringstream out, err;
  EXPECT_EQ(run_lint(command, out, err), 1);
  EXPECT_NE(out.str().find(path.string() + ": interaction 0: $.interactions[0].response"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("stauts"), std::string::npos);
  EXPECT_NE(out.str().find("polly.har: ok (har, 2 interactions"), std::string::npos) << out.str();
}

TEST(CassetteCommands, LintStrictFailsOnWarnings) {
  LintCommand command;
  command.inputs = {fixture("nock_back_legacy.json")};
  std::ostringstream out, err;
  EXPECT_EQ(run_lint(command, out, err), 0);
  command.inputs = {fixture("browser.har")};  // a body the browser did not keep, and a token
  command.strict = true;
  EXPECT_EQ(run_lint(command, out, err), 1);
}

TEST(CassetteCommands, RedactRewritesANativeFileInPlaceAndNeedsOutputForOthers) {
  test::TempDir dir;
  RedactCommand command;
  command.input = fixture("vcrpy_boto3.yaml");
  std::ostringstream out, err;
  EXPECT_EQ(run_redact(command, out, err), 1);
  EXPECT_NE(err.str().find("give -o CASSETTE"), std::string::npos);
  command.output = (dir.path() / "redacted.json").string();
  ASSERT_EQ(run_redact(command, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("redacted 2 values"), std::string::npos) << out.str();
  RedactCommand again;
  again.input = command.output;
  again.redact.headers = {"User-Agent"};
  std::ostringstream out2;
  ASSERT_EQ(run_redact(again, out2, err), 0) << err.str();
  EXPECT_NE(out2.str().find("redacted 2 values in " + command.output), std::string::npos)
      << out2.str();
}

TEST(CassetteCommands, LsPrintsOneLinePerInteraction) {
  ListCommand command;
  command.inputs = {fixture("browser.har")};
  std::ostringstream out, err;
  ASSERT_EQ(run_list(command, out, err), 0) << err.str();
  EXPECT_EQ(out.str(),
            "#  id         operation  model                   status   stream\n"
            "0  browser#2  Converse   amazon.nova-lite-v1:0   200      -\n"
            "1  browser#3  Converse   amazon.nova-lite-v1:0   dropped  -\n"
            "2  browser#4  Converse   amazon.nova-micro-v1:0  200      -\n");
  command.inputs = {fixture("polly.har")};
  std::ostringstream streams;
  ASSERT_EQ(run_list(command, streams, err), 0);
  EXPECT_NE(streams.str().find("ConverseStream  amazon.nova-lite-v1:0  200     6 frames"),
            std::string::npos)
      << streams.str();
}

TEST(CassetteCommands, AMissingFileIsAnErrorNamingIt) {
  ListCommand command;
  command.inputs = {"/nonexistent/x.yaml"};
  std::ostringstream out, err;
  EXPECT_EQ(run_list(command, out, err), 1);
  EXPECT_NE(err.str().find("/nonexistent/x.yaml"), std::string::npos);
}

}  // namespace
}  // namespace bedrock::cassettes::cli
