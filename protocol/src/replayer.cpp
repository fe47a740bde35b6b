#include "bedrock/protocol/replayer.hpp"

#include <filesystem>
#include <set>
#include <system_error>

namespace bedrock::replay {
namespace {

namespace fs = std::filesystem;

// Identity of a file for de-duplication: its canonical path when it can be resolved.
std::string identity_of(const fs::path& path) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? path.lexically_normal().string() : canonical.string();
}

}  // namespace

Expected<Replayer, ReplayLoadError> Replayer::load(const std::vector<std::string>& paths) {
  std::vector<SourcedCassette> cassettes;
  std::set<std::string> seen;
  const auto add = [&](const fs::path& file,
                       Expected<cassette::Cassette, cassette::CassetteError> loaded)
      -> std::optional<ReplayLoadError> {
    if (!loaded) return ReplayLoadError{file.string(), loaded.error().to_string()};
    if (seen.insert(identity_of(file)).second) {
      cassettes.push_back(SourcedCassette{file.string(), std::move(*loaded)});
    }
    return std::nullopt;
  };

  for (const std::string& given : paths) {
    const fs::path path(given);
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (fs::is_directory(status)) {
      auto listed = cassette::load_all(path);
      if (!listed) return unexpected(ReplayLoadError{given, listed.error().to_string()});
      for (cassette::LoadedCassette& entry : *listed) {
        if (auto error = add(entry.path, std::move(entry.cassette))) return unexpected(*error);
      }
    } else if (fs::exists(status)) {
      if (auto error = add(path, cassette::load(path))) return unexpected(*error);
    } else if (status.type() == fs::file_type::not_found) {
      return unexpected(ReplayLoadError{given, given + ": no such cassette file or folder"});
    } else {
      return unexpected(ReplayLoadError{given, given + ": cannot read: " + ec.message()});
    }
  }
  return from_cassettes(std::move(cassettes));
}

Expected<Replayer, ReplayLoadError> Replayer::from_cassettes(
    std::vector<SourcedCassette> cassettes) {
  auto index = CassetteIndex::build(std::move(cassettes));
  if (!index) return unexpected(index.error());
  return Replayer(std::move(*index));
}

namespace {

ReplayResult miss_of(const ReplayQuery& query, const CassetteIndex& index) {
  MissReport report = make_miss_report(query, index.closest(query));
  errors::WireResponse response = render_replay_miss(report);
  return ReplayResult{ReplayMiss{std::move(report), std::move(response)}};
}

}  // namespace

ReplayResult Replayer::find(const ReplayQuery& query) {
  if (std::optional<ReplayHit> hit = index_.find(query)) return ReplayResult{*hit};
  return miss_of(query, index_);
}

ReplayResult Replayer::find(const ReplayQuery& query, ReplayCursors& cursors) const {
  if (std::optional<ReplayHit> hit = index_.find(query, cursors)) return ReplayResult{*hit};
  return miss_of(query, index_);
}

void Replayer::reset() { index_.reset(); }

}  // namespace bedrock::replay
