// Occurrences of on-demand tasks (the trigger log) count everywhere the
// dated ones do: /metrics as plan, agenda and report; and a plan's
// tracking_from leaves out the triggered ones due before it, in the report,
// the reminders, the plan's expansion and /metrics alike.
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "compliance/report.hpp"
#include "http_views/http_fixture.hpp"
#include "http_views/site.hpp"
#include "plan/obligations.hpp"
#include "reminders/planner.hpp"

namespace deadlined::http_views {
namespace {

using deadlined::testing::at;

// The fixture's plan plus an on-demand task led by stp; `tracking` is the
// plan's tracking_from line (or empty).
std::string config_text(const std::filesystem::path& state, const std::string& tracking) {
  std::string text = deadlined::testing::http_test_config(state);
  const std::string year = "year = 2022\n";
  text.insert(text.find(year) + year.size(), tracking);
  return text +
         "\n[[plan.task]]\nid = \"OD\"\ntitle = \"Báo cáo đột xuất\"\nlead = [\"stp\"]\n"
         "when = \"Theo yêu cầu của UBND tỉnh\"\nschedule = { kind = \"on_demand\" }\n";
}

class Triggered : public deadlined::testing::SiteTest {
 protected:
  void open(const std::string& tracking) {
    open_site(m_fixture.load_text(config_text(m_fixture.state_dir(), tracking)));
    // One due before the day the tests look at (2022-03-20), one after.
    ASSERT_TRUE(m_outbox->add_trigger({"kstthc-2022", "OD", "2022-03-10", "", 0}));
    ASSERT_TRUE(m_outbox->add_trigger({"kstthc-2022", "OD", "2022-04-15", "", 0}));
  }

  std::string metrics() {
    auto response = handle_request(SiteRequest{"GET", "/metrics", ""}, m_state, at("2022-03-20T10:00:00+07:00"));
    EXPECT_EQ(response.status, 200u);
    return response.body;
  }

  static bool has(const std::string& text, const std::string& line) { return text.find(line) != std::string::npos; }
};

TEST_F(Triggered, MetricsCountTriggeredOccurrences) {
  open("");
  std::string text = metrics();
  // I.1 (due 31/03) and OD of 15/04 are pending, OD of 10/03 is overdue.
  EXPECT_TRUE(has(text, "deadlined_obligations{plan=\"kstthc-2022\",state=\"pending\"} 2\n")) << text;
  EXPECT_TRUE(has(text, "deadlined_obligations{plan=\"kstthc-2022\",state=\"overdue\"} 1\n")) << text;

  // The same as the report of that day.
  auto triggers = m_outbox->triggers();
  ASSERT_TRUE(triggers);
  ComplianceReport report = build_compliance_report(m_snapshot->config, m_snapshot->calendar, m_snapshot->zone,
                                                    *triggers, {}, make_date(2022, 3, 20));
  EXPECT_EQ(report.totals.pending, 2);
  EXPECT_EQ(report.totals.overdue, 1);
}

TEST_F(Triggered, TrackingFromLeavesOutTriggeredOccurrencesDueBefore) {
  open("tracking_from = 2022-03-15\n");
  const Config& config = m_snapshot->config;
  ASSERT_EQ(config.plans.at(0).tracking_from, make_date(2022, 3, 15));

  std::string text = metrics();
  EXPECT_TRUE(has(text, "deadlined_obligations{plan=\"kstthc-2022\",state=\"pending\"} 2\n")) << text;
  EXPECT_TRUE(has(text, "deadlined_obligations{plan=\"kstthc-2022\",state=\"overdue\"} 0\n")) << text;

  auto triggers = m_outbox->triggers();
  ASSERT_TRUE(triggers);
  ComplianceReport report =
      build_compliance_report(config, m_snapshot->calendar, m_snapshot->zone, *triggers, {}, make_date(2022, 3, 20));
  EXPECT_EQ(report.totals.overdue, 0);
  EXPECT_EQ(report.totals.pending, 2);
  for (const auto& entry : report.entries) {
    EXPECT_NE(entry.obligation.ref.occurrence, "2022-03-10");
  }

  // plan / agenda expand them with expand_triggered.
  std::vector<TriggeredOccurrence> occurrences{{"kstthc-2022", "OD", make_date(2022, 3, 10)},
                                               {"kstthc-2022", "OD", make_date(2022, 4, 15)}};
  auto expanded = expand_triggered(config, m_snapshot->calendar, occurrences);
  ASSERT_EQ(expanded.size(), 1u);
  EXPECT_EQ(expanded[0].due, make_date(2022, 4, 15));
  // Its label is read by people: dd/mm/yyyy.
  EXPECT_EQ(expanded[0].occurrence_info().label, "Theo yêu cầu 15/04/2022");

  // No reminder is planned for the untracked occurrence.
  PlanRequest request;
  request.config = &config;
  request.calendar = &m_snapshot->calendar;
  request.zone = &m_snapshot->zone;
  request.triggers = {Trigger{"kstthc-2022", "OD", make_date(2022, 3, 10), ""},
                      Trigger{"kstthc-2022", "OD", make_date(2022, 4, 15), ""}};
  bool later = false;
  for (const auto& reminder : plan_reminders(request)) {
    if (reminder.task == "OD") {
      EXPECT_EQ(reminder.occurrence, "2022-04-15") << reminder.stage;
      later = true;
    }
  }
  EXPECT_TRUE(later);
}

// The text people read (tags and attributes removed, the <title> kept):
// no YYYY-MM-DD anywhere; machine-readable data-* attributes may keep ISO.
std::string visible_text(const std::string& html) {
  return std::regex_replace(html, std::regex("<[^>]*>"), " ");
}

TEST_F(Triggered, PagesPeopleReadShowDatesAsDayMonthYear) {
  open("");
  m_state.secrets.status_token = "admin-token";
  auto reader = OutboxReader::open(m_outbox->path());
  ASSERT_TRUE(reader) << reader.error();
  m_state.reader = &*reader;
  const std::regex iso("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  auto status =
      handle_request(SiteRequest{"GET", "/status?token=admin-token", ""}, m_state, at("2022-03-20T10:00:00+07:00"));
  ASSERT_EQ(status.status, 200u) << status.body;
  std::smatch found;
  std::string text = visible_text(status.body);
  EXPECT_FALSE(std::regex_search(text, found, iso)) << found.str();
  EXPECT_NE(text.find("20/03/2022"), std::string::npos);

  auto triggers = m_outbox->triggers();
  ASSERT_TRUE(triggers);
  ComplianceReport report = build_compliance_report(m_snapshot->config, m_snapshot->calendar, m_snapshot->zone,
                                                    *triggers, {}, make_date(2022, 3, 20));
  const std::string html = compliance_html(report, m_snapshot->config, m_snapshot->zone, "");
  text = visible_text(html);
  EXPECT_FALSE(std::regex_search(text, found, iso)) << found.str();
  EXPECT_NE(html.find("<title>Báo cáo tình hình thực hiện nhiệm vụ đến ngày 20/03/2022</title>"), std::string::npos);
  EXPECT_NE(text.find("10/03/2022"), std::string::npos);  // the triggered occurrence's due date
}

}  // namespace
}  // namespace deadlined::http_views
