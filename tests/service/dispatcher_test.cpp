// The dispatcher's turns, outcomes, rendering and catch-up (DispatcherFlow,
// dispatcher_fixture.hpp); reloads and a start's progress in reload_test.cpp.
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/dispatcher_fixture.hpp"

namespace deadlined::dispatcher_test {
namespace {

std::string base64_decode(std::string_view text) {
  static const std::string k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    auto position = k_alphabet.find(c);
    if (position == std::string::npos) {
      continue;  // padding, line breaks
    }
    buffer = (buffer << 6) | static_cast<unsigned>(position);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xffU));
    }
  }
  return out;
}

// The Subject header of an RFC 5322 message, unfolded, its encoded-words decoded.
std::string decoded_subject(const std::string& message) {
  auto start = message.find("\r\nSubject: ");
  if (start == std::string::npos) {
    return "";
  }
  start += 11;
  auto end = start;
  while ((end = message.find("\r\n", end)) != std::string::npos && message[end + 2] == ' ') {
    end += 2;
  }
  std::string raw = message.substr(start, end - start);
  std::string decoded;
  std::size_t at = 0;
  while ((at = raw.find("=?UTF-8?B?", at)) != std::string::npos) {
    at += 10;
    auto close = raw.find("?=", at);
    decoded += base64_decode(raw.substr(at, close - at));
    at = close + 2;
  }
  return decoded;
}

// The decoded text/plain part of a message rendered by render_email.
std::string decoded_text_part(const std::string& message) {
  const std::string marker = "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  auto start = message.find(marker);
  if (start == std::string::npos) {
    return "";
  }
  start += marker.size();
  auto end = message.find("\r\n--", start);
  return base64_decode(message.substr(start, end - start));
}

TEST_F(DispatcherFlow, NothingIsDueBeforeTheFirstStage) {
  StartReport report = start(snapshot(k_plan_a), at(3, 1));
  EXPECT_EQ(report.requeued, 0u);
  EXPECT_EQ(report.reconcile.inserted, 15u);  // 2 tasks x 7 lead stages + 1 support stage
  EXPECT_EQ(report.collapsed, 0u);
  EXPECT_EQ(report.stale, 0u);
  EXPECT_TRUE(take(at(3, 1)).empty());
  EXPECT_TRUE(take(at(3, 17, 7, 59)).empty());
  EXPECT_EQ(next_due(), at(3, 17));
  EXPECT_TRUE(m_transport.calls().empty());
  EXPECT_EQ(rows_in(OutboxState::pending).size(), 15u);
}

TEST_F(DispatcherFlow, EachStageGoesOutAsOneDigestPerRecipientWithAllItemsOfTheSlot) {
  start(snapshot(k_plan_a), at(3, 1));
  const std::vector<std::pair<Instant, std::string>> stages = {
      {at(3, 17), "before-10"}, {at(3, 24), "before-5"}, {at(3, 30), "before-1"}, {at(3, 31), "due"},
      {at(4, 4), "overdue-1"},  {at(4, 6), "overdue-2"}, {at(4, 8), "overdue-3"}};
  for (const auto& [when, stage] : stages) {
    SCOPED_TRACE(stage);
    EXPECT_EQ(next_due(), when);
    EXPECT_TRUE(take(when - std::chrono::minutes{1}).empty());
    auto deliveries = run(when);
    ASSERT_EQ(deliveries.size(), stage == "before-5" ? 2u : 1u);
    const Delivery* lead = to(deliveries, "vp@example.vn");
    ASSERT_NE(lead, nullptr);
    EXPECT_EQ(lead->channel, Channel::email);
    EXPECT_EQ(lead->endpoint, "maildir");
    EXPECT_EQ(lead->keys, sorted({key("1", "vp", stage), key("2", "vp", stage)}));
    ASSERT_EQ(lead->rows.size(), 2u);
    EXPECT_EQ(lead->rows[0].task, "1");
    EXPECT_EQ(lead->rows[1].task, "2");
    if (stage == "before-5") {
      const Delivery* support = to(deliveries, "stp@example.vn");
      ASSERT_NE(support, nullptr);
      EXPECT_EQ(support->keys, std::vector<std::string>{key("1", "stp", "before-5")});
    }
    for (const auto& delivery : deliveries) {
      for (const auto& row_key : delivery.keys) {
        EXPECT_EQ(row(row_key).state, OutboxState::sent) << row_key;
        EXPECT_EQ(row(row_key).sent_at, seconds_of(when)) << row_key;
      }
    }
    EXPECT_TRUE(take(when + std::chrono::hours{1}).empty());
  }
  EXPECT_EQ(next_due(), std::nullopt);
  EXPECT_EQ(rows_in(OutboxState::sent).size(), 15u);
  EXPECT_EQ(m_transport.calls().size(), 8u);
  EXPECT_TRUE(take(at(12, 31)).empty());
}

TEST_F(DispatcherFlow, SentRowsAreNeverSentAgainAfterARestart) {
  auto config = snapshot(k_plan_a);
  start(config, at(3, 1));
  ASSERT_EQ(run(at(3, 17)).size(), 1u);
  stop();
  StartReport report = start(config, at(3, 17, 9));
  EXPECT_EQ(report.requeued, 0u);
  EXPECT_EQ(report.reconcile.inserted, 0u);
  EXPECT_EQ(report.reconcile.unchanged, 15u);
  EXPECT_TRUE(take(at(3, 17, 9)).empty());
  EXPECT_TRUE(take(at(3, 23)).empty());
  EXPECT_EQ(row(key("1", "vp", "before-10")).state, OutboxState::sent);
  EXPECT_EQ(m_transport.times_delivered(key("1", "vp", "before-10")), 1u);
  EXPECT_EQ(next_due(), at(3, 24));
}

