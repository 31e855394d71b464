// Opening, migrations, refusal of foreign or newer files, durability across a
// restart (close + reopen), and the Outbox handle itself.
#include <filesystem>
#include <fstream>
#include <map>
#include <type_traits>

#include <gtest/gtest.h>

#include "outbox/database.hpp"
#include "outbox/outbox.hpp"
#include "outbox/reader.hpp"
#include "outbox/schema.hpp"
#include "outbox_test_support.hpp"

namespace deadlined::outbox_test {
namespace {

static_assert(!std::is_copy_constructible_v<Outbox>);
static_assert(!std::is_copy_assignable_v<Outbox>);
static_assert(std::is_nothrow_move_constructible_v<Outbox>);
static_assert(std::is_nothrow_move_assignable_v<Outbox>);

TEST(OutboxSchema, StateNamesRoundTrip) {
  for (const auto state : {OutboxState::pending, OutboxState::sending, OutboxState::sent, OutboxState::failed,
                           OutboxState::dead, OutboxState::skipped}) {
    EXPECT_EQ(parse_outbox_state(to_string(state)), state);
  }
  EXPECT_EQ(to_string(OutboxState::skipped), "skipped");
  EXPECT_EQ(parse_outbox_state("Pending"), std::nullopt);
  EXPECT_EQ(parse_outbox_state(""), std::nullopt);
}

TEST(OutboxSchema, OpenCreatesDirectoryAndSchema) {
  const TempDir dir;
  const auto file = dir.path() / "state" / "nested" / "outbox.sqlite3";
  {
    Outbox outbox = open_outbox(file);
    EXPECT_EQ(outbox.path(), file);
  }
  ASSERT_TRUE(std::filesystem::exists(file));
  RawDatabase raw(file);
  EXPECT_EQ(raw.integer("PRAGMA user_version"), Outbox::schema_version());
  EXPECT_EQ(Outbox::schema_version(), static_cast<int>(outbox_migrations().size()));
  EXPECT_EQ(raw.integer("PRAGMA application_id"), k_outbox_application_id);
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('reminders', 'events')"),
            2);
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name IN "
                        "('reminders_state_send_at', 'reminders_obligation', 'reminders_retry', 'events_key')"),
            4);
}

TEST(OutboxSchema, ReopenDoesNotReapplyMigrations) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite3";
  { open_outbox(file); }
  { open_outbox(file); }
  RawDatabase raw(file);
  EXPECT_EQ(raw.integer("PRAGMA user_version"), Outbox::schema_version());
}

TEST(OutboxSchema, RowsSurviveRestart) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite3";
  std::vector<ReminderRow> before;
  {
    Outbox outbox = open_outbox(file);
    value_of(outbox.reconcile({planned("p", "1", "before-3", 1, k_t0), planned("p", "1", "due", 2, k_t0 + 3 * k_day)},
                              k_t0 - k_day));
    const auto claimed = value_of(claim_due(outbox, k_t0, 10));
    ASSERT_EQ(claimed.size(), 1U);
    value_of(outbox.mark_sent({claimed[0].key}, k_t0 + 5));
    before = value_of(outbox.list(std::nullopt));
  }
  Outbox reopened = open_outbox(file);
  const auto after = value_of(reopened.list(std::nullopt));
  EXPECT_EQ(after, before);
  ASSERT_EQ(after.size(), 2U);
  EXPECT_EQ(after[0].state, OutboxState::sent);
  EXPECT_EQ(after[0].sent_at, k_t0 + 5);
  EXPECT_EQ(after[1].state, OutboxState::pending);
  EXPECT_EQ(value_of(reopened.events(after[0].key)).size(), 2U);  // planned, sent
}

TEST(OutboxSchema, NewerSchemaIsRefused) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite3";
  { open_outbox(file); }
  const int newer = Outbox::schema_version() + 1;
  {
    RawDatabase raw(file);
    ASSERT_EQ(raw.exec("PRAGMA user_version = " + std::to_string(newer)), SQLITE_OK);
  }
  const auto refused = Outbox::open(file);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), file.string() + ": schema version " + std::to_string(newer) +
                                 " is newer than this deadlined supports (" + std::to_string(Outbox::schema_version()) +
                                 ")");
  // Refusing leaves the file as it was.
  RawDatabase raw(file);
  EXPECT_EQ(raw.integer("PRAGMA user_version"), newer);
}

