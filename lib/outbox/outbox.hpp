#pragma once
// The durable outbox: every reminder the planner wants delivered is a row of a
// SQLite file keyed by a stable idempotency key, and moves between states only
// inside transactions, each written together with an audit event (except a
// claim, pending/failed -> sending: the row counts the attempt and keeps the
// state it was claimed from, and the attempt's outcome is the event):
//
//   (planned) -> pending -> sending -> sent
//                  ^           |----> failed -> sending ... -> dead
//                  |           '----> (crash) requeue_in_flight -> pending/failed
//   pending/failed -> skipped (config changed, task removed, missed while down,
//                              superseded by a later stage)
//
// Nothing is lost: a row leaves pending/failed only by being claimed or by an
// explicit, audited skip. Nothing is sent twice: sent rows are never touched
// again, not by a reload (reconcile) nor a restart. The one path to a duplicate
// is a crash between delivering and mark_sent; see requeue_in_flight.
//
// Start-up order for the daemon: open, requeue_in_flight, reconcile,
// collapse_missed, then loop due / claim_seen / mark_*; on reload: reconcile,
// collapse_missed. No function reads the clock: `now` is unix seconds UTC.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "util/keys.hpp"
#include "util/vocabulary.hpp"

namespace deadlined {

enum class OutboxState { pending, sending, sent, failed, dead, skipped };

std::string_view to_string(OutboxState state);
std::optional<OutboxState> parse_outbox_state(std::string_view text);

// Skip reasons written by the outbox (ReminderRow::skip_reason).
inline constexpr std::string_view k_skip_config_changed = "config changed";
inline constexpr std::string_view k_skip_task_removed = "task removed";
inline constexpr std::string_view k_skip_missed = "missed while down";
inline constexpr std::string_view k_skip_superseded = "superseded by a later stage";
inline constexpr std::string_view k_skip_late_change = "changed by a reload after its send time";
inline constexpr std::string_view k_skip_stale = "missed while down, too old to matter";
inline constexpr std::string_view k_skip_done = "done";

// An occurrence of an on-demand task, created by hand.
struct TriggerRow {
  std::string plan;
  std::string task;
  std::string due;  // YYYY-MM-DD
  std::string note;
  std::int64_t created_at = 0;
  friend bool operator==(const TriggerRow&, const TriggerRow&) = default;
};

// One acknowledgement event (table ack_events, append-only). The state of an
// obligation is its last event: "done" or "undo" (= not done).
struct AckRow {
  std::int64_t id = 0;  // assigned by the outbox
  std::string plan;
  std::string task;
  std::string occurrence;  // YYYY-MM-DD, as in ReminderRow::occurrence
  std::string unit;
  AckAction action = AckAction::done;
  std::int64_t at = 0;
  std::string by;   // who acted (free text: a login, a name)
  std::string how;  // cli | link | api
  std::string note;
  std::string due;    // YYYY-MM-DD, the rolled due date when recorded
  bool late = false;  // done after the due date

  std::string obligation_key() const { return obligation_key_of(plan, task, occurrence, unit); }
  friend bool operator==(const AckRow&, const AckRow&) = default;
};

struct ReminderRow {
  std::string key;         // stable idempotency key, unique (plan/task/occurrence/unit/stage/channel/recipient)
  std::string obligation;  // plan/task/occurrence/unit/channel/recipient: the stages of one obligation
  std::string plan;
  std::string task;
  std::string occurrence;  // YYYY-MM-DD
  std::string unit;
  Role role = Role::lead;
  std::string stage;  // "before-10", "due", "overdue-1", ...
  Channel channel = Channel::email;
  std::string recipient;
  std::string due;      // YYYY-MM-DD, rolled
  int stage_order = 0;  // increases with stage time within one obligation
  std::int64_t send_at = 0;
  // The send time the plan gave, when the catch-up held the row for a later
  // send slot (send_at); 0: send_at is the plan's.
  std::int64_t planned_send_at = 0;
  std::string fingerprint;  // digest of what the reminder would say

  // Owned by the outbox; ignored in planned rows given to reconcile.
  OutboxState state = OutboxState::pending;
  // Transfers made: outcomes recorded, plus the claim in progress while the
  // row is sending. A claim the process did not finish (a crash, a stop, a
  // reload) is not counted, so only real failed transfers lead to dead.
  int attempts = 0;
  std::int64_t next_attempt_at = 0;  // failed rows: when to retry
  std::int64_t updated_at = 0;
  std::int64_t sent_at = 0;
  std::string last_error;
  std::string skip_reason;

