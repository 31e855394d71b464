#include "transports.hpp"

#include <optional>

#include <boost/asio/post.hpp>

namespace deadlined {

std::unique_ptr<Transport> Transports::acquire(const std::shared_ptr<const Snapshot>& snapshot) {
  std::lock_guard lock(m_mutex);
  if (snapshot != m_snapshot) {
    m_idle.clear();
    m_snapshot = snapshot;
  }
  if (m_idle.empty()) {
    return m_make(snapshot, m_abort);
  }
  auto transport = std::move(m_idle.back());
  m_idle.pop_back();
  return transport;
}

void Transports::release(const std::shared_ptr<const Snapshot>& snapshot, std::unique_ptr<Transport> transport) {
  std::lock_guard lock(m_mutex);
  if (snapshot == m_snapshot) {
    m_idle.push_back(std::move(transport));
  }
}

void Transports::start_worker(DeliveryLanes& lanes, const std::string& endpoint) {
  boost::asio::post(m_threads, [this, &lanes, endpoint] {
    std::shared_ptr<const Snapshot> snapshot;
    std::unique_ptr<Transport> transport;
    std::optional<delivery::CompiledTemplates> templates;  // the snapshot's, parsed once for this worker
    lanes.drain(endpoint, [&](const LaneJob& job) {
      if (job.snapshot != snapshot) {
        if (transport) {
          release(snapshot, std::move(transport));
        }
        snapshot = job.snapshot;
        transport = acquire(snapshot);
        templates.emplace(snapshot->templates);
      }
      // Rendering waits for the worker that sends it: the loop thread only
      // groups and claims.
      if (auto rendered = render_payload(*job.delivery, *job.snapshot, m_now(), &*templates); !rendered) {
        return delivery::DeliveryResult{delivery::DeliveryResult::Kind::permanent,
                                        "cannot render the message: " + rendered.error(), 0};
      }
      return transport->deliver(*job.delivery, m_now());
    });
    if (transport) {
      release(snapshot, std::move(transport));
    }
  });
}

}  // namespace deadlined
