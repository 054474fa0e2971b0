// The composition root: one data directory, opened with every module registered.
//
// Data directory layout:
//   sunlight.db        the store (SQLite, WAL)
//   log.key            the log's signed-note private key (mode 0600; never leaves the machine)
//   log.pub            the log's verifier key (public: name+hash+base64)
//   token.key          the access-token signing key (mode 0600)
//   search/            the search index (a read model; deleted, it is rebuilt on start)
//   LOCK               held by the one process that writes (serve, import)
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/status.h"
#include "identity/identity.h"
#include "ledger/log.h"
#include "ledger/note.h"
#include "ledger/sequencer.h"
#include "search/search.h"
#include "store/store.h"

namespace sunlight::cases {
struct Config;
}

namespace sunlight::app {

// Every module's migrations and appliers.
ledger::Registry all_modules();

// docs/events.md: every event type with its public data and personal payload, written from
// the event types themselves (`sunlight events`; a test fails when the file differs).
std::string event_types_markdown();

struct PlatformOptions {
  std::filesystem::path data_dir = "sunlight-data";
  // The log's origin line (and key name). Fixed at first start; later starts must agree.
  std::string origin;
  std::chrono::milliseconds checkpoint_interval{1000};
  // The search synonyms file; empty for none.
  std::filesystem::path synonyms;
  // The working-day calendar directory (<year>.json); empty for weekends only.
  std::filesystem::path calendar;
  // Case handling: warn before deadlines; a bad rating's rectification limits (working days).
  int warn_days = 2, rectify_contact_days = 1, rectify_fix_days = 15;
  // Where the platform is reached from outside: the e-licence issuer id and the base of its
  // status-list URLs. Empty: https://<origin>.
  std::string public_url;
};

inline constexpr const char* kDefaultOrigin = "sunlight.example/demo";

class Platform {
 public:
  // Takes the data directory's write lock, applies migrations, loads or creates keys and
  // loads the tree. The sequencer is not started.
  static Result<std::unique_ptr<Platform>> open(const PlatformOptions& options);
  ~Platform();

  // Starts the sequencer and the search indexer.
  void start();
  // Stops taking commands, commits what is queued, stops the indexer.
  void stop();

  const std::filesystem::path& data_dir() const { return options_.data_dir; }
  const std::string& origin() const { return signer_->name(); }
  const ledger::Registry& registry() const { return registry_; }
  ledger::Sequencer& sequencer() { return *sequencer_; }
  ledger::LogReader& log_reader() { return log_reader_; }
  store::ReaderPool& readers() { return *readers_; }
  const ledger::NoteSigner& signer() const { return *signer_; }
  const identity::TokenIssuer& tokens() const { return *tokens_; }
  const identity::Authenticator& authenticator() const { return *authenticator_; }
  const search::Index& search_index() const { return *search_; }
  std::shared_ptr<const cases::Config> cases_config() const { return cases_config_; }
  // Waits until the search index covers the log up to `size` (tests and imports).
  void wait_for_index(uint64_t size);
  // The writer connection: only for work done before start() or after stop().
  store::Connection& writer() { return *writer_; }

 private:
  Platform() = default;
  PlatformOptions options_;
  int lock_fd_ = -1;
  ledger::Registry registry_;
  std::unique_ptr<store::Connection> writer_;
  std::unique_ptr<ledger::NoteSigner> signer_;
  std::unique_ptr<identity::TokenIssuer> tokens_;
  std::unique_ptr<identity::Authenticator> authenticator_;
  std::unique_ptr<ledger::LogWriter> log_;
  std::unique_ptr<ledger::Sequencer> sequencer_;
  std::unique_ptr<store::ReaderPool> readers_;
  ledger::LogReader log_reader_;
  std::unique_ptr<search::Index> search_;
  std::shared_ptr<const cases::Config> cases_config_;
  std::thread indexer_;
  std::thread checkpointer_;  // WAL checkpoints, every 200 ms (guarded by index_mu_ too)
  std::condition_variable checkpoint_cv_;
  std::mutex index_mu_;
  std::condition_variable index_cv_;
  uint64_t index_target_ = 0;
  bool index_stop_ = false;
};

std::filesystem::path database_path(const std::filesystem::path& data_dir);
// A read-only connection to a data directory's store (no lock taken).
std::unique_ptr<store::Connection> open_reader(const std::filesystem::path& data_dir);
// Loads the token issuer without taking the write lock (for `sunlight token`).
Result<identity::TokenIssuer> load_token_issuer(const std::filesystem::path& data_dir);

// Replays the log into fresh tables and compares them with the live ones.
struct RebuildReport {
  uint64_t entries = 0;
  uint64_t retype_differences = 0;  // leaves their event type does not write back byte for byte
  std::vector<std::string> tables_equal;
  std::vector<std::string> differences;  // "table: live … / rebuilt …"
  bool ok() const { return differences.empty(); }
};
Result<RebuildReport> rebuild(const std::filesystem::path& data_dir,
                              const std::filesystem::path& scratch,
                              const std::function<void(uint64_t done, uint64_t total)>& progress);

}  // namespace sunlight::app
