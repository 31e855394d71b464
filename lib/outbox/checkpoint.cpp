#include "outbox/checkpoint.hpp"

#include <sqlite3.h>

#include "outbox/database.hpp"

namespace deadlined {

struct WalCheckpointer::Impl {
  std::filesystem::path path;
  outbox_detail::DatabaseHandle db;
};

WalCheckpointer::WalCheckpointer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
WalCheckpointer::WalCheckpointer(WalCheckpointer&&) noexcept = default;
WalCheckpointer& WalCheckpointer::operator=(WalCheckpointer&&) noexcept = default;
WalCheckpointer::~WalCheckpointer() = default;

tl::expected<WalCheckpointer, std::string> WalCheckpointer::open(const std::filesystem::path& file) {
  sqlite3* raw = nullptr;
  // No SQLITE_OPEN_CREATE: the writer made the file; a missing one is an error.
  const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  auto impl = std::make_unique<Impl>();
  impl->path = file;
  impl->db = outbox_detail::DatabaseHandle(raw);
  if (rc != SQLITE_OK) {
    return tl::unexpected(outbox_detail::database_error(file, raw, "cannot open database for checkpoints"));
  }
  sqlite3_extended_result_codes(raw, 1);
  // A connection learns that the file is in WAL mode when it first reads it;
  // until then a checkpoint does nothing.
  if (sqlite3_exec(raw, "PRAGMA journal_mode", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return tl::unexpected(outbox_detail::database_error(file, raw, "cannot read the journal mode"));
  }
  return WalCheckpointer(std::move(impl));
}

tl::expected<WalCheckpointer::Progress, std::string> WalCheckpointer::run() {
  Progress progress;
  const int rc = sqlite3_wal_checkpoint_v2(m_impl->db.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &progress.log_frames,
                                           &progress.checkpointed_frames);
  // SQLITE_BUSY: another checkpoint was running; this one is simply not needed.
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
    return tl::unexpected(outbox_detail::database_error(m_impl->path, m_impl->db.get(), "cannot checkpoint"));
  }
  return progress;
}

}  // namespace deadlined
