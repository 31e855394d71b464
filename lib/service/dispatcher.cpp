#include "service/dispatcher.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "compliance/ack_token.hpp"
#include "compliance/acks.hpp"
#include "compliance/escalation.hpp"
#include "compliance/report_digest.hpp"
#include "delivery/email.hpp"
#include "delivery/encoding.hpp"
#include "delivery/maildir.hpp"
#include "delivery/smtp.hpp"
#include "delivery/webhook.hpp"
#include "util/expected.hpp"

namespace deadlined {

namespace {

using delivery::DeliveryResult;

std::int64_t seconds(Instant instant) { return instant.time_since_epoch().count(); }

std::string host_of(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find_first_of("/?#", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Working days from `today` to `due`: positive before, negative after.
int working_days_left(const WorkingCalendar& calendar, Date today, Date due) {
  int count = 0;
  if (due >= today) {
    for (Date day = today + std::chrono::days{1}; day <= due; day += std::chrono::days{1}) {
      count += calendar.is_working(day) ? 1 : 0;
    }
    return count;
  }
  for (Date day = due + std::chrono::days{1}; day <= today; day += std::chrono::days{1}) {
    count += calendar.is_working(day) ? 1 : 0;
  }
  return -count;
}

std::string days_text(int days_left) {
  if (days_left > 0) {
    return "còn " + std::to_string(days_left) + " ngày làm việc";
  }
  if (days_left == 0) {
    return "đến hạn hôm nay";
  }
  return "quá hạn " + std::to_string(-days_left) + " ngày làm việc";
}

const Task* find_task(const Config& config, const std::string& plan_id, const std::string& task_id,
                      const Plan** plan_out) {
  const Plan* plan = config.find_plan(plan_id);
  *plan_out = plan;
  if (plan == nullptr) {
    return nullptr;
  }
  for (const auto& task : plan->tasks) {
    if (task.id == task_id) {
      return &task;
    }
  }
  return nullptr;
}

class RealTransport final : public Transport {
public:
  explicit RealTransport(std::shared_ptr<const Snapshot> snapshot)
      : m_snapshot(std::move(snapshot)), m_webhook(webhook_settings(*m_snapshot)) {
    const SmtpConfig& smtp = m_snapshot->config.smtp;
    if (!smtp.url.empty()) {
      delivery::SmtpSettings settings;
      settings.url = smtp.url;
      settings.require_tls = smtp.require_tls;
      settings.username = smtp.username;
      settings.password = m_snapshot->smtp_password;
      settings.ca_file = smtp.ca_file;
      settings.connect_timeout = std::chrono::seconds{smtp.connect_timeout_s};
      settings.total_timeout = std::chrono::seconds{smtp.timeout_s};
      m_smtp.emplace(std::move(settings));
    }
  }

  DeliveryResult deliver(const Delivery& delivery, Instant now) override {
    if (delivery.channel == Channel::webhook) {
      return m_webhook.post(delivery.recipient, delivery.payload, delivery.secret, delivery.idempotency_key, now);
    }
    if (!m_smtp) {
      return delivery::deliver_to_maildir(maildir_path(m_snapshot->config), delivery.payload,
                                          delivery::maildir_name_for_key(delivery.idempotency_key));
    }
    if (!m_smtp->settings_error().empty()) {
      return DeliveryResult{DeliveryResult::Kind::permanent, m_smtp->settings_error(), 0};
    }
    return m_smtp->send(m_snapshot->config.email.from, {delivery.recipient}, delivery.payload);
  }

private:
  static delivery::WebhookSettings webhook_settings(const Snapshot& snapshot) {
    delivery::WebhookSettings settings;
    settings.total_timeout = std::chrono::seconds{snapshot.config.webhook.timeout_s};
    settings.connect_timeout = std::min(settings.connect_timeout, settings.total_timeout);
    settings.ca_file = snapshot.config.webhook.ca_file;
    return settings;
  }

  std::shared_ptr<const Snapshot> m_snapshot;
  std::optional<delivery::SmtpClient> m_smtp;
  delivery::WebhookClient m_webhook;
};

}  // namespace

std::unique_ptr<Transport> make_transport(std::shared_ptr<const Snapshot> snapshot) {
  return std::make_unique<RealTransport>(std::move(snapshot));
}

std::vector<ReminderRow> to_outbox_rows(const std::vector<Reminder>& reminders) {
  std::vector<ReminderRow> rows;
  rows.reserve(reminders.size());
  for (const auto& reminder : reminders) {
    for (const auto& recipient : reminder.recipients) {
      ReminderRow row;
      row.key = reminder.key(recipient);
      row.obligation = reminder.obligation_key() + "/" + std::string(to_string(recipient.channel)) + "/" +
                       recipient.address;
      row.plan = reminder.plan;
      row.task = reminder.task;
      row.occurrence = reminder.occurrence;
      row.unit = reminder.unit;
      row.role = std::string(to_string(reminder.role));
      row.stage = reminder.stage;
      row.channel = std::string(to_string(recipient.channel));
      row.recipient = recipient.address;
      row.due = to_iso(reminder.due);
      row.stage_order = reminder.stage_order;
      row.send_at = seconds(reminder.send_at);
      row.fingerprint = "due=" + row.due + ";role=" + row.role;
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

namespace {

// Every row of a grouped delivery as an item of its digest: titles, working
// days left, the late unit of an escalation, the one-click ack link.
delivery::Digest make_digest(const Delivery& out, const Snapshot& snapshot, Instant now) {
  const Config& config = snapshot.config;
  const Date today = snapshot.zone.local_date(now);
  // One-click ack links need a public address and the secret that signs them.
  const bool links = !config.http.base_url.empty() && !snapshot.ack_secret.empty();
  delivery::Digest digest;
  digest.channel = std::string(to_string(out.channel));
  digest.recipient = out.recipient;
  digest.idempotency_key = out.idempotency_key;
  std::vector<std::string> unit_names;
  std::vector<std::string> unit_ids;
  std::int64_t slot = out.rows.empty() ? 0 : out.rows.front().send_at;
  for (const ReminderRow& row : out.rows) {
    slot = std::min(slot, row.send_at);
    const Unit* unit = config.find_unit(row.unit);
    std::string unit_name = unit != nullptr ? unit->name : row.unit;
    // An escalation is about the late unit but addressed to its supervisor.
    const bool escalation = row.stage == k_stage_escalation;
    const Unit* addressee = escalation && unit != nullptr ? config.supervisor_of(*unit) : unit;
    const std::string addressee_id = addressee != nullptr ? addressee->id : row.unit;
    if (std::find(unit_ids.begin(), unit_ids.end(), addressee_id) == unit_ids.end()) {
      unit_ids.push_back(addressee_id);
      unit_names.push_back(addressee != nullptr ? addressee->name : row.unit);
    }
    const Plan* plan = nullptr;
    const Task* task = find_task(config, row.plan, row.task, &plan);
    auto due = parse_iso_date(row.due).value_or(today);
    int days_left = working_days_left(snapshot.calendar, today, due);
    delivery::DigestItem item;
    item.plan_title = plan != nullptr ? plan->title : row.plan;
    item.task_id = row.task;
    item.task_title = task != nullptr ? task->title : row.task;
    item.role = row.role;
    item.stage = row.stage;
    item.stage_text = row.stage == "checkin" ? "kiểm tra định kỳ" : days_text(days_left);
    item.due = row.due;
    item.when = task != nullptr ? task->when : "";
    item.product = task != nullptr ? task->product : "";
    item.days_left = days_left;
    item.plan_id = row.plan;
    item.occurrence = row.occurrence;
    item.occurrence_label = task != nullptr ? occurrence_label(*task, row.occurrence) : "";
    if (escalation) {
      item.late_unit_id = row.unit;
      item.late_unit_name = unit_name;
    } else if (links) {
      ObligationRef ref{row.plan, row.task, row.occurrence, row.unit};
      std::int64_t expires_at = now.time_since_epoch().count() + config.http.ack_link_ttl_s;
      item.ack_url = config.http.base_url + "/ack?t=" + make_ack_token(snapshot.ack_secret, ref, expires_at);
    }
    digest.items.push_back(std::move(item));
  }
  digest.slot = Instant{std::chrono::seconds{slot}};
  digest.unit_id = unit_ids.empty() ? std::string() : unit_ids.front();
  for (std::size_t i = 0; i < unit_names.size(); ++i) {
    digest.unit_name += (i ? ", " : "") + unit_names[i];
  }
  return digest;
}

// Same rows, same key: a re-send after a crash carries the same Message-ID.
std::string idempotency_key_of(const std::vector<std::string>& sorted_keys) {
  std::string joined;
  for (const auto& key : sorted_keys) {
    joined += key;
    joined += '\n';
  }
  return "deadlined-" + delivery::sha256_hex(joined).substr(0, 32);
}

}  // namespace

tl::expected<void, std::string> render_payload(Delivery& delivery, const Snapshot& snapshot, Instant now) {
  if (!delivery.needs_render) {
    return {};
  }
  if (delivery.idempotency_key.empty()) {
    delivery.idempotency_key = idempotency_key_of(delivery.keys);
  }
  const Config& config = snapshot.config;
  const int offset = snapshot.zone.offset_minutes(now);
  const delivery::Digest digest = make_digest(delivery, snapshot, now);
  if (delivery.channel == Channel::email) {
    delivery::EmailSettings settings{config.email.from_name, config.email.from, config.email.message_id_domain};
    DEADLINED_TRY_ASSIGN(auto message, delivery::render_email(digest, settings, snapshot.templates, now, offset));
    delivery.payload = std::move(message);
  } else {
    delivery.payload = delivery::webhook_payload(digest, now, offset);
  }
  delivery.needs_render = false;
  return {};
}

std::vector<Delivery> build_deliveries(const std::vector<ReminderRow>& rows, const Snapshot& snapshot,
                                       Instant now, Rendering rendering) {
  return build_deliveries(std::vector<ReminderRow>(rows), snapshot, now, rendering);
}

std::vector<Delivery> build_deliveries(std::vector<ReminderRow>&& rows, const Snapshot& snapshot, Instant now,
                                       Rendering rendering) {
  const Config& config = snapshot.config;
  std::map<std::pair<std::string_view, std::string_view>, std::vector<ReminderRow*>> groups;
  for (auto& row : rows) {
    groups[{row.channel, row.recipient}].push_back(&row);
  }
  std::vector<Delivery> deliveries;
  for (auto& [target, members] : groups) {
    std::sort(members.begin(), members.end(), [](const ReminderRow* a, const ReminderRow* b) {
      return std::tie(a->due, a->plan, a->task, a->stage_order) < std::tie(b->due, b->plan, b->task, b->stage_order);
    });
    Delivery out;
    out.channel = target.first == "webhook" ? Channel::webhook : Channel::email;
    out.recipient = std::string(target.second);  // before the rows it views into move
    std::vector<std::string> keys;
    for (ReminderRow* row : members) {
      keys.push_back(row->key);
      out.rows.push_back(std::move(*row));
    }
    std::sort(keys.begin(), keys.end());
    out.keys = std::move(keys);
    if (out.channel == Channel::email) {
      out.endpoint = config.smtp.url.empty() ? "maildir" : config.smtp.url;
    } else {
      auto secret = snapshot.webhook_secrets.find(out.recipient);
      out.secret = secret != snapshot.webhook_secrets.end() ? secret->second : "";
      out.endpoint = host_of(out.recipient);
    }
    out.needs_render = true;  // the digest, and the idempotency key (a hash) too
    if (rendering == Rendering::now) {
      if (auto rendered = render_payload(out, snapshot, now); !rendered) {
        out.endpoint = "error:" + rendered.error();
      }
    }
    deliveries.push_back(std::move(out));
  }
  return deliveries;
}

Dispatcher::Dispatcher(Outbox& outbox, std::shared_ptr<const Snapshot> snapshot, spdlog::logger& log)
    : m_outbox(outbox), m_snapshot(std::move(snapshot)), m_log(log) {
  const DeliveryConfig& d = m_snapshot->config.delivery;
  m_retry.base_seconds = d.retry_base_s;
  m_retry.cap_seconds = d.retry_cap_s;
}

// Open-ended phrases are planned this far ahead of the planning day; the
// daemon plans again a month later (horizon_moved), so they never run out.
constexpr std::chrono::days k_open_ended_horizon{400};

tl::expected<void, std::string> Dispatcher::for_each_planned_row(const std::function<void(ReminderRow&&)>& sink,
                                                                 Instant now) {
  DEADLINED_TRY_ASSIGN(auto stored, m_outbox.triggers());
  PlanRequest request;
  request.config = &m_snapshot->config;
  request.calendar = &m_snapshot->calendar;
  request.zone = &m_snapshot->zone;
  m_planned_on = m_snapshot->zone.local_date(now);
  request.filter.horizon = *m_planned_on + k_open_ended_horizon;
  for (const auto& trigger : stored) {
    if (auto due = parse_iso_date(trigger.due)) {
      request.triggers.push_back(Trigger{trigger.plan, trigger.task, *due, trigger.note});
    }
  }
  m_trigger_count = stored.size();
  // Done obligations are never planned, so no reload or restart revives
  // their reminders (mark_done skipped the stored ones).
  DEADLINED_TRY_ASSIGN(auto done_keys, done_obligations(m_outbox));
  std::set<std::string> done(done_keys.begin(), done_keys.end());
  // One reminder at a time: the whole plan is never held in memory.
  std::vector<Reminder> one(1);
  for_each_reminder(request, [&](Reminder&& reminder) {
    if (!done.empty() && done.contains(reminder.obligation_key())) {
      return;
    }
    one[0] = std::move(reminder);
    for (auto& row : to_outbox_rows(one)) {
      sink(std::move(row));
    }
  });
  const Config& config = m_snapshot->config;
  if (escalation_enabled(config)) {
    auto obligations = known_obligations(config, m_snapshot->calendar, stored);
    for (auto& row : plan_escalations(config, m_snapshot->calendar, m_snapshot->zone, obligations, done)) {
      sink(std::move(row));
    }
  }
  for (auto& row : plan_report_rows(config, m_snapshot->calendar, m_snapshot->zone)) {
    sink(std::move(row));
  }
  return {};
}

tl::expected<std::vector<Delivery>, std::string> Dispatcher::render(std::vector<ReminderRow> rows, Instant now,
                                                                    Rendering rendering) {
  std::vector<ReminderRow> ordinary;
  std::vector<ReminderRow> report_rows;
  ordinary.reserve(rows.size());
  for (auto& row : rows) {
    (row.stage == k_stage_report ? report_rows : ordinary).push_back(std::move(row));
  }
  std::vector<const ReminderRow*> reports;
  for (const auto& row : report_rows) {
    reports.push_back(&row);
  }
  std::vector<Delivery> deliveries = build_deliveries(std::move(ordinary), *m_snapshot, now, rendering);
  if (reports.empty()) {
    return deliveries;
  }
  DEADLINED_TRY_ASSIGN(auto triggers, m_outbox.triggers());
  DEADLINED_TRY_ASSIGN(auto acks, m_outbox.acks());
  const Config& config = m_snapshot->config;
  const Date today = m_snapshot->zone.local_date(now);
  const int offset = m_snapshot->zone.offset_minutes(now);
  const std::string plan = config.report.plan;
  ComplianceReport report =
      build_compliance_report(config, m_snapshot->calendar, m_snapshot->zone, triggers, acks, today, plan);
  for (const ReminderRow* row : reports) {
    const Unit* unit = config.find_unit(row->unit);
    const std::string name = unit != nullptr ? unit->name : row->unit;
    Delivery out;
    out.channel = row->channel == "webhook" ? Channel::webhook : Channel::email;
    out.recipient = row->recipient;
    out.keys = {row->key};
    out.rows = {*row};
    out.idempotency_key = "deadlined-" + delivery::sha256_hex(row->key + "\n").substr(0, 32);
    if (out.channel == Channel::email) {
      delivery::RenderedDigest content;
      content.subject = "[Báo cáo] Tình hình thực hiện nhiệm vụ đến ngày " + delivery::vietnamese_date(to_iso(today));
      content.text = compliance_text(report, name);
      content.html = compliance_html(report, config, m_snapshot->zone, m_snapshot->pages.report);
      delivery::EmailSettings settings{config.email.from_name, config.email.from, config.email.message_id_domain};
      auto message = delivery::render_message(content, name, row->recipient, out.idempotency_key, settings, now,
                                              offset);
      out.payload = message ? std::move(*message) : std::string();
      out.endpoint = !message ? "error:" + message.error() : config.smtp.url.empty() ? "maildir" : config.smtp.url;
    } else {
      nlohmann::ordered_json payload = {
          {"type", "deadlined.report"},
          {"version", delivery::k_webhook_payload_version},
          {"idempotency_key", out.idempotency_key},
          {"unit", {{"id", row->unit}, {"name", name}}},
          {"generated_at", delivery::iso8601(now, offset)},
          {"report", nlohmann::ordered_json::parse(compliance_json(report, m_snapshot->zone))},
      };
      out.payload = payload.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      auto secret = m_snapshot->webhook_secrets.find(out.recipient);
      out.secret = secret != m_snapshot->webhook_secrets.end() ? secret->second : "";
      out.endpoint = host_of(out.recipient);
    }
    deliveries.push_back(std::move(out));
  }
  return deliveries;
}

// Rows written per committed step of a start's planning.
constexpr std::size_t k_start_reconcile_step = 20000;

tl::expected<ReconcileResult, std::string> Dispatcher::reconcile(Instant now, bool skip_past, std::size_t step_rows) {
  m_collapsed_at.reset();  // what is superseded may change
  std::optional<std::int64_t> late_cutoff;
  if (skip_past) {
    late_cutoff = seconds(now);
  }
  DEADLINED_TRY_ASSIGN(auto reconciliation, m_outbox.begin_reconcile(seconds(now), late_cutoff, step_rows));
  std::string error;
  DEADLINED_TRY(for_each_planned_row([&](ReminderRow&& row) {
    if (!error.empty()) {
      return;
    }
    if (auto added = reconciliation.add(row); !added) {
      error = added.error();
    }
  }, now));
  if (!error.empty()) {
    return tl::unexpected(error);  // nothing past the last committed step
  }
  return reconciliation.finish();
}

tl::expected<StartReport, std::string> Dispatcher::start(Instant now) {
  StartReport report;
  DEADLINED_TRY_ASSIGN(report.requeued, m_outbox.requeue_in_flight(seconds(now)));
  // In committed steps: a start killed while planning a large config keeps
  // what it planned (nothing is delivered before start() returns).
  DEADLINED_TRY_ASSIGN(report.reconcile, reconcile(now, false, k_start_reconcile_step));
  DEADLINED_TRY_ASSIGN(report.collapsed, m_outbox.collapse_missed(seconds(now), 0));
  DEADLINED_TRY_ASSIGN(report.stale, m_outbox.skip_stale(seconds(now), seconds(now) - m_snapshot->config.delivery.catch_up_s));
  // Catch-up minutes before a send slot waits for it: one message, not two.
  DEADLINED_TRY_ASSIGN(report.deferred, m_outbox.defer_missed(seconds(now), k_catch_up_merge_window_s));
  return report;
}

tl::expected<ReconcileResult, std::string> Dispatcher::reload(std::shared_ptr<const Snapshot> snapshot,
                                                              Instant now) {
  std::shared_ptr<const Snapshot> previous = std::move(m_snapshot);
  m_snapshot = std::move(snapshot);
  auto result = reconcile(now, true);
  if (!result) {
    // The database refused; keep running on the old config.
    m_snapshot = std::move(previous);
    return result;
  }
  DEADLINED_TRY(m_outbox.collapse_missed(seconds(now), 0));
  return result;
}

tl::expected<ReconcileResult, std::string> Dispatcher::replan(Instant now) { return reconcile(now, false); }

bool Dispatcher::horizon_moved(Instant now) const {
  if (!m_planned_on || m_snapshot->zone.local_date(now) < *m_planned_on + std::chrono::days{30}) {
    return false;
  }
  for (const auto& plan : m_snapshot->config.plans) {
    for (const auto& task : plan.tasks) {
      if (task.timeline.is_open_ended()) {
        return true;
      }
    }
  }
  return false;
}

tl::expected<bool, std::string> Dispatcher::triggers_changed() {
  DEADLINED_TRY_ASSIGN(auto stored, m_outbox.triggers());
  return stored.size() != m_trigger_count;
}

tl::expected<std::vector<Delivery>, std::string> Dispatcher::peek_due(Instant now, std::size_t limit,
                                                                      Rendering rendering, bool* cut) {
  // Once a second is enough: within one second only a reconcile (which
  // resets this) can make a stage superseded, and a row failing now is not
  // due again before its retry, at least a second later.
  if (m_collapsed_at != now) {
    DEADLINED_TRY(m_outbox.collapse_missed(seconds(now), 0));
    m_collapsed_at = now;
  }
  DEADLINED_TRY_ASSIGN(auto rows, m_outbox.due(seconds(now), limit));
  if (cut != nullptr) {
    // A cut read returns at least `limit` rows; at exactly `limit` one more
    // read finds out.
    *cut = rows.size() >= limit;
  }
  DEADLINED_TRY_ASSIGN(auto rendered, render(std::move(rows), now, rendering));
  std::vector<Delivery> ready;
  std::vector<Delivery> unrenderable;
  for (auto& delivery : rendered) {
    (delivery.endpoint.starts_with("error:") ? unrenderable : ready).push_back(std::move(delivery));
  }
  if (!unrenderable.empty()) {
    DEADLINED_TRY(record_unrenderable(unrenderable, now));
  }
  return ready;
}

tl::expected<void, std::string> Dispatcher::record_unrenderable(std::vector<Delivery>& deliveries, Instant now) {
  // A message that cannot be rendered (a bad address) never will be: it is
  // claimed like any other (only rows still due) and recorded dead at once,
  // in one transaction.
  std::vector<Delivery*> claims;
  for (Delivery& delivery : deliveries) {
    claims.push_back(&delivery);
  }
  DEADLINED_TRY_ASSIGN(auto batch, m_outbox.begin_batch());
  DEADLINED_TRY_ASSIGN(const std::vector<bool> claimed, claim_batch(claims, now));
  std::vector<std::pair<const Delivery*, DeliveryResult>> outcomes;
  std::vector<const char*> logged;
  for (std::size_t i = 0; i < deliveries.size(); ++i) {
    if (!claimed[i]) {
      continue;  // no longer due (sent or acknowledged meanwhile)
    }
    const Delivery& delivery = deliveries[i];
    outcomes.emplace_back(&delivery, DeliveryResult{DeliveryResult::Kind::permanent, delivery.endpoint.substr(6), 0});
    DEADLINED_TRY_ASSIGN(const char* outcome, record_outcome(delivery, outcomes.back().second, now));
    logged.push_back(outcome);
  }
  DEADLINED_TRY(batch.commit());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    log_outcome(*outcomes[i].first, outcomes[i].second, logged[i]);
  }
  return {};
}

tl::expected<const char*, std::string> Dispatcher::record_outcome(const Delivery& delivery,
                                                                  const DeliveryResult& result, Instant now) {
  const char* outcome = delivery::to_string(result.kind);
  tl::expected<std::size_t, std::string> marked = 0;
  if (result.kind == DeliveryResult::Kind::sent) {
    marked = m_outbox.mark_sent(delivery.keys, seconds(now));
  } else if (result.kind == DeliveryResult::Kind::transient) {
    // A digest can join a retried row with fresh ones: each row keeps its own
    // attempt count, so only rows out of retries die.
    std::vector<std::string> exhausted;
    std::map<int, std::vector<std::string>> retry_by_attempts;
    for (const auto& row : delivery.rows) {
      if (retries_exhausted(row.attempts, m_retry)) {
        exhausted.push_back(row.key);
      } else {
        retry_by_attempts[row.attempts].push_back(row.key);
      }
    }
    outcome = retry_by_attempts.empty() ? "dead" : "failed";
    if (!exhausted.empty()) {
      marked = m_outbox.mark_dead(exhausted, seconds(now), "retries exhausted: " + result.detail);
    }
    for (const auto& [attempts, keys] : retry_by_attempts) {
      if (!marked) {
        break;
      }
      marked = m_outbox.mark_failed(keys, seconds(now), result.detail,
                                    next_attempt_at(attempts, seconds(now), delivery.idempotency_key,
                                                    result.retry_after_seconds, m_retry));
    }
  } else {
    outcome = "dead";
    marked = m_outbox.mark_dead(delivery.keys, seconds(now), result.detail);
  }
  if (!marked) {
    return tl::unexpected(marked.error());
  }
  return outcome;
}

void Dispatcher::log_outcome(const Delivery& delivery, const DeliveryResult& result, const char* outcome) {
  auto level = result.kind == DeliveryResult::Kind::sent ? spdlog::level::info
               : result.kind == DeliveryResult::Kind::transient ? spdlog::level::warn
                                                               : spdlog::level::err;
  for (const auto& row : delivery.rows) {
    m_log.log(level, "delivery task={} unit={} stage={} channel={} recipient={} outcome={}{}{}", row.task, row.unit,
              row.stage, row.channel, row.recipient, outcome, result.detail.empty() ? "" : " detail=",
              result.detail);
  }
}

tl::expected<std::vector<bool>, std::string> Dispatcher::claim_batch(const std::vector<Delivery*>& deliveries,
                                                                     Instant now) {
  std::vector<std::vector<Outbox::SeenRow>> groups;
  groups.reserve(deliveries.size());
  for (const Delivery* delivery : deliveries) {
    auto& group = groups.emplace_back();
    for (const ReminderRow& row : delivery->rows) {
      group.push_back(Outbox::SeenRow{row.key, row.state, row.attempts});
    }
  }
  DEADLINED_TRY_ASSIGN(auto claimed, m_outbox.claim_seen(groups, seconds(now)));
  for (std::size_t i = 0; i < deliveries.size(); ++i) {
    if (claimed[i]) {
      for (auto& row : deliveries[i]->rows) {
        row.state = OutboxState::sending;
        row.attempts += 1;
      }
    }
  }
  return claimed;
}

tl::expected<void, std::string> Dispatcher::complete_batch(
    const std::vector<std::pair<const Delivery*, DeliveryResult>>& outcomes, Instant now) {
  DEADLINED_TRY(commit_turn(outcomes, {}, now));
  return {};
}

tl::expected<std::vector<bool>, std::string> Dispatcher::commit_turn(
    const std::vector<std::pair<const Delivery*, DeliveryResult>>& outcomes, const std::vector<Delivery*>& claims,
    Instant now) {
  DEADLINED_TRY_ASSIGN(auto batch, m_outbox.begin_batch());
  // Successes first, in one statement loop; they are nearly all of a burst.
  std::vector<std::string> sent_keys;
  for (const auto& [delivery, result] : outcomes) {
    if (result.kind == DeliveryResult::Kind::sent) {
      sent_keys.insert(sent_keys.end(), delivery->keys.begin(), delivery->keys.end());
    }
  }
  if (!sent_keys.empty()) {
    DEADLINED_TRY(m_outbox.mark_sent(sent_keys, seconds(now)));
  }
  std::vector<const char*> logged(outcomes.size(), "sent");
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const auto& [delivery, result] = outcomes[i];
    if (result.kind == DeliveryResult::Kind::sent) {
      continue;
    }
    DEADLINED_TRY_ASSIGN(logged[i], record_outcome(*delivery, result, now));
  }
  std::vector<bool> claimed;
  if (!claims.empty()) {
    DEADLINED_TRY_ASSIGN(claimed, claim_batch(claims, now));
  }
  DEADLINED_TRY(batch.commit());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    log_outcome(*outcomes[i].first, outcomes[i].second, logged[i]);
  }
  return claimed;
}

tl::expected<std::size_t, std::string> Dispatcher::release(const std::vector<const Delivery*>& deliveries,
                                                           Instant now, std::string_view why) {
  std::vector<std::string> keys;
  for (const Delivery* delivery : deliveries) {
    keys.insert(keys.end(), delivery->keys.begin(), delivery->keys.end());
  }
  if (keys.empty()) {
    return 0;
  }
  return m_outbox.release(keys, seconds(now), why);
}

tl::expected<std::optional<Instant>, std::string> Dispatcher::next_due() {
  DEADLINED_TRY_ASSIGN(auto next, m_outbox.next_due());
  if (!next) {
    return std::optional<Instant>();
  }
  return std::optional<Instant>(Instant{std::chrono::seconds{*next}});
}

}  // namespace deadlined
