#pragma once
// A temporary HOME with ~/.aws/config and ~/.aws/credentials, and a FakeEnvironment pointing at it.
#include <filesystem>
#include <fstream>
#include <string>

#include "bedrock/client/environment.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::client::test {

class FakeHome {
 public:
  FakeHome() {
    std::filesystem::create_directories(home() / ".aws");
    environment.set_home(home());
  }
  const std::filesystem::path& home() const { return dir_.path(); }
  std::filesystem::path config_path() const { return home() / ".aws" / "config"; }
  std::filesystem::path credentials_path() const { return home() / ".aws" / "credentials"; }

  std::filesystem::path write(const std::filesystem::path& path, const std::string& text) const {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  void write_config(const std::string& text) const { write(config_path(), text); }
  void write_credentials(const std::string& text) const { write(credentials_path(), text); }

  FakeEnvironment environment;

 private:
  bedrock::test::TempDir dir_;
};

}  // namespace bedrock::client::test
