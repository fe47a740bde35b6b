#pragma once
// Cassette files and folders as bedrock-mock loads them: any supported format, detected per file
// or forced, into the sourced cassettes the protocol's replayer indexes.
#include <filesystem>
#include <string>
#include <vector>

#include "bedrock/cassettes/import_error.hpp"
#include "bedrock/cassettes/source_format.hpp"
#include "bedrock/protocol/cassette_index.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::cassettes {

// The cassette files below `dir`, recursively, ordered by path relative to `dir` (byte-wise), names
// starting with '.' skipped (the atomic writer's temp files). Native: *.json. Any other format,
// and auto: *.json, *.har, *.yaml, *.yml.
Expected<std::vector<std::filesystem::path>, ImportError> cassette_files(
    const std::filesystem::path& dir, SourceFormat format);

// Files and folders, each file imported in `format` (auto: detected per file). The first file
// that does not load stops the load, with its error (file, line or JSON path, field). A file
// named twice, directly or through a folder, is loaded once.
Expected<std::vector<replay::SourcedCassette>, replay::ReplayLoadError> load_replay_sources(
    const std::vector<std::string>& paths, SourceFormat format = SourceFormat::kAuto);

}  // namespace bedrock::cassettes
