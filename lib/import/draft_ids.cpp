// Pass 2 over a task table (draft_rows.hpp): ids, sub-rows, items and
// cells of its rows, lead and support resolved, timelines checked.
#include "import/draft_rows.hpp"

#include "import/draft_numbers.hpp"

#include "schedule/timeline.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace deadlined::import {

namespace {

bool has_content(const LogicalRow& row) {
  for (Column c : {Column::lead, Column::support, Column::product, Column::when}) {
    if (!row.cells[static_cast<int>(c)].empty()) {
      return true;
    }
  }
  return false;
}

// Content the row holds itself, not by a cell merged down from a task above
// (a lead merged over a group of tasks and the section row between them).
bool has_own_content(const LogicalRow& row) {
  for (Column c : {Column::lead, Column::support, Column::product, Column::when}) {
    if (!row.cells[static_cast<int>(c)].empty() && !row.merged_above[static_cast<int>(c)]) {
      return true;
    }
  }
  return false;
}

// A section row whose only cells of its own start a merge running down over
// the tasks under it (a Word w:vMerge restarted on the section row "I |
// CÔNG TÁC CHỈ ĐẠO | Văn phòng UBND tỉnh" and continued by its tasks): the
// merged cell is the group's, not a task's. `next` is the row below.
bool heads_a_merged_group(const LogicalRow& row, const LogicalRow* next) {
  if (next == nullptr || next->merged_above[static_cast<int>(Column::number)]) {
    return false;
  }
  const std::string next_number = strip_number(next->cells[static_cast<int>(Column::number)]);
  if (!is_arabic(next_number)) {
    return false;  // another section or a heading: the row is no group's head
  }
  bool merged_down = false;
  for (Column c : {Column::lead, Column::support, Column::product, Column::when}) {
    const auto k = static_cast<int>(c);
    if (row.cells[k].empty() || row.merged_above[k]) {
      continue;
    }
    if (!next->merged_above[k]) {
      return false;  // a cell of the row's own
    }
    merged_down = true;
  }
  return merged_down;
}

// The number of the first row after `at` with a number of its own (empty: none).
std::string next_numbered(const std::vector<LogicalRow>& rows, std::size_t at) {
  for (std::size_t k = at + 1; k < rows.size(); ++k) {
    const std::string& number = rows[k].cells[static_cast<int>(Column::number)];
    if (!number.empty() && !rows[k].merged_above[static_cast<int>(Column::number)]) {
      const auto split = split_numbered(number);
      return without_leading_zeros(strip_number(split ? split->first : number));
    }
  }
  return {};
}

// A section numbered "1.", "2." rather than "I", "II": a whole number, a
// title and no cells of its own (or only cells merged down over its tasks),
// its title in one cell spanning the row or its tasks numbered under it
// ("1.1", "1.2"). A task "1." with a lead or a timeline is a task.
// The row below is looked for last: only such rows look, so a table pays
// for each row once.
bool arabic_section(const std::vector<LogicalRow>& rows, std::size_t at, const std::string& bare,
                    const std::string& title) {
  const LogicalRow& row = rows[at];
  if (!is_arabic(bare) || bare.find('.') != std::string::npos || title.empty()) {
    return false;
  }
  if (has_own_content(row) && !heads_a_merged_group(row, at + 1 < rows.size() ? &rows[at + 1] : nullptr)) {
    return false;
  }
  return row.wide_cell || next_numbered(rows, at).starts_with(bare + ".");
}

}  // namespace

