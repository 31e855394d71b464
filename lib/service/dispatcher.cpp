// Recording: what is due handed out as deliveries (prepare_due), the claims and
// outcomes of each turn of the event loop (commit_turn), and claims given
// back unsent (release). Planning is in planning.cpp, composing messages in
// compose.cpp, the real transports in transport.cpp.
#include "service/dispatcher.hpp"

#include <algorithm>
#include <iterator>
#include <map>

#include <spdlog/spdlog.h>

#include "compliance/report_digest.hpp"
#include "util/expected.hpp"

namespace deadlined {

namespace {

using delivery::DeliveryResult;

std::int64_t seconds(Instant instant) {
  return instant.time_since_epoch().count();
}

}  // namespace

tl::expected<std::vector<Delivery>, std::string> Dispatcher::render(std::vector<ReminderRow> rows, Instant now,
                                                                    Rendering rendering) {
  std::vector<ReminderRow> ordinary;
  std::vector<ReminderRow> report_rows;
  ordinary.reserve(rows.size());
  for (auto& row : rows) {
    (row.stage == k_stage_report ? report_rows : ordinary).push_back(std::move(row));
  }
  std::vector<Delivery> deliveries = build_deliveries(std::move(ordinary), *m_snapshot, now, rendering);
  if (report_rows.empty()) {
    return deliveries;
  }
  DEADLINED_TRY_ASSIGN(auto triggers, m_outbox.triggers());
  DEADLINED_TRY_ASSIGN(auto acks, m_outbox.acks());
  auto report_deliveries = build_report_deliveries(report_rows, *m_snapshot, triggers, acks, now);
  deliveries.insert(deliveries.end(), std::make_move_iterator(report_deliveries.begin()),
                    std::make_move_iterator(report_deliveries.end()));
  return deliveries;
}

tl::expected<std::vector<Delivery>, std::string> Dispatcher::prepare_due(Instant now, std::size_t limit,
                                                                         Rendering rendering, bool* cut) {
  // While a start's rest is being planned, rows at or after the frontier
  // may be missing or not yet up to date: nothing there is handed out (nor
  // lets an earlier stage be superseded) before finish_reload lifts it.
  const Instant upto = m_frontier ? std::min(now, *m_frontier - std::chrono::seconds{1}) : now;
  // Once a second is enough: within one second only a reconcile (which
  // resets this) can make a stage superseded, and a row failing now is not
  // due again before its retry, at least a second later.
  if (m_collapsed_at != upto) {
    // Since the last collapse a stage can only have been overtaken by one
    // that became due meanwhile, or if a row went back to failed or pending
    // (a reconcile resets m_collapsed_at): without either, the scan of every
    // due row (milliseconds per second of a large burst) finds nothing.
    bool needed = !m_collapsed_at || m_reopened_since_collapse;
    if (!needed) {
      DEADLINED_TRY_ASSIGN(needed, m_outbox.pending_due_between(seconds(*m_collapsed_at), seconds(upto)));
    }
    if (needed) {
      // The daemon is up: a stage overtaken now (an on-demand occurrence made
      // after its early stages' send times) was superseded, not missed while down.
      DEADLINED_TRY(m_outbox.collapse_missed(seconds(upto), 0, k_skip_superseded));
    }
    m_collapsed_at = upto;
    m_reopened_since_collapse = false;
  }
  DEADLINED_TRY_ASSIGN(auto rows, m_outbox.due(seconds(upto), limit));
  if (cut != nullptr) {
    // A cut read returns at least `limit` rows; at exactly `limit` one more
    // read finds out.
    *cut = rows.size() >= limit;
  }
  DEADLINED_TRY_ASSIGN(auto rendered, render(std::move(rows), now, rendering));
  std::vector<Delivery> ready;
  std::vector<Delivery> unrenderable;
  for (auto& delivery : rendered) {
    (delivery.render_error ? unrenderable : ready).push_back(std::move(delivery));
  }
  if (!unrenderable.empty()) {
    DEADLINED_TRY(record_unrenderable(unrenderable, now));
  }
  return ready;
}

tl::expected<void, std::string> Dispatcher::record_unrenderable(std::vector<Delivery>& deliveries, Instant now) {
  // A message that cannot be rendered (a bad address) never will be: it is
  // claimed like any other (only rows still due) and recorded dead at once,
  // in one transaction.
  std::vector<Delivery*> claims;
  for (Delivery& delivery : deliveries) {
    claims.push_back(&delivery);
  }
  DEADLINED_TRY_ASSIGN(auto batch, m_outbox.begin_batch());
  DEADLINED_TRY_ASSIGN(const std::vector<bool> claimed, claim_batch(claims, now));
  std::vector<std::pair<const Delivery*, DeliveryResult>> outcomes;
  std::vector<const char*> logged;
  for (std::size_t i = 0; i < deliveries.size(); ++i) {
    if (!claimed[i]) {
      continue;  // no longer due (sent or acknowledged meanwhile)
    }
    const Delivery& delivery = deliveries[i];
    outcomes.emplace_back(&delivery, DeliveryResult{DeliveryResult::Kind::permanent, *delivery.render_error, 0});
    DEADLINED_TRY_ASSIGN(const char* outcome, record_outcome(delivery, outcomes.back().second, now));
    logged.push_back(outcome);
  }
  DEADLINED_TRY(batch.commit());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    log_outcome(*outcomes[i].first, outcomes[i].second, logged[i]);
  }
  return {};
}

