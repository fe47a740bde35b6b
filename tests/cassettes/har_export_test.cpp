// HAR export: the file is HAR 1.2 (the members the spec requires are there; the npm HAR validator
// checks the schema in tests/conformance/har.test.mjs), and importing it gives back the cassette.
#include "bedrock/cassettes/har_export.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "bedrock/cassettes/importers.hpp"
#include "support/shared_data.hpp"

namespace bedrock::cassettes {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> bundled_and_golden_cassettes() {
  std::vector<fs::path> files;
  for (const char* dir : {"fixtures/cassettes", "tests/golden/cassettes"}) {
    for (const auto& entry : fs::directory_iterator(test::source_dir() / dir)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(HarExport, EveryBundledCassetteReimportsToTheSameCassette) {
  std::size_t checked = 0;
  for (const auto& path : bundled_and_golden_cassettes()) {
    auto original = cassette::load(path);
    ASSERT_TRUE(original) << original.error().to_string();
    std::vector<std::string> warnings;
    const std::string har = serialize_har(*original, &warnings);
    if (!warnings.empty()) continue;  // body_encodings.json: an event the wire cannot carry
    ImportOptions options;
    options.format = SourceFormat::kHar;
    auto back = import_text(har, path.filename().string() + ".har", options);
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_TRUE(back->notes.empty()) << path << ": " << back->notes.front().to_string();
    EXPECT_EQ(back->cassette, *original) << path;
    ++checked;
  }
  EXPECT_GE(checked, 4u);
}

TEST(HarExport, HasTheMembersHar12Requires) {
  auto original =
      cassette::load(test::source_dir() / "fixtures/cassettes/converse-stream-nova-lite.json");
  ASSERT_TRUE(original);
  const auto har = to_har(*original);
  const auto& log = har.at("log");
  EXPECT_EQ(log.at("version"), "1.2");
  EXPECT_EQ(log.at("creator").at("name"), "bedrock-cassette");
  const auto& entry = log.at("entries").at(0);
  for (const char* member :
       {"startedDateTime", "time", "request", "response", "cache", "timings"}) {
    EXPECT_TRUE(entry.contains(member)) << member;
  }
  for (const char* member : {"method", "url", "httpVersion", "cookies", "headers", "queryString",
                             "headersSize", "bodySize"}) {
    EXPECT_TRUE(entry.at("request").contains(member)) << member;
  }
  for (const char* member : {"status", "statusText", "httpVersion", "cookies", "headers", "content",
                             "redirectURL", "headersSize", "bodySize"}) {
    EXPECT_TRUE(entry.at("response").contains(member)) << member;
  }
  EXPECT_EQ(entry.at("request").at("url"),
            "https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-lite-v1%3A0/"
            "converse-stream");
  EXPECT_EQ(entry.at("response").at("content").at("encoding"), "base64");
  EXPECT_EQ(entry.at("response").at("content").at("mimeType"),
            "application/vnd.amazon.eventstream");
  EXPECT_EQ(entry.at("_bedrock").at("offsetsMs").size(),
            original->interactions[0].stream()->events.size());
}

TEST(HarExport, AnEventTheWireCannotCarryEndsItsStreamWithAWarning) {
  auto original = cassette::load(test::source_dir() / "tests/golden/cassettes/body_encodings.json");
  ASSERT_TRUE(original);
  std::vector<std::string> warnings;
  const auto har = to_har(*original, &warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("interaction 2 event 1"), std::string::npos);
  EXPECT_EQ(har["log"]["entries"][2]["_bedrock"]["streamEnd"], "reset");
}

TEST(HarExport, AHeaderValueThatIsNotUtf8IsExportedAsBase64AndNeverAborts) {
  cassette::Cassette original;
  cassette::Interaction interaction;
  interaction.recorded_at = "2025-01-01T00:00:00Z";
  interaction.request = {"POST", "/model/m/converse", "Converse",
                         "m",    "us-east-1",         {{"Content-Type", "appl\xd8ication/json"}},
                         "{}"};
  interaction.answer = cassette::Response{200, {{"Content-Type", "text/\xff"}}, "ok"};
  original.interactions.push_back(interaction);
  std::vector<std::string> warnings;
  const std::string har = serialize_har(original, &warnings);
  const auto document = nlohmann::json::parse(har, nullptr, false);
  ASSERT_FALSE(document.is_discarded());
  const auto& entry = document["log"]["entries"][0];
  EXPECT_EQ(entry["request"]["headers"][0]["_encoding"], "base64");
  EXPECT_EQ(entry["request"]["postData"]["mimeType"], "application/octet-stream");
  EXPECT_EQ(entry["response"]["content"]["mimeType"], "");
  EXPECT_TRUE(warnings.empty());  // nothing needed the last-resort replacement
  auto back = import_text(har, "x.har");
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->cassette.interactions[0].request.headers, interaction.request.headers);
}

TEST(HarExport, AFailureIsStatusZeroWithTheErrorAndReimportsAsOne) {
  cassette::Cassette original;
  cassette::Interaction interaction;
  interaction.recorded_at = "2025-01-01T00:00:00Z";
  interaction.request = {"POST", "/model/m/converse", "Converse", "m", "us-east-1", {}, "{}"};
  interaction.answer = cassette::Failure{cassette::FailureKind::kTimeout, "no answer in 10 s"};
  original.interactions.push_back(interaction);
  const auto har = to_har(original);
  EXPECT_EQ(har["log"]["entries"][0]["response"]["status"], 0);
  EXPECT_EQ(har["log"]["entries"][0]["response"]["_error"], "no answer in 10 s");
  auto back = import_text(har.dump(), "x.har");
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->cassette, original);
}

}  // namespace
}  // namespace bedrock::cassettes
