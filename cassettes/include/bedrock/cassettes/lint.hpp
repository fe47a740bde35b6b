#pragma once
// bedrock-cassette lint: is this file a cassette that replays as its author expects, and is it
// safe to commit? Every finding names the file, the interaction and the field:
//   cassettes/x.json: interaction 3 "haiku": $.interactions[3].request.operation: error:
//   operation "Converse" does not match the path (POST /model/m/converse-stream is ConverseStream)
// Errors: the file does not load (syntax, a missing or mistyped field, with the line when known),
// a request whose operation or model ID contradicts its path, a secret left in a header or query.
// Warnings: what replay cannot reproduce (a body the source did not keep, a stream that does not
// decode), a Content-Length that is not the body's length, events after a stream exception.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bedrock/cassettes/importers.hpp"
#include "bedrock/cassettes/source_format.hpp"

namespace bedrock::cassettes {

enum class Severity { kError, kWarning, kInfo };
std::string_view to_string(Severity severity);

struct LintFinding {
  Severity severity = Severity::kError;
  std::string file;
  std::optional<std::size_t> interaction;  // 0-based index in the source's list
  std::optional<std::string> interaction_id;
  std::string field;                // "$.interactions[3].request.operation"; may be empty
  std::optional<std::size_t> line;  // 1-based, when known
  std::optional<std::size_t> column;
  std::string message;

  std::string to_string() const;
};

struct LintReport {
  std::string file;
  SourceFormat format = SourceFormat::kAuto;  // as read; kAuto when the file did not load
  std::size_t interactions = 0;
  std::vector<LintFinding> findings;

  std::size_t count(Severity severity) const;
};

// The checks on a loaded cassette (origins[i] names interaction i in its source).
std::vector<LintFinding> lint_imported(const ImportedCassette& imported, const std::string& file);

LintReport lint_file(const std::filesystem::path& path, SourceFormat format = SourceFormat::kAuto);

}  // namespace bedrock::cassettes
