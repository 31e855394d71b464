#include "util/charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace deadlined::charts {

namespace {

constexpr int k_width = 960;
constexpr int k_label_width = 340;  // left column of labels
constexpr int k_plot_left = k_label_width + 10;
constexpr const char* k_font = "font-family=\"Noto Sans, DejaVu Sans, Arial, sans-serif\"";

std::string num(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string precise(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6f", value);
  return buffer;
}

// "85,7 %" with the Vietnamese decimal comma; "—" without a rate.
std::string percent(const std::optional<double>& rate) {
  if (!rate) {
    return "—";
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f %%", *rate * 100.0);
  std::string text = buffer;
  std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

// At most `limit` code points, with an ellipsis when cut (UTF-8 safe).
std::string shorten(std::string_view text, std::size_t limit) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
      if (points == limit) {
        return std::string(text.substr(0, i)) + "…";
      }
      ++points;
    }
  }
  return std::string(text);
}

// Width of one code point in em, roughly as DejaVu Sans / Noto Sans draw it:
// enough to keep a label inside its column without measuring glyphs.
double glyph_em(char32_t point) {
  if (point == U' ' || point == U',' || point == U'.' || point == U'(' || point == U')' || point == U'-' ||
      point == U'i' || point == U'l' || point == U'j' || point == U't' || point == U'f' || point == U'r' ||
      point == U'I' || point == U'/') {
    return 0.36;
  }
  const bool vietnamese_capital = (point >= 0x1EA0U && point <= 0x1EF9U && point % 2 == 0) ||
                                  (point >= 0xC0U && point <= 0xDEU) || point == 0x110U || point == 0x1A0U ||
                                  point == 0x1AFU;
  if ((point >= U'A' && point <= U'Z') || vietnamese_capital || point == U'm' || point == U'w' || point > 0x2000U) {
    return 0.78;  // capitals, wide letters, symbols
  }
  return 0.64;
}

// Calls `each(point, length)` for every code point of UTF-8 `text`.
template <typename Each>
void for_each_point(std::string_view text, Each each) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80U ? 1 : lead < 0xE0U ? 2 : lead < 0xF0U ? 3 : 4;
    length = std::min(length, text.size() - i);
    char32_t point = length == 1 ? lead : lead & (0xFFU >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
      point = (point << 6U) | (static_cast<unsigned char>(text[i + k]) & 0x3FU);
    }
    each(point, i + length);
    i += length;
  }
}

// Bold draws about 10 % wider.
double em_pixels(double font_px, bool bold) {
  return font_px * (bold ? 1.1 : 1.0);
}

// The estimated drawn width of `text`, in pixels.
double text_width(std::string_view text, double font_px, bool bold) {
  double width = 0;
  for_each_point(text, [&](char32_t point, std::size_t) { width += glyph_em(point) * em_pixels(font_px, bold); });
  return width;
}

// The longest prefix of `text` that fits `pixels`, with an ellipsis when cut;
// UTF-8 safe. The full text stays in the row's <title>.
std::string fit_width(std::string_view text, double pixels, double font_px, bool bold) {
  if (text_width(text, font_px, bold) <= pixels) {
    return std::string(text);
  }
  const double room = pixels - 0.8 * em_pixels(font_px, bold);  // the ellipsis
  double used = 0;
  std::size_t fits = 0;  // end of the prefix that fits before the ellipsis
  for_each_point(text, [&](char32_t point, std::size_t end) {
    used += glyph_em(point) * em_pixels(font_px, bold);
    if (used <= room) {
      fits = end;
    }
  });
  return std::string(text.substr(0, fits)) + "…";
}

std::string open_svg(int height, std::string_view title, std::string_view cls) {
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart " + escape(cls) +
                  "\" role=\"img\" width=\"" + std::to_string(k_width) + "\" height=\"" + std::to_string(height) +
                  "\" viewBox=\"0 0 " + std::to_string(k_width) + " " + std::to_string(height) + "\" " + k_font +
                  " font-size=\"12\" style=\"max-width:100%;height:auto\">\n<title>" + escape(title) + "</title>\n";
  return s;
}