// A 429 with Retry-After: 3600 is not retried after the short backoff.
TEST_F(DispatcherFlow, RetryAfterOfThePeerDelaysTheRetry) {
  start(snapshot(k_plan_a), at(3, 1));
  m_transport.then_retry_after(3600, "HTTP 429, Retry-After 3600 s");
  const Instant first = at(3, 17);
  ASSERT_EQ(run(first).size(), 1u);
  const ReminderRow failed = row(key("1", "vp", "before-10"));
  EXPECT_EQ(failed.state, OutboxState::failed);
  EXPECT_EQ(failed.next_attempt_at, seconds_of(first) + 3600);
  EXPECT_TRUE(take(first + std::chrono::seconds{3599}).empty());
}

// A transfer a stop cut short (its drain deadline passed) is no attempt of
// the peer's: the rows go back as their claim found them, pending or failed
// and due, with the attempt not counted, and the next turn sends them with
// the same key.
TEST_F(DispatcherFlow, AnInterruptedDeliveryGoesBackAsItsClaimFoundIt) {
  start(snapshot(k_plan_a), at(3, 1));
  delivery::DeliveryResult cut{Kind::transient, "cut short by a stop before the peer answered", 0};
  cut.interrupted = true;
  const std::string row_key = key("1", "vp", "before-10");
  const Instant first = at(3, 17);
  auto claimed = take(first);
  ASSERT_EQ(claimed.size(), 1u);
  record(claimed[0], cut, first);
  ReminderRow back = row(row_key);
  EXPECT_EQ(back.state, OutboxState::pending);
  EXPECT_EQ(back.attempts, 0);
  EXPECT_EQ(back.last_error, "");
  EXPECT_TRUE(must(m_outbox->events(row_key)).back().detail.starts_with("interrupted by a stop"));

  // A failed row (one real attempt) cut short on its retry: failed again, due.
  m_transport.then(Kind::transient, "421 try again later");
  ASSERT_EQ(run(first).size(), 1u);
  const ReminderRow failed = row(row_key);
  ASSERT_EQ(failed.state, OutboxState::failed);
  const Instant retry = instant_of(failed.next_attempt_at);
  auto retried = take(retry);
  ASSERT_EQ(retried.size(), 1u);
  record(retried[0], cut, retry);
  back = row(row_key);
  EXPECT_EQ(back.state, OutboxState::failed);
  EXPECT_EQ(back.attempts, 1);
  EXPECT_EQ(back.next_attempt_at, failed.next_attempt_at);
  auto sent = run(retry);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].idempotency_key, claimed[0].idempotency_key);
  EXPECT_EQ(row(row_key).state, OutboxState::sent);
  EXPECT_EQ(row(row_key).attempts, 2);
  EXPECT_EQ(m_transport.times_delivered(row_key), 1u);
}

TEST_F(DispatcherFlow, TransientFailureIsRetriedAfterTheBackoffAndDeliveredOnce) {
  start(snapshot(k_plan_a), at(3, 1));
  m_transport.then(Kind::transient, "421 try again later");
  const Instant first = at(3, 17);
  auto deliveries = run(first);
  ASSERT_EQ(deliveries.size(), 1u);
  const std::string row_key = key("1", "vp", "before-10");
  ReminderRow failed = row(row_key);
  EXPECT_EQ(failed.state, OutboxState::failed);
  EXPECT_EQ(failed.attempts, 1);
  EXPECT_EQ(failed.last_error, "421 try again later");
  EXPECT_GT(failed.next_attempt_at, seconds_of(first));
  EXPECT_EQ(next_due(), instant_of(failed.next_attempt_at));

  EXPECT_TRUE(take(first).empty());
  EXPECT_TRUE(take(instant_of(failed.next_attempt_at - 1)).empty());
  auto retried = run(instant_of(failed.next_attempt_at));
  ASSERT_EQ(retried.size(), 1u);
  EXPECT_EQ(retried[0].idempotency_key, deliveries[0].idempotency_key);
  EXPECT_EQ(retried[0].keys, deliveries[0].keys);
  EXPECT_EQ(row(row_key).state, OutboxState::sent);
  EXPECT_EQ(row(row_key).attempts, 2);
  EXPECT_EQ(m_transport.calls().size(), 2u);
  EXPECT_EQ(m_transport.times_delivered(row_key), 1u);
  EXPECT_TRUE(take(at(3, 23)).empty());
}

TEST_F(DispatcherFlow, PermanentFailureIsDeadAndNeverRetried) {
  start(snapshot(k_plan_a), at(3, 1));
  m_transport.then(Kind::permanent, "550 no such mailbox");
  ASSERT_EQ(run(at(3, 17)).size(), 1u);
  for (const auto& task_id : {"1", "2"}) {
    ReminderRow dead = row(key(task_id, "vp", "before-10"));
    EXPECT_EQ(dead.state, OutboxState::dead);
    EXPECT_EQ(dead.last_error, "550 no such mailbox");
  }
  EXPECT_EQ(next_due(), at(3, 24));
  EXPECT_TRUE(take(at(3, 20)).empty());
  auto later = run(at(3, 24));
  const Delivery* lead = to(later, "vp@example.vn");
  ASSERT_NE(lead, nullptr);
  EXPECT_EQ(lead->keys, sorted({key("1", "vp", "before-5"), key("2", "vp", "before-5")}));
  EXPECT_EQ(row(key("1", "vp", "before-10")).state, OutboxState::dead);
}

