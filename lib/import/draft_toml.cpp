// The draft as a plan file in the project's TOML style: strings escaped,
// notes and open items as comments above their task.
#include "import/draft.hpp"

#include "util/safe_input.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace deadlined::import {

std::string toml_string(std::string_view text) {
  std::string out = "\"";
  // TOML is UTF-8: a byte no reader could decode must not reach the file.
  for (char c : with_invalid_utf8_replaced(text)) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (u < 0x20 || u == 0x7F) {
          static constexpr char k_hex[] = "0123456789ABCDEF";
          out += "\\u00";
          out += k_hex[u >> 4];
          out += k_hex[u & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

namespace {

std::string toml_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i == 0 ? "" : ", ") + toml_string(items[i]);
  }
  return out + "]";
}

}  // namespace

std::string open_item_place(const OpenItem& item) {
  if (item.line <= 0) {
    return "document";
  }
  return (item.table.empty() ? "" : item.table + " ") + "row " + std::to_string(item.line);
}

namespace {

// A comment line: no line breaks can escape it.
std::string comment(std::string_view text) {
  std::string out = "# ";
  for (char c : with_invalid_utf8_replaced(text)) {
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out + "\n";
}

std::string open_comment(const OpenItem& item) {
  std::string where = open_item_place(item);
  if (!item.column.empty()) {
    where += ", \"" + item.column + "\"";
  }
  return comment("OPEN: " + where + ": " + item.message);
}

}  // namespace

std::string render_plan(const Draft& draft, const DraftOptions& options) {
  std::string out;
  out +=
      comment("Draft plan written by `deadlined import` from " + options.source + " (" + tables_drafted(draft) + ").");
  out += comment("Cells are copied verbatim (lines joined with a space); lead and support are the units and");
  out += comment("groups of " + options.config + " that the cells name (names and `aliases`).");
  std::size_t open = draft.open_count();
  if (open > 0) {
    out += comment("Every \"# OPEN:\" comment below (" + std::to_string(open) +
                   ") is left to do; then run `deadlined check`.");
  } else {
    out += comment("Nothing was left open; `deadlined check` validates the file.");
  }
  out += "\n";
  for (const auto& note : draft.plan_notes) {
    out += comment(note);
  }
  for (const auto& item : draft.plan_open) {
    out += open_comment(item);
  }
  const bool multi_year = draft.last_year != 0 && draft.last_year != draft.year;
  out += "[[plan]]\n";
  out += "id = " + toml_string(draft.plan_id) + "\n";
  out += "title = " + toml_string(draft.title) + "\n";
  if (multi_year) {
    // --years A-B: the plan's span, so "Hằng năm" and open-ended phrases run to B.
    out += "first_year = " + std::to_string(draft.year) + "\n";
    out += "last_year = " + std::to_string(draft.last_year) + "\n";
  } else {
    // Without a year the file says 0, which `check` refuses, rather than a guess.
    out += "year = " + std::to_string(draft.year) + "\n";
  }
  if (!draft.start.empty() && !draft.end.empty()) {
    // "Hằng tháng" in a plan of one quarter is that quarter's months, not the year's.
    out += comment("start, end: the period the title names (\"" + draft.period + "\")");
    out += "start = " + draft.start + "\n";
    out += "end = " + draft.end + "\n";
  }
  for (const auto& task : draft.tasks) {
    out += "\n";
    if (!task.heading.empty()) {
      out += task.heading + "\n";
    }
    for (const auto& note : task.notes) {
      out += comment(note);
    }
    for (const auto& item : task.open) {
      out += open_comment(item);
    }
    out += "[[plan.task]]\n";
    out += "id = " + toml_string(task.id) + "\n";
    out += "title = " + toml_string(task.title) + "\n";
    out += "lead = " + toml_array(task.lead) + "\n";
    out += "support = " + toml_array(task.support) + "\n";
    if (!task.product.empty()) {
      out += "product = " + toml_string(task.product) + "\n";
    }
    out += "when = " + toml_string(task.when) + "\n";
  }
  if (!draft.trailing_heading.empty()) {
    out += "\n" + draft.trailing_heading;
  }
  // Comments and section headings quote the document: a control character
  // there (strings have theirs escaped) is no valid TOML, so it becomes a space.
  std::string text = with_invalid_utf8_replaced(out);
  for (char& c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7F) {
      c = ' ';
    }
  }
  return text;
}

}  // namespace deadlined::import