  friend bool operator==(const ReminderRow&, const ReminderRow&) = default;
};

struct ReconcileResult {
  std::size_t inserted = 0;  // new keys, now pending
  std::size_t updated = 0;   // pending/failed rows whose planned content changed, now pending
  std::size_t revived =
      0;  // rows skipped by an earlier reconcile (or as missed, their send time ahead again), now pending
  std::size_t skipped = 0;    // pending/failed rows no longer planned
  std::size_t unchanged = 0;  // everything else that is planned (including sent, sending, dead)
  std::size_t compacted = 0;  // planned, not stored: folded by a compaction (already done), not planned again

  friend bool operator==(const ReconcileResult&, const ReconcileResult&) = default;
};

// One row of the append-only audit. from is empty for the insertion.
struct OutboxEvent {
  std::int64_t id = 0;
  std::string key;
  std::int64_t at = 0;
  std::optional<OutboxState> from;
  OutboxState to = OutboxState::pending;
  std::string detail;

  friend bool operator==(const OutboxEvent&, const OutboxEvent&) = default;
};

// Which rows a compaction may fold: final (sent, dead, skipped), sent before
// `send_before` (unix seconds) and due before `due_before` (YYYY-MM-DD, the
// obligation's period is over). Computed by the caller from now and the
// retention (compaction_cutoff in lib/service).
struct CompactionCutoff {
  std::int64_t send_before = 0;
  std::string due_before;
  friend bool operator==(const CompactionCutoff&, const CompactionCutoff&) = default;
};

// What a compaction folded (or, dry run, would fold).
struct CompactionResult {
  std::map<OutboxState, std::int64_t> reminders;  // by state: sent, dead, skipped
  std::int64_t events = 0;                        // audit events folded with them
  bool more = false;                              // a step stopped at its limit: more may be left
  std::int64_t total() const {
    std::int64_t sum = 0;
    for (const auto& [state, count] : reminders) {
      sum += count;
    }
    return sum;
  }
  friend bool operator==(const CompactionResult&, const CompactionResult&) = default;
};

// One row of the summary of compacted reminders (table reminders_compacted).
struct CompactedRow {
  std::string plan;
  std::string task;
  std::string unit;
  std::string month;  // YYYY-MM of the rolled due date
  std::string stage;
  Channel channel = Channel::email;
  OutboxState state = OutboxState::sent;
  std::string reason;  // skip reason of skipped rows, else empty
  std::int64_t reminders = 0;
  std::int64_t attempts = 0;
  std::int64_t events = 0;
  std::int64_t first_send_at = 0;
  std::int64_t last_send_at = 0;
  std::int64_t last_updated_at = 0;
  friend bool operator==(const CompactedRow&, const CompactedRow&) = default;
};

// The compactions so far: the watermark and the totals folded.
struct CompactionStatus {
  std::int64_t through = 0;  // send_before of the latest compaction that folded rows (0: none)
  std::string through_day;   // its due_before
  std::int64_t reminders = 0;
  std::int64_t events = 0;
  std::int64_t last_run_at = 0;
  friend bool operator==(const CompactionStatus&, const CompactionStatus&) = default;
};

// Move-only owner of one SQLite connection and its cached statements. Every
// error is a value whose message names the file and quotes SQLite. One
// connection: use an Outbox from one thread at a time. A moved-from Outbox may
// only be destroyed or assigned to.
class Outbox {
  struct Impl;

 public:
  // Creates the parent directory and the file if missing, then applies the
  // pending schema migrations. Refuses a file written by a newer deadlined.
  // full: every commit is fsynced (survives power loss). normal: WAL commits
  // survive a process crash but the last ones may roll back on power loss,
  // which can repeat a message (with the same Message-ID / Idempotency-Key);
  // an order of magnitude faster on a burst.
  enum class Durability { full, normal };
  static tl::expected<Outbox, std::string> open(const std::filesystem::path& file,
                                                Durability durability = Durability::full);

  // For the commands that only read: SQLite's mode=ro, so the outbox may lie
  // on a read-only file system or in a directory this user cannot write.
  // SQLite still needs the -shm file beside the outbox to read it in WAL
  // mode; where it cannot make one (no daemon has the outbox open), the file
  // is read as immutable instead, without its write-ahead log, and
  // notices() says so. A file this build would migrate, or refuse, goes
  // through open(). Every write through the result fails.
  static tl::expected<Outbox, std::string> open_read_only(const std::filesystem::path& file);

  // The schema version this build writes (PRAGMA user_version).
  static int schema_version();

