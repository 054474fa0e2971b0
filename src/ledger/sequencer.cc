#include "ledger/sequencer.h"

#include <spdlog/spdlog.h>

#include <future>

#include "core/crypto.h"
#include "core/json.h"
#include "core/metrics.h"

namespace sunlight::ledger {
namespace {

struct Instruments {
  metrics::Histogram& batch_size =
      metrics::global().histogram("sunlight_sequencer_batch_size", "Commands per committed batch",
                                  {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096});
  metrics::Histogram& commit_seconds =
      metrics::global().histogram("sunlight_sequencer_commit_seconds",
                                  "Time to apply and commit one batch", metrics::latency_buckets());
  metrics::Counter& events =
      metrics::global().counter("sunlight_ledger_events_total", "Events appended to the log");
  metrics::Counter& rejected = metrics::global().counter("sunlight_sequencer_rejected_total",
                                                         "Commands refused by their decide step");
  metrics::Counter& failed_batches = metrics::global().counter(
      "sunlight_sequencer_failed_batches_total", "Batches whose commit failed");
  metrics::Counter& checkpoints = metrics::global().counter("sunlight_ledger_checkpoints_total",
                                                            "Signed checkpoints published");
};

Instruments& instruments() {
  static Instruments i;
  return i;
}

Status internal_error(const std::string& what) {
  return Status(Code::kInternal, "写入失败：" + what, "write failed: " + what);
}

// A single command failed after it had written: its batch is run again without it.
struct CommandFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace

void Registry::add_migrations(const std::vector<store::Migration>& m) {
  migrations_.insert(migrations_.end(), m.begin(), m.end());
}

EventHandler plain_handler(std::string type, Applier apply) {
  EventHandler h;
  h.doc.type = std::move(type);
  h.apply = std::move(apply);
  h.reserialise = [t = h.doc.type](const LeafRecord& leaf, const nlohmann::json* personal) {
    return Event::plain(t, leaf.data,
                        personal ? std::optional<nlohmann::json>(*personal) : std::nullopt);
  };
  return h;
}

void Registry::on(EventHandler handler) {
  std::string type = handler.doc.type;
  if (!handlers_.emplace(type, std::move(handler)).second)
    throw std::logic_error("two handlers for event type " + type);
  order_.push_back(type);
}

const EventHandler* Registry::handler(const std::string& type) const {
  auto it = handlers_.find(type);
  return it == handlers_.end() ? nullptr : &it->second;
}

void Registry::apply(store::Connection& tx, const Applied& event) const {
  auto it = handlers_.find(event.leaf.type);
  if (it == handlers_.end()) throw std::logic_error("no applier for event type " + event.leaf.type);
  it->second.apply(tx, event);
}

void Registry::apply_live(store::Connection& tx, const Event& event, uint64_t index,
                          LeafRecord& leaf) const {
  const EventHandler* h = handler(event.type);
  if (!h) throw std::logic_error("no applier for event type " + event.type);
  if (event.typed && h->apply_typed && h->typed_as && event.typed_as &&
      *h->typed_as == *event.typed_as) {
    h->apply_typed(tx, event.typed.get(), Applied{index, leaf, nullptr, event.data});
    return;
  }
  leaf.data = nlohmann::json::parse(event.data);
  auto personal = event.personal_json();
  h->apply(tx, Applied{index, leaf, personal ? &*personal : nullptr, event.data});
}

std::vector<EventDoc> Registry::docs() const {
  std::vector<EventDoc> out;
  for (const auto& type : order_) out.push_back(handlers_.at(type).doc);
  return out;
}

PreparedEvent prepare_event(const Event& event, const Actor& actor, const std::string& time_text) {
  PreparedEvent p;
  if (event.personal) {
    Payload payload{crypto::random_salt(), *event.personal};
    p.commitment = commitment(payload.salt, payload.body);
    p.payload = std::move(payload);
  }
  p.leaf = make_leaf(event, actor, time_text, p.commitment);
  return p;
}

Sequencer::Sequencer(store::Connection& writer, const Registry& registry, LogWriter& log,
                     const NoteSigner& signer, SequencerOptions options)
    : writer_(writer), registry_(registry), log_(log), signer_(signer), options_(options) {
  committed_size_ = log_.size();
  LogReader reader;
  if (auto cp = reader.latest_checkpoint(writer_)) latest_note_ = cp->note;
  metrics::global().gauge_fn("sunlight_sequencer_queue_depth", "Commands waiting for the writer",
                             [this] { return static_cast<double>(queue_depth()); });
  metrics::global().gauge_fn("sunlight_ledger_size", "Leaves in the log",
                             [this] { return static_cast<double>(size()); });
}

Sequencer::~Sequencer() { stop(); }

void Sequencer::start() {
  // A log always has a checkpoint, even when empty, so clients can start from it.
  maybe_publish(true);
  completer_ = std::thread([this] { complete_loop(); });
  thread_ = std::thread([this] { loop(); });
}

void Sequencer::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(completion_mu_);
    completion_stopping_ = true;
  }
  completion_cv_.notify_all();
  if (completer_.joinable()) completer_.join();
}

