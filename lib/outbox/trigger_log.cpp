// The trigger log: on-demand occurrences added by hand (deadlined trigger),
// read back by every planning.
#include "outbox/database.hpp"
#include "util/expected.hpp"

namespace deadlined {
namespace {

using outbox_detail::Query;

constexpr std::string_view k_insert_trigger =
    "INSERT OR IGNORE INTO triggers (plan, task, due, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view k_select_triggers =
    "SELECT plan, task, due, note, created_at FROM triggers ORDER BY due, plan, task";

}  // namespace

tl::expected<bool, std::string> Outbox::add_trigger(const TriggerRow& trigger) {
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_insert_trigger));
  stmt.bind(1, trigger.plan)
      .bind(2, trigger.task)
      .bind(3, trigger.due)
      .bind(4, trigger.note)
      .bind(5, trigger.created_at);
  DEADLINED_TRY(impl.run(stmt, "cannot add trigger"));
  return sqlite3_changes(impl.db.get()) > 0;
}

tl::expected<std::vector<TriggerRow>, std::string> Outbox::triggers() {
  Impl& impl = *m_impl;
  DEADLINED_TRY_ASSIGN(auto stmt, impl.query(k_select_triggers));
  std::vector<TriggerRow> result;
  DEADLINED_TRY(impl.each_row(stmt, "cannot read triggers", [&](const Query& row) {
    result.push_back(TriggerRow{row.text(0), row.text(1), row.text(2), row.text(3), row.int64(4)});
  }));
  return result;
}

}  // namespace deadlined