tl::expected<const char*, std::string> Dispatcher::record_outcome(const Delivery& delivery,
                                                                  const DeliveryResult& result, Instant now) {
  const char* outcome = delivery::to_string(result.kind);
  tl::expected<std::size_t, std::string> marked = 0;
  if (result.interrupted) {
    // Cut short by a stop: no attempt of the peer's. Its rows go back as
    // their claim found them, due at the next start; had the peer taken the
    // message already, the same Message-ID / Idempotency-Key lets it tell.
    outcome = "interrupted";
    m_reopened_since_collapse = true;
    marked = m_outbox.release(delivery.keys, seconds(now),
                              "interrupted by a stop before the peer answered; it may have received the message, "
                              "which is sent again at the next start with the same Message-ID / Idempotency-Key");
  } else if (result.kind == DeliveryResult::Kind::sent) {
    marked = m_outbox.mark_sent(delivery.keys, seconds(now));
  } else if (result.kind == DeliveryResult::Kind::transient) {
    m_reopened_since_collapse = true;
    // A digest can join a retried row with fresh ones: each row keeps its own
    // attempt count, so only rows out of retries die.
    std::vector<std::string> exhausted;
    std::map<int, std::vector<std::string>> retry_by_attempts;
    for (const auto& row : delivery.rows) {
      if (retries_exhausted(row.attempts, m_retry)) {
        exhausted.push_back(row.key);
      } else {
        retry_by_attempts[row.attempts].push_back(row.key);
      }
    }
    outcome = retry_by_attempts.empty() ? "dead" : "failed";
    if (!exhausted.empty()) {
      marked = m_outbox.mark_dead(exhausted, seconds(now), "retries exhausted: " + result.detail);
    }
    for (const auto& [attempts, keys] : retry_by_attempts) {
      if (!marked) {
        break;
      }
      marked = m_outbox.mark_failed(
          keys, seconds(now), result.detail,
          next_attempt_at(attempts, seconds(now), delivery.idempotency_key, result.retry_after_seconds, m_retry));
    }
  } else {
    outcome = "dead";
    marked = m_outbox.mark_dead(delivery.keys, seconds(now), result.detail);
  }
  if (!marked) {
    return tl::unexpected(marked.error());
  }
  return outcome;
}

void Dispatcher::log_outcome(const Delivery& delivery, const DeliveryResult& result, const char* outcome) {
  auto level = result.kind == DeliveryResult::Kind::sent        ? spdlog::level::info
               : result.kind == DeliveryResult::Kind::transient ? spdlog::level::warn
                                                                : spdlog::level::err;
  for (const auto& row : delivery.rows) {
    m_log.log(level, "delivery task={} unit={} stage={} channel={} recipient={} outcome={}{}{}", row.task, row.unit,
              row.stage, to_string(row.channel), row.recipient, outcome,
              result.detail.empty() ? "" : " detail=", result.detail);
  }
}

