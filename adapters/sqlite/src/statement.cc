#include "statement.h"

#include "evsim/records/result.h"

namespace evsim::sqlite {

Status SqliteError(sqlite3* db, int code, std::string_view doing) {
  std::string message = "sqlite: " + std::string(doing) + ": " + sqlite3_errstr(code);
  if (db != nullptr) message += std::string(" (") + sqlite3_errmsg(db) + ")";
  const int primary = code & 0xFF;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return Status::Corruption(message);
  return Status::IoError(message);
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db), sql_(sql) {
  const int code = sqlite3_prepare_v2(db, sql_.c_str(), static_cast<int>(sql_.size()),
                                      &statement_, nullptr);
  if (code != SQLITE_OK) prepared_ = SqliteError(db, code, "prepare " + sql_);
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::Bind(int index, std::int64_t value) {
  if (statement_ != nullptr) sqlite3_bind_int64(statement_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view bytes) {
  // A non-null pointer even for no bytes: a null one would bind NULL.
  static const char kEmpty = 0;
  if (statement_ != nullptr) {
    sqlite3_bind_blob64(statement_, index, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(),
                        SQLITE_TRANSIENT);
  }
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (statement_ != nullptr) sqlite3_bind_null(statement_, index);
  return *this;
}

Result<bool> Statement::Step() {
  if (!prepared_.ok()) return prepared_;
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  return SqliteError(db_, code, sql_);
}

Status Statement::Run() {
  while (true) {
    EVSIM_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

void Statement::Reset() {
  if (statement_ == nullptr) return;
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(statement_, column); }

std::string Statement::Bytes(int column) const {
  const void* bytes = sqlite3_column_blob(statement_, column);
  const int size = sqlite3_column_bytes(statement_, column);
  if (bytes == nullptr || size == 0) return {};
  return std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(size));
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

Status Execute(sqlite3* db, const char* sql) {
  char* error = nullptr;
  const int code = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  sqlite3_free(error);
  if (code != SQLITE_OK) return SqliteError(db, code, sql);
  return Status::Ok();
}

}  // namespace evsim::sqlite
