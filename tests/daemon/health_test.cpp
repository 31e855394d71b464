// What the daemon tells /healthz and /metrics about itself (daemon/health.cpp):
// a refused reload is kept with its reason until one succeeds, and the time
// the running configuration was loaded moves only with a success.
#include <gtest/gtest.h>

#include "health.hpp"

namespace deadlined {
namespace {

Instant at(std::int64_t seconds) {
  return Instant{std::chrono::seconds{seconds}};
}

TEST(DaemonHealth, ARefusedReloadIsKeptWithItsReasonUntilOneSucceeds) {
  DaemonHealth health;
  health.started(at(100));
  EXPECT_FALSE(health.copy().last_reload);
  EXPECT_EQ(health.copy().config_loaded, at(100));
  health.reload_failed(at(200), "reload failed: a.toml:1:1: bad; keeping the running configuration");
  auto counters = health.copy();
  ASSERT_TRUE(counters.last_reload);
  EXPECT_EQ(counters.last_reload->at, at(200));
  EXPECT_EQ(counters.last_reload->error, "reload failed: a.toml:1:1: bad; keeping the running configuration");
  EXPECT_EQ(counters.reloads_failed, 1u);
  EXPECT_EQ(counters.config_loaded, at(100)) << "the running configuration is still the one of the start";
  health.reload_succeeded(at(300));
  counters = health.copy();
  ASSERT_TRUE(counters.last_reload);
  EXPECT_EQ(counters.last_reload->error, "");
  EXPECT_EQ(counters.reloads_succeeded, 1u);
  EXPECT_EQ(counters.config_loaded, at(300));
}

TEST(DaemonHealth, CountsDeliveriesAndTheOutboxRefusalSinceItsFirstError) {
  DaemonHealth health;
  Delivery delivery;
  delivery.channel = Channel::webhook;
  delivery.keys = {"a", "b"};
  delivery::DeliveryResult refused;
  refused.kind = delivery::DeliveryResult::Kind::transient;
  health.count(delivery, refused, at(10));
  delivery::DeliveryResult sent;
  sent.kind = delivery::DeliveryResult::Kind::sent;
  health.count(delivery, sent, at(20));
  EXPECT_EQ(health.failed_messages(), 2u);
  EXPECT_EQ(health.copy().last_success, at(20));
  health.outbox_refusal("disk full", at(30));
  health.outbox_refusal("disk still full", at(40));
  EXPECT_EQ(health.copy().outbox_refusing_since, at(30));
  EXPECT_EQ(health.copy().outbox_refusal, "disk still full");
  health.outbox_refusal(std::nullopt, at(50));
  EXPECT_FALSE(health.copy().outbox_refusal);
  EXPECT_FALSE(health.copy().outbox_refusing_since);
}

}  // namespace
}  // namespace deadlined
