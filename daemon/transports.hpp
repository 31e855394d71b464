#pragma once
// The transports: a pool of worker threads that drain the delivery lanes,
// each delivery rendered and sent on a transport kept between deliveries (its
// connection stays open). A reload retires the transports built for the old
// snapshot.
#include <utility>  // Boost 1.74 Asio under g++ 12 needs <utility> first.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "service/lanes.hpp"
#include "service/transport.hpp"

namespace deadlined {

// Makes a worker's transport for a snapshot (make_transport; tests give fakes).
using TransportFactory = std::function<std::unique_ptr<Transport>(std::shared_ptr<const Snapshot>,
                                                                  std::shared_ptr<delivery::TransferAbort>)>;

class Transports {
 public:
  Transports(std::size_t threads, std::function<Instant()> now, TransportFactory make = make_transport)
      : m_threads(threads), m_now(std::move(now)), m_make(std::move(make)) {}

  // Runs lanes.drain(endpoint) on a worker thread.
  void start_worker(DeliveryLanes& lanes, const std::string& endpoint);
  // Cuts every transfer in flight short, for good: their deliveries come
  // back interrupted (a stop past its drain deadline).
  void abort() { m_abort->abort(); }
  // Waits for the workers (after DeliveryLanes::halt()).
  void join() { m_threads.join(); }

 private:
  std::unique_ptr<Transport> acquire(const std::shared_ptr<const Snapshot>& snapshot);
  void release(const std::shared_ptr<const Snapshot>& snapshot, std::unique_ptr<Transport> transport);

  boost::asio::thread_pool m_threads;
  std::function<Instant()> m_now;
  TransportFactory m_make;
  std::shared_ptr<delivery::TransferAbort> m_abort = std::make_shared<delivery::TransferAbort>();
  std::mutex m_mutex;  // guards the idle transports and their snapshot
  std::shared_ptr<const Snapshot> m_snapshot;
  std::vector<std::unique_ptr<Transport>> m_idle;
};

}  // namespace deadlined
