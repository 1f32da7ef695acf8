#pragma once
// SqliteEventStore::InTransaction, shared by the store's source files: one SQLite transaction
// per mutation, so that a batch with its index rows, high water and epoch is all or nothing.

#include <sqlite3.h>

#include "evsim/sqlite/sqlite_event_store.h"
#include "statement.h"

namespace evsim {

template <typename Body>
Status SqliteEventStore::InTransaction(Body body) {
  Status begun = sqlite::Execute(db_, "BEGIN IMMEDIATE");
  if (!begun.ok()) return Fail(begun);
  Status status = body();
  if (status.ok()) {
    status = sqlite::Execute(db_, "COMMIT");
    // A failed COMMIT leaves it to recovery whether the batch is durable: fail the store.
    if (status.ok()) return status;
    if (status.code() != ErrorCode::kCorruption) status = Status::IoError(status.message());
  }
  if (sqlite3_get_autocommit(db_) == 0) (void)sqlite::Execute(db_, "ROLLBACK");
  return Fail(status);
}

}  // namespace evsim
