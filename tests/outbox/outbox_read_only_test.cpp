// Outbox::open_read_only, the connection of the commands that only read
// (outbox, agenda, plan, report, outbox compact --dry-run): it leaves the
// state directory as it found it, and never removes the log files of a
// connection that still has the outbox open.
#include <filesystem>
#include <set>
#include <string>

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

}  // namespace
}  // namespace deadlined::outbox_test
