// The HTTP surface against the size of the outbox: /healthz, /metrics and
// /status (first and last page of deliveries) through handle_request() with a
// real outbox file of N rows, and, for comparison, the full count the
// requests made before the maintained counters (SELECT state, COUNT(*) ...
// GROUP BY state) and the full read of deliveries /status made. Results in
// docs/performance.md ("HTTP surface").
//
// grow_ms is the time to plan and deliver the rows added at that size
// (reconcile, claim, outcomes); with --drop-counters the triggers that kept
// outbox_counts are dropped first, to measure what they cost there (the
// counts the requests then show are wrong; only grow_ms means anything).
// Since schema version 6 only the delete trigger is left, which no write of
// this benchmark fires: the flag measures nothing any more.
//
//   http_bench [--rows 1000,10000,100000,363000] [--runs 20] [--dir /tmp/...] [--drop-counters 1]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sqlite3.h>
#include <unistd.h>

#include "http_views/site.hpp"
#include "outbox/reader.hpp"
#include "service/snapshot.hpp"

using namespace deadlined;
using Clock = std::chrono::steady_clock;

namespace {

std::string config_text(const std::filesystem::path& state, const std::filesystem::path& holidays) {
  return "[daemon]\ntimezone = \"Asia/Ho_Chi_Minh\"\nstate_dir = \"" + state.string() +
         "\"\nsend_time = \"08:00\"\n\n[calendar]\nholidays_dir = \"" + holidays.string() +
         "\"\n\n[email]\nmessage_id_domain = \"ubnd.example.test\"\n\n"
         "[[unit]]\nid = \"stp\"\nname = \"Sở Tư pháp\"\ntier = \"department\"\nemail = "
         "[\"vanthu@stp.example.test\"]\n\n"
         "[[plan]]\nid = \"p\"\ntitle = \"Kế hoạch\"\nyear = 2022\n\n"
         "[[plan.task]]\nid = \"I.1\"\ntitle = \"Báo cáo\"\nlead = [\"stp\"]\nwhen = \"Trước ngày 31/3/2022\"\n"
         "schedule = { date = 2022-03-31 }\n";
}

double median_ms(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

template <typename F>
double time_ms(int runs, F&& f) {
  std::vector<double> samples;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    f();
    samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  return median_ms(samples);
}

// Grows the outbox to `rows`: a third sent, a tenth failed or dead, the rest pending.
void grow(Outbox& outbox, std::int64_t from, std::int64_t rows) {
  std::vector<ReminderRow> batch;
  const std::int64_t t0 = 1'647'000'000;
  auto planned = outbox.begin_reconcile(t0, std::nullopt, 50'000);
  for (std::int64_t i = 0; i < rows; ++i) {
    ReminderRow row;
    row.plan = "p";
    row.task = "t" + std::to_string(i);
    row.occurrence = "2022-03-31";
    row.unit = "stp";
    row.role = Role::lead;
    row.stage = "due";
    row.channel = Channel::email;
    row.recipient = "r" + std::to_string(i % 500) + "@example.test";
    row.due = "2022-03-31";
    row.send_at = t0 + i;
    row.fingerprint = "fp";
    row.obligation = row.plan + "/" + row.task + "/2022-03-31/stp/email/" + row.recipient;
    row.key = row.obligation + "/due";
    if (!planned->add(row)) {
      std::abort();
    }
  }
  if (!planned->finish()) {
    std::abort();
  }
  // Deliver the new ones in big batches: every third sent, every tenth failed, every 29th dead.
  const std::int64_t to_claim = (rows - from) / 2;
  // Each row its own group: the bench needs states, not digests.
  auto due = outbox.due(t0 + rows, static_cast<std::size_t>(to_claim));
  if (!due) {
    std::abort();
  }
  std::vector<std::vector<Outbox::SeenRow>> groups;
  for (const ReminderRow& row : *due) {
    groups.push_back({{row.key, row.state, row.attempts}});
  }
  auto claimed = outbox.claim_seen(groups, t0 + rows);
  if (!claimed) {
    std::abort();
  }
  std::vector<std::string> sent, failed, dead;
  for (std::size_t i = 0; i < due->size(); ++i) {
    if (!(*claimed)[i]) {
      continue;
    }
    const std::string& key = (*due)[i].key;
    (i % 29 == 0 ? dead : i % 10 == 0 ? failed : sent).push_back(key);
  }
  auto batch_done = outbox.begin_batch();
  outbox.mark_sent(sent, t0 + rows);
  outbox.mark_failed(failed, t0 + rows, "timeout", t0 + rows + 600);
  outbox.mark_dead(dead, t0 + rows, "550");
  if (!batch_done->commit()) {
    std::abort();
  }
}

double raw_query_ms(const std::filesystem::path& file, const char* sql, int runs) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  double ms = time_ms(runs, [&] {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
    }
    sqlite3_finalize(stmt);
  });
  sqlite3_close_v2(db);
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::int64_t> sizes{1'000, 10'000, 100'000, 363'000};
  int runs = 20;
  bool drop_counters = false;
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("http-bench-" + std::to_string(::getpid()));
  std::filesystem::path holidays = std::filesystem::path(DEADLINED_SOURCE_DIR) / "config" / "holidays";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--rows") {
      sizes.clear();
      std::stringstream list(argv[i + 1]);
      for (std::string item; std::getline(list, item, ',');) {
        sizes.push_back(std::stoll(item));
      }
    } else if (flag == "--runs") {
      runs = std::atoi(argv[i + 1]);
    } else if (flag == "--drop-counters") {
      drop_counters = std::string(argv[i + 1]) == "1";
    } else if (flag == "--dir") {
      dir = argv[i + 1];
    }
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "state");
  { std::ofstream(dir / "main.toml") << config_text(dir / "state", holidays); }
  auto snapshot = load_snapshot(dir / "main.toml", [](const std::string&) { return std::optional<std::string>(); });
  if (!snapshot) {
    std::fprintf(stderr, "config does not load\n");
    return 1;
  }
  auto outbox = Outbox::open(dir / "state" / "outbox.sqlite", Outbox::Durability::normal);
  auto reader = OutboxReader::open(dir / "state" / "outbox.sqlite");
  if (!outbox || !reader) {
    std::fprintf(stderr, "cannot open the outbox\n");
    return 1;
  }
  if (drop_counters) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(outbox->path().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_exec(db, "DROP TRIGGER IF EXISTS outbox_counts_update; DROP TRIGGER IF EXISTS outbox_counts_delete;",
                 nullptr, nullptr, nullptr);
    sqlite3_close_v2(db);
  }
  http_views::DaemonCounters counters;
  http_views::SiteState state;
  state.snapshot = *snapshot;
  state.secrets = http_views::SiteSecrets{"admin", ""};
  state.outbox = &*outbox;
  state.reader = &*reader;
  state.counters = &counters;
  state.version = "bench";
  const Instant now = Instant{std::chrono::seconds{1'648'000'000}};
  auto get = [&](const std::string& target) {
    auto response = http_views::handle_request(http_views::SiteRequest{"GET", target, ""}, state, now);
    if (response.status != 200) {
      std::fprintf(stderr, "%s: %u %s\n", target.c_str(), response.status, response.body.c_str());
      std::abort();
    }
  };
  std::printf("%10s %10s %10s %10s %10s %12s | %14s %14s\n", "rows", "grow_ms", "healthz_ms", "metrics_ms", "status_ms",
              "status_last", "count(*)_ms", "all_delivered");
  std::int64_t have = 0;
  for (std::int64_t rows : sizes) {
    const auto grow_start = Clock::now();
    grow(*outbox, have, rows);
    const double grow_ms = std::chrono::duration<double, std::milli>(Clock::now() - grow_start).count();
    have = rows;
    auto counts = reader->counts();
    std::int64_t delivered =
        (*counts)[OutboxState::sent] + (*counts)[OutboxState::failed] + (*counts)[OutboxState::dead];
    const std::string last =
        "/status?token=admin&recent_page=" + std::to_string(std::max<std::int64_t>(1, (delivered + 49) / 50));
    double healthz = time_ms(runs, [&] { get("/healthz"); });
    double metrics = time_ms(runs, [&] { get("/metrics"); });
    double status = time_ms(runs, [&] { get("/status?token=admin"); });
    double status_last = time_ms(std::max(3, runs / 4), [&] { get(last); });
    double count_all = raw_query_ms(outbox->path(), "SELECT state, COUNT(*) FROM reminders GROUP BY state", runs);
    double read_delivered = raw_query_ms(
        outbox->path(), "SELECT * FROM reminders WHERE state IN ('sent', 'failed', 'dead') ORDER BY send_at, key",
        std::max(3, runs / 4));
    std::printf("%10lld %10.1f %10.3f %10.3f %10.3f %12.3f | %14.3f %14.3f\n", static_cast<long long>(rows), grow_ms,
                healthz, metrics, status, status_last, count_all, read_delivered);
    std::fflush(stdout);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