std::string rate_colour(const std::optional<double>& rate) {
  if (!rate) {
    return "#bdbdbd";
  }
  if (*rate >= 0.8) {
    return "#2e7d32";
  }
  if (*rate >= 0.5) {
    return "#e0a000";
  }
  return "#c62828";
}

// A chart taller than a printed page cannot be split by the browser (an SVG
// is one box): it would start on a new page, leaving the one before blank, and
// be cut at its foot. So a chart of many rows is drawn as several SVGs of at
// most about k_piece_height pixels, each with its own axis.
constexpr int k_piece_height = 640;

template <typename Row, typename Draw>
std::string in_pieces(const std::vector<Row>& rows, int row_height, int chrome_height, Draw draw) {
  const auto per_piece = static_cast<std::size_t>(std::max(1, (k_piece_height - chrome_height) / row_height));
  std::string s;
  for (std::size_t start = 0; start < rows.size(); start += per_piece) {
    const auto end = static_cast<std::ptrdiff_t>(std::min(rows.size(), start + per_piece));
    s += draw(std::vector<Row>(rows.begin() + static_cast<std::ptrdiff_t>(start), rows.begin() + end));
  }
  return s;
}

// The heat map with its shades scaled to at least `scale_max`.
std::string heat_map_scaled(const std::vector<HeatColumn>& columns, const std::vector<HeatRow>& rows,
                            std::string_view title, int scale_max);

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters are not allowed in XML 1.0 text.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') {
          out += c;
        }
    }
  }
  return out;
}

std::string_view status_colour(std::string_view status) {
  if (status == "on_time") {
    return "#2e7d32";
  }
  if (status == "late") {
    return "#e0a000";
  }
  if (status == "overdue") {
    return "#c62828";
  }
  return "#9e9e9e";
}

