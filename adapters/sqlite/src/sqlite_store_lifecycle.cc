// SqliteEventStore: open, reopen, close and the transaction helper.
#include <sqlite3.h>

#include "evsim/records/validation.h"
#include "evsim/sqlite/sqlite_event_store.h"
#include "file_system_vfs.h"
#include "row_codec.h"
#include "schema.h"
#include "statement.h"
#include "store_transaction.h"

namespace evsim {

using sqlite::Execute;
using sqlite::Statement;

namespace {

bool OneOf(const std::string& value, std::initializer_list<const char*> allowed) {
  for (const char* candidate : allowed) {
    if (value == candidate) return true;
  }
  return false;
}

std::string EncodeIndexes(const std::vector<IndexDeclaration>& indexes) {
  std::vector<std::string> names;
  for (const IndexDeclaration& index : indexes) names.push_back(index.ToString());
  return sqlite::EncodeTags(names);
}

Result<std::vector<IndexDeclaration>> DecodeIndexes(const std::string& bytes) {
  std::optional<std::vector<std::string>> names = sqlite::DecodeTags(bytes);
  if (!names) return Status::Corruption("sqlite store: undecodable index declarations");
  std::vector<IndexDeclaration> indexes;
  for (const std::string& name : *names) {
    Result<IndexDeclaration> index = IndexDeclaration::FromString(name);
    if (!index.ok()) return Status::Corruption("sqlite store: stored index '" + name + "'");
    indexes.push_back(std::move(index).value());
  }
  return indexes;
}

Result<std::optional<std::string>> ReadMeta(sqlite3* db, const char* key) {
  Statement select(db, "SELECT value FROM store_meta WHERE key = ?1");
  select.Bind(1, std::string_view(key));
  EVSIM_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(select.Bytes(0));
}

}  // namespace

SqliteEventStore::SqliteEventStore(Environment env, SqliteStoreOptions options)
    : env_(env), options_(std::move(options)) {
  vfs_ = std::make_unique<sqlite::FileSystemVfs>(*env_.files, *env_.clock, options_.directory);
}

SqliteEventStore::~SqliteEventStore() { CloseDatabase(); }

Result<std::unique_ptr<SqliteEventStore>> SqliteEventStore::Open(Environment env,
                                                                 SqliteStoreOptions options,
                                                                 StoreConfig config) {
  if (env.clock == nullptr || env.files == nullptr || env.executor == nullptr) {
    return Status::InvalidArgument("the sqlite store needs a clock, a file system and an executor");
  }
  if (!OneOf(options.journal_mode, {"wal", "delete", "truncate", "persist"})) {
    return Status::InvalidArgument("journal_mode '" + options.journal_mode +
                                   "': expected wal, delete, truncate or persist");
  }
  if (!OneOf(options.synchronous, {"off", "normal", "full", "extra"})) {
    return Status::InvalidArgument("synchronous '" + options.synchronous +
                                   "': expected off, normal, full or extra");
  }
  std::unique_ptr<SqliteEventStore> store(new SqliteEventStore(env, std::move(options)));
  EVSIM_RETURN_IF_ERROR(store->Reopen(config));
  return store;
}

void SqliteEventStore::CloseDatabase() {
  alive_ = std::make_shared<int>(0);  // posted work of this session does nothing
  subscriptions_.clear();
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
}

void SqliteEventStore::Abandon() {
  vfs_->set_severed(true);
  CloseDatabase();
  vfs_->set_severed(false);
  failure_ = Status::IoError("sqlite store: the process died; reopen to recover");
}

Status SqliteEventStore::Reopen(const StoreConfig& config) {
  if (db_ != nullptr && !failure_) EVSIM_RETURN_IF_ERROR(ValidateReopenConfig(config_, config));
  EVSIM_RETURN_IF_ERROR(ValidateStoreConfig(config));
  CloseDatabase();
  failure_.reset();
  Status opened = OpenDatabase(config);
  if (!opened.ok()) {
    CloseDatabase();
    failure_ = opened;
    return opened;
  }
  config_ = config;
  PostDeliveriesToAll();
  return Status::Ok();
}

Status SqliteEventStore::OpenDatabase(const StoreConfig& config) {
  EVSIM_RETURN_IF_ERROR(env_.files->CreateDirectory(options_.directory));
  const std::string path = options_.directory + "/events.sqlite";
  const int code = sqlite3_open_v2(path.c_str(), &db_,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs_->name());
  if (code != SQLITE_OK) return sqlite::SqliteError(db_, code, "open " + path);
  sqlite3_extended_result_codes(db_, 1);
  // WAL without shared memory needs exclusive locking (the WAL index lives in the heap). In
  // the rollback modes exclusive locking would turn DELETE into PERSIST, so they stay normal.
  if (options_.journal_mode == "wal") {
    EVSIM_RETURN_IF_ERROR(Execute(db_, "PRAGMA locking_mode=EXCLUSIVE"));
  }
  EVSIM_RETURN_IF_ERROR(Execute(db_, ("PRAGMA journal_mode=" + options_.journal_mode).c_str()));
  EVSIM_RETURN_IF_ERROR(Execute(db_, ("PRAGMA synchronous=" + options_.synchronous).c_str()));
  // Statement journals and sorts in memory: no temporary files outside the store's directory.
  EVSIM_RETURN_IF_ERROR(Execute(db_, "PRAGMA temp_store=MEMORY"));
  EVSIM_RETURN_IF_ERROR(Execute(db_, "PRAGMA cell_size_check=ON"));
  {
    // journal_mode answers with the mode it settled on; anything else is a refused setting.
    Statement mode(db_, "PRAGMA journal_mode");
    EVSIM_ASSIGN_OR_RETURN(bool row, mode.Step());
    if (!row || mode.Bytes(0) != options_.journal_mode) {
      return Status::IoError("sqlite store: journal_mode " + options_.journal_mode +
                             " was not accepted (" + (row ? mode.Bytes(0) : "") + ")");
    }
  }
  Status created = InTransaction([&]() -> Status {
    EVSIM_RETURN_IF_ERROR(Execute(db_, sqlite::kSchema));
    EVSIM_ASSIGN_OR_RETURN(std::optional<std::string> indexes, ReadMeta(db_, "indexes"));
    EVSIM_ASSIGN_OR_RETURN(std::optional<std::string> integrity, ReadMeta(db_, "integrity"));
    if (indexes && integrity) {
      StoreConfig persisted;
      EVSIM_ASSIGN_OR_RETURN(persisted.indexes, DecodeIndexes(*indexes));
      persisted.integrity.enabled = *integrity == "on";
      return ValidateReopenConfig(persisted, config);
    }
    Statement insert(db_, "INSERT OR REPLACE INTO store_meta (key, value) VALUES (?1, ?2)");
    insert.Bind(1, std::string_view("indexes")).Bind(2, EncodeIndexes(config.indexes));
    EVSIM_RETURN_IF_ERROR(insert.Run());
    insert.Reset();
    insert.Bind(1, std::string_view("integrity"))
        .Bind(2, std::string_view(config.integrity.enabled ? "on" : "off"));
    return insert.Run();
  });
  EVSIM_RETURN_IF_ERROR(created);
  EVSIM_ASSIGN_OR_RETURN(std::optional<std::string> last_epoch, ReadMeta(db_, "last_epoch_us"));
  last_epoch_us_ = INT64_MIN + 1;
  if (last_epoch) {
    if (last_epoch->size() != 8) return Status::Corruption("sqlite store: bad last_epoch_us");
    std::uint64_t bits = 0;
    for (char byte : *last_epoch) bits = (bits << 8) | static_cast<std::uint8_t>(byte);
    last_epoch_us_ = static_cast<std::int64_t>(bits);
  }
  Statement select(db_,
                   "SELECT name, selector, at_beginning, epoch_us, stream_id, version FROM "
                   "subscriptions ORDER BY name");
  while (true) {
    EVSIM_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    std::optional<Selector> selector = sqlite::DecodeSelector(select.Bytes(1));
    if (!selector) return Status::Corruption("sqlite store: undecodable subscription selector");
    Subscription subscription;
    subscription.selector = std::move(*selector);
    subscription.checkpoint = select.Int(2) != 0
                                  ? Cursor::Beginning()
                                  : Cursor::At(select.Int(3), select.Bytes(4), select.Int(5));
    // A new session delivers strictly after the durable checkpoint (SPEC 8).
    subscription.enqueued_through = subscription.checkpoint;
    subscriptions_.emplace(select.Bytes(0), std::move(subscription));
  }
  return Status::Ok();
}

Status SqliteEventStore::CheckOpen() const {
  if (failure_ && failure_->code() != ErrorCode::kIoError) return *failure_;
  if (db_ == nullptr) {
    return failure_ ? *failure_ : Status::IoError("sqlite store: not open");
  }
  return Status::Ok();
}

Status SqliteEventStore::CheckWritable() const {
  EVSIM_RETURN_IF_ERROR(CheckOpen());
  if (failure_) return *failure_;
  return Status::Ok();
}

Status SqliteEventStore::Fail(Status status) {
  if (status.code() == ErrorCode::kIoError || status.code() == ErrorCode::kCorruption) {
    failure_ = status;
  }
  return status;
}

}  // namespace evsim