TEST_F(DispatcherFlow, ExhaustedRetriesAreDead) {
  start(snapshot(k_plan_a), at(3, 1));
  m_transport.then_times(12, Kind::transient, "timeout");
  const std::string row_key = key("1", "vp", "before-10");
  Instant now = at(3, 17);
  for (int attempt = 1; attempt <= 12; ++attempt) {
    SCOPED_TRACE(attempt);
    ASSERT_EQ(run(now).size(), 1u);
    ReminderRow current = row(row_key);
    EXPECT_EQ(current.attempts, attempt);
    if (attempt < 12) {
      ASSERT_EQ(current.state, OutboxState::failed);
      ASSERT_GT(current.next_attempt_at, seconds_of(now));
      now = instant_of(current.next_attempt_at);
    } else {
      EXPECT_EQ(current.state, OutboxState::dead);
      EXPECT_EQ(current.last_error, "retries exhausted: timeout");
    }
  }
  EXPECT_LT(now, at(3, 24));  // every retry happened before the next stage
  EXPECT_EQ(m_transport.calls().size(), 12u);
  EXPECT_TRUE(m_transport.delivered().empty());
  EXPECT_TRUE(take(now + std::chrono::hours{12}).empty());
  EXPECT_EQ(next_due(), at(3, 24));
}

// A retry due at the same time as a new slot of the same recipient joins that
// slot's digest. Each row keeps its own attempt count: only the row out of
// retries is dead, the fresh one is failed and retried. Regression: the digest
// once died as a whole on its first row's count.
TEST_F(DispatcherFlow, ExhaustedRetriesOfOneRowDoNotKillAFreshRowOfTheSameDigest) {
  // Task 4 is due Fri 01/04: its before-10 goes out Fri 18/03.
  start(snapshot(task("1", "2022-03-31", "vp") + task("4", "2022-04-01", "vp"), "\n[delivery]\nretry_cap = 3600\n"),
        at(3, 1));
  m_transport.then_times(12, Kind::transient, "timeout");
  const std::string exhausted = key("1", "vp", "before-10");
  const std::string fresh = key("4", "vp", "before-10", "2022-04-01");
  Instant now = at(3, 17);
  for (int attempt = 1; attempt <= 11; ++attempt) {
    ASSERT_EQ(run(now).size(), 1u) << attempt;
    now = instant_of(row(exhausted).next_attempt_at);
  }
  ASSERT_LT(now, at(3, 18));
  ASSERT_EQ(row(exhausted).attempts, 11);
  // The daemon wakes at 08:00 on 18/03: the 12th attempt and task 4's first share a digest.
  auto deliveries = run(at(3, 18));
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].keys, sorted({exhausted, fresh}));
  EXPECT_EQ(row(exhausted).state, OutboxState::dead);
  ReminderRow retried = row(fresh);
  EXPECT_EQ(retried.attempts, 1);
  EXPECT_EQ(retried.state, OutboxState::failed);
}

TEST_F(DispatcherFlow, LaterStageBecomingDueSupersedesAFailedEarlierOne) {
  start(snapshot(k_plan_a), at(3, 1));
  m_transport.then(Kind::transient, "connection refused");
  ASSERT_EQ(run(at(3, 17)).size(), 1u);
  ASSERT_EQ(row(key("1", "vp", "before-10")).state, OutboxState::failed);
  // No retry happens before the next stage is due (the daemon was busy or down).
  auto deliveries = run(at(3, 24));
  const Delivery* lead = to(deliveries, "vp@example.vn");
  ASSERT_NE(lead, nullptr);
  EXPECT_EQ(lead->keys, sorted({key("1", "vp", "before-5"), key("2", "vp", "before-5")}));
  for (const auto& task_id : {"1", "2"}) {
    ReminderRow superseded = row(key(task_id, "vp", "before-10"));
    EXPECT_EQ(superseded.state, OutboxState::skipped);
    EXPECT_EQ(superseded.skip_reason, k_skip_superseded);
  }
  EXPECT_EQ(m_transport.times_delivered(key("1", "vp", "before-10")), 0u);
}

TEST_F(DispatcherFlow, DowntimeSendsOnlyTheLatestMissedStageOfEachObligation) {
  auto config = snapshot(k_plan_a);
  start(config, at(3, 1));
  stop();  // down from 01/03 to 31/03 10:00
  StartReport report = start(config, at(3, 31, 10));
  EXPECT_EQ(report.collapsed, 6u);  // before-10, before-5, before-1 of two tasks
  EXPECT_EQ(report.stale, 1u);      // stp before-5 of 24/03: older than catch_up (3 days)
  for (const auto& task_id : {"1", "2"}) {
    for (const auto& stage : {"before-10", "before-5", "before-1"}) {
      ReminderRow missed = row(key(task_id, "vp", stage));
      EXPECT_EQ(missed.state, OutboxState::skipped) << task_id << " " << stage;
      EXPECT_EQ(missed.skip_reason, k_skip_missed) << task_id << " " << stage;
    }
  }
  EXPECT_EQ(row(key("1", "stp", "before-5")).skip_reason, k_skip_stale);
  auto deliveries = run(at(3, 31, 10));
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].keys, sorted({key("1", "vp", "due"), key("2", "vp", "due")}));
  EXPECT_EQ(next_due(), at(4, 4));
}

