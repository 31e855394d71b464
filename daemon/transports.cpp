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
    // Webhooks to one host go in pipelined batches (webhooks.pipeline); the
    // rest one at a time.
    const auto batch_of = [](const LaneJob& job) {
      return job.delivery->channel == Channel::webhook ? static_cast<std::size_t>(job.snapshot->config.webhook.pipeline)
                                                       : std::size_t{1};
    };
    lanes.drain_batches(endpoint, batch_of, [&](const std::vector<LaneJob>& jobs, const DeliveryLanes::Report& report) {
      // The rendered deliveries of one snapshot, sent together on its transport.
      std::vector<const Delivery*> sending;
      std::vector<std::size_t> sending_index;
      sending.reserve(jobs.size());
      sending_index.reserve(jobs.size());
      const auto flush = [&] {
        transport->deliver_all(sending, m_now(), [&](std::size_t k, delivery::DeliveryResult result) {
          report(sending_index[k], std::move(result));
        });
        sending.clear();
        sending_index.clear();
      };
      for (std::size_t i = 0; i < jobs.size(); ++i) {
        const LaneJob& job = jobs[i];
        if (job.snapshot != snapshot) {
          // A reload between two jobs of the batch: what was rendered goes
          // on the old snapshot's transport first.
          if (!sending.empty()) {
            flush();
          }
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
          report(i, delivery::DeliveryResult{delivery::DeliveryResult::Kind::permanent,
                                             "cannot render the message: " + rendered.error(), 0});
          continue;
        }
        sending.push_back(job.delivery.get());
        sending_index.push_back(i);
      }
      if (!sending.empty()) {
        flush();
      }
    });
    if (transport) {
      release(snapshot, std::move(transport));
    }
  });
}

}  // namespace deadlined
