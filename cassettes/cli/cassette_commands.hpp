#pragma once
// The commands of bedrock-cassette, as functions of their options and two output streams, so
// tests run them without a process and main.cpp only parses flags. Each returns the exit status:
// 0 done, 1 a file that does not load, a lint error, or nothing written.
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "bedrock/cassettes/source_format.hpp"

namespace bedrock::cassettes::cli {

struct RedactFlags {
  std::vector<std::string> headers;  // --redact-header NAME
  std::vector<std::string> secrets;  // --secret VALUE: literal values to scrub wherever they are
};

struct ImportCommand {
  std::vector<std::string> inputs;
  SourceFormat format = SourceFormat::kAuto;
  std::string output;
  std::string default_region = "us-east-1";
  RedactFlags redact;
  bool verbose = false;  // also print the informational notes
  bool quiet = false;    // no progress line per imported interaction
};
// Unless quiet, one progress line per imported interaction on `err` (progress_line.hpp):
//   bedrock-cassette: imported Converse amazon.nova-lite-v1:0 200 300ms (in.har $.log.entries[0])
// `out` gets only the summary line, as before.
int run_import(const ImportCommand& command, std::ostream& out, std::ostream& err);

struct ExportCommand {
  std::string input;
  SourceFormat format = SourceFormat::kAuto;
  std::string to = "har";
  std::string output;  // empty: standard output
  RedactFlags redact;
};
int run_export(const ExportCommand& command, std::ostream& out, std::ostream& err);

struct LintCommand {
  std::vector<std::string> inputs;
  SourceFormat format = SourceFormat::kAuto;
  bool strict = false;   // warnings fail too
  bool verbose = false;  // print informational findings
};
int run_lint(const LintCommand& command, std::ostream& out, std::ostream& err);

struct RedactCommand {
  std::string input;
  SourceFormat format = SourceFormat::kAuto;
  std::string output;  // empty: in place (native cassettes only)
  RedactFlags redact;
};
int run_redact(const RedactCommand& command, std::ostream& out, std::ostream& err);

struct ListCommand {
  std::vector<std::string> inputs;
  SourceFormat format = SourceFormat::kAuto;
};
int run_list(const ListCommand& command, std::ostream& out, std::ostream& err);

}  // namespace bedrock::cassettes::cli