TEST_F(DispatcherFlow, ShortDowntimeStillSendsTheLatestMissedStageOfEveryRecipient) {
  auto config = snapshot(k_plan_a);
  start(config, at(3, 1));
  stop();
  StartReport report = start(config, at(3, 25, 15));
  EXPECT_EQ(report.collapsed, 2u);  // before-10 of both tasks
  EXPECT_EQ(report.stale, 0u);
  auto deliveries = run(at(3, 25, 15));
  ASSERT_EQ(deliveries.size(), 2u);
  ASSERT_NE(to(deliveries, "vp@example.vn"), nullptr);
  EXPECT_EQ(to(deliveries, "vp@example.vn")->keys, sorted({key("1", "vp", "before-5"), key("2", "vp", "before-5")}));
  ASSERT_NE(to(deliveries, "stp@example.vn"), nullptr);
  EXPECT_EQ(to(deliveries, "stp@example.vn")->keys, std::vector<std::string>{key("1", "stp", "before-5")});
}

TEST_F(DispatcherFlow, StartFarAfterEverythingSendsNothing) {
  StartReport report = start(snapshot(k_plan_a), at(6, 1));
  EXPECT_EQ(report.reconcile.inserted, 15u);
  EXPECT_EQ(report.collapsed, 12u);
  EXPECT_EQ(report.stale, 3u);  // overdue-3 of both tasks, stp before-5
  EXPECT_TRUE(take(at(6, 1)).empty());
  EXPECT_TRUE(m_transport.calls().empty());
  EXPECT_EQ(rows_in(OutboxState::skipped).size(), 15u);
  EXPECT_EQ(row(key("1", "vp", "overdue-3")).skip_reason, k_skip_stale);
  EXPECT_EQ(next_due(), std::nullopt);
}

TEST_F(DispatcherFlow, ReleasedDeliveryGoesOutOnTheNextTurnAfterARestart) {
  auto config = snapshot(k_plan_a);
  start(config, at(3, 1));
  const Instant now = at(3, 17);
  auto interrupted = take(now);
  ASSERT_EQ(interrupted.size(), 1u);
  // Shutdown before the transport ran: the claim is given back, uncounted.
  EXPECT_EQ(must(m_dispatcher->release({&interrupted[0]}, now, "released unsent: the daemon stopped")), 2u);
  const std::string row_key = key("1", "vp", "before-10");
  ReminderRow released = row(row_key);
  EXPECT_EQ(released.state, OutboxState::pending);
  EXPECT_EQ(released.attempts, 0);
  EXPECT_EQ(released.last_error, "");
  EXPECT_EQ(must(m_outbox->events(row_key)).back().detail, "released unsent: the daemon stopped");
  stop();

  StartReport report = start(config, now + std::chrono::minutes{5});
  EXPECT_EQ(report.requeued, 0u);
  auto deliveries = run(now + std::chrono::minutes{5});
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].idempotency_key, interrupted[0].idempotency_key);
  EXPECT_EQ(row(row_key).state, OutboxState::sent);
  EXPECT_EQ(row(row_key).attempts, 1) << "only the real transfer is counted";
  EXPECT_EQ(m_transport.calls().size(), 1u);
}

TEST_F(DispatcherFlow, ReleasedDeliveryGoesOutOnTheNextTurnWithoutRestart) {
  start(snapshot(k_plan_a), at(3, 1));
  const Instant now = at(3, 17);
  auto interrupted = take(now);
  ASSERT_EQ(interrupted.size(), 1u);
  EXPECT_EQ(must(m_dispatcher->release({&interrupted[0]}, now, "released unsent: reload")), 2u);
  EXPECT_TRUE(m_transport.calls().empty());
  auto deliveries = run(now);
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].keys, interrupted[0].keys);
  EXPECT_EQ(deliveries[0].idempotency_key, interrupted[0].idempotency_key);
  EXPECT_EQ(row(key("2", "vp", "before-10")).state, OutboxState::sent);
  EXPECT_EQ(row(key("2", "vp", "before-10")).attempts, 1);
  EXPECT_EQ(m_transport.calls().size(), 1u);
}

TEST_F(DispatcherFlow, CrashAfterDeliveringBeforeCompleteIsRequeuedAndSentAgain) {
  auto config = snapshot(k_plan_a);
  start(config, at(3, 1));
  const Instant now = at(3, 17);
  auto in_flight = take(now);
  ASSERT_EQ(in_flight.size(), 1u);
  m_transport.deliver(in_flight[0], now);  // delivered, then the process dies
  stop();

  StartReport report = start(config, now + std::chrono::minutes{2});
  EXPECT_EQ(report.requeued, 2u);
  const std::string row_key = key("1", "vp", "before-10");
  EXPECT_EQ(row(row_key).state, OutboxState::pending);
  auto again = run(now + std::chrono::minutes{2});
  ASSERT_EQ(again.size(), 1u);
  // The documented duplicate path: same digest, same idempotency key (and Message-ID).
  EXPECT_EQ(again[0].idempotency_key, in_flight[0].idempotency_key);
  EXPECT_EQ(m_transport.times_delivered(row_key), 2u);
  EXPECT_EQ(row(row_key).state, OutboxState::sent);
  EXPECT_EQ(row(row_key).attempts, 1) << "the transfer cut by the crash is not counted";
  auto events = must(m_outbox->events(row_key));
  bool warned = std::any_of(events.begin(), events.end(), [](const OutboxEvent& event) {
    return event.detail.find("possible duplicate") != std::string::npos;
  });
  EXPECT_TRUE(warned);
}

