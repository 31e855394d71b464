// So many days after the end of each period ("90 ngày kể từ ngày kết thúc
// quý"): a lag counted from period ends. Members of the timeline phrase
// parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace deadlined::timeline_detail {

// "90 ngày kể từ ngày kết thúc quý", "Trong thời hạn 45 ngày kể từ ngày kết
// thúc 6 tháng đầu năm tài chính", "chậm nhất 30 ngày sau khi kết thúc năm",
// "Chậm nhất 90 ngày kể từ khi kết thúc năm dương lịch", "chậm nhất là 90
// ngày, kể từ ngày kết thúc kỳ kế toán năm":
// so many days after the end of each such period of the plan's span, in
// calendar days (Civil Code Art. 147: counted from the day after the end).
// Working days need the holiday calendar, which a phrase does not have:
// refused. nullopt (nothing consumed): not this form.
std::optional<bool> PhraseParser::parse_lag_after_period_end(Timeline& timeline) {
  const std::size_t start = m_pos;
  // "(Thời hạn gửi) báo cáo quý chậm nhất là 30 ngày kể từ ngày kết thúc
  // quý": the report named before the lag must be one of the periods after.
  std::optional<Cadence> report_of;
  {
    accept_words({"thoi", "han"});
    accept_word("gui") || accept_word("nop");
    const bool reported = accept_words({"bao", "cao"});
    if (reported && accept_word("quy")) {
      report_of = Cadence::quarter;
    } else if (reported && accept_word("thang")) {
      report_of = Cadence::month;
    } else if (reported && accept_word("nam")) {
      report_of = Cadence::year;
    }
    if (!reported) {
      m_pos = start;
    }
  }
  accept_words({"trong", "vong"}) || accept_words({"trong", "thoi", "han"}) ||
      accept_words({"trong", "thoi", "gian"}) || accept_words({"cham", "nhat"}) || accept_words({"khong", "qua"}) ||
      accept_word("trong") || accept_word("sau");
  accept_word("la");
  // "Chậm nhất là ngày thứ 90 kể từ ngày kết thúc năm": the 90th day, as 90
  // days (a count above 7, never a weekday).
  const bool ordinal =
      peek_word("ngay") && peek_word("thu", 1) && peek_type(TokenType::number, 2) && peek(2)->value > 7;
  const Token* number = peek(ordinal ? 2 : 0);
  if (number == nullptr || number->type != TokenType::number || number->value < 1 || number->value > 366 ||
      !(ordinal || peek_word("ngay", 1))) {
    m_pos = start;
    return std::nullopt;
  }
  m_pos += ordinal ? 3 : 2;
  accept(TokenType::comma);
  const bool working_days = accept_words({"lam", "viec"});
  if (!accept_words({"ke", "tu"}) && !accept_words({"tinh", "tu"}) && !accept_words({"sau", "khi"}) &&
      !accept_word("sau")) {
    m_pos = start;
    return std::nullopt;
  }
  accept_word("ngay") || accept_word("khi");  // "kể từ khi kết thúc năm tài chính"
  if (!accept_words({"ket", "thuc"})) {
    m_pos = start;
    return std::nullopt;
  }
  // "kết thúc kỳ báo cáo quý", "kết thúc kỳ kế toán năm": the period by the
  // accounts or reports it closes.
  accept_words({"ky", "bao", "cao"}) || accept_words({"ky", "ke", "toan"});
  // "kết thúc quý và 06 tháng", "quý, 6 tháng và năm", "quý hoặc năm": each
  // period named, in one list.
  struct Period {
    Cadence cadence = Cadence::year;
    unsigned only_half = 0;  // "6 tháng đầu năm": the first half of each year only
  };
  std::vector<Period> periods;
  // "năm tài chính", "năm ngân sách", "năm dương lịch", "năm kế toán": the
  // calendar year.
  const auto accept_year_kind = [this] {
    return accept_words({"tai", "chinh"}) || accept_words({"ngan", "sach"}) || accept_words({"duong", "lich"}) ||
           accept_words({"ke", "toan"}) || accept_word("tc");
  };
  while (true) {
    Period period;
    if (accept_word("quy")) {
      period.cadence = Cadence::quarter;
    } else if (peek_type(TokenType::number) && (peek()->value == 6 || peek()->value == 9) && peek_word("thang", 1)) {
      if (peek()->value == 9) {
        break;  // the nine months are no period of their own
      }
      m_pos += 2;
      period.cadence = Cadence::half;
      if (accept_word("dau")) {
        period.only_half = 1;
      } else if (accept_word("cuoi")) {
        period.only_half = 2;
      }
      accept_word("nam");
    } else if (accept_word("thang")) {
      period.cadence = Cadence::month;
    } else if (accept_word("nam")) {
      period.cadence = Cadence::year;
      // "năm dương lịch hoặc năm tài chính": either is a year.
      if (accept_year_kind() && peek_word("hoac") && peek_word("nam", 1)) {
        m_pos += 2;
        accept_year_kind();
      }
    } else {
      break;
    }
    accept_year_kind();
    periods.push_back(period);
    const std::size_t before_separator = m_pos;
    accept(TokenType::comma);
    if (!accept_word("va") && !accept_word("hoac") && m_pos == before_separator) {
      break;
    }
  }
  if (periods.empty() || !at_end_after_punctuation()) {
    m_pos = start;
    return std::nullopt;  // another event ("kể từ ngày kết thúc đợt thi"): on demand
  }
  if (report_of && std::none_of(periods.begin(), periods.end(),
                                [&](const Period& period) { return period.cadence == *report_of; })) {
    m_pos = start;
    return std::nullopt;  // "báo cáo năm ... kết thúc quý": which one is due is not clear
  }
  if (working_days) {
    return false;
  }
  const int days = number->value;
  timeline.kind = TimelineKind::dated;
  for (const Period& period : periods) {
    for (int year = m_span.first; year <= m_span.bounded_last(); ++year) {
      std::vector<Occurrence> ends;
      push_cadence(period.cadence, year, ends);
      for (std::size_t i = 0; i < ends.size(); ++i) {
        if (period.only_half != 0 && i + 1 != period.only_half) {
          continue;
        }
        Occurrence occurrence = ends[i];
        occurrence.label += " (+" + std::to_string(days) + " ngày)";
        occurrence.nominal_due = occurrence.nominal_due + std::chrono::days{days};
        timeline.occurrences.push_back(std::move(occurrence));
      }
    }
  }
  // In date order; the same day twice (the year's end and its last
  // quarter's) is one obligation, kept by parse_timeline.
  std::stable_sort(timeline.occurrences.begin(), timeline.occurrences.end(),
                   [](const Occurrence& a, const Occurrence& b) { return a.nominal_due < b.nominal_due; });
  m_pos = m_tokens.size();
  return true;
}

}  // namespace deadlined::timeline_detail
