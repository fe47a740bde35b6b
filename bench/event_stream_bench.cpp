// Event-stream codec throughput (MB/s via SetBytesProcessed) for the two frame shapes that
// matter: a typical ConverseStream contentBlockDelta (~220 bytes, the bulk of every stream) and
// a 64 KiB payload (large InvokeModelWithResponseStream chunks). Each in both shapes of the
// codec: owning (encode() -> new string, decode() -> Message) and allocation-free (encode_to()
// into a reused buffer, decode_view() -> MessageView); plus the CRC-32 engines on the bytes a
// frame's message CRC covers.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include "bedrock/protocol/encoding.hpp"
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

// The mock's and a writer's loop: one buffer, cleared and refilled frame after frame.
void BM_EventStreamEncodeTo(benchmark::State& state, const Message& message) {
  std::string buffer;
  for (auto _ : state) {
    buffer.clear();
    auto written = bedrock::event_stream::encode_to(message, buffer);
    benchmark::DoNotOptimize(written);
    benchmark::DoNotOptimize(buffer.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(buffer.size()));
}

// Decoding and reading every header and the payload, as a consumer of the view would.
void BM_EventStreamDecodeView(benchmark::State& state, const Message& message) {
  const std::string frame = *bedrock::event_stream::encode(message);
  for (auto _ : state) {
    auto view = bedrock::event_stream::decode_view(frame);
    for (const auto& header : view->headers()) benchmark::DoNotOptimize(header);
    benchmark::DoNotOptimize(view->payload());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(frame.size()));
}

void BM_Crc32(benchmark::State& state, bedrock::encoding::Crc32Engine engine) {
  const std::string bytes(static_cast<std::size_t>(state.range(0)), 'x');
  uint32_t crc = 0;
  for (auto _ : state) {
    crc = bedrock::encoding::crc32_with(engine, bytes);
    benchmark::DoNotOptimize(crc);
  }
  state.SetLabel(std::string(bedrock::encoding::to_string(engine)) +
                 (engine == bedrock::encoding::crc32_engine() ? " (crc32() uses it)" : ""));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}

BENCHMARK_CAPTURE(BM_EventStreamEncode, content_block_delta, content_block_delta());
BENCHMARK_CAPTURE(BM_EventStreamEncode, payload_64KiB, large_payload());
BENCHMARK_CAPTURE(BM_EventStreamEncodeTo, content_block_delta, content_block_delta());
BENCHMARK_CAPTURE(BM_EventStreamEncodeTo, payload_64KiB, large_payload());
BENCHMARK_CAPTURE(BM_EventStreamDecode, content_block_delta, content_block_delta());
BENCHMARK_CAPTURE(BM_EventStreamDecode, payload_64KiB, large_payload());
BENCHMARK_CAPTURE(BM_EventStreamDecodeView, content_block_delta, content_block_delta());
BENCHMARK_CAPTURE(BM_EventStreamDecodeView, payload_64KiB, large_payload());
// 214: a contentBlockDelta frame's message CRC; 65623: the 64 KiB frame's.
BENCHMARK_CAPTURE(BM_Crc32, table, bedrock::encoding::Crc32Engine::kTable)->Arg(214)->Arg(65623);
BENCHMARK_CAPTURE(BM_Crc32, clmul, bedrock::encoding::Crc32Engine::kClmul)->Arg(214)->Arg(65623);
BENCHMARK_CAPTURE(BM_Crc32, zlib, bedrock::encoding::Crc32Engine::kZlib)->Arg(214)->Arg(65623);

}  // namespace
