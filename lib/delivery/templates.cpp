#include "delivery/templates.hpp"

#include <system_error>

#include "delivery/mustache.hpp"
#include "util/safe_input.hpp"

namespace deadlined::delivery {

namespace {

// Identical to config/templates/subject.mustache (a test compares them).
constexpr const char* k_default_subject =
    R"tpl([Nhắc việc] {{#has_urgent}}{{urgent_task_id}}{{#has_urgent_occurrence_label}} {{urgent_occurrence_label}}{{/has_urgent_occurrence_label}} hạn {{urgent_due_date}} ({{urgent_stage_text}}){{#has_others}} và {{other_count}} nhiệm vụ khác{{/has_others}}{{/has_urgent}}{{#has_escalations}}{{#has_urgent}}; {{/has_urgent}}{{escalation_count}} nhiệm vụ quá hạn của đơn vị trực thuộc{{/has_escalations}}
)tpl";

// Identical to config/templates/body.txt.mustache (a test compares them).
constexpr const char* k_default_text = R"tpl(Kính gửi {{unit_name}},

{{#has_items}}
Hệ thống nhắc việc xin thông báo {{count}} nhiệm vụ cần lưu ý:
{{/has_items}}
{{#items}}

{{task_id}}. {{task_title}}
{{#has_occurrence_label}}
  Kỳ: {{occurrence_label}}
{{/has_occurrence_label}}
  Hạn hoàn thành: {{due_date}} ({{stage_text}})
  Kế hoạch: {{plan_title}}
  Vai trò: {{role_text}}
{{#has_product}}
  Sản phẩm: {{product}}
{{/has_product}}
{{#has_when}}
  Thời hạn theo kế hoạch: {{when}}
{{/has_when}}
{{#has_ack_url}}
  Xác nhận đã hoàn thành: {{ack_url}}
{{/has_ack_url}}
{{/items}}
{{#has_escalations}}

Các đơn vị sau đã quá hạn, xin báo để {{unit_name}} đôn đốc ({{escalation_count}} nhiệm vụ):
{{#escalation_tasks}}

{{task_id}}. {{task_title}}
{{#has_occurrence_label}}
  Kỳ: {{occurrence_label}}
{{/has_occurrence_label}}
  Kế hoạch: {{plan_title}}
  Đơn vị quá hạn ({{late_unit_count}}):
{{#late_units}}
  - {{late_unit_name}}: hạn {{due_date}}, quá hạn {{days_overdue}} ngày làm việc
{{/late_units}}
{{/escalation_tasks}}
{{/has_escalations}}

Đây là thư tự động của hệ thống nhắc việc deadlined, vui lòng không trả lời thư này.
{{#has_contact}}
Liên hệ: {{contact}}
{{/has_contact}}
)tpl";

// Identical to config/templates/body.html.mustache (a test compares them).
constexpr const char* k_default_html = R"tpl(<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Nhắc việc: {{unit_name}}</title>
</head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 14px; color: #222; overflow-wrap: break-word;">
<div style="max-width: 640px;">
<p>Kính gửi {{unit_name}},</p>
{{#has_items}}
<p>Hệ thống nhắc việc xin thông báo <strong>{{count}}</strong> nhiệm vụ cần lưu ý:</p>
{{#items}}
<div style="border: 1px solid #ccc; border-left: 4px solid {{#overdue}}#b00000{{/overdue}}{{^overdue}}#1a5fb4{{/overdue}}; padding: 8px 12px; margin: 0 0 12px;">
<p style="margin: 0 0 6px;"><strong>{{task_id}}. {{task_title}}</strong>{{#has_occurrence_label}}<br><strong>Kỳ: {{occurrence_label}}</strong>{{/has_occurrence_label}}</p>
<p style="margin: 0 0 6px;">Hạn hoàn thành: <strong>{{due_date}}</strong> &middot; <span style="{{#overdue}}color: #b00000; {{/overdue}}font-weight: bold;">{{stage_text}}</span></p>
{{#has_product}}
<p style="margin: 0 0 6px;">Sản phẩm: {{product}}</p>
{{/has_product}}
<p style="margin: 0; color: #555; font-size: 12px;">{{plan_title}} &middot; {{role_text}}{{#has_when}} &middot; {{when}}{{/has_when}}</p>
{{#has_ack_url}}
<p style="margin: 8px 0 0;"><a href="{{ack_url}}" style="display: inline-block; padding: 6px 12px; background: #1a5fb4; color: #fff; text-decoration: none; border-radius: 4px;">Xác nhận đã hoàn thành</a></p>
{{/has_ack_url}}
</div>
{{/items}}
{{/has_items}}
{{#has_escalations}}
<p>Các đơn vị sau đã quá hạn, xin báo để {{unit_name}} đôn đốc (<strong>{{escalation_count}}</strong> nhiệm vụ):</p>
{{#escalation_tasks}}
<div style="border: 1px solid #ccc; border-left: 4px solid #b00000; padding: 8px 12px; margin: 0 0 12px;">
<p style="margin: 0 0 6px;"><strong>{{task_id}}. {{task_title}}</strong>{{#has_occurrence_label}}<br><strong>Kỳ: {{occurrence_label}}</strong>{{/has_occurrence_label}}<br><small>{{plan_title}} &middot; {{late_unit_count}} đơn vị quá hạn</small></p>
<ul style="margin: 0; padding-left: 20px;">
{{#late_units}}
<li><strong>{{late_unit_name}}</strong>: hạn {{due_date}}, <span style="color: #b00000;">quá hạn {{days_overdue}} ngày làm việc</span></li>
{{/late_units}}
</ul>
</div>
{{/escalation_tasks}}
{{/has_escalations}}
<p style="color: #666; font-size: 12px;">Đây là thư tự động của hệ thống nhắc việc deadlined, vui lòng không trả lời thư này.</p>
{{#has_contact}}
<p class="contact" style="color: #444; font-size: 13px;">Liên hệ: {{contact}}</p>
{{/has_contact}}
</div>
</body>
</html>
)tpl";

// "NAME:LINE:COL: why" when the mustache error gives an offset ("... at 42").
tl::expected<void, std::string> check_syntax(const std::string& name, const std::string& text) {
  kainjow::mustache::mustache compiled{text};
  if (compiled.is_valid()) {
    return {};
  }
  std::string message = compiled.error_message();
  std::size_t at = message.rfind(" at ");
  std::size_t offset = 0;
  bool located = at != std::string::npos && at + 4 < message.size();
  for (std::size_t i = located ? at + 4 : message.size(); i < message.size(); ++i) {
    if (message[i] < '0' || message[i] > '9' || offset > text.size()) {
      located = false;
      break;
    }
    offset = offset * 10 + static_cast<std::size_t>(message[i] - '0');
  }
  if (!located || offset > text.size()) {
    return tl::unexpected(name + ":1:1: " + message);
  }
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return tl::unexpected(name + ":" + std::to_string(line) + ":" + std::to_string(offset - line_start + 1) + ": " +
                        message.substr(0, at));
}

}  // namespace

Templates Templates::defaults() {
  return Templates{k_default_subject, k_default_text, k_default_html};
}

tl::expected<void, std::string> Templates::validate() const {
  if (auto ok = check_syntax(k_subject_template_file, subject); !ok) {
    return ok;
  }
  if (auto ok = check_syntax(k_text_template_file, text); !ok) {
    return ok;
  }
  return check_syntax(k_html_template_file, html);
}

tl::expected<Templates, std::string> Templates::load(const std::filesystem::path& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    return tl::unexpected(dir.string() + ": template directory does not exist");
  }
  Templates templates = defaults();
  const auto read_override = [&](const char* name, std::string& target) -> tl::expected<void, std::string> {
    const std::filesystem::path path = dir / name;
    std::error_code exists_error;
    if (!std::filesystem::exists(path, exists_error)) {
      if (exists_error && exists_error != std::errc::no_such_file_or_directory) {
        return tl::unexpected(path.string() + ": cannot read template: " + exists_error.message());
      }
      return {};  // keep the compiled-in default
    }
    // Only a regular file (a directory or a FIFO is an error, never a hang).
    std::string why;
    if (!read_regular_file(path, target, why, 1024 * 1024)) {
      return tl::unexpected(path.string() + ": cannot read template: " + why);
    }
    if (auto ok = check_syntax(path.string(), target); !ok) {
      return ok;
    }
    return {};
  };
  if (auto ok = read_override(k_subject_template_file, templates.subject); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = read_override(k_text_template_file, templates.text); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = read_override(k_html_template_file, templates.html); !ok) {
    return tl::unexpected(ok.error());
  }
  return templates;
}

}  // namespace deadlined::delivery
