#pragma once
// Message templates (kainjow mustache). Vietnamese defaults are compiled in and
// identical to the shipped config/templates/*.mustache; Templates::load reads
// overrides from a directory.
//
// Variables (all templates): unit_id, unit_name, recipient, count, slot (ISO 8601),
// slot_date (dd/mm/yyyy), overdue_count, due_today_count, upcoming_count, and the list
// `items`, each with plan_title, task_id, task_title, role ("lead"|"support"),
// role_text ("chủ trì"|"phối hợp"), is_lead, stage, stage_text, due (YYYY-MM-DD),
// due_date (dd/mm/yyyy), days_left, overdue (bool), days_overdue, when, has_when,
// product, has_product, occurrence_label (the period of a report series or of a
// task with several occurrences, "Báo cáo Quý I/2022"), has_occurrence_label,
// ack_url, has_ack_url. The most urgent own item (most overdue, else nearest
// due date), for the subject: has_urgent, urgent_task_id, urgent_task_title,
// urgent_occurrence_label, has_urgent_occurrence_label, urgent_due_date
// (dd/mm/yyyy), urgent_stage_text; other_count, has_others (the other items).
// Escalations (reminders about units the recipient supervises) are not in
// `items`: has_items, has_escalations, escalation_count and the list
// `escalations`, each with late_unit_id, late_unit_name, plan_title, task_id,
// task_title, due, due_date, days_overdue, stage_text, occurrence_label; and the
// same grouped by task: `escalation_tasks`, each with plan_title, task_id,
// task_title, occurrence_label, has_occurrence_label, late_unit_count and the
// list `late_units` (late_unit_id, late_unit_name, due, due_date, days_overdue,
// stage_text). `count` counts `items`. The office to contact (email.contact,
// plan.contact; several joined by "; "): contact, has_contact.
// The subject and text part are rendered without HTML escaping; the HTML part
// escapes every {{value}}.
#include <filesystem>
#include <string>

#include <tl/expected.hpp>

namespace deadlined::delivery {

struct Templates {
  std::string subject;  // subject.mustache; rendered, then CR/LF/whitespace runs collapsed
  std::string text;     // body.txt.mustache
  std::string html;     // body.html.mustache

  // The compiled-in Vietnamese defaults.
  static Templates defaults();

  // Reads subject.mustache, body.txt.mustache and body.html.mustache from `dir`.
  // A missing file falls back to its default; a directory that does not exist,
  // an unreadable file or a mustache syntax error is an error naming the file.
  static tl::expected<Templates, std::string> load(const std::filesystem::path& dir);

  // Checks all three for mustache syntax errors ("subject.mustache: <why>").
  tl::expected<void, std::string> validate() const;
};

inline constexpr const char* k_subject_template_file = "subject.mustache";
inline constexpr const char* k_text_template_file = "body.txt.mustache";
inline constexpr const char* k_html_template_file = "body.html.mustache";

}  // namespace deadlined::delivery