void Sequencer::make_durable() {
  if (!options_.make_durable) return;
  try {
    options_.make_durable();
  } catch (const std::exception& e) {
    // Linux may drop the pages of a failed sync and report success for the next one: going
    // on could acknowledge commands that are not on disk. Restarting recovers the WAL up to
    // the last complete frame.
    spdlog::critical("cannot make the log durable, stopping: {}", e.what());
    std::abort();
  }
}

void Sequencer::complete_loop() {
  for (;;) {
    std::deque<Committed> ready;
    {
      std::unique_lock lock(completion_mu_);
      completion_cv_.wait(lock, [&] { return !committed_.empty() || completion_stopping_; });
      if (committed_.empty()) break;
      ready.swap(committed_);
    }
    make_durable();
    uint64_t size = ready.back().size;
    if (size > committed_size_.load()) {
      committed_size_ = size;
      for (const auto& l : listeners_) l(size);
    }
    for (auto& c : ready) {
      for (size_t i = 0; i < c.batch.size(); ++i) {
        if (c.batch[i].group_done) {
          c.batch[i].group_done(std::move(c.outcomes[i]));
        } else if (c.batch[i].done) {
          c.batch[i].done(std::move(c.outcomes[i][0]));
        }
      }
    }
  }
}

size_t Sequencer::queue_depth() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

static Status shutting_down() {
  return Status(Code::kUnavailable, "服务正在停止，请稍后重试",
                "the server is shutting down; try again");
}

void Sequencer::enqueue(Pending p) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(std::move(p));
      cv_.notify_one();
      return;
    }
  }
  if (p.done) p.done(Outcome{shutting_down(), {}, nullptr});
  if (p.group_done)
    p.group_done(std::vector<Outcome>(p.group.size(), Outcome{shutting_down(), {}, nullptr}));
}

void Sequencer::submit(Actor actor, Decide decide, std::function<void(Outcome)> done) {
  Pending p;
  p.actor = std::move(actor);
  p.decide = std::move(decide);
  p.done = std::move(done);
  enqueue(std::move(p));
}

void Sequencer::submit_group(Actor actor, std::vector<Decide> decides,
                             std::function<void(std::vector<Outcome>)> done,
                             std::function<void(size_t)> progress) {
  Pending p;
  p.actor = std::move(actor);
  p.group = std::move(decides);
  p.group_done = std::move(done);
  p.progress = std::move(progress);
  enqueue(std::move(p));
}

std::vector<Outcome> Sequencer::execute_group(Actor actor, std::vector<Decide> decides,
                                              std::function<void(size_t)> progress) {
  std::promise<std::vector<Outcome>> p;
  auto f = p.get_future();
  submit_group(
      std::move(actor), std::move(decides),
      [&p](std::vector<Outcome> o) { p.set_value(std::move(o)); }, std::move(progress));
  return f.get();
}

Outcome Sequencer::execute(Actor actor, Decide decide) {
  std::promise<Outcome> p;
  auto f = p.get_future();
  submit(std::move(actor), std::move(decide), [&p](Outcome o) { p.set_value(std::move(o)); });
  return f.get();
}