TEST(OutboxSchema, ForeignDatabaseIsRefused) {
  const TempDir dir;
  const auto file = dir.path() / "other.sqlite3";
  {
    RawDatabase raw(file);
    ASSERT_EQ(raw.exec("PRAGMA application_id = 42; CREATE TABLE t (x)"), SQLITE_OK);
  }
  const auto refused = Outbox::open(file);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), file.string() + ": not a deadlined outbox (application_id 42)");
}

TEST(OutboxSchema, GarbageFileIsAnErrorNamingTheFile) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite3";
  {
    std::ofstream out(file, std::ios::binary);
    out << std::string(4096, 'x');
  }
  const auto refused = Outbox::open(file);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rfind(file.string() + ": ", 0), 0U) << refused.error();
  EXPECT_NE(refused.error().find("file is not a database"), std::string::npos) << refused.error();
}

// A 0-byte file (a failed restore, `> outbox.sqlite`) is not a new outbox:
// starting afresh would send every reminder already sent again.
TEST(OutboxSchema, EmptyFileIsRefusedNotStartedAfresh) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite";
  { std::ofstream out(file, std::ios::binary); }
  const auto refused = Outbox::open(file);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rfind(file.string() + ": the outbox is empty (0 bytes)", 0), 0U) << refused.error();
  EXPECT_NE(refused.error().find("restore outbox.sqlite from a backup"), std::string::npos) << refused.error();
  EXPECT_EQ(std::filesystem::file_size(file), 0U) << "the file is left as it was";
}

TEST(OutboxSchema, SqliteFileWithoutOurSchemaIsRefused) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite";
  {
    RawDatabase raw(file);
    ASSERT_EQ(raw.exec("VACUUM"), SQLITE_OK);
  }
  ASSERT_GT(std::filesystem::file_size(file), 0U);
  const auto refused = Outbox::open(file);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rfind(file.string() + ": not a deadlined outbox (no schema)", 0), 0U) << refused.error();
}

TEST(OutboxSchema, DirectoryInPlaceOfTheFileIsRefused) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite";
  std::filesystem::create_directory(file);
  const auto refused = Outbox::open(file);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), file.string() + ": not a regular file");
}

// A new outbox appears complete under its name, with no staging file left.
TEST(OutboxSchema, NewOutboxLeavesOnlyItsFile) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite";
  {
    auto opened = Outbox::open(file);
    ASSERT_TRUE(opened) << opened.error();
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".new."), std::string::npos) << entry.path();
  }
  auto reopened = Outbox::open(file);
  ASSERT_TRUE(reopened) << reopened.error();
}

TEST(OutboxSchema, UncreatableDirectoryIsAnError) {
  const TempDir dir;
  const auto blocker = dir.path() / "not-a-directory";
  { std::ofstream out(blocker); }
  const auto file = blocker / "outbox.sqlite3";
  const auto refused = Outbox::open(file);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rfind(file.string() + ": cannot create directory " + blocker.string(), 0), 0U)
      << refused.error();
}

TEST(OutboxSchema, MoveKeepsTheConnection) {
  const TempDir dir;
  Outbox first = open_outbox(dir.path() / "a.sqlite3");
  value_of(first.reconcile({planned("p", "1", "due", 1, k_t0)}, k_t0));
  Outbox moved = std::move(first);
  EXPECT_EQ(value_of(moved.list(std::nullopt)).size(), 1U);
  Outbox other = open_outbox(dir.path() / "b.sqlite3");
  other = std::move(moved);  // closes b, takes over a
  EXPECT_EQ(other.path(), dir.path() / "a.sqlite3");
  EXPECT_EQ(value_of(other.list(std::nullopt)).size(), 1U);
}

TEST(OutboxSchema, EventsAreAppendOnly) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite3";
  {
    Outbox outbox = open_outbox(file);
    value_of(outbox.reconcile({planned("p", "1", "due", 1, k_t0)}, k_t0));
  }
  RawDatabase raw(file);
  EXPECT_NE(raw.exec("UPDATE events SET detail = 'forged'"), SQLITE_OK);
  EXPECT_EQ(raw.last_error(), "events is append-only");
  EXPECT_NE(raw.exec("DELETE FROM events"), SQLITE_OK);
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM events"), 1);
}

