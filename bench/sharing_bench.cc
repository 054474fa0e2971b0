// Data-sharing benchmarks, each against a baseline in the same run:
//
//   decisions — a bare read of a register record (baseline) vs a durable, logged access
//               decision: load the facts, decide, build the leaf and commitment, append,
//               apply, group commit; requests from 8 threads
//   who saw   — "who saw my data" (newest 100) for a subject with 10,000 accesses among
//               10,000,000, vs the same query for a subject with 10 (baseline)
//
// Run: build/release/bench/sharing_bench [persons] [--decisions-only]   (see docs/benchmarks.md)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <semaphore>
#include <thread>

#include "app/demo.h"
#include "app/import.h"
#include "app/platform.h"
#include "exchange/exchange.h"
#include "identity/identity.h"

namespace {

using namespace sunlight;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::pair<double, double> p50_p99(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2] * 1e6, v[v.size() * 99 / 100] * 1e6};
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t persons = argc > 1 ? std::stoull(argv[1]) : 20000;
  auto root = std::filesystem::temp_directory_path() / "sunlight-bench-sharing";
  std::filesystem::remove_all(root);
  app::PlatformOptions po;
  po.data_dir = root / "data";
  auto platform = app::Platform::open(po);
  if (!platform.is_ok()) return 1;
  auto& p = **platform;
  p.start();
  if (!app::import_directory(p.sequencer(), ledger::Actor::system_actor("bench"),
                             SUNLIGHT_SOURCE_DATA_DIR "/demo", {})
           .is_ok())
    return 1;
  if (!app::load_demo_population(p, persons, root / "population").is_ok()) return 1;
  auto& c = p.readers().get();
  std::vector<std::string> subjects;
  {
    auto st = c.prepare("SELECT subject FROM register_records WHERE resource = 'population'");
    while (st.step()) subjects.push_back(st.text(0));
  }
  auto police = identity::find_officer(c, "mc-police-01");

  // Baseline: bare reads of the same records.
  std::mt19937 rng(1);
  const int kReads = 200000;
  auto t0 = Clock::now();
  for (int i = 0; i < kReads; ++i)
    exchange::find_register_record(c, "population", subjects[rng() % subjects.size()]);
  double read_rate = kReads / since(t0);

  // Durable, logged decisions from 8 threads.
  const int kThreads = 8, kPerThread = 10000;
  std::atomic<int> granted{0};
  t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 r(static_cast<unsigned>(t));
      std::atomic<int> done{0};
      std::counting_semaphore<> in_flight(512);  // a bounded queue, without spinning
      for (int i = 0; i < kPerThread; ++i) {
        exchange::AccessRequest req;
        req.officer = police->id;
        req.org = police->org;
        req.resource = "population";
        req.subject = subjects[r() % subjects.size()];
        req.fields = {"id_number", "name", "address"};
        req.purpose = "出生登记核对户籍";
        req.basis_kind = "power";
        req.item = "990100-000501-01";
        in_flight.acquire();
        p.sequencer().submit(ledger::Actor::officer_actor(police->id, police->org),
                             exchange::request_access(req), [&](ledger::Outcome o) {
                               if (o.status.is_ok() && o.result.value("granted", false)) ++granted;
                               ++done;
                               in_flight.release();
                             });
      }
      while (done.load() < kPerThread) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
  }
  for (auto& th : threads) th.join();
  double decide_rate = kThreads * kPerThread / since(t0);
  std::printf("| access decisions (%d, 8 threads) | per second | vs baseline |\n|---|---:|---:|\n",
              kThreads * kPerThread);
  std::printf("| bare read of the register record (baseline) | %.0f | 1.00 |\n", read_rate);
  std::printf("| durable logged decision (%d granted) | %.0f | %.3f |\n\n", granted.load(),
              decide_rate, decide_rate / read_rate);
  p.stop();
  if (argc > 2 && std::string(argv[2]) == "--decisions-only") return 0;

  // Who saw my data: 10,000,000 accesses (written straight to the table: this is setup, not
  // the write path), 10,000 of them about one subject.
  auto w = store::open_sqlite(po.data_dir / "sunlight.db");
  std::string target = subjects[0], small = subjects[1];
  {
    store::Transaction tx(*w, true);
    auto start = Clock::now();
    for (int64_t i = 0; i < 10000000; ++i) {
      const std::string& s = i % 1000 == 0 ? target
                             : i % 1000000 == 1
                                 ? small
                                 : subjects[2 + static_cast<size_t>(i) % (subjects.size() - 2)];
      w->cached(
           "INSERT INTO accesses (idx, time, officer, org, resource, fields, basis, granted, "
           "reason, subject, purpose)"
           " VALUES (?, '2026-11-28T00:00:00.000Z', 'o', 'g', 'population', '[\"name\"]', "
           "'{\"kind\":\"power\"}', 1,"
           " 'granted', ?, '核对')")
          .bind_all(1000000000 + i, s)
          .run();
    }
    tx.commit();
    std::fprintf(stderr, "setup: 10M accesses in %.0f s\n", since(start));
  }
  auto r = app::open_reader(po.data_dir);
  auto time_query = [&](const std::string& subject) {
    std::vector<double> t;
    for (int i = 0; i < 2000; ++i) {
      auto s = Clock::now();
      auto list = exchange::accesses_of(*r, subject, "2026-11-28", 100, 0);
      auto n = exchange::count_accesses_of(*r, subject, "2026-11-28");
      t.push_back(since(s));
      if (list.empty() || n == 0) std::abort();
    }
    return p50_p99(t);
  };
  auto big = time_query(target), little = time_query(small);
  std::printf(
      "| who saw my data, newest 100 + total, among 10,000,000 accesses | p50 µs | p99 µs "
      "|\n|---|---:|---:|\n");
  std::printf("| a subject with about 10 accesses (baseline) | %.0f | %.0f |\n", little.first,
              little.second);
  std::printf("| a subject with 10,000 accesses | %.0f | %.0f |\n", big.first, big.second);
  std::filesystem::remove_all(root);
  return 0;
}
