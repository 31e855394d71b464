#include "reload_planning.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <utility>

namespace deadlined {

tl::expected<ReloadPlan, Diagnostics> load_reload(const std::filesystem::path& config, const SnapshotOptions& options,
                                                  const PlanningInputs& inputs, Instant now) {
  // A reload never ends the daemon: whatever loading throws is one more error.
  try {
    auto loaded = load_snapshot(config, process_environment(), options);
    if (!loaded) {
      return tl::unexpected(std::move(loaded.error()));
    }
    return prepare_reload(std::move(*loaded), inputs, now);
  } catch (const std::exception& e) {
    return tl::unexpected(
        Diagnostics{Diagnostic{config.string(), 0, 0, std::string("cannot load the configuration: ") + e.what()}});
  }
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
