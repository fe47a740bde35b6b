// bedrock-cassette import's progress: the real executable prints one line per imported interaction
// on stderr in the recorder's format (operation, model, status, ms from the source's timing or
// "-"), --quiet prints none, and stdout is the same either way.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <vector>

#include "bedrock/cassettes/importers.hpp"
#include "bedrock/protocol/cassette.hpp"
#include "cassette_commands.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::cassettes {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name) {
  return (test::source_dir() / "tests/golden/imports" / name).string();
}

struct ToolRun {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs bedrock-cassette with `args`, its stdout and stderr captured in files under `dir`.
ToolRun run_cassette_tool(const std::vector<std::string>& args, const fs::path& dir) {
  const fs::path out_file = dir / "stdout.txt";
  const fs::path err_file = dir / "stderr.txt";
  const pid_t pid = fork();
  if (pid == 0) {
    const int out = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0 || err < 0) _exit(126);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(BEDROCK_CASSETTE_BIN));
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(BEDROCK_CASSETTE_BIN, argv.data());
    _exit(127);
  }
  ToolRun run;
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    run.status = WEXITSTATUS(status);
  }
  run.out = test::read_file(out_file);
  run.err = test::read_file(err_file);
  return run;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

const std::regex kProgress(R"(bedrock-cassette: imported (\S+) (\S+) (\S+) (\S+) \((.*)\))");

std::string status_of(const cassette::Interaction& interaction) {
  if (const auto* response = interaction.response()) return std::to_string(response->status);
  if (const auto* stream = interaction.stream()) return std::to_string(stream->status);
  return "-";
}

// The N of a detail that ends "PREFIX N]".
std::optional<std::size_t> origin_index(const std::string& detail, const std::string& prefix) {
  const auto at = detail.rfind(prefix);
  if (at == std::string::npos || !detail.ends_with("]")) return std::nullopt;
  const std::string digits =
      detail.substr(at + prefix.size(), detail.size() - 1 - at - prefix.size());
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoul(digits);
}

TEST(ImportProgress, TheExecutablePrintsOneLinePerImportedInteractionAndNoneWhenQuiet) {
  test::TempDir dir;
  const std::string har = fixture("browser.har");
  const std::string vcr = fixture("vcrpy_boto3.yaml");
  const std::string output = (dir.path() / "merged.json").string();
  const ToolRun loud = run_cassette_tool({"import", har, vcr, "-o", output}, dir.path());
  ASSERT_EQ(loud.status, 0) << loud.err;
  auto merged = cassette::load(output);
  ASSERT_TRUE(merged) << merged.error().to_string();
  const auto& interactions = merged->interactions;
  ASSERT_FALSE(interactions.empty());

  // stdout: the one summary line scripts read, unchanged by the progress lines.
  const std::string summary =
      "imported " + std::to_string(interactions.size()) + " interactions into " + output;
  EXPECT_TRUE(loud.out.starts_with(summary)) << loud.out;
  EXPECT_EQ(lines_of(loud.out).size(), 1u) << loud.out;

  // Which input each interaction came from, and the HAR's own timings.
  auto har_only = import_file(har);
  ASSERT_TRUE(har_only) << har_only.error().to_string();
  const std::size_t from_har = har_only->cassette.interactions.size();
  ASSERT_GT(from_har, 0u);
  ASSERT_LT(from_har, interactions.size());
  const auto har_json = nlohmann::json::parse(test::read_file(har));

  std::vector<std::string> progress;
  for (const auto& line : lines_of(loud.err)) {
    if (line.starts_with("bedrock-cassette: imported ")) progress.push_back(line);
  }
  ASSERT_EQ(progress.size(), interactions.size()) << loud.err;
  for (std::size_t i = 0; i < progress.size(); ++i) {
    SCOPED_TRACE(progress[i]);
    std::smatch fields;
    ASSERT_TRUE(std::regex_match(progress[i], fields, kProgress));
    const cassette::Interaction& interaction = interactions[i];
    EXPECT_EQ(fields[1], interaction.request.operation);
    EXPECT_EQ(fields[2], interaction.request.model_id.value_or("-"));
    EXPECT_EQ(fields[3], status_of(interaction));
    const std::string detail = fields[5];
    if (i < from_har) {
      // HAR keeps entry.time: the line shows it, for the entry its origin names.
      const auto entry = origin_index(detail, har + " $.log.entries[");
      ASSERT_TRUE(entry) << detail;
      const double time = har_json["log"]["entries"][*entry]["time"].get<double>();
      EXPECT_EQ(fields[4], std::to_string(std::lround(time)) + "ms");
    } else {
      // vcrpy keeps no timing: "-", as the recorder writes any field it does not know.
      EXPECT_TRUE(origin_index(detail, vcr + " interactions[")) << detail;
      EXPECT_EQ(fields[4], "-");
    }
    if (interaction.stream()) {
      EXPECT_TRUE(detail.starts_with(
          "stream, " + std::to_string(interaction.stream()->events.size()) + " events"))
          << detail;
    }
  }

  const ToolRun quiet =
      run_cassette_tool({"import", "--quiet", har, vcr, "-o", output}, dir.path());
  ASSERT_EQ(quiet.status, 0) << quiet.err;
  EXPECT_EQ(quiet.out, loud.out);
  // The warnings stay; only the progress lines go.
  std::string loud_without_progress;
  for (const auto& line : lines_of(loud.err)) {
    if (!line.starts_with("bedrock-cassette: imported ")) loud_without_progress += line + "\n";
  }
  EXPECT_EQ(quiet.err, loud_without_progress);
  EXPECT_EQ(quiet.err.find("bedrock-cassette: imported "), std::string::npos) << quiet.err;
}

TEST(ImportProgress, TheHelpNamesQuiet) {
  test::TempDir dir;
  const ToolRun help = run_cassette_tool({"import", "--help"}, dir.path());
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("--quiet"), std::string::npos) << help.out;
}

// Each HAR entry's own time, rounded; a time the source spoilt (-1, a string) is "-".
TEST(ImportProgress, MillisecondsComeFromEachHarEntry) {
  test::TempDir dir;
  auto har = nlohmann::ordered_json::parse(test::read_file(fixture("polly.har")));
  auto& entries = har["log"]["entries"];
  ASSERT_GE(entries.size(), 2u);
  entries[0]["time"] = 1234.6;
  entries[1]["time"] = -1;
  const fs::path input = dir.path() / "timed.har";
  std::ofstream(input) << har.dump(2);

  cli::ImportCommand command;
  command.inputs = {input.string()};
  command.output = (dir.path() / "timed.json").string();
  std::ostringstream out, err;
  ASSERT_EQ(cli::run_import(command, out, err), 0) << err.str();
  const auto lines = lines_of(err.str());
  std::vector<std::string> ms;
  for (const auto& line : lines) {
    std::smatch fields;
    if (std::regex_match(line, fields, kProgress)) ms.push_back(fields[4]);
  }
  ASSERT_EQ(ms.size(), 2u) << err.str();
  EXPECT_EQ(ms[0], "1235ms");
  EXPECT_EQ(ms[1], "-");

  std::ostringstream quiet_out, quiet_err;
  command.quiet = true;
  ASSERT_EQ(cli::run_import(command, quiet_out, quiet_err), 0) << quiet_err.str();
  EXPECT_EQ(quiet_err.str(), "");
  EXPECT_EQ(quiet_out.str(), out.str());
}

}  // namespace
}  // namespace bedrock::cassettes
