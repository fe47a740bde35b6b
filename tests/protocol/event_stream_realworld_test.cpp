// Every real application/vnd.amazon.eventstream body under shared/realworld/ (see its README,
// "How bodies are stored"): decoded frame by frame with valid CRCs (decode() and decode_view()),
// re-encoded byte-exact (encode() and encode_to()), and decoded again through
// EventStreamDecoder fed in irregular chunks (feed() and next_view()).
//
// Where the bodies are:
//  - vcrpy YAML cassettes (pydantic-ai, dd-trace-py, opentelemetry-python-contrib, openllmetry):
//    `!!binary` response bodies of responses whose Content-Type (any spelling of the name) is
//    application/vnd.amazon.eventstream;
//  - prism-php-bedrock `*.sse`: the raw body bytes (binary despite the extension);
//  - vercel-ai `*.json` with `response.bodyBase64` (issue-18994-live-converse-stream.json).
// Not counted: vercel-ai `model-stream-error-exception.eventstream.base64.txt`, which the README
// marks as synthetic (built with @smithy/eventstream-codec) and leaves out of its census of
// 61 bodies / 1,602 frames. The counts are asserted so that a scanner missing a body fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bedrock/cassettes/vcr_document.hpp"
#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/event_stream.hpp"
#include "support/frame_bytes.hpp"
#include "support/shared_data.hpp"

