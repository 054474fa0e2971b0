// The demo province's living data: a synthetic population in the registers, and data-sharing
// activity under every kind of basis, so a new user's data-use record is never empty.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "app/platform.h"
#include "core/status.h"

namespace sunlight::app {

// Generates `persons` (and persons/5 businesses) into scratch, imports the registers and
// seeds the activity. Does nothing if registers are already loaded. Returns the demo
// citizen's identity number (whose data-use record the demo fills).
Result<std::string> load_demo_population(Platform& platform, uint64_t persons,
                                         const std::filesystem::path& scratch);

// The person whose data the demo activity is about: the generator's example person.
std::string demo_citizen(store::Connection& c);

// The demo's cases in every state, with two months of handled and rated cases
// (internal/demo_cases.cc); called once, after the population is loaded.
void load_demo_cases(Platform& platform, const std::string& me);

}  // namespace sunlight::app
