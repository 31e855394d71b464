// Numbers that are not time: the quantities and document numbers of notes
// and activities ("giải phóng mặt bằng 57ha", "đạt 90%", "theo Quyết định
// số 1234/QĐ-TTg ngày 12/5/2025"). A cited document's own date is part of
// its citation, never a deadline. Members of the timeline phrase parser
// (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <algorithm>
#include <array>

namespace deadlined::timeline_detail {

namespace {

// Words after a number that make it time, or lead to time ("6 tháng",
// "30 ngày", "đợt 1 trước ..."): such a number is never a quantity.
bool is_time_word(std::string_view word) {
  static constexpr std::array<std::string_view, 34> k_words{
      "ngay", "thang", "nam", "quy",  "tuan", "gio", "h",     "g",    "phut",  "lan", "dot",  "ky",
      "hang", "moi",   "va",  "hoac", "den",  "tu",  "truoc", "sau",  "trong", "vao", "cuoi", "dau",
      "giua", "toi",   "nay", "khi",  "tro",  "ke",  "cham",  "muon", "khong", "han"};
  return std::find(k_words.begin(), k_words.end(), word) != k_words.end();
}

// The last word of a document's kind before its number: "Quyết định (số)",
// "QĐ", "Nghị định", "Thông tư", "Kế hoạch", "Công văn", ...
bool is_document_word(std::string_view word) {
  // Not "tư" (it folds like "từ"), "thị" nor "trình" (verbs before a month).
  static constexpr std::array<std::string_view, 13> k_words{"so", "qd", "nd",   "tt",    "kh",    "nq", "ct",
                                                            "cv", "tb", "dinh", "hoach", "quyet", "van"};
  return std::find(k_words.begin(), k_words.end(), word) != k_words.end();
}

}  // namespace

// "525/QĐ-UBND", "34/2014/NĐ-CP", "số 45/2026", then the document's own
// date ("ngày 12/5/2025", "ngày 12 tháng 5 năm 2025"): tokens from `at`.
std::size_t PhraseParser::document_number_length(std::size_t at, std::size_t end) const {
  const auto type_at = [&](std::size_t i) { return i < end ? m_tokens[i].type : TokenType::other; };
  if (type_at(at) != TokenType::number || type_at(at + 1) != TokenType::slash || !adjacent(at) || !adjacent(at + 1)) {
    return 0;
  }
  const bool cited = at > 0 && m_tokens[at - 1].type == TokenType::word && is_document_word(m_tokens[at - 1].text);
  const bool lettered = type_at(at + 2) == TokenType::word ||
                        (type_at(at + 2) == TokenType::number && type_at(at + 3) == TokenType::slash &&
                         type_at(at + 4) == TokenType::word && adjacent(at + 2) && adjacent(at + 3));
  // "QĐ 525/2026", "số 12/2026": a number and a year only after a document's
  // kind, and one that could be a month ("kế hoạch 6/2026") only after "số".
  const bool after_so = at > 0 && m_tokens[at - 1].type == TokenType::word && m_tokens[at - 1].text == "so";
  const bool numbered = type_at(at + 2) == TokenType::number && (after_so || (cited && m_tokens[at].value > 12));
  if (!lettered && !numbered) {
    return 0;
  }
  std::size_t stop = at + 3;
  while (stop < end && adjacent(stop - 1) &&
         (m_tokens[stop].type == TokenType::word || m_tokens[stop].type == TokenType::dash ||
          m_tokens[stop].type == TokenType::slash || m_tokens[stop].type == TokenType::number)) {
    ++stop;
  }
  if (stop < end && m_tokens[stop].type == TokenType::word && m_tokens[stop].text == "ngay") {
    PhraseParser probe(m_tokens, m_span);
    probe.m_pos = stop + 1;
    probe.m_end = end;
    DateElement element;
    if (probe.parse_one_date(element) && element.year && !element.relative) {
      stop = probe.m_pos;
    }
  }
  return stop - at;
}

// "57ha", "50 km", "11,36ha", "100%", "120 hồ sơ": a number and what it
// counts. A year ("2026 hoàn thành") and a number before a time word are
// not quantities.
std::size_t PhraseParser::quantity_length(std::size_t at, std::size_t end) const {
  if (at >= end || m_tokens[at].type != TokenType::number) {
    return 0;
  }
  std::size_t stop = at + 1;
  if (stop + 1 < end && (m_tokens[stop].type == TokenType::comma || m_tokens[stop].type == TokenType::dot) &&
      adjacent(at) && adjacent(stop) && m_tokens[stop + 1].type == TokenType::number) {
    stop += 2;  // "11,36", "2.500"
  }
  if (stop >= end) {
    return 0;
  }
  const Token& unit = m_tokens[stop];
  if (unit.type == TokenType::other && unit.text == "%") {
    return stop + 1 - at;
  }
  if (unit.type != TokenType::word || is_time_word(unit.text)) {
    return 0;
  }
  if (stop == at + 1 && is_year_token(&m_tokens[at]) && !adjacent(at)) {
    return 0;
  }
  ++stop;
  if (stop < end && m_tokens[stop].type == TokenType::number && m_tokens[stop].text.size() == 1 && adjacent(stop - 1)) {
    ++stop;  // "m2", "km2"
  }
  return stop - at;
}

std::size_t PhraseParser::numbered_thing_length(std::size_t at, std::size_t end) const {
  // Nouns that a number follows as a name, never as a quantity or a date.
  static constexpr std::array<std::string_view, 10> k_numbered{"lop",  "dot",   "khoa", "phien", "buoc",
                                                               "dieu", "khoan", "muc",  "nhom",  "cap"};
  if (at >= end || m_tokens[at].type != TokenType::word) {
    return 0;
  }
  std::size_t stop = at + 1;
  if (stop < end && m_tokens[at].text == "ky" && m_tokens[stop].type == TokenType::word &&
      m_tokens[stop].text == "hop") {
    ++stop;  // "kỳ họp thứ 10"
  } else if (std::find(k_numbered.begin(), k_numbered.end(), m_tokens[at].text) == k_numbered.end()) {
    return 0;
  }
  if (stop < end && m_tokens[stop].type == TokenType::word && m_tokens[stop].text == "thu") {
    ++stop;  // "đợt thứ 2"
  }
  // The number stands alone: "lớp 10" yes, "đợt 1/2026" or "lớp 10 - 12/6" (a date follows) no.
  if (stop >= end || m_tokens[stop].type != TokenType::number || is_year_token(&m_tokens[stop]) ||
      (stop + 1 < end && (m_tokens[stop + 1].type == TokenType::slash || m_tokens[stop + 1].type == TokenType::dash ||
                          m_tokens[stop + 1].type == TokenType::dot))) {
    return 0;
  }
  ++stop;
  // "lớp 1, 6 và 10": more names of the same noun, each a number alone (not
  // a day, "lớp 10 và 12/6", nor a count of time, "đợt 1 và 10 ngày").
  const auto unit_of_time = [](const Token& token) {
    static constexpr std::array<std::string_view, 9> k_units{"ngay", "thang", "nam", "quy", "tuan",
                                                             "gio",  "h",     "g",   "phut"};
    return token.type == TokenType::word && std::find(k_units.begin(), k_units.end(), token.text) != k_units.end();
  };
  while (stop + 1 < end && (m_tokens[stop].type == TokenType::comma ||
                            (m_tokens[stop].type == TokenType::word && m_tokens[stop].text == "va"))) {
    const std::size_t item = stop + 1;
    const bool alone = m_tokens[item].type == TokenType::number && !is_year_token(&m_tokens[item]) &&
                       (item + 1 >= end ||
                        (m_tokens[item + 1].type != TokenType::slash && m_tokens[item + 1].type != TokenType::dash &&
                         m_tokens[item + 1].type != TokenType::dot && !unit_of_time(m_tokens[item + 1])));
    if (!alone) {
      break;
    }
    stop = item + 1;
  }
  return stop - at;
}

std::size_t PhraseParser::non_time_length(std::size_t at, std::size_t end) const {
  if (const std::size_t document = document_number_length(at, end)) {
    return document;
  }
  if (const std::size_t thing = numbered_thing_length(at, end)) {
    return thing;
  }
  return quantity_length(at, end);
}

bool PhraseParser::skip_quantity_words() {
  const std::size_t start = m_pos;
  bool quantity = false;
  for (int words = 0; words < 40 && !at_end(); ++words) {
    if (starts_time_expression()) {
      break;
    }
    if (const std::size_t length = non_time_length(m_pos, limit())) {
      quantity = true;
      m_pos += length;
      continue;
    }
    if (!peek_type(TokenType::word) && !peek_type(TokenType::comma)) {
      break;
    }
    ++m_pos;
  }
  if (quantity && starts_time_expression()) {
    return true;
  }
  m_pos = start;
  return false;
}

}  // namespace deadlined::timeline_detail
