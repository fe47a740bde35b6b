#include "cassette_commands.hpp"

#include <filesystem>
#include <fstream>
#include <ostream>
#include <set>

#include "bedrock/cassettes/har_export.hpp"
#include "bedrock/cassettes/importers.hpp"
#include "bedrock/cassettes/lint.hpp"
#include "bedrock/cassettes/listing.hpp"
#include "bedrock/cassettes/progress_line.hpp"
#include "bedrock/cassettes/redact.hpp"
#include "bedrock/protocol/cassette.hpp"

namespace bedrock::cassettes::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTool = "bedrock-cassette: ";

RedactionPolicy policy_of(const RedactFlags& flags) {
  RedactionPolicy policy;
  policy.extra_headers = flags.headers;
  policy.secret_values = flags.secrets;
  policy.access_key_ids = true;  // the file does not say which credentials recorded it
  return policy;
}

void print_notes(const ImportedCassette& imported, const std::string& file, bool verbose,
                 std::ostream& err) {
  for (const ImportNote& note : imported.notes) {
    if (note.level == NoteLevel::kInfo && !verbose) continue;
    err << file << ": " << (note.level == NoteLevel::kWarning ? "warning: " : "note: ")
        << note.to_string() << "\n";
  }
}

// One line per interaction of a file just imported, in the recorder's format: the answer's
// summary as bedrock-record words it (stream and event count, error type, failure), then where in
// the source the interaction came from.
void print_progress(const ImportedCassette& imported, const std::string& file, std::ostream& err) {
  const std::vector<ListingLine> listed = list_interactions(imported.cassette);
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const cassette::Interaction& interaction = imported.cassette.interactions[i];
    const ListingLine& row = listed[i];
    ProgressLine line;
    line.action = "imported";
    line.operation = interaction.request.operation;
    line.model_id = interaction.request.model_id.value_or("");
    if (const auto* response = interaction.response()) line.status = response->status;
    if (const auto* stream = interaction.stream()) line.status = stream->status;
    line.ms = i < imported.durations_ms.size() ? imported.durations_ms[i] : std::nullopt;
    std::string summary;
    if (row.frames) {
      summary = "stream, " + std::to_string(*row.frames) + " events";
      if (row.stream_end == "reset") summary += ", reset";
    } else if (const auto* failure = interaction.failure()) {
      summary = row.status + (failure->message.empty() ? "" : ": " + failure->message);
    }
    if (!row.error_type.empty()) summary += (summary.empty() ? "" : ", ") + row.error_type;
    const std::string origin = i < imported.origins.size() ? imported.origins[i] : "";
    line.detail = (summary.empty() ? "" : summary + "; ") + file + " " + origin;
    err << format_progress_line("bedrock-cassette", line);
  }
}

std::string describe(const std::vector<std::pair<std::string, SourceFormat>>& sources) {
  std::string out = "Imported from ";
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (i > 0) out += ", ";
    out += fs::path(sources[i].first).filename().string() + " (" +
           std::string(to_string(sources[i].second)) + ")";
  }
  return out + " by bedrock-cassette";
}

// Writes text atomically enough for an export (temp file, rename); "" is standard output.
bool write_text(const std::string& path, const std::string& text, std::ostream& out,
                std::ostream& err) {
  if (path.empty() || path == "-") {
    out << text;
    return true;
  }
  const fs::path target(path);
  const fs::path temp = target.parent_path() / ("." + target.filename().string() + ".tmp");
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    file << text;
    if (!file.flush()) {
      err << kTool << path << ": cannot write\n";
      return false;
    }
  }
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    err << kTool << path << ": cannot write: " << ec.message() << "\n";
    return false;
  }
  return true;
}

}  // namespace

