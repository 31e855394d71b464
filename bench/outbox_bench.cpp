// The outbox's share of a delivery burst, without a transport: N due rows
// (one digest each, one recipient each, as in the webhook benchmark) read a
// page at a time (due), claimed and recorded sent in the shape of the event
// loop's turns: each turn is one transaction with the outcomes of the
// previous chunk (mark_sent) and the claims of the next (claim_seen).
// Reports rows delivered per second (claim + outcome, reads included) and the
// share of the time spent in claims and in outcomes; the median of the runs,
// each on a fresh outbox file. Results in docs/performance.md ("The outbox's
// share of a burst").
//
// --sql runs SQL on the new file before planning, for experiments with the
// schema (an index made partial, say); the counts are still checked.
//
//   outbox_bench [--rows 10000] [--runs 5] [--chunk 256] [--page 512] [--full 0|1]
//                [--dir /tmp/...] [--sql "DROP INDEX ...; CREATE INDEX ..."]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include "outbox/outbox.hpp"

using namespace deadlined;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::int64_t k_t0 = 1'647'500'000;

template <typename T>
T must(tl::expected<T, std::string> value) {
  if (!value) {
    std::fprintf(stderr, "%s\n", value.error().c_str());
    std::exit(1);
  }
  return std::move(*value);
}

void must(tl::expected<void, std::string> value) {
  if (!value) {
    std::fprintf(stderr, "%s\n", value.error().c_str());
    std::exit(1);
  }
}

// N rows due at k_t0, one per unit, each with its own webhook URL.
void plan(Outbox& outbox, std::int64_t rows) {
  auto planned = must(outbox.begin_reconcile(k_t0 - 86'400));
  for (std::int64_t i = 0; i < rows; ++i) {
    ReminderRow row;
    row.plan = "bench";
    row.task = "I.1";
    row.occurrence = "2022-03-17";
    row.unit = "unit" + std::to_string(100'000 + i);
    row.role = Role::lead;
    row.stage = "due";
    row.channel = Channel::webhook;
    row.recipient = "http://127.0.0.1:8080/hook/" + row.unit;
    row.due = "2022-03-17";
    row.send_at = k_t0;
    row.fingerprint = "0123456789abcdef";
    row.obligation = row.plan + "/" + row.task + "/" + row.occurrence + "/" + row.unit + "/" +
                     std::string(to_string(row.channel)) + "/" + row.recipient;
    row.key = row.obligation + "/due";
    must(planned.add(row));
  }
  must(planned.finish());
}

// CPU time of the process: steadier than the wall clock on a shared machine.
double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Sample {
  double total_ms = 0;
  double cpu_ms = 0;
  double claim_ms = 0;
  double outcome_ms = 0;
  std::int64_t sent = 0;
};

// The burst: turns of (outcomes of the last chunk, claims of the next chunk).
Sample deliver(Outbox& outbox, std::size_t page, std::size_t chunk) {
  Sample sample;
  const auto start = Clock::now();
  const double cpu_start = cpu_ms();
  std::vector<std::string> unrecorded;
  const auto turn = [&](const std::vector<ReminderRow>* rows, std::size_t from, std::size_t to) {
    auto batch = must(outbox.begin_batch());
    if (!unrecorded.empty()) {
      const auto t = Clock::now();
      const auto moved = must(outbox.mark_sent(unrecorded, k_t0));
      sample.outcome_ms += std::chrono::duration<double, std::milli>(Clock::now() - t).count();
      sample.sent += static_cast<std::int64_t>(moved);
      unrecorded.clear();
    }
    if (rows != nullptr) {
      std::vector<std::vector<Outbox::SeenRow>> groups;
      for (std::size_t i = from; i < to; ++i) {
        groups.push_back({{(*rows)[i].key, (*rows)[i].state, (*rows)[i].attempts}});
      }
      const auto t = Clock::now();
      const auto claimed = must(outbox.claim_seen(groups, k_t0));
      sample.claim_ms += std::chrono::duration<double, std::milli>(Clock::now() - t).count();
      for (std::size_t i = from; i < to; ++i) {
        if (claimed[i - from]) {
          unrecorded.push_back((*rows)[i].key);
        }
      }
    }
    must(batch.commit());
  };
  for (;;) {
    const auto rows = must(outbox.due(k_t0, page));
    if (rows.empty()) {
      break;
    }
    for (std::size_t from = 0; from < rows.size(); from += chunk) {
      turn(&rows, from, std::min(rows.size(), from + chunk));
    }
  }
  turn(nullptr, 0, 0);
  sample.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  sample.cpu_ms = cpu_ms() - cpu_start;
  return sample;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t rows = 10'000;
  int runs = 5;
  std::size_t chunk = 256;
  std::size_t page = 512;
  bool full = false;
  std::string experiment;
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("outbox-bench-" + std::to_string(::getpid()));
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--rows") {
      rows = std::stoll(value);
    } else if (flag == "--runs") {
      runs = std::stoi(value);
    } else if (flag == "--chunk") {
      chunk = std::stoul(value);
    } else if (flag == "--page") {
      page = std::stoul(value);
    } else if (flag == "--full") {
      full = value == "1";
    } else if (flag == "--sql") {
      experiment = value;
    } else if (flag == "--dir") {
      dir = value;
    } else {
      std::fprintf(stderr, "unknown option %s\n", flag.c_str());
      return 2;
    }
  }
  std::vector<double> total, cpu, claim, outcome;
  for (int run = 0; run < runs; ++run) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto file = dir / "outbox.sqlite";
    auto outbox = must(Outbox::open(file, full ? Outbox::Durability::full : Outbox::Durability::normal));
    if (!experiment.empty()) {
      sqlite3* db = nullptr;
      sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
      char* message = nullptr;
      if (sqlite3_exec(db, experiment.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::fprintf(stderr, "--sql: %s\n", message != nullptr ? message : "failed");
        return 1;
      }
      sqlite3_close_v2(db);
    }
    plan(outbox, rows);
    const Sample sample = deliver(outbox, page, chunk);
    const auto counts = must(outbox.counts());
    if (sample.sent != rows || counts.at(OutboxState::sent) != rows) {
      std::fprintf(stderr, "delivered %lld of %lld (counted sent: %lld)\n", static_cast<long long>(sample.sent),
                   static_cast<long long>(rows), static_cast<long long>(counts.at(OutboxState::sent)));
      return 1;
    }
    total.push_back(sample.total_ms);
    cpu.push_back(sample.cpu_ms);
    claim.push_back(sample.claim_ms);
    outcome.push_back(sample.outcome_ms);
  }
  std::filesystem::remove_all(dir);
  const double total_ms = median(total);
  std::printf("rows=%lld runs=%d chunk=%zu page=%zu synchronous=%s%s%s\n", static_cast<long long>(rows), runs, chunk,
              page, full ? "full" : "normal", experiment.empty() ? "" : " sql=", experiment.c_str());
  const double cpu_total = median(cpu);
  std::printf("burst_ms=%.1f rows_per_s=%.0f cpu_ms=%.1f rows_per_cpu_s=%.0f claim_ms=%.1f outcome_ms=%.1f (medians)\n",
              total_ms, static_cast<double>(rows) / (total_ms / 1000.0), cpu_total,
              static_cast<double>(rows) / (cpu_total / 1000.0), median(claim), median(outcome));
  return 0;
}
