// The log's storage: entries, payloads, tiles and checkpoints in the store.
//
// LogWriter is owned by the sequencer's thread and appends inside the sequencer's open
// transaction; the tiles it writes in that same transaction, so entries and tree can never
// disagree after a crash. LogReader is shared by request threads and reads committed data
// through each thread's own connection.
//
// Tables (see docs/ledger.md):
//   ledger_entries(idx, leaf)                 the leaves, in order
//   ledger_payloads(idx, salt, body, erased)  personal payloads, apart from the leaves
//   ledger_tiles(level, idx, hashes)          tiles of height 8; the rightmost may be partial
//   ledger_checkpoints(size, root, note, published_at)
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/merkle.h"
#include "ledger/note.h"
#include "store/store.h"

namespace sunlight::ledger {

std::vector<store::Migration> migrations();

struct Receipt {
  uint64_t index = 0;
  Hash leaf_hash{};
};

struct Payload {
  std::string salt;  // 32 random bytes
  std::string body;  // canonical JSON
};

class LogWriter {
 public:
  // Loads the right edge of the tree from the store.
  explicit LogWriter(store::Connection& c);

  uint64_t size() const { return size_; }
  Hash root() const;

  // Appends one leaf (and its payload) inside the connection's open transaction.
  Receipt append(std::string_view leaf, const std::optional<Payload>& payload);
  // Writes the partial tiles changed since the last flush; call before commit.
  void flush();
  // Forgets uncommitted appends by reloading from the store (after a rollback).
  void reload();

  // Signs and stores a checkpoint for the current size if it is larger than the last one
  // (or if there is none yet, even for an empty log). Must run outside a transaction. Returns the
  // note when one was published.
  std::optional<std::string> publish_checkpoint(const NoteSigner& signer);
  uint64_t last_checkpoint_size() const { return last_checkpoint_size_; }

 private:
  void push(int level, const Hash& h);
  Hash node(int height, uint64_t index) const;

  store::Connection& c_;
  uint64_t size_ = 0;
  std::vector<uint64_t> counts_;         // nodes at level L (height 8·L)
  std::vector<std::vector<Hash>> rows_;  // the rightmost tile's hashes at each level
  std::vector<bool> dirty_;
  uint64_t last_checkpoint_size_ = 0;
  bool has_checkpoint_ = false;
};

// Checks at start-up that the stored tree still matches what was signed: the tiles hash to
// the latest checkpoint's root, and the rightmost level-0 tile holds the hashes of the
// entries it covers. kDataLoss names what differs.
Status self_check(store::Connection& c);

struct StoredCheckpoint {
  uint64_t size = 0;
  Hash root{};
  std::string note;
  std::string published_at;
};

class LogReader {
 public:
  explicit LogReader(size_t cached_tiles = 4096) : capacity_(cached_tiles) {}

  uint64_t size(store::Connection& c) const;
  std::optional<StoredCheckpoint> latest_checkpoint(store::Connection& c) const;
  std::vector<StoredCheckpoint> checkpoints(store::Connection& c, uint64_t after_size,
                                            int limit) const;
  std::optional<std::string> entry(store::Connection& c, uint64_t index) const;
  // Entries [begin, begin+count) in order; fewer if the log is shorter.
  std::vector<std::string> entries(store::Connection& c, uint64_t begin, uint64_t count) const;
  std::optional<Payload> payload(store::Connection& c, uint64_t index) const;

  // The first `width` hashes of a tile, concatenated; nullopt if the tile is narrower.
  std::optional<std::string> tile(store::Connection& c, int level, uint64_t index, int width) const;

  // Reads perfect-subtree hashes from tiles (cached). The reader is valid while `c` is.
  NodeReader nodes(store::Connection& c) const;

 private:
  struct ExpandedTile;
  // The full tile from the cache or the store; for a partial tile, nullptr with its bytes
  // in `partial`.
  std::shared_ptr<const ExpandedTile> full_tile(store::Connection& c, int level, uint64_t index,
                                                std::string* partial) const;

  size_t capacity_;
  mutable std::mutex mu_;
  mutable std::list<uint64_t> lru_;
  mutable std::unordered_map<
      uint64_t, std::pair<std::shared_ptr<const ExpandedTile>, std::list<uint64_t>::iterator>>
      cache_;
};

}  // namespace sunlight::ledger
