// A plan's heading: its title, the years it names, a shorter period.
#include "import/draft_title.hpp"

#include "import/table.hpp"
#include "schedule/timeline.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

namespace deadlined::import {

std::string plan_title(const std::vector<std::string>& cells) {
  // A cell of several lines ("Phụ lục III\nKẾ HOẠCH ...") is several paragraphs.
  std::vector<std::string> paragraphs;
  for (const auto& cell : cells) {
    std::size_t start = 0;
    while (start <= cell.size()) {
      const std::size_t end = std::min(cell.find('\n', start), cell.size());
      paragraphs.push_back(cell.substr(start, end - start));
      start = end + 1;
    }
  }
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    std::string text = clean_cell_text(paragraphs[i]);
    std::string folded = fold_vietnamese(text);
    if (folded == "ke hoach") {
      for (std::size_t k = i + 1; k < paragraphs.size(); ++k) {
        std::string next = clean_cell_text(paragraphs[k]);
        if (!next.empty()) {
          // "Kiểm soát thủ tục ..." -> "Kế hoạch kiểm soát thủ tục ..." (ASCII first letter only).
          if (next.size() > 1 && std::isupper(static_cast<unsigned char>(next[0])) &&
              !std::isupper(static_cast<unsigned char>(next[1]))) {
            next[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(next[0])));
          }
          return "Kế hoạch " + next;
        }
      }
    }
    // "PHỤ LỤC II KẾ HOẠCH ...", "Phụ lục: Kế hoạch ...": the plan's title
    // after the appendix's name (folding keeps the words, so they are counted).
    if (folded.starts_with("phu luc")) {
      if (const std::size_t at = folded.find("ke hoach "); at < 24) {  // npos is never below
        const auto words_before = std::count(folded.begin(), folded.begin() + static_cast<std::ptrdiff_t>(at), ' ');
        std::size_t cut = 0;
        for (long w = 0; w < words_before && cut != std::string::npos; ++w) {
          cut = text.find(' ', cut);
          cut = cut == std::string::npos ? cut : cut + 1;
        }
        if (cut != std::string::npos) {
          text = text.substr(cut);
          folded = folded.substr(at);
        }
      }
    }
    // "KẾ HOẠCH NĂM 2026" is a title; "Kế hoạch số 12/KH-UBND" a reference.
    if (folded.starts_with("ke hoach ") && !folded.starts_with("ke hoach so ") && folded.size() > 14 &&
        folded.size() < 400) {
      return text;
    }
  }
  return {};
}

// The years a plan's title names as its span: "giai đoạn 2026-2030", "năm
// 2026 – 2028", "từ năm 2026 đến năm 2030" (the first such range; "tầm nhìn
// đến năm 2050" and "định hướng đến năm 2030" after it are no range). A title
// that also names one year of that range on its own ("Kế hoạch năm 2026
// thực hiện Đề án ... giai đoạn 2026-2030") is that year's plan: nullopt, as
// for a title that names no range. Document numbers ("số 12/2026") and
// dates are not years here.
std::optional<std::pair<int, int>> title_years(std::string_view text) {
  const std::string folded = fold_vietnamese(text);
  struct YearAt {
    int year;
    std::size_t begin;
    std::size_t end;
  };
  std::vector<YearAt> years;
  for (std::size_t i = 0; i + 4 <= folded.size(); ++i) {
    const auto digit = [&](std::size_t at) {
      return at < folded.size() && std::isdigit(static_cast<unsigned char>(folded[at])) != 0;
    };
    if (!digit(i) || !digit(i + 1) || !digit(i + 2) || !digit(i + 3) || digit(i + 4) || (i > 0 && digit(i - 1)) ||
        (i > 0 && (folded[i - 1] == '/' || folded[i - 1] == '.')) || (i + 4 < folded.size() && folded[i + 4] == '/')) {
      continue;
    }
    const int year = std::stoi(folded.substr(i, 4));
    if (year >= 1900 && year <= 2199) {
      years.push_back(YearAt{year, i, i + 4});
    }
  }
  // What lies between two years makes them a range: a dash, or "đến (năm)".
  const auto joins = [&](const YearAt& first, const YearAt& second) {
    std::string between = folded.substr(first.end, second.begin - first.end);
    std::erase(between, ' ');
    return between == "-" || between == "\xe2\x80\x93" || between == "\xe2\x80\x94" || between == "den" ||
           between == "dennam" || between == "denhetnam";
  };
  std::optional<std::pair<int, int>> range;
  std::size_t range_index = 0;
  for (std::size_t k = 0; k + 1 < years.size(); ++k) {
    if (joins(years[k], years[k + 1]) && years[k].year < years[k + 1].year && years[k + 1].year - years[k].year <= 30) {
      range = std::pair{years[k].year, years[k + 1].year};
      range_index = k;
      break;
    }
  }
  if (!range) {
    return std::nullopt;
  }
  for (std::size_t k = 0; k < years.size(); ++k) {
    if (k == range_index || k == range_index + 1) {
      continue;
    }
    const bool inside = years[k].year >= range->first && years[k].year <= range->second;
    const bool part_of_another_range =
        (k + 1 < years.size() && joins(years[k], years[k + 1])) || (k > 0 && joins(years[k - 1], years[k]));
    if (inside && !part_of_another_range) {
      return std::nullopt;
    }
  }
  return range;
}