std::string rate_bars(const std::vector<RateRow>& rows, std::string_view kind, std::string_view title) {
  constexpr int k_row = 28;
  constexpr int k_top = 26;
  constexpr int k_bar = 400;
  if (k_top + k_row * static_cast<int>(rows.size()) + 8 > k_piece_height) {
    return in_pieces(rows, k_row, k_top + 8,
                     [&](const std::vector<RateRow>& piece) { return rate_bars(piece, kind, title); });
  }
  const int height = k_top + k_row * static_cast<int>(rows.size()) + 8;
  std::string s = open_svg(height, title, std::string("rate-bars ") + std::string(kind));
  // Axis: 0, 50 and 100 %.
  for (int p : {0, 50, 100}) {
    const double x = k_plot_left + k_bar * p / 100.0;
    s += "<line x1=\"" + num(x) + "\" y1=\"18\" x2=\"" + num(x) + "\" y2=\"" + std::to_string(height - 6) +
         "\" stroke=\"#ddd\"/><text x=\"" + num(x) + "\" y=\"12\" text-anchor=\"middle\" fill=\"#666\">" +
         std::to_string(p) + " %</text>\n";
  }
  s += "<text x=\"" + std::to_string(k_plot_left + k_bar + 34) +
       "\" y=\"12\" fill=\"#666\">Tỷ lệ đúng hạn · quá hạn</text>\n";
  int y = k_top;
  const std::string attribute = "data-" + escape(kind);
  for (const auto& row : rows) {
    const int total = row.on_time + row.late + row.pending + row.overdue;
    s += "<g class=\"row\" data-id=\"" + escape(row.id) + "\" " + attribute + "=\"" + escape(row.id) +
         "\" data-on-time=\"" + std::to_string(row.on_time) + "\" data-late=\"" + std::to_string(row.late) +
         "\" data-pending=\"" + std::to_string(row.pending) + "\" data-overdue=\"" + std::to_string(row.overdue) +
         "\" data-total=\"" + std::to_string(total) + "\" data-rate=\"" + (row.rate ? precise(*row.rate) : "") +
         "\">\n<title>" + escape(row.label) + ": " + escape(percent(row.rate)) + " đúng hạn; " +
         std::to_string(row.on_time) + " đúng hạn, " + std::to_string(row.late) + " trễ hạn, " +
         std::to_string(row.overdue) + " quá hạn, " + std::to_string(row.pending) + " chưa đến hạn</title>\n";
    s += "<text x=\"" + std::to_string(k_label_width) + "\" y=\"" + std::to_string(y + 13) + "\" text-anchor=\"end\"" +
         (row.overdue > 0 ? " font-weight=\"bold\" fill=\"#b00020\"" : " fill=\"#222\"") + ">" +
         escape(fit_width(row.label, k_label_width, 12, row.overdue > 0)) + "</text>\n";
    s += "<rect x=\"" + std::to_string(k_plot_left) + "\" y=\"" + std::to_string(y + 2) + "\" width=\"" +
         std::to_string(k_bar) + "\" height=\"14\" fill=\"#f2f2f2\"/>\n";
    if (row.rate) {
      const double rate = std::clamp(*row.rate, 0.0, 1.0);
      s += "<rect class=\"rate\" x=\"" + std::to_string(k_plot_left) + "\" y=\"" + std::to_string(y + 2) +
           "\" width=\"" + num(k_bar * rate) + "\" height=\"14\" fill=\"" + rate_colour(row.rate) + "\"/>\n";
    }
    // The split of all obligations of the row, under the bar.
    if (total > 0) {
      double x = k_plot_left;
      const std::pair<int, const char*> parts[] = {
          {row.on_time, "on_time"}, {row.late, "late"}, {row.overdue, "overdue"}, {row.pending, "pending"}};
      for (const auto& [count, status] : parts) {
        if (count == 0) {
          continue;
        }
        const double w = static_cast<double>(k_bar) * count / total;
        s += "<rect class=\"part " + std::string(status) + "\" x=\"" + num(x) + "\" y=\"" + std::to_string(y + 18) +
             "\" width=\"" + num(w) + "\" height=\"5\" fill=\"" + std::string(status_colour(status)) + "\"/>\n";
        x += w;
      }
    }
    s += "<text x=\"" + std::to_string(k_plot_left + k_bar + 10) + "\" y=\"" + std::to_string(y + 13) + "\">" +
         escape(percent(row.rate));
    if (row.overdue > 0) {
      s += " · <tspan fill=\"#b00020\" font-weight=\"bold\">" + std::to_string(row.overdue) + " quá hạn</tspan>";
    }
    s += "</text>\n</g>\n";
    y += k_row;
  }
  s += "</svg>\n";
  return s;
}

std::string rate_table(const std::vector<RateRow>& rows, std::string_view kind, std::string_view title) {
  // Widths in per cent of the reader's screen, so the chart fits a phone as
  // well as a desktop client: labels 40 %, the bar 35 %, the numbers the rest.
  std::string s = "<table class=\"chart rate-table " + escape(kind) +
                  "\" role=\"img\" width=\"100%\" cellpadding=\"3\" cellspacing=\"0\" border=\"0\" aria-label=\"" +
                  escape(title) + "\" style=\"font-size:13px;max-width:760px\">\n";
  const std::string attribute = "data-" + escape(kind);
  for (const auto& row : rows) {
    const int total = row.on_time + row.late + row.pending + row.overdue;
    s += "<tr class=\"row\" data-id=\"" + escape(row.id) + "\" " + attribute + "=\"" + escape(row.id) +
         "\" data-on-time=\"" + std::to_string(row.on_time) + "\" data-late=\"" + std::to_string(row.late) +
         "\" data-pending=\"" + std::to_string(row.pending) + "\" data-overdue=\"" + std::to_string(row.overdue) +
         "\" data-total=\"" + std::to_string(total) + "\" data-rate=\"" + (row.rate ? precise(*row.rate) : "") + "\">";
    s += std::string("<td width=\"40%\" align=\"right\"") +
         (row.overdue > 0 ? " style=\"color:#b00020;font-weight:bold\"" : "") + ">" + escape(shorten(row.label, 52)) +
         "</td>";
    // The rate's share coloured, the rest light grey.
    const int filled = row.rate ? static_cast<int>(std::lround(std::clamp(*row.rate, 0.0, 1.0) * 100)) : 0;
    s += "<td width=\"35%\"><table cellpadding=\"0\" cellspacing=\"0\" border=\"0\" width=\"100%\"><tr>";
    if (filled > 0) {
      s +=
          "<td width=\"" + std::to_string(filled) + "%\" height=\"14\" bgcolor=\"" + rate_colour(row.rate) + "\"></td>";
    }
    if (filled < 100) {
      s += "<td width=\"" + std::to_string(100 - filled) + "%\" height=\"14\" bgcolor=\"#eeeeee\"></td>";
    }
    s += "</tr></table></td><td>" + escape(percent(row.rate));
    if (row.overdue > 0) {
      s += " · <b style=\"color:#b00020\">" + std::to_string(row.overdue) + " quá hạn</b>";
    }
    s += "</td></tr>\n";
  }
  s += "</table>\n";
  return s;
}

