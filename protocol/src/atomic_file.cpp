#include "atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <random>

namespace bedrock::cassette::detail {
namespace {

std::string describe(const std::string& step, const std::filesystem::path& path, int error) {
  return step + " " + path.string() + ": " + std::strerror(error);
}

// A hidden name that does not end in ".json", so load_all() never picks up a leftover.
std::filesystem::path temp_name(const std::filesystem::path& path) {
  static std::atomic<unsigned> counter{0};
  std::random_device random;
  return path.parent_path() /
         ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
          std::to_string(counter++) + "-" + std::to_string(random()));
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

Expected<void, std::string> sync_folder(const std::filesystem::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return unexpected(describe("cannot open folder", folder, errno));
  const int result = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (result != 0) return unexpected(describe("cannot fsync folder", folder, error));
  return {};
}

}  // namespace

Expected<void, std::string> write_file_atomically(const std::filesystem::path& target,
                                                  std::string_view bytes) {
  const std::filesystem::path path =
      target.has_parent_path() ? target : std::filesystem::path(".") / target;
  if (!path.has_filename())
    return unexpected("cannot write " + target.string() + ": not a file name");

  std::filesystem::path temp;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    temp = temp_name(path);
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    return unexpected(describe("cannot create a temporary file for", target, errno));
  }

  auto abandon = [&](const std::string& step, int error) -> Expected<void, std::string> {
    if (fd >= 0) ::close(fd);
    ::unlink(temp.c_str());
    return unexpected(describe(step, target, error));
  };

  // Keep the permissions of the file being replaced.
  struct stat existing {};
  if (::stat(path.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
    if (::fchmod(fd, existing.st_mode & 07777) != 0) return abandon("cannot set mode for", errno);
  }
  if (!write_all(fd, bytes)) return abandon("cannot write", errno);
  if (::fsync(fd) != 0) return abandon("cannot fsync", errno);
  const int closed = ::close(fd);
  fd = -1;
  if (closed != 0) return abandon("cannot close", errno);
  if (::rename(temp.c_str(), path.c_str()) != 0) return abandon("cannot rename over", errno);
  return sync_folder(path.parent_path());
}

}  // namespace bedrock::cassette::detail
