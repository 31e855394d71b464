#include "compaction_timer.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "service/compaction.hpp"

namespace deadlined {

namespace asio = boost::asio;

namespace {

// The wall clock is re-read at least this often (clock jumps, suspend, a
// reload that changes outbox.compact_at).
constexpr std::chrono::seconds k_longest_wait{3600};
// While the start or a reload plans, ask again after this long.
constexpr std::chrono::seconds k_busy_wait{60};

}  // namespace

CompactionTimer::CompactionTimer(asio::io_context& io, Outbox& outbox, spdlog::logger& log, CompactionHooks hooks)
    : m_io(io), m_outbox(outbox), m_log(log), m_hooks(std::move(hooks)), m_timer(io) {}

void CompactionTimer::start() {
  m_stopped = false;
  // A start after today's compact_at waits for tomorrow's: compaction runs at
  // the quiet time, not whenever the daemon happens to be restarted.
  const auto snapshot = m_hooks.snapshot();
  const Instant now = m_hooks.now();
  if (until_compaction(snapshot->config.outbox, snapshot->zone, now, std::nullopt) == std::chrono::seconds{0}) {
    m_finished_on = snapshot->zone.local_date(now);
  }
  check();
}

void CompactionTimer::stop() {
  m_stopped = true;
  m_timer.cancel();
}

void CompactionTimer::arm(std::chrono::seconds wait) {
  m_timer.expires_after(std::clamp(wait, std::chrono::seconds{1}, k_longest_wait));
  m_timer.async_wait([this](const boost::system::error_code& error) {
    if (!error && !m_stopped) {
      check();
    }
  });
}

void CompactionTimer::check() {
  const auto snapshot = m_hooks.snapshot();
  const Instant now = m_hooks.now();
  const auto wait = until_compaction(snapshot->config.outbox, snapshot->zone, now, m_finished_on);
  if (!wait) {
    arm(k_longest_wait);  // off; a reload may turn it on
    return;
  }
  if (*wait > std::chrono::seconds{0}) {
    arm(*wait);
    return;
  }
  if (m_hooks.busy()) {
    arm(k_busy_wait);
    return;
  }
  m_cutoff = compaction_cutoff(snapshot->config.outbox, snapshot->zone, now);
  m_total = CompactionResult{};
  m_steps = 0;
  asio::post(m_io, [this] { step(); });
}

void CompactionTimer::step() {
  if (m_stopped || !m_cutoff) {
    return;
  }
  const auto snapshot = m_hooks.snapshot();
  if (m_hooks.busy()) {
    arm(k_busy_wait);  // the committed steps stay; the next check starts again from them
    return;
  }
  const Instant now = m_hooks.now();
  auto result = m_outbox.compact(*m_cutoff, now.time_since_epoch().count(), k_step_rows);
  if (!result) {
    m_log.error("compaction of the outbox failed after {} steps (tried again tomorrow): {}", m_steps, result.error());
    finish(now, *snapshot);
    return;
  }
  ++m_steps;
  for (const auto& [state, count] : result->reminders) {
    m_total.reminders[state] += count;
  }
  m_total.events += result->events;
  if (result->more) {
    asio::post(m_io, [this] { step(); });  // behind the turns and timers that are ready
    return;
  }
  if (m_total.total() > 0) {
    m_log.info(
        "compacted the outbox: {} reminders (sent {}, dead {}, skipped {}) and {} audit events due before {} "
        "in {} steps",
        m_total.total(), m_total.reminders[OutboxState::sent], m_total.reminders[OutboxState::dead],
        m_total.reminders[OutboxState::skipped], m_total.events, m_cutoff->due_before, m_steps);
  } else {
    m_log.debug("compaction of the outbox: nothing due before {}", m_cutoff->due_before);
  }
  finish(now, *snapshot);
}

void CompactionTimer::finish(Instant now, const Snapshot& snapshot) {
  m_cutoff.reset();
  m_finished_on = snapshot.zone.local_date(now);
  check();
}

}  // namespace deadlined
