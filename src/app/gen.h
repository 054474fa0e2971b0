// `sunlight gen`: synthetic data at scale, for benchmarks and load tests. Deterministic for a
// given seed; every record is valid in the import format. Everything generated says so in
// its name ("合成"), and uses division codes under 98, which no real province has.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

#include "core/status.h"

namespace sunlight::app {

struct GenOptions {
  uint64_t items = 100000;
  uint64_t seed = 1;
};

struct GenCounts {
  uint64_t regions = 0, organisations = 0, laws = 0, powers = 0, items = 0, life_events = 0,
           resources = 0;
};

Result<GenCounts> generate_catalogue(
    const GenOptions& options, const std::filesystem::path& dir,
    const std::function<void(uint64_t done, uint64_t total)>& progress);

// A synthetic population for the demo province's registers: DIR/registers/<resource>.jsonl,
// one line per subject, {"subject": id, "record": {...}}. Persons have valid identity numbers
// (GB 11643 check characters) in the demo's counties; businesses valid credit codes. All
// names, addresses and phone numbers are made up. Deterministic for a seed.
struct PopulationOptions {
  uint64_t persons = 100000;
  uint64_t businesses = 20000;
  uint64_t seed = 1;
};
struct PopulationCounts {
  uint64_t persons = 0, businesses = 0, records = 0;
};
Result<PopulationCounts> generate_population(
    const PopulationOptions& options, const std::filesystem::path& dir,
    const std::function<void(uint64_t done, uint64_t total)>& progress);

}  // namespace sunlight::app
