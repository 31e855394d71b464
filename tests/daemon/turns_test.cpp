// The event loop's turns (daemon/turns.cpp) without sockets: a real outbox
// file in a temp dir, the dispatcher of tests/service, an injected clock and
// transports that stand in for the wire (TurnHooks::transport). The loop's
// Asio timers are real: the tests run the io_context until what they wait
// for is seen, with a generous deadline.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <spdlog/sinks/ostream_sink.h>

#include "outbox/outbox_test_support.hpp"
#include "service/dispatcher_fixture.hpp"
#include "turns.hpp"

namespace deadlined::turns_test {
namespace {

using dispatcher_test::DispatcherFlow;
using dispatcher_test::k_plan_a;
using dispatcher_test::key;
using dispatcher_test::must;
using dispatcher_test::seconds_of;
using outbox_test::RefusedWrites;
using Kind = delivery::DeliveryResult::Kind;
using namespace std::chrono_literals;

constexpr auto k_patience = 20s;  // what "at once" may take on a loaded machine

// The far end of every transport the turns make: what was sent to whom, and
// the recipients whose delivery waits until the test lets it go (or a stop
// aborts it, as a server that never answers).
class Wire {
 public:
  void hold(const std::string& recipient) {
    const std::lock_guard lock(m_mutex);
    m_held.insert(recipient);
  }
  void let_go(const std::string& recipient) {
    {
      const std::lock_guard lock(m_mutex);
      m_held.erase(recipient);
    }
    m_changed.notify_all();
  }
  // Recipients whose delivery has begun, in order.
  std::vector<std::string> begun() const {
    const std::lock_guard lock(m_mutex);
    return m_begun;
  }
  std::size_t times_sent(const std::string& recipient) const {
    const std::lock_guard lock(m_mutex);
    return static_cast<std::size_t>(std::count(m_sent.begin(), m_sent.end(), recipient));
  }

  delivery::DeliveryResult deliver(const Delivery& delivery, const delivery::TransferAbort& abort) {
    std::unique_lock lock(m_mutex);
    m_begun.push_back(delivery.recipient);
    m_changed.notify_all();
    // The abort has no condition variable: looked at every few milliseconds.
    // A hold nothing ends (no abort) gives up after a while, so that a test
    // fails rather than hangs.
    const auto give_up = std::chrono::steady_clock::now() + k_patience;
    while (m_held.contains(delivery.recipient) && !abort.aborted() && std::chrono::steady_clock::now() < give_up) {
      m_changed.wait_for(lock, 5ms);
    }
    if (abort.aborted() && m_held.contains(delivery.recipient)) {
      delivery::DeliveryResult cut{Kind::transient, "cut short by the stop (timed out)", 0};
      cut.interrupted = true;  // as the real transports say it
      return cut;
    }
    m_sent.push_back(delivery.recipient);
    return delivery::DeliveryResult{Kind::sent, "250 ok", 250};
  }

 private:
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::set<std::string> m_held;
  std::vector<std::string> m_begun;
  std::vector<std::string> m_sent;
};

class WireTransport final : public Transport {
 public:
  WireTransport(Wire& wire, std::shared_ptr<delivery::TransferAbort> abort) : m_wire(wire), m_abort(std::move(abort)) {}
  delivery::DeliveryResult deliver(const Delivery& delivery, Instant /*now*/) override {
    return m_wire.deliver(delivery, *m_abort);
  }