tl::expected<void, std::string> number_part(TablePart& part, bool text_like, const NameIndex& names, Numbering& state,
                                            Draft& draft) {
  std::vector<LogicalRow>& rows = part.rows;
  const std::vector<int>& columns = part.columns;
  std::string& section = state.section;
  std::string& letter = state.letter;
  bool& arabic_sections = state.arabic_sections;
  bool& section_numbers_tasks = state.section_numbers_tasks;
  std::string& heading = state.heading;
  std::map<std::string, int>& sub_count = state.sub_count;
  std::map<std::string, std::size_t>& index_of = state.index_of;
  std::map<std::string, int>& next_duplicate_suffix = state.next_duplicate_suffix;
  std::size_t& inherited_bytes = state.inherited_bytes;
  std::size_t& numbered_index = state.numbered_index;
  std::string& last_number = state.last_number;
  int& items_of_last_number = state.items_of_last_number;
  std::string& last_item = state.last_item;
  int& points_of_last_item = state.points_of_last_item;
  std::size_t& tasks_in_section = state.tasks_in_section;
  const DraftTask* last_task = state.last_task ? &draft.tasks[*state.last_task] : nullptr;
  std::unordered_map<int, std::size_t> row_at_line;  // source line -> index in rows
  for (std::size_t i = 0; i < rows.size(); ++i) {
    row_at_line[rows[i].line] = i;
  }
  for (std::size_t at = 0; at < rows.size(); ++at) {
    LogicalRow& row = rows[at];
    const LogicalRow* next_row = at + 1 < rows.size() ? &rows[at + 1] : nullptr;
    std::string number = row.cells[static_cast<int>(Column::number)];
    std::string& title = row.cells[static_cast<int>(Column::title)];
    if (!number.empty() && !row.merged_above[static_cast<int>(Column::number)]) {
      if (auto split = split_numbered(number); split && title.empty()) {
        number = split->first;
        title = split->second;
      }
    } else if (number.empty() && !row.merged_above[static_cast<int>(Column::number)] && !has_own_content(row)) {
      // A section typed in the task column, its number cell left empty
      // ("" | "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH").
      if (auto split = split_numbered(title);
          split && (is_roman(split->first) || is_letter(split->first) ||
                    (row.wide_cell && is_arabic(split->first) && split->first.find('.') == std::string::npos))) {
        number = split->first;
        title = split->second;
      }
    }
    std::string bare = without_leading_zeros(strip_number(number));
    const bool inherits = std::any_of(row.merged_above.begin(), row.merged_above.end(), [](bool m) { return m; });
    // A row without a number and without cells of its own (lead, support,
    // product, timeline) is a note below the tasks, not a sub-row of the last.
    bool sub_row = (number.empty() || row.merged_above[static_cast<int>(Column::number)]) && last_task != nullptr &&
                   tasks_in_section > 0 && (has_content(row) || inherits);
    const bool numbered = !row.merged_above[static_cast<int>(Column::number)];
    // A letter that follows the current one is a letter even where it reads as
    // a Roman number (the "I" after "H").
    const bool follows_letter = letter.size() == 1 && bare.size() == 1 && bare.front() == letter.front() + 1;
    const bool letter_section = numbered && is_letter(bare) && (follows_letter || !is_roman(bare));
    const bool arabic =
        numbered && !letter_section && (section.empty() || arabic_sections) && arabic_section(rows, at, bare, title);
    if (letter_section || (is_roman(bare) && numbered) || arabic) {
      arabic_sections = arabic;
      section_numbers_tasks = false;
      if (letter_section) {
        letter = bare;
        section = bare;
      } else {
        section = letter.empty() ? bare : letter + "." + bare;
      }
      tasks_in_section = 0;
      ++draft.sections;
      heading += "# " + std::string(72, '=') + "\n# " + section + ". " + title + "\n# " + std::string(72, '=') + "\n";
      last_task = nullptr;
      if (!has_own_content(row) || heads_a_merged_group(row, next_row)) {
        continue;
      }
    } else if (!sub_row && !has_content(row)) {
      if (!number.empty() || !title.empty()) {
        // A note typed in the TT column ("Ghi chú: ...") is no number of the section.
        const bool numbered_label = is_arabic(bare) || is_roman(bare) || is_letter(bare) || !item_letter(bare).empty();
        std::string label = bare.empty()      ? title
                            : !numbered_label ? number + (title.empty() ? "" : " " + title)
                                              : (section.empty() ? bare : section + "." + bare) + ". " + title;
        heading += "# " + std::string(72, '-') + "\n# " + label + "\n# " + std::string(72, '-') + "\n";
      }
      if (number.empty() && last_task != nullptr && tasks_in_section > 0) {
        draft.plan_open.push_back(OpenItem{OpenKind::other, row.line, "", "",
                                           "a row with text but no number, lead or timeline below task \"" +
                                               last_task->id + "\" is kept as a comment, not a task: \"" + title +
                                               "\""});
      }
      continue;
    } else if (number.empty() && !sub_row) {
      // Content before any numbered row of its section: not a task we can name.
      OpenItem item{OpenKind::other, row.line, "", "",
                    "a row without a number before any numbered row of its section; it is left out: \"" + title + "\""};
      draft.plan_open.push_back(std::move(item));
      continue;
    }

    DraftTask task;
    task.line = row.line;
    if (sub_row) {
      DraftTask& parent = draft.tasks[numbered_index];
      const std::string& parent_id = last_number;
      int& count = sub_count[parent_id];
      if (count == 0) {
        // The numbered row becomes sub-row "a".
        index_of.erase(parent.id);
        parent.id = parent_id + "a";
        index_of[parent.id] = numbered_index;
        parent.notes.push_back("Sub-row a of " + parent_id + " (the number cell is merged over " +
                               "several rows, each with its own cells).");
        count = 1;
        ++draft.split_rows;
      }
      ++count;
      task.id = parent_id + sequence_letters(count - 1);
      task.notes.push_back("Sub-row " + sequence_letters(count - 1) + " of " + parent_id + ".");
      // Cells merged over the sub-rows (or, in pasted text, left empty before
      // the row's first cell) are the parent's.
      // A parent in the table before (continued on this sheet) is no row of this one.
      const auto parent_at =
          numbered_index >= state.part_first_task ? row_at_line.find(parent.line) : row_at_line.end();
      const LogicalRow* parent_row = parent_at == row_at_line.end() ? nullptr : &rows[parent_at->second];
      for (int c = 0; c < k_column_count; ++c) {
        int physical = columns[static_cast<std::size_t>(c)];
        bool inherit = row.merged_above[static_cast<std::size_t>(c)] ||
                       (text_like && row.cells[static_cast<std::size_t>(c)].empty() && physical >= 0 &&
                        physical < row.first_filled_physical);
        if (inherit && parent_row != nullptr && row.cells[static_cast<std::size_t>(c)].empty()) {
          row.cells[static_cast<std::size_t>(c)] = parent_row->cells[static_cast<std::size_t>(c)];
          inherited_bytes += row.cells[static_cast<std::size_t>(c)].size();
        }
      }
      if (inherited_bytes > k_max_document_text) {
        return tl::unexpected(too_much_text_message(part.grid->name));
      }
    } else if (const std::string item = item_letter(bare);
               (!item.empty() || is_bullet(bare)) && !last_number.empty() && tasks_in_section > 0) {
      // "a)", "b)", "đ)" under a numbered task: its items, "2a", "2b", "2dd"
      // (Vietnamese letters run a, b, c, d, đ, e). Bullets "-", "+" under a
      // task are its items in turn, under an item its points ("2a.1").
      if (!item.empty()) {
        task.id = last_number + item;
        last_item = task.id;
        points_of_last_item = 0;
      } else if (!last_item.empty()) {
        task.id = last_item + "." + std::to_string(++points_of_last_item);
      } else {
        task.id = last_number + sequence_letters(items_of_last_number);
      }
      ++items_of_last_number;
    } else {
      task.id = section.empty() ? bare : (is_roman(bare) || bare == letter ? section : section + "." + bare);
      if (arabic_sections && !section.empty() && bare.starts_with(section + ".")) {
        task.id = bare;  // "1.2" under section "1" is 1.2
        section_numbers_tasks = true;
      } else if (arabic_sections && section_numbers_tasks && is_arabic(bare) && bare.find('.') == std::string::npos) {
        // "3" after "2.1", "2.2": a task of the plan's own, past section 2.
        section.clear();
        section_numbers_tasks = false;
        task.id = bare;
      }
      task.id = state.prefix + task.id;
      last_number = task.id;
      items_of_last_number = 0;
      last_item.clear();
      if (!is_arabic(bare) && !is_roman(bare) && bare != letter) {
        std::string cleaned;
        for (char c : bare) {
          cleaned += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '-';
        }
        task.id = state.prefix + (section.empty() ? cleaned : section + "." + cleaned);
        last_number = task.id;
        task.open.push_back(
            OpenItem{OpenKind::other, row.line, part.headers[0], task.id,
                     "the number \"" + number + "\" is not like 1, 1.2 or IV; the id is \"" + task.id + "\""});
      }
    }
    if (const auto earlier = index_of.find(task.id); earlier != index_of.end()) {
      state.repeats_an_earlier_id = state.repeats_an_earlier_id || earlier->second < state.part_first_task;
      std::string original = task.id;
      // Where the search for a free suffix left off: a table that repeats one
      // number many times costs no more than one that does not.
      int& n = next_duplicate_suffix.try_emplace(original, 2).first->second;
      while (index_of.count(original + "-" + std::to_string(n)) != 0) {
        ++n;
      }
      task.id = original + "-" + std::to_string(n);
      ++n;
      task.open.push_back(
          OpenItem{OpenKind::other, row.line, part.headers[0], task.id,
                   "the id \"" + original + "\" is used by an earlier row; this row is \"" + task.id + "\""});
    }
    task.title = row.cells[static_cast<int>(Column::title)];
    task.product = row.cells[static_cast<int>(Column::product)];
    task.when = row.cells[static_cast<int>(Column::when)];
    task.heading = std::move(heading);
    heading.clear();
    if (task.title.empty()) {
      task.open.push_back(OpenItem{OpenKind::other, row.line, part.headers[1], task.id, "the task cell is empty"});
    }
    // One agency cell saying who leads and who supports ("Sở Nội vụ chủ
    // trì, phối hợp với Sở Tư pháp"): each part to its role.
    const std::optional<RoleTexts> roles = split_roles(row.cells[static_cast<int>(Column::lead)]);
    for (Column role : {Column::lead, Column::support}) {
      const std::string& cell = row.cells[static_cast<int>(role)];
      std::string names_text = cell;
      if (roles) {
        names_text = role == Column::lead ? roles->lead : joined(roles->support, cell);
      }
      const Resolution resolution = names.resolve(names_text);
      (role == Column::lead ? task.lead : task.support) = resolution.ids;
      const std::string& source = roles ? row.cells[static_cast<int>(Column::lead)] : cell;
      for (const auto& fragment : resolution.unresolved) {
        task.open.push_back(
            OpenItem{OpenKind::unit, row.line, part.headers[static_cast<std::size_t>(role)], task.id,
                     "\"" + fragment + "\" is not the name or alias of a unit or group (cell: \"" + source + "\")"});
      }
      if (role == Column::lead && cell.empty()) {
        task.open.push_back(OpenItem{OpenKind::other, row.line, part.headers[2], task.id,
                                     "the lead cell is empty: no unit is reminded as lead"});
      }
    }
    if (task.when.empty()) {
      task.open.push_back(OpenItem{OpenKind::timeline, row.line, part.headers[5], task.id,
                                   "the timeline cell is empty: write `when` or a structured `schedule`"});
    } else if (draft.year != 0) {
      const PlanSpan span{draft.year, draft.last_year != 0 && draft.last_year != draft.year
                                          ? std::optional<int>(draft.last_year)
                                          : std::nullopt};
      auto parsed = parse_timeline(task.when, span);
      // "Cấp tỉnh: Quý II/2026" and "Cấp huyện: Quý III/2026" as the cell's
      // two paragraphs: the line break is what tells the parts apart.
      if (const std::string lines = clean_cell_lines(row.raw[static_cast<std::size_t>(Column::when)]);
          !parsed && lines.find('\n') != std::string::npos && parse_timeline(lines, span)) {
        task.when = lines;
        parsed = parse_timeline(task.when, span);
      }
      if (!parsed) {
        const auto day = date_serial_day(task.when);
        task.open.push_back(OpenItem{
            OpenKind::timeline, row.line, part.headers[5], task.id,
            "\"" + task.when + "\" is not a timeline deadlined understands (`deadlined when` lists the forms)" +
                (day ? ": it reads as Excel's day count for " + *day +
                           ", a date whose cell lost its date format; give the column a date format in Excel and "
                           "import again, or"
                     : ";") +
                " rephrase `when` or give a structured `schedule`"});
      }
    }
    index_of[task.id] = draft.tasks.size();
    draft.tasks.push_back(std::move(task));
    last_task = &draft.tasks.back();
    if (!sub_row) {
      numbered_index = draft.tasks.size() - 1;
    }
    ++tasks_in_section;
  }
  state.last_task = last_task == nullptr
                        ? std::nullopt
                        : std::optional<std::size_t>(static_cast<std::size_t>(last_task - draft.tasks.data()));
  return {};
}

}  // namespace deadlined::import
