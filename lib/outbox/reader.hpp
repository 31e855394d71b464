#pragma once
// A read-only connection to the outbox for the HTTP surface (/healthz,
// /metrics, /status). Every read costs the same whatever the size of the
// outbox: rows per state come from the counters kept with every change of
// the rows (table outbox_counts, schema versions 5 and 6), the next send time from the state
// indexes, and deliveries a page at a time from a partial index. Under WAL a
// reader never blocks the daemon's writes and sees the last committed state.
// One connection: use an OutboxReader from one thread at a time; the file must
// already be an outbox (Outbox::open made and migrated it).
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "outbox/outbox.hpp"

namespace deadlined {

class OutboxReader {
  struct Impl;

 public:
  static tl::expected<OutboxReader, std::string> open(const std::filesystem::path& file);

  OutboxReader(OutboxReader&&) noexcept;
  OutboxReader& operator=(OutboxReader&&) noexcept;
  OutboxReader(const OutboxReader&) = delete;
  OutboxReader& operator=(const OutboxReader&) = delete;
  ~OutboxReader();

  const std::filesystem::path& path() const;

  // Rows per state, every state present (as Outbox::counts(): compacted
  // rows included).
  tl::expected<std::map<OutboxState, std::int64_t>, std::string> counts();
  // Of those, the rows compacted (as Outbox::compacted_counts()).
  tl::expected<std::map<OutboxState, std::int64_t>, std::string> compacted_counts();

  // Earliest send_at of pending rows and next_attempt_at of failed rows.
  tl::expected<std::optional<std::int64_t>, std::string> next_due();

  // Rows whose last attempt ended (sent, failed, dead), newest first
  // (updated_at, the time the attempt ended), `limit` of them after skipping
  // `offset`. Their number is counts() minus compacted_counts() of those
  // three states (compacted rows are only in the summary).
  tl::expected<std::vector<ReminderRow>, std::string> deliveries(std::int64_t offset, std::int64_t limit);

 private:
  explicit OutboxReader(std::unique_ptr<Impl> impl);
  tl::expected<std::map<OutboxState, std::int64_t>, std::string> per_state(std::string_view sql);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace deadlined