namespace bedrock::event_stream {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kCensusBodies = 61;    // shared/realworld/README.md
constexpr std::size_t kCensusFrames = 1602;  // idem

struct RecordedBody {
  std::string origin;  // "dd-trace-py/bedrock_converse_stream.yaml#0"
  std::string bytes;
};

bool is_event_stream_response(const cassettes::VcrResponse& response) {
  const auto* values = cassettes::find_header(response.headers, "content-type");
  if (values == nullptr) return false;
  return std::any_of(values->begin(), values->end(), [](const std::string& value) {
    return encoding::to_lower(value).find("application/vnd.amazon.eventstream") !=
           std::string::npos;
  });
}

std::vector<fs::path> sorted_files(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<RecordedBody> find_event_stream_bodies(const fs::path& root) {
  std::vector<RecordedBody> bodies;
  for (const auto& path : sorted_files(root)) {
    const std::string origin = fs::relative(path, root).string();
    const std::string extension = path.extension().string();
    if (extension == ".yaml" || extension == ".yml") {
      auto cassette = cassettes::load_vcr_cassette(path);
      if (!cassette) {
        ADD_FAILURE() << cassette.error().to_string();
        continue;
      }
      for (std::size_t i = 0; i < cassette->interactions.size(); ++i) {
        const auto& response = cassette->interactions[i].response;
        if (!is_event_stream_response(response)) continue;
        EXPECT_EQ(response.body.storage, cassettes::VcrBodyStorage::kBinary) << origin << "#" << i;
        bodies.push_back({origin + "#" + std::to_string(i), response.body.bytes});
      }
    } else if (extension == ".sse") {
      bodies.push_back({origin, test::read_file(path)});
    } else if (extension == ".json") {
      const auto json = nlohmann::json::parse(test::read_file(path), nullptr, false);
      if (json.is_discarded() || !json.is_object()) continue;
      const auto response = json.find("response");
      if (response == json.end() || !response->is_object()) continue;
      const auto body = response->find("bodyBase64");
      if (body == response->end() || !body->is_string()) continue;
      auto bytes = encoding::base64_decode(body->get<std::string>());
      if (!bytes) {
        ADD_FAILURE() << origin << ": bodyBase64 is not base64";
        continue;
      }
      bodies.push_back({origin, *bytes});
    }
  }
  return bodies;
}

// The frames of a body, cut by their announced total lengths.
std::vector<std::string_view> cut_frames(const RecordedBody& body) {
  std::vector<std::string_view> frames;
  const std::string_view bytes(body.bytes);
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    if (bytes.size() - offset < kMinFrameBytes) {
      ADD_FAILURE() << body.origin << ": " << bytes.size() - offset << " stray bytes at " << offset;
      break;
    }
    const uint32_t total = test::read_be32(bytes, offset);
    if (total < kMinFrameBytes || total > bytes.size() - offset) {
      ADD_FAILURE() << body.origin << ": bad total length " << total << " at " << offset;
      break;
    }
    frames.push_back(bytes.substr(offset, total));
    offset += total;
  }
  return frames;
}

// Irregular chunk sizes, the same on every run (HTTP reads of a real body are this uneven).
std::vector<Message> decode_in_irregular_chunks(const RecordedBody& body) {
  static constexpr std::size_t kSizes[] = {1, 7, 64, 3, 500, 13, 4096, 2, 145, 31, 12, 1000};
  EventStreamDecoder decoder;
  std::vector<Message> out;
  std::size_t offset = 0;
  for (std::size_t i = 0; offset < body.bytes.size(); ++i) {
    const std::size_t size = kSizes[i % std::size(kSizes)];
    auto messages = decoder.feed(std::string_view(body.bytes).substr(offset, size));
    offset += size;
    if (!messages) {
      ADD_FAILURE() << body.origin << ": " << messages.error().message();
      return out;
    }
    out.insert(out.end(), messages->begin(), messages->end());
  }
  auto end = decoder.finish();
  EXPECT_TRUE(end) << body.origin << ": " << end.error().message();
  return out;
}

// The same through next_view(), each view copied out before the next call.
std::vector<Message> decode_views_in_irregular_chunks(const RecordedBody& body) {
  static constexpr std::size_t kSizes[] = {5, 1, 300, 12, 2048, 9, 77, 3, 16, 999};
  EventStreamDecoder decoder;
  std::vector<Message> out;
  std::size_t offset = 0;
  for (std::size_t i = 0; offset < body.bytes.size(); ++i) {
    const std::size_t size = kSizes[i % std::size(kSizes)];
    const std::string_view chunk = std::string_view(body.bytes).substr(offset, size);
    offset += size;
    for (std::size_t at = 0;;) {
      auto next = decoder.next_view(chunk, at);
      if (!next) {
        ADD_FAILURE() << body.origin << ": " << next.error().message();
        return out;
      }
      if (!*next) break;
      out.push_back((*next)->to_message());
    }
  }
  auto end = decoder.finish();
  EXPECT_TRUE(end) << body.origin << ": " << end.error().message();
  return out;
}

TEST(RealWorldEventStreams, EveryBodyDecodesWithValidCrcsAndReencodesByteExact) {
  REQUIRE_SHARED(realworld, "realworld");
  const auto bodies = find_event_stream_bodies(realworld);
  std::size_t frame_count = 0;
  std::size_t failed_frames = 0;
  for (const auto& body : bodies) {
    SCOPED_TRACE(body.origin);
    std::vector<Message> messages;
    std::string reencoded;
    std::string appended;  // encode_to() of every frame into one buffer
    for (const auto frame : cut_frames(body)) {
      ++frame_count;
      auto view = decode_view(frame);
      auto message = decode(frame);
      EXPECT_EQ(view.has_value(), message.has_value()) << "decode_view() disagrees";
      if (view && message) {
        EXPECT_TRUE(*view == *message) << "frame " << messages.size() << ": views differ";
      }
      if (message) {
        EXPECT_TRUE(encode_to(*message, appended));
      }
      if (!message) {
        ++failed_frames;
        ADD_FAILURE() << "frame " << messages.size() << ": " << message.error().message();
        continue;
      }
      auto again = encode(*message);
      if (!again || *again != frame) {
        ++failed_frames;
        ADD_FAILURE() << "frame " << messages.size() << " does not re-encode byte-exact";
      }
      if (again) reencoded += *again;
      messages.push_back(std::move(*message));
    }
    EXPECT_TRUE(reencoded == body.bytes) << "re-encoded frames differ from the recorded body";
    EXPECT_TRUE(appended == body.bytes) << "encode_to() differs from the recorded body";
    EXPECT_EQ(decode_in_irregular_chunks(body), messages) << "stream decoder disagrees";
    EXPECT_EQ(decode_views_in_irregular_chunks(body), messages) << "next_view() disagrees";
  }
  std::cout << "realworld: " << bodies.size() << " bodies / " << frame_count << " frames decoded, "
            << (failed_frames == 0 ? "CRCs valid, re-encoded byte-exact"
                                   : std::to_string(failed_frames) + " frames FAILED")
            << std::endl;
  EXPECT_EQ(bodies.size(), kCensusBodies) << "the README census counts 61 event-stream bodies";
  EXPECT_EQ(frame_count, kCensusFrames) << "the README census counts 1,602 frames";
}

// Reference §6 / realworld README point 3: Bedrock's header layout is exactly what make_event()
// and make_exception() build, so the mock's frames are byte-identical to recorded ones.
TEST(RealWorldEventStreams, EveryFrameIsWhatMakeEventOrMakeExceptionEncodes) {
  REQUIRE_SHARED(realworld, "realworld");
  std::size_t checked = 0;
  for (const auto& body : find_event_stream_bodies(realworld)) {
    for (const auto frame : cut_frames(body)) {
      auto message = decode(frame);
      ASSERT_TRUE(message) << body.origin << ": " << message.error().message();
      const auto message_type = message->string_header(":message-type");
      Message rebuilt;
      if (message_type == "event") {
        rebuilt = make_event(message->string_header(":event-type").value_or(""), message->payload);
      } else if (message_type == "exception") {
        rebuilt = make_exception(message->string_header(":exception-type").value_or(""),
                                 message->payload);
      } else {
        ADD_FAILURE() << body.origin << ": unexpected :message-type";
        continue;
      }
      auto encoded = encode(rebuilt);
      ASSERT_TRUE(encoded);
      EXPECT_TRUE(*encoded == frame) << body.origin << ": frame differs from the rebuilt one";
      ++checked;
    }
  }
  EXPECT_EQ(checked, kCensusFrames);
}

}  // namespace
}  // namespace bedrock::event_stream
