// Cassettes as files and text: parse, load, load_all, save; plus the small model helpers.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "atomic_file.hpp"
#include "bedrock/protocol/cassette.hpp"
#include "bedrock/protocol/iso8601_time.hpp"
#include "bedrock/protocol/encoding.hpp"
#include "cassette_json.hpp"
#include "strict_json.hpp"

namespace bedrock::cassette {
namespace {

CassetteError io_error(const std::filesystem::path& path, std::string message) {
  return CassetteError{CassetteErrorKind::kIo, path.string(), "",
                       std::move(message),     std::nullopt,  std::nullopt};
}

Expected<std::string, CassetteError> read_whole_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return unexpected(io_error(path, std::string("cannot open: ") + std::strerror(errno)));
  std::string text;
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return unexpected(io_error(path, "not a regular file"));
  }
  if (static_cast<std::size_t>(info.st_size) > kMaxCassetteBytes) {
    ::close(fd);
    return unexpected(io_error(path, "file of " + std::to_string(info.st_size) +
                                         " bytes exceeds the cassette limit of " +
                                         std::to_string(kMaxCassetteBytes) + " bytes"));
  }
  text.resize(static_cast<std::size_t>(info.st_size));
  std::size_t filled = 0;
  while (true) {
    if (filled == text.size()) {
      // The file may have grown since fstat; read on, within the limit.
      if (text.size() >= kMaxCassetteBytes) break;
      text.resize(std::min(kMaxCassetteBytes, text.size() + 65536));
    }
    const ssize_t got = ::read(fd, text.data() + filled, text.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      const int error = errno;
      ::close(fd);
      return unexpected(io_error(path, std::string("cannot read: ") + std::strerror(error)));
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  ::close(fd);
  text.resize(filled);
  return text;
}

bool is_hidden(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name.front() == '.';
}

}  // namespace

std::string CassetteError::to_string() const {
  std::string text = file;
  if (line && column) text += ":" + std::to_string(*line) + ":" + std::to_string(*column);
  text += ": ";
  if (!json_path.empty()) text += json_path + ": ";
  return text + message;
}

std::optional<std::string_view> find_header(const HeaderList& headers, std::string_view name) {
  const std::string wanted = encoding::to_lower(name);
  for (const auto& header : headers) {
    if (encoding::to_lower(header.name) == wanted) return std::string_view(header.value);
  }
  return std::nullopt;
}

std::string format_recorded_at(std::chrono::system_clock::time_point when) {
  return iso8601::format_utc_millis(when);
}

Expected<Cassette, CassetteError> parse(std::string_view text, std::string_view source_name) {
  if (text.size() > kMaxCassetteBytes) {
    return unexpected(CassetteError{
        CassetteErrorKind::kInvalid, std::string(source_name), "$",
        "input exceeds the cassette limit of " + std::to_string(kMaxCassetteBytes) + " bytes",
        std::nullopt, std::nullopt});
  }
  auto document = detail::parse_strict_json(text, kMaxJsonDepth);
  if (!document) {
    const auto& failure = document.error();
    CassetteError error;
    error.file = std::string(source_name);
    error.message = failure.message;
    if (failure.kind == detail::StrictJsonError::Kind::kSyntax) {
      error.kind = CassetteErrorKind::kSyntax;
      error.line = failure.line;
      error.column = failure.column;
    } else {
      error.kind = CassetteErrorKind::kInvalid;
      error.json_path = failure.json_path;
    }
    return unexpected(std::move(error));
  }
  return detail::cassette_from_json(*document, source_name);
}

Expected<Cassette, CassetteError> load(const std::filesystem::path& path) {
  auto text = read_whole_file(path);
  if (!text) return unexpected(text.error());
  return parse(*text, path.string());
}

Expected<std::vector<LoadedCassette>, CassetteError> load_all(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return unexpected(io_error(dir, "not a folder" + (ec ? ": " + ec.message() : std::string())));
  }
  std::vector<std::filesystem::path> files;
  std::filesystem::recursive_directory_iterator it(dir, ec);
  const std::filesystem::recursive_directory_iterator end;
  for (; !ec && it != end; it.increment(ec)) {
    const auto& entry = *it;
    if (is_hidden(entry.path())) {
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (entry.path().extension() == ".json" && entry.is_regular_file(ec)) {
      files.push_back(entry.path());
    }
  }
  if (ec) return unexpected(io_error(dir, "cannot list: " + ec.message()));
  // Byte-wise order of the relative path: the same on every machine and file system.
  std::sort(files.begin(), files.end(), [&dir](const auto& a, const auto& b) {
    return a.lexically_relative(dir).generic_string() < b.lexically_relative(dir).generic_string();
  });
  std::vector<LoadedCassette> loaded;
  loaded.reserve(files.size());
  for (const auto& file : files) loaded.push_back(LoadedCassette{file, load(file)});
  return loaded;
}

Expected<void, CassetteError> save(const Cassette& cassette, const std::filesystem::path& path) {
  auto text = detail::serialize_for(cassette, path.string());
  if (!text) return unexpected(text.error());
  auto written = detail::write_file_atomically(path, *text);
  if (!written) return unexpected(io_error(path, written.error()));
  return {};
}

}  // namespace bedrock::cassette
