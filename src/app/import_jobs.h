// Catalogue imports started over HTTP: the uploaded files are written to a private directory
// under the data directory and imported there by `import_directory` on a thread of their own,
// so the request answers at once and the caller follows the progress.
//
// One import runs at a time (a second is refused while one is running): every import is one
// all-or-nothing group on the sequencer, and two large groups would only queue behind each
// other. Jobs live in memory; a restart forgets them (the log keeps what they wrote).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/import.h"

namespace sunlight::app {

struct ImportJob {
  enum class State { kChecking, kWriting, kDone, kFailed };
  std::string id;
  std::string actor;  // the officer who started it
  State state = State::kChecking;
  ImportProgress progress;
  int64_t started_ms = 0, finished_ms = 0;
  Status failure;                      // when kFailed: every problem, with file:line/field
  std::optional<ImportReport> report;  // when kDone
};

const char* state_name(ImportJob::State state);

class ImportJobs {
 public:
  // `work_dir` is where the uploaded files wait for their import (removed afterwards).
  ImportJobs(ledger::Sequencer& sequencer, std::filesystem::path work_dir);
  ~ImportJobs();  // waits for a running import to finish
  ImportJobs(const ImportJobs&) = delete;
  ImportJobs& operator=(const ImportJobs&) = delete;

  // Checks the file names (only the documented import files, at least one) and starts the
  // import; returns the job's id. Refuses while another import is running.
  Result<std::string> start(const ledger::Actor& actor,
                            const std::map<std::string, std::string>& files);

  std::optional<ImportJob> get(const std::string& id) const;
  std::vector<ImportJob> list() const;  // the most recent first

 private:
  void run(std::string id, ledger::Actor actor, std::filesystem::path dir);

  ledger::Sequencer& sequencer_;
  std::filesystem::path work_dir_;
  mutable std::mutex mu_;
  std::map<std::string, ImportJob> jobs_;
  std::vector<std::string> order_;  // ids, oldest first (the last 50 are kept)
  bool running_ = false;
  std::thread worker_;
};

}  // namespace sunlight::app