std::string Sequencer::publish_now() {
  std::unique_lock lock(mu_);
  if (!thread_.joinable()) {
    lock.unlock();
    maybe_publish(true);
    lock.lock();
    return latest_note_;
  }
  uint64_t gen = publish_generation_;
  publish_requested_ = true;
  cv_.notify_one();
  published_cv_.wait(lock, [&] { return publish_generation_ != gen; });
  return latest_note_;
}

void Sequencer::maybe_publish(bool force) {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    if (!force && now - last_publish_ < options_.checkpoint_interval) return;
  }
  try {
    // Only entries that are on disk may be signed: a checkpoint over entries lost in a crash
    // would be contradicted by the entries written after the restart.
    if (log_.size() > log_.last_checkpoint_size()) make_durable();
    auto note = log_.publish_checkpoint(signer_);
    if (note) instruments().checkpoints.inc();
    std::lock_guard lock(mu_);
    last_publish_ = now;
    if (note) latest_note_ = *note;
  } catch (const std::exception& e) {
    spdlog::error("publishing a checkpoint failed: {}", e.what());
  }
}

void Sequencer::loop() {
  for (;;) {
    std::vector<Pending> batch;
    bool publish = false;
    {
      std::unique_lock lock(mu_);
      auto pending_growth = [&] { return log_.size() > log_.last_checkpoint_size(); };
      auto ready = [&] { return !queue_.empty() || stopping_ || publish_requested_; };
      if (pending_growth()) {
        cv_.wait_until(lock, last_publish_ + options_.checkpoint_interval, ready);
      } else {
        cv_.wait(lock, ready);
      }
      batch.reserve(std::min(queue_.size(), options_.max_batch));
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      publish = publish_requested_;
      if (stopping_ && queue_.empty() && batch.empty()) break;
    }
    if (!batch.empty()) run_batch(batch);
    maybe_publish(publish);
    if (publish) {
      std::lock_guard lock(mu_);
      publish_requested_ = false;
      ++publish_generation_;
      published_cv_.notify_all();
    }
  }
  maybe_publish(true);
  std::lock_guard lock(mu_);
  ++publish_generation_;
  published_cv_.notify_all();
}

size_t Sequencer::run_command(const Actor& actor, const Decide& decide, const BatchTime& time,
                              Outcome& out, bool in_group) {
  // No savepoint per command (it would copy every page the command touches): deciding does
  // not write, so a refusal leaves nothing to undo. A command that fails after writing — an
  // applier throws, or a decide wrote and then refused — is undone by its group's savepoint
  // inside a group, and otherwise by running the batch again without it (CommandFailed).
  int64_t changes = writer_.total_changes();
  auto failed = [&](const std::string& what) -> size_t {
    if (!in_group && writer_.total_changes() != changes) throw CommandFailed(what);
    out.status = internal_error(what);
    out.receipts.clear();
    return 0;
  };
  try {
    auto decision = decide(writer_);
    if (!decision.is_ok()) {
      if (writer_.total_changes() != changes) return failed("a refused command wrote to the store");
      out.status = decision.take_status();
      instruments().rejected.inc();
      return 0;
    }
    // Apply first (indexes are known: nothing else appends in between), then append, so a
    // command that fails while applying leaves the tree untouched.
    std::vector<PreparedEvent> prepared;
    prepared.reserve(decision->events.size());
    uint64_t index = log_.size();
    for (const auto& event : decision->events) {
      // The leaf and the payload hold the event's canonical texts, and replay parses them
      // into the same struct the live applier is given.
      prepared.push_back(prepare_event(event, actor, time.text));
      LeafRecord record{kLeafVersion, event.type, time.millis,
                        actor,        nullptr,    prepared.back().commitment};
      registry_.apply_live(writer_, event, index++, record);
    }
    if (decision->write_kept) decision->write_kept(writer_);
    for (const auto& p : prepared) out.receipts.push_back(log_.append(p.leaf, p.payload));
    out.result = std::move(decision->result);
    return prepared.size();
  } catch (const store::Error&) {
    throw;  // the connection may be unusable: fail the whole batch
  } catch (const CommandFailed&) {
    throw;
  } catch (const std::exception& e) {
    spdlog::error("command failed: {}", e.what());
    return failed(e.what());
  }
}

