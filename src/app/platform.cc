#include "app/platform.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "cases/cases.h"
#include "catalog/catalog.h"
#include "core/files.h"
#include "core/json.h"
#include "credentials/credentials.h"
#include "exchange/exchange.h"
#include "identity/identity.h"

namespace sunlight::app {
namespace {

std::optional<std::string> read_first_line(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) return std::nullopt;
  std::string line;
  std::getline(in, line);
  return line;
}

Status config_error(std::string zh, std::string en) {
  return Status(Code::kFailedPrecondition, std::move(zh), std::move(en));
}

}  // namespace

ledger::Registry all_modules() {
  ledger::Registry r;
  r.add_migrations(ledger::migrations());
  catalog::register_module(r);
  identity::register_module(r);
  exchange::register_module(r);
  credentials::register_module(r);
  cases::register_module(r);
  return r;
}

std::string event_types_markdown() {
  std::string md =
      "# Event types\n\n"
      "Every event's public `data` (in the leaf) and, where there is one, its personal payload\n"
      "(only a commitment in the leaf; see [ledger.md](ledger.md)). Generated from the event\n"
      "types in the code by `sunlight events`; a test fails when this file differs. A field in\n"
      "*italics* is present only when it applies.\n\n"
      "| type | what happened | data | personal payload |\n|---|---|---|---|\n";
  // Personal fields are all optional (a payload can be erased); only data fields are marked.
  auto fields = [](const std::vector<ledger::EventDoc::FieldDoc>& list, bool mark_optional) {
    if (list.empty()) return std::string("—");
    std::string out;
    for (const auto& f : list) {
      if (!out.empty()) out += "; ";
      std::string name = "`" + f.name + "`";
      out += f.optional && mark_optional ? "*" + name + "*" : name;
      if (!f.doc.empty()) out += " (" + f.doc + ")";
    }
    return out;
  };
  for (const auto& doc : all_modules().docs())
    md += "| `" + doc.type + "` | " + doc.summary + " | " + fields(doc.data, true) + " | " +
          fields(doc.personal, false) + " |\n";
  md +=
      "\nThe officer and department of an access are the leaf's `actor`. The subject of an "
      "access or\na consent appears in the leaf only inside the payload commitment; a person's "
      "own data-use\nrecord is found through the store's `accesses` table, which `subject.erased` "
      "clears. Case\nevents name the case number, never the applicant; the actor of a citizen's "
      "command is\n`citizen`.\n";
  return md;
}

std::filesystem::path database_path(const std::filesystem::path& data_dir) {
  return data_dir / "sunlight.db";
}

std::unique_ptr<store::Connection> open_reader(const std::filesystem::path& data_dir) {
  store::OpenOptions o;
  o.read_only = true;
  o.create = false;
  return store::open_sqlite(database_path(data_dir), o);
}

Result<identity::TokenIssuer> load_token_issuer(const std::filesystem::path& data_dir) {
  auto origin = read_first_line(data_dir / "log.pub");
  if (!origin || !std::filesystem::exists(data_dir / "token.key"))
    return config_error(
        "数据目录 " + data_dir.string() + " 尚未初始化（先运行 sunlight serve）",
        "data directory " + data_dir.string() + " is not initialised (run sunlight serve first)");
  auto name = origin->substr(0, origin->find('+'));
  return identity::TokenIssuer::load_or_create((data_dir / "token.key").string(), name);
}

