// encoding::crc32 against zlib's crc32_z (the reference the event-stream format names), for every
// engine, on lengths around each engine's block sizes and thresholds, at every alignment, and
// continued from a previous value. Values only: nothing here is timed.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "bedrock/protocol/encoding.hpp"
#include "bedrock/protocol/event_stream.hpp"

namespace bedrock::encoding {
namespace {

uint32_t zlib_crc32(std::string_view bytes, uint32_t crc = 0) {
  return static_cast<uint32_t>(
      ::crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
}

std::string random_bytes(std::mt19937& rng, std::size_t size) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(byte(rng));
  return bytes;
}

const std::vector<Crc32Engine>& engines() {
  static const std::vector<Crc32Engine> all = {Crc32Engine::kTable, Crc32Engine::kClmul,
                                               Crc32Engine::kZlib};
  return all;
}

// Lengths that hit the edges: the table's 8-byte steps, the 64-byte switch to folding, the fold's
// 16- and 64-byte blocks and the 16..31 bytes it leaves to the table.
std::vector<std::size_t> edge_lengths() {
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 300; ++n) lengths.push_back(n);
  for (std::size_t n :
       {511u, 512u, 513u, 1023u, 1024u, 1025u, 4095u, 4096u, 4097u, 65536u, 65627u, 100003u}) {
    lengths.push_back(n);
  }
  return lengths;
}

TEST(Crc32, KnownCheckValue) {
  // The CRC-32 catalogue's check value: CRC of the ASCII digits "123456789".
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
  for (auto engine : engines()) {
    EXPECT_EQ(crc32_with(engine, "123456789"), 0xCBF43926u) << to_string(engine);
  }
  EXPECT_EQ(crc32(""), 0u);
}

TEST(Crc32, EveryEngineEqualsZlibOnEdgeLengths) {
  std::mt19937 rng(18);
  for (std::size_t length : edge_lengths()) {
    const std::string bytes = random_bytes(rng, length);
    const uint32_t expected = zlib_crc32(bytes);
    ASSERT_EQ(crc32(bytes), expected) << "length " << length;
    for (auto engine : engines()) {
      ASSERT_EQ(crc32_with(engine, bytes), expected) << to_string(engine) << ", length " << length;
    }
  }
}

TEST(Crc32, EveryEngineEqualsZlibAtEveryAlignment) {
  std::mt19937 rng(1808);
  const std::string buffer = random_bytes(rng, 4096 + 64);
  std::uniform_int_distribution<std::size_t> length_of(0, 4096);
  for (std::size_t offset = 0; offset < 64; ++offset) {
    for (int round = 0; round < 8; ++round) {
      const std::string_view bytes = std::string_view(buffer).substr(offset, length_of(rng));
      const uint32_t expected = zlib_crc32(bytes);
      for (auto engine : engines()) {
        ASSERT_EQ(crc32_with(engine, bytes), expected)
            << to_string(engine) << ", offset " << offset << ", length " << bytes.size();
      }
    }
  }
}

TEST(Crc32, ContinuesFromAPreviousValueLikeZlib) {
  std::mt19937 rng(218);
  std::uniform_int_distribution<std::size_t> length_of(0, 700);
  for (int round = 0; round < 300; ++round) {
    const std::string a = random_bytes(rng, length_of(rng));
    const std::string b = random_bytes(rng, length_of(rng));
    const uint32_t whole = zlib_crc32(a + b);
    ASSERT_EQ(crc32(b, crc32(a)), whole) << a.size() << " + " << b.size();
    for (auto engine : engines()) {
      ASSERT_EQ(crc32_with(engine, b, crc32_with(engine, a)), whole)
          << to_string(engine) << ", " << a.size() << " + " << b.size();
    }
    // Any starting value, not only results of an earlier call.
    const auto seed = static_cast<uint32_t>(rng());
    ASSERT_EQ(crc32(b, seed), zlib_crc32(b, seed)) << "seed " << seed;
  }
}

TEST(Crc32, AllZeroAndAllOnesInputsEqualZlib) {
  for (std::size_t length : {64u, 65u, 128u, 1000u, 65536u}) {
    for (char fill : {'\0', '\xff'}) {
      const std::string bytes(length, fill);
      for (auto engine : engines()) {
        EXPECT_EQ(crc32_with(engine, bytes), zlib_crc32(bytes))
            << to_string(engine) << ", length " << length;
      }
    }
  }
}

TEST(Crc32, EngineIsClmulOrZlib) {
  const Crc32Engine engine = crc32_engine();
  EXPECT_TRUE(engine == Crc32Engine::kClmul || engine == Crc32Engine::kZlib) << to_string(engine);
  EXPECT_EQ(to_string(Crc32Engine::kTable), "table");
  EXPECT_EQ(to_string(Crc32Engine::kClmul), "clmul");
  EXPECT_EQ(to_string(Crc32Engine::kZlib), "zlib");
}

TEST(Crc32, EventStreamCrc32IsTheSameFunction) {
  std::mt19937 rng(6);
  for (std::size_t length : {0u, 8u, 214u, 65623u}) {
    const std::string bytes = random_bytes(rng, length);
    EXPECT_EQ(event_stream::crc32(bytes), crc32(bytes)) << length;
  }
}

}  // namespace
}  // namespace bedrock::encoding
