// `sunlight import`: loads a catalogue directory of JSON Lines files (docs/import-format.md)
// through the same commands the API uses.
//
// Two phases: first every line of every file is read and checked (encoding, JSON, fields)
// and every problem is collected with its file, line and field; then, only if there were
// none, all records are submitted as one all-or-nothing group, so the rules (duplicates,
// references to records that do not exist) are checked against the store and the earlier
// records of the same import. Either everything is written, or nothing is.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "core/status.h"
#include "ledger/event.h"
#include "ledger/sequencer.h"

namespace sunlight::app {

struct ImportProgress {
  std::string phase;  // "check" or "write"
  uint64_t done = 0;
  uint64_t total = 0;
};

struct ImportReport {
  std::map<std::string, uint64_t> records;  // per file
  uint64_t events = 0;
  uint64_t first_index = 0;
  uint64_t last_index = 0;
};

// The files an import directory may hold, in the order they are loaded.
const std::vector<std::string>& import_files();

Result<ImportReport> import_directory(ledger::Sequencer& sequencer, const ledger::Actor& actor,
                                      const std::filesystem::path& dir,
                                      const std::function<void(const ImportProgress&)>& progress);

}  // namespace sunlight::app