 private:
  Wire& m_wire;
  std::shared_ptr<delivery::TransferAbort> m_abort;
};

const std::string k_vp = "vp@example.vn";
const std::string k_stp = "stp@example.vn";

class TurnsTest : public DispatcherFlow {
 protected:
  void SetUp() override {
    DispatcherFlow::SetUp();
    m_log = std::make_shared<spdlog::logger>("turns-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(m_lines));
  }

  void TearDown() override {
    if (m_turns) {
      m_turns->finish();  // no worker outlives the test
    }
  }

  // A new process: the outbox, a dispatcher started at `now` and the turns.
  // One worker, so that a held delivery keeps the next one waiting in its
  // lane; no timer wake within a test (timer_cap).
  void start_turns(Instant now, const std::string& plan = k_plan_a,
                   const std::string& delivery_settings = "workers = 1\nmax_unrecorded = 10\ntimer_cap = 3600\n") {
    m_turns.reset();
    m_io = std::make_unique<boost::asio::io_context>();  // no handler of the last process is left
    set_now(now);
    start(snapshot(plan, "\n[delivery]\n" + delivery_settings), now);
    TurnHooks hooks;
    hooks.now = [this] { return Instant{std::chrono::seconds{m_now.load()}}; };
    hooks.status_text = [] { return std::string("test"); };
    hooks.after_wake = [] {};
    hooks.count = [this](const Delivery&, const delivery::DeliveryResult&) { ++m_counted; };
    hooks.transport = [this](const std::shared_ptr<const Snapshot>&, std::shared_ptr<delivery::TransferAbort> abort) {
      return std::make_unique<WireTransport>(m_wire, std::move(abort));
    };
    m_turns = std::make_unique<Turns>(*m_io, *m_dispatcher, *m_log, false, std::move(hooks));
  }

  void set_now(Instant now) { m_now = seconds_of(now); }

  // Runs the loop until `seen` (true) or the patience runs out (false).
  template <typename Predicate>
  bool run_until(Predicate seen, std::chrono::steady_clock::duration patience = k_patience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (!seen()) {
      if (std::chrono::steady_clock::now() >= deadline) {
        return false;
      }
      if (m_io->stopped()) {
        m_io->restart();
      }
      m_io->run_one_for(10ms);
    }
    return true;
  }

  OutboxState state_of(const std::string& row_key) { return row(row_key).state; }
  std::size_t logged(const std::string& text) const {
    const std::string lines = m_lines.str();
    std::size_t count = 0;
    for (auto at = lines.find(text); at != std::string::npos; at = lines.find(text, at + text.size())) {
      ++count;
    }
    return count;
  }

  std::unique_ptr<boost::asio::io_context> m_io;
  std::ostringstream m_lines;
  std::shared_ptr<spdlog::logger> m_log;
  std::atomic<std::int64_t> m_now{0};
  std::atomic<int> m_counted{0};
  Wire m_wire;
  std::unique_ptr<Turns> m_turns;
};

// Tasks 1 and 2 are due 31/03: at 17/03 08:00 vp gets one digest of both.
const std::string k_vp_first = key("1", "vp", "before-10");
const std::string k_vp_second = key("2", "vp", "before-10");
// At 24/03 08:00 vp and stp are reminded (two deliveries, one lane).
const std::string k_vp_24 = key("1", "vp", "before-5");
const std::string k_stp_24 = key("1", "stp", "before-5");

TEST_F(TurnsTest, AWakeRefillsClaimsAndATurnCommitsTheOutcome) {
  start_turns(at(3, 17));
  m_turns->wake();
  ASSERT_TRUE(run_until([&] { return state_of(k_vp_first) == OutboxState::sent; })) << m_lines.str();
  EXPECT_EQ(state_of(k_vp_second), OutboxState::sent);  // one digest, one message
  EXPECT_EQ(m_wire.times_sent(k_vp), 1u);
  EXPECT_EQ(m_counted.load(), 1);
  EXPECT_FALSE(m_turns->outbox_refusing());
  // Nothing else is due: a later wake sends nothing again.
  m_turns->wake();
  m_io->poll();
  EXPECT_EQ(m_wire.begun().size(), 1u);
}

TEST_F(TurnsTest, ARefusedCommitKeepsTheOutcomeAndRecordsItOnceTheOutboxTakesIt) {
  start_turns(at(3, 17));
  m_wire.hold(k_vp);
  m_turns->wake();
  ASSERT_TRUE(run_until([&] { return m_wire.begun().size() == 1; }));
  ASSERT_EQ(state_of(k_vp_first), OutboxState::sending);
  {
    const RefusedWrites refused(outbox_file(), "UPDATE OF state");
    m_wire.let_go(k_vp);
    ASSERT_TRUE(run_until([&] { return m_turns->outbox_refusing(); })) << m_lines.str();
    EXPECT_EQ(state_of(k_vp_first), OutboxState::sending);
    EXPECT_EQ(m_counted.load(), 0);  // counted only once recorded
  }
  // The next wake's turn records the outcome it kept; nothing is sent again.
  set_now(at(3, 17, 8, 1));
  m_turns->wake();
  ASSERT_TRUE(run_until([&] { return state_of(k_vp_first) == OutboxState::sent; })) << m_lines.str();
  EXPECT_FALSE(m_turns->outbox_refusing());
  EXPECT_EQ(m_wire.times_sent(k_vp), 1u);
  EXPECT_EQ(m_counted.load(), 1);
  EXPECT_EQ(logged("outbox: turns are recorded again"), 1u);
}

TEST_F(TurnsTest, AReloadReleasesClaimedDeliveriesNoWorkerStarted) {
  start_turns(at(3, 24));
  m_wire.hold(k_vp);
  m_wire.hold(k_stp);
  m_turns->wake();
  // One worker: the first delivery is on the wire, the second waits in its lane.
  ASSERT_TRUE(run_until([&] { return m_wire.begun().size() == 1; }));
  const std::string first = m_wire.begun().front();
  const std::string waiting_key = first == k_vp ? k_stp_24 : k_vp_24;
  ASSERT_TRUE(run_until([&] { return state_of(waiting_key) == OutboxState::sending; }));
  m_turns->release_for_reload();
  EXPECT_EQ(state_of(waiting_key), OutboxState::pending);
  EXPECT_EQ(must(m_outbox->events(waiting_key)).back().detail, "released unsent: the configuration was reloaded");
  m_wire.let_go(k_vp);
  m_wire.let_go(k_stp);
  const std::string first_key = first == k_vp ? k_vp_24 : k_stp_24;
  ASSERT_TRUE(run_until([&] { return state_of(first_key) == OutboxState::sent; }));
  // The released one is due again and goes once (the turn after the first
  // outcome refills).
  m_turns->wake();
  ASSERT_TRUE(run_until([&] { return state_of(waiting_key) == OutboxState::sent; })) << m_lines.str();
  EXPECT_EQ(m_wire.times_sent(k_vp), 1u);
  EXPECT_EQ(m_wire.times_sent(k_stp), 1u);
}

TEST_F(TurnsTest, AReleaseTheOutboxRefusedIsTriedAgainAtTheNextWake) {
  start_turns(at(3, 24));
  m_wire.hold(k_vp);
  m_wire.hold(k_stp);
  m_turns->wake();
  ASSERT_TRUE(run_until([&] { return m_wire.begun().size() == 1; }));
  const std::string first = m_wire.begun().front();
  const std::string waiting_key = first == k_vp ? k_stp_24 : k_vp_24;
  ASSERT_TRUE(run_until([&] { return state_of(waiting_key) == OutboxState::sending; }));
  {
    const RefusedWrites refused(outbox_file(), "UPDATE OF state");
    m_turns->release_for_reload();
    EXPECT_EQ(state_of(waiting_key), OutboxState::sending);
    EXPECT_GT(m_dispatcher->unreleased(), 0u);  // the waiting delivery's rows
    EXPECT_EQ(logged("claimed reminders stay claimed until the next try"), 1u);
  }
  set_now(at(3, 24, 8, 1));
  m_turns->wake();
  EXPECT_EQ(m_dispatcher->unreleased(), 0u);
  EXPECT_EQ(logged("outbox: the claimed reminders left over are given back"), 1u);
  // Given back (the same wake may claim it again: it is due).
  const auto events = must(m_outbox->events(waiting_key));
  EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const auto& event) {
    return event.detail == "released unsent: the configuration was reloaded";
  }));
  m_wire.let_go(k_vp);
  m_wire.let_go(k_stp);
  ASSERT_TRUE(run_until([&] {
    return state_of(k_vp_24) == OutboxState::sent && state_of(k_stp_24) == OutboxState::sent;
  })) << m_lines.str();
  EXPECT_EQ(m_wire.times_sent(k_vp), 1u);
  EXPECT_EQ(m_wire.times_sent(k_stp), 1u);
}

