#include "ledger/merkle.h"

#include <bit>
#include <stdexcept>

namespace sunlight::ledger {
namespace {

// The largest power of two strictly less than n (n ≥ 2).
uint64_t split_point(uint64_t n) { return std::bit_floor(n - 1); }

// MTH of [begin, end): the perfect subtree when the range is one, else split per RFC 9162.
Hash mth(uint64_t begin, uint64_t end, const NodeReader& nodes) {
  uint64_t n = end - begin;
  if (std::has_single_bit(n) && begin % n == 0) {
    int height = std::countr_zero(n);
    return nodes(height, begin >> height);
  }
  uint64_t k = split_point(n);
  return node_hash(mth(begin, begin + k, nodes), mth(begin + k, end, nodes));
}

// PATH(m, D[begin:end]) from RFC 9162 §2.1.3.1, with m relative to begin.
void path(uint64_t m, uint64_t begin, uint64_t end, const NodeReader& nodes,
          std::vector<Hash>& out) {
  uint64_t n = end - begin;
  if (n == 1) return;
  uint64_t k = split_point(n);
  if (m < k) {
    path(m, begin, begin + k, nodes, out);
    out.push_back(mth(begin + k, end, nodes));
  } else {
    path(m - k, begin + k, end, nodes, out);
    out.push_back(mth(begin, begin + k, nodes));
  }
}

// SUBPROOF(m, D[begin:end], b) from RFC 9162 §2.1.4.1.
void subproof(uint64_t m, uint64_t begin, uint64_t end, bool whole, const NodeReader& nodes,
              std::vector<Hash>& out) {
  uint64_t n = end - begin;
  if (m == n) {
    if (!whole) out.push_back(mth(begin, end, nodes));
    return;
  }
  uint64_t k = split_point(n);
  if (m <= k) {
    subproof(m, begin, begin + k, whole, nodes, out);
    out.push_back(mth(begin + k, end, nodes));
  } else {
    subproof(m - k, begin + k, end, false, nodes, out);
    out.push_back(mth(begin, begin + k, nodes));
  }
}

}  // namespace

Hash leaf_hash(std::string_view entry) {
  return crypto::sha256(std::string_view("\x00", 1), entry);
}

Hash node_hash(const Hash& left, const Hash& right) {
  char buf[65];
  buf[0] = 0x01;
  std::copy(left.begin(), left.end(), buf + 1);
  std::copy(right.begin(), right.end(), buf + 33);
  return crypto::sha256(std::string_view(buf, sizeof buf));
}

Hash empty_root() { return crypto::sha256(std::string_view()); }

Hash range_hash(uint64_t begin, uint64_t end, const NodeReader& nodes) {
  if (end <= begin) throw std::invalid_argument("range_hash: empty range");
  return mth(begin, end, nodes);
}

Hash root_hash(uint64_t size, const NodeReader& nodes) {
  return size == 0 ? empty_root() : mth(0, size, nodes);
}

std::vector<Hash> inclusion_proof(uint64_t index, uint64_t size, const NodeReader& nodes) {
  if (index >= size) throw std::invalid_argument("inclusion_proof: index beyond tree size");
  std::vector<Hash> out;
  path(index, 0, size, nodes, out);
  return out;
}

std::vector<Hash> consistency_proof(uint64_t old_size, uint64_t new_size, const NodeReader& nodes) {
  if (old_size > new_size) throw std::invalid_argument("consistency_proof: old size > new size");
  std::vector<Hash> out;
  if (old_size == 0 || old_size == new_size) return out;
  subproof(old_size, 0, new_size, true, nodes, out);
  return out;
}

bool verify_inclusion(uint64_t index, uint64_t size, const Hash& leaf, std::span<const Hash> proof,
                      const Hash& root) {
  // RFC 9162 §2.1.3.2.
  if (index >= size) return false;
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = node_hash(p, r);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool verify_consistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                        const Hash& new_root, std::span<const Hash> proof) {
  // RFC 9162 §2.1.4.2.
  if (old_size > new_size) return false;
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  if (old_size == 0) return proof.empty();
  if (proof.empty()) return false;
  std::vector<Hash> path(proof.begin(), proof.end());
  if (std::has_single_bit(old_size)) path.insert(path.begin(), old_root);
  uint64_t fn = old_size - 1, sn = new_size - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == old_root && sr == new_root && sn == 0;
}

NodeReader memory_reader(const std::vector<Hash>& leaves) {
  return [&leaves](int height, uint64_t index) -> Hash {
    uint64_t begin = index << height, end = begin + (uint64_t{1} << height);
    if (end > leaves.size()) throw std::out_of_range("memory_reader: subtree beyond the tree");
    if (height == 0) return leaves[begin];
    // Recursive halves; fine for tests and the auditor's one-pass check.
    std::vector<Hash> level(leaves.begin() + static_cast<long>(begin),
                            leaves.begin() + static_cast<long>(end));
    while (level.size() > 1) {
      for (size_t i = 0; i < level.size() / 2; ++i)
        level[i] = node_hash(level[2 * i], level[2 * i + 1]);
      level.resize(level.size() / 2);
    }
    return level[0];
  };
}

Hash subtree_of_row(const Hash* first, int r) {
  if (r == 0) return first[0];
  Hash buf[128];
  size_t n = size_t{1} << r;
  for (size_t i = 0; i < n / 2; ++i) buf[i] = node_hash(first[2 * i], first[2 * i + 1]);
  for (n /= 2; n > 1; n /= 2)
    for (size_t i = 0; i < n / 2; ++i) buf[i] = node_hash(buf[2 * i], buf[2 * i + 1]);
  return buf[0];
}

void CompactRange::append(const Hash& leaf) {
  Hash h = leaf;
  // Merge equal-height subtrees: one merge per trailing one bit of the old size.
  for (uint64_t s = size_; s & 1; s >>= 1) {
    h = node_hash(stack_.back(), h);
    stack_.pop_back();
  }
  stack_.push_back(h);
  ++size_;
}

Hash CompactRange::root() const {
  if (stack_.empty()) return empty_root();
  Hash r = stack_.back();
  for (size_t i = stack_.size() - 1; i-- > 0;) r = node_hash(stack_[i], r);
  return r;
}

}  // namespace sunlight::ledger
