// Case-handling benchmarks, each against a baseline in the same run:
//
//   submissions — durable case submissions in process (parse, read the item and power,
//                 check the uploads, number the case, build the leaf and commitment, append,
//                 apply, group commit) from 8 threads, vs a minimal durable command (one
//                 small event, one insert) through the same sequencer
//   queue       — an officer's queue (first page, nearest deadline first; by status; overdue
//                 only; by item) with 1,000,000 open cases, vs reading one case by number
//
// The HTTP figure (wrk with a Lua script, against /healthz) is bench/http.sh.
// Run: build/release/bench/cases_bench [open cases] [--submissions-only | --queue-only]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <semaphore>
#include <thread>

#include "app/gen.h"
#include "app/import.h"
#include "app/platform.h"
#include "cases/cases.h"
#include "core/crypto.h"
#include "core/time.h"

namespace {

using namespace sunlight;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::pair<double, double> p50_p99(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2] * 1e6, v[v.size() * 99 / 100] * 1e6};
}

// Runs `make(i)` commands from 8 threads with at most 512 in flight each. The rate counts
// commands that succeeded; the ones refused or failed are counted apart, never as work done.
struct Rate {
  double per_second;
  int failures;
};
template <typename Make>
Rate durable_rate(app::Platform& p, int total, Make make) {
  std::atomic<int> failures{0};
  const int kThreads = 8;
  auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::atomic<int> done{0};
      std::counting_semaphore<> in_flight(512);
      int mine = total / kThreads;
      for (int i = 0; i < mine; ++i) {
        in_flight.acquire();
        p.sequencer().submit(ledger::Actor::system_actor("citizen"), make(t * mine + i),
                             [&](ledger::Outcome o) {
                               if (!o.status.is_ok()) failures++;
                               done++;
                               in_flight.release();
                             });
      }
      while (done.load() < mine) std::this_thread::sleep_for(std::chrono::microseconds(200));
    });
  }
  for (auto& t : threads) t.join();
  double seconds = since(t0);
  return Rate{(total - failures.load()) / seconds, failures.load()};
}

void submissions(app::Platform& p, const std::string& citizen) {
  auto config = p.cases_config();
  // The two materials of 工伤认定 (990100-000904-01), uploaded once.
  std::vector<std::string> hashes;
  for (const char* name : {"form", "contract"}) {
    auto cmd = cases::store_upload(citizen, "application/pdf", std::string("%PDF-1.4 ") + name);
    auto o = p.sequencer().execute(ledger::Actor::system_actor("citizen"), std::move(cmd).value());
    hashes.push_back(o.result.at("hash"));
  }
  json body = {
      {"item", "990100-000904-01"},
      {"channel", "mobile"},
      {"form",
       {{"phone", "13800000000"}, {"address", "明川市示例路 1 号"}, {"declarations", {true}}}},
      {"materials",
       {{{"name", "工伤认定申请表"}, {"upload", hashes[0]}},
        {{"name", "劳动关系证明"}, {"upload", hashes[1]}}}}};
  std::string text = body.dump();
  const int kTotal = 80000;

  // Baseline: a minimal durable command with a personal payload — one small event (an
  // upload's record: its commitment, one insert) — same sequencer, same threads.
  Rate baseline = durable_rate(p, kTotal, [&](int i) {
    char hash[65];
    std::snprintf(hash, sizeof hash, "%064d", i);
    return ledger::Decide([hash = std::string(hash),
                           citizen](store::Connection&) -> Result<ledger::Decision> {
      return ledger::Decision{
          {ledger::Event::plain("upload.stored", {{"media_type", "application/pdf"}, {"size", 10}},
                                json{{"hash", hash}, {"owner", citizen}})},
          json::object(),
          {}};
    });
  });
  Rate rate = durable_rate(p, kTotal, [&](int) {
    // What the HTTP handler does: parse the body, read it into fields, build the command.
    auto parsed = json::parse(text);
    return std::move(cases::apply(cases::Applicant{citizen, std::nullopt}, parsed, config)).value();
  });
  std::printf("| command | succeeded | ratio | failed |\n|---|---:|---:|---:|\n");
  std::printf("| durable minimal command (baseline) | %.0f /s | 1.00 | %d |\n", baseline.per_second,
              baseline.failures);
  std::printf("| durable case submission | %.0f /s | %.2f | %d |\n", rate.per_second,
              rate.per_second / baseline.per_second, rate.failures);
}

