// The log's storage: tiles written as the tree grows, the right edge reloaded after a
// restart, proofs served from tiles, and the sequencer's batches.
#include "ledger/log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "core/json.h"
#include "ledger/sequencer.h"
#include "ledger/tiles.h"
#include "testing.h"

namespace sunlight::ledger {
namespace {

std::unique_ptr<store::Connection> open_db(const testing::TempDir& dir) {
  auto c = store::open_sqlite(dir / "log.db");
  store::migrate(*c, migrations());
  return c;
}

std::string leaf_text(uint64_t i) { return "{\"n\":" + std::to_string(i) + "}"; }

TEST(LogWriter, TilesAndRootFollowTheTreeAcrossRestarts) {
  testing::TempDir dir;
  auto c = open_db(dir);
  std::vector<Hash> leaves;
  std::mt19937 rng(7);
  {
    LogWriter w(*c);
    uint64_t n = 0;
    while (n < 70000) {
      uint64_t batch = 1 + rng() % 3000;
      store::Transaction tx(*c, true);
      for (uint64_t k = 0; k < batch; ++k, ++n) {
        auto r = w.append(leaf_text(n), std::nullopt);
        EXPECT_EQ(r.index, n);
        leaves.push_back(r.leaf_hash);
      }
      w.flush();
      tx.commit();
      if (rng() % 5 == 0) {
        LogWriter reloaded(*c);  // a restart at this point sees the same tree
        ASSERT_EQ(reloaded.size(), w.size());
        ASSERT_EQ(reloaded.root(), w.root());
      }
    }
    EXPECT_EQ(w.root(), root_hash(leaves.size(), memory_reader(leaves)));
  }
  LogWriter w(*c);
  EXPECT_EQ(w.size(), leaves.size());
  EXPECT_EQ(w.root(), root_hash(leaves.size(), memory_reader(leaves)));

  // Every stored tile holds exactly the subtree hashes it should.
  LogReader reader(16);
  auto nodes = memory_reader(leaves);
  for (int level = 0; level < 3; ++level) {
    uint64_t count = leaves.size() >> (8 * level);
    for (uint64_t t = 0; t * 256 < count; ++t) {
      int width = static_cast<int>(std::min<uint64_t>(256, count - t * 256));
      auto bytes = reader.tile(*c, level, t, width);
      ASSERT_TRUE(bytes) << level << "/" << t;
      for (int i = 0; i < width; ++i) {
        Hash want = nodes(8 * level, t * 256 + static_cast<uint64_t>(i));
        ASSERT_EQ(bytes->substr(static_cast<size_t>(i) * 32, 32),
                  std::string(crypto::as_bytes(want)));
      }
    }
  }
}

TEST(LogReader, ProofsFromTilesVerifyAtEveryCheckedSize) {
  testing::TempDir dir;
  auto c = open_db(dir);
  LogWriter w(*c);
  std::vector<Hash> leaves;
  std::vector<std::pair<uint64_t, Hash>> roots;  // (size, root) after each batch
  std::mt19937 rng(11);
  for (int b = 0; b < 60; ++b) {
    store::Transaction tx(*c, true);
    uint64_t batch = 1 + rng() % 1500;
    for (uint64_t k = 0; k < batch; ++k)
      leaves.push_back(w.append(leaf_text(leaves.size()), std::nullopt).leaf_hash);
    w.flush();
    tx.commit();
    roots.emplace_back(w.size(), w.root());
  }
  LogReader reader(8);  // a small cache exercises eviction
  auto nodes = reader.nodes(*c);
  for (int k = 0; k < 300; ++k) {
    auto [size, root] = roots[rng() % roots.size()];
    uint64_t index = rng() % size;
    auto proof = inclusion_proof(index, size, nodes);
    ASSERT_TRUE(verify_inclusion(index, size, leaves[index], proof, root)) << index << "/" << size;
    auto [old, old_root] = roots[rng() % roots.size()];
    if (old > size) continue;
    auto cons = consistency_proof(old, size, nodes);
    ASSERT_TRUE(verify_consistency(old, size, old_root, root, cons)) << old << "→" << size;
  }
}

TEST(LogWriter, PublishesSignedCheckpointsOnlyWhenGrown) {
  testing::TempDir dir;
  auto c = open_db(dir);
  LogWriter w(*c);
  auto signer = NoteSigner::generate("test.example/log");
  auto first = w.publish_checkpoint(signer);
  ASSERT_TRUE(first);  // an empty log gets one checkpoint
  EXPECT_FALSE(w.publish_checkpoint(signer));
  {
    store::Transaction tx(*c, true);
    w.append("{}", std::nullopt);
    w.flush();
    tx.commit();
  }
  auto note = w.publish_checkpoint(signer);
  ASSERT_TRUE(note);
  auto verifier = *NoteVerifier::parse(signer.verifier_key());
  auto text = verifier.open(*note);
  ASSERT_TRUE(text.is_ok());
  auto cp = Checkpoint::parse(*text);
  ASSERT_TRUE(cp.is_ok());
  EXPECT_EQ(cp->size, 1u);
  EXPECT_EQ(cp->root, leaf_hash("{}"));
  EXPECT_EQ(cp->origin, "test.example/log");
}

// A tiny module for the sequencer tests: counters that commands increment.
Registry counter_module() {
  Registry r;
  r.add_migrations(migrations());
  r.add_migrations({{"counter", 1,
                     "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL,"
                     " last_index INTEGER NOT NULL, owner TEXT)"}});
  r.on(plain_handler("counter.incremented", [](store::Connection& tx, const Applied& e) {
    if (e.leaf.data.at("name") == "explode") throw std::runtime_error("apply failed");
    tx.cached(
          "INSERT INTO counters (name, value, last_index, owner) VALUES (?, 1, ?, ?) "
          "ON CONFLICT (name) DO UPDATE SET value = value + 1, last_index = excluded.last_index,"
          " owner = excluded.owner")
        .bind(1, e.leaf.data.at("name").get<std::string>())
        .bind(2, e.index)
        .bind(3, e.personal ? std::optional<std::string>(e.personal->at("owner").get<std::string>())
                            : std::nullopt)
        .run();
  }));
  return r;
}

Decide increment(std::string name, bool with_owner = false) {
  return [name, with_owner](store::Connection&) -> Result<Decision> {
    if (name.empty()) return Status::invalid_field("/name", "不能为空", "must not be empty");
    Event e =
        Event::plain("counter.incremented", {{"name", name}},
                     with_owner ? std::optional<nlohmann::json>(nlohmann::json{{"owner", "张三"}})
                                : std::nullopt);
    return Decision{{e}, {{"name", name}}};
  };
}

int64_t counter_value(store::Connection& c, const std::string& name) {
  auto st = c.prepare("SELECT value FROM counters WHERE name = ?");
  st.bind(1, name);
  return st.step() ? st.int64(0) : 0;
}

TEST(Sequencer, GroupCommitsConcurrentCommandsAndIsolatesFailures) {
  testing::TempDir dir;
  auto registry = counter_module();
  auto c = store::open_sqlite(dir / "s.db");
  store::migrate(*c, registry.migrations());
  LogWriter log(*c);
  auto signer = NoteSigner::generate("test.example/log");
  Sequencer seq(*c, registry, log, signer, {std::chrono::milliseconds(50), 512});
  seq.start();

  std::atomic<int> ok{0}, refused{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        std::string name = i % 50 == 0 ? "" : (i % 77 == 0 ? "explode" : "c" + std::to_string(t));
        auto out = seq.execute(Actor::system_actor("test"), increment(name, i % 2 == 0));
        if (out.status.is_ok()) {
          ++ok;
          EXPECT_EQ(out.receipts.size(), 1u);
        } else if (out.status.code() == Code::kInvalidArgument) {
          ++refused;
        } else {
          ++failed;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  std::string note = seq.publish_now();
  seq.stop();

  EXPECT_EQ(refused.load(), 4 * 10);
  EXPECT_EQ(failed.load(), 4 * 6);  // i % 77 == 0 for i in 77..462, excluding multiples of 50
  EXPECT_EQ(log.size(), static_cast<uint64_t>(ok.load()));
  int64_t total = 0;
  for (int t = 0; t < 4; ++t) total += counter_value(*c, "c" + std::to_string(t));
  EXPECT_EQ(total, ok.load());
  EXPECT_EQ(counter_value(*c, "explode"), 0);  // rolled back with its command

  // Leaves carry a commitment, never the personal payload itself.
  LogReader reader;
  for (uint64_t i = 0; i < log.size(); ++i) {
    auto leaf = reader.entry(*c, i);
    ASSERT_TRUE(leaf);
    EXPECT_EQ(leaf->find("张三"), std::string::npos);
    auto rec = parse_leaf(*leaf);
    ASSERT_TRUE(rec.is_ok());
    if (rec->commitment) {
      auto p = reader.payload(*c, i);
      ASSERT_TRUE(p);
      EXPECT_EQ(commitment(p->salt, p->body), *rec->commitment);
    }
  }
  auto cp = Checkpoint::parse(*NoteVerifier::parse(signer.verifier_key())->open(note));
  ASSERT_TRUE(cp.is_ok());
  EXPECT_EQ(cp->size, log.size());
}

TEST(Sequencer, CommandsQueuedBeforeStopAreCommitted) {
  testing::TempDir dir;
  auto registry = counter_module();
  auto c = store::open_sqlite(dir / "s.db");
  store::migrate(*c, registry.migrations());
  LogWriter log(*c);
  auto signer = NoteSigner::generate("test.example/log");
  Sequencer seq(*c, registry, log, signer);
  seq.start();
  std::atomic<int> done{0};
  for (int i = 0; i < 2000; ++i)
    seq.submit(Actor::system_actor("test"), increment("x"), [&](Outcome o) {
      EXPECT_TRUE(o.status.is_ok());
      ++done;
    });
  seq.stop();
  EXPECT_EQ(done.load(), 2000);
  EXPECT_EQ(counter_value(*c, "x"), 2000);
  auto after = seq.execute(Actor::system_actor("test"), increment("x"));
  EXPECT_EQ(after.status.code(), Code::kUnavailable);
  LogReader reader;
  EXPECT_EQ(reader.latest_checkpoint(*c)->size, 2000u);  // the last checkpoint covers all
}

// A command that fails after writing — its applier throws half-way, or its decide writes and
// then refuses — leaves nothing behind, and the commands batched with it are written.
TEST(Sequencer, ACommandThatFailsAfterWritingLeavesNothing) {
  testing::TempDir dir;
  auto registry = counter_module();
  registry.on(plain_handler("counter.half", [](store::Connection& tx, const Applied& e) {
    tx.cached("INSERT INTO counters (name, value, last_index) VALUES ('half', 1, ?)")
        .bind(1, e.index)
        .run();
    throw std::runtime_error("failed half-way");
  }));
  auto c = store::open_sqlite(dir / "s.db");
  store::migrate(*c, registry.migrations());
  LogWriter log(*c);
  auto signer = NoteSigner::generate("test.example/log");
  Sequencer seq(*c, registry, log, signer);
  Decide half = [](store::Connection&) -> Result<Decision> {
    return Decision{{Event::plain("counter.half", nlohmann::json{{"name", "half"}})}, {}};
  };
  Decide sneaky = [](store::Connection& tx) -> Result<Decision> {
    tx.cached("INSERT INTO counters (name, value, last_index) VALUES ('sneaky', 1, 0)").run();
    return Status::invalid_field("/name", "否", "no");
  };
  seq.start();
  std::mutex mu;
  std::map<std::string, int> codes;
  const int kCommands = 300;
  for (int i = 0; i < kCommands; ++i) {
    std::string kind = i % 30 == 7 ? "half" : i % 30 == 19 ? "sneaky" : "y";
    seq.submit(Actor::system_actor("test"),
               kind == "half"     ? half
               : kind == "sneaky" ? sneaky
                                  : increment("y"),
               [&, kind](Outcome o) {
                 std::lock_guard lock(mu);
                 ++codes[kind + ":" + std::to_string(static_cast<int>(o.status.code()))];
               });
  }
  seq.stop();
  EXPECT_EQ(counter_value(*c, "y"), kCommands - 20);
  EXPECT_EQ(counter_value(*c, "half"), 0);
  EXPECT_EQ(counter_value(*c, "sneaky"), 0);
  EXPECT_EQ(log.size(), static_cast<uint64_t>(kCommands - 20));
  EXPECT_EQ(codes["y:" + std::to_string(static_cast<int>(Code::kOk))], kCommands - 20);
  EXPECT_EQ(codes["half:" + std::to_string(static_cast<int>(Code::kInternal))], 10);
  EXPECT_EQ(codes["sneaky:" + std::to_string(static_cast<int>(Code::kInternal))], 10);
  LogReader reader;
  for (uint64_t i = 0; i < log.size(); ++i)
    EXPECT_EQ(parse_leaf(*reader.entry(*c, i))->type, "counter.incremented");
}

// Callers hear of a command only after make_durable has run over its commit, and a
// checkpoint is signed only over entries made durable.
TEST(Sequencer, CallersHearOfCommandsOnlyOnceTheyAreDurable) {
  testing::TempDir dir;
  auto registry = counter_module();
  store::OpenOptions writer_options;
  writer_options.sync = store::OpenOptions::Sync::kCaller;
  auto c = store::open_sqlite(dir / "s.db", writer_options);
  store::migrate(*c, registry.migrations());
  auto observer = store::open_sqlite(dir / "s.db");
  LogWriter log(*c);
  auto signer = NoteSigner::generate("test.example/log");
  std::atomic<int64_t> durable{0};
  std::atomic<int> syncs{0};
  auto wal = store::wal_sync(dir / "s.db");
  SequencerOptions options;
  std::mutex observing;  // the completion thread and the writer (before a checkpoint) both sync
  options.make_durable = [&] {
    // What was committed before this sync began is what it makes durable (a batch committed
    // while it runs may not be on disk), so read it first: a caller answered for a batch
    // committed later than this would then be caught.
    std::lock_guard lock(observing);
    int64_t committed = counter_value(*observer, "x");
    wal();  // the real sync of the WAL
    durable = committed;
    ++syncs;
  };
  Sequencer seq(*c, registry, log, signer, options);
  seq.start();
  std::atomic<int> heard{0};
  const int kCommands = 3000;
  for (int i = 0; i < kCommands; ++i)
    seq.submit(Actor::system_actor("test"), increment("x"), [&](Outcome o) {
      EXPECT_TRUE(o.status.is_ok());
      int k = ++heard;  // the k-th command, in commit order, took x to k
      EXPECT_GE(durable.load(), k);
    });
  std::string note = seq.publish_now();
  seq.stop();
  EXPECT_EQ(heard.load(), kCommands);
  EXPECT_GT(syncs.load(), 0);
  EXPECT_LT(syncs.load(), kCommands);  // one sync serves a group of batches
  auto cp = Checkpoint::parse(*NoteVerifier::parse(signer.verifier_key())->open(note));
  ASSERT_TRUE(cp.is_ok());
  EXPECT_LE(static_cast<int64_t>(cp->size), durable.load());
}

TEST(Leaf, IsTheCanonicalFormOfTheWholeLeafDocument) {
  Event e = Event::plain("case.applied", {{"no", "990100-20261128-000001"},
                                          {"名称", "出生\"登记\"\n"},
                                          {"\u20ac", {1, 2}},
                                          {"a", nullptr}});
  for (bool with_commitment : {false, true}) {
    std::optional<std::string> commitment;
    if (with_commitment) commitment = "c2FsdA==";
    for (const auto& actor : {Actor::system_actor("import"),
                              Actor::officer_actor("mc-police-01", "1199010099000021XH")}) {
      nlohmann::json doc = {{"v", kLeafVersion},
                            {"type", e.type},
                            {"time", "2026-11-28T13:46:08.123Z"},
                            {"actor", actor.to_json()},
                            {"data", e.data_json()}};
      if (commitment) doc["personal"] = *commitment;
      EXPECT_EQ(make_leaf(e, actor, std::string("2026-11-28T13:46:08.123Z"), commitment),
                jcs::canonical(doc));
    }
  }
}

}  // namespace
}  // namespace sunlight::ledger
