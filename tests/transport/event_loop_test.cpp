// The event loop's cross-thread task queue: every task posted from any thread runs.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "event_loop.hpp"

namespace bedrock::transport {
namespace {

TEST(EventLoop, EveryTaskPostedFromOtherThreadsRuns) {
  // Posters race the loop draining its wake-up: a wake-up consumed after the tasks were taken
  // once left later tasks queued for good (found as a stop() that never returned).
  EventLoop loop;
  ASSERT_TRUE(loop.valid());
  std::thread runner([&] { loop.run(std::chrono::milliseconds(1000), [] {}); });
  constexpr int kPosters = 4;
  constexpr int kTasksEach = 20000;
  std::atomic<int> ran{0};
  std::vector<std::thread> posters;
  for (int p = 0; p < kPosters; ++p) {
    posters.emplace_back([&] {
      for (int i = 0; i < kTasksEach; ++i) {
        loop.post([&ran] { ++ran; });
        if (i % 64 == 0) std::this_thread::yield();
      }
    });
  }
  for (auto& poster : posters) poster.join();
  // Bounded wait for liveness (not a timing assertion): the tick is 1 s, so only a wake-up
  // makes the loop run the last tasks within this window.
  for (int i = 0; i < 500 && ran.load() < kPosters * kTasksEach; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_EQ(ran.load(), kPosters * kTasksEach);
  loop.quit();
  runner.join();
}

}  // namespace
}  // namespace bedrock::transport