void queue(app::Platform& p, int open_cases) {
  // 1,000,000 open cases spread over the demo's organisations as they are in real life: a
  // few departments (public security, social insurance, market regulation) hold most.
  auto& w = p.writer();
  std::vector<std::pair<std::string, std::string>> items;  // code, org
  {
    auto st =
        w.prepare("SELECT code, org FROM items WHERE status = 'active' AND region = '990100'");
    while (st.step()) items.emplace_back(st.text(0), st.text(1));
  }
  std::mt19937 rng(7);
  auto t0 = Clock::now();
  w.exec("BEGIN");
  auto ins = w.prepare(
      "INSERT INTO cases (no, item, org, region, applicant_kind, applicant, agent, channel, "
      "status, stage, stages,"
      " applied_on, submitted_on, accepted_on, statutory_days, promised_days, promised_visits, "
      "statutory_due,"
      " promised_due, idx, updated_idx) VALUES (?, ?, ?, '990100', 'person', ?, ?, 'online', ?, ?, "
      "'[\"受理\",\"审查\",\"决定\"]',"
      " ?, ?, ?, 20, 10, 1, ?, ?, ?, ?)");
  int64_t today = timeutil::local_day(timeutil::now_millis());
  const char* statuses[] = {"submitted",   "in_progress", "in_progress",
                            "in_progress", "returned",    "special"};
  for (int i = 0; i < open_cases; ++i) {
    // Zipf-like: the first items take most cases.
    size_t item = std::min<size_t>(
        items.size() - 1, static_cast<size_t>(std::pow(rng() % 10000 / 10000.0, 3) * items.size()));
    std::string status = statuses[rng() % 6];
    int64_t applied = today - static_cast<int64_t>(rng() % 60);
    std::string applied_s = timeutil::format_date(applied);
    std::string due = timeutil::format_date(applied + 28),
                pdue = timeutil::format_date(applied + 14);
    char no[40];
    std::snprintf(no, sizeof no, "990100-B-%08d", i);
    std::string who = "person-" + std::to_string(rng() % 500000);
    ins.reset();
    ins.bind(1, std::string(no))
        .bind(2, items[item].first)
        .bind(3, items[item].second)
        .bind(4, who)
        .bind(5, who);
    ins.bind(6, status)
        .bind(7, std::string(status == "submitted" ? "受理" : "审查"))
        .bind(8, applied_s)
        .bind(9, applied_s);
    ins.bind(10, status == "submitted" ? std::optional<std::string>()
                                       : std::optional<std::string>(applied_s));
    ins.bind(
        11, status == "submitted" ? std::optional<std::string>() : std::optional<std::string>(due));
    ins.bind(12, status == "submitted" ? std::optional<std::string>()
                                       : std::optional<std::string>(pdue));
    ins.bind(13, static_cast<int64_t>(100000000 + i)).bind(14, static_cast<int64_t>(100000000 + i));
    ins.run();
  }
  w.exec("COMMIT");
  w.exec("ANALYZE");
  std::fprintf(stderr, "inserted %d open cases in %.1f s\n", open_cases, since(t0));

  // The busiest organisation.
  std::string org;
  {
    auto st = w.prepare("SELECT org, COUNT(*) FROM cases GROUP BY org ORDER BY 2 DESC LIMIT 1");
    st.step();
    org = st.text(0);
    std::printf("busiest organisation: %s with %lld open cases\n", org.c_str(),
                static_cast<long long>(st.int64(1)));
    std::fflush(stdout);
  }
  auto& c = p.readers().get();
  std::string today_s = timeutil::format_date(today);
  auto measure = [&](const char* name, auto fn) {
    std::vector<double> times;
    auto started = Clock::now();
    for (int i = 0; i < 2000 && (i < 100 || since(started) < 10); ++i) {
      auto t = Clock::now();
      fn(i);
      times.push_back(since(t));
    }
    auto [p50, p99] = p50_p99(times);
    std::printf("| %s | %.0f µs | %.0f µs |\n", name, p50, p99);
    std::fflush(stdout);
    return p99;
  };
  std::printf("| query (1,000,000 open cases) | p50 | p99 |\n|---|---:|---:|\n");
  measure("one case by number (baseline)", [&](int i) {
    char no[40];
    std::snprintf(no, sizeof no, "990100-B-%08d", (i * 7919) % open_cases);
    cases::find_case(c, no);
  });
  cases::QueueFilter f;
  f.org = org;
  measure("queue, first page of 50, nearest deadline first",
          [&](int) { cases::queue(c, f, today_s); });
  f.offset = 1000;
  measure("queue, page 21", [&](int) { cases::queue(c, f, today_s); });
  f.offset = 0;
  f.status = "submitted";
  measure("queue, status = submitted", [&](int) { cases::queue(c, f, today_s); });
  f.status.reset();
  f.overdue_only = true;
  measure("queue, overdue only", [&](int) { cases::queue(c, f, today_s); });
  f.overdue_only = false;
  f.item = items[1].first;
  f.org = items[1].second;
  measure("queue, one item", [&](int) { cases::queue(c, f, today_s); });
  measure("alerts (due within 2 working days)",
          [&](int) { cases::alerts(c, org, *p.cases_config(), today); });
}

}  // namespace

int main(int argc, char** argv) {
  int open_cases = argc > 1 && argv[1][0] != '-' ? std::stoi(argv[1]) : 1000000;
  bool only_submissions = false, only_queue = false;
  for (int i = 1; i < argc; ++i) {
    only_submissions |= std::strcmp(argv[i], "--submissions-only") == 0;
    only_queue |= std::strcmp(argv[i], "--queue-only") == 0;
  }
  auto root = std::filesystem::temp_directory_path() / "sunlight-bench-cases";
  std::filesystem::remove_all(root);
  app::PlatformOptions po;
  po.data_dir = root / "data";
  po.calendar = SUNLIGHT_SOURCE_DATA_DIR "/calendar";
  auto opened = app::Platform::open(po);
  if (!opened.is_ok()) return 1;
  auto platform = std::move(opened).value();
  auto& p = *platform;
  p.start();
  auto actor = ledger::Actor::system_actor("bench");
  if (!app::import_directory(p.sequencer(), actor, SUNLIGHT_SOURCE_DATA_DIR "/demo", {}).is_ok())
    return 1;
  if (!app::generate_population({200, 20, 1}, root / "registers", {}).is_ok()) return 1;
  if (!app::import_directory(p.sequencer(), actor, root / "registers", {}).is_ok()) return 1;
  std::string citizen;
  {
    auto st = p.readers().get().prepare(
        "SELECT subject FROM register_records WHERE resource = 'population' LIMIT 1");
    st.step();
    citizen = st.text(0);
  }
  if (!only_queue) submissions(p, citizen);
  if (!only_submissions) {
    p.stop();  // the writer connection is ours now
    queue(p, open_cases);
  }
  p.stop();
  platform.reset();
  std::filesystem::remove_all(root);
  return 0;
}
