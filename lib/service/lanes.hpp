#pragma once
// The delivery lanes, as Postfix's queue manager keeps one queue per
// destination: deliveries due but not yet claimed wait in a queue per
// endpoint (SMTP server, "maildir", webhook host); claimed ones wait in that
// endpoint's lane, drained by at most the endpoint's number of workers
// (its concurrency limit); and a worker pauses while `max_unrecorded`
// outcomes are not yet committed (back-pressure), so a crash can never send
// more than that again. No sockets, threads or timers: the daemon gives the
// lanes three hooks (start a worker, run a turn, arm the flush timer) and
// calls drain() on its worker threads. One mutex guards everything here;
// the hooks are called with it held and must only schedule work.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "delivery/result.hpp"
#include "service/compose.hpp"
#include "service/snapshot.hpp"

namespace deadlined {

// A claimed delivery and the snapshot it is rendered from (its transport's).
struct LaneJob {
  std::shared_ptr<Delivery> delivery;
  std::shared_ptr<const Snapshot> snapshot;
};

// A delivery that was sent (or failed) and waits for its outcome to be committed.
struct LaneOutcome {
  std::shared_ptr<Delivery> delivery;
  delivery::DeliveryResult result;
};

struct LaneSettings {
  // Deliveries claimed ahead of the workers, per unit of a lane's limit:
  // enough to keep the workers busy while the loop commits, few enough to
  // hand back quickly.
  std::size_t lane_depth = 32;
  // Claims of one turn, at most: one transaction stays short.
  std::size_t claims_per_turn = 512;
  // Deliveries a worker sends before giving its thread to the other lanes.
  std::size_t worker_turn = 64;
  // Outcomes sent but not committed, at most (delivery.max_unrecorded).
  std::size_t max_unrecorded = 1;
};

struct LaneHooks {
  // Run drain(endpoint) on a worker thread (later, not from within this call).
  std::function<void(const std::string& endpoint)> start_worker;
  // Outcomes are ready to be committed: run a turn on the loop thread.
  std::function<void()> request_turn;
  // The first outcome of a batch arrived: commit it within the flush
  // interval even if the batch stays small; flush_fired() when it did.
  std::function<void()> arm_flush;
};

class DeliveryLanes {
 public:
  DeliveryLanes(LaneSettings settings, LaneHooks hooks);

  // --- The loop thread ---

  // Queues a delivery due but not claimed, behind the others of its endpoint.
  void enqueue(std::shared_ptr<Delivery> delivery);
  // Deliveries queued and not yet claimed.
  std::size_t queued() const;
  // Forgets the queue (unclaimed rows stay due in the outbox).
  void clear_queue();
  // Takes from the queue what the lanes have room for: per endpoint up to
  // max(limit × lane_depth, 2 × max_unrecorded) waiting, claims_per_turn in
  // all. `limit_of` gives an endpoint's concurrency from its first delivery.
  std::vector<std::shared_ptr<Delivery>> pick_claims(const std::function<std::size_t(const Delivery&)>& limit_of);
  // The deliveries pick_claims() gave that were claimed go to their lanes;
  // every lane then gets workers up to its limit.
  void admit(std::vector<LaneJob> jobs);
  // The outcomes that arrived, for one turn (also clears the turn request).
  std::vector<LaneOutcome> take_finished();
  // A refused turn: the outcomes go back in front, still unrecorded.
  void restore_finished(std::vector<LaneOutcome> outcomes);
  // `count` outcomes were committed: the workers have that much more room.
  void mark_recorded(std::size_t count);
  // Claimed deliveries no worker has started, taken out of their lanes.
  std::vector<LaneJob> take_waiting();
  // The flush timer fired (or was cancelled): the next outcome re-arms it.
  void flush_fired();
  void set_max_unrecorded(std::size_t max_unrecorded);
  // Workers take no more deliveries; one waiting for room gives up.
  void halt();
  // While the outbox refuses to record outcomes, every delivery started is
  // one a stop or a crash would send again: paused, the workers start none
  // (those on the wire finish) and wait, holding their threads, until the
  // outbox records again. Claimed deliveries stay in their lanes meanwhile.
  void pause_starting(bool paused);

  // --- Worker threads ---

  // Sends the lane's deliveries one after another with `send`, handing each
  // outcome over for the next turn; waits while max_unrecorded outcomes are
  // not committed. After worker_turn deliveries the worker re-schedules
  // itself (start_worker) so other lanes get its thread.
  void drain(const std::string& endpoint, const std::function<delivery::DeliveryResult(const LaneJob&)>& send);
  // As drain(), taking up to batch_of(the first waiting) deliveries at a
  // time (as many as the lane holds and max_unrecorded leaves room for) and
  // sending them with one call, which reports each outcome by its index as
  // soon as it is known: a worker pipelining webhooks sleeps and wakes once
  // per batch, and an outcome is not held back by the replies behind it. A
  // delivery the call did not report comes back transient. batch_of is
  // called with the lanes' mutex held: it must only look at the job.
  using BatchOf = std::function<std::size_t(const LaneJob&)>;
  using Report = std::function<void(std::size_t index, delivery::DeliveryResult result)>;
  using SendAll = std::function<void(const std::vector<LaneJob>& jobs, const Report& report)>;
  void drain_batches(const std::string& endpoint, const BatchOf& batch_of, const SendAll& send_all);

  // --- Observers (any thread) ---
  std::size_t unrecorded() const;
  // Outcomes that arrived and wait for a turn to record them (a refused
  // turn's among them): the part of unrecorded() no longer on the wire.
  std::size_t outcomes_waiting() const;
  std::size_t workers(const std::string& endpoint) const;
  std::size_t waiting(const std::string& endpoint) const;

 private:
  struct Lane {
    std::deque<LaneJob> waiting;
    std::size_t workers = 0;
    std::size_t limit = 1;  // concurrent deliveries to this endpoint
  };
  void start_workers(const std::string& endpoint, Lane& lane);  // caller holds m_mutex
  void request_turn_if(bool needed);                            // caller holds m_mutex
  // An outcome arrived from a worker of `lane`; caller holds m_mutex.
  void finished(Lane& lane, LaneOutcome outcome);

  LaneSettings m_settings;
  LaneHooks m_hooks;
  mutable std::mutex m_mutex;
  std::condition_variable m_room;  // an outcome was committed, or halt()
  std::map<std::string, std::deque<std::shared_ptr<Delivery>>> m_queue;
  std::size_t m_queued = 0;
  std::map<std::string, Lane> m_lanes;  // map nodes are stable: workers keep references
  std::vector<LaneOutcome> m_finished;
  std::size_t m_unrecorded = 0;  // started and not yet committed
  bool m_turn_requested = false;
  bool m_flush_armed = false;
  bool m_halt = false;
  bool m_paused = false;  // pause_starting()
};

}  // namespace deadlined
