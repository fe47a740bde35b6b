// The typed results against real recorded answers (shared/realworld, third-party recordings of
// the real service; see its README for how each source stored bodies).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "bedrock/cassettes/vcr_document.hpp"
#include "bedrock/client/control_plane_types.hpp"
#include "bedrock/client/converse_stream.hpp"
#include "bedrock/client/converse_types.hpp"
#include "bedrock/client/diagnosis.hpp"
#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/event_stream.hpp"
#include "support/shared_data.hpp"

namespace bedrock::client {
namespace {

namespace fs = std::filesystem;

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

cassettes::VcrCassette load(const fs::path& path) {
  auto cassette = cassettes::load_vcr_cassette(path);
  if (!cassette) {
    ADD_FAILURE() << path << ": " << cassette.error().to_string();
    return {};
  }
  return std::move(cassette).value();
}

std::vector<event_stream::Message> frames_of(const std::string& body) {
  event_stream::EventStreamDecoder decoder;
  auto frames = decoder.feed(body);
  EXPECT_TRUE(frames) << frames.error().message();
  EXPECT_TRUE(decoder.finish());
  return frames ? *frames : std::vector<event_stream::Message>{};
}

// Folds a recorded ConverseStream body; every frame must parse.
ConverseStreamResult fold_stream(const std::string& body) {
  ConverseStreamAccumulator accumulator;
  for (const auto& frame : frames_of(body)) {
    auto event = parse_converse_stream_event(frame);
    if (!event) {
      ADD_FAILURE() << "frame did not parse: " << frame.payload;
      continue;
    }
    auto added = accumulator.add(*event);
    EXPECT_TRUE(added) << added.error().message();
  }
  auto result = accumulator.result();
  EXPECT_TRUE(result) << result.error().message();
  return result ? *result : ConverseStreamResult{};
}

std::vector<fs::path> cassettes_under(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// ---- Specific recordings -----------------------------------------------------------------------

TEST(RealworldConverse, DdTraceToolUseAnswerParses) {
  REQUIRE_SHARED(path, "realworld/dd-trace-py/bedrock_converse.yaml");
  const auto cassette = load(path);
  ASSERT_EQ(cassette.interactions.size(), 1u);
  auto response = parse_converse_response(cassette.interactions[0].response.body.bytes);
  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->stop_reason, "tool_use");
  EXPECT_EQ(response->usage, (TokenUsage{269, 77, 346, std::nullopt, std::nullopt}));
  EXPECT_EQ(response->latency_ms, 1300);
  ASSERT_EQ(response->message.content.size(), 2u);
  const auto& tool_use = std::get<ToolUseBlock>(response->message.content[1]);
  EXPECT_EQ(tool_use.name, "fetch_concept");
  EXPECT_EQ(tool_use.input, Json({{"concept", "distributed tracing"}}));
  EXPECT_EQ(response->text().rfind("Okay, let me use the tool", 0), 0u);
}

TEST(RealworldConverse, DdTraceInferenceProfileCassetteHasProfileAndUnmodeledUsage) {
  REQUIRE_SHARED(path, "realworld/dd-trace-py/bedrock_converse_inference_profile.yaml");
  const auto cassette = load(path);
  ASSERT_EQ(cassette.interactions.size(), 2u);

  // GetInferenceProfile of an application profile (toolboxArn: null is unmodeled).
  auto profile = parse_get_inference_profile(cassette.interactions[0].response.body.bytes);
  ASSERT_TRUE(profile) << profile.error().message();
  EXPECT_EQ(profile->id, "1arbu5hu2sjr");
  EXPECT_EQ(profile->type, "APPLICATION");
  EXPECT_FALSE(profile->is_system_defined());
  EXPECT_EQ(profile->model_arns.size(), 2u);
  // The region-less (global) ARN adds no region.
  EXPECT_EQ(profile->destination_regions, std::vector<std::string>{"us-east-1"});
  EXPECT_EQ(profile->foundation_model_ids,
            std::vector<std::string>{"anthropic.claude-haiku-4-5-20251001-v1:0"});

  // Converse with cacheReadInputTokenCount and serverToolUsage beside the modeled members.
  auto response = parse_converse_response(cassette.interactions[1].response.body.bytes);
  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->usage, (TokenUsage{16, 40, 56, 0, 0}));
  EXPECT_EQ(response->stop_reason, "end_turn");
}

TEST(RealworldConverse, OpenllmetryNovaAnswerParses) {
  REQUIRE_SHARED(path, "realworld/openllmetry/test_nova_converse.yaml");
  const auto cassette = load(path);
  ASSERT_FALSE(cassette.interactions.empty());
  auto response = parse_converse_response(cassette.interactions[0].response.body.bytes);
  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->latency_ms, 836);
  EXPECT_FALSE(response->text().empty());
}

