// The AWS shared config/credentials INI dialect, as botocore reads it.
#include "bedrock/protocol/aws_config_file.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.hpp"

namespace bedrock::aws_config {
namespace {

IniDocument parse_ok(std::string_view text) {
  auto parsed = parse_ini(text, "config");
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().to_string());
  return parsed ? *parsed : IniDocument{};
}

std::string value_of(const IniDocument& document, std::string_view section, std::string_view key) {
  const auto* found = document.find(section);
  if (found == nullptr) return "<no section>";
  const auto* setting = found->find(key);
  return setting == nullptr ? "<no key>" : setting->value;
}

TEST(ParseIni, ReadsSectionsKeysAndValuesWithSurroundingWhitespaceTrimmed) {
  const auto document = parse_ok("[default]\n  region   =   us-east-2  \noutput=json\n");
  ASSERT_EQ(document.sections.size(), 1u);
  EXPECT_EQ(document.sections[0].name, "default");
  EXPECT_EQ(value_of(document, "default", "region"), "us-east-2");
  EXPECT_EQ(value_of(document, "default", "output"), "json");
}

TEST(ParseIni, ColonIsAlsoAKeyValueDelimiterAndTheFirstDelimiterSplits) {
  const auto document =
      parse_ok("[default]\nregion: eu-west-1\nendpoint_url = http://localhost:8080/x=y\n");
  EXPECT_EQ(value_of(document, "default", "region"), "eu-west-1");
  EXPECT_EQ(value_of(document, "default", "endpoint_url"), "http://localhost:8080/x=y");
}

TEST(ParseIni, KeysAreCaseInsensitiveButSectionNamesAreNot) {
  const auto document = parse_ok("[Prod]\nAWS_Access_Key_ID = AKID\n");
  EXPECT_EQ(value_of(document, "Prod", "aws_access_key_id"), "AKID");
  EXPECT_EQ(document.find("prod"), nullptr);
}

TEST(ParseIni, HashAndSemicolonLinesAreCommentsButInlineTextIsKept) {
  const auto document = parse_ok(
      "# top\n; also\n[default]\n  # indented comment\nregion = us-west-2 # not a comment\n");
  EXPECT_EQ(value_of(document, "default", "region"), "us-west-2 # not a comment");
}

TEST(ParseIni, CommentAfterASectionHeaderIsAllowed) {
  const auto document = parse_ok("[default] ; the usual one\nregion = us-east-1\n");
  EXPECT_EQ(value_of(document, "default", "region"), "us-east-1");
}

TEST(ParseIni, DeeperIndentedLinesContinueTheValue) {
  const auto document = parse_ok("[default]\nnote = first\n  second\n\n  third\nregion = x\n");
  EXPECT_EQ(value_of(document, "default", "note"), "first\nsecond\nthird");
  EXPECT_EQ(value_of(document, "default", "region"), "x");
}

TEST(ParseIni, AnEmptyValueWithIndentedLinesIsASubSection) {
  const auto document = parse_ok(
      "[services local]\n"
      "bedrock_runtime =\n"
      "  endpoint_url = http://localhost:8080\n"
      "  # a comment inside\n"
      "  Other_Key=v\n"
      "bedrock =\n"
      "\tendpoint_url = http://localhost:9090\n");
  const auto* section = document.find("services local");
  ASSERT_NE(section, nullptr);
  const auto* runtime = section->find("bedrock_runtime");
  ASSERT_NE(runtime, nullptr);
  EXPECT_TRUE(runtime->is_sub_section());
  EXPECT_EQ(runtime->value, "");
  ASSERT_EQ(runtime->sub_settings.size(), 2u);
  EXPECT_EQ(runtime->sub_settings.at("endpoint_url").value, "http://localhost:8080");
  EXPECT_EQ(runtime->sub_settings.at("endpoint_url").line, 3);
  EXPECT_EQ(runtime->sub_settings.at("other_key").value, "v");
  EXPECT_EQ(section->find("bedrock")->sub_settings.at("endpoint_url").value,
            "http://localhost:9090");
}

TEST(ParseIni, IndentedKeysAtTheSameDepthAreSeparateKeys) {
  const auto document = parse_ok("[default]\n  region = a\n  output = b\n");
  EXPECT_EQ(value_of(document, "default", "region"), "a");
  EXPECT_EQ(value_of(document, "default", "output"), "b");
}

TEST(ParseIni, DuplicateKeysKeepTheLastValueAndItsLine) {
  const auto document = parse_ok("[default]\nregion = a\nregion = b\n");
  EXPECT_EQ(value_of(document, "default", "region"), "b");
  EXPECT_EQ(document.find("default")->find("region")->line, 3);
}

TEST(ParseIni, RepeatedSectionsAreMergedInFileOrder) {
  const auto document = parse_ok("[a]\nx = 1\ny = 2\n[b]\nz = 3\n[a]\ny = 22\n");
  ASSERT_EQ(document.sections.size(), 2u);
  EXPECT_EQ(document.sections[0].name, "a");
  EXPECT_EQ(document.sections[0].line, 1);
  EXPECT_EQ(value_of(document, "a", "x"), "1");
  EXPECT_EQ(value_of(document, "a", "y"), "22");
}

TEST(ParseIni, CrlfLineEndingsAndAMissingFinalNewlineAreFine) {
  const auto document = parse_ok("[default]\r\nregion = us-east-1\r\noutput = json");
  EXPECT_EQ(value_of(document, "default", "region"), "us-east-1");
  EXPECT_EQ(value_of(document, "default", "output"), "json");
}

TEST(ParseIni, EmptyTextIsAnEmptyDocument) {
  EXPECT_TRUE(parse_ok("").sections.empty());
  EXPECT_TRUE(parse_ok("\n# only comments\n\n").sections.empty());
}

struct BadIni {
  std::string name;
  std::string text;
  ConfigFileError::Kind kind;
  int line;
};

void PrintTo(const BadIni& test_case, std::ostream* out) { *out << test_case.name; }

class ParseIniErrors : public ::testing::TestWithParam<BadIni> {};

TEST_P(ParseIniErrors, AreTypedAndNameTheFileAndLine) {
  const auto parsed = parse_ini(GetParam().text, "/home/u/.aws/config");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, GetParam().kind);
  EXPECT_EQ(parsed.error().file, "/home/u/.aws/config");
  EXPECT_EQ(parsed.error().line, GetParam().line);
  EXPECT_EQ(parsed.error().to_string().rfind(
                "/home/u/.aws/config:" + std::to_string(GetParam().line) + ": ", 0),
            0u);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseIniErrors,
    ::testing::Values(
        BadIni{"KeyBeforeAnySection", "region = x\n", ConfigFileError::Kind::kMissingSectionHeader,
               1},
        BadIni{"UnclosedHeader", "# c\n[default\n", ConfigFileError::Kind::kBadSectionHeader, 2},
        BadIni{"EmptyHeader", "[ ]\n", ConfigFileError::Kind::kBadSectionHeader, 1},
        BadIni{"TextAfterHeader", "[default] x\n", ConfigFileError::Kind::kBadSectionHeader, 1},
        BadIni{"LineWithoutDelimiter", "[default]\nregion\n",
               ConfigFileError::Kind::kExpectedKeyValue, 2},
        BadIni{"DelimiterWithoutKey", "[default]\n= value\n",
               ConfigFileError::Kind::kExpectedKeyValue, 2},
        BadIni{"SubSectionLineWithoutEquals", "[services s]\nbedrock_runtime =\n  a = 1\n  junk\n",
               ConfigFileError::Kind::kBadSubSetting, 4}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(ParseIni, RefusesTextLargerThanTheLimit) {
  const std::string huge(kMaxConfigFileBytes + 1, '#');
  const auto parsed = parse_ini(huge, "big");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, ConfigFileError::Kind::kTooLarge);
  EXPECT_EQ(parsed.error().line, 0);
}

TEST(ParseSharedFile, ConfigFileNamesProfilesWithThePrefixAndDefaultWithout) {
  const auto file = parse_shared_file(
      "[default]\nregion = a\n[profile dev]\nregion = b\n[profile \"with space\"]\nregion = c\n"
      "[services local]\nbedrock_runtime =\n  endpoint_url = http://x\n"
      "[prod]\nregion = d\n[sso-session s]\nx = y\n[profile a b]\nregion = e\n",
      "config", FileKind::kConfig);
  ASSERT_TRUE(file) << file.error().to_string();
  ASSERT_NE(file->profile("default"), nullptr);
  EXPECT_EQ(file->profile("dev")->find("region")->value, "b");
  EXPECT_EQ(file->profile("dev")->name, "dev");
  EXPECT_EQ(file->profile("with space")->find("region")->value, "c");
  EXPECT_EQ(file->profile("prod"), nullptr);  // `[prod]` is not a profile in the config file
  EXPECT_EQ(file->profile("a b"), nullptr);   // three words: not a profile (botocore)
  ASSERT_NE(file->services_section("local"), nullptr);
  EXPECT_EQ(file->other_sections,
            (std::vector<std::string>{"prod", "sso-session s", "profile a b"}));
}

TEST(ParseSharedFile, DefaultAndProfileDefaultMergeInTheConfigFile) {
  const auto file = parse_shared_file(
      "[default]\nregion = a\noutput = json\n"
      "[profile default]\nregion = b\n",
      "config", FileKind::kConfig);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->profile("default")->find("region")->value, "b");
  EXPECT_EQ(file->profile("default")->find("output")->value, "json");
}

