#pragma once
// A scripted Transport: each deliver() call takes the next scripted result
// (sent once the script runs out) and records what it was given, so tests see
// every attempt without a network.
#include <cstddef>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "service/dispatcher.hpp"

namespace deadlined::testing {

class FakeTransport final : public Transport {
 public:
  using Kind = delivery::DeliveryResult::Kind;

  struct Call {
    Delivery delivery;
    Instant at;
    delivery::DeliveryResult result;
  };

  // Queues the outcome of the next not yet scripted call.
  FakeTransport& then(Kind kind, std::string detail = "") {
    m_script.push_back(delivery::DeliveryResult{kind, std::move(detail), 0});
    return *this;
  }
  // Queues a transient outcome whose peer asked to wait (Retry-After).
  FakeTransport& then_retry_after(long seconds, std::string detail = "429") {
    m_script.push_back(delivery::DeliveryResult{Kind::transient, std::move(detail), 429, seconds});
    return *this;
  }
  FakeTransport& then_times(std::size_t times, Kind kind, const std::string& detail = "") {
    for (std::size_t i = 0; i < times; ++i) {
      then(kind, detail);
    }
    return *this;
  }

  delivery::DeliveryResult deliver(const Delivery& delivery, Instant now) override {
    delivery::DeliveryResult result{Kind::sent, "", 250};
    if (!m_script.empty()) {
      result = std::move(m_script.front());
      m_script.pop_front();
    }
    m_calls.push_back(Call{delivery, now, result});
    return result;
  }

  const std::vector<Call>& calls() const { return m_calls; }

  // Deliveries that were accepted.
  std::vector<Delivery> delivered() const {
    std::vector<Delivery> result;
    for (const auto& call : m_calls) {
      if (call.result.kind == Kind::sent) {
        result.push_back(call.delivery);
      }
    }
    return result;
  }

  // How many accepted deliveries carried the outbox key `key`.
  std::size_t times_delivered(const std::string& key) const {
    std::size_t count = 0;
    for (const auto& delivery : delivered()) {
      for (const auto& carried : delivery.keys) {
        count += carried == key ? 1 : 0;
      }
    }
    return count;
  }

  std::size_t scripted_left() const { return m_script.size(); }

 private:
  std::deque<delivery::DeliveryResult> m_script;
  std::vector<Call> m_calls;
};

}  // namespace deadlined::testing