TEST(RealworldConverseStream, OpenllmetryClaudeToolUseStreamFolds) {
  REQUIRE_SHARED(path, "realworld/openllmetry/test_anthropic_converse_stream_with_tool_use.yaml");
  const auto cassette = load(path);
  ASSERT_FALSE(cassette.interactions.empty());
  const ConverseStreamResult result = fold_stream(cassette.interactions[0].response.body.bytes);
  EXPECT_TRUE(result.complete());
  EXPECT_EQ(result.text(),
            "Okay, let me check the weather for Barcelona using the available tool:");
  ASSERT_EQ(result.message.content.size(), 2u);
  EXPECT_EQ(result.message.content[1],
            ContentBlock(ToolUseBlock{"tooluse_yypYDr71TwCwByoyao4-Vg", "get_weather",
                                      Json{{"location", "Barcelona"}}}));
  EXPECT_EQ(result.stop_reason, "tool_use");
  EXPECT_EQ(result.usage, (TokenUsage{236, 58, 294, std::nullopt, std::nullopt}));
  EXPECT_EQ(result.latency_ms, 1176);
}

TEST(RealworldConverseStream, PydanticRedactedThinkingStreamFolds) {
  REQUIRE_SHARED(path,
                 "realworld/pydantic-ai/test_bedrock_model_thinking_part_redacted_stream.yaml");
  const auto cassette = load(path);
  ASSERT_FALSE(cassette.interactions.empty());
  const ConverseStreamResult result = fold_stream(cassette.interactions[0].response.body.bytes);
  ASSERT_EQ(result.message.content.size(), 3u);
  const auto& redacted = std::get<ReasoningBlock>(result.message.content[0]);
  EXPECT_FALSE(std::get<RedactedReasoning>(redacted.content).bytes.empty());
  EXPECT_EQ(result.text().rfind("I notice you've sent", 0), 0u);
  EXPECT_EQ(result.usage, (TokenUsage{92, 253, 345, std::nullopt, std::nullopt}));
}

TEST(RealworldConverseStream, VercelLiveCaptureFolds) {
  REQUIRE_SHARED(path, "realworld/vercel-ai/issue-18994-live-converse-stream.json");
  const Json capture = Json::parse(test::read_file(path));
  auto body = encoding::base64_decode(capture["response"]["bodyBase64"].get<std::string>());
  ASSERT_TRUE(body);
  const ConverseStreamResult result = fold_stream(*body);
  EXPECT_TRUE(result.complete());
  EXPECT_FALSE(result.text().empty());
}

TEST(RealworldConverseStream, PrismStreamEndsWithModelStreamErrorFrame) {
  REQUIRE_SHARED(path, "realworld/prism-php-bedrock/stream-handle-exceptions-1.sse");
  const auto frames = frames_of(test::read_file(path));
  ASSERT_FALSE(frames.empty());
  for (std::size_t i = 0; i + 1 < frames.size(); ++i) {
    EXPECT_TRUE(parse_converse_stream_event(frames[i])) << frames[i].payload;
  }
  auto last = parse_converse_stream_event(frames.back());
  ASSERT_FALSE(last);
  const auto& error = std::get<errors::ServiceError>(last.error());
  EXPECT_EQ(error.code, errors::ErrorCode::kModelStreamError);
  EXPECT_EQ(diagnose(error).category, CauseCategory::kServiceSide);
}

// Not amazon-bedrock-tool-call.1.json: it is hand-written (toolUseId "tool-use-id", no
// metrics, which every real answer has), so refusing it is right.
TEST(RealworldConverse, PrismAndVercelJsonAnswersParse) {
  const char* const kFiles[] = {
      "realworld/prism-php-bedrock/generate-text-with-reasoning-content-1.json",
      "realworld/prism-php-bedrock/generate-text-handles-tool-calls-1.json",
      "realworld/vercel-ai/amazon-bedrock-reasoning.json",
      "realworld/vercel-ai/amazon-bedrock-redacted-content.json",
      "realworld/vercel-ai/issue-11363-stop-sequence-null.json",
  };
  for (const char* relative : kFiles) {
    SCOPED_TRACE(relative);
    REQUIRE_SHARED(path, relative);
    auto response = parse_converse_response(std::string_view(test::read_file(path)));
    EXPECT_TRUE(response) << response.error().message();
  }
}

