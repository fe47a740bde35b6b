#pragma once
// Helpers for the importer tests: the recordings under tests/golden/imports/ (written by its
// make_fixtures.py), imported with the product importer, and the frames of a stream.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "bedrock/cassettes/importers.hpp"
#include "bedrock/protocol/event_stream.hpp"
#include "support/shared_data.hpp"

namespace bedrock::cassettes::test_support {

inline std::filesystem::path fixture(const std::string& name) {
  return bedrock::test::source_dir() / "tests" / "golden" / "imports" / name;
}

// Imports a fixture; a failure fails the test and returns an empty cassette.
inline ImportedCassette import_fixture(const std::string& name,
                                       SourceFormat format = SourceFormat::kAuto) {
  ImportOptions options;
  options.format = format;
  auto imported = import_file(fixture(name), options);
  EXPECT_TRUE(imported) << imported.error().to_string();
  return imported ? std::move(*imported) : ImportedCassette{};
}

// The stream's events framed again with the project's codec: the bytes replay sends.
inline std::string frames_of(const cassette::Stream& stream) {
  std::string bytes;
  for (const auto& event : stream.events) {
    auto frame = event_stream::encode(event.message);
    EXPECT_TRUE(frame);
    if (frame) bytes += *frame;
  }
  return bytes;
}

inline bool has_note(const ImportedCassette& imported, std::string_view text) {
  for (const auto& note : imported.notes) {
    if (note.message.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace bedrock::cassettes::test_support
