// The SQLite backend.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/crypto.h"
#include "store/store.h"

namespace sunlight::store {

class Statement::Impl {
 public:
  virtual ~Impl() = default;
  virtual void bind_int(int i, int64_t v) = 0;
  virtual void bind_text(int i, std::string_view v) = 0;
  virtual void bind_blob(int i, std::string_view v) = 0;
  virtual void bind_null(int i) = 0;
  virtual int parameter_index(const char* name) const = 0;
  virtual bool step() = 0;
  virtual int64_t changes() = 0;
  virtual bool is_null(int col) const = 0;
  virtual int64_t int64(int col) const = 0;
  virtual std::string_view bytes(int col) const = 0;
  virtual void reset() = 0;
};

Statement::Statement(std::unique_ptr<Impl> impl) : owned_(std::move(impl)), impl_(owned_.get()) {}
Statement Statement::lease(Impl* impl) {
  Statement s;
  s.impl_ = impl;
  return s;
}
Statement::Statement(Statement&& o) noexcept : owned_(std::move(o.owned_)), impl_(o.impl_) {
  o.impl_ = nullptr;
}
Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    if (!owned_ && impl_) impl_->reset();
    owned_ = std::move(o.owned_);
    impl_ = o.impl_;
    o.impl_ = nullptr;
  }
  return *this;
}
Statement::~Statement() {
  if (!owned_ && impl_) impl_->reset();
}
Statement& Statement::bind(int i, int64_t v) {
  impl_->bind_int(i, v);
  return *this;
}
Statement& Statement::bind(int i, std::string_view text) {
  impl_->bind_text(i, text);
  return *this;
}
int Statement::parameter_index(const char* name) const { return impl_->parameter_index(name); }

Statement& Statement::bind(int i, std::nullopt_t) {
  impl_->bind_null(i);
  return *this;
}
Statement& Statement::bind_blob(int i, std::string_view bytes) {
  impl_->bind_blob(i, bytes);
  return *this;
}
bool Statement::step() { return impl_->step(); }
int64_t Statement::run() {
  while (impl_->step()) {
  }
  return impl_->changes();
}
bool Statement::is_null(int col) const { return impl_->is_null(col); }
int64_t Statement::int64(int col) const { return impl_->int64(col); }
std::string Statement::text(int col) const { return std::string(impl_->bytes(col)); }
std::optional<std::string> Statement::optional_text(int col) const {
  if (impl_->is_null(col)) return std::nullopt;
  return std::string(impl_->bytes(col));
}
std::string Statement::blob(int col) const { return std::string(impl_->bytes(col)); }
std::string_view Statement::blob_view(int col) const { return impl_->bytes(col); }
void Statement::reset() { impl_->reset(); }

namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  throw Error(msg);
}

class SqliteStatement final : public Statement::Impl {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void bind_int(int i, int64_t v) override { check(sqlite3_bind_int64(stmt_, i, v)); }
  void bind_text(int i, std::string_view v) override {
    check(sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind_blob(int i, std::string_view v) override {
    check(sqlite3_bind_blob64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT));
  }
  void bind_null(int i) override { check(sqlite3_bind_null(stmt_, i)); }
  int parameter_index(const char* name) const override {
    return sqlite3_bind_parameter_index(stmt_, name);
  }
  bool step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
    sqlite3_reset(stmt_);
    fail(db_, rc, "step [" + sql.substr(0, 120) + "]");
  }
  int64_t changes() override { return sqlite3_changes64(db_); }
  bool is_null(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t int64(int col) const override { return sqlite3_column_int64(stmt_, col); }
  std::string_view bytes(int col) const override {
    const void* p = sqlite3_column_blob(stmt_, col);
    int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string_view(static_cast<const char*>(p), static_cast<size_t>(n))
             : std::string_view();
  }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    cache_.clear();
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Statement prepare(std::string_view sql) override {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, "prepare [" + std::string(sql.substr(0, 200)) + "]");
    return Statement(std::make_unique<SqliteStatement>(db_, stmt));
  }

  Statement cached(std::string_view sql) override {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      sqlite3_stmt* stmt = nullptr;
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) fail(db_, rc, "prepare [" + std::string(sql.substr(0, 200)) + "]");
      it = cache_.emplace(std::string(sql), std::make_unique<SqliteStatement>(db_, stmt)).first;
    }
    it->second->reset();
    return Statement::lease(it->second.get());
  }

  void exec(std::string_view sql) override {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      throw Error("exec: " + msg + " [" + s.substr(0, 200) + "]");
    }
  }

  void begin(bool write) override { exec(write ? "BEGIN IMMEDIATE" : "BEGIN"); }
  void commit() override { exec("COMMIT"); }
  void rollback() override {
    if (!sqlite3_get_autocommit(db_)) exec("ROLLBACK");
  }
  // Savepoints run once per command on the write path: prepared once, not parsed each time.
  void savepoint(std::string_view name) override { cached("SAVEPOINT " + std::string(name)).run(); }
  void release(std::string_view name) override { cached("RELEASE " + std::string(name)).run(); }
  void rollback_to(std::string_view name) override {
    cached("ROLLBACK TO " + std::string(name)).run();
    cached("RELEASE " + std::string(name)).run();
  }
  bool in_transaction() const override { return !sqlite3_get_autocommit(db_); }
  int64_t total_changes() const override { return sqlite3_total_changes64(db_); }

  std::vector<std::string> tables() override {
    std::vector<std::string> out;
    auto st = prepare(
        "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name");
    while (st.step()) out.push_back(st.text(0));
    return out;
  }

 private:
  sqlite3* db_;
  // Hashed: the hot statements share long prefixes ("INSERT INTO case_…"), which an ordered
  // map compares again at every level.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>, SqlHash, std::equal_to<>>
      cache_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::filesystem::path& path,
                                        const OpenOptions& options) {
  // SQLite's memory statistics take a process-wide mutex on every allocation, which every
  // connection's thread then contends for; Sunlight does not read them.
  static std::once_flag no_memstatus;
  std::call_once(no_memstatus, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= options.read_only ? SQLITE_OPEN_READONLY
                             : (SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0));
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    throw Error("cannot open database " + path.string() + ": " + msg);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  auto conn = std::make_unique<SqliteConnection>(db);
  if (!options.read_only) {
    conn->exec("PRAGMA journal_mode=WAL");
    using Sync = OpenOptions::Sync;
    conn->exec(options.sync == Sync::kEveryCommit ? "PRAGMA synchronous=FULL"
               : options.sync == Sync::kCaller    ? "PRAGMA synchronous=NORMAL"
                                                  : "PRAGMA synchronous=OFF");
    conn->exec("PRAGMA foreign_keys=ON");
  }
  conn->exec("PRAGMA cache_size=-65536");  // 64 MiB
  conn->exec("PRAGMA temp_store=MEMORY");
  // Reads of the database file through a memory map: no read() call and no copy per page that
  // is not in the page cache (registers are looked up at random by every access decision).
  conn->exec("PRAGMA mmap_size=4294967296");  // 4 GiB of address space, not memory
  return conn;
}

