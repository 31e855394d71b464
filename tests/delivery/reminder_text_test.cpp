// What a unit reads (issue 13): the subject names the most urgent item, its
// due date and days left; report-series items name their period; overdue
// reads "quá hạn N ngày làm việc", never "-N"; escalations are grouped by
// task; dates are dd/mm/yyyy.
#include <gtest/gtest.h>

#include <regex>

#include "delivery/email.hpp"
#include "delivery/encoding.hpp"
#include "delivery/test_helpers.hpp"

namespace deadlined::delivery {
namespace {

using testing::decode_rfc2047;
using testing::header_values;
using testing::k_settings;
using testing::sample_digest;
using testing::split_message;
using testing::utc;

struct Rendered {
  std::string subject;
  std::string text;
  std::string html;
};

std::string part(const std::string& message, const std::string& type) {
  const std::string marker = "Content-Type: " + type + "\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  auto start = message.find(marker);
  if (start == std::string::npos) {
    return "";
  }
  start += marker.size();
  return testing::base64_decode(message.substr(start, message.find("\r\n--", start) - start));
}

Rendered render(const Digest& digest) {
  auto message = render_email(digest, k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
  EXPECT_TRUE(message.has_value()) << message.error();
  if (!message) {
    return {};
  }
  auto parsed = split_message(*message);
  return {decode_rfc2047(header_values(parsed, "Subject").at(0)), part(*message, "text/plain; charset=UTF-8"),
          part(*message, "text/html; charset=UTF-8")};
}

DigestItem item(std::string task_id, std::string due, int days_left, std::string stage_text) {
  DigestItem i;
  i.plan_title = "Kế hoạch kiểm soát thủ tục hành chính năm 2022";
  i.plan_id = "p";
  i.task_id = std::move(task_id);
  i.task_title = "Nhiệm vụ " + i.task_id;
  i.role = Role::lead;
  i.stage = days_left < 0 ? "overdue-" + std::to_string(-days_left) : "before-" + std::to_string(days_left);
  i.stage_text = std::move(stage_text);
  i.due = due;
  i.occurrence = std::move(due);
  i.days_left = days_left;
  return i;
}

Digest digest_of(std::vector<DigestItem> items) {
  Digest digest = sample_digest();
  digest.items = std::move(items);
  return digest;
}

TEST(ReminderText, SubjectNamesTheMostUrgentItemItsDueDateAndDaysLeft) {
  EXPECT_EQ(render(sample_digest()).subject,
            "[Nhắc việc] PCTN-07 hạn 24/11/2026 (quá hạn 2 ngày làm việc) và 2 nhiệm vụ khác");
  Rendered one = render(digest_of({item("I.1", "2022-03-31", 5, "còn 5 ngày làm việc")}));
  EXPECT_EQ(one.subject, "[Nhắc việc] I.1 hạn 31/03/2022 (còn 5 ngày làm việc)");
  Rendered two = render(digest_of(
      {item("I.2", "2022-04-15", 12, "còn 12 ngày làm việc"), item("I.1", "2022-03-31", 5, "còn 5 ngày làm việc")}));
  EXPECT_EQ(two.subject, "[Nhắc việc] I.1 hạn 31/03/2022 (còn 5 ngày làm việc) và 1 nhiệm vụ khác");
  Rendered today = render(digest_of({item("I.3", "2026-11-26", 0, "đến hạn hôm nay")}));
  EXPECT_EQ(today.subject, "[Nhắc việc] I.3 hạn 26/11/2026 (đến hạn hôm nay)");
}

TEST(ReminderText, ReportSeriesItemsNameTheirPeriod) {
  DigestItem report = item("VIII.1", "2022-03-18", 1, "còn 1 ngày làm việc");
  report.occurrence = "2022-03-31";
  report.occurrence_label = "Báo cáo Quý I/2022";
  Rendered r = render(digest_of({report}));
  EXPECT_EQ(r.subject, "[Nhắc việc] VIII.1 Báo cáo Quý I/2022 hạn 18/03/2022 (còn 1 ngày làm việc)");
  EXPECT_NE(r.text.find("VIII.1. Nhiệm vụ VIII.1\r\n  Kỳ: Báo cáo Quý I/2022\r\n  Hạn hoàn thành: 18/03/2022 (còn 1 "
                        "ngày làm việc)\r\n"),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.html.find("Kỳ: Báo cáo Quý I/2022"), std::string::npos) << r.html;
}

TEST(ReminderText, OverdueReadsQuaHanNeverANegativeNumber) {
  Rendered r = render(sample_digest());
  EXPECT_NE(r.html.find(">quá hạn 2 ngày làm việc<"), std::string::npos) << r.html;
  EXPECT_FALSE(std::regex_search(r.html, std::regex(">\\s*-[0-9]+\\s*<"))) << r.html;
  EXPECT_FALSE(std::regex_search(r.text, std::regex("(^|[^0-9/])-[0-9]+ ?ngày"))) << r.text;
  EXPECT_NE(r.text.find("Hạn hoàn thành: 24/11/2026 (quá hạn 2 ngày làm việc)"), std::string::npos) << r.text;
}

TEST(ReminderText, DatesPeopleReadAreDayMonthYear) {
  Rendered r = render(sample_digest());
  for (const std::string* body : {&r.subject, &r.text, &r.html}) {
    EXPECT_FALSE(std::regex_search(*body, std::regex("20[0-9][0-9]-[01][0-9]-[0-3][0-9]"))) << *body;
  }
}

TEST(ReminderText, EscalationsAreGroupedByTaskTitleOnceThenTheLateUnits) {
  std::vector<DigestItem> items;
  const char* units[] = {"UBND huyện Phú Vang", "UBND huyện Quảng Điền", "UBND thị xã Hương Trà"};
  int n = 0;
  for (const char* name : units) {
    DigestItem late = item("VIII.1", "2022-03-18", -3 - n, "quá hạn " + std::to_string(3 + n) + " ngày làm việc");
    late.task_title = "Báo cáo kết quả thực hiện nhiệm vụ kiểm soát thủ tục hành chính, cải cách thủ tục hành chính";
    late.stage = "escalation";
    late.occurrence = "2022-03-31";
    late.occurrence_label = "Báo cáo Quý I/2022";
    late.late_unit_id = "u" + std::to_string(n++);
    late.late_unit_name = name;
    items.push_back(late);
  }
  DigestItem other = item("I.1", "2022-03-15", -5, "quá hạn 5 ngày làm việc");
  other.stage = "escalation";
  other.late_unit_id = "u0";
  other.late_unit_name = units[0];
  items.push_back(other);
  Rendered r = render(digest_of(items));
  EXPECT_EQ(r.subject, "[Nhắc việc] 4 nhiệm vụ quá hạn của đơn vị trực thuộc");
  for (const std::string* body : {&r.text, &r.html}) {
    std::size_t count = 0;
    for (std::size_t at = body->find(items[0].task_title); at != std::string::npos;
         at = body->find(items[0].task_title, at + 1)) {
      ++count;
    }
    EXPECT_EQ(count, 1u) << "the title once per task\n" << *body;
    for (const char* name : units) {
      EXPECT_NE(body->find(name), std::string::npos) << name;
    }
  }
  EXPECT_NE(r.text.find("  Kỳ: Báo cáo Quý I/2022\r\n  Kế hoạch: Kế hoạch kiểm soát thủ tục hành chính năm 2022\r\n"
                        "  Đơn vị quá hạn (3):\r\n  - UBND huyện Phú Vang: hạn 18/03/2022, quá hạn 3 ngày làm việc\r\n"
                        "  - UBND huyện Quảng Điền: hạn 18/03/2022, quá hạn 4 ngày làm việc\r\n"),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("I.1. Nhiệm vụ I.1\r\n"), std::string::npos) << r.text;
}

}  // namespace
}  // namespace deadlined::delivery
