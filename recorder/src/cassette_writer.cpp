#include "bedrock/recorder/cassette_writer.hpp"

namespace bedrock::recorder {

CassetteWriter::CassetteWriter(std::filesystem::path path, cassette::Cassette existing)
    : path_(std::move(path)), cassette_(std::move(existing)) {}

Expected<void, cassette::CassetteError> CassetteWriter::append(cassette::Interaction interaction) {
  std::lock_guard lock(mutex_);
  cassette_.interactions.push_back(std::move(interaction));
  auto saved = cassette::save(cassette_, path_);
  if (!saved) cassette_.interactions.pop_back();
  return saved;
}

std::size_t CassetteWriter::size() const {
  std::lock_guard lock(mutex_);
  return cassette_.interactions.size();
}

}  // namespace bedrock::recorder
