#include "http_views/metrics.hpp"

#include "compliance/report.hpp"

#include <algorithm>

#include "plan/obligations.hpp"

namespace deadlined::http_views {

namespace {

class Writer {
 public:
  void family(std::string_view name, std::string_view type, std::string_view help) {
    m_text += "# HELP ";
    m_text += name;
    m_text += ' ';
    m_text += help;
    m_text += "\n# TYPE ";
    m_text += name;
    m_text += ' ';
    m_text += type;
    m_text += '\n';
  }

  void sample(std::string_view name, const std::vector<std::pair<std::string_view, std::string_view>>& labels,
              std::int64_t value) {
    m_text += name;
    if (!labels.empty()) {
      m_text += '{';
      bool first = true;
      for (const auto& [label, text] : labels) {
        if (!first) {
          m_text += ',';
        }
        first = false;
        m_text += label;
        m_text += "=\"";
        m_text += escape_label_value(text);
        m_text += '"';
      }
      m_text += '}';
    }
    m_text += ' ';
    m_text += std::to_string(value);
    m_text += '\n';
  }

  std::string take() { return std::move(m_text); }

 private:
  std::string m_text;
};

std::int64_t to_signed(std::uint64_t value) {
  return static_cast<std::int64_t>(value);
}

std::uint64_t lookup(const std::map<Channel, std::uint64_t>& values, Channel key) {
  auto found = values.find(key);
  return found == values.end() ? 0 : found->second;
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<ObligationTally> tally_obligations(const Config& config, const WorkingCalendar& calendar, Date today,
                                               const std::set<std::string>& done,
                                               const std::vector<TriggeredOccurrence>& triggered) {
  std::map<std::pair<std::size_t, std::size_t>, ObligationTally> by_index;  // (plan index, unit index)
  auto plan_index = [&](const Plan* plan) { return static_cast<std::size_t>(plan - config.plans.data()); };
  auto unit_index = [&](const Unit* unit) { return static_cast<std::size_t>(unit - config.units.data()); };
  std::vector<Obligation> obligations = expand_obligations(config, calendar);
  for (auto& obligation : expand_triggered(config, calendar, triggered)) {
    obligations.push_back(std::move(obligation));
  }
  for (const auto& obligation : obligations) {
    if (!rated_role(obligation.role)) {
      continue;  // the report's definition: supporting units are not rated
    }
    ObligationTally& tally = by_index[{plan_index(obligation.plan), unit_index(obligation.unit)}];
    tally.plan = obligation.plan->id;
    tally.unit = obligation.unit->id;
    if (!done.empty() && done.contains(obligation.plan->id + "/" + obligation.task->id + "/" +
                                       to_iso(obligation.occurrence_info().nominal_due) + "/" + obligation.unit->id)) {
      ++tally.done;
    } else if (classify_obligation(obligation.due, std::nullopt, today) == ComplianceStatus::overdue) {
      ++tally.overdue;
      if (!tally.oldest_overdue || obligation.due < *tally.oldest_overdue) {
        tally.oldest_overdue = obligation.due;
      }
    } else {
      ++tally.pending;
      if (!tally.next_due || obligation.due < *tally.next_due) {
        tally.next_due = obligation.due;
      }
    }
  }
  std::vector<ObligationTally> result;
  result.reserve(by_index.size());
  for (auto& [index, tally] : by_index) {
    result.push_back(std::move(tally));
  }
  return result;
}

std::string render_metrics(const MetricsInput& input) {
  static const DaemonCounters k_empty;
  const DaemonCounters& counters = input.counters != nullptr ? *input.counters : k_empty;
  Writer out;

  out.family("deadlined_build_info", "gauge", "Version of the running deadlined (always 1).");
  out.sample("deadlined_build_info", {{"version", input.version}}, 1);

  out.family("deadlined_start_time_seconds", "gauge", "When the daemon started, unix seconds.");
  out.sample("deadlined_start_time_seconds", {}, counters.started.time_since_epoch().count());

  out.family("deadlined_reminders_sent_total", "counter",
             "Reminders (outbox rows) delivered since the daemon started, by channel.");
  for (const auto& channel : input.channels) {
    out.sample("deadlined_reminders_sent_total", {{"channel", to_string(channel)}},
               to_signed(lookup(counters.reminders_sent, channel)));
  }
  out.family("deadlined_reminders_failed_total", "counter",
             "Reminder delivery attempts (outbox rows) that failed since the daemon started, by channel.");
  for (const auto& channel : input.channels) {
    out.sample("deadlined_reminders_failed_total", {{"channel", to_string(channel)}},
               to_signed(lookup(counters.reminders_failed, channel)));
  }
  out.family(
      "deadlined_messages_total", "counter",
      "Messages (one digest per recipient and slot) attempted since the daemon started, by channel and outcome.");
  for (const auto& channel : input.channels) {
    for (std::string_view outcome : {"sent", "transient", "permanent"}) {
      auto found = counters.messages.find({channel, std::string(outcome)});
      out.sample("deadlined_messages_total", {{"channel", to_string(channel)}, {"outcome", outcome}},
                 found == counters.messages.end() ? 0 : to_signed(found->second));
    }
  }

  out.family("deadlined_outbox_up", "gauge", "1 when the outbox database could be read, else 0.");
  out.sample("deadlined_outbox_up", {}, input.outbox_counts ? 1 : 0);
  out.family("deadlined_outbox_refusing", "gauge",
             "1 while the outbox refuses to record the daemon's writes (a full disk, an I/O error), else 0.");
  out.sample("deadlined_outbox_refusing", {}, counters.outbox_refusal ? 1 : 0);
  if (input.outbox_counts) {
    out.family("deadlined_outbox_rows", "gauge", "Rows of the outbox by state.");
    for (const auto& [state, count] : *input.outbox_counts) {
      out.sample("deadlined_outbox_rows", {{"state", to_string(state)}}, count);
    }
  }

  out.family("deadlined_obligations", "gauge",
             "Obligations (task, occurrence, unit) by plan and state: done when acknowledged, else pending until "
             "the due date, overdue after it.");
  for (const auto& plan : input.plans) {
    std::int64_t pending = 0;
    std::int64_t overdue = 0;
    std::int64_t done_count = 0;
    for (const auto& tally : input.tallies) {
      if (tally.plan == plan) {
        pending += tally.pending;
        overdue += tally.overdue;
        done_count += tally.done;
      }
    }
    out.sample("deadlined_obligations", {{"plan", plan}, {"state", "pending"}}, pending);
    out.sample("deadlined_obligations", {{"plan", plan}, {"state", "overdue"}}, overdue);
    out.sample("deadlined_obligations", {{"plan", plan}, {"state", "done"}}, done_count);
  }

  out.family("deadlined_next_send_time_seconds", "gauge",
             "When the next reminder is due to be sent, unix seconds; 0 when nothing is scheduled.");
  out.sample("deadlined_next_send_time_seconds", {}, input.next_send ? input.next_send->time_since_epoch().count() : 0);
  out.family("deadlined_last_delivery_success_time_seconds", "gauge",
             "When a message was last delivered successfully, unix seconds; 0 when none since the daemon started.");
  out.sample("deadlined_last_delivery_success_time_seconds", {},
             counters.last_success ? counters.last_success->time_since_epoch().count() : 0);

  out.family("deadlined_config_reloads_total", "counter", "Configuration reloads (SIGHUP) by result.");
  out.sample("deadlined_config_reloads_total", {{"result", "success"}}, to_signed(counters.reloads_succeeded));
  out.sample("deadlined_config_reloads_total", {{"result", "failure"}}, to_signed(counters.reloads_failed));
  // As Prometheus names its own: an alert on "== 0" sees a refused reload,
  // which changes nothing else (the running configuration stays).
  out.family("deadlined_config_last_reload_successful", "gauge",
             "1 when the last configuration reload (SIGHUP) succeeded or none was asked for, 0 when it was "
             "refused and the previous configuration still runs.");
  out.sample("deadlined_config_last_reload_successful", {},
             counters.last_reload && !counters.last_reload->error.empty() ? 0 : 1);
  out.family("deadlined_config_last_reload_success_timestamp_seconds", "gauge",
             "When the running configuration was loaded (the start or the last successful reload), unix seconds.");
  out.sample("deadlined_config_last_reload_success_timestamp_seconds", {},
             counters.config_loaded ? counters.config_loaded->time_since_epoch().count() : 0);
  return out.take();
}

}  // namespace deadlined::http_views
