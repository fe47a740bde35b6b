// Replay lookup cost against the number of recorded interactions: the index hashes the
// canonical request, so BM_ReplayHit/100000 should cost about what BM_ReplayHit/10 does
// (issue #3: match time must not grow with the number of interactions). Its own executable,
// replay_bench (the replayer is in bedrock::protocol since it moved out of the mock).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bedrock/protocol/replayer.hpp"

namespace {

using bedrock::replay::Replayer;
using bedrock::replay::ReplayQuery;
using bedrock::replay::SourcedCassette;

// What boto3 sends for a short Converse call (its spacing, so canonicalisation does real work).
std::string request_body(std::int64_t n) {
  return R"({"messages": [{"role": "user", "content": [{"text": "Question number )" +
         std::to_string(n) +
         R"(: what is the capital of France?"}]}], )"
         R"("inferenceConfig": {"maxTokens": 200, "temperature": 0.5}})";
}

SourcedCassette cassette_of(std::int64_t interactions) {
  SourcedCassette source;
  source.path = "bench.json";
  source.cassette.match.ignore_paths = {"$.inferenceConfig.temperature"};
  for (std::int64_t n = 0; n < interactions; ++n) {
    bedrock::cassette::Interaction interaction;
    interaction.recorded_at = "2025-04-14T09:12:31.207Z";
    interaction.request = {"POST",         "/model/amazon.nova-lite-v1%3A0/converse",
                           "Converse",     "amazon.nova-lite-v1:0",
                           "us-east-1",    {},
                           request_body(n)};
    interaction.answer = bedrock::cassette::Response{
        200,
        {{"Content-Type", "application/json"}},
        R"({"output":{"message":{"content":[{"text":"Paris."}],"role":"assistant"}},)"
        R"("stopReason":"end_turn"})"};
    source.cassette.interactions.push_back(std::move(interaction));
  }
  return source;
}

// Built once per size: Google Benchmark calls the function several times per argument.
Replayer& replayer_of(std::int64_t interactions) {
  static std::map<std::int64_t, std::unique_ptr<Replayer>> built;
  auto& slot = built[interactions];
  if (!slot) {
    auto replayer = Replayer::from_cassettes({cassette_of(interactions)});
    if (!replayer) std::abort();
    slot = std::make_unique<Replayer>(std::move(*replayer));
  }
  return *slot;
}

void BM_ReplayHit(benchmark::State& state) {
  const std::int64_t interactions = state.range(0);
  Replayer& replayer = replayer_of(interactions);
  // Requests spread over the index, sent compactly with another temperature (ignored).
  std::vector<std::string> bodies;
  for (std::int64_t i = 0; i < 8; ++i) {
    const std::int64_t n = (i * interactions) / 8;
    bodies.push_back(R"({"inferenceConfig":{"maxTokens":200,"temperature":0.9},)"
                     R"("messages":[{"content":[{"text":"Question number )" +
                     std::to_string(n) + R"(: what is the capital of France?"}],"role":"user"}]})");
  }
  std::size_t next = 0;
  for (auto _ : state) {
    const std::string& body = bodies[next++ % bodies.size()];
    auto result = replayer.find(ReplayQuery{"POST", "Converse", "amazon.nova-lite-v1:0", body});
    if (result.hit() == nullptr) {
      state.SkipWithError("expected a replay hit");
      break;
    }
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ReplayHit)->Arg(10)->Arg(1000)->Arg(100000);

}  // namespace
