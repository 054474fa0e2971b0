// The database seam.
//
// Everything Sunlight keeps lives behind this interface: SQLite (the embedded default, one
// file in the data directory, WAL mode) and, later, PostgreSQL. Modules write portable SQL
// with `?` placeholders and the types INTEGER, TEXT and BLOB; a backend translates what its
// dialect needs (placeholders, BLOB → BYTEA). Nothing above this layer includes a database
// client header.
//
// Contract: failures that callers cannot act on — I/O errors, corruption, a malformed SQL
// string (a bug) — are thrown as store::Error. The sequencer and the request edges catch it;
// module code does not. Expected outcomes ("no such row") are ordinary return values.
//
// Threads: a Connection belongs to one thread at a time. Sunlight has one writer connection
// (owned by the sequencer) and one reader connection per request thread (ReaderPool).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace sunlight::store {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class Dialect { kSqlite, kPostgres };

// A prepared statement. Parameters are numbered from 1, result columns from 0.
class Statement {
 public:
  class Impl;
  explicit Statement(std::unique_ptr<Impl> impl);
  // A lease on a statement owned by a connection's cache: resets it when dropped, so no
  // read snapshot outlives its use.
  static Statement lease(Impl* impl);
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) noexcept;
  ~Statement();

  Statement& bind(int i, int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Statement& bind(int i, uint64_t v) { return bind(i, static_cast<int64_t>(v)); }
  Statement& bind(int i, std::string_view text);
  Statement& bind(int i, const std::string& text) { return bind(i, std::string_view(text)); }
  Statement& bind(int i, const char* text) { return bind(i, std::string_view(text)); }
  Statement& bind(int i, std::nullopt_t);
  Statement& bind(int i, const std::optional<std::string>& v) {
    return v ? bind(i, *v) : bind(i, std::nullopt);
  }
  Statement& bind(int i, const std::optional<int64_t>& v) {
    return v ? bind(i, *v) : bind(i, std::nullopt);
  }
  Statement& bind_blob(int i, std::string_view bytes);
  // The number of a named parameter (":name"), or 0 when the statement has none by that name.
  int parameter_index(const char* name) const;

  // Binds every argument in order, starting at parameter 1.
  template <typename... Args>
  Statement& bind_all(const Args&... args) {
    int i = 0;
    (bind(++i, args), ...);
    return *this;
  }

  // Advances to the next row; false when there are no more rows (or for a statement that
  // returns none, once it has run).
  bool step();
  // Runs a statement that returns no rows; returns the number of rows changed.
  int64_t run();

  bool is_null(int col) const;
  int64_t int64(int col) const;
  std::string text(int col) const;
  std::optional<std::string> optional_text(int col) const;
  std::string blob(int col) const;
  std::string_view blob_view(int col) const;  // valid until the next step()

  void reset();  // ready to run again; clears bindings

 private:
  Statement() = default;
  std::unique_ptr<Impl> owned_;
  Impl* impl_ = nullptr;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Prepares a new statement.
  virtual Statement prepare(std::string_view sql) = 0;
  // A statement prepared once per connection and leased to the caller; it is reset when
  // the lease is dropped (ending any read snapshot it held). The hot paths use this.
  virtual Statement cached(std::string_view sql) = 0;
  // Runs one or more statements that return nothing (DDL, pragmas).
  virtual void exec(std::string_view sql) = 0;
  virtual void begin(bool write) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual void savepoint(std::string_view name) = 0;
  virtual void release(std::string_view name) = 0;
  virtual void rollback_to(std::string_view name) = 0;
  virtual bool in_transaction() const = 0;
  // Rows inserted, updated or deleted through this connection since it was opened (for
  // checking that a read-only step wrote nothing).
  virtual int64_t total_changes() const = 0;
  // Every table name, for whole-database comparisons (rebuild).
  virtual std::vector<std::string> tables() = 0;
};

struct OpenOptions {
  bool read_only = false;
  bool create = true;
  // Durability of a commit:
  //   kEveryCommit — SQLite fsyncs the WAL on every commit (synchronous=FULL);
  //   kCaller      — commits are not synced, checkpoints are (synchronous=NORMAL): the caller
  //                  makes commits durable with wal_sync() before it reports them (the
  //                  sequencer does, on a thread of its own, for a whole group of batches);
  //   kOff         — nothing is synced: scratch databases such as rebuild targets.
  enum class Sync { kEveryCommit, kCaller, kOff };
  Sync sync = Sync::kEveryCommit;
};

// Opens the SQLite database at `path`.
std::unique_ptr<Connection> open_sqlite(const std::filesystem::path& path,
                                        const OpenOptions& options = {});

// Returns a function that makes everything committed so far to the database at `path`
// durable: an fdatasync of its WAL file (reopened if the file was replaced). Callable from
// any thread; throws store::Error when the sync fails — the commits may then be lost.
std::function<void()> wal_sync(const std::filesystem::path& path);

// RAII transaction: begins on construction; rolls back on destruction unless committed.
class Transaction {
 public:
  Transaction(Connection& c, bool write) : c_(c) { c_.begin(write); }
  ~Transaction() {
    if (!done_) {
      try {
        c_.rollback();
      } catch (...) {
      }
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    c_.commit();
    done_ = true;
  }

 private:
  Connection& c_;
  bool done_ = false;
};

// A schema migration of one module. Versions are numbered from 1 per module and applied in
// order, each in its own transaction, recorded in `schema_migrations`.
struct Migration {
  std::string module;
  int version;
  std::string sql;
};

// Applies the migrations not yet recorded. Throws store::Error if a recorded version is
// unknown to this binary (the database is newer than the code).
void migrate(Connection& c, const std::vector<Migration>& migrations);

// One reader connection per thread, opened on first use.
class ReaderPool {
 public:
  explicit ReaderPool(std::function<std::unique_ptr<Connection>()> open) : open_(std::move(open)) {}
  Connection& get();

 private:
  std::function<std::unique_ptr<Connection>()> open_;
  std::mutex mu_;
  std::unordered_map<std::thread::id, std::unique_ptr<Connection>> connections_;
};

// Hashes every row of every table (in primary-key order) into one digest per table; used
// to show that a rebuilt database equals the live one.
std::vector<std::pair<std::string, std::string>> table_digests(
    Connection& c, const std::vector<std::string>& skip);

}  // namespace sunlight::store
