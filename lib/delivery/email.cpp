#include "delivery/email.hpp"

#include <algorithm>
#include <optional>

#include "delivery/encoding.hpp"
#include "delivery/mustache.hpp"
#include "util/expected.hpp"

namespace deadlined::delivery {

namespace {

constexpr std::string_view k_word_prefix = "=?UTF-8?B?";
constexpr std::string_view k_word_suffix = "?=";
constexpr std::size_t k_max_word_length = 75;  // RFC 2047 section 2
constexpr std::size_t k_max_line_length = 76;  // RFC 2047 section 2, lines with encoded-words
constexpr std::string_view k_boundary_prefix = "=_deadlined_";

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

bool is_plain_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0x20 && b < 0x7f;
  });
}

// Most input bytes that fit in an encoded word of at most `word_limit` chars.
std::size_t byte_budget(std::size_t word_limit) {
  const std::size_t overhead = k_word_prefix.size() + k_word_suffix.size();
  if (word_limit <= overhead + 4) {
    return 3;  // at least one base64 quantum, so we always make progress
  }
  return (word_limit - overhead) / 4 * 3;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    out += c;
  }
  return out;
}

// MIME text must be in canonical form (CRLF line breaks) before base64.
std::string to_crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

bool is_domain(std::string_view domain) {
  if (domain.empty() || domain.front() == '.' || domain.back() == '.') {
    return false;
  }
  return std::all_of(domain.begin(), domain.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  });
}

