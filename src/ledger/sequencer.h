// The sequencer: the one writer.
//
//   submit(command) → queue → [writer thread] batch → for each command:
//       decide(state) → events → apply each event to the module tables → append the leaves
//   → write tiles → one commit for the batch → [completion thread] one fsync for the batches
//     committed since the last → receipts to the callers
//
// The writer does not wait for the disk: while the completion thread syncs batch N, the
// writer decides and applies batch N+1. A caller hears of its command only once it is
// durable; readers of the store may see a batch up to one fsync earlier, but no checkpoint
// is signed over entries that are not yet durable.
//
// Every table change therefore sits in the same transaction as the leaf that explains it.
// A command that a rule refuses has written nothing (deciding only reads); one that fails
// after writing — an applier throws — is left out and the batch runs again without it, so
// the rest of the batch goes on either way. A failed commit fails the whole batch and the
// in-memory tree is reloaded from the store.
//
// A signed checkpoint is published every `checkpoint_interval` when the tree has grown,
// on demand, and once more when the sequencer stops.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ledger/event.h"
#include "ledger/log.h"
#include "ledger/note.h"
#include "store/store.h"

namespace sunlight::ledger {

// What a command decided: the events to append and, optionally, a result for the caller.
struct Decision {
  std::vector<Event> events;
  nlohmann::json result;
  // Writes to tables the registry keeps on rebuild (department registers: source data whose
  // batch commitment is in the log, the rows themselves not). Runs after the events are
  // applied, in the same transaction. Empty for every other command.
  std::function<void(store::Connection&)> write_kept = nullptr;
};

// Reads the state a command needs (through the writer's connection, inside the batch's
// transaction, so it sees earlier commands of the batch) and decides. Must not write.
using Decide = std::function<Result<Decision>(store::Connection& state)>;

struct Outcome {
  Status status;
  std::vector<Receipt> receipts;
  nlohmann::json result;
  bool aborted = false;  // fine on its own, but rolled back with its group
};

// An event being applied: live in the sequencer and again, identically, on replay.
//
// A typed applier (ledger::on<E>) reads its event from the struct it is given and the leaf's
// type, time and actor from here; on the live path `leaf.data` and `personal` are not parsed
// (null), since the struct holds both. `data_json` is the data's canonical JSON on both paths.
struct Applied {
  uint64_t index;
  const LeafRecord& leaf;
  const nlohmann::json* personal;  // null when the event has none or it was erased
  std::string_view data_json;
};
using Applier = std::function<void(store::Connection& tx, const Applied& event)>;

// An event type a module handles: how its leaves are applied, how a leaf is read into its
// type and written out again (rebuild checks that this gives back the very bytes), and what
// docs/events.md says of it. Built by ledger::on<E> (ledger/event_type.h).
struct EventHandler {
  EventDoc doc;
  Applier apply;
  // The live path: the applier given the event's struct (Event::typed) when it is of this type.
  const std::type_info* typed_as = nullptr;
  std::function<void(store::Connection& tx, const void* event, const Applied& applied)> apply_typed;
  std::function<Event(const LeafRecord& leaf, const nlohmann::json* personal)> reserialise;
};

// A handler that applies the leaf's JSON as it is, for tests and benchmarks of the pipeline
// itself; modules register typed events (ledger::on<E>).
EventHandler plain_handler(std::string type, Applier apply);

// The modules' contributions to the write path: their migrations and event handlers.
class Registry {
 public:
  void add_migrations(const std::vector<store::Migration>& m);
  // Throws std::logic_error when the type already has a handler.
  void on(EventHandler handler);
  const std::vector<store::Migration>& migrations() const { return migrations_; }
  bool knows(const std::string& type) const { return handlers_.count(type) > 0; }
  // Null for an event type no module handles.
  const EventHandler* handler(const std::string& type) const;
  // Throws std::logic_error for an event type no module handles.
  void apply(store::Connection& tx, const Applied& event) const;
  // Applies an event just decided: a typed one straight from its struct, any other parsed
  // from its canonical JSON as replay parses it. `leaf` is the leaf being appended, without
  // its data (filled here when parsing is needed).
  void apply_live(store::Connection& tx, const Event& event, uint64_t index,
                  LeafRecord& leaf) const;
  // Every event type, in the order the modules registered them.
  std::vector<EventDoc> docs() const;
  // Tables that replay does not rebuild (the log itself, registers loaded in bulk).
  void keep_on_rebuild(const std::string& table) { kept_tables_.push_back(table); }
  const std::vector<std::string>& kept_tables() const { return kept_tables_; }

