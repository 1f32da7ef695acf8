#pragma once
// SqliteEventStore: an event store on SQLite (Debian's libsqlite3), a second real store for
// evsim to judge. docs/sqlite-store.md describes the schema and the settings.
//
// Durability: every mutation is one SQLite transaction (an append is one transaction holding
// its events, their index rows, the stream's high water and the store's last epoch_us), and
// SQLite reaches files only through a VFS over the injected FileSystem (file_system_vfs.h), so
// in the simulator every write, sync and delete goes through the simulated disk. With the
// default settings (WAL, synchronous=FULL) a call that returned ok survives any crash.
//
// Semantics are SPEC.md's and docs/semantics.md's, error order included. Capabilities: all
// seven (GetCapabilities). Secondary index tables are kept for tags, event types and every
// metadata key whatever the store declares: a declared index answers in time proportional to
// its matches, and an undeclared one answers the same from the same tables.
//
// Failure: after an io_error on a mutation the store refuses further mutations with io_error
// until it is reopened (what reached the disk is unknown until SQLite's recovery decides).
//
// Background work (subscription delivery) is posted to the environment's executor as work
// items; the store never starts a thread. Not safe for concurrent use (one thread at a time).

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "evsim/adapter/event_store_adapter.h"
#include "evsim/env/environment.h"

struct sqlite3;

namespace evsim {

namespace sqlite {
class FileSystemVfs;
}

struct SqliteStoreOptions {
  std::string directory;
  // SQLite's journal_mode: "wal" (default) or "delete", "truncate", "persist". WAL runs with
  // locking_mode=EXCLUSIVE (the VFS has no shared memory; one connection per store).
  std::string journal_mode = "wal";
  // SQLite's synchronous: "full" (default), "extra", "normal" or "off". Anything below FULL
  // (or DELETE below EXTRA) can lose an acknowledged batch at a power loss: docs/sqlite-store.md.
  std::string synchronous = "full";
  // Events delivered to a subscription and not yet taken; delivery pauses when it is full.
  std::size_t subscription_queue_events_max = 256;
};

class SqliteEventStore final : public EventStoreAdapter {
 public:
  // Opens (creating when empty) the store in options.directory.
  // REQUIRES: env.clock, env.files and env.executor outlive the store.
  static Result<std::unique_ptr<SqliteEventStore>> Open(Environment env,
                                                        SqliteStoreOptions options,
                                                        StoreConfig config);
  ~SqliteEventStore() override;

  Capabilities GetCapabilities() const override { return Capabilities::All(); }
  Result<std::int64_t> Append(const std::string& stream_id, std::int64_t expected_version,
                              const std::vector<EventInput>& events) override;
  Result<std::vector<Event>> Read(const std::string& stream_id, std::int64_t from,
                                  std::int64_t count, Direction direction) override;
  Result<std::int64_t> Version(const std::string& stream_id) override;
  Result<bool> Exists(const std::string& stream_id) override;
  Result<std::vector<std::string>> ListStreams() override;
  Result<std::vector<Event>> ReadGlobal(const Cursor& after, std::int64_t limit) override;
  Status DeleteStream(const std::string& stream_id) override;
  Result<std::vector<Event>> LookupTags(const std::vector<std::string>& tags, TagMatch match,
                                        std::int64_t limit) override;
  Result<std::vector<Event>> LookupTypes(const std::vector<std::string>& types,
                                         std::int64_t limit) override;
  Result<std::vector<Event>> LookupMeta(const std::string& key, const std::string& value,
                                        std::int64_t limit) override;
  Result<Snapshot> SaveSnapshot(const std::string& stream_id, std::int64_t version,
                                const std::string& data, const Metadata& metadata) override;
  Result<Snapshot> ReadLatestSnapshot(const std::string& stream_id) override;
  Result<Snapshot> ReadSnapshotAt(const std::string& stream_id, std::int64_t version) override;
  Result<std::vector<Snapshot>> ListSnapshots(const std::string& stream_id) override;
  Status DeleteSnapshotAt(const std::string& stream_id, std::int64_t version) override;
  Status DeleteAllSnapshots(const std::string& stream_id) override;
  Result<ScavengeReport> Scavenge(const std::string& stream_id,
                                  const ScavengeOptions& options) override;
  Status VerifyStream(const std::string& stream_id) override;
  Status Subscribe(const std::string& name, const Selector& selector,
                   const SubscriptionStart& start) override;
  Status Unsubscribe(const std::string& name) override;
  Status Ack(const std::string& name, const Cursor& cursor) override;
  Result<std::vector<Event>> TakeDeliveries(const std::string& name,
                                            std::int64_t max_events) override;
  Result<std::vector<SubscriptionInfo>> ListSubscriptions() override;
  Status Reopen(const StoreConfig& config) override;

  // A simulated process death: the connection is dropped without one more byte reaching the
  // disk (closing normally would checkpoint the WAL). Reopen recovers from what is durable.
  void Abandon();

 private:
  struct Subscription {
    Selector selector;
    Cursor checkpoint;  // durable
    // Session state, dropped at reopen.
    std::deque<Event> queue;
    Cursor enqueued_through;
    bool delivery_posted = false;
    bool caught_up = false;
  };
  struct StreamRow {
    std::int64_t high_water = kNoVersion;
    Hash32 last_chain{};
    Hash32 anchor{};
  };

  SqliteEventStore(Environment env, SqliteStoreOptions options);
  Status OpenDatabase(const StoreConfig& config);
  void CloseDatabase();
  // Ok while the store is open and writable; the failure otherwise.
  Status CheckOpen() const;
  Status CheckWritable() const;
  // Runs `body` inside BEGIN IMMEDIATE .. COMMIT. Any error rolls back; an io_error or
  // corruption also fails the store until reopen.
  template <typename Body>
  Status InTransaction(Body body);
  Status Fail(Status status);

  Result<std::optional<StreamRow>> LoadStream(const std::string& stream_id);
  Result<std::vector<Event>> QueryEvents(const std::string& sql,
                                         const std::vector<std::string>& blobs,
                                         const std::vector<std::int64_t>& ints);
  Result<std::optional<Event>> EventAt(const std::string& stream_id, std::int64_t version);
  Result<std::int64_t> FirstPresent(const std::string& stream_id, std::int64_t high_water);
  Status PersistCheckpoint(const std::string& name, const Cursor& cursor);

  void PostDelivery(const std::string& name);
  void PostDeliveriesToAll();
  void DeliverSome(const std::string& name);

  Environment env_;
  SqliteStoreOptions options_;
  std::unique_ptr<sqlite::FileSystemVfs> vfs_;
  sqlite3* db_ = nullptr;
  StoreConfig config_;
  // The last epoch_us handed out, persisted in the same transaction as its batch.
  std::int64_t last_epoch_us_ = INT64_MIN + 1;
  std::optional<Status> failure_;
  std::map<std::string, Subscription> subscriptions_;
  // Work items posted by an earlier session check it and do nothing once it is gone.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace evsim