kainjow::mustache::data template_data(const Digest& digest, int utc_offset_minutes) {
  using kainjow::mustache::data;
  kainjow::mustache::list items;
  kainjow::mustache::list escalations;
  int overdue = 0;
  int due_today = 0;
  int upcoming = 0;
  // Escalations grouped by task and occurrence: the title once, then the late units.
  std::vector<std::pair<const DigestItem*, kainjow::mustache::list>> escalation_tasks;
  // The most urgent own item (most overdue, else nearest), for the subject.
  const DigestItem* urgent = nullptr;
  for (const DigestItem& item : digest.items) {
    data entry;
    if (!item.late_unit_id.empty()) {
      data late;
      late.set("late_unit_id", item.late_unit_id);
      late.set("late_unit_name", item.late_unit_name);
      late.set("due", item.due);
      late.set("due_date", vietnamese_date(item.due));
      late.set("days_overdue", std::to_string(item.days_left < 0 ? -item.days_left : 0));
      late.set("stage_text", item.stage_text);
      auto group = std::find_if(escalation_tasks.begin(), escalation_tasks.end(), [&](const auto& g) {
        return g.first->plan_id == item.plan_id && g.first->plan_title == item.plan_title &&
               g.first->task_id == item.task_id && g.first->occurrence == item.occurrence;
      });
      if (group == escalation_tasks.end()) {
        escalation_tasks.emplace_back(&item, kainjow::mustache::list{});
        group = std::prev(escalation_tasks.end());
      }
      group->second.push_back(late);
      // Escalations get their own list: the recipient's own items (and so the
      // output for ordinary digests) stay as they were.
      entry.set("late_unit_id", item.late_unit_id);
      entry.set("late_unit_name", item.late_unit_name);
      entry.set("plan_title", item.plan_title);
      entry.set("task_id", item.task_id);
      entry.set("task_title", item.task_title);
      entry.set("due", item.due);
      entry.set("due_date", vietnamese_date(item.due));
      entry.set("days_overdue", std::to_string(item.days_left < 0 ? -item.days_left : 0));
      entry.set("stage_text", item.stage_text);
      entry.set("occurrence_label", item.occurrence_label);
      entry.set("has_occurrence_label", !item.occurrence_label.empty());
      escalations.push_back(entry);
      continue;
    }
    if (urgent == nullptr || item.days_left < urgent->days_left ||
        (item.days_left == urgent->days_left && item.due < urgent->due)) {
      urgent = &item;
    }
    entry.set("plan_title", item.plan_title);
    entry.set("task_id", item.task_id);
    entry.set("task_title", item.task_title);
    entry.set("role", std::string(to_string(item.role)));
    entry.set("role_text", std::string(role_words(item.role)));
    entry.set("is_lead", item.role == Role::lead);
    entry.set("stage", item.stage);
    entry.set("stage_text", item.stage_text);
    entry.set("due", item.due);
    entry.set("due_date", vietnamese_date(item.due));
    entry.set("days_left", std::to_string(item.days_left));
    entry.set("overdue", item.days_left < 0);
    entry.set("days_overdue", std::to_string(item.days_left < 0 ? -item.days_left : 0));
    entry.set("when", item.when);
    entry.set("has_when", !item.when.empty());
    entry.set("product", item.product);
    entry.set("has_product", !item.product.empty());
    entry.set("ack_url", item.ack_url);
    entry.set("has_ack_url", !item.ack_url.empty());
    entry.set("occurrence_label", item.occurrence_label);
    entry.set("has_occurrence_label", !item.occurrence_label.empty());
    items.push_back(entry);
    if (item.days_left < 0) {
      ++overdue;
    } else if (item.days_left == 0) {
      ++due_today;
    } else {
      ++upcoming;
    }
  }
  data root;
  root.set("unit_id", digest.unit_id);
  root.set("unit_name", digest.unit_name);
  root.set("recipient", digest.recipient);
  root.set("count", std::to_string(items.size()));
  root.set("has_items", !items.empty());
  root.set("escalation_count", std::to_string(escalations.size()));
  root.set("has_escalations", !escalations.empty());
  root.set("overdue_count", std::to_string(overdue));
  root.set("due_today_count", std::to_string(due_today));
  root.set("upcoming_count", std::to_string(upcoming));
  const std::string slot = iso8601(digest.slot, utc_offset_minutes);
  root.set("slot", slot);
  root.set("slot_date", vietnamese_date(slot.substr(0, 10)));
  root.set("items", items);
  root.set("escalations", escalations);
  kainjow::mustache::list tasks;
  for (auto& [first, late_units] : escalation_tasks) {
    data task;
    task.set("plan_title", first->plan_title);
    task.set("task_id", first->task_id);
    task.set("task_title", first->task_title);
    task.set("occurrence_label", first->occurrence_label);
    task.set("has_occurrence_label", !first->occurrence_label.empty());
    task.set("late_unit_count", std::to_string(late_units.size()));
    task.set("late_units", late_units);
    tasks.push_back(task);
  }
  root.set("escalation_tasks", tasks);
  root.set("has_urgent", urgent != nullptr);
  if (urgent != nullptr) {
    root.set("urgent_task_id", urgent->task_id);
    root.set("urgent_task_title", urgent->task_title);
    root.set("urgent_occurrence_label", urgent->occurrence_label);
    root.set("has_urgent_occurrence_label", !urgent->occurrence_label.empty());
    root.set("urgent_due_date", vietnamese_date(urgent->due));
    root.set("urgent_stage_text", urgent->stage_text);
  }
  const std::size_t others = items.empty() ? 0 : items.size() - 1;
  root.set("other_count", std::to_string(others));
  root.set("has_others", others > 0);
  std::string contact;
  for (const std::string& line : digest.contacts) {
    contact += (contact.empty() ? "" : "; ") + line;
  }
  root.set("contact", contact);
  root.set("has_contact", !contact.empty());
  return root;
}

// Marks where a standalone tag line was removed; erased from the output.
constexpr char k_standalone_mark = '\x01';

// Mustache "standalone" rule, which kainjow gets wrong for false sections (they
// leave empty lines): a line holding only a section, inverted-section, closing or
// comment tag (and white space) disappears entirely. The tag moves to the start
// of the next line, followed by a mark so that kainjow's own line skipping never
// eats an intended blank line; render_one erases the marks.
// Assumes the default {{ }} delimiters.
std::string strip_standalone_tags(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    const bool has_newline = eol != std::string_view::npos;
    if (!has_newline) {
      eol = text.size();
    }
    std::string_view line = text.substr(pos, eol - pos);
    std::string_view trimmed = line;
    if (!trimmed.empty() && trimmed.back() == '\r') {
      trimmed.remove_suffix(1);
    }
    const std::size_t first = trimmed.find_first_not_of(" \t");
    const std::size_t last = trimmed.find_last_not_of(" \t");
    bool standalone = false;
    if (first != std::string_view::npos) {
      trimmed = trimmed.substr(first, last - first + 1);
      standalone = trimmed.size() > 5 && trimmed.substr(0, 2) == "{{" && trimmed.substr(trimmed.size() - 2) == "}}" &&
                   std::string_view{"#^/!"}.find(trimmed[2]) != std::string_view::npos &&
                   trimmed.find("}}") == trimmed.size() - 2;
    }
    if (standalone) {
      out.append(trimmed);
      out += k_standalone_mark;
    } else {
      out.append(line);
      if (has_newline) {
        out += '\n';
      }
    }
    pos = eol + 1;
  }
  return out;
}

