// Ledger benchmarks, each against a baseline measured in the same run:
//
//   durable append   — bare SQLite inserts of the same leaf bytes, in the same batch sizes,
//                      one transaction and one fsync per batch  (BM_BareInsert)
//                      vs the log writer: leaf rows, hashing, tiles, same commit (BM_LogAppend)
//                      vs the whole sequencer: decide → canonical leaf → apply → append
//                      (BM_Sequencer)
//   proofs           — one tile row read from SQLite (BM_TileRead)
//                      vs inclusion / consistency proofs from tiles on a 10M-entry log,
//                      and the server's own path (a fresh reader and the root per request)
//
// Run: build/release/bench/ledger_bench  (see docs/benchmarks.md)
#include <benchmark/benchmark.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <random>

#include "core/metrics.h"
#include "ledger/event_type.h"
#include "ledger/log.h"
#include "ledger/merkle.h"
#include "ledger/sequencer.h"

namespace {

using namespace sunlight;

std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / "sunlight-bench";
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix);
  return p;
}

// A realistic leaf: an organisation-created event in canonical JSON (about 300 bytes).
std::string sample_leaf(uint64_t i) {
  return R"({"actor":{"officer":"admin","org":"11990000990000033J"},"data":{"id":"1199010099)" +
         std::to_string(100000 + i % 900000) +
         R"(","kind":"department","name":"明川市市场监督管理局","name_en":"Administration for Market Regulation, Mingchuan City","parent":"11990100990000193T","region":"990100"},"time":"2026-11-28T04:22:41.123Z","type":"org.created","v":1})";
}

void BM_BareInsert(benchmark::State& state) {
  auto c = store::open_sqlite(scratch("bare.db"));
  c->exec("CREATE TABLE t (idx INTEGER PRIMARY KEY, leaf BLOB NOT NULL)");
  const uint64_t batch = static_cast<uint64_t>(state.range(0));
  uint64_t i = 0;
  for (auto _ : state) {
    store::Transaction tx(*c, true);
    for (uint64_t k = 0; k < batch; ++k, ++i)
      c->cached("INSERT INTO t (idx, leaf) VALUES (?, ?)")
          .bind(1, i)
          .bind_blob(2, sample_leaf(i))
          .run();
    tx.commit();
  }
  state.SetItemsProcessed(static_cast<int64_t>(i));
}

void BM_LogAppend(benchmark::State& state) {
  auto c = store::open_sqlite(scratch("append.db"));
  store::migrate(*c, ledger::migrations());
  ledger::LogWriter log(*c);
  const uint64_t batch = static_cast<uint64_t>(state.range(0));
  uint64_t i = 0;
  for (auto _ : state) {
    store::Transaction tx(*c, true);
    for (uint64_t k = 0; k < batch; ++k, ++i) log.append(sample_leaf(i), std::nullopt);
    log.flush();
    tx.commit();
  }
  state.SetItemsProcessed(static_cast<int64_t>(i));
}

// The whole write path with a small module, as the modules write theirs: each command decides
// one typed event with public data and a personal payload (so a commitment and a salt are
// made), which the registered applier inserts into a table.
struct ThingCreated {
  static constexpr const char* kType = "thing.created";
  static constexpr const char* kDoc = "a thing is created";
  std::string id, name;
  std::optional<std::string> owner;
  static constexpr auto fields() {
    return std::tuple{ledger::data("id", &ThingCreated::id, "its id"),
                      ledger::data("name", &ThingCreated::name, "its name"),
                      ledger::personal("owner", &ThingCreated::owner, "its owner")};
  }
};