  // Hands the log's checkpoints to another connection (checkpoint.hpp): no
  // automatic checkpoint in this connection's commits any more; after each
  // commit `on_commit` gets the frames in the log (to ask for a checkpoint
  // elsewhere); only when the log has reached `backstop_frames` does the
  // commit checkpoint here, as a last resort. Called on the writer's thread.
  void checkpoint_elsewhere(std::function<void(int log_frames)> on_commit, int backstop_frames);
  // Back to SQLite's automatic checkpoint in this connection's commits.
  void checkpoint_here();

  Outbox(Outbox&&) noexcept;
  Outbox& operator=(Outbox&&) noexcept;
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;
  ~Outbox();

  const std::filesystem::path& path() const;

  // What opening did that the admin should know: a write-ahead log left
  // without its database (deleted by hand) is moved aside, named here.
  const std::vector<std::string>& notices() const;

  // Why the path no longer leads to the file this outbox has open (deleted,
  // moved or replaced by hand while the daemon runs: what it writes then is
  // lost), or nullopt while it does.
  std::optional<std::string> file_replaced() const;

  // Makes the stored rows agree with `planned`, the complete set of reminders
  // the current config implies (past stages included), in one transaction:
  // - a new key is inserted pending;
  // - a pending or failed row whose planned content changed (send_at,
  //   fingerprint, due, ...) is updated in place and is pending again: it was
  //   never delivered, so it is delivered once, as now planned;
  // - a row skipped by an earlier reconcile (config changed / task removed) and
  //   planned again is revived as pending;
  // - sent, dead and sending rows are never touched: a reload never re-sends;
  // - a key that is not stored and lies behind the compaction watermark
  //   (send_at < through and due < through_day, see compact()) was folded
  //   by a compaction: it is done and is not inserted again (compacted);
  // - a row of an obligation whose last acknowledgement is "done" is inserted
  //   skipped ("done"), or skipped if stored open, else left as stored, so an
  //   "undo" restores it; the acknowledgements are read inside each step's
  //   transaction, never ahead of it;
  // - a pending or failed row whose key is not planned is skipped, "task
  //   removed" when no planned row has its plan and task, else "config changed".
  // Duplicate or empty keys in `planned` are an error and change nothing.
  // With `late_cutoff` set (a reload), a row this call inserts, updates or
  // revives whose send_at <= *late_cutoff is skipped at once ("changed by a
  // reload after its send time"), so a reload never fires a stage at once.
  tl::expected<ReconcileResult, std::string> reconcile(const std::vector<ReminderRow>& planned, std::int64_t now,
                                                       std::optional<std::int64_t> late_cutoff = std::nullopt);

  // reconcile() streamed: add() every planned row, then finish(); only the
  // planned keys are held in memory, not the rows. Same rules as reconcile().
  // With step_rows == 0 it is one transaction and dropping it without
  // finish() changes nothing. Otherwise every step_rows written rows are
  // committed (a start planning a large config keeps its progress if
  // killed); only finish() skips rows no longer planned.
  class Reconciliation {
   public:
    Reconciliation(Reconciliation&&) noexcept;
    Reconciliation& operator=(Reconciliation&&) = delete;
    ~Reconciliation();
    tl::expected<void, std::string> add(const ReminderRow& row);
    // A reconcile of the near window only (a start that goes ready before
    // planning the whole year): from now on add() writes a row only when its
    // send_at is before `window_end` or its key is stored open (pending, or
    // failed) and due before `window_end`; the other rows are only counted
    // as planned (beyond_window()), and finish() skips only the open rows due
    // before `window_end` that were not planned. So every row that can come
    // due before `window_end` is as the configuration plans it; what lies
    // beyond is left as it is for a full reconcile to bring up to date.
    // Call before the first add().
    tl::expected<void, std::string> limit_to(std::int64_t window_end);
    std::size_t beyond_window() const;
    // The rest of a start that went ready with limit_to(`window_end`): the
    // rows planned before `window_end` were brought up to date then, and the
    // catch-up has acted on them since (deferred a missed row to the next
    // send slot, collapsed, skipped); add() leaves such a row as it is stored
    // instead of planning it again. Call before the first add().
    void settled_before(std::int64_t window_end);
    // Commits what was added so far and leaves the connection free for other
    // transactions (a reload applied in chunks between the daemon's turns);
    // the next add() or finish() begins a new one.
    tl::expected<void, std::string> pause();
    // Rolls back what was written since the last committed step, at once:
    // the connection is shared with the daemon's turns, which cannot begin
    // their transactions while a step is open.
    void abandon_step();
    tl::expected<ReconcileResult, std::string> finish();

