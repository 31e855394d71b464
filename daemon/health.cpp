#include "health.hpp"

#include <utility>

namespace deadlined {

void DaemonHealth::started(Instant now) {
  std::lock_guard lock(m_mutex);
  m_counters.started = now;
  m_counters.config_loaded = now;
}

void DaemonHealth::count(const Delivery& delivery, const delivery::DeliveryResult& result, Instant now) {
  const Channel channel = delivery.channel;
  std::lock_guard lock(m_mutex);
  using Kind = delivery::DeliveryResult::Kind;
  if (result.kind == Kind::sent) {
    m_counters.reminders_sent[channel] += delivery.keys.size();
    m_counters.last_success = now;
  } else {
    m_counters.reminders_failed[channel] += delivery.keys.size();
  }
  ++m_counters.messages[{channel, delivery::to_string(result.kind)}];
}

std::size_t DaemonHealth::failed_messages() const {
  std::lock_guard lock(m_mutex);
  std::size_t failed = 0;
  for (const auto& [channel, count] : m_counters.reminders_failed) {
    failed += count;
  }
  return failed;
}

void DaemonHealth::outbox_refusal(std::optional<std::string> error, Instant now) {
  std::lock_guard lock(m_mutex);
  if (!error) {
    m_counters.outbox_refusal.reset();
    m_counters.outbox_refusing_since.reset();
    return;
  }
  if (!m_counters.outbox_refusal) {
    m_counters.outbox_refusing_since = now;
  }
  m_counters.outbox_refusal = std::move(error);
}

void DaemonHealth::reload_succeeded(Instant now) {
  std::lock_guard lock(m_mutex);
  ++m_counters.reloads_succeeded;
  m_counters.config_loaded = now;
  m_counters.last_reload = http_views::DaemonCounters::Reload{now, {}};
}

void DaemonHealth::reload_failed(Instant now, std::string error) {
  std::lock_guard lock(m_mutex);
  ++m_counters.reloads_failed;
  m_counters.last_reload = http_views::DaemonCounters::Reload{now, std::move(error)};
}

http_views::DaemonCounters DaemonHealth::copy() const {
  std::lock_guard lock(m_mutex);
  return m_counters;
}

}  // namespace deadlined
