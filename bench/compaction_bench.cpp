// The outbox and the daemon's memory across a year (or more) of sending, with
// and without the daily compaction (docs/performance.md, "Compaction").
//
//   compaction_bench CONFIG --state DIR --from YYYY-MM-DD --to YYYY-MM-DD
//                    [--compact] [--keep-days N] [--every N] [--reload YYYY-MM-DD CONFIG2]...
//
// One process plays the daemon with an injected clock: the Dispatcher starts
// once (planning every year of CONFIG), reloads CONFIG2 at the start of its
// day (next year's plan added, as an admin does), then for every day from --from to
// --to it compacts at 02:30 local (with --compact: the daemon's cutoff of
// outbox.keep_final_days = --keep-days, 500 rows per transaction) and sends
// what is due at the send time (claimed and recorded sent in turns, as the
// event loop does, without a network). Every --every days and on the last
// it prints one CSV line: day, deliveries so far, rows stored, rows compacted,
// outbox file MiB (database + WAL), VmRSS MiB, VmHWM MiB, seconds spent
// compacting that period.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "service/compaction.hpp"
#include "service/dispatcher.hpp"
#include "service/snapshot.hpp"

namespace {

using namespace deadlined;

// "VmRSS" or "VmHWM" of this process, in MiB.
double proc_status_mib(const std::string& field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with(field + ":")) {
      return std::strtod(line.c_str() + field.size() + 1, nullptr) / 1024.0;
    }
  }
  return 0;
}

double file_mib(const std::filesystem::path& file) {
  double total = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file.string() + suffix, ec);
    total += ec ? 0 : static_cast<double>(size);
  }
  return total / (1024.0 * 1024.0);
}

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "compaction_bench: " << message << '\n';
  std::exit(1);
}

template <typename T>
T must(tl::expected<T, std::string> result) {
  if (!result) {
    fail(result.error());
  }
  return std::move(*result);
}

void must(const tl::expected<void, std::string>& result) {
  if (!result) {
    fail(result.error());
  }
}

// Sends everything due at `now`, a page per turn: claims, then the outcomes.
// The event loop's page (daemon/turns.cpp): what is due is read this many rows
// at a time and rendered by the worker that sends it, never here.
constexpr std::size_t k_page_rows = 512;

std::size_t send_due(Dispatcher& dispatcher, Instant now) {
  std::size_t rows = 0;
  for (;;) {
    auto due = must(dispatcher.prepare_due(now, k_page_rows, Rendering::deferred));
    if (due.empty()) {
      return rows;
    }
    std::vector<Delivery*> claims;
    for (Delivery& delivery : due) {
      claims.push_back(&delivery);
    }
    const auto claimed = must(dispatcher.commit_turn({}, claims, now));
    std::vector<std::pair<const Delivery*, delivery::DeliveryResult>> outcomes;
    for (std::size_t i = 0; i < due.size(); ++i) {
      if (claimed[i]) {
        outcomes.emplace_back(&due[i], delivery::DeliveryResult{delivery::DeliveryResult::Kind::sent, "", 0});
        rows += due[i].keys.size();
      }
    }
    if (outcomes.empty()) {
      return rows;
    }
    must(dispatcher.complete_batch(outcomes, now));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path config;
  std::filesystem::path state;
  std::optional<Date> from;
  std::optional<Date> to;
  bool compact = false;
  OutboxConfig retention;
  int every = 7;
  std::vector<std::pair<Date, std::filesystem::path>> reloads;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        fail(arg + " needs a value");
      }
      return argv[++i];
    };
    if (arg == "--state") {
      state = next();
    } else if (arg == "--from") {
      from = parse_iso_date(next());
    } else if (arg == "--to") {
      to = parse_iso_date(next());
    } else if (arg == "--compact") {
      compact = true;
    } else if (arg == "--keep-days") {
      retention.keep_final_days = std::stoi(next());
    } else if (arg == "--every") {
      every = std::max(1, std::stoi(next()));
    } else if (arg == "--reload") {
      auto day = parse_iso_date(next());
      if (!day) {
        fail("--reload: expected a date");
      }
      reloads.emplace_back(*day, next());
    } else if (config.empty()) {
      config = arg;
    } else {
      fail("unexpected argument " + arg);
    }
  }
  if (config.empty() || state.empty() || !from || !to) {
    fail(
        "usage: compaction_bench CONFIG --state DIR --from YYYY-MM-DD --to YYYY-MM-DD [--compact] [--keep-days N] "
        "[--every N]");
  }
  SnapshotOptions options;
  options.state_dir = state;
  auto snapshot = load_snapshot(config, process_environment(), options);
  if (!snapshot) {
    fail("the configuration has errors");
  }
  const TimeZone& zone = (*snapshot)->zone;
  const int send_minute = (*snapshot)->config.daemon.send_minute_of_day;
  auto outbox = must(Outbox::open(outbox_path((*snapshot)->config), Outbox::Durability::normal));
  auto log = std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_st>());
  Dispatcher dispatcher(outbox, *snapshot, *log);
  const auto started = std::chrono::steady_clock::now();
  const StartReport report = must(dispatcher.start(zone.at(*from, 0)));
  std::cerr << "started in " << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()
            << " s: " << report.reconcile.inserted << " rows planned; VmHWM " << proc_status_mib("VmHWM") << " MiB\n";
  std::cout << "day,delivered_rows,stored_rows,compacted_rows,outbox_mib,vmrss_mib,vmhwm_mib,compact_s\n";
  std::size_t delivered = 0;
  double compact_seconds = 0;
  int day_index = 0;
  for (Date day = *from; day <= *to; day += std::chrono::days{1}, ++day_index) {
    for (const auto& [when, file] : reloads) {
      if (when != day) {
        continue;
      }
      auto next = load_snapshot(file, process_environment(), options);
      if (!next) {
        fail(file.string() + ": the configuration has errors");
      }
      const auto reloaded = must(dispatcher.reload(*next, zone.at(day, 0)));
      std::cerr << to_iso(day) << ": reloaded " << file.string() << ": " << reloaded.inserted << " new rows\n";
    }
    if (compact && retention.compact_minute_of_day) {
      const Instant at = zone.at(day, *retention.compact_minute_of_day);
      const CompactionCutoff cutoff = compaction_cutoff(retention, zone, at);
      const auto begun = std::chrono::steady_clock::now();
      for (bool more = true; more;) {
        more = must(outbox.compact(cutoff, at.time_since_epoch().count(), 500)).more;
      }
      compact_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - begun).count();
    }
    delivered += send_due(dispatcher, zone.at(day, send_minute));
    if ((day_index + 1) % every == 0 || day == *to) {
      const auto counts = must(outbox.counts());
      const auto compacted = must(outbox.compacted_counts());
      std::int64_t stored = 0;
      std::int64_t folded = 0;
      for (const auto& [state_name, count] : counts) {
        stored += count - compacted.at(state_name);
        folded += compacted.at(state_name);
      }
      std::printf("%s,%zu,%lld,%lld,%.1f,%.1f,%.1f,%.2f\n", to_iso(day).c_str(), delivered,
                  static_cast<long long>(stored), static_cast<long long>(folded), file_mib(outbox.path()),
                  proc_status_mib("VmRSS"), proc_status_mib("VmHWM"), compact_seconds);
      std::fflush(stdout);
      compact_seconds = 0;
    }
  }
  return 0;
}
