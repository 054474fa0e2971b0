// `sunlight export`: writes the current catalogue back in the import format
// (docs/import-format.md), so that exporting, importing into a fresh store and exporting
// again gives the same files. Officers are not exported: their names are personal data.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "core/status.h"
#include "store/store.h"

namespace sunlight::app {

// Returns the number of records written per file.
Result<std::map<std::string, uint64_t>> export_directory(
    store::Connection& c, const std::filesystem::path& dir,
    const std::function<void(uint64_t done, uint64_t total)>& progress);

}  // namespace sunlight::app
