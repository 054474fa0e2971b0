// Data-sharing benchmarks, each against a baseline in the same run:
//
//   decisions — a bare read of a register record (baseline) vs durable, logged access
//               decisions (load the facts, decide, build the leaf and commitment, append,
//               apply, group commit; requests from 8 threads), for each kind real traffic
//               mixes — a power over 无条件共享 data, a power over 有条件共享 data under an
//               agreement and without one (refused), a citizen's consent, a case the
//               department handles — and for all of them interleaved
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
#include "cases/cases.h"
#include "catalog/network.h"
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

  // The kinds of request real traffic mixes, each with the subjects its register holds.
  auto subjects_of = [&](const std::string& resource) {
    std::vector<std::string> out;
    auto st = c.prepare("SELECT subject FROM register_records WHERE resource = ?");
    st.bind(1, resource);
    while (st.step()) out.push_back(st.text(0));
    return out;
  };
  auto fund = identity::find_officer(c, "mc-fund-01");
  struct Kind {
    std::string name;
    std::vector<exchange::AccessRequest> requests;  // drawn from at random
  };
  auto power_request = [](const identity::Officer& o, std::string resource, std::string subject,
                          std::vector<std::string> fields, std::string item) {
    exchange::AccessRequest req;
    req.officer = o.id;
    req.org = o.org;
    req.resource = std::move(resource);
    req.subject = std::move(subject);
    req.fields = std::move(fields);
    req.purpose = "核对申请材料";
    req.basis_kind = "power";
    req.item = std::move(item);
    return req;
  };
  std::vector<Kind> kinds;
  {
    Kind k{"power · 无条件共享 (population, 公安)", {}};
    for (const auto& s : subjects)
      k.requests.push_back(power_request(*police, "population", s, {"id_number", "name", "address"},
                                         "990100-000501-01"));
    kinds.push_back(std::move(k));
  }
  {
    Kind k{"power · 有条件共享 under an agreement (birth-certificate, 公安)", {}};
    for (const auto& s : subjects_of("birth-certificate"))
      k.requests.push_back(power_request(*police, "birth-certificate", s,
                                         {"id_number", "name", "birth_date"}, "990100-000501-01"));
    kinds.push_back(std::move(k));
  }
  auto real_estate = subjects_of("real-estate");
  {
    Kind k{"power · 有条件共享 without an agreement: refused (real-estate, 公积金)", {}};
    for (const auto& s : real_estate)
      k.requests.push_back(power_request(*fund, "real-estate", s,
                                         {"owner_name", "property_address"}, "990100-001201-01"));
    kinds.push_back(std::move(k));
  }
  {
    // Consents granted by 2,000 owners to the provident fund, set up through the sequencer.
    Kind k{"consent (real-estate, 公积金)", {}};
    for (size_t i = 0; i < real_estate.size() && i < 2000; ++i) {
      auto grant = exchange::grant_consent(
          real_estate[i], {{"recipient", fund->org},
                           {"resource", "real-estate"},
                           {"fields", {"id_number", "owner_name", "property_address"}},
                           {"purpose", "住房公积金提取，核验名下房产"},
                           {"valid_until", "2099-12-31"}});
      auto out = p.sequencer().execute(ledger::Actor::system_actor("citizen"), *grant);
      if (!out.status.is_ok()) continue;
      exchange::AccessRequest req;
      req.officer = fund->id;
      req.org = fund->org;
      req.resource = "real-estate";
      req.subject = real_estate[i];
      req.fields = {"owner_name", "property_address"};
      req.purpose = "住房公积金提取审核";
      req.basis_kind = "consent";
      req.consent = out.result.at("id");
      k.requests.push_back(std::move(req));
    }
    kinds.push_back(std::move(k));
  }
  {
    // The demo's open cases whose items need a register's data: the handling department reads
    // the applicant's record with the case as basis.
    Kind k{"case (the demo's open cases, their departments)", {}};
    auto st = c.prepare(
        "SELECT k.no, k.applicant, m.ref, m.fields, (SELECT id FROM officers o WHERE o.org = k.org"
        " LIMIT 1) FROM cases k JOIN item_materials m ON m.item = k.item AND m.kind = "
        "'data_resource' WHERE k.status NOT IN ('closed', 'draft') AND k.applicant IS NOT NULL");
    while (st.step()) {
      auto officer = st.optional_text(4);
      auto res = catalog::find_record(c, catalog::Kind::kResource, st.text(2));
      if (!officer || !res || res->resource().subject != "person") continue;
      auto o = identity::find_officer(c, *officer);
      exchange::AccessRequest req;
      req.officer = o->id;
      req.org = o->org;
      req.resource = st.text(2);
      req.subject = st.text(1);
      auto fields = st.optional_text(3);
      req.fields = fields ? nlohmann::json::parse(*fields).get<std::vector<std::string>>()
                          : res->resource().default_fields;
      req.purpose = "办件审查";
      req.basis_kind = "case";
      req.case_no = st.text(0);
      k.requests.push_back(std::move(req));
    }
    kinds.push_back(std::move(k));
  }
  {
    Kind all{"all of the above, interleaved", {}};
    for (const auto& k : kinds)
      for (size_t i = 0; i < k.requests.size() && i < 5000; ++i)
        all.requests.push_back(k.requests[i]);
    kinds.push_back(std::move(all));
  }

  // Durable, logged decisions from 8 threads, one kind at a time.
  const int kThreads = 8, kPerThread = 5000;
  auto cases = cases::case_lookup();
  std::printf(
      "| access decisions (%d per kind, 8 threads) | per second | vs baseline | granted | refused |"
      " input errors |\n"
      "|---|---:|---:|---:|---:|---:|\n",
      kThreads * kPerThread);
  std::printf("| bare read of the register record (baseline) | %.0f | 1.00 | | | |\n", read_rate);
  for (const auto& kind : kinds) {
    if (kind.requests.empty()) {
      std::printf("| %s | (no such requests in this data) | | | | |\n", kind.name.c_str());
      continue;
    }
    std::atomic<int> granted{0}, refused{0};
    t0 = Clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        std::mt19937 r(static_cast<unsigned>(t));
        std::atomic<int> done{0};
        std::counting_semaphore<> in_flight(512);  // a bounded queue, without spinning
        for (int i = 0; i < kPerThread; ++i) {
          const auto& req = kind.requests[r() % kind.requests.size()];
          in_flight.acquire();
          p.sequencer().submit(ledger::Actor::officer_actor(req.officer, req.org),
                               exchange::request_access(req, cases), [&](ledger::Outcome o) {
                                 if (o.status.is_ok() && o.result.value("granted", false))
                                   ++granted;
                                 else if (o.status.is_ok())
                                   ++refused;
                                 ++done;
                                 in_flight.release();
                               });
        }
        while (done.load() < kPerThread) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      });
    }
    for (auto& th : threads) th.join();
    double rate = kThreads * kPerThread / since(t0);
    std::printf("| %s | %.0f | %.3f | %d | %d | %d |\n", kind.name.c_str(), rate, rate / read_rate,
                granted.load(), refused.load(),
                kThreads * kPerThread - granted.load() - refused.load());
  }
  std::printf("\n");
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
