#include "http_views/ics.hpp"

#include <algorithm>
#include <map>

#include "delivery/encoding.hpp"
#include "plan/obligations.hpp"
#include "util/keys.hpp"

namespace deadlined::http_views {

namespace {

std::string ics_date(Date date) {
  std::string iso = to_iso(date);  // YYYY-MM-DD
  iso.erase(std::remove(iso.begin(), iso.end(), '-'), iso.end());
  return iso;
}

struct Event {
  std::string key;         // plan/task/occurrence/unit
  std::string occurrence;  // the occurrence key, YYYY-MM-DD
  const Plan* plan = nullptr;
  const Task* task = nullptr;
  Role role = Role::lead;
  Date due;
  Date nominal_due;
  std::vector<const Reminder*> alarms;
};

class Lines {
 public:
  void add(std::string_view name, std::string_view value) {
    std::string line(name);
    line += ':';
    line += value;
    m_text += fold_ics_line(line);
  }
  void text(std::string_view name, std::string_view value) { add(name, escape_ics_text(value)); }
  std::string take() { return std::move(m_text); }

 private:
  std::string m_text;
};

}  // namespace

std::string escape_ics_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      out += "\\n";
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      continue;  // other control characters are not allowed in TEXT
    } else {
      out += c;
    }
  }
  return out;
}

std::string fold_ics_line(std::string_view line) {
  constexpr std::size_t k_limit = 75;
  std::string out;
  std::size_t used = 0;  // octets on the current physical line
  std::size_t i = 0;
  while (i < line.size()) {
    auto lead = static_cast<unsigned char>(line[i]);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xE  ? 3
                         : (lead >> 3) == 0x1E ? 4
                                               : 1;
    length = std::min(length, line.size() - i);
    if (used + length > k_limit) {
      out += "\r\n ";
      used = 1;
    }
    out.append(line.substr(i, length));
    used += length;
    i += length;
  }
  out += "\r\n";
  return out;
}

std::string ics_utc(Instant instant) {
  auto day = std::chrono::floor<std::chrono::days>(instant);
  std::chrono::hh_mm_ss time{instant - day};
  char clock[8];
  std::snprintf(clock, sizeof clock, "%02d%02d%02d", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
  return ics_date(Date{day}) + "T" + clock + "Z";
}

std::string render_unit_feed(const FeedRequest& request, Instant now) {
  const Config& config = *request.config;
  const Unit* unit = config.find_unit(request.unit);
  std::map<std::string, Event> events;
  std::vector<std::string> order;
  ObligationFilter filter;
  filter.unit = request.unit;
  for (const auto& obligation : expand_obligations(config, *request.calendar, filter)) {
    Event event;
    event.key = obligation_key_of(obligation.plan->id, obligation.task->id,
                                  to_iso(obligation.occurrence_info().nominal_due), obligation.unit->id);
    event.occurrence = to_iso(obligation.occurrence_info().nominal_due);
    event.plan = obligation.plan;
    event.task = obligation.task;
    event.role = obligation.role;
    event.due = obligation.due;
    event.nominal_due = obligation.nominal_due;
    if (events.emplace(event.key, event).second) {
      order.push_back(event.key);
    }
  }
  PlanRequest plan_request;
  plan_request.config = request.config;
  plan_request.calendar = request.calendar;
  plan_request.zone = request.zone;
  plan_request.triggers = request.triggers;
  plan_request.filter.unit = request.unit;
  std::vector<Reminder> reminders = plan_reminders(plan_request);
  for (const auto& reminder : reminders) {
    if (reminder.stage == "checkin" || reminder.send_day > reminder.due) {
      continue;  // check-ins have no due day; overdue stages come after the event
    }
    std::string key = reminder.obligation_key();
    auto found = events.find(key);
    if (found == events.end()) {
      // An on-demand occurrence: not among the dated obligations.
      const Plan* plan = config.find_plan(reminder.plan);
      if (plan == nullptr) {
        continue;
      }
      auto task =
          std::find_if(plan->tasks.begin(), plan->tasks.end(), [&](const Task& t) { return t.id == reminder.task; });
      if (task == plan->tasks.end()) {
        continue;
      }
      Event event;
      event.key = key;
      event.occurrence = reminder.occurrence;
      event.plan = plan;
      event.task = &*task;
      event.role = reminder.role;
      event.due = reminder.due;
      event.nominal_due = parse_iso_date(reminder.occurrence).value_or(reminder.due);
      found = events.emplace(key, event).first;
      order.push_back(key);
    }
    found->second.alarms.push_back(&reminder);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](const std::string& a, const std::string& b) { return events[a].due < events[b].due; });

  Lines out;
  out.add("BEGIN", "VCALENDAR");
  out.add("VERSION", "2.0");
  out.add("PRODID", "-//deadlined//deadlined " + escape_ics_text(request.version) + "//VI");
  out.add("CALSCALE", "GREGORIAN");
  out.add("METHOD", "PUBLISH");
  out.text("X-WR-CALNAME", "Nhắc việc: " + (unit != nullptr ? unit->name : request.unit));
  out.text("X-WR-TIMEZONE", request.zone->name());
  const std::string stamp = ics_utc(now);
  const std::string& domain = config.email.message_id_domain;
  for (const auto& key : order) {
    const Event& event = events[key];
    out.add("BEGIN", "VEVENT");
    out.text("UID", key + "@" + domain);
    out.add("DTSTAMP", stamp);
    out.add("DTSTART;VALUE=DATE", ics_date(event.due));
    out.add("DTEND;VALUE=DATE", ics_date(event.due + std::chrono::days{1}));
    const bool done = request.done.contains(key);
    const std::string period = occurrence_label(*event.task, event.occurrence);
    // The period names which report of a series this is ("Báo cáo Quý I/2022").
    const std::string title = event.task->id + " " + (period.empty() ? "" : period + ": ") + event.task->title;
    out.text("SUMMARY", (done ? "[Đã hoàn thành] " : "") + title);
    std::string description = "Kế hoạch: " + event.plan->title;
    if (!event.plan->decision.empty()) {
      description += " (" + event.plan->decision + ")";
    }
    description += "\nNhiệm vụ: " + event.task->id + " " + event.task->title;
    description += "\nVai trò: " + std::string(role_words(event.role));
    if (!event.task->when.empty()) {
      description += "\nThời gian thực hiện: " + event.task->when;
    }
    if (!period.empty()) {
      description += "\nKỳ: " + period;
    }
    description += "\nHạn: " + delivery::vietnamese_date(to_iso(event.due));
    if (event.due != event.nominal_due) {
      description += " (hạn gốc " + delivery::vietnamese_date(to_iso(event.nominal_due)) + " rơi vào ngày nghỉ)";
    }
    if (done) {
      description += "\nTrạng thái: đã hoàn thành";
    }
    if (!event.task->product.empty()) {
      description += "\nSản phẩm: " + event.task->product;
    }
    out.text("DESCRIPTION", description);
    out.add("TRANSP", "TRANSPARENT");
    // A done obligation keeps its event (the record) but never rings again.
    for (const Reminder* alarm : done ? std::vector<const Reminder*>{} : event.alarms) {
      out.add("BEGIN", "VALARM");
      out.add("ACTION", "DISPLAY");
      out.text("DESCRIPTION", title + ": " + stage_text(*alarm));
      out.add("TRIGGER;VALUE=DATE-TIME", ics_utc(alarm->send_at));
      out.add("END", "VALARM");
    }
    out.add("END", "VEVENT");
  }
  out.add("END", "VCALENDAR");
  return out.take();
}

}  // namespace deadlined::http_views
