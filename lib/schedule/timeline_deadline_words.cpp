// The words that make what follows a deadline ("trước", "chậm nhất",
// "không quá", "hạn cuối" ...), and a cadence's day written after the report
// and its recipient ("Hằng quý, gửi Sở Nội vụ chậm nhất ngày 20 tháng cuối
// quý"). Members of the timeline phrase parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <algorithm>
#include <array>

namespace deadlined::timeline_detail {

// "trước" (a day not to reach), "chậm nhất (trước)", and the words for "on or
// before": "chậm nhất", "muộn nhất", "không quá", "không muộn (chậm) hơn
// (quá)", "trước hoặc vào", "trước hoặc trong", "hạn cuối", "hạn chót".
std::optional<DueAnchor> PhraseParser::accept_deadline_word() {
  if (accept_words({"truoc", "hoac", "vao"}) || accept_words({"truoc", "hoac", "trong"})) {
    return DueAnchor::period_end;  // the day itself is in time
  }
  if (accept_word("truoc")) {
    return DueAnchor::before_date;
  }
  if (accept_words({"cham", "nhat"}) || accept_words({"muon", "nhat"}) || accept_words({"khong", "qua"}) ||
      accept_words({"khong", "muon", "hon"}) || accept_words({"khong", "cham", "hon"}) ||
      accept_words({"khong", "muon", "qua"}) || accept_words({"khong", "cham", "qua"}) ||
      accept_words({"han", "cuoi"}) || accept_words({"han", "chot"})) {
    accept_word("la");
    accept(TokenType::colon);
    return accept_word("truoc") ? DueAnchor::before_date : DueAnchor::period_end;
  }
  return std::nullopt;
}

bool PhraseParser::deadline_word_follows(std::size_t ahead) {
  const std::size_t start = m_pos;
  m_pos += ahead;
  const bool found = accept_deadline_word().has_value();
  m_pos = start;
  return found;
}

// "báo cáo UBND tỉnh trước ...", "gửi Sở Nội vụ chậm nhất ...", "các sở,
// ngành gửi báo cáo về Sở Nội vụ (qua Văn phòng) chậm nhất ...": what is due,
// by whom and to whom, in words naming no time (commas and parentheses
// between them), before a deadline word; skipped (true), else nothing is
// consumed. A number or a word that opens a time ends the words.
bool PhraseParser::skip_subject_before_deadline_word() {
  // Words that are time themselves; others ("trong", "theo", "vào", "sau",
  // "đầu", "cuối" ...) end the words only when a time follows them ("theo
  // mẫu" is what is due, "theo quý" its cadence).
  static constexpr std::array<std::string_view, 12> k_time_words{"hang", "moi",  "dinh",  "ngay", "thang", "quy",
                                                                 "nam",  "tuan", "truoc", "tu",   "den",   "khi"};
  constexpr std::size_t k_most_tokens = 14;
  std::size_t words = 0;
  for (std::size_t ahead = 0; ahead < k_most_tokens; ++ahead) {
    if (words > 0 && deadline_word_follows(ahead)) {
      m_pos += ahead;
      return true;
    }
    const Token* token = peek(ahead);
    if (token == nullptr) {
      return false;
    }
    if (token->type == TokenType::word) {
      const std::size_t start = m_pos;
      m_pos += ahead;
      const bool time = starts_time_expression();
      m_pos = start;
      const bool rule = token->text == "quy" && peek_word("dinh", ahead + 1);  // "theo quy định"
      if (time || (!rule && std::find(k_time_words.begin(), k_time_words.end(), token->text) != k_time_words.end())) {
        return false;
      }
      ++words;
    } else if (token->type != TokenType::comma && token->type != TokenType::open_paren &&
               token->type != TokenType::close_paren && token->type != TokenType::other) {
      return false;
    }
  }
  return false;
}

// "Hằng quý, báo cáo UBND tỉnh trước ngày 20 tháng cuối quý", "Hằng quý, gửi
// Sở Nội vụ chậm nhất ngày 20 tháng cuối quý": the words naming the report
// and its recipient, then the day of each period (as "Hằng năm, gửi Sở Nội vụ
// chậm nhất ngày 15/12" is one day a year). Read otherwise, the period's end
// and the day were two deadlines a period.
std::optional<bool> PhraseParser::accept_day_rule_after_subject(Cadence cadence, std::vector<Occurrence>& out,
                                                                std::size_t first_occurrence) {
  const std::size_t start = m_pos;
  if (skip_subject_before_deadline_word()) {
    if (const std::optional<DayRule> rule = accept_day_rule()) {
      return apply_day_rule(*rule, cadence, out, first_occurrence);
    }
    // "Hằng quý, gửi Sở Tài chính chậm nhất các ngày 20/3, 20/6, 20/9 và 20/12".
    if (const std::optional<bool> dated = accept_dates_of_cadence(cadence, out, first_occurrence)) {
      return dated;
    }
  }
  m_pos = start;
  return std::nullopt;
}

}  // namespace deadlined::timeline_detail