int run_import(const ImportCommand& command, std::ostream& out, std::ostream& err) {
  if (command.inputs.empty() || command.output.empty()) {
    err << kTool << "import needs FILE... and -o CASSETTE\n";
    return 1;
  }
  ImportOptions options;
  options.format = command.format;
  options.conversion.default_region = command.default_region;
  cassette::Cassette merged;
  std::vector<std::pair<std::string, SourceFormat>> sources;
  std::size_t skipped = 0;
  std::set<std::string> ids;
  for (const std::string& input : command.inputs) {
    auto imported = import_file(input, options);
    if (!imported) {
      err << kTool << imported.error().to_string() << "\n";
      return 1;
    }
    print_notes(*imported, input, command.verbose, err);
    if (!command.quiet) print_progress(*imported, input, err);
    skipped += imported->skipped;
    sources.emplace_back(input, imported->format);
    if (sources.size() == 1) {
      merged.name = imported->cassette.name;
      merged.description = imported->cassette.description;
      merged.match = imported->cassette.match;
    } else if (imported->cassette.match != merged.match) {
      err << kTool << input
          << ": its match settings (ignore_paths) differ from the other inputs': import it into a "
             "cassette of its own\n";
      return 1;
    }
    for (auto& interaction : imported->cassette.interactions) {
      if (interaction.id) {
        std::string id = *interaction.id;
        for (int n = 2; !ids.insert(id).second; ++n) id = *interaction.id + "-" + std::to_string(n);
        interaction.id = id;
      }
      merged.interactions.push_back(std::move(interaction));
    }
  }
  if (sources.size() > 1) {
    merged.name = fs::path(command.output).stem().string();
    merged.description = describe(sources);
  }
  const std::size_t redacted = redact_cassette(merged, policy_of(command.redact));
  if (auto saved = cassette::save(merged, command.output); !saved) {
    err << kTool << saved.error().to_string() << "\n";
    return 1;
  }
  out << "imported " << merged.interactions.size() << " interaction"
      << (merged.interactions.size() == 1 ? "" : "s") << " into " << command.output;
  if (skipped != 0) out << " (" << skipped << " left out, see the warnings)";
  if (redacted != 0)
    out << "; " << redacted << " secret value" << (redacted == 1 ? "" : "s") << " redacted";
  out << "\n";
  return 0;
}

int run_export(const ExportCommand& command, std::ostream& out, std::ostream& err) {
  if (command.to != "har") {
    err << kTool << "export --to " << command.to << ": only har is supported\n";
    return 1;
  }
  ImportOptions options;
  options.format = command.format;
  auto imported = import_file(command.input, options);
  if (!imported) {
    err << kTool << imported.error().to_string() << "\n";
    return 1;
  }
  print_notes(*imported, command.input, false, err);
  redact_cassette(imported->cassette, policy_of(command.redact));
  std::vector<std::string> warnings;
  const std::string har = serialize_har(imported->cassette, &warnings);
  for (const auto& warning : warnings) err << command.input << ": warning: " << warning << "\n";
  return write_text(command.output, har, out, err) ? 0 : 1;
}

int run_lint(const LintCommand& command, std::ostream& out, std::ostream& err) {
  if (command.inputs.empty()) {
    err << kTool << "lint needs FILE...\n";
    return 1;
  }
  std::size_t errors = 0;
  std::size_t warnings = 0;
  for (const std::string& input : command.inputs) {
    const LintReport report = lint_file(input, command.format);
    for (const LintFinding& finding : report.findings) {
      if (finding.severity == Severity::kInfo && !command.verbose) continue;
      out << finding.to_string() << "\n";
    }
    const std::size_t file_errors = report.count(Severity::kError);
    const std::size_t file_warnings = report.count(Severity::kWarning);
    errors += file_errors;
    warnings += file_warnings;
    out << input << ": " << (file_errors == 0 ? "ok" : "invalid") << " ("
        << to_string(report.format) << ", " << report.interactions << " interaction"
        << (report.interactions == 1 ? "" : "s") << ", " << file_errors << " error"
        << (file_errors == 1 ? "" : "s") << ", " << file_warnings << " warning"
        << (file_warnings == 1 ? "" : "s") << ")\n";
  }
  return errors != 0 || (command.strict && warnings != 0) ? 1 : 0;
}

int run_redact(const RedactCommand& command, std::ostream& out, std::ostream& err) {
  ImportOptions options;
  options.format = command.format;
  auto imported = import_file(command.input, options);
  if (!imported) {
    err << kTool << imported.error().to_string() << "\n";
    return 1;
  }
  if (command.output.empty() && imported->format != SourceFormat::kNative) {
    err << kTool << command.input << " is a " << to_string(imported->format)
        << " file: redact writes bedrock-testbed cassettes, give -o CASSETTE (the source is "
           "left as it is)\n";
    return 1;
  }
  const std::size_t changed = redact_cassette(imported->cassette, policy_of(command.redact));
  const std::string target = command.output.empty() ? command.input : command.output;
  if (auto saved = cassette::save(imported->cassette, target); !saved) {
    err << kTool << saved.error().to_string() << "\n";
    return 1;
  }
  out << "redacted " << changed << " value" << (changed == 1 ? "" : "s") << " in " << target
      << "\n";
  return 0;
}

int run_list(const ListCommand& command, std::ostream& out, std::ostream& err) {
  int status = 0;
  ImportOptions options;
  options.format = command.format;
  for (const std::string& input : command.inputs) {
    auto imported = import_file(input, options);
    if (!imported) {
      err << kTool << imported.error().to_string() << "\n";
      status = 1;
      continue;
    }
    if (command.inputs.size() > 1) out << input << ":\n";
    out << format_listing(list_interactions(imported->cassette));
  }
  return status;
}

}  // namespace bedrock::cassettes::cli
