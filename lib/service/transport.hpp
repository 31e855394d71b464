#pragma once
// Sending one delivery: the seam the daemon's workers call (faked in tests)
// and the real channels behind it.
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "delivery/result.hpp"
#include "delivery/transfer_abort.hpp"
#include "service/compose.hpp"
#include "service/snapshot.hpp"

namespace deadlined {

// Sends one delivery; implementations own their connections, one per worker thread.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual delivery::DeliveryResult deliver(const Delivery& delivery, Instant now) = 0;
  // Several deliveries of one lane, each result given to `report` with the
  // delivery's index as soon as it is known. The real transport pipelines
  // webhooks to one plain-HTTP host (`webhooks.pipeline`); by default each is
  // delivered alone, in order.
  using Report = std::function<void(std::size_t index, delivery::DeliveryResult result)>;
  virtual void deliver_all(const std::vector<const Delivery*>& deliveries, Instant now, const Report& report) {
    for (std::size_t i = 0; i < deliveries.size(); ++i) {
      report(i, deliver(*deliveries[i], now));
    }
  }
};

// The real channels: SMTP (or the Maildir when no server is configured) and
// webhooks. Once `abort` (when given) is aborted, a transfer in flight ends
// at once, and a delivery it cut short before the peer answered comes back
// transient and `interrupted`; a refusal the peer sent stands (its attempt
// and Retry-After count), even when the abort fired as it came in.
std::unique_ptr<Transport> make_transport(std::shared_ptr<const Snapshot> snapshot,
                                          std::shared_ptr<delivery::TransferAbort> abort = nullptr);

}  // namespace deadlined