// ---- Every recording of the corpus -------------------------------------------------------------

TEST(RealworldCorpus, EverySuccessfulConverseAnswerParses) {
  REQUIRE_SHARED(root, "realworld");
  int parsed = 0;
  for (const fs::path& file : cassettes_under(root)) {
    const auto cassette = load(file);
    for (std::size_t i = 0; i < cassette.interactions.size(); ++i) {
      const auto& interaction = cassette.interactions[i];
      if (!ends_with(interaction.request.uri, "/converse") ||
          interaction.response.status_code != 200) {
        continue;
      }
      SCOPED_TRACE(file.filename().string() + " #" + std::to_string(i));
      auto response = parse_converse_response(interaction.response.body.bytes);
      EXPECT_TRUE(response) << response.error().message();
      ++parsed;
    }
  }
  EXPECT_GE(parsed, 25);
}

TEST(RealworldCorpus, EverySuccessfulConverseStreamFoldsToACompleteAnswer) {
  REQUIRE_SHARED(root, "realworld");
  int folded = 0;
  for (const fs::path& file : cassettes_under(root)) {
    const auto cassette = load(file);
    for (std::size_t i = 0; i < cassette.interactions.size(); ++i) {
      const auto& interaction = cassette.interactions[i];
      if (!ends_with(interaction.request.uri, "/converse-stream") ||
          interaction.response.status_code != 200) {
        continue;
      }
      SCOPED_TRACE(file.filename().string() + " #" + std::to_string(i));
      const ConverseStreamResult result = fold_stream(interaction.response.body.bytes);
      EXPECT_TRUE(result.complete());
      ++folded;
    }
  }
  EXPECT_GE(folded, 25);
}

TEST(RealworldCorpus, EveryInvokeModelStreamChunkDecodesToModelJson) {
  REQUIRE_SHARED(root, "realworld");
  int chunks = 0;
  for (const fs::path& file : cassettes_under(root)) {
    const auto cassette = load(file);
    for (std::size_t i = 0; i < cassette.interactions.size(); ++i) {
      const auto& interaction = cassette.interactions[i];
      if (!ends_with(interaction.request.uri, "/invoke-with-response-stream") ||
          interaction.response.status_code != 200) {
        continue;
      }
      SCOPED_TRACE(file.filename().string() + " #" + std::to_string(i));
      for (const auto& frame : frames_of(interaction.response.body.bytes)) {
        auto event = parse_response_stream_event(frame);
        if (!event) {
          // A recorded mid-stream exception is fine; anything else is not.
          EXPECT_TRUE(std::holds_alternative<errors::ServiceError>(event.error())) << frame.payload;
          continue;
        }
        const auto* chunk = std::get_if<PayloadChunk>(&*event);
        ASSERT_NE(chunk, nullptr);
        EXPECT_FALSE(Json::parse(chunk->bytes, nullptr, false).is_discarded()) << chunk->bytes;
        ++chunks;
      }
    }
  }
  EXPECT_GE(chunks, 100);
}

TEST(RealworldCorpus, RecordedErrorAnswersAreClassified) {
  struct Case {
    const char* file;
    CauseCategory category;
    SubCause sub_cause;
  };
  const Case kCases[] = {
      {"realworld/dd-trace-py/bedrock_converse_error.yaml", CauseCategory::kAuthentication,
       SubCause::kExpiredToken},
      {"realworld/opentelemetry-python-contrib/test_converse_with_invalid_model.yaml",
       CauseCategory::kModelIdentifier, SubCause::kInvalidIdentifier},
      {"realworld/opentelemetry-python-contrib/test_converse_stream_with_invalid_model.yaml",
       CauseCategory::kModelIdentifier, SubCause::kInvalidIdentifier},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.file);
    REQUIRE_SHARED(path, c.file);
    const auto cassette = load(path);
    ASSERT_FALSE(cassette.interactions.empty());
    const auto& response = cassette.interactions[0].response;
    const auto* error_type = cassettes::find_header(response.headers, "x-amzn-ErrorType");
    ASSERT_NE(error_type, nullptr);
    auto error = errors::parse_http_error(errors::ReceivedError{
        response.status_code, error_type->front(), std::nullopt, response.body.bytes});
    ASSERT_TRUE(error);
    const Diagnosis diagnosis = diagnose(*error);
    EXPECT_EQ(diagnosis.category, c.category) << diagnosis.fix;
    EXPECT_EQ(diagnosis.sub_cause, c.sub_cause) << diagnosis.fix;
  }
}

}  // namespace
}  // namespace bedrock::client
