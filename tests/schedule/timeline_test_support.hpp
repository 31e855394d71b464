#pragma once
// Helpers of the timeline tests (tests/schedule/timeline_*_test.cpp): parse a
// phrase expecting success or refusal, and describe what was read.
#include "schedule/timeline.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace deadlined::timeline_testing {

constexpr int k_plan_year = 2022;  // the seed plan's year

inline Timeline parse_ok(std::string_view phrase, int default_year = k_plan_year) {
  auto result = parse_timeline(phrase, default_year);
  EXPECT_TRUE(result.has_value()) << "phrase: " << phrase << "\n" << (result ? std::string{} : result.error().message);
  return result ? *result : Timeline{};
}

inline std::string parse_error(std::string_view phrase, int default_year = k_plan_year) {
  auto result = parse_timeline(phrase, default_year);
  EXPECT_FALSE(result.has_value()) << "phrase unexpectedly understood: " << phrase;
  return result ? std::string{} : result.error().message;
}

inline std::vector<std::string> due_dates(const Timeline& timeline) {
  std::vector<std::string> dates;
  for (const Occurrence& occurrence : timeline.occurrences) {
    dates.push_back(to_iso(occurrence.nominal_due));
  }
  return dates;
}

inline std::vector<std::string> labels(const Timeline& timeline) {
  std::vector<std::string> out;
  for (const Occurrence& occurrence : timeline.occurrences) {
    out.push_back(occurrence.label);
  }
  return out;
}

// A readable dump of everything parse_timeline decides, for comparing two
// spellings of one phrase with a useful failure message.
inline std::string describe(const Timeline& timeline) {
  std::string out = std::string(to_string(timeline.kind)) + (timeline.conditional ? " conditional" : "");
  for (const Occurrence& occurrence : timeline.occurrences) {
    out += " [" + occurrence.label + " " + to_iso(occurrence.period_start) + ".." + to_iso(occurrence.nominal_due) +
           " " + std::string(to_string(occurrence.period)) +
           (occurrence.anchor == DueAnchor::before_date ? " before" : "") + (occurrence.report ? " report" : "") + "]";
  }
  return out;
}

inline std::string parsed(std::string_view phrase, int default_year = k_plan_year) {
  return describe(parse_ok(phrase, default_year));
}

inline std::string expected_error(std::string_view phrase) {
  return "cannot understand timeline \"" + std::string(phrase) + "\"";
}

// Over a plan's span (first and last year).
inline std::string parse_error(std::string_view phrase, PlanSpan span) {
  auto result = parse_timeline(phrase, span);
  EXPECT_FALSE(result.has_value()) << "phrase unexpectedly understood: " << phrase;
  return result ? std::string{} : result.error().message;
}

inline Timeline parse_ok(std::string_view phrase, PlanSpan span) {
  auto result = parse_timeline(phrase, span);
  EXPECT_TRUE(result.has_value()) << "phrase: " << phrase << "\n" << (result ? std::string{} : result.error().message);
  return result ? *result : Timeline{};
}

// The nominal due dates of every occurrence through `last_year`, open-ended ones included, in date order.
inline std::vector<std::string> dues_through(const Timeline& timeline, int last_year) {
  std::vector<std::string> out;
  for (const Occurrence& occurrence :
       occurrences_between(timeline, make_date(1900, 1, 1), make_date(last_year, 12, 31))) {
    out.push_back(to_iso(occurrence.nominal_due));
  }
  return out;
}

}  // namespace deadlined::timeline_testing
