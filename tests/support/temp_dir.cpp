#include "support/temp_dir.hpp"

#include <cstdlib>
#include <string>

namespace bedrock::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "bedrock-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::filesystem::filesystem_error("mkdtemp", {});
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace bedrock::test
