#include "bedrock/transport/service_process.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/temp_dir.hpp"

namespace bedrock::transport {
namespace {

TEST(PortFile, HoldsThePortAndNoTemporaryFileIsLeft) {
  bedrock::test::TempDir dir;
  const auto path = dir.path() / "port";
  ASSERT_TRUE(write_port_file(path.string(), 43127));
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "43127\n");
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));
}

TEST(PortFile, AnUnwritableFolderIsAnErrorNamingTheFile) {
  bedrock::test::TempDir dir;
  const auto path = dir.path() / "missing-folder" / "port";
  auto written = write_port_file(path.string(), 1);
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().find(path.string()), std::string::npos) << written.error();
}

}  // namespace
}  // namespace bedrock::transport
