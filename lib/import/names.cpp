#include "import/names.hpp"

#include "config/config.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

namespace deadlined::import {

namespace {

struct Word {
  std::string folded;
  std::size_t begin = 0;  // byte offsets in the original text
  std::size_t end = 0;
};

bool stop_word(std::string_view word) {
  static constexpr std::array<std::string_view, 4> k_stop = {"cac", "va", "cua", "voi"};
  return std::find(k_stop.begin(), k_stop.end(), word) != k_stop.end();
}

// Length of the separator starting at `i` (0: a word byte). Separators are
// ASCII characters other than letters and digits, U+00A0, and the general
// punctuation block U+2000..U+206F (dashes, quotes, ellipsis).
std::size_t separator_length(std::string_view text, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return alnum ? 0 : 1;
  }
  if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
    return 2;
  }
  if (c == 0xE2 && i + 2 < text.size()) {
    unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
    if (c1 == 0x80 || c1 == 0x81) {
      return 3;
    }
  }
  return 0;
}

std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t skip = separator_length(text, i);
    if (skip > 0) {
      i += skip;
      continue;
    }
    std::size_t begin = i;
    while (i < text.size() && separator_length(text, i) == 0) {
      ++i;
    }
    std::string folded = fold_vietnamese(text.substr(begin, i - begin));
    if (!folded.empty()) {
      words.push_back(Word{std::move(folded), begin, i});
    }
  }
  // "Ủy ban nhân dân" is written "UBND" as often as not.
  std::vector<Word> merged;
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (k + 3 < words.size() && words[k].folded == "uy" && words[k + 1].folded == "ban" &&
        words[k + 2].folded == "nhan" && words[k + 3].folded == "dan") {
      merged.push_back(Word{"ubnd", words[k].begin, words[k + 3].end});
      k += 3;
    } else if (!stop_word(words[k].folded)) {
      merged.push_back(words[k]);
    }
  }
  return merged;
}

}  // namespace

std::optional<RoleTexts> split_roles(std::string_view cell) {
  const std::vector<Word> words = words_of(cell);
  const auto find_pair = [&words](std::string_view first, std::string_view second) -> std::optional<std::size_t> {
    for (std::size_t k = 0; k + 1 < words.size(); ++k) {
      if (words[k].folded == first && words[k + 1].folded == second) {
        return k;
      }
    }
    return std::nullopt;
  };
  const std::optional<std::size_t> lead_at = find_pair("chu", "tri");
  if (!lead_at) {
    return std::nullopt;
  }
  const std::optional<std::size_t> support_at = find_pair("phoi", "hop");
  const std::size_t lead_begin = words[*lead_at].begin;
  const std::size_t lead_end = words[*lead_at + 1].end;
  if (!support_at) {
    // "Sở Nội vụ (chủ trì), Sở Tư pháp": only a marker in brackets, after
    // the lead; "được giao chủ trì soạn thảo" describes a unit.
    const std::size_t open = cell.find_last_not_of(" \t", lead_begin == 0 ? 0 : lead_begin - 1);
    const std::size_t close = cell.find_first_not_of(" \t", lead_end);
    if (*lead_at == 0 || lead_begin == 0 || open == std::string_view::npos || cell[open] != '(' ||
        close == std::string_view::npos || cell[close] != ')') {
      return std::nullopt;
    }
    return RoleTexts{std::string(cell.substr(0, open)), std::string(cell.substr(close + 1))};
  }
  // Three stretches around the two markers; each marker names the stretch
  // before it when that holds words not yet named, else the one after it.
  const bool lead_first = *lead_at < *support_at;
  const std::size_t first = lead_first ? *lead_at : *support_at;
  const std::size_t second = lead_first ? *support_at : *lead_at;
  if (second < first + 2) {
    return std::nullopt;
  }
  const std::array<std::pair<std::size_t, std::size_t>, 3> stretches = {
      std::pair<std::size_t, std::size_t>{0, first}, {first + 2, second}, {second + 2, words.size()}};
  const auto text_of = [&](std::size_t index) {
    const auto [from, to] = stretches[index];
    return from < to ? std::string(cell.substr(words[from].begin, words[to - 1].end - words[from].begin))
                     : std::string();
  };
  const std::size_t first_names = text_of(0).empty() ? 1 : 0;
  const std::size_t second_names = first_names == 0 && !text_of(1).empty() ? 1 : 2;
  for (std::size_t index = 0; index < 3; ++index) {
    if (index != first_names && index != second_names && !text_of(index).empty()) {
      return std::nullopt;  // words no marker names: left for the admin
    }
  }
  RoleTexts roles{text_of(lead_first ? first_names : second_names), text_of(lead_first ? second_names : first_names)};
  if (roles.lead.empty()) {
    return std::nullopt;
  }
  return roles;
}

std::vector<std::string> match_words(std::string_view text) {
  std::vector<std::string> result;
  for (auto& word : words_of(text)) {
    result.push_back(std::move(word.folded));
  }
  return result;
}

NameIndex::NameIndex(const std::vector<NamedEntity>& entities) {
  for (const auto& entity : entities) {
    for (const auto& name : entity.names) {
      auto words = match_words(name);
      if (!words.empty()) {
        m_entries.push_back(Entry{std::move(words), entity.id});
      }
    }
  }
  std::stable_sort(m_entries.begin(), m_entries.end(),
                   [](const Entry& a, const Entry& b) { return a.words.size() > b.words.size(); });
}

NameIndex NameIndex::from_config(const Config& config) {
  std::vector<NamedEntity> entities;
  for (const auto& unit : config.units) {
    NamedEntity entity{unit.id, {unit.name}};
    entity.names.insert(entity.names.end(), unit.aliases.begin(), unit.aliases.end());
    entities.push_back(std::move(entity));
  }
  for (const auto& group : config.groups) {
    NamedEntity entity{group.id, {group.name}};
    entity.names.insert(entity.names.end(), group.aliases.begin(), group.aliases.end());
    entities.push_back(std::move(entity));
  }
  return NameIndex(entities);
}

Resolution NameIndex::resolve(std::string_view cell) const {
  Resolution result;
  std::vector<Word> words = words_of(cell);
  std::size_t i = 0;
  std::size_t unmatched_from = words.size();  // first word of the current unmatched run
  auto flush = [&](std::size_t until) {
    if (unmatched_from < until) {
      std::size_t begin = words[unmatched_from].begin;
      std::size_t end = words[until - 1].end;
      result.unresolved.emplace_back(cell.substr(begin, end - begin));
    }
    unmatched_from = words.size();
  };
  while (i < words.size()) {
    const Entry* match = nullptr;
    for (const auto& entry : m_entries) {
      if (entry.words.size() > words.size() - i) {
        continue;
      }
      bool equal = true;
      for (std::size_t k = 0; k < entry.words.size(); ++k) {
        if (entry.words[k] != words[i + k].folded) {
          equal = false;
          break;
        }
      }
      if (equal) {
        match = &entry;
        break;  // entries are longest first
      }
    }
    if (match == nullptr) {
      if (unmatched_from == words.size()) {
        unmatched_from = i;
      }
      ++i;
      continue;
    }
    flush(i);
    if (std::find(result.ids.begin(), result.ids.end(), match->id) == result.ids.end()) {
      result.ids.push_back(match->id);
    }
    i += match->words.size();
  }
  flush(words.size());
  return result;
}

}  // namespace deadlined::import