// Version 8 keeps on the row the state a claim took it from (until then only
// the claim's event said it). Rows a version-7 daemon left in sending must go
// back where their claims took them from: pending, or failed with its retry.
TEST(OutboxSchema, RowsInSendingOfVersion7GoBackWhereTheirClaimsTookThem) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite3";
  {
    RawDatabase raw(file);
    ASSERT_EQ(raw.migrate_to(7), SQLITE_OK) << raw.last_error();
    const auto insert = [&](const std::string& key, const std::string& events) {
      return raw.exec(
          "INSERT INTO reminders (key, obligation, plan, task, occurrence, unit, role, stage, channel,"
          " recipient, due, stage_order, send_at, fingerprint, state, attempts, next_attempt_at,"
          " updated_at) VALUES ('" +
          key +
          "', 'o', 'p', '1', '2022-03-31', 'vp', 'lead', 'due', 'email', 'vp@example.vn',"
          " '2022-03-31', 0, 1648688400, 'fp', 'sending', 2, 1648688460, 1648688500); " +
          events);
    };
    // Claimed from failed (its second attempt), and claimed from pending
    // after an earlier release; and one with no claim event at all.
    ASSERT_EQ(insert("from-failed",
                     "INSERT INTO events (key, at, from_state, to_state, detail) VALUES"
                     " ('from-failed', 1648688400, NULL, 'pending', 'planned'),"
                     " ('from-failed', 1648688401, 'pending', 'sending', 'attempt 1'),"
                     " ('from-failed', 1648688402, 'sending', 'failed', '503'),"
                     " ('from-failed', 1648688460, 'failed', 'sending', 'attempt 2');"),
              SQLITE_OK)
        << raw.last_error();
    ASSERT_EQ(insert("from-pending",
                     "INSERT INTO events (key, at, from_state, to_state, detail) VALUES"
                     " ('from-pending', 1648688400, NULL, 'pending', 'planned'),"
                     " ('from-pending', 1648688401, 'failed', 'sending', 'attempt 1'),"
                     " ('from-pending', 1648688402, 'sending', 'pending', 'released unsent'),"
                     " ('from-pending', 1648688460, 'pending', 'sending', 'attempt 2');"),
              SQLITE_OK)
        << raw.last_error();
    ASSERT_EQ(insert("no-claim-event", ""), SQLITE_OK) << raw.last_error();
    ASSERT_EQ(raw.exec("UPDATE outbox_counts SET rows = rows + 3 WHERE state = 'sending';"
                       " UPDATE outbox_counts SET rows = rows - 3 WHERE state = 'pending'"),
              SQLITE_OK)
        << raw.last_error();
  }
  Outbox outbox = open_outbox(file);
  EXPECT_EQ(RawDatabase(file).integer("PRAGMA user_version"), Outbox::schema_version());
  EXPECT_EQ(value_of(outbox.requeue_in_flight(1648688600)), 3U);
  const auto state_of = [&](const std::string& key) {
    const auto row = value_of(outbox.find(key));
    return row ? std::make_pair(row->state, row->attempts) : std::make_pair(OutboxState::dead, -1);
  };
  EXPECT_EQ(state_of("from-failed"), std::make_pair(OutboxState::failed, 1));
  EXPECT_EQ(state_of("from-pending"), std::make_pair(OutboxState::pending, 1));
  EXPECT_EQ(state_of("no-claim-event"), std::make_pair(OutboxState::pending, 1));
  const std::map<OutboxState, std::int64_t> counts = {{OutboxState::pending, 2}, {OutboxState::sending, 0},
                                                      {OutboxState::sent, 0},    {OutboxState::failed, 1},
                                                      {OutboxState::dead, 0},    {OutboxState::skipped, 0}};
  EXPECT_EQ(value_of(outbox.counts()), counts);
}

