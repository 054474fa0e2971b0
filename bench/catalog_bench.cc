// Catalogue benchmarks at scale (a generated 100,000-item catalogue), each against a
// baseline in the same run:
//
//   import   — bare SQLite inserts of the same JSON lines in one transaction (baseline)
//              vs `sunlight import`: check every line, decide every record against the store,
//              append every event to the log, apply, commit
//   search   — SQLite FTS5 (trigram) over the same names and keywords, and a LIKE scan
//              (baselines) vs the Xapian index, p50 and p99 over the same queries
//
// Run: build/release/bench/catalog_bench [items]   (see docs/benchmarks.md)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "app/gen.h"
#include "app/import.h"
#include "app/platform.h"
#include "search/search.h"
#include "store/store.h"

namespace {

using namespace sunlight;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct Percentiles {
  double p50, p99;
};

Percentiles percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2] * 1e3, v[std::min(v.size() - 1, v.size() * 99 / 100)] * 1e3};
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t items = argc > 1 ? std::stoull(argv[1]) : 100000;
  auto root = std::filesystem::temp_directory_path() / "sunlight-bench-catalogue";
  std::filesystem::remove_all(root);
  auto gen_dir = root / "gen", data_dir = root / "data";
  auto counts = app::generate_catalogue({items, 1}, gen_dir, {});
  if (!counts.is_ok()) return 1;
  std::printf("catalogue: %llu items, %llu powers, %llu organisations, %llu regions\n\n",
              (unsigned long long)counts->items, (unsigned long long)counts->powers,
              (unsigned long long)counts->organisations, (unsigned long long)counts->regions);

  // --- import: baseline -------------------------------------------------------------
  std::vector<std::string> lines;
  for (auto name : {"regions.jsonl", "organisations.jsonl", "laws.jsonl", "data_resources.jsonl",
                    "powers.jsonl", "service_items.jsonl"}) {
    std::ifstream in(gen_dir / name);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
  }
  double bare_s;
  {
    auto c = store::open_sqlite(root / "bare.db");
    c->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, doc TEXT)");
    auto t0 = Clock::now();
    store::Transaction tx(*c, true);
    int64_t i = 0;
    for (const auto& l : lines)
      c->cached("INSERT INTO t (id, doc) VALUES (?, ?)").bind(1, i++).bind(2, l).run();
    tx.commit();
    bare_s = seconds_since(t0);
  }

  // --- import: Sunlight ---------------------------------------------------------------
  app::PlatformOptions po;
  po.data_dir = data_dir;
  po.synonyms = SUNLIGHT_SOURCE_DATA_DIR "/search/synonyms.txt";
  if (!std::filesystem::exists(po.synonyms)) po.synonyms.clear();
  auto platform = app::Platform::open(po);
  if (!platform.is_ok()) {
    std::fprintf(stderr, "%s\n", platform.status().to_string().c_str());
    return 1;
  }
  auto& p = **platform;
  p.start();
  auto t0 = Clock::now();
  auto report =
      app::import_directory(p.sequencer(), ledger::Actor::system_actor("bench"), gen_dir, {});
  double import_s = seconds_since(t0);
  if (!report.is_ok()) {
    std::fprintf(stderr, "%s\n", report.status().to_string().c_str());
    return 1;
  }
  t0 = Clock::now();
  p.wait_for_index(p.sequencer().size());
  double index_s = seconds_since(t0);

  std::printf(
      "| import (%zu lines, %llu events) | seconds | lines/s | ratio |\n|---|---:|---:|---:|\n",
      lines.size(), (unsigned long long)report->events);
  std::printf("| bare SQLite inserts of the same lines (baseline) | %.2f | %.0f | 1.00 |\n", bare_s,
              lines.size() / bare_s);
  std::printf("| sunlight import: check, decide, log, apply, commit | %.2f | %.0f | %.3f |\n",
              import_s, lines.size() / import_s, bare_s / import_s);
  std::printf("| search index catch-up after the import | %.2f | %.0f | |\n\n", index_s,
              counts->items / index_s);

  // --- search ---------------------------------------------------------------------------
  std::vector<std::string> queries = {
      "开公司",   "注册公司", "个体户",     "开饭馆",   "食品经营许可", "电梯登记",
      "盖房子",   "预售许可", "房产证过户", "规划许可", "上户口",       "换身份证",
      "驾照到期", "结婚登记", "办低保",     "失业了",   "领失业金",     "办社保卡",
      "办退休",   "交医保",   "看病报销",   "准生证",   "孩子上学",     "跑运输",
      "提公积金", "办残疾证", "领发票",     "营业执照", "施工许可证",   "养老金"};
  std::vector<std::string> regions;
  {
    auto c = app::open_reader(data_dir);
    auto st = c->prepare("SELECT code FROM regions ORDER BY code");
    while (st.step()) regions.push_back(st.text(0));
  }
  // Baseline store: the same names and keywords in FTS5 (trigram) and a plain table, each with
  // its fair index on the region: FTS5 indexes the region column, so a query intersects the
  // region's posting list with the phrase's instead of filtering every match afterwards; the
  // plain table has an index on region, so its LIKE scans only that region's rows.
  auto fts = store::open_sqlite(root / "fts.db");
  fts->exec(
      "CREATE VIRTUAL TABLE f USING fts5(code UNINDEXED, region, text, tokenize='trigram');"
      "CREATE TABLE plain (code TEXT, region TEXT, text TEXT);"
      "CREATE INDEX plain_region ON plain (region);");
  {
    std::ifstream in(gen_dir / "service_items.jsonl");
    store::Transaction tx(*fts, true);
    for (std::string l; std::getline(in, l);) {
      auto j = nlohmann::json::parse(l);
      std::string text = j["name"].get<std::string>();
      for (const auto& k : j["keywords"]) text += " " + k.get<std::string>();
      fts->cached("INSERT INTO f (code, region, text) VALUES (?, ?, ?)")
          .bind_all(j["code"].get<std::string>(), j["region"].get<std::string>(), text)
          .run();
      fts->cached("INSERT INTO plain (code, region, text) VALUES (?, ?, ?)")
          .bind_all(j["code"].get<std::string>(), j["region"].get<std::string>(), text)
          .run();
    }
    tx.commit();
  }
  std::mt19937 rng(7);
  const int kRuns = 3000;
  std::vector<double> t_xapian, t_fts, t_like;
  auto reader = app::open_reader(data_dir);
  size_t found_xapian = 0, found_fts = 0;
  for (int i = 0; i < kRuns; ++i) {
    const auto& q = queries[rng() % queries.size()];
    const auto& region = regions[rng() % regions.size()];
    auto t = Clock::now();
    auto hits = p.search_index().search({q, region, 10}, *reader);
    t_xapian.push_back(seconds_since(t));
    found_xapian += !hits.empty();
    t = Clock::now();
    {
      auto st = fts->cached("SELECT code FROM f WHERE f MATCH ? ORDER BY rank LIMIT 10");
      st.bind(1, "region : \"" + region + "\" AND text : \"" + q + "\"");
      bool any = false;
      while (st.step()) any = true;
      found_fts += any;
    }
    t_fts.push_back(seconds_since(t));
    t = Clock::now();
    {
      auto st = fts->cached("SELECT code FROM plain WHERE region = ? AND text LIKE ? LIMIT 10");
      st.bind_all(region, "%" + q + "%");
      while (st.step()) {
      }
    }
    t_like.push_back(seconds_since(t));
  }
  auto x = percentiles(t_xapian), f = percentiles(t_fts), l = percentiles(t_like);
  std::printf(
      "| search over %llu items (%d queries, random region) | p50 ms | p99 ms | found something "
      "|\n|---|---:|---:|---:|\n",
      (unsigned long long)counts->items, kRuns);
  std::printf("| SQLite LIKE scan, exact substring, one region (baseline) | %.3f | %.3f | — |\n",
              l.p50, l.p99);
  std::printf(
      "| SQLite FTS5 trigram, exact phrase, one region (baseline) | %.3f | %.3f | %.0f%% |\n",
      f.p50, f.p99, 100.0 * found_fts / kRuns);
  std::printf(
      "| Sunlight search: normalise, synonyms, CJK n-grams, BM25, region chain | %.3f | %.3f | "
      "%.0f%% |\n",
      x.p50, x.p99, 100.0 * found_xapian / kRuns);
  p.stop();
  std::filesystem::remove_all(root);
  return 0;
}
