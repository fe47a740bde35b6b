// Event-stream codec throughput (MB/s via SetBytesProcessed) for the two frame shapes that
// matter: a typical ConverseStream contentBlockDelta (~220 bytes, the bulk of every stream) and
// a 64 KiB payload (large InvokeModelWithResponseStream chunks).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include "bedrock/protocol/event_stream.hpp"

namespace {

using bedrock::event_stream::Message;

Message content_block_delta() {
  return bedrock::event_stream::make_event(
      "contentBlockDelta",
      R"({"contentBlockIndex":0,"delta":{"text":" capital of France is Paris."},)"
      R"("p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJK"})");
}

Message large_payload() {
  return bedrock::event_stream::make_event("chunk", std::string(64 * 1024, 'x'));
}

void BM_EventStreamEncode(benchmark::State& state, const Message& message) {
  const std::size_t frame_size = bedrock::event_stream::encode(message)->size();
  for (auto _ : state) {
    auto frame = bedrock::event_stream::encode(message);
    benchmark::DoNotOptimize(frame);
  }
  // The message CRC: run.sh checks that @smithy/eventstream-codec encoded the same bytes.
  const std::string frame = *bedrock::event_stream::encode(message);
  char crc[9];
  std::snprintf(crc, sizeof crc, "%02x%02x%02x%02x",
                static_cast<unsigned char>(frame[frame_size - 4]),
                static_cast<unsigned char>(frame[frame_size - 3]),
                static_cast<unsigned char>(frame[frame_size - 2]),
                static_cast<unsigned char>(frame[frame_size - 1]));
  state.SetLabel("crc=" + std::string(crc) + " bytes=" + std::to_string(frame_size));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(frame_size));
}

void BM_EventStreamDecode(benchmark::State& state, const Message& message) {
  const std::string frame = *bedrock::event_stream::encode(message);
  for (auto _ : state) {
    auto decoded = bedrock::event_stream::decode(frame);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(frame.size()));
}

BENCHMARK_CAPTURE(BM_EventStreamEncode, content_block_delta, content_block_delta());
BENCHMARK_CAPTURE(BM_EventStreamEncode, payload_64KiB, large_payload());
BENCHMARK_CAPTURE(BM_EventStreamDecode, content_block_delta, content_block_delta());
BENCHMARK_CAPTURE(BM_EventStreamDecode, payload_64KiB, large_payload());

}  // namespace