void BM_Sequencer(benchmark::State& state) {
  // Configured as the platform configures it: commits made durable by the completion thread.
  store::OpenOptions durable_by_caller;
  durable_by_caller.sync = store::OpenOptions::Sync::kCaller;
  auto path = scratch("sequencer.db");
  auto c = store::open_sqlite(path, durable_by_caller);
  ledger::Registry registry;
  registry.add_migrations(ledger::migrations());
  registry.add_migrations(
      {{"bench", 1, "CREATE TABLE things (id TEXT PRIMARY KEY, name TEXT, owner TEXT)"}});
  ledger::on<ThingCreated>(
      registry, [](store::Connection& tx, const ThingCreated& e, const ledger::Applied&) {
        tx.cached("INSERT INTO things (id, name, owner) VALUES (?, ?, ?)")
            .bind_all(e.id, e.name, e.owner)
            .run();
      });
  store::migrate(*c, registry.migrations());
  ledger::LogWriter log(*c);
  auto signer = ledger::NoteSigner::generate("bench.example/log");
  ledger::SequencerOptions options;
  options.max_batch = static_cast<size_t>(state.range(0));
  options.make_durable = store::wal_sync(path);
  ledger::Sequencer seq(*c, registry, log, signer, options);
  seq.start();
  auto& batches = metrics::global().histogram("sunlight_sequencer_batch_size", "", {});
  const uint64_t commits_before = batches.count();
  const double commands_before = batches.sum();
  auto& commit_time = metrics::global().histogram("sunlight_sequencer_commit_seconds", "", {});
  const double writer_before = commit_time.sum();
  uint64_t n = 0;
  const uint64_t batch = static_cast<uint64_t>(state.range(0));
  for (auto _ : state) {
    // Submit one batch worth of commands, wait for all to commit. A gate holds the writer
    // until all of them are queued, so that they make one batch of the size asked for (else
    // the writer starts on the first few while the rest are still being submitted); the gate
    // itself is refused and writes nothing.
    std::atomic<uint64_t> done{0};
    std::mutex mu;
    std::condition_variable cv;
    std::promise<void> all_queued;
    std::shared_future<void> gate = all_queued.get_future().share();
    if (batch > 1)
      seq.submit(
          ledger::Actor::system_actor("bench"),
          [gate](store::Connection&) -> Result<ledger::Decision> {
            gate.wait();
            return Status(Code::kFailedPrecondition, "闸", "gate");
          },
          [](ledger::Outcome) {});
    for (uint64_t k = 0; k < batch; ++k, ++n) {
      std::string id = "t" + std::to_string(n);
      seq.submit(
          ledger::Actor::officer_actor("admin", "11990000990000033J"),
          [id](store::Connection&) -> Result<ledger::Decision> {
            ledger::Decision d;
            d.events.push_back(ledger::to_event(ThingCreated{id, "明川市市场监督管理局", "张三"}));
            return d;
          },
          [&](ledger::Outcome) {
            if (done.fetch_add(1) + 1 == batch) {
              std::lock_guard lock(mu);
              cv.notify_one();
            }
          });
    }
    all_queued.set_value();
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return done.load() == batch; });
  }
  seq.stop();
  state.SetItemsProcessed(static_cast<int64_t>(n));
  // How many commands the writer took per commit (a gate counts as a commit of one).
  double commits = static_cast<double>(batches.count() - commits_before);
  state.counters["per_commit"] = commits > 0 ? (batches.sum() - commands_before) / commits : 0;
  // The writer's own time per command (deciding, applying, appending, committing), against
  // which the wall time adds submitting, the sync and the answers.
  state.counters["writer_us"] =
      n ? (commit_time.sum() - writer_before) * 1e6 / static_cast<double>(n) : 0;
}

// A 10M-entry log for the proof benchmarks, built once (without fsync: it is only setup).
struct BigLog {
  static constexpr uint64_t kSize = 10'000'000;
  std::unique_ptr<store::Connection> c;
  BigLog() {
    auto path = std::filesystem::temp_directory_path() / "sunlight-bench" / "big-10M.db";
    bool exists = std::filesystem::exists(path);
    std::filesystem::create_directories(path.parent_path());
    store::OpenOptions o;
    o.sync = store::OpenOptions::Sync::kOff;
    c = store::open_sqlite(path, o);
    store::migrate(*c, ledger::migrations());
    ledger::LogWriter log(*c);
    if (exists && log.size() == kSize) return;
    while (log.size() < kSize) {
      store::Transaction tx(*c, true);
      for (int k = 0; k < 100000 && log.size() < kSize; ++k)
        log.append(std::to_string(log.size()), std::nullopt);
      log.flush();
      tx.commit();
    }
  }
};

