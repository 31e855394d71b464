#pragma once
// What a plan's heading says (draft_title.cpp, used by draft.cpp): its title,
// the years it names, and a period shorter than its years.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace deadlined::import {

// The plan's title from the paragraphs above its table ("KẾ HOẠCH ...",
// "PHỤ LỤC ... KẾ HOẠCH ..."), or empty.
std::string plan_title(const std::vector<std::string>& cells);

// The years a title names ("giai đoạn 2026-2030", "năm 2026"): first and last.
std::optional<std::pair<int, int>> title_years(std::string_view text);

// The period a plan's title names, when it is shorter than the plan's
// years: "Quý IV/2026", "6 tháng cuối năm 2026", "tháng 10/2026", "từ tháng
// 10 đến tháng 12/2026", read as a timeline would read them (the plan's
// year when none is written). A document's own date ("ngày 15 tháng 10 năm
// 2026") is no period. nullopt: the text names none.
struct TitlePeriod {
  std::string start;  // ISO dates
  std::string end;
  std::string words;
};
std::optional<TitlePeriod> title_period(std::string_view text, int year, int last_year);

}  // namespace deadlined::import
