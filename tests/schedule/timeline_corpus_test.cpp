// Real timeline cells (tests/schedule/corpus/real_cells.tsv) with the reading
// each must get: kind, the first nominal due dates in date order, whether the
// phrase runs on without end. Plans issued since 2024 write their timeline
// column in many forms; every row here was refused before those families.
#include "schedule/timeline.hpp"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace deadlined {
namespace {

struct CorpusRow {
  int line = 0;
  std::string cell;
  PlanSpan span;
  std::string kind;
  std::vector<std::string> dues;
  bool open_ended = false;
  std::string source;
};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream stream(text);
  while (std::getline(stream, part, separator)) {
    parts.push_back(part);
  }
  if (!text.empty() && text.back() == separator) {
    parts.emplace_back();
  }
  return parts;
}

std::vector<CorpusRow> read_corpus() {
  std::ifstream file(DEADLINED_SOURCE_DIR "/tests/schedule/corpus/real_cells.tsv");
  EXPECT_TRUE(file) << "corpus not found";
  std::vector<CorpusRow> rows;
  std::string line;
  int number = 0;
  while (std::getline(file, line)) {
    ++number;
    if (line.empty() || line[0] == '#') {
      continue;
    }
    const auto fields = split(line, '\t');
    EXPECT_EQ(fields.size(), 7U) << "line " << number;
    if (fields.size() != 7) {
      continue;
    }
    CorpusRow row;
    row.line = number;
    row.cell = fields[0];
    // A line break inside a cell is written "\n".
    for (std::size_t at = row.cell.find("\\n"); at != std::string::npos; at = row.cell.find("\\n", at + 1)) {
      row.cell.replace(at, 2, "\n");
    }
    row.span.first = std::stoi(fields[1]);
    if (fields[2] != "-") {
      row.span.last = std::stoi(fields[2]);
    }
    row.kind = fields[3];
    if (!fields[4].empty()) {
      row.dues = split(fields[4], ';');
    }
    row.open_ended = fields[5] == "yes";
    row.source = fields[6];
    rows.push_back(std::move(row));
  }
  return rows;
}

// "province,department"; "all" for an occurrence every unit shares.
std::string tier_names(TierMask tiers) {
  if (tiers == 0) {
    return "all";
  }
  static constexpr std::pair<TierMask, const char*> k_names[]{{k_tier_province, "province"},
                                                              {k_tier_department, "department"},
                                                              {k_tier_district, "district"},
                                                              {k_tier_commune, "commune"},
                                                              {k_tier_other, "other"}};
  std::string names;
  for (const auto& [tier, name] : k_names) {
    if ((tiers & tier) != 0) {
      names += (names.empty() ? "" : ",") + std::string(name);
    }
  }
  return names;
}

// "event-10d", "event+30wd", "event+6m": a lag as the corpus writes it.
std::string lag_text(const Lag& lag) {
  return std::string("event") + (lag.before ? "-" : "+") + std::to_string(lag.count) +
         (lag.working_days ? "wd"
          : lag.months     ? "m"
                           : "d");
}

TEST(TimelineCorpus, EveryRealCellGetsItsReading) {
  const auto rows = read_corpus();
  ASSERT_GE(rows.size(), 80U);
  std::size_t passed = 0;
  std::size_t refused = 0;  // readable cells (kind is not "error") the parser refused
  for (const CorpusRow& row : rows) {
    SCOPED_TRACE("real_cells.tsv:" + std::to_string(row.line) + ": \"" + row.cell + "\" (" + row.source + ")");
    auto parsed = parse_timeline(row.cell, row.span);
    if (row.kind == "error") {
      EXPECT_FALSE(parsed.has_value());
      passed += parsed ? 0 : 1;
      continue;
    }
    // A refusal fails this row only: every other row is still read, so one run
    // lists every cell the parser gets wrong.
    EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
    if (!parsed) {
      ++refused;
      continue;
    }
    EXPECT_EQ(to_string(parsed->kind), row.kind);
    EXPECT_EQ(parsed->is_open_ended(), row.open_ended);
    // An on-demand row may give its lag instead of dues: "event-10d" (10
    // days before the event), "event+30wd" (30 working days after), "event+6m".
    if (row.dues.size() == 1 && row.dues.front().starts_with("event")) {
      const std::string lag = parsed->lag ? lag_text(*parsed->lag) : "no lag";
      EXPECT_EQ(lag, row.dues.front());
      passed += to_string(parsed->kind) == row.kind && lag == row.dues.front() ? 1 : 0;
      continue;
    }
    const auto listed =
        occurrences_between(*parsed, make_date(1900, 1, 1), make_date(row.span.bounded_last() + 4, 12, 31));
    // "2026-06-30@province,department": a due with the tiers it is for,
    // written when the cell gives each level its own time.
    const bool with_tiers = std::any_of(row.dues.begin(), row.dues.end(),
                                        [](const std::string& due) { return due.find('@') != std::string::npos; });
    std::vector<std::string> dues;
    for (const auto& occurrence : listed) {
      // "2026-03-15-5wd": five working days before the day written.
      const std::string working =
          occurrence.working_days_before > 0 ? "-" + std::to_string(occurrence.working_days_before) + "wd" : "";
      dues.push_back(to_iso(occurrence.nominal_due) + working + (with_tiers ? "@" + tier_names(occurrence.tiers) : ""));
    }
    std::sort(dues.begin(), dues.end());
    if (dues.size() > row.dues.size()) {
      dues.resize(row.dues.size());
    }
    EXPECT_EQ(dues, row.dues);
    passed += to_string(parsed->kind) == row.kind && dues == row.dues ? 1 : 0;
  }
  EXPECT_EQ(passed, rows.size());
  std::cout << "[ corpus   ] " << passed << " of " << rows.size() << " real cells read as expected, "
            << rows.size() - passed - refused << " wrong, " << refused << " refused though readable\n";
}

}  // namespace
}  // namespace deadlined
