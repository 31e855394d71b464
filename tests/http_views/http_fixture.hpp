#pragma once
// A small config for the HTTP view tests: two units, one task due
// 2022-03-31 (Thursday) on the real 2022 calendar, loaded as a Snapshot; the
// site over it with a real outbox (SiteTest).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "http_views/site.hpp"
#include "outbox/outbox.hpp"
#include "outbox/reader.hpp"
#include "service/snapshot.hpp"
#include "support/config_fixture.hpp"
#include "support/temp_dir.hpp"
#include "support/toml_fixtures.hpp"

namespace deadlined::testing {

inline std::string http_test_config(const std::filesystem::path& state_dir, const std::string& extra = "") {
  return daemon_calendar_toml(state_dir) + "[email]\nmessage_id_domain = \"ubnd.example.test\"\n\n" + extra +
         "[[unit]]\nid = \"stp\"\nname = \"Sở Tư pháp\"\ntier = \"department\"\nemail = "
         "[\"vanthu@stp.example.test\"]\n\n"
         "[[unit]]\nid = \"snv\"\nname = \"Sở Nội vụ; \\\"phòng\\\" <b>, số 1\"\ntier = \"department\"\nchannels = "
         "[]\n\n"
         "[[plan]]\nid = \"kstthc-2022\"\ntitle = \"Kế hoạch kiểm soát thủ tục hành chính năm 2022\"\n"
         "decision = \"3489/QĐ-UBND\"\nyear = 2022\n\n"
         "[[plan.task]]\nid = \"I.1\"\ntitle = \"Báo cáo kết quả kiểm soát TTHC quý I, năm 2022; gửi Văn phòng UBND "
         "tỉnh\"\n"
         "lead = [\"stp\"]\nsupport = [\"snv\"]\nproduct = \"Báo cáo\"\nwhen = \"Trước ngày 31/3/2022\"\n"
         "schedule = { date = 2022-03-31 }\n";
}

class HttpFixture {
 public:
  // http_test_config with `extra`, loaded; a load error fails the test.
  std::shared_ptr<const Snapshot> load(const std::string& extra = "",
                                       const Environment& environment = fake_environment()) const {
    return load_text(http_test_config(state_dir(), extra), environment);
  }
  // `text` as main.toml, loaded; a load error fails the test.
  std::shared_ptr<const Snapshot> load_text(const std::string& text,
                                            const Environment& environment = fake_environment()) const {
    auto loaded = load_snapshot(m_dir.write("main.toml", text), environment);
    if (!loaded) {
      ADD_FAILURE() << format_diagnostics(loaded.error());
      throw std::runtime_error("snapshot does not load");
    }
    return *loaded;
  }
  const TempDir& dir() const { return m_dir; }
  std::filesystem::path state_dir() const { return m_dir.path() / "state"; }

 private:
  TempDir m_dir;
};

// A site as the daemon serves it: a snapshot, its real outbox file and the
// read-only reader, wired into `m_state` (version "9.9"; the secrets are the
// test's).
class SiteTest : public ::testing::Test {
 protected:
  // Opens the outbox in the fixture's state dir for `snapshot`; a failure
  // fails the test.
  void open_site(std::shared_ptr<const Snapshot> snapshot) {
    m_snapshot = std::move(snapshot);
    auto outbox = Outbox::open(m_fixture.state_dir() / "outbox.sqlite");
    if (!outbox) {
      ADD_FAILURE() << outbox.error();
      throw std::runtime_error("outbox does not open");
    }
    m_outbox = std::make_unique<Outbox>(std::move(*outbox));
    auto reader = OutboxReader::open(m_outbox->path());
    if (!reader) {
      ADD_FAILURE() << reader.error();
      throw std::runtime_error("outbox reader does not open");
    }
    m_reader = std::make_unique<OutboxReader>(std::move(*reader));
    m_state.snapshot = m_snapshot;
    m_state.outbox = m_outbox.get();
    m_state.reader = m_reader.get();
    m_state.counters = &m_counters;
    m_state.version = "9.9";
  }

  HttpFixture m_fixture;
  std::shared_ptr<const Snapshot> m_snapshot;
  std::unique_ptr<Outbox> m_outbox;
  std::unique_ptr<OutboxReader> m_reader;
  http_views::DaemonCounters m_counters;
  http_views::SiteState m_state;
};

// A planned reminder of task `task` of the fixture's plan to stp's address,
// due 2022-03-31, sent at `send_at`.
inline ReminderRow email_row(const std::string& task, std::int64_t send_at) {
  ReminderRow row;
  row.plan = "kstthc-2022";
  row.task = task;
  row.occurrence = "2022-03-31";
  row.unit = "stp";
  row.role = Role::lead;
  row.stage = "due";
  row.channel = Channel::email;
  row.recipient = "vanthu@stp.example.test";
  row.due = "2022-03-31";
  row.send_at = send_at;
  row.fingerprint = "fp";
  row.obligation = row.plan + "/" + row.task + "/" + row.occurrence + "/" + row.unit + "/email/" + row.recipient;
  row.key = row.obligation + "/due";
  return row;
}

inline Instant at(const char* iso) {
  return *parse_iso8601(iso);
}

// The lines of an iCalendar text, continuation lines joined to the line they
// continue; every line must end with CRLF.
inline std::vector<std::string> unfolded_ics_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find("\r\n", start);
    if (end == std::string::npos) {
      ADD_FAILURE() << "every line ends with CRLF";
      end = text.size();
    }
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line[0] == ' ') {
      lines.back() += line.substr(1);
    } else {
      lines.push_back(line);
    }
    start = end + 2;
  }
  return lines;
}

}  // namespace deadlined::testing