 private:
  std::vector<store::Migration> migrations_;
  std::map<std::string, EventHandler> handlers_;
  std::vector<std::string> order_;
  std::vector<std::string> kept_tables_;
};

struct SequencerOptions {
  std::chrono::milliseconds checkpoint_interval{1000};
  size_t max_batch = 4096;
  // When set, the writer commits without syncing (store::OpenOptions::Sync::kCaller) and this
  // makes everything committed so far durable (store::wal_sync). It runs on the completion
  // thread — one sync for every batch committed since the last one, while the writer goes on
  // with the next — before any caller hears of its command, and before a checkpoint is
  // signed. When it fails the process stops: what was committed may not be on disk.
  std::function<void()> make_durable = nullptr;
};

class Sequencer {
 public:
  Sequencer(store::Connection& writer, const Registry& registry, LogWriter& log,
            const NoteSigner& signer, SequencerOptions options = {});
  ~Sequencer();
  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;

  void start();
  // Stops taking commands, commits everything already queued, publishes a last checkpoint
  // and joins the writer thread.
  void stop();

  // `done` runs on the completion thread once the batch is committed and durable.
  void submit(Actor actor, Decide decide, std::function<void(Outcome)> done);
  Outcome execute(Actor actor, Decide decide);
  // Runs `decides` in order as one all-or-nothing unit (imports): each sees the effects of
  // the ones before it; if any is refused or fails, nothing of the group is written, and
  // the others come back `aborted`. `progress` is told how many have
  // been decided so far.
  void submit_group(Actor actor, std::vector<Decide> decides,
                    std::function<void(std::vector<Outcome>)> done,
                    std::function<void(size_t)> progress = {});
  std::vector<Outcome> execute_group(Actor actor, std::vector<Decide> decides,
                                     std::function<void(size_t)> progress = {});
  // Publishes a checkpoint now if the tree has grown; returns the latest note.
  std::string publish_now();

  // Called on the completion thread after every durable batch with the new log size; for
  // waking read models (the search index). Must be quick. Register before start().
  void on_commit(std::function<void(uint64_t size)> listener) {
    listeners_.push_back(std::move(listener));
  }

  size_t queue_depth() const;
  uint64_t size() const { return committed_size_.load(); }

 private:
  struct Pending {
    Actor actor;
    Decide decide;
    std::function<void(Outcome)> done;
    // A group instead of a single command:
    std::vector<Decide> group;
    std::function<void(std::vector<Outcome>)> group_done;
    std::function<void(size_t)> progress;
  };
  // A committed batch on its way to its callers.
  struct Committed {
    std::vector<Pending> batch;
    std::vector<std::vector<Outcome>> outcomes;
    uint64_t size;  // of the log after the batch
  };
  void loop();
  void complete_loop();
  void run_batch(std::vector<Pending>& batch);
  void make_durable();
  // Decides, applies and appends one command inside the open transaction; returns the
  // number of leaves appended. Throws store::Error when the transaction is unusable, and
  // CommandFailed when a command outside a group failed after writing.
  struct BatchTime {
    timeutil::Millis millis;
    std::string text;
  };
  size_t run_command(const Actor& actor, const Decide& decide, const BatchTime& time, Outcome& out,
                     bool in_group);
  void enqueue(Pending p);
  void maybe_publish(bool force);

  store::Connection& writer_;
  const Registry& registry_;
  LogWriter& log_;
  const NoteSigner& signer_;
  SequencerOptions options_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  bool publish_requested_ = false;
  std::condition_variable published_cv_;
  uint64_t publish_generation_ = 0;
  std::string latest_note_;
  std::chrono::steady_clock::time_point last_publish_{};
  std::atomic<uint64_t> committed_size_{0};
  std::vector<std::function<void(uint64_t)>> listeners_;
  std::thread thread_;

  std::mutex completion_mu_;
  std::condition_variable completion_cv_;
  std::deque<Committed> committed_;
  bool completion_stopping_ = false;
  std::thread completer_;
};

// Makes the payload (salt, canonical body) and the leaf bytes for one event.
struct PreparedEvent {
  std::string leaf;
  std::optional<Payload> payload;
  std::optional<std::string> commitment;
};
PreparedEvent prepare_event(const Event& event, const Actor& actor, const std::string& time_text);

}  // namespace sunlight::ledger