std::string heat_table(const std::vector<HeatColumn>& columns, const std::vector<HeatRow>& rows,
                       std::string_view title) {
  int max_value = 0;
  for (const auto& row : rows) {
    for (int value : row.values) {
      max_value = std::max(max_value, value);
    }
  }
  std::string s =
      "<table class=\"chart heat-table\" role=\"img\" cellpadding=\"2\" cellspacing=\"1\" border=\"0\" "
      "aria-label=\"" +
      escape(title) + "\" style=\"font-size:12px\">\n<tr><td></td>";
  for (const auto& column : columns) {
    s += "<td align=\"center\" style=\"color:#666\">" + escape(column.label) + "</td>";
  }
  s += "</tr>\n";
  for (const auto& row : rows) {
    int row_total = 0;
    for (int value : row.values) {
      row_total += value;
    }
    s += "<tr class=\"row\" data-unit=\"" + escape(row.id) + "\" data-overdue=\"" + std::to_string(row_total) +
         "\"><td align=\"right\"" + (row_total > 0 ? " style=\"color:#b00020;font-weight:bold\"" : "") + ">" +
         escape(shorten(row.label, 52)) + "</td>";
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const int value = c < row.values.size() ? row.values[c] : 0;
      // Mail clients ignore opacity: the shade is mixed with white here.
      const double strength = value == 0 || max_value == 0 ? 0.0 : 0.25 + 0.75 * value / max_value;
      char colour[8];
      const auto mix = [strength](int full) { return static_cast<int>(std::lround(255 - (255 - full) * strength)); };
      std::snprintf(colour, sizeof colour, "#%02x%02x%02x", mix(0xc6), mix(0x28), mix(0x28));
      s += "<td class=\"cell\" data-unit=\"" + escape(row.id) + "\" data-month=\"" + escape(columns[c].id) +
           "\" data-overdue=\"" + std::to_string(value) + "\" align=\"center\" width=\"28\" bgcolor=\"" +
           (value == 0 ? std::string("#fafafa") : std::string(colour)) + "\"" +
           (strength > 0.6 ? " style=\"color:#fff\"" : "") + ">" + (value > 0 ? std::to_string(value) : "") + "</td>";
    }
    s += "</tr>\n";
  }
  s += "</table>\n";
  return s;
}

std::string heat_map(const std::vector<HeatColumn>& columns, const std::vector<HeatRow>& rows, std::string_view title) {
  constexpr int k_row = 20;
  constexpr int k_top = 22;
  if (k_top + k_row * static_cast<int>(rows.size()) + 8 > k_piece_height) {
    // Every piece shades by the largest count of all rows, so pieces compare.
    int largest = 0;
    for (const auto& row : rows) {
      for (int value : row.values) {
        largest = std::max(largest, value);
      }
    }
    return in_pieces(rows, k_row, k_top + 8, [&](const std::vector<HeatRow>& piece) {
      return heat_map_scaled(columns, piece, title, largest);
    });
  }
  return heat_map_scaled(columns, rows, title, 0);
}

