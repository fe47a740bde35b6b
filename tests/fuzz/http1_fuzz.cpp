// HTTP/1.1 request heads, chunked bodies, pipelined requests: raw bytes to the front end.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wire_server.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bedrock::fuzz::exchange_with_front_end(
      {}, std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
