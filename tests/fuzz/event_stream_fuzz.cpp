// The event-stream decoder: one-shot decode, then the incremental decoder fed the same bytes
// in pieces whose sizes come from the first byte; a decoded message must re-encode and decode
// to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bedrock/protocol/event_stream.hpp"
#include "bedrock/protocol/event_stream_decoder.hpp"

using namespace bedrock;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto message = event_stream::decode(bytes)) {
    auto again = event_stream::encode(*message);
    if (!again || !event_stream::decode(*again)) std::abort();  // a decoded frame re-encodes
  }
  event_stream::EventStreamDecoder decoder;
  const std::size_t step = size == 0 ? 1 : 1 + data[0] % 17;
  for (std::size_t at = 0; at < size; at += step) {
    if (!decoder.feed(bytes.substr(at, step))) break;
  }
  (void)decoder.finish();
  return 0;
}
