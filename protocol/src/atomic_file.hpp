#pragma once
// Replacing a file so that readers (and a crash) see the old content or the new, never a part.
// Internal to bedrock_protocol.
#include <filesystem>
#include <string>
#include <string_view>

#include "bedrock/protocol/expected.hpp"

namespace bedrock::cassette::detail {

// Writes `bytes` to a new temp file beside `path` (same folder, so rename is atomic), fsyncs it,
// renames it over `path` and fsyncs the folder so the rename itself is durable. The temp file is
// removed on every failure. A replaced file keeps its permission bits; a new one gets 0666 &
// ~umask. The error is a sentence naming the path and the failing step.
Expected<void, std::string> write_file_atomically(const std::filesystem::path& path,
                                                  std::string_view bytes);

}  // namespace bedrock::cassette::detail
