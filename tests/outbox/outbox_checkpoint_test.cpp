// The write-ahead log checkpointed on another connection (checkpoint.hpp):
// the writer's commits no longer checkpoint at SQLite's 1000 frames, they
// report the log's size; a WalCheckpointer copies the log into the database
// so the writer's next commit starts the log over; the writer's own backstop
// checkpoints when nobody else does.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "outbox/checkpoint.hpp"
#include "outbox_test_support.hpp"

namespace deadlined::outbox_test {
namespace {

// Rows enough for a few hundred pages of log per reconcile.
std::vector<ReminderRow> plan_of(int tasks) {
  std::vector<ReminderRow> rows;
  for (int i = 0; i < tasks; ++i) {
    rows.push_back(planned("p", "t" + std::to_string(i), "due", 1, k_t0 + k_day,
                           "vanthu" + std::to_string(i) + "@so-tu-phap.example.vn"));
  }
  return rows;
}

class OutboxCheckpoints : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return m_dir.path() / "outbox.sqlite3"; }

  // Commits that grow the log: plans of more and more tasks.
  static void grow(Outbox& outbox, int commits) {
    for (int i = 1; i <= commits; ++i) {
      value_of(outbox.reconcile(plan_of(1500 * i), k_t0));
    }
  }

 private:
  TempDir m_dir;
};

TEST_F(OutboxCheckpoints, CommitsLeaveTheCheckpointsToTheCheckpointer) {
  Outbox outbox = value_of(Outbox::open(file(), Outbox::Durability::normal));
  std::vector<int> sizes;
  outbox.checkpoint_elsewhere([&](int frames) { sizes.push_back(frames); }, 1'000'000);
  grow(outbox, 4);
  ASSERT_FALSE(sizes.empty());
  EXPECT_TRUE(std::is_sorted(sizes.begin(), sizes.end())) << "no checkpoint in the commits";
  const int grown = sizes.back();
  EXPECT_GT(grown, 1000) << "past SQLite's automatic threshold";

  WalCheckpointer checkpointer = value_of(WalCheckpointer::open(file()));
  const auto progress = value_of(checkpointer.run());
  EXPECT_EQ(progress.log_frames, grown);
  EXPECT_EQ(progress.checkpointed_frames, grown) << "every frame copied: no reader holds one";

  value_of(outbox.reconcile(plan_of(100), k_t0));
  EXPECT_LT(sizes.back(), grown) << "the next commit started the log over";
}

TEST_F(OutboxCheckpoints, TheBackstopCheckpointsInTheCommitWhenNobodyElseDoes) {
  Outbox outbox = value_of(Outbox::open(file(), Outbox::Durability::normal));
  std::vector<int> sizes;
  outbox.checkpoint_elsewhere([&](int frames) { sizes.push_back(frames); }, 300);
  grow(outbox, 4);
  ASSERT_GE(sizes.size(), 2U);
  // Once a commit left the log at the backstop, the next one found it copied
  // and started over.
  bool started_over = false;
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
    if (sizes[i] >= 300 && sizes[i + 1] < sizes[i]) {
      started_over = true;
    }
  }
  EXPECT_TRUE(started_over) << ::testing::PrintToString(sizes);
}

TEST_F(OutboxCheckpoints, CheckpointHereGivesTheCheckpointsBackToTheCommits) {
  Outbox outbox = value_of(Outbox::open(file(), Outbox::Durability::normal));
  int calls = 0;
  outbox.checkpoint_elsewhere([&](int) { ++calls; }, 1'000'000);
  value_of(outbox.reconcile(plan_of(10), k_t0));
  const int before = calls;
  EXPECT_GT(before, 0);
  outbox.checkpoint_here();
  grow(outbox, 3);
  EXPECT_EQ(calls, before) << "the listener is gone";
  // SQLite's automatic checkpoint is back: the log never grew past a few
  // commits' worth, which a checkpoint from outside confirms.
  WalCheckpointer checkpointer = value_of(WalCheckpointer::open(file()));
  EXPECT_LT(value_of(checkpointer.run()).log_frames, 3000);
}

TEST_F(OutboxCheckpoints, AMissingFileIsAnErrorThatNamesIt) {
  const auto missing = file().parent_path() / "nowhere.sqlite3";
  auto checkpointer = WalCheckpointer::open(missing);
  ASSERT_FALSE(checkpointer);
  EXPECT_NE(checkpointer.error().find(missing.string()), std::string::npos) << checkpointer.error();
  EXPECT_FALSE(std::filesystem::exists(missing)) << "not created";
}

}  // namespace
}  // namespace deadlined::outbox_test
