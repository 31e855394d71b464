#pragma once
// Internal RAII helpers over the SQLite C API, used only by the outbox. They
// live in outbox_detail so nothing else in deadlined can collide with them.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <sqlite3.h>

namespace deadlined::outbox_detail {

struct DatabaseCloser {
  // close_v2 defers the close until every statement is finalized, so member
  // destruction order can never leak the handle.
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using DatabaseHandle = std::unique_ptr<sqlite3, DatabaseCloser>;

struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};
using StatementHandle = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// One use of a cached prepared statement: bind, step, read columns. Resets and
// clears bindings on destruction, so a SELECT read only partway never keeps a
// read transaction (and an old WAL snapshot) open.
class Query {
 public:
  explicit Query(sqlite3_stmt* stmt) noexcept : m_stmt(stmt) {}
  ~Query();
  Query(Query&& other) noexcept : m_stmt(other.m_stmt), m_bind_rc(other.m_bind_rc) { other.m_stmt = nullptr; }
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  // Values are copied (SQLITE_TRANSIENT): callers may bind temporaries.
  Query& bind(int index, std::int64_t value);
  Query& bind(int index, std::string_view value);
  Query& bind_null(int index);

  // SQLITE_ROW, SQLITE_DONE or an error code; a failed bind is reported here.
  int step();

  std::int64_t int64(int column) const;
  std::string text(int column) const;
  bool is_null(int column) const;

 private:
  sqlite3_stmt* m_stmt;
  int m_bind_rc = SQLITE_OK;  // first bind failure, surfaced by step()
};

}  // namespace deadlined::outbox_detail
