// Years relative to the plan's year or to the year reported on: "Trước ngày
// 15/01 của năm sau", "Quý I năm sau", "Năm sau liền kề", "Tháng 12 năm
// trước". Members of the timeline phrase parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <array>

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

}  // namespace deadlined::timeline_detail
