// Composing: outbox rows, the snapshot and `now` to deliveries (one message per
// recipient and send slot) with their payloads. Pure: reads only its
// arguments, so any thread may call it.
#include "service/compose.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "compliance/ack_token.hpp"
#include "compliance/escalation.hpp"
#include "compliance/report_digest.hpp"
#include "delivery/email.hpp"
#include "delivery/encoding.hpp"
#include "delivery/webhook.hpp"
#include "util/expected.hpp"

namespace deadlined {

namespace {

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

// Every row of a grouped delivery as an item of its digest: titles, working
// days left, the late unit of an escalation, the one-click ack link.
delivery::Digest make_digest(const Delivery& out, const Snapshot& snapshot, Instant now) {
  const Config& config = snapshot.config;
  const Date today = snapshot.zone.local_date(now);
  // One-click ack links need a public address and the secret that signs them.
  const bool links = !config.http.base_url.empty() && !snapshot.ack_secret.empty();
  delivery::Digest digest;
  digest.channel = out.channel;
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
    // A policy stage says what it announced when planned (the ICS feed says
    // the same, stage_days_left); anything else (an escalation, a check-in)
    // counts the working days from today.
    int days_left = working_days_left(snapshot.calendar, today, due);
    CountUnit count_unit = CountUnit::working_days;
    if (plan != nullptr && task != nullptr) {
      const Policy& policy = config.policy_for(*plan, *task);
      if (const auto planned = stage_days_left(row.role == Role::support ? policy.support : policy.lead, row.stage)) {
        days_left = *planned;
        count_unit = policy.unit;
      }
    }
    delivery::DigestItem item;
    item.plan_title = plan != nullptr ? plan->title : row.plan;
    item.task_id = row.task;
    item.task_title = task != nullptr ? task->title : row.task;
    item.role = row.role;
    item.stage = row.stage;
    item.stage_text = stage_text(row.stage, days_left, count_unit);
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
    const std::string& contact = config.contact_for(row.plan);
    if (!contact.empty() &&
        std::find(digest.contacts.begin(), digest.contacts.end(), contact) == digest.contacts.end()) {
      digest.contacts.push_back(contact);
    }
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

tl::expected<void, std::string> render_payload(Delivery& delivery, const Snapshot& snapshot, Instant now,
                                               delivery::CompiledTemplates* compiled) {
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
    DEADLINED_TRY_ASSIGN(auto message, compiled != nullptr
                                           ? delivery::render_email(digest, settings, *compiled, now, offset)
                                           : delivery::render_email(digest, settings, snapshot.templates, now, offset));
    delivery.payload = std::move(message);
  } else {
    delivery.payload = delivery::webhook_payload(digest, now, offset);
  }
  delivery.needs_render = false;
  return {};
}

std::vector<Delivery> build_deliveries(const std::vector<ReminderRow>& rows, const Snapshot& snapshot, Instant now,
                                       Rendering rendering) {
  return build_deliveries(std::vector<ReminderRow>(rows), snapshot, now, rendering);
}

std::vector<Delivery> build_deliveries(std::vector<ReminderRow>&& rows, const Snapshot& snapshot, Instant now,
                                       Rendering rendering) {
  const Config& config = snapshot.config;
  std::map<std::pair<Channel, std::string_view>, std::vector<ReminderRow*>> groups;
  for (auto& row : rows) {
    groups[{row.channel, row.recipient}].push_back(&row);
  }
  std::vector<Delivery> deliveries;
  for (auto& [target, members] : groups) {
    std::sort(members.begin(), members.end(), [](const ReminderRow* a, const ReminderRow* b) {
      return std::tie(a->due, a->plan, a->task, a->stage_order) < std::tie(b->due, b->plan, b->task, b->stage_order);
    });
    Delivery out;
    out.channel = target.first;
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
        out.render_error = std::move(rendered.error());
      }
    }
    deliveries.push_back(std::move(out));
  }
  return deliveries;
}

std::vector<Delivery> build_report_deliveries(const std::vector<ReminderRow>& rows, const Snapshot& snapshot,
                                              const std::vector<TriggerRow>& triggers, const std::vector<AckRow>& acks,
                                              Instant now) {
  std::vector<Delivery> deliveries;
  const Config& config = snapshot.config;
  const Date today = snapshot.zone.local_date(now);
  const int offset = snapshot.zone.offset_minutes(now);
  const std::string plan = config.report.plan;
  ComplianceReport report =
      build_compliance_report(config, snapshot.calendar, snapshot.zone, triggers, acks, today, plan);
  // The same page and JSON for every recipient: rendered once, and only for
  // a channel some row needs (at 100x the seed the JSON alone is 23 MB).
  const auto mail_rows = static_cast<std::size_t>(config.report.mail_rows);
  // The email is a summary under a size budget; the whole report is a signed
  // link away when the status server's address and the link secret are set.
  const std::string full_report_url = report_link(config.http.base_url, snapshot.ack_secret, plan, today);
  std::optional<ReportMail> html;
  std::optional<nlohmann::ordered_json> report_json;
  for (const ReminderRow& report_row : rows) {
    const ReminderRow* row = &report_row;
    const Unit* unit = config.find_unit(row->unit);
    const std::string name = unit != nullptr ? unit->name : row->unit;
    Delivery out;
    out.channel = row->channel;
    out.recipient = row->recipient;
    out.keys = {row->key};
    out.rows = {*row};
    out.idempotency_key = "deadlined-" + delivery::sha256_hex(row->key + "\n").substr(0, 32);
    if (out.channel == Channel::email) {
      delivery::RenderedDigest content;
      content.subject = "[Báo cáo] Tình hình thực hiện nhiệm vụ đến ngày " + delivery::vietnamese_date(to_iso(today));
      if (!html) {
        html = compliance_mail_html(report, config, snapshot.zone, snapshot.pages.report, mail_rows, full_report_url);
      }
      content.text = compliance_text(report, name, std::max(html->rows, k_report_mail_min_rows), full_report_url,
                                     config.contact_for(plan));
      content.html = html->html;
      delivery::EmailSettings settings{config.email.from_name, config.email.from, config.email.message_id_domain};
      const Plan* reported = plan.empty() ? nullptr : config.find_plan(plan);
      const delivery::MailingList list{reported != nullptr ? reported->id : "",
                                       reported != nullptr ? reported->title : ""};
      auto message =
          delivery::render_message(content, name, row->recipient, out.idempotency_key, settings, list, now, offset);
      out.endpoint = config.smtp.url.empty() ? "maildir" : config.smtp.url;
      if (message) {
        out.payload = std::move(*message);
      } else {
        out.render_error = std::move(message.error());
      }
    } else {
      if (!report_json) {
        report_json = nlohmann::ordered_json::parse(compliance_json(report, snapshot.zone));
      }
      nlohmann::ordered_json payload = {
          {"type", "deadlined.report"},
          {"version", delivery::k_webhook_payload_version},
          {"idempotency_key", out.idempotency_key},
          {"unit", {{"id", row->unit}, {"name", name}}},
          {"generated_at", delivery::iso8601(now, offset)},
          {"report", *report_json},
      };
      out.payload = payload.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      auto secret = snapshot.webhook_secrets.find(out.recipient);
      out.secret = secret != snapshot.webhook_secrets.end() ? secret->second : "";
      out.endpoint = host_of(out.recipient);
    }
    deliveries.push_back(std::move(out));
  }
  return deliveries;
}

}  // namespace deadlined
