// RFC 9162 Merkle tree hashing, proofs and their verification.
//
//   leaf hash  = SHA-256(0x00 || entry)
//   node hash  = SHA-256(0x01 || left || right)
//   empty root = SHA-256("")
//
// Proof generation reads the hashes of perfect subtrees through a NodeReader, so the same
// code works over an in-memory vector (tests), the tile store (the server) and tiles
// fetched over HTTP (the auditor).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "core/crypto.h"

namespace sunlight::ledger {

using crypto::Hash;

Hash leaf_hash(std::string_view entry);
Hash node_hash(const Hash& left, const Hash& right);
Hash empty_root();

// Returns the hash of the perfect subtree of the given height whose leftmost leaf is
// index << height. Throws if that subtree is not available.
using NodeReader = std::function<Hash(int height, uint64_t index)>;

// MTH(D[begin:end]) for a range whose start is aligned as RFC 9162's recursion produces.
Hash range_hash(uint64_t begin, uint64_t end, const NodeReader& nodes);
Hash root_hash(uint64_t size, const NodeReader& nodes);

std::vector<Hash> inclusion_proof(uint64_t index, uint64_t size, const NodeReader& nodes);
std::vector<Hash> consistency_proof(uint64_t old_size, uint64_t new_size, const NodeReader& nodes);

bool verify_inclusion(uint64_t index, uint64_t size, const Hash& leaf, std::span<const Hash> proof,
                      const Hash& root);
bool verify_consistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                        const Hash& new_root, std::span<const Hash> proof);

// The root of the perfect subtree over 2^r consecutive hashes stored back to back (r ≤ 8):
// how a tile's inner nodes are computed from its row.
Hash subtree_of_row(const Hash* first, int r);

// A NodeReader over the leaf hashes held in memory (tests, the auditor's full check).
NodeReader memory_reader(const std::vector<Hash>& leaves);

// Maintains the right edge of a growing tree: the perfect subtrees the current size
// decomposes into. Appending is O(1) amortised; the root is O(log n).
class CompactRange {
 public:
  void append(const Hash& leaf);
  uint64_t size() const { return size_; }
  Hash root() const;

 private:
  uint64_t size_ = 0;
  std::vector<Hash> stack_;  // perfect subtrees, largest first
};

}  // namespace sunlight::ledger
