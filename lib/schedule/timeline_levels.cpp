// A cell that gives each level of government its own time ("Trước ngày 15/6
// đối với cấp huyện; trước ngày 30/6 đối với cấp tỉnh", "Cấp tỉnh: Quý II;
// cấp huyện, cấp xã: Quý III", "...; riêng cấp xã trước ngày 10/12"): cut
// into parts at the levels named, each part read as a cell of its own, its
// occurrences marked with the tiers of the units it is for.
#include "schedule/timeline_level_scanner.hpp"
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

using levels::LevelScanner;
using levels::Part;

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
    std::optional<std::string> label = written(part.label_from, part.label_end);  // "" without one
    if (!time || !label) {
      return std::nullopt;
    }
    while (!label->empty() && (label->back() == ' ' || label->back() == '\t' || label->back() == '\n')) {
      label->pop_back();
    }
    // "Năm 2026, cấp tỉnh ...": the label is read as "Năm 2026: ...".
    const bool colon = label->empty() || label->back() == ':';
    return label->empty() || time->empty() ? *label + *time : *label + (colon ? " " : ": ") + *time;
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
