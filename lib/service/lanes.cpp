#include "service/lanes.hpp"

#include <algorithm>
#include <iterator>

namespace deadlined {

DeliveryLanes::DeliveryLanes(LaneSettings settings, LaneHooks hooks)
    : m_settings(settings), m_hooks(std::move(hooks)) {}

void DeliveryLanes::enqueue(std::shared_ptr<Delivery> delivery) {
  std::lock_guard lock(m_mutex);
  auto& queue = m_queue[delivery->endpoint];
  queue.push_back(std::move(delivery));
  ++m_queued;
}

std::size_t DeliveryLanes::queued() const {
  std::lock_guard lock(m_mutex);
  return m_queued;
}

void DeliveryLanes::clear_queue() {
  std::lock_guard lock(m_mutex);
  m_queue.clear();
  m_queued = 0;
}

std::vector<std::shared_ptr<Delivery>> DeliveryLanes::pick_claims(
    const std::function<std::size_t(const Delivery&)>& limit_of) {
  std::lock_guard lock(m_mutex);
  std::vector<std::shared_ptr<Delivery>> picked;
  for (auto it = m_queue.begin(); it != m_queue.end() && picked.size() < m_settings.claims_per_turn;) {
    auto& [endpoint, queue] = *it;
    Lane& lane = m_lanes[endpoint];
    lane.limit = std::max<std::size_t>(1, limit_of(*queue.front()));
    // Deep enough that the workers never wait for a turn to refill it.
    const std::size_t depth = std::max(lane.limit * m_settings.lane_depth, 2 * m_settings.max_unrecorded);
    for (std::size_t ahead = lane.waiting.size();
         !queue.empty() && ahead < depth && picked.size() < m_settings.claims_per_turn; ++ahead) {
      picked.push_back(std::move(queue.front()));
      queue.pop_front();
      --m_queued;
    }
    it = queue.empty() ? m_queue.erase(it) : std::next(it);
  }
  return picked;
}

void DeliveryLanes::admit(std::vector<LaneJob> jobs) {
  std::lock_guard lock(m_mutex);
  for (auto& job : jobs) {
    const std::string endpoint = job.delivery->endpoint;
    m_lanes[endpoint].waiting.push_back(std::move(job));
  }
  for (auto& [endpoint, lane] : m_lanes) {
    start_workers(endpoint, lane);
  }
}

std::vector<LaneOutcome> DeliveryLanes::take_finished() {
  std::lock_guard lock(m_mutex);
  m_turn_requested = false;
  std::vector<LaneOutcome> finished;
  finished.swap(m_finished);
  return finished;
}

void DeliveryLanes::restore_finished(std::vector<LaneOutcome> outcomes) {
  std::lock_guard lock(m_mutex);
  m_finished.insert(m_finished.begin(), std::make_move_iterator(outcomes.begin()),
                    std::make_move_iterator(outcomes.end()));
}

void DeliveryLanes::mark_recorded(std::size_t count) {
  if (count == 0) {
    return;
  }
  {
    std::lock_guard lock(m_mutex);
    m_unrecorded -= std::min(count, m_unrecorded);
  }
  m_room.notify_all();
}

std::vector<LaneJob> DeliveryLanes::take_waiting() {
  std::lock_guard lock(m_mutex);
  std::vector<LaneJob> waiting;
  for (auto& [endpoint, lane] : m_lanes) {
    std::move(lane.waiting.begin(), lane.waiting.end(), std::back_inserter(waiting));
    lane.waiting.clear();
  }
  return waiting;
}

void DeliveryLanes::flush_fired() {
  std::lock_guard lock(m_mutex);
  m_flush_armed = false;
}

void DeliveryLanes::set_max_unrecorded(std::size_t max_unrecorded) {
  {
    std::lock_guard lock(m_mutex);
    m_settings.max_unrecorded = std::max<std::size_t>(1, max_unrecorded);
  }
  m_room.notify_all();
}

void DeliveryLanes::halt() {
  {
    std::lock_guard lock(m_mutex);
    m_halt = true;
  }
  m_room.notify_all();
}

void DeliveryLanes::pause_starting(bool paused) {
  {
    std::lock_guard lock(m_mutex);
    if (m_paused == paused) {
      return;  // every recorded turn says so: no wake-up for nothing
    }
    m_paused = paused;
  }
  m_room.notify_all();
}

void DeliveryLanes::start_workers(const std::string& endpoint, Lane& lane) {
  while (lane.workers < lane.limit && lane.workers < lane.waiting.size()) {
    ++lane.workers;
    m_hooks.start_worker(endpoint);
  }
}

void DeliveryLanes::request_turn_if(bool needed) {
  if (needed && !m_turn_requested) {
    m_turn_requested = true;
    m_hooks.request_turn();
  }
}

void DeliveryLanes::drain(const std::string& endpoint,
                          const std::function<delivery::DeliveryResult(const LaneJob&)>& send) {
  const auto one_at_a_time = [](const LaneJob&) { return std::size_t{1}; };
  drain_batches(endpoint, one_at_a_time, [&](const std::vector<LaneJob>& jobs, const Report& report) {
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      report(i, send(jobs[i]));
    }
  });
}

