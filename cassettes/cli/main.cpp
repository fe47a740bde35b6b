// bedrock-cassette: import other tools' recordings (vcrpy, nock, HAR), export HAR, lint, redact
// and list cassettes. Parses flags and calls the commands library.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cassette_commands.hpp"

namespace {

using bedrock::cassettes::SourceFormat;

// --from/--format values: auto, native, vcr, nock, har.
CLI::Option* add_format(CLI::App& command, const char* flag, SourceFormat& format,
                        std::string& text, const char* help) {
  return command.add_option(flag, text, help)
      ->check(CLI::IsMember({"auto", "native", "vcr", "vcrpy", "nock", "har", "polly"}))
      ->each([&format](const std::string& value) {
        format = *bedrock::cassettes::parse_source_format(value);
      });
}

void add_redact_flags(CLI::App& command, bedrock::cassettes::cli::RedactFlags& flags) {
  command.add_option("--redact-header", flags.headers,
                     "Also write this header's value as REDACTED (repeatable)");
  command.add_option("--secret", flags.secrets,
                     "A literal value (a key, a token) to replace wherever it appears in a header "
                     "(repeatable)");
}

}  // namespace

int main(int argc, char** argv) {
  namespace cli = bedrock::cassettes::cli;
  CLI::App app{
      "bedrock-cassette: converts the recordings people already have (vcrpy / pytest-recording "
      "YAML, nock and nock-back JSON, Polly.JS and browser/proxy HAR) into bedrock-testbed "
      "cassettes, exports cassettes as HAR 1.2, and lints, redacts and lists cassettes of any of "
      "these formats.\n"
      "Exit status: 0 done, 1 a file that does not load or a lint error, 2 a bad flag."};
  app.set_version_flag("--version", "bedrock-cassette 0.1.0");
  app.require_subcommand(1);
  std::string format_text;

  cli::ImportCommand import_command;
  auto* import = app.add_subcommand("import", "Convert recordings into one cassette");
  import->add_option("files", import_command.inputs, "Recordings to import")
      ->required()
      ->check(CLI::ExistingFile);
  add_format(*import, "--from", import_command.format, format_text,
             "Format of the inputs: vcr, nock, har, native or auto (detect per file; default)");
  import->add_option("-o,--output", import_command.output, "Cassette to write")->required();
  import
      ->add_option("--default-region", import_command.default_region,
                   "Region for requests whose host and signature name none")
      ->default_val("us-east-1");
  import->add_flag("-v,--verbose", import_command.verbose,
                   "Also say what was rebuilt (not only what was left out)");
  import->add_flag("--quiet", import_command.quiet,
                   "No progress line per imported interaction on stderr (operation, model, "
                   "status, ms)");
  add_redact_flags(*import, import_command.redact);

  cli::ExportCommand export_command;
  auto* exporter = app.add_subcommand("export", "Write a cassette as another format");
  exporter->add_option("file", export_command.input, "Cassette (any readable format)")
      ->required()
      ->check(CLI::ExistingFile);
  exporter->add_option("--to", export_command.to, "Output format: har")
      ->check(CLI::IsMember({"har"}))
      ->default_val("har");
  add_format(*exporter, "--from", export_command.format, format_text, "Format of the input");
  exporter->add_option("-o,--output", export_command.output, "Output file (default: stdout)");
  add_redact_flags(*exporter, export_command.redact);

  cli::LintCommand lint_command;
  auto* lint = app.add_subcommand("lint",
                                  "Check cassettes; name the file, interaction and field "
                                  "of every problem");
  lint->add_option("files", lint_command.inputs, "Cassettes (any readable format)")->required();
  add_format(*lint, "--from", lint_command.format, format_text, "Format of the inputs");
  lint->add_flag("--strict", lint_command.strict, "Warnings fail too");
  lint->add_flag("-v,--verbose", lint_command.verbose, "Also print informational findings");

  cli::RedactCommand redact_command;
  auto* redact = app.add_subcommand(
      "redact", "Apply bedrock-record's redaction (signatures, tokens, key IDs) to a file");
  redact->add_option("file", redact_command.input, "Cassette (any readable format)")
      ->required()
      ->check(CLI::ExistingFile);
  add_format(*redact, "--from", redact_command.format, format_text, "Format of the input");
  redact->add_option("-o,--output", redact_command.output,
                     "Cassette to write (default: the input, when it is a native cassette)");
  add_redact_flags(*redact, redact_command.redact);

  cli::ListCommand list_command;
  auto* list = app.add_subcommand("ls",
                                  "One line per interaction: operation, model, status, "
                                  "stream frames");
  list->add_option("files", list_command.inputs, "Cassettes (any readable format)")->required();
  add_format(*list, "--from", list_command.format, format_text, "Format of the inputs");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  if (import->parsed()) return cli::run_import(import_command, std::cout, std::cerr);
  if (exporter->parsed()) return cli::run_export(export_command, std::cout, std::cerr);
  if (lint->parsed()) return cli::run_lint(lint_command, std::cout, std::cerr);
  if (redact->parsed()) return cli::run_redact(redact_command, std::cout, std::cerr);
  if (list->parsed()) return cli::run_list(list_command, std::cout, std::cerr);
  return 2;
}
