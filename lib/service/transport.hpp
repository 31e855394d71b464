#pragma once
// Sending one delivery: the seam the daemon's workers call (faked in tests)
// and the real channels behind it.
#include <memory>

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
};

// The real channels: SMTP (or the Maildir when no server is configured) and
// webhooks. Once `abort` (when given) is aborted, a transfer in flight ends
// at once, and a delivery it cut short before the peer answered comes back
// transient and `interrupted`; a refusal the peer sent stands (its attempt
// and Retry-After count), even when the abort fired as it came in.
std::unique_ptr<Transport> make_transport(std::shared_ptr<const Snapshot> snapshot,
                                          std::shared_ptr<delivery::TransferAbort> abort = nullptr);

}  // namespace deadlined