// The first outcome waits for its batch (half of max_unrecorded) while the
// lane still has work, but no longer than the flush interval (100 ms).
TEST_F(TurnsTest, TheFlushTimerCommitsAnOutcomeWhoseBatchStaysSmall) {
  start_turns(at(3, 24));
  m_wire.hold(k_vp);
  m_wire.hold(k_stp);
  m_turns->wake();
  ASSERT_TRUE(run_until([&] { return m_wire.begun().size() == 1; }));
  // The first goes through; the second stays on the wire, so the lane's
  // batch (5 of max_unrecorded = 10) cannot fill and the lane is not dry.
  const std::string first = m_wire.begun().front();
  const std::string second = first == k_vp ? k_stp : k_vp;
  const std::string first_key = first == k_vp ? k_vp_24 : k_stp_24;
  const std::string second_key = first == k_vp ? k_stp_24 : k_vp_24;
  m_wire.let_go(first);
  ASSERT_TRUE(run_until([&] { return state_of(first_key) == OutboxState::sent; }, 5s)) << m_lines.str();
  EXPECT_EQ(m_wire.begun().size(), 2u);
  EXPECT_EQ(state_of(second_key), OutboxState::sending);  // still on the wire
  m_wire.let_go(second);
  ASSERT_TRUE(run_until([&] { return state_of(second_key) == OutboxState::sent; }));
}