Result<std::unique_ptr<Platform>> Platform::open(const PlatformOptions& options) {
  std::unique_ptr<Platform> p(new Platform());
  p->options_ = options;
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec)
    return config_error(
        "无法创建数据目录 " + options.data_dir.string(),
        "cannot create data directory " + options.data_dir.string() + ": " + ec.message());
  ::chmod(options.data_dir.c_str(), 0700);

  p->lock_fd_ = ::open((options.data_dir / "LOCK").c_str(), O_RDWR | O_CREAT, 0600);
  if (p->lock_fd_ < 0 || ::flock(p->lock_fd_, LOCK_EX | LOCK_NB) != 0)
    return Status(Code::kUnavailable,
                  "数据目录 " + options.data_dir.string() + " 正被另一个 sunlight 进程使用",
                  "data directory " + options.data_dir.string() +
                      " is in use by another sunlight process (serve or import)");

  // The log key: created on first start, then pinned.
  auto key_path = options.data_dir / "log.key";
  try {
    if (auto skey = read_first_line(key_path)) {
      SUNLIGHT_ASSIGN_OR_RETURN(auto signer, ledger::NoteSigner::parse(*skey));
      if (!options.origin.empty() && signer.name() != options.origin)
        return config_error(
            "该数据目录的日志来源是 " + signer.name() + "，不能改为 " + options.origin,
            "this data directory's log origin is " + signer.name() + "; it cannot change to " +
                options.origin);
      p->signer_ = std::make_unique<ledger::NoteSigner>(std::move(signer));
    } else {
      std::string origin = options.origin.empty() ? kDefaultOrigin : options.origin;
      if (!ledger::valid_key_name(origin))
        return Status::invalid_field("--origin", "日志来源不能含空格或 +",
                                     "the origin may not contain spaces or '+'");
      auto signer = ledger::NoteSigner::generate(origin);
      write_private_file(key_path, signer.private_key_string() + "\n");
      std::ofstream(options.data_dir / "log.pub") << signer.verifier_key() << "\n";
      p->signer_ = std::make_unique<ledger::NoteSigner>(std::move(signer));
    }
    p->tokens_ = std::make_unique<identity::TokenIssuer>(identity::TokenIssuer::load_or_create(
        (options.data_dir / "token.key").string(), p->signer_->name()));
    p->authenticator_ = std::make_unique<identity::LocalAuthenticator>(*p->tokens_);

    p->registry_ = all_modules();
    // The writer's commits are made durable by the sequencer's completion thread
    // (SequencerOptions::make_durable), not inside the commit.
    store::OpenOptions writer_options;
    writer_options.sync = store::OpenOptions::Sync::kCaller;
    p->writer_ = store::open_sqlite(database_path(options.data_dir), writer_options);
    // WAL checkpoints (copying committed pages into the database file, with its fsync) run on
    // a thread of their own (see start()), not inside the sequencer's commits. The writer
    // checkpoints itself only as a backstop, when the WAL has grown past 10,000 pages (40 MiB)
    // because the background checkpoints could not catch up with a long burst of writes.
    p->writer_->exec("PRAGMA wal_autocheckpoint=10000");
    // The sequencer reads before it writes (registers, catalogue records, cases): a larger
    // page cache than the readers' keeps those reads off the disk.
    p->writer_->exec("PRAGMA cache_size=-262144");  // 256 MiB
    store::migrate(*p->writer_, p->registry_.migrations());
    if (auto s = ledger::self_check(*p->writer_); !s.is_ok()) return s;
    p->log_ = std::make_unique<ledger::LogWriter>(*p->writer_);
    ledger::SequencerOptions so;
    so.checkpoint_interval = options.checkpoint_interval;
    bool wal = false;
    {
      auto mode = p->writer_->prepare("PRAGMA journal_mode");
      wal = mode.step() && mode.text(0) == "wal";
    }
    if (wal) {
      so.make_durable = store::wal_sync(database_path(options.data_dir));
    } else {
      // A file system without WAL support (SQLite fell back to a rollback journal): every
      // commit syncs itself.
      spdlog::warn("the store is not in WAL mode; every commit is synced by SQLite");
      p->writer_->exec("PRAGMA synchronous=FULL");
    }
    p->sequencer_ =
        std::make_unique<ledger::Sequencer>(*p->writer_, p->registry_, *p->log_, *p->signer_, so);
    auto dir = options.data_dir;
    p->readers_ = std::make_unique<store::ReaderPool>([dir] { return open_reader(dir); });
    search::Synonyms synonyms;
    if (!options.synonyms.empty()) {
      SUNLIGHT_ASSIGN_OR_RETURN(synonyms, search::Synonyms::load(options.synonyms));
    }
    p->search_ = search::Index::open(options.data_dir / "search", std::move(synonyms));
    auto config = std::make_shared<cases::Config>();
    if (!options.calendar.empty()) {
      SUNLIGHT_ASSIGN_OR_RETURN(config->calendar, WorkCalendar::load(options.calendar));
    }
    config->warn_days = options.warn_days;
    config->rectify_contact_days = options.rectify_contact_days;
    config->rectify_fix_days = options.rectify_fix_days;
    // The e-licence issuer: its key is created on first start, like the log key.
    auto issuer = credentials::Issuer::load_or_create(
        options.data_dir / "credential.key",
        options.public_url.empty() ? "https://" + p->signer_->name() : options.public_url);
    if (!issuer.is_ok()) return issuer.take_status();
    config->issuer = std::move(issuer).value();
    p->cases_config_ = std::move(config);
    auto* raw = p.get();
    p->sequencer_->on_commit([raw](uint64_t size) {
      {
        std::lock_guard lock(raw->index_mu_);
        raw->index_target_ = std::max(raw->index_target_, size);
      }
      raw->index_cv_.notify_all();
    });
  } catch (const std::exception& e) {
    return Status(Code::kInternal, std::string("无法打开数据目录：") + e.what(),
                  std::string("cannot open the data directory: ") + e.what());
  }
  return p;
}

void Platform::start() {
  sequencer_->start();
  checkpointer_ = std::thread([this, db = store::open_sqlite(database_path(options_.data_dir))] {
    std::unique_lock lock(index_mu_);
    while (!index_stop_) {
      lock.unlock();
      try {
        // PASSIVE: copies what no reader still needs and never blocks the writer.
        db->exec("PRAGMA wal_checkpoint(PASSIVE)");
      } catch (const std::exception& e) {
        spdlog::warn("WAL checkpoint failed: {}", e.what());
      }
      lock.lock();
      checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(200), [&] { return index_stop_; });
    }
  });
  index_target_ = sequencer_->size();
  indexer_ = std::thread([this] {
    for (;;) {
      try {
        search_->catch_up(readers_->get());
      } catch (const std::exception& e) {
        spdlog::error("search indexing failed: {}", e.what());
      } catch (...) {
        // Xapian's exceptions do not derive from std::exception; an escaped one would end
        // the process. The next round tries again from the last indexed entry.
        spdlog::error("search indexing failed with a non-standard exception");
      }
      index_cv_.notify_all();
      std::unique_lock lock(index_mu_);
      index_cv_.wait_for(lock, std::chrono::seconds(5),
                         [&] { return index_stop_ || index_target_ > search_->indexed_through(); });
      if (index_stop_) break;
    }
  });
}

