// /status and `deadlined report` count overdue the same way on the same day:
// the fixture has a lead (stp) and a supporting unit (snv) on I.1, due
// 2022-03-31; on 2022-04-01 exactly one obligation is overdue on both.
#include "compliance/report.hpp"
#include "http_views/http_fixture.hpp"
#include "http_views/site.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <regex>

namespace deadlined::http_views {
namespace {

using deadlined::testing::at;

// data-overdue of each unit row of the units chart: unit id -> count.
std::map<std::string, int> chart_overdue(const std::string& html) {
  std::map<std::string, int> result;
  static const std::regex row(R"re(<g class="row" data-id="([^"]*)" data-unit="[^"]*" data-on-time="\d+" )re"
                              R"re(data-late="\d+" data-pending="\d+" data-overdue="(\d+)")re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), row); it != std::sregex_iterator(); ++it) {
    result[(*it)[1].str()] = std::stoi((*it)[2].str());
  }
  return result;
}

TEST(OverdueAgreement, StatusPageAndReportOnTheSameDay) {
  deadlined::testing::HttpFixture fixture;
  auto snapshot = fixture.load();
  auto opened = Outbox::open(fixture.dir().path() / "state" / "outbox.sqlite");
  ASSERT_TRUE(opened) << opened.error();
  Outbox outbox = std::move(*opened);
  SiteState state;
  state.snapshot = snapshot;
  state.secrets = SiteSecrets{"admin-token", ""};
  state.outbox = &outbox;
  auto reader = OutboxReader::open(outbox.path());
  ASSERT_TRUE(reader) << reader.error();
  state.reader = &*reader;
  DaemonCounters counters;
  state.counters = &counters;
  const Instant now = at("2022-04-01T10:00:00+07:00");

  SiteResponse status = handle_request(SiteRequest{"GET", "/status?token=admin-token", ""}, state, now);
  ASSERT_EQ(status.status, 200u) << status.body;

  auto acks = outbox.acks();
  ASSERT_TRUE(acks);
  ComplianceReport report =
      build_compliance_report(snapshot->config, snapshot->calendar, snapshot->zone, {}, *acks, make_date(2022, 4, 1));
  auto json = nlohmann::json::parse(compliance_json(report, snapshot->zone));
  const int overdue = json["totals"]["overdue"];
  EXPECT_EQ(overdue, 1);
  EXPECT_NE(status.body.find("<span class=\"overdue\">" + std::to_string(overdue) + " quá hạn</span>"),
            std::string::npos)
      << status.body;
  std::map<std::string, int> from_json;
  for (const auto& unit : json["by_unit"]) {
    from_json[unit["id"]] = unit["overdue"];
  }
  EXPECT_EQ(chart_overdue(status.body), from_json);
  EXPECT_EQ(from_json, (std::map<std::string, int>{{"stp", 1}}));
}

}  // namespace
}  // namespace deadlined::http_views
