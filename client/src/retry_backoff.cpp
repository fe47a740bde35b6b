#include <algorithm>
#include <cmath>
#include <random>
#include <thread>

#include "bedrock/client/retry.hpp"

namespace bedrock::client {

RandomSource default_random_source() {
  return [] {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  };
}

std::chrono::milliseconds backoff_delay(int failed_attempt, double random01) {
  using Seconds = std::chrono::duration<double>;
  const double random = std::clamp(std::isnan(random01) ? 0.0 : random01, 0.0, 1.0);
  // 2^(n-1) passes the 20 s cap at n = 6; clamping the exponent keeps pow() finite.
  const int exponent = std::clamp(failed_attempt - 1, 0, 30);
  const double ceiling = std::min(std::pow(2.0, exponent), Seconds(kMaxBackoff).count());
  return std::chrono::duration_cast<std::chrono::milliseconds>(Seconds(random * ceiling));
}

Sleeper default_sleeper() {
  return [](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); };
}

}  // namespace bedrock::client