   private:
    friend class Outbox;
    struct State;
    tl::expected<void, std::string> wrote_row();
    tl::expected<void, std::string> resume();
    tl::expected<void, std::string> add_done(const ReminderRow& row, const std::optional<ReminderRow>& stored);
    explicit Reconciliation(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
  };
  tl::expected<Reconciliation, std::string> begin_reconcile(std::int64_t now,
                                                            std::optional<std::int64_t> late_cutoff = std::nullopt,
                                                            std::size_t step_rows = 0);

  // Pending rows with send_at < older_than are skipped ("missed while down,
  // too old to matter"): after long downtime nothing stale goes out.
  tl::expected<std::size_t, std::string> skip_stale(std::int64_t now, std::int64_t older_than);

  // After downtime: when the next pending send time after `now` is at most
  // `window` seconds ahead, the pending rows already due (send_at <= now) move
  // to it, so catch-up goes out with that slot's digests in one message per
  // recipient instead of a separate one minutes earlier. Returns how many moved.
  tl::expected<std::size_t, std::string> defer_missed(std::int64_t now, std::int64_t window);

  // On-demand occurrences. Adding an existing (plan, task, due) is a no-op
  // that returns false.
  tl::expected<bool, std::string> add_trigger(const TriggerRow& trigger);
  tl::expected<std::vector<TriggerRow>, std::string> triggers();

  // Catch-up after downtime, one transaction. A pending row is missed when
  // send_at <= now - grace_seconds; a missed row is skipped (`missed_reason`:
  // "missed while down" at a start) when its obligation has a later stage
  // (higher stage_order) that is due (send_at <= now) and not skipped, so each
  // obligation sends only its latest due stage. A failed row is likewise
  // skipped ("superseded by a later stage") once a later stage is due. Returns
  // the number of rows skipped.
  tl::expected<std::size_t, std::string> collapse_missed(std::int64_t now, std::int64_t grace_seconds,
                                                         std::string_view missed_reason = k_skip_missed);

  // The rows that are due, without claiming them: the event loop renders
  // them and claims a batch at a time (claim_seen) just ahead of its workers.
  // In send order (send_at, then planning order), pending and retried rows
  // merged; a page costs its size, not the size of everything due.
  // When `limit` cuts through what is due, the other due rows of the
  // recipients reached come too (a little more than `limit`), so a
  // recipient's digest is never split between two reads.
  tl::expected<std::vector<ReminderRow>, std::string> due(std::int64_t now, std::size_t limit);
  // Claims rows the caller has read (due()): each row moves to sending
  // (attempts + 1, claimed_from = the state it leaves; no audit event) only if it is still in the state it was read in and due,
  // which saves reading it again (a group of several rows also only if its
  // attempts are unchanged). A group (one digest) is claimed entirely or not
  // at all; element i of the result says whether groups[i] was claimed. One
  // transaction (one disk sync) for all the groups.
  struct SeenRow {
    std::string_view key;
    OutboxState state = OutboxState::pending;
    int attempts = 0;
  };
  tl::expected<std::vector<bool>, std::string> claim_seen(const std::vector<std::vector<SeenRow>>& groups,
                                                          std::int64_t now);

  // Each in one transaction and only from sending; keys in another state (or
  // unknown) are left alone. Return how many rows changed, so the caller can
  // notice a mismatch.
  tl::expected<std::size_t, std::string> mark_sent(const std::vector<std::string>& keys, std::int64_t now);
  tl::expected<std::size_t, std::string> mark_failed(const std::vector<std::string>& keys, std::int64_t now,
                                                     std::string_view error, std::int64_t next_attempt_at);
  tl::expected<std::size_t, std::string> mark_dead(const std::vector<std::string>& keys, std::int64_t now,
                                                   std::string_view error);

  // Returns claimed rows that never reached a server (queued when the daemon
  // stops or reloads) to the state their claim took them from (pending, or
  // failed and still due), with the attempt not counted. Only rows in
  // sending move; returns how many did.
  tl::expected<std::size_t, std::string> release(const std::vector<std::string>& keys, std::int64_t now,
                                                 std::string_view why);

  // Several of the calls above as one transaction (one commit for a whole turn
  // of the event loop): while a Batch is open every call joins it; commit()
  // makes all of it durable, destroying an uncommitted Batch rolls all of it back.
  class Batch {
   public:
    Batch(Batch&& other) noexcept;
    Batch& operator=(Batch&&) = delete;
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;
    ~Batch();
    tl::expected<void, std::string> commit();

