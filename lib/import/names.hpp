#pragma once
// Resolving the lead and support cells of a plan's table ("Các sở, ban, ngành
// cấp tỉnh; UBND cấp huyện, xã") to unit and group ids by their names and
// aliases. Pure: no files, no config loading.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deadlined {
struct Config;
}

namespace deadlined::import {

struct NamedEntity {
  std::string id;
  std::vector<std::string> names;  // the name, then the aliases
};

struct Resolution {
  std::vector<std::string> ids;         // in the order the cell names them, de-duplicated
  std::vector<std::string> unresolved;  // fragments of the cell (as written) that name nothing known
};

// Matching ignores case, diacritics, punctuation and the words "các", "và",
// "của", "với"; "Ủy ban nhân dân" and "UBND" are the same. At each place of the
// cell the longest name or alias that matches wins, so "Các sở, ban, ngành cấp
// tỉnh, UBND cấp huyện" is two entities, not four fragments.
class NameIndex {
 public:
  explicit NameIndex(const std::vector<NamedEntity>& entities);
  static NameIndex from_config(const Config& config);

  Resolution resolve(std::string_view cell) const;

 private:
  struct Entry {
    std::vector<std::string> words;
    std::string id;
  };
  std::vector<Entry> m_entries;  // longest first
};

// A lead cell that says who leads and who supports ("Sở Nội vụ chủ trì,
// phối hợp với Sở Tư pháp"; "Chủ trì: Sở Nội vụ; phối hợp: Sở Tư pháp";
// "Sở Nội vụ (chủ trì), Sở Tư pháp"), as plans with one "Cơ quan thực hiện"
// column write it: the text naming the lead and the text naming the support.
struct RoleTexts {
  std::string lead;
  std::string support;
};
std::optional<RoleTexts> split_roles(std::string_view cell);

// The words of a text as matching sees them (folded, stop words dropped,
// "uy ban nhan dan" -> "ubnd"). Exposed for tests.
std::vector<std::string> match_words(std::string_view text);

}  // namespace deadlined::import