// A version-7 binary still running beside a migrated file (a command during
// an upgrade) claims without setting claimed_from, but with its event: a
// release must follow the event, not what an earlier claim left.
TEST(OutboxSchema, AClaimOfAVersion7BinaryIsReleasedByItsEvent) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite3";
  Outbox outbox = open_outbox(file);
  const auto reminder = planned("p", "1", "due", 1, k_t0);
  value_of(outbox.reconcile({reminder}, k_t0 - 10));
  ASSERT_EQ(value_of(claim_due(outbox, k_t0, 10)).size(), 1U);  // claimed from pending by this build
  ASSERT_EQ(value_of(outbox.mark_failed({reminder.key}, k_t0 + 1, "503", k_t0 + 60)), 1U);
  {
    RawDatabase raw(file);
    EXPECT_EQ(raw.text("SELECT claimed_from FROM reminders"), "") << "an outcome clears it";
    ASSERT_EQ(raw.exec("UPDATE reminders SET state = 'sending', attempts = attempts + 1;"
                       " INSERT INTO events (key, at, from_state, to_state, detail) VALUES ('" +
                       reminder.key + "', " + std::to_string(k_t0 + 60) + ", 'failed', 'sending', 'attempt 2');"),
              SQLITE_OK)
        << raw.last_error();
  }
  EXPECT_EQ(value_of(outbox.release({reminder.key}, k_t0 + 61, "released unsent")), 1U);
  const auto row = value_of(outbox.find(reminder.key));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->state, OutboxState::failed);
  EXPECT_EQ(row->attempts, 1);
}

}  // namespace
}  // namespace deadlined::outbox_test

namespace deadlined::outbox_test {
namespace {

// outbox.sqlite deleted by hand, its log left: SQLite applied the old log to
// the new outbox ("database disk image is malformed" at every start). The log
// is moved aside, the new outbox works, and opening says so.
TEST(OutboxFile, ALogLeftWithoutItsDatabaseIsMovedAside) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite";
  {
    Outbox first = open_outbox(file);
    value_of(first.reconcile({planned("p", "1", "due", 0, k_t0)}, k_t0 - 60));
    const auto log = file.string() + "-wal";
    std::filesystem::copy_file(log, dir.path() / "saved-wal");
  }
  std::filesystem::remove(file);
  std::filesystem::copy_file(dir.path() / "saved-wal", file.string() + "-wal");
  std::ofstream(file.string() + "-shm") << "stale";

  Outbox second = open_outbox(file);
  ASSERT_EQ(second.notices().size(), 2U);
  EXPECT_NE(second.notices()[0].find("-wal was left without its database (deleted by hand?): moved to"),
            std::string::npos)
      << second.notices()[0];
  EXPECT_TRUE(std::filesystem::exists(file.string() + "-wal.orphaned"));
  EXPECT_TRUE(std::filesystem::exists(file.string() + "-shm.orphaned"));
  EXPECT_EQ(value_of(second.reconcile({planned("p", "2", "due", 0, k_t0)}, k_t0 - 60)).inserted, 1U);
  EXPECT_EQ(value_of(second.list(std::nullopt)).size(), 1U);
}

// The path checked against the file open: deleted, or replaced by another.
TEST(OutboxFile, TellsWhenItsFileIsDeletedOrReplaced) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite";
  Outbox outbox = open_outbox(file);
  EXPECT_EQ(outbox.file_replaced(), std::nullopt);
  std::filesystem::rename(file, dir.path() / "moved.sqlite");
  ASSERT_TRUE(outbox.file_replaced().has_value());
  EXPECT_NE(outbox.file_replaced()->find("is gone"), std::string::npos) << *outbox.file_replaced();
  std::ofstream(file) << "another";
  ASSERT_TRUE(outbox.file_replaced().has_value());
  EXPECT_NE(outbox.file_replaced()->find("is another file than the one open"), std::string::npos);
}

// Schema version 10: SQLite builds a temporary b-tree of a list of constants
// (`state IN ('a', 'b', 'c')`) in a CHECK or an index's WHERE for every row
// it writes; the schema spells those conditions with OR. A statement that
// moves rows between states, as claims and outcomes do, opens none per row.
TEST(OutboxSchema, WritingARowBuildsNoTemporaryTableOfConstants) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite3";
  { open_outbox(file); }
  RawDatabase raw(file);
  for (const std::string sql :
       {"UPDATE reminders SET state = 'sending', claimed_from = state, attempts = attempts + 1 WHERE key = 'k'",
        "UPDATE reminders SET state = 'sent', claimed_from = '', sent_at = 1, updated_at = 1 WHERE key = 'k'",
        "UPDATE reminders SET state = 'failed', claimed_from = '', next_attempt_at = 1, updated_at = 1 WHERE key = 'k'",
        "UPDATE outbox_counts SET rows = rows + 1 WHERE state = 'sent'",
        "INSERT INTO ack_events (plan, task, occurrence, unit, action, at, how) VALUES ('p', 't', 'o', 'u', 'done', 1, "
        "'cli')",
        "INSERT INTO reminders_compacted VALUES ('p', 't', 'u', '2022-03', 'due', 'email', 'sent', '', 1, 1, 1, 1, 1, "
        "1)"}) {
    EXPECT_EQ(raw.opcodes(sql, "OpenEphemeral"), 0) << sql << raw.last_error();
  }
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
}

