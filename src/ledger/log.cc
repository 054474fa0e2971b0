#include "ledger/log.h"

#include <cassert>
#include <cstring>
#include <map>

#include "core/time.h"
#include "ledger/tiles.h"

namespace sunlight::ledger {
namespace {

std::string hashes_to_bytes(const std::vector<Hash>& row) {
  std::string out(row.size() * 32, '\0');
  for (size_t i = 0; i < row.size(); ++i) std::memcpy(out.data() + 32 * i, row[i].data(), 32);
  return out;
}

Hash hash_at(std::string_view bytes, size_t i) {
  Hash h;
  std::memcpy(h.data(), bytes.data() + 32 * i, 32);
  return h;
}

Hash to_hash(std::string_view bytes) {
  Hash h{};
  if (bytes.size() == 32) std::memcpy(h.data(), bytes.data(), 32);
  return h;
}

uint64_t cache_key(int level, uint64_t index) { return (uint64_t(level) << 58) | index; }
// Marks the key of a partial tile's expansion (levels stay below 32, tile indexes below 2^57).
constexpr uint64_t kPartialKey = uint64_t{1} << 63;

}  // namespace

std::vector<store::Migration> migrations() {
  return {{"ledger", 1, R"(
    CREATE TABLE ledger_entries (idx INTEGER PRIMARY KEY, leaf BLOB NOT NULL);
    CREATE TABLE ledger_payloads (
      idx INTEGER PRIMARY KEY, salt BLOB, body TEXT, erased_at TEXT);
    CREATE TABLE ledger_tiles (
      level INTEGER NOT NULL, idx INTEGER NOT NULL, hashes BLOB NOT NULL,
      PRIMARY KEY (level, idx));
    CREATE TABLE ledger_checkpoints (
      size INTEGER PRIMARY KEY, root BLOB NOT NULL, note TEXT NOT NULL,
      published_at TEXT NOT NULL);
  )"}};
}

// ---------------------------------------------------------------------------------------
// LogWriter

LogWriter::LogWriter(store::Connection& c) : c_(c) { reload(); }

void LogWriter::reload() {
  auto st = c_.cached("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries");
  st.step();
  size_ = static_cast<uint64_t>(st.int64(0));
  st.reset();
  counts_.clear();
  rows_.clear();
  dirty_.clear();
  for (int level = 0;; ++level) {
    uint64_t count = size_ >> (8 * level);
    counts_.push_back(count);
    rows_.emplace_back();
    dirty_.push_back(false);
    uint64_t width = count % kTileWidth;
    if (width > 0) {
      auto t = c_.cached("SELECT hashes FROM ledger_tiles WHERE level = ? AND idx = ?");
      t.bind_all(level, count / kTileWidth);
      if (!t.step() || t.blob_view(0).size() < width * 32)
        throw store::Error("ledger: tile " + std::to_string(level) + "/" +
                           std::to_string(count / kTileWidth) + " is missing or short");
      auto bytes = t.blob_view(0);
      for (uint64_t i = 0; i < width; ++i) rows_.back().push_back(hash_at(bytes, i));
      t.reset();
    }
    if (count < kTileWidth) break;
  }
  auto cp = c_.cached("SELECT COALESCE(MAX(size), 0), COUNT(*) FROM ledger_checkpoints");
  cp.step();
  last_checkpoint_size_ = static_cast<uint64_t>(cp.int64(0));
  has_checkpoint_ = cp.int64(1) > 0;
  cp.reset();
}

void LogWriter::push(int level, const Hash& h) {
  if (static_cast<size_t>(level) >= rows_.size()) {
    counts_.push_back(0);
    rows_.emplace_back();
    dirty_.push_back(false);
  }
  auto& row = rows_[level];
  uint64_t tile_index = counts_[level] / kTileWidth;
  row.push_back(h);
  ++counts_[level];
  dirty_[level] = true;
  if (row.size() == kTileWidth) {
    c_.cached(
          "INSERT INTO ledger_tiles (level, idx, hashes) VALUES (?, ?, ?) "
          "ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes")
        .bind(1, level)
        .bind(2, tile_index)
        .bind_blob(3, hashes_to_bytes(row))
        .run();
    Hash up = subtree_of_row(row.data(), kTileHeight);
    row.clear();
    dirty_[level] = false;
    push(level + 1, up);
  }
}

Receipt LogWriter::append(std::string_view leaf, const std::optional<Payload>& payload) {
  assert(c_.in_transaction());
  uint64_t index = size_;
  c_.cached("INSERT INTO ledger_entries (idx, leaf) VALUES (?, ?)")
      .bind(1, index)
      .bind_blob(2, leaf)
      .run();
  if (payload) {
    c_.cached("INSERT INTO ledger_payloads (idx, salt, body) VALUES (?, ?, ?)")
        .bind(1, index)
        .bind_blob(2, payload->salt)
        .bind(3, payload->body)
        .run();
  }
  Hash h = leaf_hash(leaf);
  push(0, h);
  ++size_;
  return Receipt{index, h};
}

void LogWriter::flush() {
  for (size_t level = 0; level < rows_.size(); ++level) {
    if (!dirty_[level] || rows_[level].empty()) continue;
    c_.cached(
          "INSERT INTO ledger_tiles (level, idx, hashes) VALUES (?, ?, ?) "
          "ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes")
        .bind(1, static_cast<int64_t>(level))
        .bind(2, counts_[level] / kTileWidth)
        .bind_blob(3, hashes_to_bytes(rows_[level]))
        .run();
    dirty_[level] = false;
  }
}

Hash LogWriter::node(int height, uint64_t index) const {
  int level = height / kTileHeight, r = height % kTileHeight;
  uint64_t first = index << r;  // first level-L node of the subtree
  uint64_t base = (counts_.at(level) / kTileWidth) * kTileWidth;
  if (first < base || first + (uint64_t{1} << r) > counts_[level])
    throw std::logic_error("LogWriter::node: subtree is not on the right edge");
  return subtree_of_row(rows_[level].data() + (first - base), r);
}

Hash LogWriter::root() const {
  return root_hash(size_, [this](int h, uint64_t i) { return node(h, i); });
}

std::optional<std::string> LogWriter::publish_checkpoint(const NoteSigner& signer) {
  assert(!c_.in_transaction());
  if (has_checkpoint_ && size_ <= last_checkpoint_size_) return std::nullopt;
  Checkpoint cp{signer.name(), size_, root()};
  std::string note = signer.sign(cp.body());
  store::Transaction tx(c_, true);
  c_.cached("INSERT INTO ledger_checkpoints (size, root, note, published_at) VALUES (?, ?, ?, ?)")
      .bind(1, size_)
      .bind_blob(2, crypto::as_bytes(cp.root))
      .bind(3, note)
      .bind(4, timeutil::format_rfc3339(timeutil::now_millis()))
      .run();
  tx.commit();
  last_checkpoint_size_ = size_;
  has_checkpoint_ = true;
  return note;
}

// ---------------------------------------------------------------------------------------
// LogReader

// A tile with every inner level computed: layer r holds width >> r hashes (256 >> r for a
// full tile), so any node inside the tile is one lookup.
struct LogReader::ExpandedTile {
  std::vector<Hash> layers[kTileHeight];
  explicit ExpandedTile(std::string_view bytes) {
    for (size_t i = 0; i < bytes.size() / 32; ++i) layers[0].push_back(hash_at(bytes, i));
    for (int r = 1; r < kTileHeight; ++r) {
      const auto& below = layers[r - 1];
      for (size_t i = 0; i < below.size() / 2; ++i)
        layers[r].push_back(node_hash(below[2 * i], below[2 * i + 1]));
    }
  }
  size_t width() const { return layers[0].size(); }
};

uint64_t LogReader::size(store::Connection& c) const {
  auto st = c.cached("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries");
  st.step();
  return static_cast<uint64_t>(st.int64(0));
}

static StoredCheckpoint read_checkpoint(const store::Statement& st) {
  return StoredCheckpoint{static_cast<uint64_t>(st.int64(0)), to_hash(st.blob_view(1)), st.text(2),
                          st.text(3)};
}

std::optional<StoredCheckpoint> LogReader::latest_checkpoint(store::Connection& c) const {
  auto st = c.cached(
      "SELECT size, root, note, published_at FROM ledger_checkpoints ORDER BY size DESC LIMIT 1");
  if (!st.step()) return std::nullopt;
  return read_checkpoint(st);
}

std::vector<StoredCheckpoint> LogReader::checkpoints(store::Connection& c, uint64_t after_size,
                                                     int limit) const {
  auto st = c.cached(
      "SELECT size, root, note, published_at FROM ledger_checkpoints WHERE size > ? "
      "ORDER BY size LIMIT ?");
  st.bind_all(after_size, limit);
  std::vector<StoredCheckpoint> out;
  while (st.step()) out.push_back(read_checkpoint(st));
  return out;
}

std::optional<std::string> LogReader::entry(store::Connection& c, uint64_t index) const {
  auto st = c.cached("SELECT leaf FROM ledger_entries WHERE idx = ?");
  st.bind(1, index);
  if (!st.step()) return std::nullopt;
  return st.blob(0);
}

std::vector<std::string> LogReader::entries(store::Connection& c, uint64_t begin,
                                            uint64_t count) const {
  auto st = c.cached("SELECT leaf FROM ledger_entries WHERE idx >= ? AND idx < ? ORDER BY idx");
  st.bind_all(begin, begin + count);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.blob(0));
  return out;
}

std::optional<Payload> LogReader::payload(store::Connection& c, uint64_t index) const {
  auto st = c.cached("SELECT salt, body FROM ledger_payloads WHERE idx = ? AND erased_at IS NULL");
  st.bind(1, index);
  if (!st.step()) return std::nullopt;
  return Payload{st.blob(0), st.text(1)};
}

std::optional<std::string> LogReader::tile(store::Connection& c, int level, uint64_t index,
                                           int width) const {
  auto st = c.cached("SELECT hashes FROM ledger_tiles WHERE level = ? AND idx = ?");
  st.bind_all(level, index);
  if (!st.step()) return std::nullopt;
  auto bytes = st.blob_view(0);
  size_t want = static_cast<size_t>(width) * 32;
  if (bytes.size() < want) return std::nullopt;
  return std::string(bytes.substr(0, want));
}

std::shared_ptr<const LogReader::ExpandedTile> LogReader::full_tile(store::Connection& c, int level,
                                                                    uint64_t index,
                                                                    std::string* partial) const {
  uint64_t key = cache_key(level, index);
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(key);
    if (it != cache_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.second);
      return it->second.first;
    }
  }
  std::string bytes;
  {
    auto st = c.cached("SELECT hashes FROM ledger_tiles WHERE level = ? AND idx = ?");
    st.bind_all(level, index);
    if (st.step()) bytes = st.blob(0);
  }
  if (bytes.size() < kTileWidth * 32) {
    if (partial) *partial = std::move(bytes);
    return nullptr;
  }
  auto t = std::make_shared<const ExpandedTile>(bytes);
  std::lock_guard lock(mu_);
  if (capacity_ > 0 && cache_.count(key) == 0) {
    lru_.push_front(key);
    cache_.emplace(key, std::make_pair(t, lru_.begin()));
    while (cache_.size() > capacity_) {
      cache_.erase(lru_.back());
      lru_.pop_back();
    }
  }
  return t;
}