TEST_F(DispatcherFlow, DigestKeyIsTheSameForTheSameRowsAndDiffersOtherwise) {
  auto config = snapshot(k_plan_a);
  PlanRequest request;
  request.config = &config->config;
  request.calendar = &config->calendar;
  request.zone = &config->zone;
  request.filter.unit = "vp";
  request.filter.from = make_date(2022, 3, 17);
  request.filter.to = make_date(2022, 3, 17);
  auto rows = to_outbox_rows(plan_reminders(request));
  ASSERT_EQ(rows.size(), 2u);
  auto reversed = rows;
  std::reverse(reversed.begin(), reversed.end());
  const Instant now = at(3, 17);

  auto both = build_deliveries(rows, *config, now);
  auto both_again = build_deliveries(reversed, *config, now + std::chrono::hours{3});
  auto first_only = build_deliveries({rows[0]}, *config, now);
  auto second_only = build_deliveries({rows[1]}, *config, now);
  ASSERT_EQ(both.size(), 1u);
  ASSERT_EQ(both_again.size(), 1u);
  ASSERT_EQ(first_only.size(), 1u);
  ASSERT_EQ(second_only.size(), 1u);
  EXPECT_TRUE(both[0].idempotency_key.starts_with("deadlined-"));
  EXPECT_EQ(both[0].idempotency_key.size(), std::string("deadlined-").size() + 32);
  EXPECT_EQ(both[0].idempotency_key, both_again[0].idempotency_key);
  EXPECT_NE(both[0].idempotency_key, first_only[0].idempotency_key);
  EXPECT_NE(first_only[0].idempotency_key, second_only[0].idempotency_key);
}

// A unit address the config accepts (it has an @ and no separator) but a
// message header cannot carry: its digest can never be rendered.
const std::string k_unrenderable_unit =
    "\n[[unit]]\nid = \"bad\"\nname = \"Đơn vị lỗi\"\ntier = \"department\"\nemail = [\"thư@example.vn\"]\n";

TEST_F(DispatcherFlow, BuildDeliveriesReportsARenderErrorAsAFieldNotAsAnEndpoint) {
  auto config = snapshot(k_plan_a + task("3", "2022-03-31", "bad"), k_unrenderable_unit);
  PlanRequest request;
  request.config = &config->config;
  request.calendar = &config->calendar;
  request.zone = &config->zone;
  request.filter.from = make_date(2022, 3, 17);
  request.filter.to = make_date(2022, 3, 17);
  const auto rows = to_outbox_rows(plan_reminders(request));
  const Instant now = at(3, 17);

  const auto rendered = build_deliveries(rows, *config, now);
  ASSERT_EQ(rendered.size(), 2u);
  const Delivery* bad = to(rendered, "thư@example.vn");
  const Delivery* good = to(rendered, "vp@example.vn");
  ASSERT_NE(bad, nullptr);
  ASSERT_NE(good, nullptr);
  ASSERT_TRUE(bad->render_error.has_value());
  EXPECT_NE(bad->render_error->find("invalid email address"), std::string::npos) << *bad->render_error;
  EXPECT_TRUE(bad->payload.empty());
  EXPECT_EQ(bad->endpoint, "maildir");  // the endpoint is only ever an endpoint
  EXPECT_FALSE(good->render_error.has_value());
  EXPECT_FALSE(good->payload.empty());

  // Deferred, the error comes from render_payload on the worker instead.
  auto deferred = build_deliveries(rows, *config, now, Rendering::deferred);
  ASSERT_EQ(deferred.size(), 2u);
  for (const Delivery& delivery : deferred) {
    EXPECT_FALSE(delivery.render_error.has_value()) << delivery.recipient;
    EXPECT_TRUE(delivery.needs_render);
  }
  Delivery later = *to(deferred, "thư@example.vn");
  auto result = render_payload(later, *config, now);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), *bad->render_error);
}

// A message that cannot be rendered never will be: the turn hands out the
// others, and its rows are claimed and recorded dead with the render error,
// counted as one attempt, with no transfer.
TEST_F(DispatcherFlow, UnrenderableDigestIsRecordedDeadWithItsRenderError) {
  start(snapshot(k_plan_a + task("3", "2022-03-31", "bad"), k_unrenderable_unit), at(3, 1));
  auto deliveries = run(at(3, 17));
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].recipient, "vp@example.vn");
  EXPECT_EQ(m_transport.calls().size(), 1u);
  const std::string bad_key = "p/3/2022-03-31/bad/before-10/email/thư@example.vn";
  const ReminderRow bad = row(bad_key);
  EXPECT_EQ(bad.state, OutboxState::dead);
  EXPECT_EQ(bad.attempts, 1);
  EXPECT_NE(bad.last_error.find("invalid email address"), std::string::npos) << bad.last_error;
  EXPECT_EQ(bad.last_error.find("error:"), std::string::npos) << bad.last_error;
  const auto events = must(m_outbox->events(bad_key));
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events.back().from, OutboxState::sending);
  EXPECT_EQ(events.back().to, OutboxState::dead);
  EXPECT_EQ(events.back().detail, bad.last_error);
  // Dead is final: the next stage of the same obligation is a new row, and
  // this one is never handed out again.
  EXPECT_TRUE(take(at(3, 17, 9)).empty());
  EXPECT_EQ(row(bad_key).state, OutboxState::dead);
  EXPECT_EQ(row(key("1", "vp", "before-10")).state, OutboxState::sent);
}