// The conditions mean what they meant: a state, a claim's origin, a way of
// acknowledging outside their lists are still refused.
TEST(OutboxSchema, TheChecksSpelledWithOrStillRefuseWhatTheyRefused) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite3";
  {
    Outbox outbox = open_outbox(file);
    value_of(outbox.reconcile({planned("p", "1", "due", 1, k_t0)}, k_t0 - k_day));
  }
  RawDatabase raw(file);
  EXPECT_EQ(raw.exec("UPDATE reminders SET state = 'lost'"), SQLITE_CONSTRAINT) << raw.last_error();
  EXPECT_EQ(raw.exec("UPDATE reminders SET state = NULL"), SQLITE_CONSTRAINT);
  EXPECT_EQ(raw.exec("UPDATE reminders SET claimed_from = 'sent'"), SQLITE_CONSTRAINT) << raw.last_error();
  EXPECT_EQ(raw.exec("UPDATE outbox_counts SET state = 'lost' WHERE state = 'dead'"), SQLITE_CONSTRAINT);
  EXPECT_EQ(raw.exec("INSERT INTO ack_events (plan, task, occurrence, unit, action, at, how)"
                     " VALUES ('p', 't', 'o', 'u', 'done', 1, 'fax')"),
            SQLITE_CONSTRAINT);
  EXPECT_EQ(raw.exec("INSERT INTO reminders_compacted VALUES"
                     " ('p', 't', 'u', '2022-03', 'due', 'email', 'pending', '', 1, 1, 1, 1, 1, 1)"),
            SQLITE_CONSTRAINT);
  for (const char* state : {"pending", "sending", "sent", "failed", "dead", "skipped"}) {
    EXPECT_EQ(raw.exec(std::string("UPDATE reminders SET state = '") + state + "'"), SQLITE_OK) << state;
  }
  EXPECT_EQ(raw.exec("UPDATE reminders SET claimed_from = 'failed'"), SQLITE_OK);
  EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM sqlite_schema WHERE sql LIKE '%CHECK (state IN%'"
                        " OR sql LIKE '%CHECK (claimed_from IN%' OR sql LIKE '%CHECK (how IN%'"),
            0);
}

// The edit of table text (schema version 10) is best effort: where SQLite
// refuses it, what it changed is rolled back, the migration's transaction
// goes on, and a warning says why (the outbox's notices, which the daemon
// logs and the commands print), where it was rolled back in silence.
TEST(OutboxSchema, ARefusedTableTextEditIsRolledBackWithAWarning) {
  const TempDir dir;
  const auto file = dir.path() / "edit.sqlite3";
  RawDatabase raw(file);
  const std::string table = "CREATE TABLE t (state TEXT CHECK (state IN ('a', 'b')))";
  ASSERT_EQ(raw.exec(table + "; BEGIN IMMEDIATE"), SQLITE_OK) << raw.last_error();
  // The first statement edits, the second fails: the edit is undone.
  const auto warning = outbox_detail::edit_table_text(
      file, raw.handle(),
      "UPDATE sqlite_schema SET sql = replace(sql, 'IN', 'NOT IN') WHERE name = 't'; SELECT no_such_function()");
  ASSERT_TRUE(warning.has_value()) << warning.error();
  ASSERT_TRUE(warning->has_value());
  EXPECT_NE((*warning)->find("no such function"), std::string::npos) << **warning;
  EXPECT_NE((*warning)->find("rolled back"), std::string::npos) << **warning;
  EXPECT_EQ(raw.exec("COMMIT"), SQLITE_OK) << raw.last_error();
  EXPECT_EQ(raw.text("SELECT sql FROM sqlite_schema WHERE name = 't'"), table);
  EXPECT_EQ(raw.exec("INSERT INTO t VALUES ('a')"), SQLITE_OK) << raw.last_error();
  EXPECT_EQ(raw.exec("INSERT INTO t VALUES ('c')"), SQLITE_CONSTRAINT);
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
}