NodeReader LogReader::nodes(store::Connection& c) const {
  // The rightmost tile of each level is partial, and every proof and root at the current size
  // touches it. A partial tile's first W hashes never change, so its expansion is kept in the
  // shared cache too (under a key of its own, the widest one read so far): a fresh reader per
  // request, as the server makes, then re-hashes nothing it has seen.
  return [this, &c](int height, uint64_t index) -> Hash {
    int level = height / kTileHeight, r = height % kTileHeight;
    uint64_t first = index << r;
    uint64_t tile_index = first / kTileWidth;
    uint64_t offset = first % kTileWidth;
    uint64_t need = offset + (uint64_t{1} << r);
    const uint64_t partial_key = cache_key(level, tile_index) | kPartialKey;
    {
      // One lookup for both: the full tile (any need fits it) or a wide enough partial one.
      std::lock_guard lock(mu_);
      for (uint64_t key : {cache_key(level, tile_index), partial_key}) {
        auto it = cache_.find(key);
        if (it != cache_.end() && it->second.first->width() >= need) {
          lru_.splice(lru_.begin(), lru_, it->second.second);
          return it->second.first->layers[r][offset >> r];
        }
      }
    }
    std::string bytes;
    if (auto full = full_tile(c, level, tile_index, &bytes)) return full->layers[r][offset >> r];
    if (bytes.size() < need * 32)
      throw std::out_of_range("tile " + std::to_string(level) + "/" + std::to_string(tile_index) +
                              " does not cover node " + std::to_string(height) + "/" +
                              std::to_string(index));
    auto expanded = std::make_shared<const ExpandedTile>(bytes);
    Hash h = expanded->layers[r][offset >> r];
    std::lock_guard lock(mu_);
    if (capacity_ == 0) return h;
    auto it = cache_.find(partial_key);
    if (it == cache_.end()) {
      lru_.push_front(partial_key);
      cache_.emplace(partial_key, std::make_pair(std::move(expanded), lru_.begin()));
      while (cache_.size() > capacity_) {
        cache_.erase(lru_.back());
        lru_.pop_back();
      }
    } else if (it->second.first->width() < expanded->width()) {
      it->second.first = std::move(expanded);
    }
    return h;
  };
}

