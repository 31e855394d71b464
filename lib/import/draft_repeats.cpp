// Tables that repeat each other's tasks (draft_repeats.hpp).
#include "import/draft_repeats.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

namespace deadlined::import {

namespace {

// A task's text as compared: folded, without the punctuation a copy adds
// or drops at its end.
std::string folded_text(const std::string& text) {
  std::string folded = fold_vietnamese(text);
  while (!folded.empty() && (folded.back() == '.' || folded.back() == ';' || folded.back() == ',' ||
                             folded.back() == ':' || folded.back() == ' ')) {
    folded.pop_back();
  }
  return folded;
}

const std::string& cell_of(const LogicalRow& row, Column column) {
  return row.cells[static_cast<std::size_t>(column)];
}

// The key of a task row (a task and its timeline), or empty for another
// row (a section, a sub-row that takes its timeline from above).
std::string task_key(const LogicalRow& row) {
  const std::string title = folded_text(cell_of(row, Column::title));
  const std::string when = folded_text(cell_of(row, Column::when));
  if (title.empty() || when.empty()) {
    return {};
  }
  return title + '\x1f' + when;
}

std::string folded_lead(const LogicalRow& row) {
  return folded_text(cell_of(row, Column::lead));
}

// Each task key of a table with the lead of its first row.
std::map<std::string, std::string> task_keys(const TablePart& part) {
  std::map<std::string, std::string> keys;
  for (const LogicalRow& row : part.rows) {
    if (std::string key = task_key(row); !key.empty()) {
      keys.emplace(std::move(key), folded_lead(row));
    }
  }
  return keys;
}

struct KeptTask {
  std::size_t table = 0;  // the kept table it is drafted from
  std::string lead;       // folded
};

std::string names_of(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  }
  return text;
}

// A table as the summary names it: with the pieces a page broke it into,
// which go with it.
std::string name_of(const TablePart& part) {
  if (part.pieces.empty()) {
    return part.grid->name;
  }
  return part.grid->name + " (with " + names_of(part.pieces) + ", its rest after a page break)";
}

}  // namespace

std::vector<std::string> drop_repeated_tasks(std::vector<TablePart>& parts) {
  std::vector<std::map<std::string, std::string>> keys;
  keys.reserve(parts.size());
  for (const TablePart& part : parts) {
    keys.push_back(task_keys(part));
  }
  // A summary holds more tasks than any sheet it sums up: it is kept, the
  // sheets it repeats are left out, whichever comes first in the workbook.
  std::vector<std::size_t> order(parts.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&keys](std::size_t a, std::size_t b) { return keys[a].size() > keys[b].size(); });

  std::map<std::string, KeptTask> kept_from;  // task key -> where it is drafted from
  std::set<std::string> kept_titles;          // every titled row of the tables kept, folded
  // A task repeats a kept one when its lead is the same or not given: the
  // same tasks for other units (a table per level of government) are kept.
  const auto repeats = [&kept_from](const std::string& key, const std::string& lead) -> const KeptTask* {
    const auto found = kept_from.find(key);
    return found != kept_from.end() && (lead.empty() || lead == found->second.lead) ? &found->second : nullptr;
  };
  std::vector<bool> left_out(parts.size(), false);
  std::vector<std::string> told;
  for (const std::size_t k : order) {
    TablePart& part = parts[k];
    std::set<std::size_t> sources;
    std::size_t repeated = 0;
    for (const auto& [key, lead] : keys[k]) {
      if (const KeptTask* kept = repeats(key, lead)) {
        ++repeated;
        sources.insert(kept->table);
      }
    }
    // Two appendices may share a task or two ("Báo cáo kết quả"): only a
    // table most of whose tasks are another's repeats it.
    if (repeated > 0 && 2 * repeated > keys[k].size()) {
      std::vector<std::string> source_names;
      for (const std::size_t source : sources) {
        source_names.push_back(name_of(parts[source]));
      }
      // The whole table goes only when nothing of it would be lost: its
      // other titled rows are sections or sub-rows the kept tables have too,
      // or rows that name no lead (headings).
      const bool nothing_else = std::all_of(part.rows.begin(), part.rows.end(), [&](const LogicalRow& row) {
        const std::string title = folded_text(cell_of(row, Column::title));
        return title.empty() || !task_key(row).empty() || kept_titles.count(title) > 0 ||
               cell_of(row, Column::lead).empty();
      });
      if (repeated == keys[k].size() && nothing_else) {
        left_out[k] = true;
        told.push_back(name_of(part) + " left out: " +
                       (repeated == 1 ? std::string("its only task repeats one")
                                      : "its " + std::to_string(repeated) + " tasks repeat those") +
                       " of " + names_of(source_names) + ", kept and drafted from there");
        continue;
      }
      const auto end = std::remove_if(part.rows.begin(), part.rows.end(), [&repeats](const LogicalRow& row) {
        const std::string key = task_key(row);
        return !key.empty() && repeats(key, folded_lead(row)) != nullptr;
      });
      const auto removed = static_cast<std::size_t>(part.rows.end() - end);
      part.rows.erase(end, part.rows.end());
      told.push_back(name_of(part) + ": " + std::to_string(repeated) + " of its " +
                     counted(keys[k].size(), "task", "tasks") +
                     (repeated == 1 ? " repeats one of " : " repeat those of ") + names_of(source_names) + " and " +
                     (repeated == 1 ? "is" : "are") + " drafted from there (" + counted(removed, "row", "rows") +
                     " left out); the others are kept");
    }
    for (const auto& [key, lead] : keys[k]) {
      kept_from.emplace(key, KeptTask{k, lead});
    }
    for (const LogicalRow& row : part.rows) {
      if (std::string title = folded_text(cell_of(row, Column::title)); !title.empty()) {
        kept_titles.insert(std::move(title));
      }
    }
  }
  std::vector<TablePart> remaining;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (!left_out[k]) {
      remaining.push_back(std::move(parts[k]));
    }
  }
  parts = std::move(remaining);
  return told;
}

}  // namespace deadlined::import