namespace {

std::string heat_map_scaled(const std::vector<HeatColumn>& columns, const std::vector<HeatRow>& rows,
                            std::string_view title, int scale_max) {
  constexpr int k_row = 20;
  constexpr int k_top = 22;
  const int plot = k_width - k_plot_left - 10;
  const int cell = columns.empty() ? plot : std::max(8, std::min(48, plot / static_cast<int>(columns.size())));
  const int height = k_top + k_row * static_cast<int>(rows.size()) + 8;
  int max_value = scale_max;
  for (const auto& row : rows) {
    for (int value : row.values) {
      max_value = std::max(max_value, value);
    }
  }
  std::string s = open_svg(height, title, "heat-map");
  // Month labels where they fit: with many months (a plan's second year)
  // narrow columns would run "T12/21T1/22T2" together, so a label that would
  // touch one already placed is left out. Labels naming their year ("T1/23")
  // are placed first, so the years stay readable; every cell's <title> names
  // its month.
  std::vector<std::pair<double, double>> placed;  // [left, right] of the labels drawn, with a gap
  std::vector<bool> shown(columns.size(), false);
  for (const bool with_year : {true, false}) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if ((columns[c].label.find('/') != std::string::npos) != with_year) {
        continue;
      }
      const double x = k_plot_left + static_cast<double>(c) * cell + cell / 2.0;
      const double half = text_width(columns[c].label, 12, false) / 2 + 3;
      const bool touches = std::any_of(placed.begin(), placed.end(), [&](const auto& other) {
        return x - half < other.second && x + half > other.first;
      });
      if (!touches) {
        placed.emplace_back(x - half, x + half);
        shown[c] = true;
      }
    }
  }
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (!shown[c]) {
      continue;
    }
    const int x = k_plot_left + static_cast<int>(c) * cell + cell / 2;
    s += "<text x=\"" + std::to_string(x) + "\" y=\"14\" text-anchor=\"middle\" fill=\"#666\">" +
         escape(columns[c].label) + "</text>\n";
  }
  int y = k_top;
  for (const auto& row : rows) {
    int row_total = 0;
    for (int value : row.values) {
      row_total += value;
    }
    s += "<g class=\"row\" data-unit=\"" + escape(row.id) + "\" data-overdue=\"" + std::to_string(row_total) +
         "\">\n<text x=\"" + std::to_string(k_label_width) + "\" y=\"" + std::to_string(y + 14) +
         "\" text-anchor=\"end\"" + (row_total > 0 ? " font-weight=\"bold\" fill=\"#b00020\"" : " fill=\"#222\"") +
         ">" + escape(fit_width(row.label, k_label_width, 12, row_total > 0)) + "</text>\n";
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const int value = c < row.values.size() ? row.values[c] : 0;
      const int x = k_plot_left + static_cast<int>(c) * cell;
      const double opacity = value == 0 || max_value == 0 ? 0.0 : 0.25 + 0.75 * value / max_value;
      s += "<g class=\"cell\" data-unit=\"" + escape(row.id) + "\" data-month=\"" + escape(columns[c].id) +
           "\" data-overdue=\"" + std::to_string(value) + "\"><title>" + escape(row.label) + ", " +
           escape(columns[c].label) + ": " + std::to_string(value) + " quá hạn</title><rect x=\"" +
           std::to_string(x + 1) + "\" y=\"" + std::to_string(y + 1) + "\" width=\"" + std::to_string(cell - 2) +
           "\" height=\"" + std::to_string(k_row - 2) + "\" fill=\"" + (value == 0 ? "#fafafa" : "#c62828") +
           "\" fill-opacity=\"" + (value == 0 ? std::string("1") : num(opacity)) + "\" stroke=\"#e0e0e0\"/>";
      if (value > 0) {
        s += "<text x=\"" + std::to_string(x + cell / 2) + "\" y=\"" + std::to_string(y + 14) +
             "\" text-anchor=\"middle\" fill=\"" + (opacity > 0.6 ? "#fff" : "#222") + "\">" + std::to_string(value) +
             "</text>";
      }
      s += "</g>\n";
    }
    s += "</g>\n";
    y += k_row;
  }
  s += "</svg>\n";
  return s;
}

}  // namespace

