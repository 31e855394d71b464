#pragma once
// systemd's notify protocol (READY, RELOADING, STOPPING, STATUS, WATCHDOG).
// Every call is a no-op when NOTIFY_SOCKET is unset.
#include <chrono>
#include <optional>
#include <string>

namespace deadlined {

class SystemdNotifier {
 public:
  void ready(const std::string& status) const;
  void reloading() const;
  void stopping() const;
  void status(const std::string& status) const;
  void watchdog() const;
  // While starting: systemd waits `extension` more for the next message
  // (EXTEND_TIMEOUT_USEC), so a long start in steps is not killed at
  // TimeoutStartSec; `status` says how far it got.
  void extend_timeout(std::chrono::microseconds extension, const std::string& status) const;
  // Half the watchdog interval when WATCHDOG_USEC is set for this process.
  std::optional<std::chrono::microseconds> watchdog_interval() const;
};

}  // namespace deadlined
