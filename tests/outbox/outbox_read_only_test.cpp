// Outbox::open_read_only, the connection of the commands that only read
// (outbox, agenda, plan, report, outbox compact --dry-run): it leaves the
// state directory as it found it, and never removes the log files of a
// connection that still has the outbox open.
#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "outbox/outbox.hpp"
#include "outbox_test_support.hpp"

namespace deadlined::outbox_test {
namespace {

std::set<std::string> names_in(const std::filesystem::path& directory) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

class OutboxReadOnly : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return m_dir.path() / "outbox.sqlite"; }
  std::filesystem::path directory() const { return m_dir.path(); }

  void write_one(const std::string& task) {
    Outbox writer = open_outbox(file());
    value_of(writer.reconcile({planned("p", task, "due", 1, k_t0)}, k_t0 - 10));
  }

 private:
  TempDir m_dir;
};

TEST_F(OutboxReadOnly, LeavesTheDirectoryAsItFoundIt) {
  write_one("t1");
  const auto before = names_in(directory());
  ASSERT_EQ(before, (std::set<std::string>{"outbox.sqlite"}));
  {
    Outbox reader = value_of(Outbox::open_read_only(file()));
    EXPECT_EQ(value_of(reader.counts())[OutboxState::pending], 1);
    EXPECT_TRUE(reader.notices().empty());
  }
  EXPECT_EQ(names_in(directory()), before);
}

TEST_F(OutboxReadOnly, KeepsTheLogOfAWriterThatOpenedAfterIt) {
  write_one("t1");
  auto reader = std::make_unique<Outbox>(value_of(Outbox::open_read_only(file())));
  EXPECT_EQ(value_of(reader->counts())[OutboxState::pending], 1);
  Outbox writer = open_outbox(file());
  value_of(writer.reconcile({planned("p", "t1", "due", 1, k_t0), planned("p", "t2", "due", 1, k_t0)}, k_t0 - 10));
  reader.reset();
  // The writer's log and shared memory are still there, and still its.
  EXPECT_TRUE(std::filesystem::exists(file().string() + "-wal"));
  EXPECT_TRUE(std::filesystem::exists(file().string() + "-shm"));
  value_of(writer.reconcile(
      {planned("p", "t1", "due", 1, k_t0), planned("p", "t2", "due", 1, k_t0), planned("p", "t3", "due", 1, k_t0)},
      k_t0 - 10));
  Outbox again = value_of(Outbox::open_read_only(file()));
  EXPECT_EQ(value_of(again.counts())[OutboxState::pending], 3);
}

TEST_F(OutboxReadOnly, LeavesLogFilesItFoundInPlace) {
  write_one("t1");
  Outbox writer = open_outbox(file());
  EXPECT_EQ(value_of(writer.counts())[OutboxState::pending], 1);
  const auto before = names_in(directory());
  {
    Outbox reader = value_of(Outbox::open_read_only(file()));
    EXPECT_EQ(value_of(reader.counts())[OutboxState::pending], 1);
  }
  EXPECT_EQ(names_in(directory()), before);
  value_of(writer.reconcile({planned("p", "t1", "due", 1, k_t0), planned("p", "t2", "due", 1, k_t0)}, k_t0 - 10));
}

// `outbox` lists the first rows by send time over every state, read state
// by state through the index: the same rows, in the same order, as ordering
// the whole table.
TEST_F(OutboxReadOnly, ListsTheFirstRowsOfEveryStateInSendOrder) {
  {
    Outbox writer = open_outbox(file());
    std::vector<ReminderRow> rows;
    for (int i = 0; i < 8; ++i) {
      // Two rows per send time, so that the key orders the ties.
      rows.push_back(planned("p", "t" + std::to_string(7 - i), "due", 1, k_t0 + 60 * (i / 2)));
    }
    value_of(writer.reconcile(rows, k_t0 - 10));
    // Every other row no longer planned: skipped, the others pending.
    std::vector<ReminderRow> kept;
    for (std::size_t i = 0; i < rows.size(); i += 2) {
      kept.push_back(rows[i]);
    }
    value_of(writer.reconcile(kept, k_t0 - 5));
  }
  RawDatabase raw(file());
  ASSERT_EQ(raw.integer("SELECT COUNT(DISTINCT state) FROM reminders"), 2);
  Outbox reader = value_of(Outbox::open_read_only(file()));
  for (const std::size_t limit : {1U, 3U, 5U, 8U, 20U}) {
    SCOPED_TRACE(limit);
    std::vector<std::string> expected;
    for (int i = 0; i < static_cast<int>(std::min<std::size_t>(limit, 8)); ++i) {
      expected.push_back(
          raw.text("SELECT key FROM reminders ORDER BY send_at, key LIMIT 1 OFFSET " + std::to_string(i)));
    }
    std::vector<std::string> listed;
    for (const ReminderRow& row : value_of(reader.list(std::nullopt, limit))) {
      listed.push_back(row.key);
    }
    EXPECT_EQ(listed, expected);
  }
}

}  // namespace
}  // namespace deadlined::outbox_test
