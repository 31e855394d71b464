// The outbox stores role and channel as text; a value this version does not
// know (a file edited by hand, or written by a later version) is an error that
// names the file, the row and the value, never a crash or a silent default.
#include <string>

#include <gtest/gtest.h>

#include "outbox/outbox.hpp"
#include "outbox/reader.hpp"
#include "outbox_test_support.hpp"

namespace deadlined::outbox_test {
namespace {

// One pending row written through the outbox, then its `column` set to `value`.
ReminderRow tampered(const std::filesystem::path& file, const std::string& column, const std::string& value,
                     const std::string& state = "pending") {
  const ReminderRow row = planned("p", "t", "due", 0, k_t0);
  {
    Outbox outbox = open_outbox(file);
    EXPECT_TRUE(outbox.reconcile({row}, k_t0 - k_day));
  }
  RawDatabase raw(file);
  EXPECT_EQ(raw.exec("UPDATE reminders SET " + column + " = '" + value + "', state = '" + state +
                     "', updated_at = " + std::to_string(k_t0)),
            SQLITE_OK);
  return row;
}

TEST(OutboxVocabulary, StoredTextIsTheVocabularys) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite3";
  {
    Outbox outbox = open_outbox(file);
    ReminderRow row = planned("p", "t", "due", 0, k_t0);
    row.role = Role::support;
    row.channel = Channel::webhook;
    ASSERT_TRUE(outbox.reconcile({row}, k_t0 - k_day));
    const auto found = value_of(outbox.find(row.key));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->role, Role::support);
    EXPECT_EQ(found->channel, Channel::webhook);
  }
  RawDatabase raw(file);
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM reminders WHERE role = 'support' AND channel = 'webhook'"), 1);
}

TEST(OutboxVocabulary, UnknownRoleInTheFileIsAnError) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite3";
  const ReminderRow row = tampered(file, "role", "chief");
  Outbox outbox = open_outbox(file);
  const auto listed = outbox.list(std::nullopt);
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error(), file.string() + ": reminder " + row.key + " has unknown role 'chief'");
  const auto due = outbox.due(k_t0, 10);
  ASSERT_FALSE(due);
  EXPECT_EQ(due.error(), listed.error());
}

TEST(OutboxVocabulary, UnknownChannelInTheFileIsAnError) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite3";
  const ReminderRow row = tampered(file, "channel", "fax");
  Outbox outbox = open_outbox(file);
  const auto found = outbox.find(row.key);
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error(), file.string() + ": reminder " + row.key + " has unknown channel 'fax'");
}

TEST(OutboxVocabulary, ReaderReportsUnknownRoleAndChannel) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite3";
  const ReminderRow row = tampered(file, "channel", "fax", "failed");
  {
    auto reader = OutboxReader::open(file);
    ASSERT_TRUE(reader) << reader.error();
    const auto page = reader->deliveries(0, 10);
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error(), file.string() + ": reminder " + row.key + " has unknown channel 'fax'");
  }
  RawDatabase raw(file);
  ASSERT_EQ(raw.exec("UPDATE reminders SET channel = 'email', role = ''"), SQLITE_OK);
  auto reader = OutboxReader::open(file);
  ASSERT_TRUE(reader) << reader.error();
  const auto page = reader->deliveries(0, 10);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error(), file.string() + ": reminder " + row.key + " has unknown role ''");
}

}  // namespace
}  // namespace deadlined::outbox_test