   private:
    friend class Outbox;
    explicit Batch(Impl* impl);
    Impl* m_impl;
  };
  tl::expected<Batch, std::string> begin_batch();

  // At start-up only: rows left in sending by a crash go back to pending (first
  // attempt) or to failed (later attempts), due at once, with the unfinished
  // attempt not counted. The delivery may already have happened before the
  // crash, so this is the one path to a duplicate; the audit event says so.
  tl::expected<std::size_t, std::string> requeue_in_flight(std::int64_t now);

  // Earliest send_at of pending rows and next_attempt_at of failed rows.
  tl::expected<std::optional<std::int64_t>, std::string> next_due();

  // Whether a pending row's send time is in (after, upto]: one look in the
  // state index, so that a caller can tell cheaply that nothing became due.
  tl::expected<bool, std::string> pending_due_between(std::int64_t after, std::int64_t upto);

  // Every state is present, with 0 when no row has it. Compacted rows are
  // counted in their state: compaction does not change these numbers.
  tl::expected<std::map<OutboxState, std::int64_t>, std::string> counts();
  // Of those, the rows folded into the summary by compactions (sent, dead,
  // skipped; every state present).
  tl::expected<std::map<OutboxState, std::int64_t>, std::string> compacted_counts();

  // Compaction (schema version 7). One step, one transaction: folds at most
  // `max_rows` rows selected by `cutoff` into reminders_compacted, deletes
  // them and their audit events, and raises the watermark that keeps
  // reconcile from planning them again. The acknowledgement log and the
  // triggers are never touched. `now` is recorded as the time of the run.
  tl::expected<CompactionResult, std::string> compact(const CompactionCutoff& cutoff, std::int64_t now,
                                                      std::size_t max_rows);
  // What compact() would fold with `cutoff`, all steps together; changes nothing.
  tl::expected<CompactionResult, std::string> compactable(const CompactionCutoff& cutoff);
  tl::expected<CompactionStatus, std::string> compaction_status();
  // The summary rows, by plan, task, unit, month, stage, channel, state, reason.
  tl::expected<std::vector<CompactedRow>, std::string> compacted(
      std::size_t limit = std::numeric_limits<std::size_t>::max());

  // Rows in `state` (all rows when empty), ordered by send_at, key.
  tl::expected<std::vector<ReminderRow>, std::string> list(std::optional<OutboxState> state,
                                                           std::size_t limit = std::numeric_limits<std::size_t>::max());

  tl::expected<std::optional<ReminderRow>, std::string> find(std::string_view key);

  // The audit trail of one key, oldest first.
  tl::expected<std::vector<OutboxEvent>, std::string> events(std::string_view key);

  // Appends `ack` (its id is ignored) in one transaction with its effect on
  // the obligation's reminders (every stage, channel and recipient, including
  // escalations about it):
  // - done: pending and failed rows are skipped with reason "done";
  // - undo: rows skipped "done" whose send_at > ack.at are pending again
  //   (stages whose time passed meanwhile stay skipped).
  // `expected_last_id` is the id of the obligation's last event the caller
  // decided on (0: none); when another event came in between, nothing is
  // written and the result is std::nullopt. Else: the reminder rows changed.
  tl::expected<std::optional<std::size_t>, std::string> record_ack(const AckRow& ack, std::int64_t expected_last_id);

  // Acknowledgement events, oldest first: all, or those of one obligation.
  tl::expected<std::vector<AckRow>, std::string> acks();
  tl::expected<std::vector<AckRow>, std::string> acks_of(std::string_view plan, std::string_view task,
                                                         std::string_view occurrence, std::string_view unit);

 private:
  explicit Outbox(std::unique_ptr<Impl> impl);
  // Opens `file` and brings its schema up to date; `create` makes a new file.
  static tl::expected<std::unique_ptr<Impl>, std::string> open_database(const std::filesystem::path& file,
                                                                        Durability durability, bool create);
  // Opens `file` for reading only (mode=ro, or immutable=1); nullptr when its
  // schema is not the one this build writes (open() then migrates or refuses).
  struct ReadOnlyFailure {
    std::string message;
    bool shared_memory_unavailable = false;  // the -shm file could not be made or used
  };
  static tl::expected<std::unique_ptr<Impl>, ReadOnlyFailure> open_database_read_only(const std::filesystem::path& file,
                                                                                      bool immutable);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace deadlined