std::function<void()> wal_sync(const std::filesystem::path& path) {
  struct WalFile {
    std::mutex mu;
    std::string path;
    int fd = -1;
    ~WalFile() {
      if (fd >= 0) ::close(fd);
    }
    // The open descriptor, reopened if the WAL at `path` is another file than the open one.
    int current() {
      struct stat at_path = {};
      struct stat opened = {};
      if (::stat(path.c_str(), &at_path) != 0)
        throw Error("cannot find the WAL " + path + ": " + std::strerror(errno));
      if (fd >= 0 && ::fstat(fd, &opened) == 0 && opened.st_ino == at_path.st_ino &&
          opened.st_dev == at_path.st_dev)
        return fd;
      if (fd >= 0) ::close(fd);
      fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) throw Error("cannot open the WAL " + path + ": " + std::strerror(errno));
      // A WAL file that was just created must also be durable in its directory.
      auto dir = std::filesystem::path(path).parent_path();
      int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
      }
      return fd;
    }
  };
  auto wal = std::make_shared<WalFile>();
  wal->path = path.string() + "-wal";
  return [wal] {
    std::lock_guard lock(wal->mu);
    if (::fdatasync(wal->current()) != 0)
      throw Error("cannot sync the WAL " + wal->path + ": " + std::strerror(errno));
  };
}

void migrate(Connection& c, const std::vector<Migration>& migrations) {
  c.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " module TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL,"
      " PRIMARY KEY (module, version))");
  std::map<std::string, int> have;
  {
    auto st = c.prepare("SELECT module, MAX(version) FROM schema_migrations GROUP BY module");
    while (st.step()) have[st.text(0)] = static_cast<int>(st.int64(1));
  }
  std::map<std::string, int> known;
  for (const auto& m : migrations) known[m.module] = std::max(known[m.module], m.version);
  for (const auto& [module, version] : have) {
    if (known[module] < version)
      throw Error("the database has schema version " + std::to_string(version) + " of module " +
                  module + ", newer than this program knows (" + std::to_string(known[module]) +
                  "); use a newer sunlight");
  }
  for (const auto& m : migrations) {
    if (m.version <= have[m.module]) continue;
    Transaction tx(c, true);
    c.exec(m.sql);
    c.prepare(
         "INSERT INTO schema_migrations (module, version, applied_at) VALUES (?, ?, "
         "strftime('%Y-%m-%dT%H:%M:%fZ','now'))")
        .bind_all(m.module, m.version)
        .run();
    tx.commit();
    have[m.module] = m.version;
  }
}

Connection& ReaderPool::get() {
  std::lock_guard lock(mu_);
  auto& slot = connections_[std::this_thread::get_id()];
  if (!slot) slot = open_();
  return *slot;
}

std::vector<std::pair<std::string, std::string>> table_digests(
    Connection& c, const std::vector<std::string>& skip) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& table : c.tables()) {
    if (std::find(skip.begin(), skip.end(), table) != skip.end()) continue;
    // Order by every column so the digest does not depend on insertion order.
    std::vector<std::string> cols;
    {
      auto info = c.prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid");
      info.bind(1, table);
      while (info.step()) cols.push_back(info.text(0));
    }
    std::string order;
    for (size_t i = 0; i < cols.size(); ++i) order += (i ? "," : "") + std::to_string(i + 1);
    std::string select = "SELECT ";
    for (size_t i = 0; i < cols.size(); ++i) select += (i ? ",\"" : "\"") + cols[i] + "\"";
    select += " FROM \"" + table + "\" ORDER BY " + order;
    auto st = c.prepare(select);
    std::string acc;
    int64_t rows = 0;
    crypto::Hash running{};
    while (st.step()) {
      ++rows;
      acc.clear();
      for (int i = 0; i < static_cast<int>(cols.size()); ++i) {
        if (st.is_null(i)) {
          acc += "N;";
        } else {
          auto b = st.blob_view(i);
          acc += std::to_string(b.size()) + ":" + std::string(b) + ";";
        }
      }
      running = crypto::sha256(crypto::as_bytes(running), acc);
    }
    out.emplace_back(table, std::to_string(rows) + " rows " + crypto::hex(running).substr(0, 16));
  }
  return out;
}

}  // namespace sunlight::store
