#pragma once
// The cassette being recorded: every completed interaction is appended and the whole file is
// saved atomically at once (cassette::save: temp file, fsync, rename), so a kill -9 at any
// moment leaves a valid cassette holding every completed interaction. Appends are serialised:
// concurrent requests are written one whole interaction after another, never interleaved.
#include <cstddef>
#include <filesystem>
#include <mutex>

#include "bedrock/protocol/cassette.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::recorder {

class CassetteWriter {
 public:
  // `existing`: the interactions already in the file (kept, written back unchanged).
  CassetteWriter(std::filesystem::path path, cassette::Cassette existing);

  // Thread-safe. On a failed save the interaction is left out (an invalid one would otherwise
  // block every later save) and the file on disk stays the previous valid one.
  Expected<void, cassette::CassetteError> append(cassette::Interaction interaction);

  std::size_t size() const;  // interactions, recorded and pre-existing
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  mutable std::mutex mutex_;
  cassette::Cassette cassette_;
};

}  // namespace bedrock::recorder