TEST(ParseSharedFile, CredentialsFileNamesProfilesWithoutAPrefix) {
  const auto file = parse_shared_file(
      "[default]\naws_access_key_id = A\n[dev]\naws_access_key_id = B\n"
      "[profile x]\naws_access_key_id = C\n",
      "credentials", FileKind::kCredentials);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->profile("dev")->find("aws_access_key_id")->value, "B");
  EXPECT_EQ(file->profile("x"), nullptr);
  EXPECT_NE(file->profile("profile x"), nullptr);  // taken literally, as botocore does
}

TEST(LoadSharedFile, AMissingFileIsEmptyAndNotAnError) {
  test::TempDir dir;
  const auto file = load_shared_file(dir.path() / "absent", FileKind::kConfig);
  ASSERT_TRUE(file);
  EXPECT_FALSE(file->exists);
  EXPECT_TRUE(file->profiles.empty());
}

TEST(LoadSharedFile, ReadsAFileAndReportsErrorsWithItsPath) {
  test::TempDir dir;
  const auto path = dir.path() / "config";
  std::ofstream(path) << "[profile p]\nregion = us-east-2\nbroken line\n";
  const auto file = load_shared_file(path, FileKind::kConfig);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().file, path.string());
  EXPECT_EQ(file.error().line, 3);
}

TEST(LoadSharedFile, ADirectoryIsUnreadable) {
  test::TempDir dir;
  const auto file = load_shared_file(dir.path(), FileKind::kConfig);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().kind, ConfigFileError::Kind::kUnreadable);
}

}  // namespace
}  // namespace bedrock::aws_config