std::string timeline(const std::vector<AxisTick>& ticks, const std::vector<TimelineRow>& rows,
                     std::optional<double> today, std::string_view title) {
  constexpr int k_row = 18;
  constexpr int k_top = 22;
  if (k_top + k_row * static_cast<int>(rows.size()) + 8 > k_piece_height) {
    return in_pieces(rows, k_row, k_top + 8,
                     [&](const std::vector<TimelineRow>& piece) { return timeline(ticks, piece, today, title); });
  }
  const int plot = k_width - k_plot_left - 16;
  const int height = k_top + k_row * static_cast<int>(rows.size()) + 8;
  const auto x_of = [&](double position) { return k_plot_left + 6 + plot * std::clamp(position, 0.0, 1.0); };
  std::string s = open_svg(height, title, "timeline");
  for (const auto& tick : ticks) {
    const double x = x_of(tick.position);
    s += "<line x1=\"" + num(x) + "\" y1=\"18\" x2=\"" + num(x) + "\" y2=\"" + std::to_string(height - 4) +
         "\" stroke=\"#eee\"/><text x=\"" + num(x) + "\" y=\"14\" fill=\"#666\">" + escape(tick.label) + "</text>\n";
  }
  int y = k_top;
  for (const auto& row : rows) {
    s += "<g class=\"row\" data-task=\"" + escape(row.id) + "\">\n<text x=\"" + std::to_string(k_label_width) +
         "\" y=\"" + std::to_string(y + 13) + "\" text-anchor=\"end\" fill=\"#222\"><tspan font-weight=\"bold\">" +
         escape(row.id) + "</tspan> " +
         escape(fit_width(row.label, k_label_width - text_width(row.id + " ", 12, true), 12, false)) + "</text>\n";
    if (!row.marks.empty()) {
      double first = 1.0;
      double last = 0.0;
      for (const auto& mark : row.marks) {
        first = std::min(first, mark.position);
        last = std::max(last, mark.position);
      }
      s += "<line x1=\"" + num(x_of(first)) + "\" y1=\"" + std::to_string(y + 9) + "\" x2=\"" + num(x_of(last)) +
           "\" y2=\"" + std::to_string(y + 9) + "\" stroke=\"#90a4ae\" stroke-width=\"2\"/>\n";
    }
    for (const auto& mark : row.marks) {
      s += "<circle class=\"mark " + escape(mark.status) + "\" data-task=\"" + escape(row.id) + "\" data-due=\"" +
           escape(mark.date) + "\" data-status=\"" + escape(mark.status) + "\" data-count=\"" +
           std::to_string(mark.count) + "\" cx=\"" + num(x_of(mark.position)) + "\" cy=\"" + std::to_string(y + 9) +
           "\" r=\"5\" fill=\"" + std::string(status_colour(mark.status)) + "\" stroke=\"#fff\"><title>" +
           escape(mark.tooltip) + "</title></circle>\n";
    }
    s += "</g>\n";
    y += k_row;
  }
  if (today) {
    const double x = x_of(*today);
    s += "<line class=\"today\" x1=\"" + num(x) + "\" y1=\"18\" x2=\"" + num(x) + "\" y2=\"" +
         std::to_string(height - 4) + "\" stroke=\"#1565c0\" stroke-dasharray=\"4 3\"/>\n";
  }
  s += "</svg>\n";
  return s;
}

}  // namespace deadlined::charts
