// The level parts of a timeline cell: see timeline_level_scanner.hpp.
#include "schedule/timeline_level_scanner.hpp"

namespace deadlined::timeline_detail::levels {

std::size_t LevelScanner::after_committee(std::size_t at) const {
  const std::size_t units = word(at, "cac") ? at + 1 : at;
  if (word(units, "don") && word(units + 1, "vi") && word(units + 2, "cap")) {
    return units + 2;
  }
  if (word(at, "ubnd")) {
    return at + 1;
  }
  if (word(at, "uy") && word(at + 1, "ban") && word(at + 2, "nhan") && word(at + 3, "dan")) {
    return at + 4;
  }
  return at;
}

std::optional<LevelName> LevelScanner::kind_at(std::size_t at, bool level) const {
  const auto name = [](TierMask tiers, std::size_t end) { return LevelName{tiers, end, false}; };
  if (level && word(at, "tinh")) {
    return name(k_tier_province | k_tier_department, at + 1);
  }
  if (level && word(at, "co") && word(at + 1, "so")) {
    return name(k_tier_commune, at + 2);
  }
  if (word(at, "huyen") || word(at, "quan")) {
    return name(k_tier_district, at + 1);
  }
  if (word(at, "thi") && word(at + 1, "xa")) {
    return name(k_tier_district, at + 2);
  }
  if (word(at, "thanh") && word(at + 1, "pho")) {
    // "thành phố thuộc tỉnh": a city of the province, a district's level.
    return name(k_tier_district, word(at + 2, "thuoc") && word(at + 3, "tinh") ? at + 4 : at + 2);
  }
  if (word(at, "thi") && word(at + 1, "tran")) {
    return name(k_tier_commune, at + 2);
  }
  if (word(at, "dac") && word(at + 1, "khu")) {
    return name(k_tier_commune, at + 2);
  }
  if (word(at, "xa") || word(at, "phuong")) {
    return name(k_tier_commune, at + 1);
  }
  if (!level && (word(at, "so") || word(at, "ban") || word(at, "nganh"))) {
    return name(k_tier_department, at + 1);
  }
  if (level && (word(at, "trung") || word(at, "bo") || word(at, "thon") || word(at, "to"))) {
    return LevelName{0, at + 1, true};
  }
  return std::nullopt;
}

std::optional<LevelName> LevelScanner::rest_at(std::size_t at) const {
  std::size_t pos = word(at, "cac") ? at + 1 : at;
  bool named = false;
  for (int kinds = 0; kinds < k_most_kinds; ++kinds) {
    if ((word(pos, "don") && word(pos + 1, "vi")) || (word(pos, "co") && word(pos + 1, "quan")) ||
        (word(pos, "dia") && word(pos + 1, "phuong"))) {
      pos += 2;
      named = true;
    } else {
      break;
    }
    if ((is(pos, TokenType::comma) || word(pos, "va")) && !word(pos + 1, "con") && !word(pos + 1, "khac")) {
      ++pos;
    }
  }
  if (!named) {
    return std::nullopt;
  }
  if (word(pos, "con") && word(pos + 1, "lai")) {
    return LevelName{0, pos + 2, false, true};
  }
  if (word(pos, "khac")) {
    return LevelName{0, pos + 1, false, true};
  }
  return std::nullopt;
}

std::optional<LevelName> LevelScanner::level_at(std::size_t at) const {
  if (std::optional<LevelName> rest = rest_at(at)) {
    return rest;
  }
  std::optional<LevelName> result;
  std::size_t pos = at;
  for (int kinds = 0; kinds < k_most_kinds; ++kinds) {
    const std::size_t start = after_committee(pos);
    const bool committee = start != pos;
    std::optional<LevelName> item;
    if (word(start, "cap")) {
      item = kind_at(start + 1, true);
    } else if (word(start, "cac") && !word(start + 1, "ban") && !word(start + 1, "nganh")) {
      item = kind_at(start + 1, false);
    } else if (committee || (result && pos != at) || word(start, "dac")) {
      // "UBND xã", "cấp huyện, xã", "đặc khu": a kind alone.
      item = kind_at(start, false);
      if (item && (item->tiers & k_tier_department) != 0 && !result) {
        item.reset();  // "sở" alone names a department, not a level
      }
    }
    if (!item) {
      break;
    }
    if (!result) {
      result = LevelName{};
    }
    result->tiers |= item->tiers;
    result->unmapped = result->unmapped || item->unmapped;
    result->end = item->end;
    // "cấp huyện và tương đương": the district level and its equals.
    if (word(result->end, "va") && word(result->end + 1, "tuong") && word(result->end + 2, "duong")) {
      result->end += 3;
    }
    // The next in a list: ",", "/", "-", "và", ", và".
    pos = result->end;
    if (is(pos, TokenType::comma) || is(pos, TokenType::slash) || is(pos, TokenType::dash)) {
      ++pos;
    }
    if (word(pos, "va")) {
      ++pos;
    }
    if (pos == result->end || line_start(pos)) {
      break;
    }
  }
  return result;
}

bool LevelScanner::opens_clause(std::size_t at) const {
  if (at == 0 || line_start(at)) {
    return true;
  }
  const Token& before = m_tokens[at - 1];
  return before.type == TokenType::semicolon || before.type == TokenType::comma || before.type == TokenType::dot ||
         (before.type == TokenType::word && before.text == "va");
}

std::size_t LevelScanner::separator_start(std::size_t at) const {
  std::size_t from = at;
  if (from > 0 && word(from - 1, "va")) {
    --from;
  }
  if (from > 0 &&
      (is(from - 1, TokenType::semicolon) || is(from - 1, TokenType::comma) || is(from - 1, TokenType::dot))) {
    --from;
  }
  return from;
}

bool LevelScanner::time_or_work_follows(std::size_t at) const {
  static constexpr std::array<std::string_view, 46> k_openers{
      "truoc", "cham", "trong", "vao",  "tu",   "den",   "quy",   "thang", "nam",  "ngay", "hang",  "hoan",
      "bao",   "gui",  "nop",   "thuc", "to",   "trien", "dinh",  "dau",   "giua", "cuoi", "khong", "muon",
      "han",   "xong", "tuan",  "moi",  "sau",  "ket",   "trinh", "ban",   "phe",  "lay",  "thoi",  "tong",
      "xay",   "so",   "ra",    "kiem", "danh", "duy",   "ap",    "cong",  "dat",  "chuan"};
  if (at >= m_tokens.size()) {
    return false;
  }
  const Token& token = m_tokens[at];
  return token.type == TokenType::number ||
         (token.type == TokenType::word &&
          std::find(k_openers.begin(), k_openers.end(), token.text) != k_openers.end());
}

std::optional<Part> LevelScanner::leading_at(std::size_t at, bool after_label) const {
  if (!after_label && !opens_clause(at)) {
    return std::nullopt;
  }
  Part part;
  part.name_from = at;
  std::size_t pos = at;
  if (word(pos, "rieng")) {
    part.exception = true;
    ++pos;
  }
  if (word(pos, "doi") && word(pos + 1, "voi")) {
    pos += 2;
  }
  const std::optional<LevelName> level = level_at(pos);
  if (!level) {
    return std::nullopt;
  }
  pos = level->end;
  part.name_end = pos;
  part.rest = level->rest;
  if (level->unmapped) {
    part.tiers = 0;
    part.from = part.end = pos;
    return part;  // found, but no tier: the caller refuses the reading
  }
  part.tiers = level->tiers;
  if (is(pos, TokenType::colon) || is(pos, TokenType::dash)) {
    ++pos;
  } else if (is(pos, TokenType::comma)) {
    ++pos;
    if (!time_or_work_follows(pos)) {
      return std::nullopt;
    }
  } else if (!time_or_work_follows(pos)) {
    return std::nullopt;
  }
  part.from = pos;
  return part;
}

std::optional<LevelScanner::Trailing> LevelScanner::trailing_at(std::size_t at) const {
  std::size_t pos = at;
  const bool paren = is(pos, TokenType::open_paren);
  if (paren) {
    ++pos;
  }
  const bool exception = word(pos, "rieng");
  if (exception) {
    ++pos;
  }
  const bool for_whom = word(pos, "doi") && word(pos + 1, "voi");
  if (for_whom) {
    pos += 2;
  }
  const std::optional<LevelName> level = level_at(pos);
  // Without "đối với", "riêng" or parentheses, only right after the time
  // ("Trước 15/6 cấp huyện", "Quý II cấp tỉnh", "..., cấp xã"): after
  // other words it is whom the work goes to ("báo cáo UBND cấp huyện").
  const bool after_time =
      at > 0 && (is(at - 1, TokenType::comma) || is(at - 1, TokenType::number) || word(at - 1, "i") ||
                 word(at - 1, "ii") || word(at - 1, "iii") || word(at - 1, "iv"));
  // "Năm 2026: cấp tỉnh hoàn thành; năm 2027: cấp huyện hoàn thành": the
  // time, then who finishes by it, then what is done (words only).
  const bool after_colon = !paren && !for_whom && !exception && at > 0 && is(at - 1, TokenType::colon);
  if (!level || (!paren && !for_whom && !exception && !after_time && !after_colon)) {
    return std::nullopt;
  }
  pos = level->end;
  if (after_colon) {
    while (is(pos, TokenType::word) && !line_start(pos)) {
      ++pos;
    }
  }
  if (paren) {
    if (!is(pos, TokenType::close_paren)) {
      return std::nullopt;
    }
    ++pos;
  }
  // It ends the part: the cell ends, or a separator follows.
  if (pos < m_tokens.size() && !line_start(pos) && !is(pos, TokenType::semicolon) && !is(pos, TokenType::comma) &&
      !is(pos, TokenType::dot) && !word(pos, "va")) {
    return std::nullopt;
  }
  return Trailing{at, pos, *level, exception};
}

bool LevelScanner::year_label(std::size_t from, std::size_t end) const {
  std::size_t pos = word(from, "trong") ? from + 1 : from;
  if (word(pos, "giai") && word(pos + 1, "doan")) {
    ++pos;
  } else if (!word(pos, "nam")) {
    return false;
  }
  ++pos;
  if (pos >= end || !PhraseParser::is_year_token(&m_tokens[pos])) {
    return false;
  }
  ++pos;
  if (pos < end && (is(pos, TokenType::dash) || word(pos, "den"))) {
    pos += word(pos + 1, "nam") ? 2 : 1;
    if (pos >= end || !PhraseParser::is_year_token(&m_tokens[pos])) {
      return false;
    }
    ++pos;
  }
  return pos == end;
}

std::optional<Part> LevelScanner::labelled_at(std::size_t from, std::size_t at) const {
  if (at <= from || at >= m_tokens.size()) {
    return std::nullopt;
  }
  if (!is(at - 1, TokenType::colon)) {
    const bool separated = is(at - 1, TokenType::comma) || is(at - 1, TokenType::dash);
    if (!year_label(from, separated ? at - 1 : at)) {
      return std::nullopt;
    }
  }
  std::optional<Part> part = leading_at(at, true);
  if (part) {
    part->label_from = from;
    part->label_end = is(at - 1, TokenType::comma) || is(at - 1, TokenType::dash) ? at - 1 : at;
  }
  return part;
}

bool LevelScanner::labelled_after(std::size_t at) const {
  const std::size_t pos = past_separator(at);
  if (pos == at && !line_start(at)) {
    return false;
  }
  for (std::size_t label = pos; label < m_tokens.size(); ++label) {
    if (label > pos && (is(label, TokenType::semicolon) || is(label, TokenType::dot) || line_start(label))) {
      return false;
    }
    if (labelled_at(pos, label)) {
      return true;
    }
  }
  return false;
}

std::size_t LevelScanner::past_separator(std::size_t at) const {
  if (is(at, TokenType::semicolon) || is(at, TokenType::comma) || is(at, TokenType::dot)) {
    ++at;
  }
  if (word(at, "va")) {
    ++at;
  }
  return at;
}

std::optional<std::vector<Part>> LevelScanner::parts(bool& unmapped, bool& unclear) const {
  std::vector<Part> result;
  std::size_t pos = 0;
  const std::size_t size = m_tokens.size();
  while (pos < size) {
    std::optional<Part> leading = leading_at(pos);
    // A time first: its level closes it, or a part opened by a level
    // follows it (then it names no level), or it labels the level that
    // follows its colon ("Năm 2026: cấp tỉnh hoàn thành trước 30/6").
    std::size_t at = pos;
    std::optional<Trailing> trailing;
    if (!leading) {
      for (; at < size; ++at) {
        if (at > pos && leading_at(at) && !is(at - 1, TokenType::colon) && !labelled_at(pos, at)) {
          break;
        }
        if (at > pos && (trailing = trailing_at(at))) {
          break;
        }
        if ((leading = labelled_at(pos, at)) || (at > pos && leading_at(at))) {
          break;
        }
      }
    }
    if (leading) {
      if (leading->tiers == 0 && !leading->rest) {
        unmapped = true;
        return std::nullopt;
      }
      // Its time runs to the next part opened by a level, or by a label
      // and its level ("...; năm 2027: cấp xã hoàn thành ...").
      std::size_t end = leading->from;
      std::optional<std::size_t> strong;  // the last ";", "." or new line seen
      bool labelled_next = false;
      while (end < size && !(end > leading->from && leading_at(end))) {
        if (end > leading->from && labelled_after(end)) {
          labelled_next = true;
          break;
        }
        if (end > leading->from && trailing_at(end)) {
          // "Cấp tỉnh: Quý II; Quý III (cấp xã)": the next part begins
          // after the last ";", "." or line break; without one, whose
          // time is whose is unclear.
          if (!strong) {
            unclear = true;
            return std::nullopt;
          }
          break;
        }
        if (end > leading->from && (is(end, TokenType::semicolon) || is(end, TokenType::dot))) {
          strong = end;
        } else if (end > leading->from && line_start(end)) {
          strong = end;
        }
        ++end;
      }
      std::size_t next = end;
      if (labelled_next) {
        next = line_start(end) ? end : past_separator(end);
      } else if (end < size && !leading_at(end)) {
        end = *strong;
        next = past_separator(end);
      } else if (end < size) {
        end = separator_start(end);
      }
      leading->end = end;
      result.push_back(*leading);
      pos = next;
      continue;
    }
    Part part;
    part.from = pos;
    if (trailing) {
      if (trailing->level.unmapped) {
        unmapped = true;
        return std::nullopt;
      }
      // "Quý II, đối với cấp tỉnh": the comma before the level is no part of the time.
      part.end = at > pos && (is(at - 1, TokenType::comma) || is(at - 1, TokenType::colon)) ? at - 1 : at;
      part.tiers = trailing->level.tiers;
      part.rest = trailing->level.rest;
      part.exception = trailing->exception;
      part.name_from = trailing->begin;
      part.name_end = trailing->end;
      pos = past_separator(trailing->end);
    } else {
      part.end = at < size ? separator_start(at) : at;
      pos = at;
    }
    result.push_back(part);
  }
  return result;
}

}  // namespace deadlined::timeline_detail::levels
