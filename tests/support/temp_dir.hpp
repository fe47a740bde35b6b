#pragma once
// A fresh folder under the system temp dir, removed when the object dies. Tests write
// only here (CI's shared/ is read-only).
#include <filesystem>

namespace bedrock::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace bedrock::test
