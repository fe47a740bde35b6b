#include "bedrock/cassettes/cassette_source.hpp"

#include <algorithm>
#include <set>
#include <system_error>

#include "bedrock/cassettes/importers.hpp"

namespace bedrock::cassettes {
namespace {

namespace fs = std::filesystem;

bool is_cassette_file(const fs::path& path, SourceFormat format) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (format == SourceFormat::kNative) return extension == ".json";
  return extension == ".json" || extension == ".har" || extension == ".yaml" || extension == ".yml";
}

// Identity of a file for de-duplication: its canonical path when it can be resolved.
std::string identity_of(const fs::path& path) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? path.lexically_normal().string() : canonical.string();
}

}  // namespace

Expected<std::vector<fs::path>, ImportError> cassette_files(const fs::path& dir,
                                                            SourceFormat format) {
  std::vector<std::pair<std::string, fs::path>> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec);
  const auto fail = [&dir](const std::error_code& error) {
    return unexpected(ImportError{dir.string(), "", std::nullopt, std::nullopt,
                                  "cannot list: " + error.message()});
  };
  if (ec) return fail(ec);
  for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) return fail(ec);
    const std::string name = it->path().filename().string();
    if (!name.empty() && name.front() == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec) || !is_cassette_file(it->path(), format)) continue;
    found.emplace_back(fs::relative(it->path(), dir, ec).string(), it->path());
  }
  if (ec) return fail(ec);
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<fs::path> files;
  for (auto& [relative, path] : found) files.push_back(std::move(path));
  return files;
}

Expected<std::vector<replay::SourcedCassette>, replay::ReplayLoadError> load_replay_sources(
    const std::vector<std::string>& paths, SourceFormat format) {
  std::vector<replay::SourcedCassette> cassettes;
  std::set<std::string> seen;
  ImportOptions options;
  options.format = format;
  const auto add = [&](const fs::path& file) -> std::optional<replay::ReplayLoadError> {
    if (!seen.insert(identity_of(file)).second) return std::nullopt;
    auto imported = import_file(file, options);
    if (!imported) return replay::ReplayLoadError{file.string(), imported.error().to_string()};
    cassettes.push_back({file.string(), std::move(imported->cassette)});
    return std::nullopt;
  };
  for (const std::string& given : paths) {
    const fs::path path(given);
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (fs::is_directory(status)) {
      auto files = cassette_files(path, format);
      if (!files) return unexpected(replay::ReplayLoadError{given, files.error().to_string()});
      for (const fs::path& file : *files) {
        if (auto error = add(file)) return unexpected(*error);
      }
    } else if (fs::exists(status)) {
      if (auto error = add(path)) return unexpected(*error);
    } else if (status.type() == fs::file_type::not_found) {
      return unexpected(
          replay::ReplayLoadError{given, given + ": no such cassette file or folder"});
    } else {
      return unexpected(replay::ReplayLoadError{given, given + ": cannot read: " + ec.message()});
    }
  }
  return cassettes;
}

}  // namespace bedrock::cassettes
