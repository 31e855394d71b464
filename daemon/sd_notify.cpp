#include "sd_notify.hpp"

#include <time.h>

#include <systemd/sd-daemon.h>

namespace deadlined {

namespace {

unsigned long long monotonic_usec() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<unsigned long long>(now.tv_sec) * 1000000ULL +
         static_cast<unsigned long long>(now.tv_nsec) / 1000ULL;
}

}  // namespace

void SystemdNotifier::ready(const std::string& status) const {
  sd_notify(0, ("READY=1\nSTATUS=" + status).c_str());
}

void SystemdNotifier::reloading() const {
  sd_notify(0, ("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_usec())).c_str());
}

void SystemdNotifier::stopping() const {
  sd_notify(0, "STOPPING=1");
}

void SystemdNotifier::status(const std::string& status) const {
  sd_notify(0, ("STATUS=" + status).c_str());
}

void SystemdNotifier::watchdog() const {
  sd_notify(0, "WATCHDOG=1");
}

void SystemdNotifier::extend_timeout(std::chrono::microseconds extension, const std::string& status) const {
  sd_notify(0, ("EXTEND_TIMEOUT_USEC=" + std::to_string(extension.count()) + "\nSTATUS=" + status).c_str());
}

std::optional<std::chrono::microseconds> SystemdNotifier::watchdog_interval() const {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    return std::chrono::microseconds{static_cast<long long>(usec / 2)};
  }
  return std::nullopt;
}

}  // namespace deadlined
