// What stands around an item's time: a label before it ("Đợt 1:", "Giai
// đoạn 2:", "Tuần thứ 07"), the activity and who does it ("Cấp xã hoàn thành
// ...", "kỳ II trước ..."), and a note after it ("Tháng 6/2026: trình UBND
// tỉnh"). Members of the timeline phrase parser (schedule/timeline_parser.hpp).
#include "schedule/timeline_parser.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace deadlined::timeline_detail {

// "Sơ kết: năm 2028", "Đợt 1: tháng 6/2026", "Lần 2: Quý IV/2026": a short
// label and a colon before the time are the item's note. Not a label that is
// itself time ("Thời hạn:", "Giai đoạn 1:"), nor one holding a year.
void PhraseParser::accept_item_label(Timeline& timeline) {
  // "Giai đoạn 2: thời gian thu thập thông tin từ ngày ... đến ...": a
  // numbered phase whose time is not its years ("Giai đoạn 1: 2026-2027").
  if (peek_word("giai") && peek_word("doan", 1) && peek_type(TokenType::colon, 3) &&
      (peek_type(TokenType::number, 2) || peek_word("i", 2) || peek_word("ii", 2) || peek_word("iii", 2) ||
       peek_word("iv", 2)) &&
      !is_year_token(peek(2)) && !is_year_token(peek(4)) && !peek_word("nam", 4) && !peek_word("tu", 4)) {
    append_note(timeline, m_pos, m_pos + 3);
    m_pos += 4;
    return;
  }
  // "Tuần thứ 07 từ ngày 09/02 đến ngày 13/02/2026", "Tuần 1" then "Từ 09/9-
  // 14/9" on the next line: a school week's number before its days (not
  // "Tuần 2 tháng 3", the second week of March).
  if (peek_word("tuan")) {
    const std::size_t number_at = peek_word("thu", 1) ? 2 : 1;
    if (peek_type(TokenType::number, number_at) && peek_word("tu", number_at + 1) &&
        (peek_word("ngay", number_at + 2) || date_follows(number_at + 2))) {
      const std::size_t start = m_pos;
      m_pos += number_at + 1;
      if (starts_time_expression()) {
        append_note(timeline, start, m_pos);
        return;
      }
      m_pos = start;
    }
  }
  if (starts_time_expression()) {
    return;
  }
  // "Đợt 1 từ tháng 4 - 5/2012", "đợt hai từ 10.9 - 10.10", "Lần 2 trước ngày
  // 15/12": a stage and its number right before the time, without a colon.
  // "Học kỳ I trước ngày 15/01", "Kỳ 2: ..." too.
  const std::size_t stage_words = peek_word("hoc") && peek_word("ky", 1) ? 2 : 1;
  if (peek_word("dot") || peek_word("lan") || peek_word("buoc") || peek_word("ky") || stage_words == 2) {
    const Token* number = peek(stage_words);
    static constexpr std::array<std::string_view, 9> k_stage_numbers{"mot", "hai", "ba", "bon", "i",
                                                                     "ii",  "iii", "iv", "cuoi"};
    const bool numbered = number != nullptr &&
                          ((number->type == TokenType::number && number->text.size() <= 2) ||
                           (number->type == TokenType::word && std::find(k_stage_numbers.begin(), k_stage_numbers.end(),
                                                                         number->text) != k_stage_numbers.end()));
    if (numbered) {
      const std::size_t start = m_pos;
      m_pos += stage_words + 1;
      if (starts_time_expression()) {
        append_note(timeline, start, m_pos);
        return;
      }
      m_pos = start;
    }
  }
  std::size_t at = m_pos;
  while (at < limit() && at < m_pos + 6 &&
         (m_tokens[at].type == TokenType::word ||
          (m_tokens[at].type == TokenType::number && !is_year_token(&m_tokens[at])))) {
    ++at;
  }
  if (at == m_pos || at >= limit() || m_tokens[at].type != TokenType::colon) {
    return;
  }
  if (m_tokens[at - 1].type == TokenType::number && at + 1 < limit() && m_tokens[at + 1].type == TokenType::number) {
    return;  // "Từ 15:00 - 17:00, ngày ...": a time of day, no label
  }
  // "Thời gian bắt đầu: 20/01/2026", "Khởi công: tháng 3/2026": when the
  // work starts is no deadline; only an onward start ("từ ...") is read.
  for (std::size_t word = m_pos; word + 1 < at; ++word) {
    const bool start_word = (m_tokens[word].text == "bat" && m_tokens[word + 1].text == "dau") ||
                            (m_tokens[word].text == "khoi" && m_tokens[word + 1].text == "cong");
    if (start_word &&
        !(at + 1 < limit() && m_tokens[at + 1].type == TokenType::word && m_tokens[at + 1].text == "tu")) {
      return;
    }
  }
  const std::size_t start = m_pos;
  m_pos = at + 1;
  // "Báo cáo định kỳ hàng quý: Thời hạn gửi báo cáo chậm nhất vào ngày 20 ...":
  // the column's name may follow the label.
  skip_column_label();
  if (!starts_time_expression()) {
    // "Đợt 1: hoàn thành trước ngày ...", "Cấp xã: Hoàn thành trước ...": the
    // work after the label, then its time.
    const std::size_t after_label = m_pos;
    skip_activity();
    if (m_pos == after_label || !starts_time_expression()) {
      m_pos = start;
      return;
    }
  }
  append_note(timeline, start, at);
}

