#include "compliance/escalation.hpp"

#include <algorithm>

namespace deadlined {

bool escalation_enabled(const Config& config) {
  if (default_policy().escalate_after > 0) {
    return true;
  }
  return std::any_of(config.policies.begin(), config.policies.end(),
                     [](const Policy& policy) { return policy.escalate_after > 0; });
}

std::vector<ReminderRow> plan_escalations(const Config& config, const WorkingCalendar& calendar, const TimeZone& zone,
                                          const std::vector<KnownObligation>& obligations,
                                          const std::set<std::string>& done) {
  std::vector<ReminderRow> rows;
  for (const KnownObligation& obligation : obligations) {
    // Only the lead owes the product; supporting units are not escalated.
    if (obligation.role != Role::lead || done.contains(obligation.ref.key())) {
      continue;
    }
    const Policy& policy = config.policy_for(*obligation.plan, *obligation.task);
    if (policy.escalate_after <= 0) {
      continue;
    }
    const Unit* supervisor = config.supervisor_of(*obligation.unit);
    if (supervisor == nullptr) {
      continue;
    }
    Date day = calendar.add_working_days(obligation.due, policy.escalate_after);
    std::int64_t send_at = zone.at(day, config.daemon.send_minute_of_day).time_since_epoch().count();
    const auto add = [&](Channel channel, const std::string& address) {
      ReminderRow row;
      row.obligation = obligation.ref.key() + "/" + std::string(k_stage_escalation) + "/" +
                       std::string(to_string(channel)) + "/" + address;
      row.key = row.obligation;
      row.plan = obligation.ref.plan;
      row.task = obligation.ref.task;
      row.occurrence = obligation.ref.occurrence;
      row.unit = obligation.ref.unit;  // the late unit: "done" skips its escalations too
      row.role = obligation.role;
      row.stage = std::string(k_stage_escalation);
      row.channel = channel;
      row.recipient = address;
      row.due = to_iso(obligation.due);
      row.stage_order = 0;
      row.send_at = send_at;
      row.fingerprint = "due=" + row.due + ";escalation;to=" + supervisor->id;
      rows.push_back(std::move(row));
    };
    for (const auto& address : supervisor->emails) {
      add(Channel::email, address);
    }
    for (const auto& hook : supervisor->webhooks) {
      add(Channel::webhook, hook.url);
    }
  }
  return rows;
}

}  // namespace deadlined
