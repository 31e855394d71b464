#pragma once
// What the daemon tells /healthz and /metrics about itself: deliveries by
// channel and outcome, the start, reloads and why the last one was refused,
// and the outbox's refusal of the loop's writes. The loop thread records;
// the HTTP thread copies the whole under the mutex for each request.
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>

#include "delivery/result.hpp"
#include "http_views/metrics.hpp"
#include "service/compose.hpp"

namespace deadlined {

class DaemonHealth {
 public:
  void started(Instant now);
  void count(const Delivery& delivery, const delivery::DeliveryResult& result, Instant now);
  // Reminder rows whose attempt failed since the start (a --once run's exit code).
  std::size_t failed_messages() const;
  // The outbox refused the loop's last write (`error`), or took one again (nullopt).
  void outbox_refusal(std::optional<std::string> error, Instant now);
  void reload_succeeded(Instant now);
  // `error`: why the reload was refused; the running configuration stays.
  void reload_failed(Instant now, std::string error);

  http_views::DaemonCounters copy() const;

 private:
  mutable std::mutex m_mutex;
  http_views::DaemonCounters m_counters;
};

}  // namespace deadlined
