#include "config/config_changes.hpp"

#include <algorithm>
#include <unordered_set>

namespace deadlined {
namespace {

template <typename Item>
std::unordered_set<std::string> ids_of(const std::vector<Item>& items) {
  std::unordered_set<std::string> ids;
  for (const auto& item : items) {
    ids.insert(item.id);
  }
  return ids;
}

void describe_kind(std::string& out, const std::vector<std::string>& ids, const char* one, const char* many,
                   std::size_t shown) {
  if (ids.empty()) {
    return;
  }
  if (!out.empty()) {
    out += ", ";
  }
  out += std::to_string(ids.size()) + " " + (ids.size() == 1 ? one : many) + " (";
  for (std::size_t i = 0; i < ids.size() && i < shown; ++i) {
    out += (i == 0 ? "" : ", ") + ids[i];
  }
  if (ids.size() > shown) {
    out += " and " + std::to_string(ids.size() - shown) + " more";
  }
  out += ")";
}

}  // namespace

ConfigRemovals removed_between(const Config& running, const Config& next) {
  ConfigRemovals removals;
  const auto next_units = ids_of(next.units);
  for (const auto& unit : running.units) {
    if (!next_units.contains(unit.id)) {
      removals.units.push_back(unit.id);
    }
  }
  for (const auto& plan : running.plans) {
    const auto kept = std::find_if(next.plans.begin(), next.plans.end(),
                                   [&](const Plan& candidate) { return candidate.id == plan.id; });
    if (kept == next.plans.end()) {
      removals.plans.push_back(plan.id);
      continue;
    }
    const auto next_tasks = ids_of(kept->tasks);
    for (const auto& task : plan.tasks) {
      if (!next_tasks.contains(task.id)) {
        removals.tasks.push_back(plan.id + "/" + task.id);
      }
    }
  }
  return removals;
}

std::string describe(const ConfigRemovals& removals, std::size_t shown) {
  std::string out;
  describe_kind(out, removals.units, "unit", "units", shown);
  describe_kind(out, removals.plans, "plan", "plans", shown);
  describe_kind(out, removals.tasks, "task", "tasks", shown);
  return out;
}

}  // namespace deadlined