BigLog& big() {
  static BigLog log;
  return log;
}

// The unit of work in every proof: one RFC 9162 node hash (SHA-256 of 65 bytes).
void BM_NodeHash(benchmark::State& state) {
  ledger::Hash h = ledger::leaf_hash("x");
  for (auto _ : state) {
    h = ledger::node_hash(h, h);
    benchmark::DoNotOptimize(h);
  }
}

void BM_TileRead(benchmark::State& state) {
  auto& b = big();
  ledger::LogReader reader;
  std::mt19937_64 rng(1);
  for (auto _ : state) {
    auto t = reader.tile(*b.c, 0, rng() % (BigLog::kSize / 256), 256);
    benchmark::DoNotOptimize(t);
  }
}

void BM_InclusionProof(benchmark::State& state) {
  auto& b = big();
  ledger::LogReader reader(static_cast<size_t>(state.range(0)));
  auto nodes = reader.nodes(*b.c);
  std::mt19937_64 rng(2);
  for (auto _ : state) {
    uint64_t size = BigLog::kSize - rng() % 1000;
    auto proof = ledger::inclusion_proof(rng() % size, size, nodes);
    benchmark::DoNotOptimize(proof);
  }
}

// The usual case: someone checking a recent entry (the last 65,536), whose tiles are hot.
void BM_InclusionProofRecent(benchmark::State& state) {
  auto& b = big();
  ledger::LogReader reader(static_cast<size_t>(state.range(0)));
  auto nodes = reader.nodes(*b.c);
  std::mt19937_64 rng(4);
  for (auto _ : state) {
    uint64_t size = BigLog::kSize - rng() % 1000;
    auto proof = ledger::inclusion_proof(size - 1 - rng() % 65536, size, nodes);
    benchmark::DoNotOptimize(proof);
  }
}

// What GET /api/v1/log/proof/inclusion does for every request: a fresh node reader over the
// server's shared tile cache, the root at the log's size (whose right edge is partial tiles)
// and the proof of a recent entry. Compare with BM_InclusionProofRecent, which keeps one
// reader for the whole run.
void BM_InclusionProofServerPath(benchmark::State& state) {
  auto& b = big();
  ledger::LogReader reader(4096);
  std::mt19937_64 rng(4);
  const uint64_t size = BigLog::kSize;
  for (auto _ : state) {
    auto nodes = reader.nodes(*b.c);
    auto root = ledger::root_hash(size, nodes);
    auto proof = ledger::inclusion_proof(size - 1 - rng() % 65536, size, nodes);
    benchmark::DoNotOptimize(root);
    benchmark::DoNotOptimize(proof);
  }
}

void BM_ConsistencyProof(benchmark::State& state) {
  auto& b = big();
  ledger::LogReader reader(static_cast<size_t>(state.range(0)));
  auto nodes = reader.nodes(*b.c);
  std::mt19937_64 rng(3);
  for (auto _ : state) {
    uint64_t size = BigLog::kSize - rng() % 1000;
    auto proof = ledger::consistency_proof(1 + rng() % (size - 1), size, nodes);
    benchmark::DoNotOptimize(proof);
  }
}

}  // namespace

BENCHMARK(BM_BareInsert)->Arg(1)->Arg(16)->Arg(256)->Arg(4096)->UseRealTime();
BENCHMARK(BM_LogAppend)->Arg(1)->Arg(16)->Arg(256)->Arg(4096)->UseRealTime();
BENCHMARK(BM_Sequencer)->Arg(1)->Arg(16)->Arg(256)->Arg(4096)->UseRealTime();
BENCHMARK(BM_NodeHash);
BENCHMARK(BM_TileRead);
// Arg: tile cache capacity (0 = every tile read from SQLite; 4096 = the server's default).
BENCHMARK(BM_InclusionProof)->Arg(0)->Arg(4096);
BENCHMARK(BM_InclusionProofRecent)->Arg(4096);
BENCHMARK(BM_InclusionProofServerPath);
BENCHMARK(BM_ConsistencyProof)->Arg(0)->Arg(4096);
BENCHMARK_MAIN();
