#pragma once
// Importing a cassette file of any supported format into the project's cassette model
// (bedrock::cassette::Cassette). Each format has a reader that only knows its file layout and
// yields CapturedExchanges; captured_exchange.hpp turns those into interactions, the same way
// for every format.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bedrock/cassettes/captured_exchange.hpp"
#include "bedrock/cassettes/import_error.hpp"
#include "bedrock/cassettes/source_format.hpp"
#include "bedrock/protocol/cassette.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::cassettes {

// A file as its reader saw it: the exchanges in file order, and what the file says about itself.
struct CapturedFile {
  std::vector<CapturedExchange> exchanges;
  std::optional<std::string> name;         // HAR exports of ours: log._bedrockCassette.name
  std::optional<std::string> description;  // idem
  cassette::MatchSettings match;           // idem
  bool from_testbed = false;  // the file carries log._bedrockCassette: name/description as given
};

Expected<CapturedFile, ImportError> read_vcr_file(std::string_view text, std::string_view source);
Expected<CapturedFile, ImportError> read_nock_file(std::string_view text, std::string_view source);
Expected<CapturedFile, ImportError> read_har_file(std::string_view text, std::string_view source);

struct ImportOptions {
  SourceFormat format = SourceFormat::kAuto;
  ConversionOptions conversion;
};

struct ImportedCassette {
  SourceFormat format = SourceFormat::kNative;  // the format the file was read as
  cassette::Cassette cassette;
  // Per interaction, where it came from in the source ("interactions[3]", "$.log.entries[0]";
  // "$.interactions[3]" for a native cassette), for messages that name the source's field.
  std::vector<std::string> origins;
  std::vector<std::optional<std::size_t>> origin_lines;  // 1-based, when known
  // Per interaction, how long it took as the source recorded it (HAR entry.time); nullopt when
  // the source keeps no timing (vcr, nock, native cassettes), for the import's progress lines.
  std::vector<std::optional<double>> durations_ms;
  std::vector<ImportNote> notes;
  std::size_t skipped = 0;  // exchanges left out (not Bedrock operations, unusable)
};

// `source_name` names the input in errors and gives the cassette its default name (its stem).
// A native cassette is loaded as cassette::parse does (same errors, JSON paths included).
// Interaction ids: the source's own when it has them (our HAR exports), else "<stem>#<index>",
// the index counting every exchange of the file, so an id names the position in the source.
Expected<ImportedCassette, ImportError> import_text(std::string_view text,
                                                    std::string_view source_name,
                                                    const ImportOptions& options = {});
Expected<ImportedCassette, ImportError> import_file(const std::filesystem::path& path,
                                                    const ImportOptions& options = {});

}  // namespace bedrock::cassettes
