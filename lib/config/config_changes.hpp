// What a new configuration drops from the running one: the units, plans and
// tasks whose pending reminders a reload will skip. The daemon logs it before
// the reload is applied, so a careless edit is visible in the journal, not
// only in a quiet inbox.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace deadlined {

struct ConfigRemovals {
  std::vector<std::string> units;  // unit ids, in the running config's order
  std::vector<std::string> plans;  // plan ids
  std::vector<std::string> tasks;  // "plan/task" of plans that stay
  bool empty() const { return units.empty() && plans.empty() && tasks.empty(); }
};

ConfigRemovals removed_between(const Config& running, const Config& next);

// "2 units (so-tu-phap, so-noi-vu), 1 task (hue-2022/I.1)"; at most `shown`
// ids per kind, then "and N more".
std::string describe(const ConfigRemovals& removals, std::size_t shown = 5);

}  // namespace deadlined
