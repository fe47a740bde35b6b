// The cassette reader (JSON): any text either loads as a valid cassette, which then serialises
// and loads again, or is refused with an error naming where.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bedrock/protocol/cassette.hpp"

using namespace bedrock;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto loaded = cassette::parse(text, "fuzz.json");
  if (!loaded) return 0;
  auto written = cassette::serialize(*loaded);
  if (!written) return 0;
  if (!cassette::parse(*written, "fuzz-again.json")) std::abort();  // what we write we read
  return 0;
}
