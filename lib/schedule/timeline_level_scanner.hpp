#pragma once
// Finding the parts of a cell that gives each level of government its own
// time: which words name a level, where each level's time begins and ends,
// and the label before it. Used by timeline_levels.cpp only.
#include "schedule/timeline_parser.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace deadlined::timeline_detail::levels {

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
  std::size_t after_committee(std::size_t at) const;

  // One kind of unit of a level: "tỉnh", "huyện", "quận", "thị xã", "thành
  // phố", "xã", "phường", "thị trấn", "đặc khu", "cơ sở", "sở, ban, ngành".
  // `level`: after "cấp", where "tỉnh" and "cơ sở" are levels too.
  std::optional<LevelName> kind_at(std::size_t at, bool level) const;

  // "các đơn vị còn lại", "các cơ quan, đơn vị khác", "các địa phương còn
  // lại": the units no other part names.
  std::optional<LevelName> rest_at(std::size_t at) const;

  // "cấp huyện", "cấp quận, huyện", "UBND cấp xã", "UBND các huyện, thị xã,
  // thành phố", "các xã, phường, thị trấn", "các sở, ban, ngành", "đặc khu",
  // "cấp huyện, cấp xã", "cấp huyện và tương đương": one level or a list.
  std::optional<LevelName> level_at(std::size_t at) const;

  // Where a part of the cell may begin: the start, a new line, or after a
  // separator (";", ",", ".", "và").
  bool opens_clause(std::size_t at) const;

  // The separator just before a part that opens at `at` (to leave it out of
  // the part before): ";", ",", ".", "và", ", và"; none before a new line.
  std::size_t separator_start(std::size_t at) const;

  // The first words of a time or of what is done by it, after a level that
  // opens a part ("Cấp xã hoàn thành trước ...", "Cấp tỉnh trước 30/6"):
  // anything else ("riêng các huyện miền núi trước ...") is a body, not a level.
  bool time_or_work_follows(std::size_t at) const;

  // A level that opens a part, and where its time begins: "Cấp tỉnh:", "Đối
  // với cấp huyện:", "riêng cấp xã", "UBND cấp huyện báo cáo ...".
  // `after_label`: right after a label (labelled_at checks it).
  std::optional<Part> leading_at(std::size_t at, bool after_label = false) const;

  // A level that closes a part, after its time: "đối với cấp huyện", "(đối
  // với cấp xã)", "(cấp tỉnh)", ", riêng cấp xã": [begin, end) of its words.
  struct Trailing {
    std::size_t begin = 0;
    std::size_t end = 0;
    LevelName level;
    bool exception = false;
  };
  std::optional<Trailing> trailing_at(std::size_t at) const;

  // "Năm 2026", "trong năm 2026", "Giai đoạn 2026-2027": a year label, [from, end).
  bool year_label(std::size_t from, std::size_t end) const;

  // A level that opens a part after a label begun at `from`: any label and
  // its colon ("Năm 2026: cấp tỉnh ..."), or a year label and a comma, a
  // dash or nothing ("Năm 2026, cấp tỉnh hoàn thành trước 30/6").
  std::optional<Part> labelled_at(std::size_t from, std::size_t at) const;

  // A separator or new line at `at`, then a label whose colon a level
  // follows ("; năm 2027: cấp xã ...").
  bool labelled_after(std::size_t at) const;

  // The position after a separator that ends a part at `at`.
  std::size_t past_separator(std::size_t at) const;

  // The cell cut into parts; nullopt when it is no list of levels and times.
  // `unmapped` is set when a level no tier is ("cấp trung ương") opens or
  // closes a part; `unclear` when two levels are named but where one's time
  // ends is not ("Cấp tỉnh: Quý II, Quý III (cấp xã)").
  std::optional<std::vector<Part>> parts(bool& unmapped, bool& unclear) const;

 private:
  const std::vector<Token>& m_tokens;
};

}  // namespace deadlined::timeline_detail::levels
