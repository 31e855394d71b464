#include "outbox/sqlite_statement.hpp"

namespace deadlined::outbox_detail {

Query::~Query() {
  if (m_stmt != nullptr) {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
  }
}

Query& Query::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(m_stmt, index, value);
  if (m_bind_rc == SQLITE_OK) {
    m_bind_rc = rc;
  }
  return *this;
}

Query& Query::bind(int index, std::string_view value) {
  // A non-null pointer even for an empty view, so '' is bound and never NULL.
  const char* data = value.empty() ? "" : value.data();
  const int rc = sqlite3_bind_text64(m_stmt, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (m_bind_rc == SQLITE_OK) {
    m_bind_rc = rc;
  }
  return *this;
}

Query& Query::bind_null(int index) {
  const int rc = sqlite3_bind_null(m_stmt, index);
  if (m_bind_rc == SQLITE_OK) {
    m_bind_rc = rc;
  }
  return *this;
}

int Query::step() {
  if (m_bind_rc != SQLITE_OK) {
    return m_bind_rc;
  }
  return sqlite3_step(m_stmt);
}

std::int64_t Query::int64(int column) const {
  return sqlite3_column_int64(m_stmt, column);
}

std::string Query::text(int column) const {
  const unsigned char* data = sqlite3_column_text(m_stmt, column);
  const int size = sqlite3_column_bytes(m_stmt, column);
  if (data == nullptr || size <= 0) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

bool Query::is_null(int column) const {
  return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

}  // namespace deadlined::outbox_detail
