#pragma once
// The event loop's path through the Dispatcher, for tests: what is due is
// peeked (prepare_due), claimed in one commit_turn, and the outcomes of the
// transfers recorded in the next commit_turn, as the daemon does turn by turn.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "service/dispatcher.hpp"

namespace deadlined::testing {

// Peeks what is due at `now` (rendered now) and claims all of it in one
// turn; returns the deliveries, in peek order. Nothing else uses the outbox in
// these tests, so a delivery peeked and then not claimed is an error.
inline tl::expected<std::vector<Delivery>, std::string> claim_due(Dispatcher& dispatcher, Instant now,
                                                                  std::size_t limit = 10000) {
  auto due = dispatcher.prepare_due(now, limit);
  if (!due) {
    return tl::unexpected(due.error());
  }
  if (due->empty()) {
    return due;
  }
  std::vector<Delivery*> claims;
  for (Delivery& delivery : *due) {
    claims.push_back(&delivery);
  }
  auto claimed = dispatcher.commit_turn({}, claims, now);
  if (!claimed) {
    return tl::unexpected(claimed.error());
  }
  for (std::size_t i = 0; i < due->size(); ++i) {
    if (!(*claimed)[i]) {
      return tl::unexpected("peeked but not claimed: " + (*due)[i].recipient);
    }
  }
  return due;
}

// Records the outcome of each claimed delivery in one turn.
inline tl::expected<void, std::string> record_outcomes(
    Dispatcher& dispatcher, const std::vector<Delivery>& deliveries, Instant now,
    const std::function<delivery::DeliveryResult(const Delivery&)>& outcome_of) {
  std::vector<std::pair<const Delivery*, delivery::DeliveryResult>> outcomes;
  for (const Delivery& delivery : deliveries) {
    outcomes.emplace_back(&delivery, outcome_of(delivery));
  }
  if (outcomes.empty()) {
    return {};
  }
  auto recorded = dispatcher.commit_turn(outcomes, {}, now);
  if (!recorded) {
    return tl::unexpected(recorded.error());
  }
  return {};
}

// claim_due, then every delivery recorded as sent; returns what went out.
inline tl::expected<std::vector<Delivery>, std::string> send_due(Dispatcher& dispatcher, Instant now) {
  auto claimed = claim_due(dispatcher, now);
  if (!claimed) {
    return claimed;
  }
  auto recorded = record_outcomes(dispatcher, *claimed, now, [](const Delivery&) {
    return delivery::DeliveryResult{delivery::DeliveryResult::Kind::sent, "", 0};
  });
  if (!recorded) {
    return tl::unexpected(recorded.error());
  }
  return claimed;
}

}  // namespace deadlined::testing
