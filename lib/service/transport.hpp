#pragma once
// Sending one delivery: the seam the daemon's workers call (faked in tests)
// and the real channels behind it.
#include <memory>

#include "delivery/result.hpp"
#include "service/compose.hpp"
#include "service/snapshot.hpp"

namespace deadlined {

// Sends one delivery; implementations own their connections, one per worker thread.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual delivery::DeliveryResult deliver(const Delivery& delivery, Instant now) = 0;
};

// The real channels: SMTP (or the Maildir when no server is configured) and webhooks.
std::unique_ptr<Transport> make_transport(std::shared_ptr<const Snapshot> snapshot);

}  // namespace deadlined