void Sequencer::run_batch(std::vector<Pending>& batch) {
  auto started = std::chrono::steady_clock::now();
  BatchTime time{timeutil::now_millis(), {}};
  time.text = timeutil::format_rfc3339(time.millis);
  std::vector<std::vector<Outcome>> outcomes(batch.size());
  std::vector<char> excluded(batch.size(), 0);  // failed after writing: left out of the batch
  uint64_t appended = 0;
  size_t commands = 0;
  for (bool done = false; !done;) {
    appended = 0;
    commands = 0;
    size_t current = 0;
    try {
      store::Transaction tx(writer_, true);
      for (size_t i = 0; i < batch.size(); ++i) {
        current = i;
        if (excluded[i]) continue;
        auto& cmd = batch[i];
        outcomes[i].assign(cmd.group_done ? cmd.group.size() : 1, Outcome{});
        if (cmd.group_done) {
          // A group: write the tiles so far, so a rollback of the group can reload the tree
          // from the transaction's own state.
          log_.flush();
          writer_.savepoint("grp");
          size_t group_appended = 0;
          bool failed = false;
          for (size_t k = 0; k < cmd.group.size(); ++k) {
            group_appended += run_command(cmd.actor, cmd.group[k], time, outcomes[i][k], true);
            failed = failed || !outcomes[i][k].status.is_ok();
            if (cmd.progress && (k % 256 == 255 || k + 1 == cmd.group.size())) cmd.progress(k + 1);
          }
          commands += cmd.group.size();
          if (failed) {
            writer_.rollback_to("grp");
            log_.reload();
            for (auto& o : outcomes[i]) {
              if (o.status.is_ok()) {
                o.aborted = true;
                o.status = Status(Code::kFailedPrecondition, "同一批中有其他命令失败，本命令未写入",
                                  "not written: another command of the same group failed");
              }
              o.receipts.clear();
            }
          } else {
            writer_.release("grp");
            appended += group_appended;
          }
          continue;
        }
        appended += run_command(cmd.actor, cmd.decide, time, outcomes[i][0], false);
        ++commands;
      }
      log_.flush();
      tx.commit();
      done = true;
    } catch (const CommandFailed& e) {
      // Undo the whole batch and run it again without the command; the others decide anew.
      try {
        if (writer_.in_transaction()) writer_.rollback();
        log_.reload();
      } catch (const std::exception& e2) {
        spdlog::critical("cannot reload the log after a failed command: {}", e2.what());
      }
      excluded[current] = 1;
      outcomes[current].assign(1, Outcome{internal_error(e.what()), {}, nullptr});
    } catch (const std::exception& e) {
      spdlog::error("batch of {} commands failed: {}", batch.size(), e.what());
      instruments().failed_batches.inc();
      try {
        if (writer_.in_transaction()) writer_.rollback();
        log_.reload();
      } catch (const std::exception& e2) {
        spdlog::critical("cannot reload the log after a failed batch: {}", e2.what());
      }
      appended = 0;
      for (size_t i = 0; i < batch.size(); ++i) {
        outcomes[i].resize(batch[i].group_done ? batch[i].group.size() : 1);
        for (auto& o : outcomes[i]) {
          o.status = Status(Code::kUnavailable, "写入失败，请重试",
                            std::string("write failed: ") + e.what());
          o.receipts.clear();
        }
      }
      done = true;
    }
  }
  auto& ins = instruments();
  ins.batch_size.observe(static_cast<double>(commands));
  ins.events.inc(appended);
  ins.commit_seconds.observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  {
    std::lock_guard lock(completion_mu_);
    committed_.push_back(Committed{std::move(batch), std::move(outcomes), log_.size()});
  }
  completion_cv_.notify_one();
}

}  // namespace sunlight::ledger