void Platform::stop() {
  sequencer_->stop();
  {
    std::lock_guard lock(index_mu_);
    index_stop_ = true;
  }
  index_cv_.notify_all();
  checkpoint_cv_.notify_all();
  if (indexer_.joinable()) indexer_.join();
  if (checkpointer_.joinable()) checkpointer_.join();
}

void Platform::wait_for_index(uint64_t size) {
  std::unique_lock lock(index_mu_);
  index_target_ = std::max(index_target_, size);
  index_cv_.notify_all();
  index_cv_.wait_for(lock, std::chrono::seconds(120),
                     [&] { return search_->indexed_through() >= size || index_stop_; });
}

Platform::~Platform() {
  if (indexer_.joinable()) stop();
  if (sequencer_) sequencer_->stop();
  sequencer_.reset();
  log_.reset();
  writer_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

Result<RebuildReport> rebuild(const std::filesystem::path& data_dir,
                              const std::filesystem::path& scratch,
                              const std::function<void(uint64_t, uint64_t)>& progress) {
  try {
    auto live = open_reader(data_dir);
    auto registry = all_modules();
    std::filesystem::remove(scratch);
    store::OpenOptions so;
    so.sync = store::OpenOptions::Sync::kOff;
    auto fresh = store::open_sqlite(scratch, so);
    store::migrate(*fresh, registry.migrations());

    RebuildReport report;
    // One read transaction: the entries replayed and the tables compared are one snapshot.
    store::Transaction snapshot(*live, false);
    ledger::LogReader reader;
    uint64_t total = reader.size(*live);
    report.entries = total;
    store::Transaction tx(*fresh, true);
    constexpr uint64_t kChunk = 4096;
    for (uint64_t begin = 0; begin < total; begin += kChunk) {
      auto leaves = reader.entries(*live, begin, kChunk);
      for (size_t k = 0; k < leaves.size(); ++k) {
        uint64_t index = begin + k;
        SUNLIGHT_ASSIGN_OR_RETURN(auto record, ledger::parse_leaf(leaves[k]));
        std::optional<nlohmann::json> personal;
        std::string personal_body;
        if (record.commitment) {
          if (auto p = reader.payload(*live, index)) {
            if (ledger::commitment(p->salt, p->body) != record.commitment)
              return Status(Code::kDataLoss,
                            "第 " + std::to_string(index) + " 条日志的个人数据与承诺不符",
                            "the payload of entry " + std::to_string(index) +
                                " does not match its commitment");
            personal = nlohmann::json::parse(p->body);
            personal_body = p->body;
          }
        }
        // Every leaf read into its event type and written out again gives back its bytes:
        // the types and the log agree, for old logs as for new.
        if (const auto* handler = registry.handler(record.type)) {
          auto again = handler->reserialise(record, personal ? &*personal : nullptr);
          bool same =
              ledger::make_leaf(again, record.actor, record.time, record.commitment) == leaves[k];
          if (same && personal) same = again.personal && *again.personal == personal_body;
          if (!same && report.retype_differences++ < 5)
            report.differences.push_back("entry " + std::to_string(index) + " (" + record.type +
                                         "): its event type does not give back its bytes");
        }
        std::string data_json = jcs::canonical(record.data);
        registry.apply(*fresh,
                       ledger::Applied{index, record, personal ? &*personal : nullptr, data_json});
      }
      if (progress) progress(std::min(total, begin + kChunk), total);
    }
    tx.commit();

    std::vector<std::string> skip = {"schema_migrations", "ledger_entries", "ledger_payloads",
                                     "ledger_tiles", "ledger_checkpoints"};
    for (const auto& t : registry.kept_tables()) skip.push_back(t);
    auto a = store::table_digests(*live, skip);
    auto b = store::table_digests(*fresh, skip);
    for (size_t i = 0; i < a.size(); ++i) {
      if (i >= b.size() || a[i].first != b[i].first) {
        report.differences.push_back(a[i].first + ": missing from the rebuilt store");
      } else if (a[i].second != b[i].second) {
        report.differences.push_back(a[i].first + ": live " + a[i].second + " / rebuilt " +
                                     b[i].second);
      } else {
        report.tables_equal.push_back(a[i].first + " (" + a[i].second + ")");
      }
    }
    return report;
  } catch (const std::exception& e) {
    return Status(Code::kInternal, std::string("重建失败：") + e.what(),
                  std::string("rebuild failed: ") + e.what());
  }
}

}  // namespace sunlight::app