// One template, parsed when first needed. A render that fails leaves kainjow's
// object in error: it is parsed again for the next digest.
struct CompiledTemplate {
  const char* name;
  std::string source;  // with standalone tags stripped
  bool html;
  std::optional<kainjow::mustache::mustache> compiled;

  tl::expected<std::string, std::string> render(const kainjow::mustache::data& values) {
    if (!compiled) {
      compiled.emplace(source);
      if (compiled->is_valid() && !html) {
        // Subject and text/plain must show "&" and "<" literally, even for {{x}}.
        compiled->set_custom_escape([](const std::string& s) { return s; });
      }
    }
    if (!compiled->is_valid()) {
      std::string error = std::string{name} + ": " + compiled->error_message();
      compiled.reset();
      return tl::unexpected(std::move(error));
    }
    std::string out = compiled->render(values);
    if (!compiled->is_valid()) {
      std::string error = std::string{name} + ": " + compiled->error_message();
      compiled.reset();
      return tl::unexpected(std::move(error));
    }
    out.erase(std::remove(out.begin(), out.end(), k_standalone_mark), out.end());
    return out;
  }
};

// "phrase <addr>", folded before the angle-addr when the line would pass 78 chars.
std::string join_folded(const std::string& phrase, const std::string& angle, std::size_t first_line_used) {
  const std::size_t last_break = phrase.rfind("\r\n");
  const std::size_t last_line =
      last_break == std::string::npos ? first_line_used + phrase.size() : phrase.size() - last_break - 2;
  return phrase + (last_line + 1 + angle.size() > 78 ? "\r\n " : " ") + angle;
}

// An RFC 5322 quoted-string: `"` and `\` escaped.
std::string quoted_string(std::string_view text) {
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
    }
    quoted += c;
  }
  return quoted + '"';
}

// A list label (RFC 2919 dot-atom-text) from a plan id: letters, digits, "-"
// and "_" kept, single dots inside kept, anything else "-".
std::string list_label(std::string_view plan_id) {
  std::string label;
  for (const char c : plan_id) {
    const bool word =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    const bool dot = c == '.' && !label.empty() && label.back() != '.';
    label += word || dot ? c : '-';
  }
  while (!label.empty() && label.back() == '.') {
    label.back() = '-';
  }
  return label;
}

// The list of a digest: its items' plan when they share one, else every plan.
MailingList list_of(const Digest& digest) {
  MailingList list{digest.items.front().plan_id, digest.items.front().plan_title};
  for (const DigestItem& item : digest.items) {
    if (item.plan_id.empty() || item.plan_id != list.plan_id) {
      return MailingList{};
    }
  }
  return list;
}

std::string domain_of(std::string_view address) {
  const std::size_t at = address.rfind('@');
  return std::string(at == std::string_view::npos ? std::string_view{} : address.substr(at + 1));
}

}  // namespace

std::string list_id(const MailingList& list, std::string_view domain, std::size_t first_line_used) {
  const std::string label = list.plan_id.empty() ? "" : list_label(list.plan_id) + ".";
  const std::string angle = "<" + label + "deadlined." + std::string(domain) + ">";
  std::string description = collapse_whitespace(sanitize_header_value(list.plan_title));
  if (description.empty()) {
    description = list.plan_id.empty() ? "Nhắc việc deadlined" : list.plan_id;
  }
  // A quoted string is not folded here: one too long for its line is encoded
  // (counting its two quotes keeps encode_header_word from leaving it bare,
  // where a comma or a dot would end the phrase).
  if (!is_plain_ascii(description) || first_line_used + description.size() + 2 > 78) {
    return join_folded(encode_header_word(description, first_line_used + 2), angle, first_line_used);
  }
  return join_folded(quoted_string(description), angle, first_line_used);
}

std::size_t encoded_part_size(std::string_view text) {
  // to_crlf: every line break becomes two bytes; base64_lines: 4 characters
  // per 3 bytes, CRLF after every 76 and after the last line.
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;  // counted with its '\n'
    }
    bytes += text[i] == '\n' || text[i] == '\r' ? 2 : 1;
  }
  const std::size_t characters = (bytes + 2) / 3 * 4;
  const std::size_t lines = (characters + 75) / 76;
  return characters + 2 * lines;
}

