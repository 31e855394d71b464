// A cell that gives each level of government its own time ("Trước ngày 15/6
// đối với cấp huyện; trước ngày 30/6 đối với cấp tỉnh", "Cấp tỉnh: Quý II;
// cấp huyện, cấp xã: Quý III", "...; riêng cấp xã trước ngày 10/12"): cut
// into parts at the levels named, each part read as a cell of its own, its
// occurrences marked with the tiers of the units it is for.
#include "schedule/timeline_parser.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace deadlined::timeline_detail {

namespace {

// One level, or a list of them, as written: which tiers, and where the words end.
struct LevelName {
  TierMask tiers = 0;
  std::size_t end = 0;
  bool unmapped = false;  // "cấp trung ương", "cấp thôn": a level no tier of unit is
  bool rest = false;      // "các đơn vị còn lại": every unit no other part names
};

// A part of the cell: its time in tokens [from, end), and whom it is for.
struct Part {
  std::size_t from = 0;
  std::size_t end = 0;
  TierMask tiers = 0;      // 0: the part names no level
  bool exception = false;  // "riêng cấp xã ...": only for them; another part is everyone else's
  bool rest = false;       // "các đơn vị còn lại: ...": everyone else's, said so
  std::size_t name_from = 0;
  std::size_t name_end = 0;
  // A label before the level, read with the part's time: "Năm 2026:" in
  // "Năm 2026: cấp tỉnh hoàn thành trước 30/6"; empty when from == end.
  std::size_t label_from = 0;
  std::size_t label_end = 0;
};

// No list of levels or kinds of unit is longer ("UBND các huyện, thị xã,
// thành phố và UBND các xã, phường, thị trấn"); the bound keeps a cell of
// thousands of repeated names linear to scan.
constexpr int k_most_kinds = 12;

class LevelScanner {
 public:
  explicit LevelScanner(const std::vector<Token>& tokens) : m_tokens(tokens) {}

  bool word(std::size_t at, std::string_view text) const {
    return at < m_tokens.size() && m_tokens[at].type == TokenType::word && m_tokens[at].text == text;
  }
  bool is(std::size_t at, TokenType type) const { return at < m_tokens.size() && m_tokens[at].type == type; }
  bool line_start(std::size_t at) const { return at < m_tokens.size() && m_tokens[at].line_start; }