// One definition of "days left": a message says what its stage announced
// when planned, in the policy's unit, exactly as the calendar feed's alarm
// (stage_text of the planned Reminder), even on a day moved by a day off.
TEST_F(DispatcherFlow, MessagesSayTheDaysLeftOfTheirStageInThePolicysUnitAsTheCalendarFeedDoes) {
  const std::string policy =
      "\n[[policy]]\nid = \"calendar-days\"\nunit = \"days\"\n[policy.lead]\nbefore = [3]\ndue_day = true\n"
      "overdue_every = 1\noverdue_max = 1\n[policy.support]\nbefore = []\ndue_day = false\n";
  // Due Mon 07/02/2022, after Tết: "3 days before" goes out earlier.
  auto config = snapshot(task("c", "2022-02-07", "snv") + "policy = \"calendar-days\"\n", policy);
  PlanRequest request;
  request.config = &config->config;
  request.calendar = &config->calendar;
  request.zone = &config->zone;
  request.filter.unit = "snv";
  const auto planned = plan_reminders(request);
  ASSERT_EQ(planned.size(), 3u);
  start(config, at(1, 1));
  for (const Reminder& reminder : planned) {
    SCOPED_TRACE(reminder.stage);
    const Instant when = reminder.send_at;
    EXPECT_EQ(next_due(), when);
    auto deliveries = run(when);
    ASSERT_EQ(deliveries.size(), 1u);
    auto body = nlohmann::json::parse(deliveries[0].payload);
    ASSERT_EQ(body.at("items").size(), 1u);
    const auto& item = body.at("items")[0];
    EXPECT_EQ(item.at("stage"), reminder.stage);
    EXPECT_EQ(item.at("stage_text"), stage_text(reminder));
    EXPECT_EQ(item.at("days_left"), reminder.days_left);
  }
  EXPECT_EQ(stage_text(planned[0]), "còn 3 ngày");  // not "ngày làm việc": the policy counts days
  EXPECT_EQ(stage_text(planned[2]), "quá hạn 1 ngày");
}

TEST_F(DispatcherFlow, EmailDigestHasAnEncodedSubjectAndEveryItem) {
  start(snapshot(k_plan_a), at(3, 1));
  auto deliveries = take(at(3, 17));
  ASSERT_EQ(deliveries.size(), 1u);
  const std::string& payload = deliveries[0].payload;
  EXPECT_NE(payload.find("\r\nSubject: =?UTF-8?B?"), std::string::npos) << payload;
  EXPECT_EQ(decoded_subject(payload), "[Nhắc việc] 1 hạn 31/03/2022 (còn 10 ngày làm việc) và 1 nhiệm vụ khác");
  const auto to_start = payload.find("\r\nTo: ") + 2;
  ASSERT_NE(to_start, std::string::npos + 2);
  const std::string to_line = payload.substr(to_start, payload.find("\r\n", to_start) - to_start);
  EXPECT_TRUE(to_line.ends_with(" <vp@example.vn>")) << to_line;
  EXPECT_NE(payload.find("\r\nMessage-ID: <"), std::string::npos);
  std::string text = decoded_text_part(payload);
  EXPECT_NE(text.find("Nhiệm vụ 1"), std::string::npos) << text;
  EXPECT_NE(text.find("Nhiệm vụ 2"), std::string::npos) << text;
  EXPECT_NE(text.find("còn 10 ngày làm việc"), std::string::npos) << text;
  EXPECT_TRUE(deliveries[0].secret.empty());
}

TEST_F(DispatcherFlow, WebhookDigestIsAJsonBodyWithEveryItem) {
  const std::string plan = task("w1", "2022-03-31", "snv") + task("w2", "2022-03-31", "snv");
  start(snapshot(plan), at(3, 1));
  auto deliveries = take(at(3, 17));
  ASSERT_EQ(deliveries.size(), 1u);
  const Delivery& hook = deliveries[0];
  EXPECT_EQ(hook.channel, Channel::webhook);
  EXPECT_EQ(hook.recipient, "https://hooks.example.vn/snv?x=1");
  EXPECT_EQ(hook.endpoint, "hooks.example.vn");
  EXPECT_EQ(hook.secret, "s3cret");
  auto body = nlohmann::json::parse(hook.payload);
  EXPECT_EQ(body.at("type"), "deadlined.digest");
  EXPECT_EQ(body.at("version"), 1);
  EXPECT_EQ(body.at("idempotency_key"), hook.idempotency_key);
  EXPECT_EQ(body.at("unit").at("id"), "snv");
  EXPECT_EQ(body.at("unit").at("name"), "Sở Nội vụ");
  EXPECT_EQ(body.at("slot"), "2022-03-17T08:00:00+07:00");
  EXPECT_EQ(body.at("count"), 2);
  ASSERT_EQ(body.at("items").size(), 2u);
  EXPECT_EQ(body.at("items")[0].at("task_id"), "w1");
  EXPECT_EQ(body.at("items")[1].at("task_id"), "w2");
  EXPECT_EQ(body.at("items")[0].at("task_title"), "Nhiệm vụ w1");
  EXPECT_EQ(body.at("items")[0].at("product"), "Báo cáo w1");
  EXPECT_EQ(body.at("items")[0].at("stage"), "before-10");
  EXPECT_EQ(body.at("items")[0].at("stage_text"), "còn 10 ngày làm việc");
  EXPECT_EQ(body.at("items")[0].at("days_left"), 10);
  EXPECT_EQ(body.at("items")[0].at("due"), "2022-03-31");
  EXPECT_EQ(body.at("items")[0].at("role"), "lead");
}

