// HTTP/2 frames through the server's nghttp2 session: the client preface, then the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wire_server.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  bedrock::fuzz::exchange_with_front_end(
      kPreface, std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
