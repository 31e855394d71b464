// The delivery lanes without sockets: queueing per endpoint, the concurrency
// cap of each lane, back-pressure on unrecorded outcomes and draining at a
// stop, driven by the test as the daemon's loop thread and workers would.
#include "service/lanes.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace deadlined {
namespace {

using Kind = delivery::DeliveryResult::Kind;

std::shared_ptr<Delivery> delivery_to(const std::string& endpoint, const std::string& recipient) {
  auto delivery = std::make_shared<Delivery>();
  delivery->endpoint = endpoint;
  delivery->recipient = recipient;
  return delivery;
}

// The hooks, recorded: workers asked for, turns requested, flushes armed.
struct Harness {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> workers_started;
  std::size_t turns_requested = 0;
  std::size_t flushes_armed = 0;

  LaneHooks hooks() {
    return LaneHooks{[this](const std::string& endpoint) {
                       std::lock_guard lock(mutex);
                       workers_started.push_back(endpoint);
                     },
                     [this] {
                       std::lock_guard lock(mutex);
                       ++turns_requested;
                       changed.notify_all();
                     },
                     [this] {
                       std::lock_guard lock(mutex);
                       ++flushes_armed;
                     }};
  }
  std::size_t started(const std::string& endpoint) {
    std::lock_guard lock(mutex);
    return static_cast<std::size_t>(std::count(workers_started.begin(), workers_started.end(), endpoint));
  }
  // Whether more than `seen` turns are requested within `patience`.
  bool turn_within(std::size_t seen, std::chrono::milliseconds patience) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, patience, [&] { return turns_requested > seen; });
  }
  // Waits until more than `seen` turns were requested; returns the new count.
  std::size_t wait_for_turn(std::size_t seen) {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return turns_requested > seen; });
    return turns_requested;
  }
};

LaneSettings settings(std::size_t max_unrecorded, std::size_t lane_depth = 32, std::size_t worker_turn = 64) {
  LaneSettings result;
  result.max_unrecorded = max_unrecorded;
  result.lane_depth = lane_depth;
  result.worker_turn = worker_turn;
  return result;
}

std::vector<LaneJob> jobs_of(const std::vector<std::shared_ptr<Delivery>>& deliveries) {
  std::vector<LaneJob> jobs;
  for (const auto& delivery : deliveries) {
    jobs.push_back(LaneJob{delivery, nullptr});
  }
  return jobs;
}

// Claimed deliveries to one endpoint, for admit().
std::vector<LaneJob> jobs_to(const std::string& endpoint, const std::vector<std::string>& names) {
  std::vector<LaneJob> jobs;
  for (const auto& name : names) {
    jobs.push_back(LaneJob{delivery_to(endpoint, name), nullptr});
  }
  return jobs;
}

std::vector<std::string> recipients(const std::vector<std::shared_ptr<Delivery>>& deliveries) {
  std::vector<std::string> result;
  for (const auto& delivery : deliveries) {
    result.push_back(delivery->recipient);
  }
  return result;
}

// A send that records the recipients in order and succeeds.
struct Sender {
  std::mutex mutex;
  std::vector<std::string> sent;
  delivery::DeliveryResult operator()(const LaneJob& job) {
    std::lock_guard lock(mutex);
    sent.push_back(job.delivery->recipient);
    return delivery::DeliveryResult{Kind::sent, "250 ok", 250};
  }
};

TEST(DeliveryLanes, QueuesPerEndpointAndClaimsInOrderUpToTheLaneDepth) {
  Harness harness;
  // Depth max(limit 1 × 2, 2 × max_unrecorded 1) = 2 waiting per lane.
  DeliveryLanes lanes(settings(1, 2), harness.hooks());
  for (const char* recipient : {"a1", "a2", "a3"}) {
    lanes.enqueue(delivery_to("smtp://mail", recipient));
  }
  lanes.enqueue(delivery_to("hooks.example", "b1"));
  EXPECT_EQ(lanes.queued(), 4U);

  auto picked = lanes.pick_claims([](const Delivery&) { return std::size_t{1}; });
  // Endpoints in order of their name; each endpoint's deliveries in queue order.
  EXPECT_EQ(recipients(picked), (std::vector<std::string>{"b1", "a1", "a2"}));
  EXPECT_EQ(lanes.queued(), 1U);

  lanes.admit(jobs_of(picked));
  EXPECT_EQ(lanes.waiting("smtp://mail"), 2U);
  EXPECT_EQ(lanes.waiting("hooks.example"), 1U);
  // The smtp lane is full: a3 stays queued until the lane has room.
  EXPECT_TRUE(lanes.pick_claims([](const Delivery&) { return std::size_t{1}; }).empty());
  EXPECT_EQ(lanes.queued(), 1U);

  lanes.clear_queue();
  EXPECT_EQ(lanes.queued(), 0U);
}