TEST_F(DispatcherFlow, MaildirTransportWritesIntoTheStateDirectory) {
  auto config = snapshot(k_plan_a);
  start(config, at(3, 1));
  auto transport = make_transport(config);
  const Instant now = at(3, 17);
  auto deliveries = take(now);
  ASSERT_EQ(deliveries.size(), 1u);
  auto result = transport->deliver(deliveries[0], now);
  EXPECT_EQ(result.kind, Kind::sent) << result.detail;
  record(deliveries[0], result, now);
  const auto new_dir = m_config.state_dir() / "Maildir" / "new";
  ASSERT_TRUE(std::filesystem::is_directory(new_dir));
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(new_dir)) {
    files.push_back(entry.path());
  }
  ASSERT_EQ(files.size(), 1u);
  std::ifstream in(files[0], std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), deliveries[0].payload);
  EXPECT_EQ(row(key("1", "vp", "before-10")).state, OutboxState::sent);
}

TEST_F(DispatcherFlow, TriggerAddsOccurrencesOnReplan) {
  const std::string plan = k_plan_a + k_on_demand_task;
  const Instant now = at(3, 1);
  start(snapshot(plan), now);
  EXPECT_FALSE(must(m_dispatcher->triggers_changed()));
  ASSERT_TRUE(must(m_outbox->add_trigger(TriggerRow{"p", "od", "2022-03-18", "Công văn 1", seconds_of(now)})));
  EXPECT_TRUE(must(m_dispatcher->triggers_changed()));
  ReconcileResult result = must(m_dispatcher->replan(now));
  EXPECT_EQ(result.inserted, 7u);
  EXPECT_FALSE(must(m_dispatcher->triggers_changed()));
  // Fri 18/03: ten working days before is Fri 04/03.
  EXPECT_EQ(next_due(), at(3, 4));
  auto deliveries = run(at(3, 4));
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].keys, std::vector<std::string>{key("od", "vp", "before-10", "2022-03-18")});
}

// An occurrence made while the daemon runs, after its early stages' send
// times: those are superseded by the stage due now, not "missed while down"
// (the daemon never was).
TEST_F(DispatcherFlow, StagesOfALateTriggerAreSupersededNotMissedWhileDown) {
  const std::string plan = k_plan_a + k_on_demand_task;
  const Instant now = at(3, 17);
  start(snapshot(plan), now);
  ASSERT_TRUE(must(m_outbox->add_trigger(TriggerRow{"p", "od", "2022-03-18", "Công văn 1", seconds_of(now)})));
  must(m_dispatcher->replan(now));
  auto deliveries = run(now);
  const Delivery* lead = to(deliveries, "vp@example.vn");
  ASSERT_NE(lead, nullptr);
  EXPECT_NE(std::find(lead->keys.begin(), lead->keys.end(), key("od", "vp", "before-1", "2022-03-18")),
            lead->keys.end());
  for (const auto& stage : {"before-10", "before-5"}) {
    const ReminderRow overtaken = row(key("od", "vp", stage, "2022-03-18"));
    EXPECT_EQ(overtaken.state, OutboxState::skipped) << stage;
    EXPECT_EQ(overtaken.skip_reason, k_skip_superseded) << stage;
  }
}

