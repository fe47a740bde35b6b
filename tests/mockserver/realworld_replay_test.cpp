// Every replayable interaction of the real recordings in shared/realworld/ (151 vcrpy
// interactions from four projects) loaded by bedrock-mock directly from the YAML file and
// replayed over HTTP with the exactness shared/realworld/README.md states for its source:
// - bodies the source kept as bytes (raw JSON strings, opentelemetry's pretty-printed JSON,
//   every !!binary event stream) come back byte for byte, streams frame for frame with valid CRCs;
// - pydantic-ai's parsed_body bodies come back as compact JSON equal to the parsed value (the
//   wire bytes were lost by its serializer);
// - every response header the source kept comes back with its spelling and value, except the
//   framing headers the transport writes itself (Content-Length, Transfer-Encoding, Connection),
//   and a stream's Content-Type, which the HTTP/1.1 front end writes itself next to
//   Transfer-Encoding (the value as recorded, the name spelt `Content-Type`).
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bedrock/cassettes/vcr_document.hpp"
#include "bedrock/mock/server.hpp"
#include "bedrock/protocol/event_stream.hpp"
#include "bedrock/protocol/http_request.hpp"
#include "support/shared_data.hpp"

namespace bedrock::mock {
namespace {

namespace fs = std::filesystem;
using cassettes::VcrBodyStorage;

constexpr std::size_t kRealworldInteractions = 151;  // shared/realworld/README.md, the vcrpy files

bool is_framing(std::string_view name) {
  return header_name_equals(name, "Content-Length") ||
         header_name_equals(name, "Transfer-Encoding") || header_name_equals(name, "Connection") ||
         header_name_equals(name, "Keep-Alive");
}

std::string target_of(const std::string& uri) {
  const auto scheme = uri.find("://");
  const auto path = uri.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return path == std::string::npos ? "/" : uri.substr(path);
}

struct Tally {
  std::size_t replayed = 0;
  std::size_t exact = 0;
  std::size_t rebuilt = 0;
  std::size_t frames = 0;
};

void replay_file(const fs::path& path, const std::string& origin, Tally& tally) {
  auto document = cassettes::load_vcr_cassette(path);
  ASSERT_TRUE(document) << document.error().to_string();

  ServerConfig config;
  config.catalog_path = (test::source_dir() / "fixtures/catalog").string();
  config.mode = Mode::kReplay;
  config.cassette_paths = {path.string()};
  config.front_end.pacing_factor = 0;
  auto server = Server::create(std::move(config));
  ASSERT_TRUE(server) << origin << ": " << server.error().message;
  auto port = (*server)->start();
  ASSERT_TRUE(port);
  httplib::Client client("127.0.0.1", *port);
  client.set_url_encode(false);
  client.set_read_timeout(20, 0);

  for (std::size_t i = 0; i < document->interactions.size(); ++i) {
    const auto& recorded = document->interactions[i];
    const std::string where = origin + "#" + std::to_string(i);
    const std::string target = target_of(recorded.request.uri);
    const auto* type = cassettes::find_header(recorded.request.headers, "Content-Type");
    const std::string content_type = type && !type->empty() ? type->front() : "application/json";
    auto reply = recorded.request.method == "GET"
                     ? client.Get(target)
                     : client.Post(target, recorded.request.body.bytes, content_type);
    ASSERT_TRUE(reply) << where << ": no answer";
    EXPECT_EQ((*server)->journal().entries().back().answered_by, "replay")
        << where << ": " << (*server)->journal().entries().back().detail;
    EXPECT_EQ(reply->status, recorded.response.status_code) << where;

    for (const auto& [name, values] : recorded.response.headers) {
      if (is_framing(name)) continue;
      const bool spelt_by_transport =
          header_name_equals(name, "Content-Type") && recorded.response.status_code == 200 &&
          !values.empty() && values.front().starts_with("application/vnd.amazon.eventstream");
      for (const auto& value : values) {
        const auto range = reply->headers.equal_range(name);
        const bool same = std::any_of(range.first, range.second, [&](const auto& header) {
          return (spelt_by_transport || header.first == name) && header.second == value;
        });
        EXPECT_TRUE(same) << where << ": header " << name << ": " << value;
      }
    }

    const auto& body = recorded.response.body;
    if (body.storage == VcrBodyStorage::kParsedJson) {
      EXPECT_EQ(nlohmann::json::parse(reply->body, nullptr, false),
                nlohmann::json::parse(body.bytes))
          << where;
      ++tally.rebuilt;
    } else {
      EXPECT_EQ(reply->body, body.bytes) << where << ": body bytes";
      ++tally.exact;
    }
    const std::string reply_type = reply->get_header_value("Content-Type");
    if (reply_type.starts_with("application/vnd.amazon.eventstream")) {
      event_stream::EventStreamDecoder decoder;
      auto frames = decoder.feed(reply->body);
      ASSERT_TRUE(frames) << where << ": " << frames.error().message();
      EXPECT_TRUE(decoder.finish()) << where;
      tally.frames += frames->size();
    }
    ++tally.replayed;
  }
  (*server)->stop();
}

TEST(RealworldReplay, EveryRecordedInteractionReplaysWithTheExactnessOfItsSource) {
  REQUIRE_SHARED(realworld, "realworld");
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(realworld)) {
    const auto extension = entry.path().extension();
    if (entry.is_regular_file() && (extension == ".yaml" || extension == ".yml")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  Tally tally;
  for (const auto& path : files) {
    replay_file(path, fs::relative(path, realworld).string(), tally);
  }
  std::cout << "realworld: " << tally.replayed << " interactions from " << files.size()
            << " files imported and replayed through bedrock-mock (" << tally.exact
            << " byte-exact bodies, " << tally.rebuilt << " rebuilt from parsed JSON, "
            << tally.frames << " stream frames)" << std::endl;
  EXPECT_EQ(tally.replayed, kRealworldInteractions);
}

}  // namespace
}  // namespace bedrock::mock