Status self_check(store::Connection& c) {
  LogReader reader(64);
  auto data_loss = [](std::string zh, std::string en) {
    return Status(Code::kDataLoss, "日志存储校验失败：" + zh,
                  "the stored log fails its check: " + en);
  };
  try {
    uint64_t size = reader.size(c);
    if (auto cp = reader.latest_checkpoint(c)) {
      if (cp->size > size)
        return data_loss("已签名检查点的大小 " + std::to_string(cp->size) + " 超过日志条数 " +
                             std::to_string(size),
                         "the signed checkpoint covers " + std::to_string(cp->size) +
                             " entries but only " + std::to_string(size) + " are stored");
      if (root_hash(cp->size, reader.nodes(c)) != cp->root)
        return data_loss(
            "瓦片与已签名的根哈希不符",
            "the tiles do not hash to the signed root at size " + std::to_string(cp->size));
    }
    uint64_t first = size - size % kTileWidth;
    if (size % kTileWidth) {
      auto row = reader.tile(c, 0, first / kTileWidth, static_cast<int>(size - first));
      auto leaves = reader.entries(c, first, size - first);
      if (!row || leaves.size() != size - first)
        return data_loss("最右侧瓦片缺失", "the rightmost tile is missing");
      for (size_t i = 0; i < leaves.size(); ++i) {
        if (row->substr(i * 32, 32) != crypto::as_bytes(leaf_hash(leaves[i])))
          return data_loss("第 " + std::to_string(first + i) + " 条日志与其哈希不符",
                           "entry " + std::to_string(first + i) + " does not match its tile hash");
      }
    }
  } catch (const std::exception& e) {
    return data_loss(e.what(), e.what());
  }
  return Status::ok();
}

}  // namespace sunlight::ledger
