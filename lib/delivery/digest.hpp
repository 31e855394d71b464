#pragma once
// The unit of delivery: all reminders of one recipient in one send slot are one
// Digest, rendered as ONE message listing every item (never one message per
// obligation), so a unit gets one email a morning, not twenty.
#include <chrono>
#include <string>
#include <vector>

#include "util/vocabulary.hpp"

namespace deadlined::delivery {

struct DigestItem {
  std::string plan_title;
  std::string task_id;
  std::string task_title;
  Role role = Role::lead;
  std::string stage;       // machine stage: "before-10", "due", "overdue-2", ...
  std::string stage_text;  // Vietnamese: "còn 10 ngày làm việc", "đến hạn hôm nay", ...
  std::string due;         // YYYY-MM-DD
  std::string when;        // the plan's deadline phrase, e.g. "trước ngày 15/12 hằng năm"
  std::string product;     // expected output, e.g. "Báo cáo tổng kết"; may be empty
  int days_left = 0;       // working days; negative when overdue
  // Escalations (stage "escalation"): the late unit the recipient supervises.
  // Empty for the recipient's own reminders.
  std::string late_unit_id{};  // initialized: brace-initialized items may leave these out
  std::string late_unit_name{};
  // The one-click acknowledgement link of this obligation (ordinary reminders,
  // when http.base_url and the ack secret are set); empty: no link.
  std::string ack_url{};
  std::string plan_id{};
  std::string occurrence{};        // the occurrence key (YYYY-MM-DD), as /api/v1/done takes it
  std::string occurrence_label{};  // the period of a series ("Báo cáo Quý I/2022"); else empty
};

struct Digest {
  Channel channel = Channel::email;
  std::string recipient;  // email address or webhook URL
  std::string unit_id;
  std::string unit_name;
  std::string idempotency_key;  // derived by the caller from the outbox keys
  std::chrono::sys_seconds slot{};
  std::vector<DigestItem> items;
  // The offices to contact about the items' plans (email.contact, plan.contact),
  // each once, in the items' order; empty: no contact line.
  std::vector<std::string> contacts{};
};

}  // namespace deadlined::delivery
