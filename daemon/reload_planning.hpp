#pragma once
// The background half of a reload (and of a start's rest), on a thread of its
// own: load and validate the configuration, then plan its rows into a bounded
// queue of chunks that the loop thread writes between its turns. Reads files
// and its arguments only, never the outbox.
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "service/dispatcher.hpp"
#include "service/snapshot.hpp"
#include "util/bounded_queue.hpp"
#include "util/diagnostic.hpp"

namespace deadlined {

// Rows a reload writes per chunk: one short transaction, after which the
// loop's turns and timers run before the next chunk.
constexpr std::size_t k_reload_chunk_rows = 500;
// Chunks the reload's planner may run ahead of the loop's writing. The
// planner hands its rows over through a bounded queue rather than planning
// them all first, so a reload holds at most this many chunks (plus the one
// being planned and the one being written) instead of the whole plan: at
// 100x the seed that was 363k rows, ~50 MiB more at the peak. Regenerating
// the plan lazily per chunk would cost a planning pass per chunk.
constexpr std::size_t k_reload_queue_chunks = 4;

using RowChunks = BoundedQueue<std::vector<ReminderRow>>;

// Loads and validates the configuration.
tl::expected<ReloadPlan, Diagnostics> load_reload(const std::filesystem::path& config, const SnapshotOptions& options,
                                                  const PlanningInputs& inputs, Instant now);

// What a reload from `running` to `loaded` warns of, one log line each: what
// `check` would warn of (the admin who only reloads sees it here), settings
// that wait for a restart, and what a careless edit drops (a unit or a whole
// plan gone would otherwise show only as reminders that never come).
std::vector<std::string> reload_warnings(const Snapshot& running, const Snapshot& loaded);

// Plans the rows into `chunks`, calling `handed` after each chunk queued.
// Empty when every row was queued, else why not (the queue was closed: a
// stop or a failed write). `years` collects the years the rows are due in.
std::optional<std::string> plan_into(const ReloadPlan& plan, const PlanningInputs& inputs, RowChunks& chunks,
                                     const std::function<void()>& handed, std::set<int>& years);

}  // namespace deadlined