TEST(DeliveryLanes, ClaimsOfOneTurnAreBounded) {
  Harness harness;
  LaneSettings bounded = settings(1);
  bounded.claims_per_turn = 3;
  DeliveryLanes lanes(bounded, harness.hooks());
  for (int i = 0; i < 5; ++i) {
    lanes.enqueue(delivery_to("smtp://mail", "r" + std::to_string(i)));
  }
  EXPECT_EQ(recipients(lanes.pick_claims([](const Delivery&) { return std::size_t{4}; })),
            (std::vector<std::string>{"r0", "r1", "r2"}));
  EXPECT_EQ(lanes.queued(), 2U);
}

TEST(DeliveryLanes, StartsNoMoreWorkersThanTheEndpointsLimit) {
  Harness harness;
  DeliveryLanes lanes(settings(16), harness.hooks());
  for (int i = 0; i < 5; ++i) {
    lanes.enqueue(delivery_to("smtp://mail", "r" + std::to_string(i)));
  }
  lanes.enqueue(delivery_to("hooks.example", "h0"));
  auto picked = lanes.pick_claims(
      [](const Delivery& delivery) { return delivery.endpoint == "smtp://mail" ? std::size_t{2} : std::size_t{3}; });
  ASSERT_EQ(picked.size(), 6U);
  lanes.admit(jobs_of(picked));
  EXPECT_EQ(harness.started("smtp://mail"), 2U);    // its limit, though 5 wait
  EXPECT_EQ(harness.started("hooks.example"), 1U);  // one delivery: one worker, though 3 are allowed
  EXPECT_EQ(lanes.workers("smtp://mail"), 2U);

  // The first worker sends the whole lane in order; the second finds it empty.
  Sender sender;
  lanes.drain("smtp://mail", std::ref(sender));
  EXPECT_EQ(sender.sent, (std::vector<std::string>{"r0", "r1", "r2", "r3", "r4"}));
  EXPECT_EQ(lanes.workers("smtp://mail"), 1U);
  lanes.drain("smtp://mail", std::ref(sender));
  EXPECT_EQ(lanes.workers("smtp://mail"), 0U);
  EXPECT_EQ(sender.sent.size(), 5U);

  // The outcomes wait for one turn, requested once.
  EXPECT_EQ(harness.turns_requested, 1U);
  EXPECT_EQ(harness.flushes_armed, 1U);
  auto finished = lanes.take_finished();
  ASSERT_EQ(finished.size(), 5U);
  EXPECT_EQ(finished.front().delivery->recipient, "r0");
  EXPECT_EQ(finished.front().result.kind, Kind::sent);
  EXPECT_EQ(lanes.unrecorded(), 5U);
  lanes.mark_recorded(finished.size());
  EXPECT_EQ(lanes.unrecorded(), 0U);

  // More claims: workers again, up to the limit.
  lanes.admit(jobs_to("smtp://mail", {"r5", "r6", "r7"}));
  EXPECT_EQ(harness.started("smtp://mail"), 4U);
  EXPECT_EQ(lanes.workers("smtp://mail"), 2U);
}

TEST(DeliveryLanes, AWorkerGivesUpItsThreadAfterItsTurn) {
  Harness harness;
  DeliveryLanes lanes(settings(16, 32, 2), harness.hooks());
  lanes.admit(jobs_to("smtp://mail", {"r0", "r1", "r2"}));
  ASSERT_EQ(harness.started("smtp://mail"), 1U);
  Sender sender;
  lanes.drain("smtp://mail", std::ref(sender));
  EXPECT_EQ(sender.sent, (std::vector<std::string>{"r0", "r1"}));
  // It asked for a thread again, still counted as the lane's one worker.
  EXPECT_EQ(harness.started("smtp://mail"), 2U);
  EXPECT_EQ(lanes.workers("smtp://mail"), 1U);
  lanes.drain("smtp://mail", std::ref(sender));
  EXPECT_EQ(sender.sent.back(), "r2");
  EXPECT_EQ(lanes.workers("smtp://mail"), 0U);
}

