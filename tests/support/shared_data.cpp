#include "support/shared_data.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace bedrock::test {

std::optional<std::filesystem::path> shared_dir() {
  std::filesystem::path dir = BEDROCK_DEFAULT_SHARED_DIR;
  if (const char* env = std::getenv("BEDROCK_SHARED_DIR"); env != nullptr && *env != '\0') {
    dir = env;
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return std::nullopt;
  return dir;
}

std::optional<std::filesystem::path> shared_path(const std::string& relative) {
  auto dir = shared_dir();
  if (!dir) return std::nullopt;
  auto path = *dir / relative;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  return path;
}

bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && *ci != '\0' && std::string(ci) != "0" && std::string(ci) != "false";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::filesystem::path source_dir() { return BEDROCK_SOURCE_DIR; }

}  // namespace bedrock::test