tl::expected<std::vector<bool>, std::string> Dispatcher::claim_batch(const std::vector<Delivery*>& deliveries,
                                                                     Instant now) {
  std::vector<std::vector<Outbox::SeenRow>> groups;
  groups.reserve(deliveries.size());
  for (const Delivery* delivery : deliveries) {
    auto& group = groups.emplace_back();
    for (const ReminderRow& row : delivery->rows) {
      group.push_back(Outbox::SeenRow{row.key, row.state, row.attempts});
    }
  }
  DEADLINED_TRY_ASSIGN(auto claimed, m_outbox.claim_seen(groups, seconds(now)));
  for (std::size_t i = 0; i < deliveries.size(); ++i) {
    if (claimed[i]) {
      for (auto& row : deliveries[i]->rows) {
        row.state = OutboxState::sending;
        row.attempts += 1;
      }
    }
  }
  return claimed;
}

tl::expected<void, std::string> Dispatcher::complete_batch(
    const std::vector<std::pair<const Delivery*, DeliveryResult>>& outcomes, Instant now) {
  DEADLINED_TRY(commit_turn(outcomes, {}, now));
  return {};
}

tl::expected<std::vector<bool>, std::string> Dispatcher::commit_turn(
    const std::vector<std::pair<const Delivery*, DeliveryResult>>& outcomes, const std::vector<Delivery*>& claims,
    Instant now) {
  DEADLINED_TRY_ASSIGN(auto batch, m_outbox.begin_batch());
  // Successes first, in one statement loop; they are nearly all of a burst.
  std::vector<std::string> sent_keys;
  for (const auto& [delivery, result] : outcomes) {
    if (result.kind == DeliveryResult::Kind::sent && !result.interrupted) {
      sent_keys.insert(sent_keys.end(), delivery->keys.begin(), delivery->keys.end());
    }
  }
  if (!sent_keys.empty()) {
    DEADLINED_TRY(m_outbox.mark_sent(sent_keys, seconds(now)));
  }
  std::vector<const char*> logged(outcomes.size(), "sent");
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const auto& [delivery, result] = outcomes[i];
    if (result.kind == DeliveryResult::Kind::sent && !result.interrupted) {
      continue;
    }
    DEADLINED_TRY_ASSIGN(logged[i], record_outcome(*delivery, result, now));
  }
  std::vector<bool> claimed;
  if (!claims.empty()) {
    DEADLINED_TRY_ASSIGN(claimed, claim_batch(claims, now));
  }
  DEADLINED_TRY(batch.commit());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    log_outcome(*outcomes[i].first, outcomes[i].second, logged[i]);
  }
  return claimed;
}

tl::expected<std::size_t, std::string> Dispatcher::release(const std::vector<const Delivery*>& deliveries, Instant now,
                                                           std::string_view why) {
  for (const Delivery* delivery : deliveries) {
    for (const auto& key : delivery->keys) {
      m_unreleased.emplace_back(key, std::string(why));
    }
  }
  if (m_unreleased.empty()) {
    return 0;
  }
  m_reopened_since_collapse = true;
  // One transaction, so that a refusal leaves all of them to the next call.
  std::map<std::string, std::vector<std::string>> by_reason;
  for (const auto& [key, reason] : m_unreleased) {
    by_reason[reason].push_back(key);
  }
  DEADLINED_TRY_ASSIGN(auto batch, m_outbox.begin_batch());
  std::size_t released = 0;
  for (const auto& [reason, keys] : by_reason) {
    DEADLINED_TRY_ASSIGN(const std::size_t moved, m_outbox.release(keys, seconds(now), reason));
    released += moved;
  }
  DEADLINED_TRY(batch.commit());
  m_unreleased.clear();
  return released;
}

tl::expected<std::optional<Instant>, std::string> Dispatcher::next_due() {
  DEADLINED_TRY_ASSIGN(auto next, m_outbox.next_due());
  if (!next || (m_frontier && *next >= seconds(*m_frontier))) {
    return std::optional<Instant>();  // the rest of a start wakes the loop when it is planned
  }
  return std::optional<Instant>(Instant{std::chrono::seconds{*next}});
}

}  // namespace deadlined