// A worker pipelining takes a batch at a time: as many as batch_of asks,
// the lane holds and max_unrecorded leaves room for; every outcome comes
// back in order.
TEST(DeliveryLanes, ABatchIsBoundedByItsSizeTheLaneAndTheUnrecordedRoom) {
  Harness harness;
  DeliveryLanes lanes(settings(5), harness.hooks());
  lanes.admit(jobs_to("hooks.example", {"h0", "h1", "h2", "h3", "h4", "h5", "h6"}));
  std::vector<std::vector<std::string>> batches;
  std::thread worker([&] {
    lanes.drain_batches(
        "hooks.example", [](const LaneJob&) { return std::size_t{3}; },
        [&](const std::vector<LaneJob>& jobs, const DeliveryLanes::Report& report) {
          std::vector<std::string> names;
          for (std::size_t i = 0; i < jobs.size(); ++i) {
            names.push_back(jobs[i].delivery->recipient);
            report(i, delivery::DeliveryResult{Kind::sent, "HTTP 204 " + jobs[i].delivery->recipient, 204});
          }
          batches.push_back(names);
        });
  });
  // Three, then the two max_unrecorded (5) leaves room for; then it waits.
  std::size_t turns = harness.wait_for_turn(0);
  auto finished = lanes.take_finished();
  while (finished.size() < 5) {
    turns = harness.wait_for_turn(turns);
    auto more = lanes.take_finished();
    finished.insert(finished.end(), more.begin(), more.end());
  }
  ASSERT_EQ(finished.size(), 5U);
  for (std::size_t i = 0; i < finished.size(); ++i) {
    EXPECT_EQ(finished[i].result.detail, "HTTP 204 h" + std::to_string(i));
  }
  lanes.mark_recorded(finished.size());
  worker.join();
  EXPECT_EQ(batches, (std::vector<std::vector<std::string>>{{"h0", "h1", "h2"}, {"h3", "h4"}, {"h5", "h6"}}));
  EXPECT_EQ(lanes.take_finished().size(), 2U);
  EXPECT_EQ(lanes.workers("hooks.example"), 0U);
}

// Outcomes are handed over as they are reported, in the order they come,
// each once; a send that does not report every delivery loses none: the
// missing ones come back transient, to be retried.
TEST(DeliveryLanes, ABatchsOutcomesAreHandedOverAsReportedAndNoneIsLost) {
  Harness harness;
  DeliveryLanes lanes(settings(16), harness.hooks());
  lanes.admit(jobs_to("hooks.example", {"h0", "h1", "h2"}));
  std::size_t seen_during_send = 0;
  lanes.drain_batches(
      "hooks.example", [](const LaneJob&) { return std::size_t{8}; },
      [&](const std::vector<LaneJob>& jobs, const DeliveryLanes::Report& report) {
        ASSERT_EQ(jobs.size(), 3U);
        report(2, delivery::DeliveryResult{Kind::sent, "HTTP 204", 204});
        report(2, delivery::DeliveryResult{Kind::permanent, "reported twice", 400});
        seen_during_send = lanes.outcomes_waiting();
        report(0, delivery::DeliveryResult{Kind::transient, "HTTP 503", 503});
      });
  EXPECT_EQ(seen_during_send, 1U) << "an outcome was held back until its batch ended";
  const auto finished = lanes.take_finished();
  ASSERT_EQ(finished.size(), 3U);
  EXPECT_EQ(finished[0].delivery->recipient, "h2");
  EXPECT_EQ(finished[0].result.detail, "HTTP 204");
  EXPECT_EQ(finished[1].delivery->recipient, "h0");
  EXPECT_EQ(finished[2].delivery->recipient, "h1");
  EXPECT_EQ(finished[2].result.kind, Kind::transient);
  EXPECT_EQ(finished[2].result.detail, "no outcome was returned for this delivery");
  EXPECT_EQ(lanes.unrecorded(), 3U);
}

TEST(DeliveryLanes, AWorkerWaitsWhileMaxUnrecordedOutcomesAreNotCommitted) {
  Harness harness;
  DeliveryLanes lanes(settings(2), harness.hooks());
  std::vector<std::shared_ptr<Delivery>> deliveries;
  for (int i = 0; i < 6; ++i) {
    deliveries.push_back(delivery_to("smtp://mail", "r" + std::to_string(i)));
  }
  lanes.admit(jobs_of(deliveries));
  Sender sender;
  std::size_t most_unrecorded = 0;
  std::thread worker([&] {
    lanes.drain("smtp://mail", [&](const LaneJob& job) {
      most_unrecorded = std::max(most_unrecorded, lanes.unrecorded());  // this one included
      return sender(job);
    });
  });
  // The test is the loop thread: it commits only once two outcomes wait, so
  // the worker must stop after two until they are recorded.
  std::size_t seen_turns = 0;
  std::size_t recorded = 0;
  std::vector<std::string> committed;
  while (recorded < deliveries.size()) {
    std::vector<LaneOutcome> batch;
    while (batch.size() < 2) {
      seen_turns = harness.wait_for_turn(seen_turns);
      for (auto& outcome : lanes.take_finished()) {
        batch.push_back(std::move(outcome));
      }
    }
    ASSERT_EQ(batch.size(), 2U);
    EXPECT_EQ(lanes.unrecorded(), 2U);
    EXPECT_EQ(lanes.waiting("smtp://mail"), deliveries.size() - recorded - 2);
    for (const auto& outcome : batch) {
      committed.push_back(outcome.delivery->recipient);
    }
    lanes.mark_recorded(batch.size());
    recorded += batch.size();
  }
  worker.join();
  EXPECT_EQ(most_unrecorded, 2U);
  EXPECT_EQ(committed, (std::vector<std::string>{"r0", "r1", "r2", "r3", "r4", "r5"}));
  EXPECT_EQ(lanes.workers("smtp://mail"), 0U);
}