void DeliveryLanes::finished(Lane& lane, LaneOutcome outcome) {
  m_finished.push_back(std::move(outcome));
  if (!m_flush_armed) {
    m_flush_armed = true;  // this outcome is committed within the flush interval
    m_hooks.arm_flush();
  }
  // Outcomes are committed in batches of half the unrecorded bound (the
  // workers go on sending the other half meanwhile), or at once when this
  // lane ran dry, the bound is reached, or the daemon stops.
  const bool batch_full = m_finished.size() >= std::max<std::size_t>(1, m_settings.max_unrecorded / 2);
  request_turn_if(batch_full || lane.waiting.empty() || m_unrecorded >= m_settings.max_unrecorded || m_halt);
}

void DeliveryLanes::drain_batches(const std::string& endpoint, const BatchOf& batch_of, const SendAll& send_all) {
  std::unique_lock lock(m_mutex);
  Lane& lane = m_lanes[endpoint];
  for (std::size_t sent = 0;;) {
    m_room.wait(lock, [&] {
      return m_halt || lane.waiting.empty() || (!m_paused && m_unrecorded < m_settings.max_unrecorded);
    });
    if (m_halt || lane.waiting.empty() || sent >= m_settings.worker_turn) {
      if (!m_halt && !lane.waiting.empty()) {
        // Back of the pool's queue: other lanes get this thread in between.
        m_hooks.start_worker(endpoint);
      } else {
        --lane.workers;
      }
      request_turn_if(!m_finished.empty());  // nothing left here to batch with
      return;
    }
    const std::size_t take = std::min({std::max<std::size_t>(1, batch_of(lane.waiting.front())), lane.waiting.size(),
                                       m_settings.max_unrecorded - m_unrecorded});
    std::vector<LaneJob> jobs;
    jobs.reserve(take);
    for (std::size_t i = 0; i < take; ++i) {
      jobs.push_back(std::move(lane.waiting.front()));
      lane.waiting.pop_front();
    }
    m_unrecorded += take;
    std::vector<bool> reported(take, false);
    lock.unlock();
    // The jobs keep their deliveries until the batch is through: the sender
    // may still read one whose outcome the loop has already committed.
    send_all(jobs, [&](std::size_t index, delivery::DeliveryResult result) {
      const std::lock_guard reporting(m_mutex);
      if (index < take && !reported[index]) {
        reported[index] = true;
        finished(lane, LaneOutcome{jobs[index].delivery, std::move(result)});
      }
    });
    lock.lock();
    for (std::size_t i = 0; i < take; ++i) {
      if (!reported[i]) {
        finished(lane, LaneOutcome{jobs[i].delivery,
                                   delivery::DeliveryResult{delivery::DeliveryResult::Kind::transient,
                                                            "no outcome was returned for this delivery", 0}});
      }
    }
    sent += take;
  }
}

std::size_t DeliveryLanes::unrecorded() const {
  std::lock_guard lock(m_mutex);
  return m_unrecorded;
}

std::size_t DeliveryLanes::outcomes_waiting() const {
  std::lock_guard lock(m_mutex);
  return m_finished.size();
}

std::size_t DeliveryLanes::workers(const std::string& endpoint) const {
  std::lock_guard lock(m_mutex);
  auto it = m_lanes.find(endpoint);
  return it == m_lanes.end() ? 0 : it->second.workers;
}

std::size_t DeliveryLanes::waiting(const std::string& endpoint) const {
  std::lock_guard lock(m_mutex);
  auto it = m_lanes.find(endpoint);
  return it == m_lanes.end() ? 0 : it->second.waiting.size();
}

}  // namespace deadlined