std::optional<TitlePeriod> title_period(std::string_view text, int year, int last_year) {
  std::vector<std::string> words;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t space = std::min(text.find_first_of(" \t\n", at), text.size());
    if (space > at) {
      words.emplace_back(text.substr(at, space - at));
    }
    at = space + 1;
  }
  std::vector<std::string> folded;
  for (const auto& word : words) {
    folded.push_back(fold_vietnamese(word));
  }
  const PlanSpan span{year, last_year != 0 && last_year != year ? std::optional<int>(last_year) : std::nullopt};
  const Date first_day = make_date(year, 1, 1);
  const Date last_day = make_date(span.bounded_last(), 12, 31);
  for (std::size_t i = 0; i < words.size(); ++i) {
    // "(Tháng 9 - 11/2026)": a period in parentheses under the title.
    const std::string head = folded[i].starts_with("(") ? folded[i].substr(1) : folded[i];
    const bool opens = head == "quy" || head == "qui" || head == "thang" || head == "tu" ||
                       ((head == "6" || head == "06") && i + 1 < words.size() && folded[i + 1] == "thang");
    const bool dated = i >= 2 && folded[i - 2] == "ngay" && !folded[i - 1].empty() &&
                       std::isdigit(static_cast<unsigned char>(folded[i - 1][0]));
    if (!opens || dated) {
      continue;
    }
    // The longest run of words from here that reads as one period.
    std::optional<Occurrence> longest;
    std::string longest_words;
    std::size_t longest_end = i;
    std::string phrase = words[i].starts_with("(") ? words[i].substr(1) : words[i];
    for (std::size_t j = i; j < words.size() && j < i + 8; ++j) {
      if (j > i) {
        phrase += " " + words[j];
      }
      std::string candidate = phrase;
      while (!candidate.empty() && (candidate.back() == ',' || candidate.back() == '.' || candidate.back() == ';' ||
                                    candidate.back() == ')' || candidate.back() == ':')) {
        candidate.pop_back();
      }
      const auto timeline = parse_timeline(candidate, span);
      if (timeline && timeline->kind == TimelineKind::dated && timeline->occurrences.size() == 1 &&
          !timeline->is_open_ended() && timeline->note.empty()) {
        longest = timeline->occurrences.front();
        longest_words = candidate;
        longest_end = j;
      }
    }
    if (!longest) {
      continue;
    }
    const bool period = longest->anchor == DueAnchor::period_end &&
                        (longest->period == PeriodKind::month || longest->period == PeriodKind::quarter ||
                         longest->period == PeriodKind::half || longest->period == PeriodKind::nine_months ||
                         longest->period == PeriodKind::window) &&
                        longest->label.find("Trước") == std::string::npos;
    if (period && longest->period_start >= first_day && longest->nominal_due <= last_day &&
        !(longest->period_start == first_day && longest->nominal_due == last_day)) {
      return TitlePeriod{to_iso(longest->period_start), to_iso(longest->nominal_due), longest_words};
    }
    i = longest_end;  // "từ tháng 1 đến tháng 12/2026": the whole year, not its first month
  }
  return std::nullopt;
}

}  // namespace deadlined::import