TEST(OutboxSchema, AnAcceptedTableTextEditSaysNothing) {
  const TempDir dir;
  const auto file = dir.path() / "edit.sqlite3";
  RawDatabase raw(file);
  ASSERT_EQ(raw.exec("CREATE TABLE t (state TEXT CHECK (state IN ('a', 'b'))); BEGIN IMMEDIATE"), SQLITE_OK);
  const auto warning = outbox_detail::edit_table_text(
      file, raw.handle(),
      "UPDATE sqlite_schema SET sql = replace(sql, 'IN (''a'', ''b'')', '= ''a''') WHERE name = 't'");
  ASSERT_TRUE(warning.has_value()) << warning.error();
  EXPECT_FALSE(warning->has_value()) << **warning;
  EXPECT_EQ(raw.exec("COMMIT"), SQLITE_OK) << raw.last_error();
  EXPECT_EQ(raw.exec("INSERT INTO t VALUES ('b')"), SQLITE_CONSTRAINT);
}

// A file of version 9 keeps its rows, counts and deliveries page through the
// migration, and the connection that migrated it (the daemon's) writes with
// the new CHECKs at once.
TEST(OutboxSchema, Version9FilesMoveToConditionsSpelledWithOr) {
  const TempDir dir;
  const auto file = dir.path() / "outbox.sqlite3";
  {
    RawDatabase raw(file);
    ASSERT_EQ(raw.migrate_to(9), SQLITE_OK) << raw.last_error();
    ASSERT_EQ(raw.exec("INSERT INTO reminders (key, obligation, plan, task, occurrence, unit, role, stage, channel,"
                       " recipient, due, stage_order, send_at, fingerprint, state, attempts, updated_at, sent_at)"
                       " VALUES ('sent-row', 'o', 'p', '1', '2022-03-31', 'vp', 'lead', 'due', 'email',"
                       " 'vp@example.vn', '2022-03-31', 0, 1648688400, 'fp', 'sent', 1, 1648688500, 1648688500),"
                       " ('pending-row', 'o2', 'p', '1', '2022-03-31', 'vp', 'lead', 'before-1', 'email',"
                       " 'vp@example.vn', '2022-03-31', 0, 1648602000, 'fp', 'pending', 0, 1648600000, 0);"
                       " UPDATE outbox_counts SET rows = rows + 1 WHERE state = 'sent';"
                       " UPDATE outbox_counts SET rows = rows - 1 WHERE state = 'pending';"),
              SQLITE_OK)
        << raw.last_error();
    ASSERT_GT(raw.opcodes("UPDATE reminders SET state = 'sent', updated_at = 1 WHERE key = 'k'", "OpenEphemeral"), 0);
  }
  Outbox outbox = open_outbox(file);
  RawDatabase raw(file);
  EXPECT_EQ(raw.integer("PRAGMA user_version"), Outbox::schema_version());
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(raw.opcodes("UPDATE reminders SET state = 'sent', updated_at = 1 WHERE key = 'k'", "OpenEphemeral"), 0);
  const auto counts = value_of(outbox.counts());
  EXPECT_EQ(counts.at(OutboxState::sent), 1);
  EXPECT_EQ(counts.at(OutboxState::pending), 1);
  // The migrating connection itself reads the new schema: an outcome it
  // records passes the rewritten CHECKs and enters the rebuilt index.
  const auto claimed = value_of(claim_due(outbox, 1648688600, 10));
  ASSERT_EQ(claimed.size(), 1U);
  EXPECT_EQ(value_of(outbox.mark_sent({claimed[0].key}, 1648688600)), 1U);
  auto reader = value_of(OutboxReader::open(file));
  const auto delivered = value_of(reader.deliveries(0, 10));
  ASSERT_EQ(delivered.size(), 2U);
  EXPECT_EQ(delivered[0].key, "pending-row");
  EXPECT_EQ(delivered[1].key, "sent-row");
}

}  // namespace
}  // namespace deadlined::outbox_test
