// Cassettes on disk: atomic save, load, and loading a folder.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "bedrock/protocol/cassette.hpp"
#include "protocol/cassette_sample.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace bedrock::cassette {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

TEST(CassetteSave, WritesTheSerializedTextAndLeavesNoTempFile) {
  bedrock::test::TempDir dir;
  const fs::path path = dir.path() / "sample.json";
  const Cassette cassette = test::sample_cassette();
  const auto saved = save(cassette, path);
  ASSERT_TRUE(saved) << saved.error().to_string();
  EXPECT_EQ(bedrock::test::read_file(path), serialize(cassette).value());
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"sample.json"});
  const auto loaded = load(path);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_EQ(*loaded, cassette);
}

TEST(CassetteSave, ReplacesAnExistingFileAndKeepsItsPermissions) {
  bedrock::test::TempDir dir;
  const fs::path path = dir.path() / "cassette.json";
  write_text(path, "old content");
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  ASSERT_TRUE(save(test::sample_cassette(), path));
  EXPECT_EQ(load(path).value(), test::sample_cassette());
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0640u);
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"cassette.json"});
}

TEST(CassetteSave, IntoAMissingFolderFailsWithAnIoErrorNamingThePath) {
  bedrock::test::TempDir dir;
  const fs::path path = dir.path() / "no-such-folder" / "cassette.json";
  const auto saved = save(test::sample_cassette(), path);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().kind, CassetteErrorKind::kIo);
  EXPECT_EQ(saved.error().file, path.string());
  EXPECT_NE(saved.error().message.find("No such file or directory"), std::string::npos)
      << saved.error().to_string();
  EXPECT_TRUE(names_in(dir.path()).empty());
}

TEST(CassetteSave, OverAFolderFailsAndLeavesNoTempFile) {
  bedrock::test::TempDir dir;
  fs::create_directory(dir.path() / "taken.json");
  const auto saved = save(test::sample_cassette(), dir.path() / "taken.json");
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().kind, CassetteErrorKind::kIo);
  EXPECT_NE(saved.error().message.find("cannot rename"), std::string::npos)
      << saved.error().to_string();
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"taken.json"});
}

TEST(CassetteSave, InvalidModelIsRefusedAndTheExistingFileIsUntouched) {
  bedrock::test::TempDir dir;
  const fs::path path = dir.path() / "cassette.json";
  write_text(path, "previous");
  Cassette cassette = test::sample_cassette();
  std::get<Response>(cassette.interactions[0].answer).status = 1000;
  const auto saved = save(cassette, path);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().kind, CassetteErrorKind::kInvalid);
  EXPECT_EQ(saved.error().file, path.string());
  EXPECT_EQ(saved.error().json_path, "$.interactions[0].response.status");
  EXPECT_EQ(bedrock::test::read_file(path), "previous");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"cassette.json"});
}

TEST(CassetteSave, RelativePathWritesIntoTheWorkingFolder) {
  bedrock::test::TempDir dir;
  const fs::path before = fs::current_path();
  fs::current_path(dir.path());
  const auto saved = save(Cassette{}, "relative.json");
  fs::current_path(before);
  ASSERT_TRUE(saved) << saved.error().to_string();
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"relative.json"});
}

TEST(CassetteLoad, MissingFileIsAnIoErrorNamingThePath) {
  bedrock::test::TempDir dir;
  const fs::path path = dir.path() / "absent.json";
  const auto loaded = load(path);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, CassetteErrorKind::kIo);
  EXPECT_EQ(loaded.error().file, path.string());
}

TEST(CassetteLoad, FolderIsNotACassette) {
  bedrock::test::TempDir dir;
  const auto loaded = load(dir.path());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, CassetteErrorKind::kIo);
}

TEST(CassetteLoad, ErrorsNameTheLoadedFile) {
  bedrock::test::TempDir dir;
  const fs::path path = dir.path() / "broken.json";
  write_text(path, "{\"format\": \"bedrock-testbed-cassette/1\", \"interactions\": 3}");
  const auto loaded = load(path);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().file, path.string());
  EXPECT_EQ(loaded.error().json_path, "$.interactions");
}

TEST(CassetteLoadAll, ReturnsEveryJsonFileInStableOrderWithErrorsPerFile) {
  bedrock::test::TempDir dir;
  fs::create_directories(dir.path() / "nested");
  fs::create_directories(dir.path() / ".hidden");
  ASSERT_TRUE(save(test::sample_cassette(), dir.path() / "b.json"));
  ASSERT_TRUE(save(Cassette{}, dir.path() / "a.json"));
  ASSERT_TRUE(save(Cassette{}, dir.path() / "nested" / "c.json"));
  ASSERT_TRUE(save(Cassette{}, dir.path() / ".hidden" / "d.json"));
  write_text(dir.path() / "bad.json", "{");
  write_text(dir.path() / "notes.txt", "not a cassette");
  write_text(dir.path() / ".a.json.tmp-1", "left over");

  const auto loaded = load_all(dir.path());
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  std::vector<std::string> order;
  for (const auto& entry : *loaded)
    order.push_back(entry.path.lexically_relative(dir.path()).generic_string());
  EXPECT_EQ(order, (std::vector<std::string>{"a.json", "b.json", "bad.json", "nested/c.json"}));
  EXPECT_TRUE((*loaded)[0].cassette);
  ASSERT_TRUE((*loaded)[1].cassette);
  EXPECT_EQ(*(*loaded)[1].cassette, test::sample_cassette());
  ASSERT_FALSE((*loaded)[2].cassette);
  EXPECT_EQ((*loaded)[2].cassette.error().kind, CassetteErrorKind::kSyntax);
  EXPECT_EQ((*loaded)[2].cassette.error().file, (dir.path() / "bad.json").string());
  EXPECT_TRUE((*loaded)[3].cassette);
}

TEST(CassetteLoadAll, MissingFolderIsAnIoError) {
  bedrock::test::TempDir dir;
  const auto loaded = load_all(dir.path() / "missing");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, CassetteErrorKind::kIo);
  EXPECT_EQ(loaded.error().file, (dir.path() / "missing").string());
}

}  // namespace
}  // namespace bedrock::cassette