// Activity words that may follow an item's time with no mark between them:
// "Quý IV/2026 trình HĐND tỉnh", "Đến hết năm 2026 đạt 80%".
bool PhraseParser::peek_activity_after_item() const {
  static constexpr std::array<std::string_view, 12> k_verbs{"trinh",   "ban hanh",   "hoan thanh", "bao cao",
                                                            "to chuc", "trien khai", "phe duyet",  "gui",
                                                            "nop",     "dat",        "xong",       "cong bo"};
  for (std::string_view verb : k_verbs) {
    PhraseParser probe(m_tokens, m_span);
    probe.m_pos = m_pos;
    probe.m_end = m_end;
    if (probe.accept_phrase(verb)) {
      return true;
    }
  }
  return false;
}

// "Tháng 6/2026: trình UBND tỉnh", "Năm 2026: 50%", "Quý II/2026 - hoàn
// thành", "Quý IV/2026 trình HĐND tỉnh": after an item, a ':' or '-' (or an
// activity verb) and words up to the clause's end, or to a comma before the
// next time, that name no time and no cadence are the item's note.
bool PhraseParser::accept_item_note(Timeline& timeline) {
  const Token* mark = peek();
  if (mark == nullptr || mark->line_start) {
    return false;
  }
  const bool marked = (mark->type == TokenType::colon || mark->type == TokenType::dash) &&
                      !(mark->type == TokenType::dash && m_bulleted);
  // "Quý III/2026 theo Quyết định số ...", "... căn cứ Kế hoạch số ...": a citation.
  const bool citation = peek_word("theo") || (peek_word("can") && peek_word("cu", 1));
  if (!marked && !citation && !peek_activity_after_item()) {
    return false;
  }
  const std::size_t start = m_pos;
  m_pos += marked ? 1 : 0;
  std::size_t end = clause_end();
  for (std::size_t at = m_pos; at < end; ++at) {
    if (m_tokens[at].type == TokenType::comma) {
      const std::size_t saved = m_pos;
      m_pos = at + 1;
      const bool time_follows = starts_time_expression();
      m_pos = saved;
      if (time_follows) {
        end = at;  // "Đến năm 2027 đạt 50%, đến năm 2030 đạt 100%"
        break;
      }
    }
  }
  bool note = end > m_pos && !clause_names_time(end);
  for (std::size_t at = m_pos; note && at < end; ++at) {
    if (const std::size_t length = non_time_length(at, end)) {
      at += length - 1;
      continue;
    }
    const Token& token = m_tokens[at];
    int offset = 0;
    const std::size_t saved = m_pos;
    m_pos = at;
    const bool relative = relative_year_length(0, offset) > 0;
    m_pos = saved;
    // "định kỳ" is a cadence; "Quyết định", "Nghị định" name a document.
    const bool periodic = token.text == "dinh" && at + 1 < end && m_tokens[at + 1].text == "ky";
    note = !relative && token.type != TokenType::open_paren && token.text != "hang" && token.text != "moi" &&
           !periodic && token.text != "tuan" && token.text != "quy" && token.text != "thang" && token.text != "nam";
  }
  if (!note) {
    m_pos = start;
    return false;
  }
  append_note(timeline, m_pos, end);
  m_pos = end;
  return true;
}

