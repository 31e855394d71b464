#include "util/bounded_queue.hpp"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace deadlined {
namespace {

// Yields until `done` holds; the deadline only turns a hang into a failure.
template <typename Predicate>
bool eventually(Predicate done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::yield();
  }
  return true;
}

TEST(BoundedQueue, TheProducerWaitsWhileItIsFullAndGoesOnWhenTheConsumerPops) {
  BoundedQueue<int> queue(2);
  std::atomic<int> pushed{0};
  std::thread producer([&] {
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(queue.push(i));
      ++pushed;
    }
  });
  // The third push waits: two are queued and nothing was popped.
  ASSERT_TRUE(eventually([&] { return queue.waits() == 1; }));
  EXPECT_EQ(pushed.load(), 2);
  EXPECT_EQ(queue.size(), 2u);

  EXPECT_EQ(queue.try_pop(), 0);
  // The pop let the third in; the fourth waits in its turn.
  ASSERT_TRUE(eventually([&] { return queue.waits() == 2; }));
  EXPECT_EQ(pushed.load(), 3);
  EXPECT_EQ(queue.size(), 2u);

  std::vector<int> popped{0};
  ASSERT_TRUE(eventually([&] {
    EXPECT_LE(queue.size(), queue.capacity());
    if (auto item = queue.try_pop()) {
      popped.push_back(*item);
    }
    return popped.size() == 5;
  }));
  producer.join();
  EXPECT_EQ(popped, (std::vector<int>{0, 1, 2, 3, 4}));  // in order, none lost or doubled
  EXPECT_EQ(queue.try_pop(), std::nullopt);
  EXPECT_FALSE(queue.drained());  // not closed: the producer may push again
}

TEST(BoundedQueue, CloseReleasesAWaitingProducerAndKeepsWhatIsQueued) {
  BoundedQueue<int> queue(1);
  ASSERT_TRUE(queue.push(1));
  std::atomic<int> result{-1};
  std::thread producer([&] { result = queue.push(2) ? 1 : 0; });
  ASSERT_TRUE(eventually([&] { return queue.waits() == 1; }));
  EXPECT_EQ(result.load(), -1);  // still waiting
  queue.close();
  producer.join();
  EXPECT_EQ(result.load(), 0);  // refused, not queued
  EXPECT_FALSE(queue.push(3));
  EXPECT_FALSE(queue.drained());
  EXPECT_EQ(queue.try_pop(), 1);
  EXPECT_EQ(queue.try_pop(), std::nullopt);
  EXPECT_TRUE(queue.drained());
}

TEST(BoundedQueue, APushIntoRoomNeverWaits) {
  BoundedQueue<int> queue(3);
  EXPECT_TRUE(queue.push(1));
  EXPECT_TRUE(queue.push(2));
  EXPECT_TRUE(queue.push(3));
  EXPECT_EQ(queue.waits(), 0u);
  queue.close();
  EXPECT_EQ(queue.size(), 3u);
}

}  // namespace
}  // namespace deadlined
