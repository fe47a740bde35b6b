#pragma once
// What importing a cassette file can say: one error that stops it (the file, where in it, what is
// wrong), or notes about what was imported: what the source kept exactly, what had to be rebuilt,
// what was left out and why. Errors are values (protocol Expected); nothing here throws.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace bedrock::cassettes {

struct ImportError {
  std::string file;      // the path or source name given
  std::string location;  // "interactions[2].response.status", "$.log.entries[0].request.url"
  std::optional<std::size_t> line;    // 1-based, when the reader knows it
  std::optional<std::size_t> column;  // 1-based
  std::string message;

  // "file:12:5: interactions[2].response.status: message" (parts that are unknown left out).
  std::string to_string() const;
};

enum class NoteLevel {
  kInfo,     // how bytes were carried over (rebuilt from parsed JSON, decompressed, ...)
  kWarning,  // something the replay cannot reproduce, or an interaction left out
};

struct ImportNote {
  NoteLevel level = NoteLevel::kInfo;
  std::string location;                    // in the source: "interactions[3]"
  std::optional<std::size_t> line;         // 1-based, when known
  std::optional<std::size_t> interaction;  // index in the imported cassette; nullopt if skipped
  std::string message;

  // "location: message" with the line when known.
  std::string to_string() const;
};

}  // namespace bedrock::cassettes
