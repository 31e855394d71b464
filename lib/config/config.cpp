#include "config/config.hpp"

#include <algorithm>
#include <functional>

namespace deadlined {

std::string_view to_string(Tier tier) {
  switch (tier) {
    case Tier::province:
      return "province";
    case Tier::department:
      return "department";
    case Tier::district:
      return "district";
    case Tier::commune:
      return "commune";
    case Tier::other:
      break;
  }
  return "other";
}

std::optional<Tier> parse_tier(std::string_view text) {
  for (int t = 0; t < k_tier_count; ++t) {
    if (to_string(static_cast<Tier>(t)) == text) {
      return static_cast<Tier>(t);
    }
  }
  return std::nullopt;
}

std::string tier_names(TierMask tiers) {
  std::string names;
  for (int t = 0; t < k_tier_count; ++t) {
    const auto tier = static_cast<Tier>(t);
    if ((tiers & tier_bit(tier)) != 0) {
      names += (names.empty() ? "" : ", ") + std::string(to_string(tier));
    }
  }
  return names;
}

std::string_view to_string(BeforeDateReading reading) {
  return reading == BeforeDateReading::strict ? "strict" : "inclusive";
}

std::string_view to_string(CountUnit unit) {
  return unit == CountUnit::days ? "days" : "working_days";
}

std::string_view to_string(CheckIn checkin) {
  switch (checkin) {
    case CheckIn::monthly:
      return "monthly";
    case CheckIn::quarterly:
      return "quarterly";
    case CheckIn::none:
      break;
  }
  return "none";
}

Policy default_policy() {
  Policy policy;
  policy.id = "default";
  policy.unit = CountUnit::working_days;
  policy.lead = RoleStages{{10, 5, 1}, true, 2, 3};
  policy.support = RoleStages{{5}, false, 0, 0};
  policy.ongoing_checkin = CheckIn::none;
  return policy;
}

const Policy& Config::policy_for(const Plan& plan, const Task& task) const {
  const std::string& wanted = !task.policy.empty()   ? task.policy
                              : !plan.policy.empty() ? plan.policy
                                                     : std::string("default");
  for (const auto& policy : policies) {
    if (policy.id == wanted) {
      return policy;
    }
  }
  // Validation guarantees only "default" can be missing here.
  static const Policy k_default = default_policy();
  return k_default;
}

std::optional<UnitsWithoutTime> Config::units_without_time(const std::vector<std::string>& lead,
                                                           const std::vector<std::string>& support,
                                                           TierMask tiers) const {
  constexpr std::size_t k_named_per_tier = 3;
  std::vector<std::size_t> without;
  for (const std::vector<std::string>* ids : {&lead, &support}) {
    for (const std::string& id : *ids) {
      for (const std::size_t index : expand(id)) {
        if (!is_for_tier(tiers, units[index].tier) &&
            std::find(without.begin(), without.end(), index) == without.end()) {
          without.push_back(index);
        }
      }
    }
  }
  if (without.empty()) {
    return std::nullopt;
  }
  if (without.size() == 1) {
    const Unit& unit = units[without.front()];
    return UnitsWithoutTime{"unit \"" + unit.id + "\" (tier " + std::string(to_string(unit.tier)) + ") has", ""};
  }
  std::string listing;
  for (int t = 0; t < k_tier_count; ++t) {
    const auto tier = static_cast<Tier>(t);
    std::string names;
    std::size_t count = 0;
    for (const std::size_t index : without) {
      if (units[index].tier != tier) {
        continue;
      }
      if (++count <= k_named_per_tier) {
        names += (names.empty() ? "\"" : ", \"") + units[index].id + "\"";
      }
    }
    if (count == 0) {
      continue;
    }
    if (count > k_named_per_tier) {
      names += " and " + std::to_string(count - k_named_per_tier) + " more";
    }
    listing += (listing.empty() ? " (" : "; ") + std::string(to_string(tier)) + ": " + names;
  }
  return UnitsWithoutTime{std::to_string(without.size()) + " units have", listing + ")"};
}

const Unit* Config::find_unit(std::string_view id) const {
  auto it = m_unit_index.find(std::string(id));
  return it == m_unit_index.end() ? nullptr : &units[it->second];
}

const Group* Config::find_group(std::string_view id) const {
  auto it = m_group_index.find(std::string(id));
  return it == m_group_index.end() ? nullptr : &groups[it->second];
}

const Unit* Config::supervisor_of(const Unit& unit) const {
  const std::string& id =
      !unit.supervisor.empty() ? unit.supervisor : escalation.supervisor_by_tier[static_cast<std::size_t>(unit.tier)];
  if (id.empty() || id == unit.id) {
    return nullptr;
  }
  return find_unit(id);
}

const std::string& Config::contact_for(std::string_view plan_id) const {
  const Plan* plan = plan_id.empty() ? nullptr : find_plan(plan_id);
  return plan != nullptr && !plan->contact.empty() ? plan->contact : email.contact;
}

const Plan* Config::find_plan(std::string_view id) const {
  for (const auto& plan : plans) {
    if (plan.id == id) {
      return &plan;
    }
  }
  return nullptr;
}

std::vector<std::size_t> Config::expand(std::string_view id) const {
  auto it = m_expansion.find(std::string(id));
  return it == m_expansion.end() ? std::vector<std::size_t>{} : it->second;
}

void Config::build_indexes() {
  m_unit_index.clear();
  m_group_index.clear();
  m_expansion.clear();
  for (std::size_t i = 0; i < units.size(); ++i) {
    m_unit_index.emplace(units[i].id, i);
    m_expansion[units[i].id] = {i};
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    m_group_index.emplace(groups[i].id, i);
  }
  // Groups expand recursively; `visiting` guards against cycles, which
  // validation reports separately.
  std::vector<std::string> visiting;
  std::function<const std::vector<std::size_t>&(const Group&)> expand_group =
      [&](const Group& group) -> const std::vector<std::size_t>& {
    auto found = m_expansion.find(group.id);
    if (found != m_expansion.end()) {
      return found->second;
    }
    visiting.push_back(group.id);
    std::vector<std::size_t> members;
    for (const auto& member : group.members) {
      std::vector<std::size_t> inner;
      if (auto unit = m_unit_index.find(member); unit != m_unit_index.end()) {
        inner = {unit->second};
      } else if (auto sub = m_group_index.find(member); sub != m_group_index.end()) {
        if (std::find(visiting.begin(), visiting.end(), member) == visiting.end()) {
          inner = expand_group(groups[sub->second]);
        }
      }
      for (std::size_t index : inner) {
        if (std::find(members.begin(), members.end(), index) == members.end()) {
          members.push_back(index);
        }
      }
    }
    visiting.pop_back();
    return m_expansion[group.id] = std::move(members);
  };
  for (const auto& group : groups) {
    expand_group(group);
  }
}

WorkingCalendar make_calendar(const Config& config) {
  CalendarSettings settings;
  settings.rest_days = config.calendar.rest_days;
  settings.config_days = config.calendar.days;
  int first = 2020;
  int last = 2030;
  for (const auto& plan : config.plans) {
    first = std::min(first, plan.year - 1);
    last = std::max(last, plan.span_last() + 6);  // open-ended phrases run past the span
  }
  return WorkingCalendar(settings, config.notices, first, last);
}

}  // namespace deadlined