// "Hoàn thành <việc> trong năm 2024": the words between "Hoàn thành" (or
// "thực hiện", "triển khai", ...) and the time expression are the activity.
void PhraseParser::skip_activity() {
  const std::size_t start = m_pos;
  static constexpr std::array<std::string_view, 60> k_activity_verbs{
      "hoan thanh", "thuc hien",   "trien khai", "to chuc",     "ban hanh",  "xay dung",  "cap nhat",     "du kien",
      "so ket",     "tong ket",    "danh gia",   "ra soat",     "kiem tra",  "duy tri",   "hoan thien",   "trinh",
      "khoang",     "thi diem",    "nhan rong",  "hoan tat",    "phe duyet", "tham muu",  "giam sat",     "tong hop",
      "sua doi",    "bo sung",     "thanh lap",  "nghien cuu",  "khao sat",  "tap huan",  "tuyen truyen", "dao tao",
      "chuyen doi", "nang cap",    "van hanh",   "dua vao",     "ket thuc",  "yeu cau",   "xong",         "gui",
      "nop",        "khanh thanh", "khoi cong",  "nghiem thu",  "ban giao",  "tiep nhan", "ve dich",      "tiem",
      "tuyen sinh", "gieo",        "thu hoach",  "xuong giong", "bao dam",   "dam bao",   "xu ly",        "keo dai",
      "dien ra",    "khai mac",    "be mac",     "cong bo"};
  // "sang đầu tháng 7", "chuyển sang quý III", "lùi sang tháng 9": moved to a time.
  if (accept_words({"chuyen", "sang"}) || accept_words({"lui", "sang"}) || accept_word("sang")) {
    if (starts_time_expression()) {
      return;
    }
    m_pos = start;
  }
  // "vào trong ngày 18/11", "vào trước ngày 31-8", "trong khoảng từ ngày 02/3
  // đến 05/3/2026": the time, said with one word more.
  if (peek_word("vao") && (peek_word("trong", 1) || peek_word("truoc", 1))) {
    ++m_pos;
    return;
  }
  // "vào cuối tuần từ 18-20/8", "cuối tuần ngày 19/8": the weekend the days
  // fall on, said before them.
  {
    const std::size_t before_weekend = m_pos;
    accept_word("vao");
    if (accept_words({"cuoi", "tuan"}) && (accept(TokenType::comma), true) &&
        (peek_word("tu") || peek_word("ngay") || date_follows(0)) && starts_time_expression()) {
      return;
    }
    m_pos = before_weekend;
  }
  if (peek_word("trong") && peek_word("khoang", 1) && peek_word("tu", 2)) {
    m_pos += 2;
    return;
  }
  // "trong 3 tháng, từ ngày 15/12/2025 đến 16/3/2026", "trong thời gian 1,5
  // ngày, từ ...", "chỉ trong 2 ngày 11 và 12/6", "trong 5 ngày từ 5-9/1":
  // how long, then when. Without a comma only before a day or "từ" and a
  // day, never before an event ("trong 15 ngày từ ngày nhận hồ sơ" is a lag).
  {
    accept_word("chi");
    if (accept_word("trong")) {
      accept_words({"thoi", "gian"});
      // "trong hai ngày 11 và 12/6": the count in words too.
      static constexpr std::array<std::string_view, 9> k_counts{"mot", "hai", "ba",  "bon", "nam",
                                                                "sau", "bay", "tam", "chin"};
      const bool count_word = peek_type(TokenType::word) &&
                              std::find(k_counts.begin(), k_counts.end(), peek()->text) != k_counts.end() &&
                              (peek_word("ngay", 1) || peek_word("tuan", 1) || peek_word("thang", 1));
      const bool count = accept(TokenType::number) || (count_word && (++m_pos, true));
      if (count && peek_type(TokenType::comma) && peek_type(TokenType::number, 1) &&
          (peek_word("ngay", 2) || peek_word("tuan", 2) || peek_word("thang", 2))) {
        m_pos += 2;  // "1,5 ngày"
      }
      if (count && (accept_word("ngay") || accept_word("tuan") || accept_word("thang"))) {
        // "trong 04 ngày: dự kiến từ ngày 07/9/2024 ...": a colon as a comma,
        // and the time said to be planned.
        const bool comma = accept(TokenType::comma) || accept(TokenType::colon);
        if (comma) {
          const std::size_t after_comma = m_pos;
          if (accept_words({"du", "kien"}) && !starts_time_expression()) {
            m_pos = after_comma;
          }
        }
        // "trong 2 ngày 11 và 12/6/2026": days sharing the last one's month.
        const bool day_follows = date_follows(0) || bare_day_follows() ||
                                 (peek_word("tu") && (date_follows(1) || (peek_word("ngay", 1) && date_follows(2))));
        if ((comma || day_follows) && (starts_time_expression() || bare_day_follows())) {
          return;
        }
      }
    }
    m_pos = start;
  }
  // "Cơ bản hoàn thành", "sẽ kết thúc", "phải hoàn thành", "được công bố":
  // an adverb, a modal or the passive before the verb.
  const auto accept_verb = [this] {
    accept_words({"co", "ban"});
    accept_word("se") || accept_word("phai") || accept_word("can");
    accept_word("duoc");
    return std::any_of(k_activity_verbs.begin(), k_activity_verbs.end(),
                       [this](std::string_view words) { return accept_phrase(words); });
  };
  bool verb = accept_verb();
  // "Cấp xã hoàn thành ...", "Việc kê khai phải hoàn thành ...", "Học kỳ I sẽ
  // kết thúc ...": who or what, in a few words that name no time, then the verb.
  static constexpr std::array<std::string_view, 22> k_not_a_subject{
      "hang",  "moi", "ngay", "thang", "nam",  "quy", "tuan", "tu",    "den",  "truoc", "sau",
      "trong", "vao", "cuoi", "dau",   "giua", "han", "cham", "khong", "dinh", "khi",   "theo"};
  std::size_t subject_end = start;
  // "Trạm Thú y báo cáo Chi cục Thú y trước ...", "Ủy ban nhân dân cấp
  // huyện báo cáo ... trước ...": who reports, up to eight words, then to
  // whom. "Báo cáo" opening the cell is a report, read as one below.
  const auto accept_report_after_subject = [this, start] { return m_pos > start && accept_words({"bao", "cao"}); };
  for (int words = 0;
       !verb && words < 8 &&
       (peek_type(TokenType::word) ||
        // "kê khai, hoàn thành trước ...", "tài sản, thu nhập hoàn thành ...":
        // a comma inside what is due.
        (words > 0 && peek_type(TokenType::comma) && peek_type(TokenType::word, 1) && (++m_pos, true))) &&
       !starts_time_expression() &&
       (std::find(k_not_a_subject.begin(), k_not_a_subject.end(), peek()->text) == k_not_a_subject.end() ||
        (peek_word("tu") && peek_word("phap", 1)));  // "Sở Tư pháp": "tư" folds as "từ" does
       ++words) {
    ++m_pos;
    subject_end = m_pos;
    verb = (words < 6 && accept_verb()) || accept_report_after_subject();
  }
  // "kỳ II trước 31/5/2026", "thu thập thông tin mẫu từ ngày 01/7 đến ...":
  // what is due, without a verb, right before a word that opens a time.
  // A report ("báo cáo UBND tỉnh trước ...") is read as one below.
  const bool report_first = start + 1 < limit() && m_tokens[start].text == "bao" && m_tokens[start + 1].text == "cao";
  if (!verb && m_pos > start && !report_first &&
      (peek_word("truoc") || peek_word("tu") || peek_word("vao") || (peek_word("cham") && peek_word("nhat", 1))) &&
      starts_time_expression()) {
    count_unit_subject(start, m_pos);
    return;
  }
  if (verb && subject_end > start) {
    count_unit_subject(start, subject_end);
  }
  if (!verb) {
    m_pos = start;
    skip_quantity_words();
    return;
  }
  for (int words = 0; words < 40 && !at_end(); ++words) {
    if (starts_time_expression()) {
      return;
    }
    // "Hoàn thành 100% hồ sơ trong Quý II/2026": what is counted, not time.
    if (const std::size_t length = non_time_length(m_pos, limit())) {
      m_pos += length;
      continue;
    }
    if (!peek_type(TokenType::word) && !peek_type(TokenType::comma)) {
      break;
    }
    ++m_pos;
  }
  if (!starts_time_expression()) {
    m_pos = start;
  }
}

