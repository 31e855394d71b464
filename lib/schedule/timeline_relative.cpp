// Years relative to the plan's year or to the year reported on: "Trước ngày
// 15/01 của năm sau", "Quý I năm sau", "Năm sau liền kề", "Tháng 12 năm
// trước"; and repeating one year's occurrences over the following years.
// Members of the timeline phrase parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace deadlined::timeline_detail {

std::size_t PhraseParser::relative_year_length(std::size_t ahead, int& offset) const {
  const std::size_t start = ahead;
  if (peek_word("cua", ahead) || peek_word("trong", ahead)) {
    ++ahead;
  }
  if (!peek_word("nam", ahead)) {
    return 0;
  }
  ++ahead;
  if (peek_word("sau", ahead) || peek_word("toi", ahead)) {
    offset = 1;
    ++ahead;
  } else if (peek_word("nay", ahead)) {
    offset = 0;  // "Quý IV năm nay và Quý I năm sau"
    ++ahead;
  } else if ((peek_word("tiep", ahead) && peek_word("theo", ahead + 1)) ||
             (peek_word("ke", ahead) && peek_word("tiep", ahead + 1))) {
    offset = 1;
    ahead += 2;
  } else if (peek_word("truoc", ahead)) {
    offset = -1;
    ++ahead;
  } else if (peek_word("bao", ahead) && peek_word("cao", ahead + 1)) {
    offset = 0;  // "trước ngày 10/7 của năm báo cáo": the year reported on
    ahead += 2;
  } else if (peek_word("lien", ahead) && peek_word("ke", ahead + 1)) {
    offset = 1;  // "trước ngày 10/01 của năm liền kề (năm báo cáo)"
  } else {
    return 0;
  }
  if (peek_word("lien", ahead) && peek_word("ke", ahead + 1)) {
    ahead += 2;
  }
  // "năm liền kề năm báo cáo", "năm sau của năm báo cáo": counted from the
  // year reported on, the plan's.
  if (offset == 1) {
    std::size_t tail = ahead;
    if (peek_word("cua", tail)) {
      ++tail;
    }
    if (peek_word("nam", tail) && peek_word("bao", tail + 1) && peek_word("cao", tail + 2)) {
      ahead = tail + 3;
    }
  }
  // "năm tiếp theo sau kỳ báo cáo": after the period reported on, the plan's.
  if (offset == 1 && peek_word("sau", ahead) && peek_word("ky", ahead + 1) && peek_word("bao", ahead + 2) &&
      peek_word("cao", ahead + 3)) {
    ahead += 4;
  }
  // "năm liền kề sau năm đánh giá", "năm trước năm tính thuế": the year
  // counted from, named by what it is (the plan's year).
  {
    std::size_t tail = ahead;
    if (offset == 1 && peek_word("sau", tail)) {
      ++tail;
    }
    static constexpr std::array<std::array<std::string_view, 2>, 5> k_years_named{
        {{"danh", "gia"}, {"bao", "cao"}, {"tinh", "thue"}, {"thuc", "hien"}, {"ke", "hoach"}}};
    if (peek_word("nam", tail)) {
      for (const auto& words : k_years_named) {
        if (peek_word(words[0], tail + 1) && peek_word(words[1], tail + 2)) {
          ahead = tail + 3;
          break;
        }
      }
    }
  }
  // "năm sau khi ... ban hành" is an event; "năm trước ngày 15/12", "năm
  // trước tháng 6" read "trước" as the start of a date.
  const Token* next = peek(ahead);
  if (next != nullptr && next->type == TokenType::word &&
      (next->text == "khi" || next->text == "ngay" || next->text == "thang" || next->text == "quy" ||
       next->text == "nam")) {
    return 0;
  }
  if (next != nullptr && next->type == TokenType::number) {
    return 0;
  }
  return ahead - start;
}

std::optional<int> PhraseParser::accept_relative_year() {
  int offset = 0;
  const std::size_t length = relative_year_length(0, offset);
  if (length == 0) {
    return std::nullopt;
  }
  m_pos += length;
  m_relative = true;
  return m_default_year + offset;
}

// The occurrences out[first..] are one year's pattern; append the same
// periods of each following year through `last` (inclusive), or, without a
// last year, keep them as an open-ended recurrence generated on request.
void PhraseParser::repeat_following_years(std::vector<Occurrence>& out, std::size_t first, std::optional<int> last) {
  if (first >= out.size()) {
    return;
  }
  ++m_yearly_repeats;
  std::vector<Occurrence> pattern(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
  int base = year_of(pattern.front().period_start);
  int pattern_last = base;
  bool window = false;
  for (const Occurrence& occurrence : pattern) {
    pattern_last = std::max(pattern_last, year_of(occurrence.nominal_due));
    window = window || occurrence.period == PeriodKind::window;
  }
  if (window && pattern_last > base && !m_relative) {
    // "Năm 2026-2027 và các năm tiếp theo": after the window, each
    // following year (windows shifted by a year would overlap).
    pattern.assign(1, year_occurrence(pattern_last));
    base = pattern_last;
  }
  if (m_relative) {
    // "Trước ngày 31/01 năm sau, hằng năm": the pattern is the default
    // year's (the year reported on), due in the next; `last` is the last
    // year reported on. A day after that year names the year it reports
    // on, as a year with a stated day does ("Năm 2026", due 31/01/2027).
    base = m_default_year;
    pattern_last = base;
    for (Occurrence& occurrence : pattern) {
      if (occurrence.period == PeriodKind::day && year_of(occurrence.nominal_due) > base) {
        const Occurrence year = year_occurrence(base);
        occurrence.label = year.label;
        occurrence.period_start = year.period_start;
        occurrence.period = PeriodKind::year;
      }
    }
    std::copy(pattern.begin(), pattern.end(), out.begin() + static_cast<std::ptrdiff_t>(first));
  }
  // Only one year's occurrences repeat; a multi-year window repeats after its end.
  const int step_from = pattern_last + 1;
  if (last) {
    repeat_yearly(pattern, base, base + (step_from - base), *last, out);
  } else {
    Recurrence recurrence;
    recurrence.pattern = std::move(pattern);
    recurrence.base_year = base;
    recurrence.from_year = step_from;
    m_open.push_back(std::move(recurrence));
  }
}

// "ngày 31/12 hàng năm; ngày 31/3 năm sau": in a cell whose other items recur
// yearly, a day of the year after recurs with them (each year's work is
// handed over the next year), from the year reported on. The items are moved
// to the end, last first, so that each is one pattern (occurrences are put in
// date order when they are listed).
void PhraseParser::repeat_relative_items(std::vector<Occurrence>& out,
                                         const std::vector<std::pair<std::size_t, std::size_t>>& items) {
  for (auto item = items.rbegin(); item != items.rend(); ++item) {
    std::vector<Occurrence> pattern(out.begin() + static_cast<std::ptrdiff_t>(item->first),
                                    out.begin() + static_cast<std::ptrdiff_t>(item->second));
    out.erase(out.begin() + static_cast<std::ptrdiff_t>(item->first),
              out.begin() + static_cast<std::ptrdiff_t>(item->second));
    const std::size_t first = out.size();
    out.insert(out.end(), pattern.begin(), pattern.end());
    m_relative = true;
    repeat_following_years(out, first, m_span.bounded_last());
  }
}
}  // namespace deadlined::timeline_detail