std::string encode_header_word(std::string_view utf8, std::size_t first_line_used) {
  const std::string value = sanitize_header_value(utf8);
  if (is_plain_ascii(value) && value.find("=?") == std::string::npos && first_line_used + value.size() <= 78) {
    return value;
  }
  std::string out;
  std::size_t pos = 0;
  std::size_t word_limit = std::min(
      k_max_word_length, first_line_used < k_max_line_length ? k_max_line_length - first_line_used : std::size_t{0});
  while (pos < value.size()) {
    std::size_t end = std::min(value.size(), pos + byte_budget(word_limit));
    // Back up to a character boundary; a lone overlong run of continuation bytes
    // (invalid UTF-8) is cut anyway so that we always make progress.
    std::size_t boundary = end;
    while (boundary > pos && boundary < value.size() && is_continuation(value[boundary])) {
      --boundary;
    }
    if (boundary > pos) {
      end = boundary;
    }
    if (!out.empty()) {
      out += "\r\n ";
    }
    out += k_word_prefix;
    out += base64_encode(std::string_view{value}.substr(pos, end - pos));
    out += k_word_suffix;
    pos = end;
    word_limit = k_max_word_length;  // continuation lines: " " + word <= 76
  }
  return out;
}

tl::expected<void, std::string> check_address(std::string_view address) {
  const std::size_t at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string_view::npos) {
    return tl::unexpected("invalid email address \"" + sanitize_header_value(address) + "\": need local@domain");
  }
  for (const char c : address) {
    const auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b >= 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '(' || c == ')' ||
        c == '\\') {
      return tl::unexpected("invalid email address \"" + sanitize_header_value(address) + "\": forbidden character");
    }
  }
  return {};
}

tl::expected<std::string, std::string> format_address(std::string_view display_name, std::string_view address,
                                                      std::size_t first_line_used) {
  if (auto ok = check_address(address); !ok) {
    return tl::unexpected(ok.error());
  }
  const std::string name = collapse_whitespace(sanitize_header_value(display_name));
  const std::string angle = "<" + std::string{address} + ">";
  if (name.empty()) {
    return angle;
  }
  if (!is_plain_ascii(name)) {
    return join_folded(encode_header_word(name, first_line_used), angle, first_line_used);
  }
  // "=?" is quoted too: a quoted string is never decoded as an encoded word.
  constexpr std::string_view k_specials = "()<>[]:;@\\,.\"=?";
  if (name.find_first_of(k_specials) == std::string::npos) {
    return join_folded(name, angle, first_line_used);
  }
  return join_folded(quoted_string(name), angle, first_line_used);
}

std::string message_id(std::string_view idempotency_key, std::string_view domain) {
  return "<" + sha256_hex(idempotency_key).substr(0, 32) + "@" + std::string{domain} + ">";
}

struct CompiledTemplates::Parts {
  CompiledTemplate subject;
  CompiledTemplate text;
  CompiledTemplate html;
};

CompiledTemplates::CompiledTemplates(const Templates& templates)
    : m_parts(std::make_unique<Parts>(
          Parts{CompiledTemplate{k_subject_template_file, strip_standalone_tags(templates.subject), false, {}},
                CompiledTemplate{k_text_template_file, strip_standalone_tags(templates.text), false, {}},
                CompiledTemplate{k_html_template_file, strip_standalone_tags(templates.html), true, {}}})) {}
CompiledTemplates::CompiledTemplates(CompiledTemplates&&) noexcept = default;
CompiledTemplates& CompiledTemplates::operator=(CompiledTemplates&&) noexcept = default;
CompiledTemplates::~CompiledTemplates() = default;

tl::expected<RenderedDigest, std::string> CompiledTemplates::render(const Digest& digest, int utc_offset_minutes) {
  const kainjow::mustache::data values = template_data(digest, utc_offset_minutes);
  DEADLINED_TRY_ASSIGN(auto subject, m_parts->subject.render(values));
  DEADLINED_TRY_ASSIGN(auto text, m_parts->text.render(values));
  DEADLINED_TRY_ASSIGN(auto html, m_parts->html.render(values));
  return RenderedDigest{collapse_whitespace(sanitize_header_value(subject)), std::move(text), std::move(html)};
}

tl::expected<RenderedDigest, std::string> render_digest(const Digest& digest, const Templates& templates,
                                                        int utc_offset_minutes) {
  CompiledTemplates compiled{templates};
  return compiled.render(digest, utc_offset_minutes);
}

