#pragma once
// Templates of the HTML pages (kainjow mustache): the status page, the HTML
// compliance report and the acknowledgement pages. The defaults are the
// shipped config/templates/*.html.mustache, compiled in at build time; an
// admin replaces them with [pages] templates_dir. {{value}} is HTML-escaped;
// {{{value}}} is used only for SVG charts the program built and escaped.
// The variables of each page are listed at the top of its template.
#include <filesystem>
#include <string>
#include <tl/expected.hpp>

namespace deadlined::delivery {

struct PageTemplates {
  std::string status;  // status.html.mustache
  std::string report;  // report.html.mustache
  std::string ack;     // ack.html.mustache

  // The compiled-in defaults (identical to config/templates).
  static const PageTemplates& defaults();

  // Reads every page template from `dir`: a directory that does not exist, a
  // missing or unreadable file or a mustache syntax error is an error naming
  // the file (`deadlined check` reports it, the daemon does not start).
  static tl::expected<PageTemplates, std::string> load(const std::filesystem::path& dir);

  // Mustache syntax of all three ("status.html.mustache: <why>").
  tl::expected<void, std::string> validate() const;
};

inline constexpr const char* k_status_page_file = "status.html.mustache";
inline constexpr const char* k_report_page_file = "report.html.mustache";
inline constexpr const char* k_ack_page_file = "ack.html.mustache";

}  // namespace deadlined::delivery