// The event loop's path: peek without rendering, claim and record in one
// commit_turn per turn, render on the worker, give back what was never sent.
TEST_F(DispatcherFlow, CommitTurnRecordsOutcomesAndClaimsTogether) {
  const std::string plan = k_plan_a + task("w1", "2022-03-31", "snv");
  start(snapshot(plan), at(3, 1));
  auto due = must(m_dispatcher->prepare_due(at(3, 17), 10000, Rendering::deferred));
  ASSERT_EQ(due.size(), 2u);  // vp's email digest of tasks 1 and 2, snv's webhook
  for (auto& delivery : due) {
    EXPECT_TRUE(delivery.payload.empty()) << "rendering is deferred";
    EXPECT_TRUE(delivery.needs_render);
  }
  // Turn 1: nothing finished yet, both claimed.
  std::vector<Delivery*> claims = {&due[0], &due[1]};
  EXPECT_EQ(must(m_dispatcher->commit_turn({}, claims, at(3, 17))), (std::vector<bool>{true, true}));
  for (const auto& delivery : due) {
    for (const auto& row_key : delivery.keys) {
      EXPECT_EQ(row(row_key).state, OutboxState::sending) << row_key;
    }
  }
  // A claimed delivery is not claimed twice.
  auto again = must(m_dispatcher->prepare_due(at(3, 17), 10000, Rendering::deferred));
  EXPECT_TRUE(again.empty());

  // The worker renders: the same bytes as rendering at once.
  const Delivery* hook = to(due, "https://hooks.example.vn/snv?x=1");
  ASSERT_NE(hook, nullptr);
  Delivery rendered = *hook;
  must(render_payload(rendered, *m_dispatcher->snapshot(), at(3, 17)));
  EXPECT_FALSE(rendered.needs_render);
  auto body = nlohmann::json::parse(rendered.payload);
  EXPECT_EQ(body.at("items")[0].at("task_id"), "w1");
  EXPECT_TRUE(hook->idempotency_key.empty()) << "hashed on the worker too";
  EXPECT_EQ(body.at("idempotency_key"), rendered.idempotency_key);
  const auto at_once = build_deliveries(hook->rows, *m_dispatcher->snapshot(), at(3, 17));
  ASSERT_EQ(at_once.size(), 1u);
  EXPECT_EQ(rendered.idempotency_key, at_once[0].idempotency_key) << "the same key either way";
  EXPECT_EQ(rendered.payload, at_once[0].payload) << "the same bytes either way";

  // Turn 2: the webhook's success and the email's transient failure recorded
  // in one transaction.
  const Delivery* mail = to(due, "vp@example.vn");
  ASSERT_NE(mail, nullptr);
  std::vector<std::pair<const Delivery*, delivery::DeliveryResult>> outcomes = {
      {hook, {delivery::DeliveryResult::Kind::sent, "HTTP 204", 204}},
      {mail, {delivery::DeliveryResult::Kind::transient, "SMTP 451", 451}}};
  EXPECT_TRUE(must(m_dispatcher->commit_turn(outcomes, {}, at(3, 17, 8, 1))).empty());
  EXPECT_EQ(row(hook->keys[0]).state, OutboxState::sent);
  for (const auto& row_key : mail->keys) {
    EXPECT_EQ(row(row_key).state, OutboxState::failed) << row_key;
    EXPECT_EQ(row(row_key).attempts, 1);
  }
}

TEST_F(DispatcherFlow, ReleasedDeliveriesAreDueAgainWithTheirAttemptUncounted) {
  start(snapshot(k_plan_a), at(3, 1));
  auto due = must(m_dispatcher->prepare_due(at(3, 17), 10000, Rendering::deferred));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(must(m_dispatcher->commit_turn({}, {&due[0]}, at(3, 17))), (std::vector<bool>{true}));
  EXPECT_EQ(must(m_dispatcher->release({&due[0]}, at(3, 17), "released unsent: the daemon stopped")), 2u);
  for (const auto& row_key : due[0].keys) {
    EXPECT_EQ(row(row_key).state, OutboxState::pending);
    EXPECT_EQ(row(row_key).attempts, 0);
  }
  auto again = must(m_dispatcher->prepare_due(at(3, 17)));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].keys, due[0].keys);
  ASSERT_TRUE(render_payload(due[0], *m_dispatcher->snapshot(), at(3, 17)));
  EXPECT_EQ(again[0].idempotency_key, due[0].idempotency_key) << "the same message when it is sent";
  EXPECT_FALSE(again[0].payload.empty()) << "rendered at once by default";
}

TEST_F(DispatcherFlow, ChangedRowsAreNotClaimedFromAStalePeek) {
  auto config = snapshot(k_plan_a);
  start(config, at(3, 1));
  auto stale = must(m_dispatcher->prepare_due(at(3, 17), 10000, Rendering::deferred));
  ASSERT_EQ(stale.size(), 1u);
  // Another path sends it meanwhile (e.g. a second process).
  ASSERT_EQ(run(at(3, 17)).size(), 1u);
  EXPECT_EQ(must(m_dispatcher->commit_turn({}, {&stale[0]}, at(3, 17))), (std::vector<bool>{false}));
  EXPECT_EQ(m_transport.calls().size(), 1u);
}

// Issue 13: catch-up minutes before a send slot goes out with that slot, one
// message per recipient, not two a few seconds apart.
TEST_F(DispatcherFlow, CatchUpJustBeforeASendSlotMergesWithIt) {
  auto config = snapshot(k_plan_a + task("3", "2022-03-23", "vp"));
  start(config, at(3, 1));
  stop();  // down until Thursday 24/03 07:50: task 3's due-day stage (23/03) was missed
  StartReport report = start(config, at(3, 24, 7, 50));
  EXPECT_GE(report.deferred, 1u);
  EXPECT_TRUE(take(at(3, 24, 7, 50)).empty());
  auto deliveries = run(at(3, 24, 8, 0));
  const Delivery* vp = to(deliveries, "vp@example.vn");
  ASSERT_NE(vp, nullptr);
  EXPECT_EQ(vp->keys,
            sorted({key("1", "vp", "before-5"), key("2", "vp", "before-5"), key("3", "vp", "due", "2022-03-23")}));
  EXPECT_TRUE(take(at(3, 24, 8, 1)).empty());
}

TEST_F(DispatcherFlow, CatchUpLongBeforeTheNextSlotGoesOutAtOnce) {
  auto config = snapshot(k_plan_a + task("3", "2022-03-23", "vp"));
  start(config, at(3, 1));
  stop();
  StartReport report = start(config, at(3, 24, 6, 0));
  EXPECT_EQ(report.deferred, 0u);
  auto deliveries = take(at(3, 24, 6, 0));
  const Delivery* vp = to(deliveries, "vp@example.vn");
  ASSERT_NE(vp, nullptr);
  EXPECT_EQ(vp->keys, std::vector<std::string>{key("3", "vp", "due", "2022-03-23")});
}

}  // namespace
}  // namespace deadlined::dispatcher_test