tl::expected<std::string, std::string> render_email(const Digest& digest, const EmailSettings& settings,
                                                    const Templates& templates, std::chrono::sys_seconds now,
                                                    int utc_offset_minutes) {
  if (digest.items.empty()) {
    return tl::unexpected(std::string{"digest for "} + digest.unit_id + " has no items");
  }
  auto rendered = render_digest(digest, templates, utc_offset_minutes);
  if (!rendered) {
    return tl::unexpected(rendered.error());
  }
  return render_message(*rendered, digest.unit_name, digest.recipient, digest.idempotency_key, settings,
                        list_of(digest), now, utc_offset_minutes);
}

tl::expected<std::string, std::string> render_email(const Digest& digest, const EmailSettings& settings,
                                                    CompiledTemplates& templates, std::chrono::sys_seconds now,
                                                    int utc_offset_minutes) {
  if (digest.items.empty()) {
    return tl::unexpected(std::string{"digest for "} + digest.unit_id + " has no items");
  }
  DEADLINED_TRY_ASSIGN(auto rendered, templates.render(digest, utc_offset_minutes));
  return render_message(rendered, digest.unit_name, digest.recipient, digest.idempotency_key, settings, list_of(digest),
                        now, utc_offset_minutes);
}

tl::expected<std::string, std::string> render_message(const RenderedDigest& content, std::string_view to_name,
                                                      std::string_view recipient, std::string_view idempotency_key,
                                                      const EmailSettings& settings, const MailingList& list,
                                                      std::chrono::sys_seconds now, int utc_offset_minutes) {
  const RenderedDigest* rendered = &content;
  auto from = format_address(settings.from_name, settings.from_address, 6);
  if (!from) {
    return tl::unexpected("From: " + from.error());
  }
  auto to = format_address(to_name, recipient, 4);
  if (!to) {
    return tl::unexpected("To: " + to.error());
  }
  std::string domain = settings.message_id_domain;
  if (domain.empty()) {
    domain = settings.from_address.substr(settings.from_address.find('@') + 1);
  }
  if (!is_domain(domain)) {
    return tl::unexpected("invalid Message-ID domain \"" + sanitize_header_value(domain) + "\"");
  }

  // base64 never produces "=_", so this boundary cannot occur inside a part.
  const std::string boundary = std::string{k_boundary_prefix} + sha256_hex(idempotency_key).substr(32, 24);

  std::string message;
  message.reserve(4096 + rendered->text.size() * 2 + rendered->html.size() * 2);
  message += "Date: " + rfc5322_date(now, utc_offset_minutes) + "\r\n";
  message += "From: " + *from + "\r\n";
  message += "To: " + *to + "\r\n";
  message += "Subject: " + encode_header_word(rendered->subject, 9) + "\r\n";
  message += "Message-ID: " + message_id(idempotency_key, domain) + "\r\n";
  // The list's domain is the sender's, where it is a plain domain name.
  const std::string from_domain = domain_of(settings.from_address);
  message += "List-Id: " + list_id(list, is_domain(from_domain) ? from_domain : domain, 9) + "\r\n";
  message += "MIME-Version: 1.0\r\n";
  message += "Auto-Submitted: auto-generated\r\n";  // RFC 3834: no vacation replies
  // Exchange and Outlook ignore Auto-Submitted: without this, every unit's
  // out-of-office reply to every reminder lands in the sender's mailbox.
  message += "X-Auto-Response-Suppress: OOF, AutoReply\r\n";
  message += "X-Deadlined-Key: " + encode_header_word(idempotency_key, 17) + "\r\n";
  message += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n";
  message += "\r\n";
  message += "This is a multi-part message in MIME format.\r\n";
  message += "\r\n--" + boundary + "\r\n";
  message += "Content-Type: text/plain; charset=UTF-8\r\n";
  message += "Content-Transfer-Encoding: base64\r\n\r\n";
  message += base64_lines(to_crlf(rendered->text));
  message += "\r\n--" + boundary + "\r\n";
  message += "Content-Type: text/html; charset=UTF-8\r\n";
  message += "Content-Transfer-Encoding: base64\r\n\r\n";
  message += base64_lines(to_crlf(rendered->html));
  message += "\r\n--" + boundary + "--\r\n";
  return message;
}

}  // namespace deadlined::delivery