// A re-plan the outbox refuses is tried again 10 s later, then 20 s, 40 s...
// (the clock is the injected one), and not at every wake in between.
TEST_F(TurnsTest, ARefusedReplanBacksOffAndSucceedsOnceTheOutboxTakesIt) {
  start_turns(at(3, 1), k_plan_a + dispatcher_test::k_on_demand_task);
  const Instant t0 = at(3, 1, 9);
  ASSERT_TRUE(must(m_outbox->add_trigger(TriggerRow{"p", "od", "2022-03-18", "Công văn 1", seconds_of(t0)})));
  const std::string refused_text = "cannot plan new on-demand occurrences";
  {
    const RefusedWrites refused(outbox_file(), "INSERT");
    const auto wake_at = [&](std::chrono::seconds after) {
      set_now(t0 + after);
      m_turns->wake();
    };
    wake_at(0s);
    EXPECT_EQ(logged(refused_text), 1u);
    EXPECT_EQ(logged("trying again in 10 s"), 1u);
    wake_at(9s);
    EXPECT_EQ(logged(refused_text), 1u);  // backing off
    wake_at(10s);
    EXPECT_EQ(logged(refused_text), 2u);
    EXPECT_EQ(logged("trying again in 20 s"), 1u);
    wake_at(29s);
    EXPECT_EQ(logged(refused_text), 2u);
    wake_at(30s);
    EXPECT_EQ(logged(refused_text), 3u);
    EXPECT_EQ(logged("trying again in 40 s"), 1u);
  }
  set_now(t0 + 69s);
  m_turns->wake();
  EXPECT_EQ(logged(refused_text), 3u);
  EXPECT_EQ(logged("reminders planned"), 0u);
  set_now(t0 + 70s);
  m_turns->wake();
  EXPECT_EQ(logged("new on-demand occurrences: 7 reminders planned"), 1u) << m_lines.str();
  // Planned once: later wakes find nothing new.
  set_now(t0 + 200s);
  m_turns->wake();
  EXPECT_EQ(logged("reminders planned"), 1u);
}

// While the outbox refuses to record outcomes (a full disk, a read-only
// state directory), every delivery started is one a stop or a crash would
// send again: the workers start none until a turn is recorded again.
TEST_F(TurnsTest, WhileTheOutboxRefusesOutcomesNoFurtherDeliveryStarts) {
  const std::string k_ttr = "ttr@example.vn";
  start_turns(at(3, 24), k_plan_a + dispatcher_test::task("3", "2022-03-31", "ttr") +
                             "\n[[unit]]\nid = \"ttr\"\nname = \"Thanh tra tỉnh\"\ntier = \"department\"\n"
                             "email = [\"" +
                             k_ttr + "\"]\n");
  for (const std::string& recipient : {k_vp, k_stp, k_ttr}) {
    m_wire.hold(recipient);
  }
  m_turns->wake();
  ASSERT_TRUE(run_until([&] { return m_wire.begun().size() == 1; }));
  const std::string refused_turn = "database or disk is full";
  {
    const RefusedWrites refused(outbox_file(), "UPDATE OF state");
    m_wire.let_go(m_wire.begun()[0]);
    // The worker goes on to the second; the first's turn is refused.
    ASSERT_TRUE(run_until([&] { return m_wire.begun().size() == 2 && logged(refused_turn) >= 1; })) << m_lines.str();
    EXPECT_TRUE(m_turns->outbox_refusing());
    m_wire.let_go(m_wire.begun()[1]);
    // The second's outcome arrives and its turn is refused as well; the
    // third, claimed and waiting in the lane, is not started.
    ASSERT_TRUE(run_until([&] { return logged(refused_turn) >= 2; })) << m_lines.str();
    EXPECT_EQ(m_wire.begun().size(), 2u);
  }
  set_now(at(3, 24, 8, 1));
  m_turns->wake();  // the retry: both outcomes recorded, the workers go on
  ASSERT_TRUE(run_until([&] { return m_wire.begun().size() == 3; })) << m_lines.str();
  EXPECT_FALSE(m_turns->outbox_refusing());
  m_wire.let_go(m_wire.begun()[2]);
  ASSERT_TRUE(run_until([&] {
    return state_of(k_vp_24) == OutboxState::sent && state_of(k_stp_24) == OutboxState::sent &&
           state_of(key("3", "ttr", "before-5")) == OutboxState::sent;
  })) << m_lines.str();
  for (const std::string& recipient : {k_vp, k_stp, k_ttr}) {
    EXPECT_EQ(m_wire.times_sent(recipient), 1u) << recipient;
  }
}

