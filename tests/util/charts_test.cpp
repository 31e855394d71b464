#include "util/charts.hpp"

#include <gtest/gtest.h>

namespace deadlined::charts {
namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST(Charts, EscapesTextAndAttributes) {
  EXPECT_EQ(escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(escape(std::string("a\x01"
                               "b")),
            "ab");  // no control characters in XML
  std::string svg = rate_bars({RateRow{"x\"><script>", "Sở <b>\"A\"</b> & B", 1, 0, 0, 1, 0.5}}, "unit", "t<itle>");
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_NE(svg.find("data-unit=\"x&quot;&gt;&lt;script&gt;\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("Sở &lt;b&gt;&quot;A&quot;&lt;/b&gt; &amp; B"), std::string::npos);
  EXPECT_NE(svg.find("<title>t&lt;itle&gt;</title>"), std::string::npos);
}

TEST(Charts, RateBarsCarryTheirNumbers) {
  std::vector<RateRow> rows{{"stp", "Sở Tư pháp", 2, 1, 3, 4, 2.0 / 7.0}, {"snv", "Sở Nội vụ", 0, 0, 5, 0, {}}};
  std::string svg = rate_bars(rows, "unit", "Tỷ lệ");
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("data-unit=\"stp\" data-on-time=\"2\" data-late=\"1\" data-pending=\"3\" "
                     "data-overdue=\"4\" "
                     "data-total=\"10\" data-rate=\"0.285714\""),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("data-unit=\"snv\" data-on-time=\"0\" data-late=\"0\" data-pending=\"5\" "
                     "data-overdue=\"0\" "
                     "data-total=\"5\" data-rate=\"\""),
            std::string::npos);
  // The rate bar of stp is 2/7 of 400 px; snv has none.
  EXPECT_NE(svg.find("class=\"rate\" x=\"350\" y=\"28\" width=\"114.3\""), std::string::npos) << svg;
  EXPECT_EQ(count(svg, "class=\"rate\""), 1u);
  EXPECT_NE(svg.find("28,6 %"), std::string::npos);
  EXPECT_NE(svg.find("4 quá hạn"), std::string::npos);
  EXPECT_NE(svg.find("—"), std::string::npos);
  EXPECT_EQ(count(svg, "<g class=\"row\""), 2u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
}

TEST(Charts, RateBarsOfTiersNameTheTier) {
  std::string svg = rate_bars({{"department", "Sở, ban, ngành", 1, 0, 0, 0, 1.0}}, "tier", "t");
  EXPECT_NE(svg.find("data-tier=\"department\""), std::string::npos);
  EXPECT_NE(svg.find("100,0 %"), std::string::npos);
}

TEST(Charts, HeatMapCellsAndRowTotals) {
  std::vector<HeatColumn> columns{{"2022-03", "T3"}, {"2022-04", "T4"}};
  std::vector<HeatRow> rows{{"stp", "Sở Tư pháp", {2, 1}}, {"snv", "Sở Nội vụ", {0, 0}}};
  std::string svg = heat_map(columns, rows, "Quá hạn");
  EXPECT_NE(svg.find("<g class=\"row\" data-unit=\"stp\" data-overdue=\"3\">"), std::string::npos) << svg;
  EXPECT_NE(svg.find("data-unit=\"stp\" data-month=\"2022-03\" data-overdue=\"2\""), std::string::npos);
  EXPECT_NE(svg.find("data-unit=\"stp\" data-month=\"2022-04\" data-overdue=\"1\""), std::string::npos);
  EXPECT_NE(svg.find("data-unit=\"snv\" data-month=\"2022-04\" data-overdue=\"0\""), std::string::npos);
  EXPECT_EQ(count(svg, "<g class=\"cell\""), 4u);
  EXPECT_NE(svg.find(">T3</text>"), std::string::npos);
}

TEST(Charts, TimelineMarksAndToday) {
  std::vector<AxisTick> ticks{{0.0, "T1/22"}, {0.5, "T7"}};
  std::vector<TimelineRow> rows{
      {"II.3.1a",
       "Rà soát <thủ tục>",
       {{0.25, "2022-03-31", "overdue", 2, "hạn"}, {0.75, "2022-09-30", "pending", 2, "hạn"}}},
      {"II.3.1b", "Rà soát <thủ tục>", {}}};
  std::string svg = timeline(ticks, rows, 0.3, "Tiến độ");
  EXPECT_NE(svg.find("data-task=\"II.3.1a\" data-due=\"2022-03-31\" data-status=\"overdue\" data-count=\"2\""),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("data-due=\"2022-09-30\" data-status=\"pending\""), std::string::npos);
  // Task ids are shown with their titles, so equal titles can be told apart.
  EXPECT_NE(svg.find("<tspan font-weight=\"bold\">II.3.1a</tspan> Rà soát &lt;thủ tục&gt;"), std::string::npos);
  EXPECT_NE(svg.find("<tspan font-weight=\"bold\">II.3.1b</tspan>"), std::string::npos);
  EXPECT_NE(svg.find("class=\"today\""), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#c62828\""), std::string::npos);
  EXPECT_EQ(timeline(ticks, rows, std::nullopt, "t").find("class=\"today\""), std::string::npos);
}

TEST(Charts, LongLabelsAreCutOnCharacterBoundaries) {
  std::string label;
  for (int i = 0; i < 80; ++i) {
    label += "ệ";
  }
  std::string svg = rate_bars({{"u", label, 0, 0, 1, 0, {}}}, "unit", "t");
  const auto end = svg.find("…</text>");
  ASSERT_NE(end, std::string::npos) << svg;
  const auto begin = svg.rfind('>', end) + 1;
  const std::string shown = svg.substr(begin, end - begin);
  ASSERT_EQ(shown.size() % std::string("ệ").size(), 0u);
  for (std::size_t i = 0; i < shown.size(); i += std::string("ệ").size()) {
    EXPECT_EQ(shown.substr(i, std::string("ệ").size()), "ệ");
  }
  EXPECT_GT(shown.size(), 20 * std::string("ệ").size());
  EXPECT_NE(svg.find("<title>" + label + ":"), std::string::npos) << "the full label is the row's tooltip";
}

// A province's unit names (up to ~65 characters, capitals and stacked
// diacritics) are cut to the label column's width, not to a character count:
// 52 characters of bold Vietnamese overflowed the 340 px column to the left.
TEST(Charts, LongVietnameseNamesFitTheLabelColumn) {
  const std::string name = "Ủy ban nhân dân các xã, phường, thị trấn thuộc thị xã Hương Thủy";
  for (int overdue : {0, 3}) {
    std::string svg = rate_bars({{"u", name, 0, 0, 1, overdue, {}}}, "unit", "t");
    EXPECT_NE(svg.find("…</text>"), std::string::npos) << svg;
    EXPECT_NE(svg.find("<title>" + name + ":"), std::string::npos);
    std::string heat = heat_map({{"2022-01", "T1/22"}}, {{"u", name, {overdue}}}, "t");
    EXPECT_NE(heat.find("…</text>"), std::string::npos) << heat;
  }
  // Short names are left whole.
  std::string svg = rate_bars({{"u", "Sở Tư pháp", 0, 0, 1, 1, {}}}, "unit", "t");
  EXPECT_NE(svg.find(">Sở Tư pháp</text>"), std::string::npos) << svg;
}

// A plan in its second year has 25 months: narrow columns keep their month
// labels apart (a label that would touch the previous one is left out), and
// every cell still names its month in its tooltip.
TEST(Charts, HeatMapMonthLabelsDoNotRunTogether) {
  std::vector<HeatColumn> columns;
  for (int i = 0; i < 25; ++i) {
    const int month = (11 + i) % 12 + 1;
    const int year = 21 + (11 + i) / 12;
    columns.push_back({"20" + std::to_string(year) + "-" + (month < 10 ? "0" : "") + std::to_string(month),
                       // As report_charts labels them: the year on the first month and on each January.
                       "T" + std::to_string(month) + (i == 0 || month == 1 ? "/" + std::to_string(year) : "")});
  }
  std::string svg = heat_map(columns, {{"u", "Sở Tư pháp", std::vector<int>(25, 1)}}, "t");
  // (centre x, characters) of each month label; DejaVu Sans at 12 px draws
  // "T12/21" about 40 px wide, so two labels may not be closer than half
  // their widths, ~3.3 px a character each side.
  const std::string marker = "y=\"14\" text-anchor=\"middle\" fill=\"#666\">";
  std::vector<std::pair<int, std::size_t>> labels;
  for (auto at = svg.find(marker); at != std::string::npos; at = svg.find(marker, at + 1)) {
    const auto x = svg.rfind("x=\"", at) + 3;
    const auto text = at + marker.size();
    labels.emplace_back(std::stoi(svg.substr(x)), svg.find("</text>", text) - text);
  }
  ASSERT_GE(labels.size(), 6u) << svg;
  EXPECT_LT(labels.size(), 25u);
  for (std::size_t i = 1; i < labels.size(); ++i) {
    const double room = 3.3 * static_cast<double>(labels[i].second + labels[i - 1].second);
    EXPECT_GE(labels[i].first - labels[i - 1].first, room) << svg;
  }
  // The labels naming a year are kept: the reader can tell 2022's months from 2023's.
  // (T1/22 touches T12/21 next to it: the first one placed stays.)
  for (const char* year_label : {">T12/21</text>", ">T1/23</text>"}) {
    EXPECT_NE(svg.find(year_label), std::string::npos) << year_label << "\n" << svg;
  }
  EXPECT_NE(svg.find("<title>Sở Tư pháp, T12/21: 1 quá hạn</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>Sở Tư pháp, T12: 1 quá hạn</title>"), std::string::npos);
  EXPECT_EQ(count(svg, "<g class=\"cell\""), 25u);
}

TEST(Charts, EmptyInputsAreValidSvg) {
  for (const std::string& svg : {rate_bars({}, "unit", "t"), heat_map({}, {}, "t"), timeline({}, {}, {}, "t")}) {
    EXPECT_EQ(svg.rfind("<svg", 0), 0u);
    EXPECT_NE(svg.find("</svg>"), std::string::npos);
  }
}

}  // namespace
}  // namespace deadlined::charts