// Two deliveries sent by one worker, their outcomes not yet taken.
class TwoSent : public ::testing::Test {
 protected:
  void SetUp() override {
    lanes.admit(jobs_to("smtp://mail", {"r0", "r1"}));
    lanes.drain("smtp://mail", std::ref(sender));
  }
  Harness harness;
  DeliveryLanes lanes{settings(16), harness.hooks()};
  Sender sender;
};

TEST_F(TwoSent, ARefusedTurnKeepsItsOutcomesInOrderAndUnrecorded) {
  auto first = lanes.take_finished();
  ASSERT_EQ(first.size(), 2U);
  lanes.restore_finished(std::move(first));
  EXPECT_EQ(lanes.unrecorded(), 2U);
  auto again = lanes.take_finished();
  ASSERT_EQ(again.size(), 2U);
  EXPECT_EQ(again[0].delivery->recipient, "r0");
  EXPECT_EQ(again[1].delivery->recipient, "r1");
}

TEST(DeliveryLanes, AStopReleasesAWaitingWorkerAndHandsBackTheUnsent) {
  Harness harness;
  DeliveryLanes lanes(settings(1), harness.hooks());
  lanes.admit(jobs_to("smtp://mail", {"r0", "r1", "r2"}));
  Sender sender;
  std::thread worker([&] { lanes.drain("smtp://mail", std::ref(sender)); });
  harness.wait_for_turn(0);  // r0 sent; the worker now waits for room
  lanes.halt();
  worker.join();
  EXPECT_EQ(sender.sent, (std::vector<std::string>{"r0"}));
  EXPECT_EQ(lanes.workers("smtp://mail"), 0U);
  auto unsent = lanes.take_waiting();
  ASSERT_EQ(unsent.size(), 2U);
  EXPECT_EQ(unsent[0].delivery->recipient, "r1");
  EXPECT_EQ(unsent[1].delivery->recipient, "r2");
  EXPECT_EQ(lanes.waiting("smtp://mail"), 0U);
  // What was sent is still there for the last turn.
  auto finished = lanes.take_finished();
  ASSERT_EQ(finished.size(), 1U);
  EXPECT_EQ(finished[0].delivery->recipient, "r0");
}

TEST_F(TwoSent, TheFlushTimerIsArmedOncePerBatch) {
  EXPECT_EQ(harness.flushes_armed, 1U);
  lanes.flush_fired();
  lanes.admit(jobs_to("smtp://mail", {"r2"}));
  lanes.drain("smtp://mail", std::ref(sender));
  EXPECT_EQ(harness.flushes_armed, 2U);
}

// The outbox refuses to record: a worker starts nothing more until it
// records again, however much room max_unrecorded leaves; a stop ends the wait.
TEST(DeliveryLanes, APausedLaneStartsNothingUntilResumedOrHalted) {
  Harness harness;
  DeliveryLanes lanes(settings(16), harness.hooks());
  lanes.admit(jobs_to("smtp://mail", {"r0", "r1", "r2"}));
  lanes.pause_starting(true);
  Sender sender;
  std::thread worker([&] { lanes.drain("smtp://mail", std::ref(sender)); });
  // Unpaused, the worker would send all three at once and ask for a turn.
  EXPECT_FALSE(harness.turn_within(0, std::chrono::milliseconds{300}));
  lanes.admit(jobs_to("smtp://mail", {"r3"}));
  EXPECT_EQ(lanes.waiting("smtp://mail"), 4U);
  {
    const std::lock_guard lock(sender.mutex);
    EXPECT_TRUE(sender.sent.empty());
  }
  lanes.pause_starting(false);
  harness.wait_for_turn(0);  // the lane ran dry: its outcomes are ready
  worker.join();
  EXPECT_EQ(sender.sent, (std::vector<std::string>{"r0", "r1", "r2", "r3"}));

  // Paused again, a stop releases the waiting worker with nothing sent.
  lanes.mark_recorded(4);
  lanes.admit(jobs_to("smtp://mail", {"r4"}));
  lanes.pause_starting(true);
  std::thread paused([&] { lanes.drain("smtp://mail", std::ref(sender)); });
  lanes.halt();
  paused.join();
  EXPECT_EQ(sender.sent.size(), 4U);
  EXPECT_EQ(lanes.take_waiting().size(), 1U);
}

}  // namespace
}  // namespace deadlined