// A stop whose drain deadline passes with a transfer that never ends (a
// server that accepts and never answers): finish() cuts it short at once and
// its rows go back to the outbox, due at the next start, not failed.
TEST_F(TurnsTest, AStopPastItsDrainDeadlineCutsTheTransferShortAndGivesItsRowsBack) {
  start_turns(at(3, 17));
  m_wire.hold(k_vp);  // never let go
  m_turns->wake();
  ASSERT_TRUE(run_until([&] { return m_wire.begun().size() == 1; }));
  const auto stopping = std::chrono::steady_clock::now();
  m_turns->stop(1s);
  ASSERT_TRUE(run_until([&] { return m_io->stopped(); }, 10s));
  EXPECT_TRUE(m_turns->finish());
  const auto took = std::chrono::steady_clock::now() - stopping;
  EXPECT_LT(took, 5s);
  EXPECT_EQ(logged("1 deliveries still in flight at the drain deadline"), 1u) << m_lines.str();
  for (const std::string& row_key : {k_vp_first, k_vp_second}) {
    const ReminderRow stored = row(row_key);
    EXPECT_EQ(stored.state, OutboxState::pending) << row_key;
    EXPECT_EQ(stored.attempts, 0) << row_key;  // the cut attempt is not counted
    EXPECT_NE(must(m_outbox->events(row_key)).back().detail.find("interrupted by a stop"), std::string::npos);
  }
  EXPECT_EQ(m_wire.times_sent(k_vp), 0u);
  m_turns.reset();
  // The next start sends it, once.
  m_wire.let_go(k_vp);
  start_turns(at(3, 17, 8, 5));
  m_turns->wake();
  ASSERT_TRUE(run_until([&] { return state_of(k_vp_first) == OutboxState::sent; })) << m_lines.str();
  EXPECT_EQ(m_wire.times_sent(k_vp), 1u);
}

// A stop whose drain deadline passes while the outbox refuses to record the
// outcomes (a full disk): the transfers are over, so the log says that, not
// that deliveries in flight are cut short.
TEST_F(TurnsTest, AStopWhileTheOutboxRefusesOutcomesSaysTheyFinishedUnrecorded) {
  start_turns(at(3, 17));
  m_wire.hold(k_vp);
  m_turns->wake();
  ASSERT_TRUE(run_until([&] { return m_wire.begun().size() == 1; }));
  const RefusedWrites refused(outbox_file(), "UPDATE OF state");
  m_wire.let_go(k_vp);
  ASSERT_TRUE(run_until([&] { return m_turns->outbox_refusing(); })) << m_lines.str();
  m_turns->stop(1s);
  ASSERT_TRUE(run_until([&] { return m_io->stopped(); }, 10s));
  EXPECT_FALSE(m_turns->finish());
  EXPECT_EQ(logged("still in flight at the drain deadline"), 0u) << m_lines.str();
  EXPECT_EQ(logged("1 deliveries finished but the outbox refused to record their outcomes"), 1u) << m_lines.str();
  EXPECT_EQ(m_wire.times_sent(k_vp), 1u);
}

}  // namespace
}  // namespace deadlined::turns_test
