#include "reload_planning.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <utility>

#include "config/config_changes.hpp"
#include "http_views/site.hpp"

namespace deadlined {

tl::expected<ReloadPlan, Diagnostics> load_reload(const std::filesystem::path& config, const SnapshotOptions& options,
                                                  const PlanningInputs& inputs, Instant now) {
  // A reload never ends the daemon: whatever loading throws is one more error.
  try {
    auto loaded = load_snapshot(config, process_environment(), options);
    if (!loaded) {
      return tl::unexpected(std::move(loaded.error()));
    }
    // The listener's token and secrets are refused here, as a start refuses
    // them, rather than after the swap: the running configuration stays whole.
    if (const HttpConfig& http = (*loaded)->config.http; http.enabled) {
      if (auto secrets = http_views::resolve_site_secrets(http, process_environment()); !secrets) {
        return tl::unexpected(
            Diagnostics{Diagnostic{config.string(), 0, 0, "the [http] secrets cannot be read: " + secrets.error()}});
      }
    }
    return prepare_reload(std::move(*loaded), inputs, now);
  } catch (const std::exception& e) {
    return tl::unexpected(
        Diagnostics{Diagnostic{config.string(), 0, 0, std::string("cannot load the configuration: ") + e.what()}});
  }
}

std::vector<std::string> reload_warnings(const Snapshot& running, const Snapshot& loaded) {
  std::vector<std::string> warnings;
  for (const auto& warning : loaded.warnings) {
    warnings.push_back(warning.format(false));  // the log line's level says "warning"
  }
  const Config& before = running.config;
  const Config& after = loaded.config;
  for (const auto& [changed, key] :
       {std::pair{after.daemon.state_dir != before.daemon.state_dir, "daemon.state_dir"},
        std::pair{after.delivery.workers != before.delivery.workers, "delivery.workers"},
        std::pair{after.delivery.synchronous_full != before.delivery.synchronous_full, "delivery.synchronous"}}) {
    if (changed) {
      warnings.push_back(std::string(key) + " changed; it takes effect at the next restart");
    }
  }
  if (auto removed = removed_between(before, after); !removed.empty()) {
    warnings.push_back("reload removes " + describe(removed) +
                       ": their pending reminders will be skipped; if that was not meant, restore the configuration "
                       "and reload again (skipped reminders are planned again)");
  }
  if (after.units.empty() && !after.plans.empty()) {
    warnings.push_back("the new configuration has no units: nobody will be reminded");  // no plans: warned above
  }
  return warnings;
}

std::optional<std::string> plan_into(const ReloadPlan& plan, const PlanningInputs& inputs, RowChunks& chunks,
                                     const std::function<void()>& handed, std::set<int>& years) {
  try {
    std::vector<ReminderRow> chunk;
    const auto hand_over = [&] {
      if (!chunks.push(std::exchange(chunk, {}))) {
        return false;
      }
      handed();
      return true;
    };
    const bool complete = plan_reload_rows(plan, inputs, [&](ReminderRow&& row) {
      if (int year = 0;
          std::from_chars(row.due.data(), row.due.data() + std::min<std::size_t>(row.due.size(), 4), year).ec ==
          std::errc{}) {
        years.insert(year);
      }
      chunk.push_back(std::move(row));
      return chunk.size() < k_reload_chunk_rows || hand_over();
    });
    if (!complete || (!chunk.empty() && !hand_over())) {
      return std::string("planning stopped");
    }
    return std::nullopt;
  } catch (const std::exception& e) {
    return std::string("cannot plan: ") + e.what();
  }
}

}  // namespace deadlined
