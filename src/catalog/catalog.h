// The catalogue module (政府功能网): regions, organisations, and — as it grows — laws,
// powers, service items and life events. It owns the tables those live in, the events
// that change them, and the queries other modules read them through.
//
// Depends on: core, store, ledger. Invariants: every row changes only by applying one of
// this module's events; dissolved records stay (history is never deleted), marked
// inactive; codes are validated on entry and never change.
#pragma once

#include "catalog/directory.h"
#include "catalog/network.h"
#include "ledger/sequencer.h"

namespace sunlight::catalog {

// Adds the catalogue's migrations and event appliers to the write path.
void register_module(ledger::Registry& registry);

}  // namespace sunlight::catalog