// Words (no numbers) up to the next time expression, as after "Báo cáo":
// skipped when a time expression follows them, else nothing is consumed.
bool PhraseParser::skip_words_to_time() {
  const std::size_t start = m_pos;
  for (int words = 0; words < 16 && !at_end(); ++words) {
    if (starts_time_expression()) {
      return m_pos > start;
    }
    // "Báo cáo tháng trước ngày 25": a period word is what is reported on,
    // read by the report forms, never skipped.
    // "báo cáo Chính phủ, Thủ tướng trước 30/9": a comma between whom.
    if (peek_type(TokenType::comma) && m_pos > start && peek_type(TokenType::word, 1)) {
      ++m_pos;
      if (!starts_time_expression()) {
        continue;
      }
      --m_pos;
      break;
    }
    // "Báo cáo công khai phân bổ dự toán năm, ...": what is reported, then
    // the period it is reported on.
    if (m_pos > start && (peek_word("thang") || peek_word("quy") || peek_word("nam"))) {
      return true;
    }
    if (!peek_type(TokenType::word) || peek_word("thang") || peek_word("quy") || peek_word("nam") ||
        peek_word("tuan") || peek_word("hang") || peek_word("moi") || peek_word("dinh") || peek_word("ngay")) {
      break;
    }
    ++m_pos;
  }
  m_pos = start;
  return false;
}

// Who a time is for, when the words before it name a body ("UBND cấp
// huyện", "Đơn vị dự toán cấp I", "cơ quan tài chính"): counted, so that a
// cell giving two bodies each its own time is refused (parse_timeline).
void PhraseParser::count_unit_subject(std::size_t from, std::size_t end) {
  static constexpr std::array<std::string_view, 12> k_bodies{"ubnd",   "cap", "phong", "huyen", "xa",   "tinh",
                                                             "truong", "cuc", "tram",  "quan",  "vien", "ban"};
  for (std::size_t at = from; at < end && at < limit(); ++at) {
    const std::string_view word = m_tokens[at].text;
    const bool body = std::find(k_bodies.begin(), k_bodies.end(), word) != k_bodies.end() ||
                      (word == "don" && at + 1 < end && m_tokens[at + 1].text == "vi") ||
                      (word == "so" && at + 1 < end && m_tokens[at + 1].type == TokenType::word &&
                       m_tokens[at + 1].text != "lieu" && m_tokens[at + 1].text != "hoa");
    if (body) {
      ++m_unit_subjects;
      return;
    }
  }
}

}  // namespace deadlined::timeline_detail