  // "UBND", "Ủy ban nhân dân", "(các) đơn vị" before "cấp": the body of a
  // level, as its name's first words.
  std::size_t after_committee(std::size_t at) const {
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

  // One kind of unit of a level: "tỉnh", "huyện", "quận", "thị xã", "thành
  // phố", "xã", "phường", "thị trấn", "đặc khu", "cơ sở", "sở, ban, ngành".
  // `level`: after "cấp", where "tỉnh" and "cơ sở" are levels too.
  std::optional<LevelName> kind_at(std::size_t at, bool level) const {
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

  // "các đơn vị còn lại", "các cơ quan, đơn vị khác", "các địa phương còn
  // lại": the units no other part names.
  std::optional<LevelName> rest_at(std::size_t at) const {
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

  // "cấp huyện", "cấp quận, huyện", "UBND cấp xã", "UBND các huyện, thị xã,
  // thành phố", "các xã, phường, thị trấn", "các sở, ban, ngành", "đặc khu",
  // "cấp huyện, cấp xã", "cấp huyện và tương đương": one level or a list.
  std::optional<LevelName> level_at(std::size_t at) const {
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

  // Where a part of the cell may begin: the start, a new line, or after a
  // separator (";", ",", ".", "và").
  bool opens_clause(std::size_t at) const {
    if (at == 0 || line_start(at)) {
      return true;
    }
    const Token& before = m_tokens[at - 1];
    return before.type == TokenType::semicolon || before.type == TokenType::comma || before.type == TokenType::dot ||
           (before.type == TokenType::word && before.text == "va");
  }

  // The separator just before a part that opens at `at` (to leave it out of
  // the part before): ";", ",", ".", "và", ", và"; none before a new line.
  std::size_t separator_start(std::size_t at) const {
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

  // The first words of a time or of what is done by it, after a level that
  // opens a part ("Cấp xã hoàn thành trước ...", "Cấp tỉnh trước 30/6"):
  // anything else ("riêng các huyện miền núi trước ...") is a body, not a level.
  bool time_or_work_follows(std::size_t at) const {
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

  // A level that opens a part, and where its time begins: "Cấp tỉnh:", "Đối
  // với cấp huyện:", "riêng cấp xã", "UBND cấp huyện báo cáo ...".
  // `after_label`: right after a label's colon ("Năm 2026: cấp tỉnh ...").
  std::optional<Part> leading_at(std::size_t at, bool after_label = false) const {
    if (!(after_label ? at > 0 && is(at - 1, TokenType::colon) : opens_clause(at))) {
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

  // A level that closes a part, after its time: "đối với cấp huyện", "(đối
  // với cấp xã)", "(cấp tỉnh)", ", riêng cấp xã": [begin, end) of its words.
  struct Trailing {
    std::size_t begin = 0;
    std::size_t end = 0;
    LevelName level;
    bool exception = false;
  };
  std::optional<Trailing> trailing_at(std::size_t at) const {
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

  // A separator or new line at `at`, then a label whose colon a level
  // follows ("; năm 2027: cấp xã ...").
  bool labelled_after(std::size_t at) const {
    const std::size_t pos = past_separator(at);
    if (pos == at && !line_start(at)) {
      return false;
    }
    for (std::size_t label = pos; label < m_tokens.size(); ++label) {
      if (label > pos && (is(label, TokenType::semicolon) || is(label, TokenType::dot) || line_start(label))) {
        return false;
      }
      if (label > pos && leading_at(label, true)) {
        return true;
      }
    }
    return false;
  }

  // The position after a separator that ends a part at `at`.
  std::size_t past_separator(std::size_t at) const {
    if (is(at, TokenType::semicolon) || is(at, TokenType::comma) || is(at, TokenType::dot)) {
      ++at;
    }
    if (word(at, "va")) {
      ++at;
    }
    return at;
  }

  // The cell cut into parts; nullopt when it is no list of levels and times.
  // `unmapped` is set when a level no tier is ("cấp trung ương") opens or
  // closes a part; `unclear` when two levels are named but where one's time
  // ends is not ("Cấp tỉnh: Quý II, Quý III (cấp xã)").
  std::optional<std::vector<Part>> parts(bool& unmapped, bool& unclear) const {
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
          if (at > pos && leading_at(at) && !is(at - 1, TokenType::colon)) {
            break;
          }
          if (at > pos && (trailing = trailing_at(at))) {
            break;
          }
          if (at > pos && (leading = leading_at(at, true))) {
            leading->label_from = pos;
            leading->label_end = at;
            break;
          }
          if (at > pos && leading_at(at)) {
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

 private:
  const std::vector<Token>& m_tokens;
};

// "cấp tỉnh" for a level's mask, as messages name it.
std::string level_words(TierMask tiers) {
  std::string words;
  const auto add = [&words](std::string_view word) { words += (words.empty() ? "" : ", ") + std::string(word); };
  if ((tiers & (k_tier_province | k_tier_department)) == (k_tier_province | k_tier_department)) {
    add("cấp tỉnh");
  } else if ((tiers & k_tier_department) != 0) {
    add("các sở, ban, ngành");
  } else if ((tiers & k_tier_province) != 0) {
    add("UBND tỉnh");
  }
  if ((tiers & k_tier_district) != 0) {
    add("cấp huyện");
  }
  if ((tiers & k_tier_commune) != 0) {
    add("cấp xã");
  }
  if ((tiers & k_tier_other) != 0) {
    add("các đơn vị khác");
  }
  return words;
}

std::vector<Date> due_days(const Timeline& timeline) {
  std::vector<Date> days;
  for (const Occurrence& occurrence : timeline.occurrences) {
    days.push_back(occurrence.nominal_due);
  }
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

bool same_days(const Timeline& a, const Timeline& b) {
  if (due_days(a) != due_days(b) || a.open_ended.size() != b.open_ended.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.open_ended.size(); ++i) {
    Recurrence left = a.open_ended[i];
    Recurrence right = b.open_ended[i];
    left.tiers = right.tiers = 0;
    if (!(left == right)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<PerLevelReading> parse_per_level(std::string_view phrase, std::string_view folded,
                                               const std::vector<Token>& tokens, PlanSpan span) {
  const LevelScanner scanner(tokens);
  bool unmapped = false;
  bool unclear = false;
  const std::optional<std::vector<Part>> found = scanner.parts(unmapped, unclear);
  if (unclear) {
    return PerLevelReading{tl::make_unexpected(PhraseError{
                               "timeline \"" + one_line(phrase) +
                               "\" names levels of government with times of their own, but not where one level's "
                               "time ends: separate the levels' parts with \";\" or a new line"}),
                           false, true};
  }
  // "Cấp huyện, cấp xã: trước ngày 31/3/2026", "Trước ngày 15/6 đối với cấp
  // huyện": one part naming its levels is their time only, as when another
  // part names the other levels; a unit of a tier it does not name has none.
  // Not when more clauses follow ("Cấp cơ sở: hoàn thành trước ...; tổng hợp
  // báo cáo ... trước ..."): whose the later ones are is not said.
  const auto one_clause = [&tokens](const Part& part) {
    for (std::size_t at = part.from; at < part.end && at < tokens.size(); ++at) {
      if (tokens[at].type == TokenType::semicolon || tokens[at].type == TokenType::dot ||
          (at > part.from && tokens[at].line_start)) {
        return false;
      }
    }
    return true;
  };
  if (!found || found->empty() || (found->size() == 1 && (found->front().tiers == 0 || !one_clause(found->front())))) {
    return std::nullopt;
  }
  std::vector<Part> parts = *found;
  // A part that names no level is everyone else's beside a "riêng" (only
  // for) part, or when it says so ("các đơn vị còn lại"); one such part at most.
  const auto unnamed = std::count_if(parts.begin(), parts.end(), [](const Part& part) { return part.tiers == 0; });
  const bool exception = std::any_of(parts.begin(), parts.end(), [](const Part& part) { return part.exception; });
  const bool rest = std::any_of(parts.begin(), parts.end(), [](const Part& part) { return part.rest; });
  if (unnamed > 1 || (unnamed == 1 && !exception && !rest) || unnamed == static_cast<std::ptrdiff_t>(parts.size())) {
    return std::nullopt;
  }
  // Token positions to bytes of the phrase as written.
  const std::vector<std::size_t> origins = fold_origins(phrase, folded);
  const auto offset = [&folded](const Token& token) -> std::optional<std::size_t> {
    if (token.text.data() < folded.data() || token.text.data() + token.text.size() > folded.data() + folded.size()) {
      return std::nullopt;  // a token made by the tokenizer, not written
    }
    return static_cast<std::size_t>(token.text.data() - folded.data());
  };
  const auto written = [&](std::size_t from, std::size_t end) -> std::optional<std::string> {
    if (from >= end) {
      return std::string();
    }
    const std::optional<std::size_t> first = offset(tokens[from]);
    const std::optional<std::size_t> last = offset(tokens[end - 1]);
    if (!first || !last) {
      return std::nullopt;
    }
    const std::size_t stop = *last + tokens[end - 1].text.size();
    if (origins.size() == folded.size() + 1) {
      return std::string(phrase.substr(origins[*first], origins[stop] - origins[*first]));
    }
    return std::string(folded.substr(*first, stop - *first));
  };
  TierMask named = 0;
  for (const Part& part : parts) {
    if ((named & part.tiers) != 0) {
      return PerLevelReading{tl::make_unexpected(PhraseError{
                                 "timeline \"" + one_line(phrase) + "\" names " + level_words(named & part.tiers) +
                                 " in two parts: give each level one time (a task per deadline otherwise)"}),
                             false};
    }
    named |= part.tiers;
  }
  PerLevelReading reading{Timeline{}, parts.size() > 1, false, parts.size() == 1};
  Timeline& combined = *reading.timeline;
  std::optional<Timeline> first_read;
  std::map<Date, std::vector<std::size_t>> by_due;  // indices into combined.occurrences
  // The one year a part names, if it names one ("trước ngày 30/6/2027").
  const auto year_named = [&tokens](const Part& part) -> std::optional<int> {
    std::optional<int> year;
    for (const auto& [from, end] : {std::pair{part.label_from, part.label_end}, std::pair{part.from, part.end}}) {
      for (std::size_t at = from; at < end; ++at) {
        if (PhraseParser::is_year_token(&tokens[at])) {
          if (year && *year != tokens[at].value) {
            return 0;  // several: none carries over
          }
          year = tokens[at].value;
        }
      }
    }
    return year;
  };
  // "Năm 2026: cấp tỉnh trước 30/6, cấp xã trước 30/9": a label is the
  // following parts' too, until one has its own or names a year.
  for (std::size_t index = 1; index < parts.size(); ++index) {
    Part& part = parts[index];
    if (part.label_from == part.label_end && !year_named(part)) {
      part.label_from = parts[index - 1].label_from;
      part.label_end = parts[index - 1].label_end;
    }
  }
  // A part's text as written, after its label when it has one.
  const auto part_text = [&written](const Part& part) -> std::optional<std::string> {
    const std::optional<std::string> time = written(part.from, part.end);
    const std::optional<std::string> label = written(part.label_from, part.label_end);  // "" without one
    if (!time || !label) {
      return std::nullopt;
    }
    return label->empty() || time->empty() ? *label + *time : *label + " " + *time;
  };
  // "Cấp tỉnh trước 30/6; cấp huyện 31/7": a part that writes only its day
  // keeps the "trước" of the part before it, as a list does.
  bool before_in_previous = false;
  for (std::size_t index = 0; index < parts.size(); ++index) {
    const Part& part = parts[index];
    const bool day_alone =
        part.from < part.end && (tokens[part.from].type == TokenType::number ||
                                 (tokens[part.from].type == TokenType::word && tokens[part.from].text == "ngay" &&
                                  part.from + 1 < part.end && tokens[part.from + 1].type == TokenType::number));
    const TierMask tiers = part.tiers != 0 ? part.tiers : static_cast<TierMask>(k_every_tier & ~named);
    // "Trước ngày 15/6 đối với cấp huyện; trước ngày 30/6/2027 đối với cấp
    // tỉnh": as in one list, a year written after a part without one is its
    // year too (a yearly part keeps the plan's years).
    std::optional<int> carried;
    std::size_t carrier = index;
    if (!year_named(part)) {
      for (std::size_t later = index + 1; later < parts.size() && !carried; ++later) {
        carried = year_named(parts[later]);
        carrier = later;
      }
    }
    const std::optional<std::string> text = part_text(part);
    if (!text) {
      return std::nullopt;
    }
    const std::string whom = part.tiers != 0 ? level_words(part.tiers) : "every other unit";
    if (text->find_first_not_of(" \t\n") == std::string::npos) {
      return PerLevelReading{tl::make_unexpected(PhraseError{"timeline \"" + one_line(phrase) + "\" gives " + whom +
                                                             " no time of its own"}),
                             false};
    }
    auto read = parse_timeline(*text, span);
    if (carried && *carried != 0 && *carried != span.first && read) {
      PlanSpan of_that_year = span;
      of_that_year.first = *carried;
      of_that_year.last = std::max(*carried, span.bounded_last());
      auto dated = parse_timeline(*text, of_that_year);
      // A cadence ("hằng năm", "mỗi quý", "định kỳ", "các năm tiếp theo")
      // keeps the plan's years.
      bool cadence = false;
      for (std::size_t at = part.from; at < part.end && !cadence; ++at) {
        const std::string_view word = tokens[at].type == TokenType::word ? tokens[at].text : std::string_view();
        cadence = word == "hang" || word == "moi" || word == "dinh" || word == "lan" || word == "tiep";
      }
      // "Cấp xã: trước 20/12; cấp huyện: trước 15/01/2027": the year runs
      // on into the next one, so a day that would fall after the part that
      // wrote the year is of the year before it.
      const auto last_due = [](const Timeline& timeline) {
        Date last = timeline.occurrences.front().nominal_due;
        for (const Occurrence& occurrence : timeline.occurrences) {
          last = std::max(last, occurrence.nominal_due);
        }
        return last;
      };
      const auto same_shape = [&read](const tl::expected<Timeline, PhraseError>& other) {
        return other && !other->is_open_ended() && !other->occurrences.empty() &&
               other->occurrences.size() == read->occurrences.size();
      };
      if (!cadence && !read->is_open_ended() && same_shape(dated)) {
        const std::optional<std::string> carrier_text = part_text(parts[carrier]);
        const auto carrier_read = carrier_text ? parse_timeline(*carrier_text, span)
                                               : tl::expected<Timeline, PhraseError>(tl::unexpect, PhraseError{});
        if (carrier_read && !carrier_read->occurrences.empty()) {
          Date first_of_carrier = carrier_read->occurrences.front().nominal_due;
          for (const Occurrence& occurrence : carrier_read->occurrences) {
            first_of_carrier = std::min(first_of_carrier, occurrence.nominal_due);
          }
          if (last_due(*dated) > first_of_carrier) {
            PlanSpan of_the_year_before = of_that_year;
            of_the_year_before.first = *carried - 1;
            auto earlier = parse_timeline(*text, of_the_year_before);
            if (same_shape(earlier) && last_due(*earlier) <= first_of_carrier) {
              dated = std::move(earlier);
            }
          }
        }
        read = std::move(dated);
      }
    }
    // "Sau khi Đề án được phê duyệt: cấp tỉnh hoàn thành trong 30 ngày; ...":
    // a label that is an event, not a time, is no level's: the cell is read whole.
    const bool labelled = part.label_from != part.label_end;
    if (labelled && (!read || read->kind != TimelineKind::dated)) {
      return std::nullopt;
    }
    if (!read) {
      PhraseError error = read.error();
      error.message = "timeline \"" + one_line(phrase) + "\": the time for " + whom + ", \"" + one_line(*text) +
                      "\", is not understood (" + error.message + ")";
      return PerLevelReading{tl::make_unexpected(std::move(error)), false};
    }
    if (read->kind != TimelineKind::dated || (read->occurrences.empty() && read->open_ended.empty()) ||
        read->tiers_named() != 0) {
      return PerLevelReading{tl::make_unexpected(PhraseError{
                                 "timeline \"" + one_line(phrase) + "\" gives " + whom + " \"" + one_line(*text) +
                                 "\", which names no deadline: every level's part must name its days "
                                 "(make a task for each level otherwise)"}),
                             false};
    }
    if (first_read && !same_days(*first_read, *read)) {
      reading.same_for_all = false;
    }
    if (!first_read) {
      first_read = *read;
    }
    const bool before = std::all_of(read->occurrences.begin(), read->occurrences.end(),
                                    [](const Occurrence& o) { return o.anchor == DueAnchor::before_date; });
    const bool carry_before = day_alone && before_in_previous;
    before_in_previous = !read->occurrences.empty() && (before || carry_before);
    for (Occurrence occurrence : read->occurrences) {
      occurrence.tiers = tiers;
      if (carry_before && occurrence.period == PeriodKind::day) {
        occurrence.anchor = DueAnchor::before_date;
      }
      // The same occurrence in two levels' parts is one, for both.
      auto& same_day = by_due[occurrence.nominal_due];
      const auto twin = std::find_if(same_day.begin(), same_day.end(), [&](std::size_t kept) {
        Occurrence same = combined.occurrences[kept];
        same.tiers = tiers;
        return same == occurrence;
      });
      if (twin != same_day.end()) {
        combined.occurrences[*twin].tiers |= tiers;
      } else {
        same_day.push_back(combined.occurrences.size());
        combined.occurrences.push_back(std::move(occurrence));
      }
    }
    for (Recurrence recurrence : read->open_ended) {
      recurrence.tiers = tiers;
      for (Occurrence& occurrence : recurrence.pattern) {
        occurrence.tiers = tiers;
      }
      combined.open_ended.push_back(std::move(recurrence));
    }
    combined.conditional = combined.conditional || read->conditional;
    if (!read->note.empty()) {
      combined.note += (combined.note.empty() ? "" : "; ") + (part.tiers != 0 ? whom + ": " : "") + read->note;
    }
  }
  std::stable_sort(combined.occurrences.begin(), combined.occurrences.end(),
                   [](const Occurrence& a, const Occurrence& b) { return a.nominal_due < b.nominal_due; });
  if (reading.same_for_all) {
    // "Cấp tỉnh trước 30/6; cấp huyện 30/6", "Quý II/2026 đối với cấp tỉnh;
    // tháng 6/2026 đối với cấp xã": every level the same days, when the cell
    // read whole does not take it: one deadline a day, for every unit.
    std::vector<Occurrence> one_a_day;
    for (Occurrence& occurrence : combined.occurrences) {
      occurrence.tiers = 0;
      if (one_a_day.empty() || one_a_day.back().nominal_due != occurrence.nominal_due) {
        one_a_day.push_back(std::move(occurrence));
      }
    }
    combined.occurrences = std::move(one_a_day);
    for (Recurrence& recurrence : combined.open_ended) {
      recurrence.tiers = 0;
      for (Occurrence& occurrence : recurrence.pattern) {
        occurrence.tiers = 0;
      }
    }
    combined.open_ended.erase(std::unique(combined.open_ended.begin(), combined.open_ended.end()),
                              combined.open_ended.end());
  }
  return reading;
}

}  // namespace deadlined::timeline_detail
