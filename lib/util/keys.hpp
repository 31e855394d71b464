#pragma once
// The one spelling of an obligation's key, "plan/task/occurrence/unit"
// (occurrence: YYYY-MM-DD, the occurrence's nominal date). Reminder keys,
// acknowledgements, escalations and the ICS feed all name an obligation by
// it, so it is built here only.
#include <string>
#include <string_view>

namespace deadlined {

inline std::string obligation_key_of(std::string_view plan, std::string_view task, std::string_view occurrence,
                                     std::string_view unit) {
  std::string key;
  key.reserve(plan.size() + task.size() + occurrence.size() + unit.size() + 3);
  key.append(plan).append(1, '/').append(task).append(1, '/').append(occurrence).append(1, '/').append(unit);
  return key;
}

}  // namespace deadlined
