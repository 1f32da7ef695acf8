#pragma once
// Statement: a prepared SQLite statement, finalized when it goes out of scope, with binders that
// keep evsim's byte semantics: every string is bound as a BLOB (so that SQLite compares it
// bytewise, as SPEC 2.4 orders stream ids) and an empty string is an empty BLOB, not NULL.

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "evsim/records/result.h"

namespace evsim::sqlite {

// Maps a SQLite result code to an evsim error: corruption for a damaged database, io_error for
// everything else (a failed read, write or sync, a full disk).
Status SqliteError(sqlite3* db, int code, std::string_view doing);

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // The prepare error, if any; Step reports it too.
  const Status& prepared() const { return prepared_; }

  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, std::string_view bytes);
  Statement& BindNull(int index);

  // True with a row, false when done; an error otherwise.
  Result<bool> Step();
  // Steps to completion, expecting no row.
  Status Run();
  void Reset();

  std::int64_t Int(int column) const;
  std::string Bytes(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
  Status prepared_;
  std::string sql_;
};

// Runs SQL text that binds nothing and returns no row (schema, pragmas, BEGIN/COMMIT).
Status Execute(sqlite3* db, const char* sql);

}  // namespace evsim::sqlite
