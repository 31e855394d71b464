#pragma once
// A bounded hand-over from one producer thread to one consumer: push() waits
// while `capacity` items are queued, so the producer never runs further ahead
// than that and what the two hold between them stays bounded. The consumer
// only try_pop()s: it never waits (the daemon's loop thread must not block).
// close() ends it from either side: a waiting push() returns false at once,
// later pushes are refused, what is queued can still be popped. Starts no
// thread; the daemon's reload hands its planned rows to the loop through it.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace deadlined {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : m_capacity(capacity == 0 ? 1 : capacity) {}
  BoundedQueue(const BoundedQueue&) = delete;
  BoundedQueue& operator=(const BoundedQueue&) = delete;

  // Queues `item`, waiting while the queue is full; false (the item dropped)
  // once the queue is closed.
  bool push(T item) {
    std::unique_lock lock(m_mutex);
    if (!m_closed && m_items.size() >= m_capacity) {
      ++m_waits;
      m_not_full.wait(lock, [this] { return m_closed || m_items.size() < m_capacity; });
    }
    if (m_closed) {
      return false;
    }
    m_items.push_back(std::move(item));
    return true;
  }

  // The oldest item, without waiting; nullopt when none is queued.
  std::optional<T> try_pop() {
    std::optional<T> item;
    {
      std::lock_guard lock(m_mutex);
      if (m_items.empty()) {
        return item;
      }
      item.emplace(std::move(m_items.front()));
      m_items.pop_front();
    }
    m_not_full.notify_one();
    return item;
  }

  void close() {
    {
      std::lock_guard lock(m_mutex);
      m_closed = true;
    }
    m_not_full.notify_all();
  }

  // Closed and nothing left to pop.
  bool drained() const {
    std::lock_guard lock(m_mutex);
    return m_closed && m_items.empty();
  }
  std::size_t size() const {
    std::lock_guard lock(m_mutex);
    return m_items.size();
  }
  // How many pushes found the queue full and waited (the consumer was the
  // slower side that many times).
  std::size_t waits() const {
    std::lock_guard lock(m_mutex);
    return m_waits;
  }
  std::size_t capacity() const { return m_capacity; }

 private:
  const std::size_t m_capacity;
  mutable std::mutex m_mutex;
  std::condition_variable m_not_full;
  std::deque<T> m_items;
  std::size_t m_waits = 0;
  bool m_closed = false;
};

}  // namespace deadlined
