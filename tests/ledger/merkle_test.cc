// Merkle tree hashing and proofs: RFC 6962 reference vectors, known answers from an
// independent implementation (Go's golang.org/x/mod/sumdb/tlog), and properties over random
// sizes: every proof verifies, every single-bit corruption is rejected.
#include "ledger/merkle.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

namespace sunlight::ledger {
namespace {

std::vector<Hash> leaves_of(const std::vector<std::string>& data) {
  std::vector<Hash> out;
  for (const auto& d : data) out.push_back(leaf_hash(d));
  return out;
}

std::vector<Hash> decimal_leaves(size_t n) {
  std::vector<std::string> data;
  for (size_t i = 0; i < n; ++i) data.push_back(std::to_string(i));
  return leaves_of(data);
}

TEST(Merkle, Rfc6962ReferenceRoots) {
  // The eight leaves used by RFC 6962 implementations' test suites, and the roots of
  // every prefix of them.
  std::vector<std::string> data;
  for (auto hex : {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                   "606162636465666768696a6b6c6d6e6f"})
    data.push_back(*crypto::unhex(hex));
  auto leaves = leaves_of(data);
  const char* roots[] = {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                         "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                         "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                         "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                         "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                         "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                         "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                         "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  for (size_t n = 1; n <= 8; ++n) {
    std::vector<Hash> prefix(leaves.begin(), leaves.begin() + static_cast<long>(n));
    EXPECT_EQ(crypto::hex(root_hash(n, memory_reader(prefix))), roots[n - 1]) << "size " << n;
  }
  EXPECT_EQ(crypto::hex(empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Merkle, MatchesIndependentImplementationForAllSizesUpTo64) {
  const char* path = std::getenv("SUNLIGHT_TLOG_KAT");
  ASSERT_NE(path, nullptr) << "SUNLIGHT_TLOG_KAT must name the Go-generated known answers";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  auto kat = nlohmann::json::parse(in);
  auto leaves = decimal_leaves(64);
  auto nodes = memory_reader(leaves);
  auto roots = kat.at("roots");
  ASSERT_EQ(roots.size(), 65u);
  size_t checked = 0;
  for (uint64_t size = 1; size <= 64; ++size) {
    Hash root = root_hash(size, nodes);
    EXPECT_EQ(crypto::hex(root), roots[size].get<std::string>()) << "size " << size;
    for (uint64_t i = 0; i < size; ++i) {
      auto want = kat.at("inclusion").at(std::to_string(i) + "/" + std::to_string(size));
      auto proof = inclusion_proof(i, size, nodes);
      ASSERT_EQ(proof.size(), want.size()) << i << "/" << size;
      for (size_t k = 0; k < proof.size(); ++k)
        EXPECT_EQ(crypto::hex(proof[k]), want[k].get<std::string>());
      EXPECT_TRUE(verify_inclusion(i, size, leaves[i], proof, root));
      ++checked;
    }
    for (uint64_t old = 1; old <= size; ++old) {
      auto want = kat.at("consistency").at(std::to_string(old) + "/" + std::to_string(size));
      auto proof = consistency_proof(old, size, nodes);
      ASSERT_EQ(proof.size(), want.size()) << old << "/" << size;
      for (size_t k = 0; k < proof.size(); ++k)
        EXPECT_EQ(crypto::hex(proof[k]), want[k].get<std::string>());
      EXPECT_TRUE(verify_consistency(old, size, root_hash(old, nodes), root, proof));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2u * (64 * 65 / 2));
}

Hash flip(Hash h, size_t bit) {
  h[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  return h;
}

TEST(Merkle, RandomSizesProofsVerifyAndEveryBitFlipIsRejected) {
  std::mt19937_64 rng(20261128);
  auto leaves = decimal_leaves(3000);
  auto nodes = memory_reader(leaves);
  for (int round = 0; round < 40; ++round) {
    uint64_t size = 1 + rng() % leaves.size();
    uint64_t index = rng() % size;
    uint64_t old = 1 + rng() % size;
    Hash root = root_hash(size, nodes);
    Hash old_root = root_hash(old, nodes);
    auto inc = inclusion_proof(index, size, nodes);
    auto con = consistency_proof(old, size, nodes);
    ASSERT_TRUE(verify_inclusion(index, size, leaves[index], inc, root));
    ASSERT_TRUE(verify_consistency(old, size, old_root, root, con));
    for (size_t bit = 0; bit < 256; ++bit) {
      EXPECT_FALSE(verify_inclusion(index, size, flip(leaves[index], bit), inc, root));
      EXPECT_FALSE(verify_inclusion(index, size, leaves[index], inc, flip(root, bit)));
      if (old != size) {
        EXPECT_FALSE(verify_consistency(old, size, flip(old_root, bit), root, con));
        EXPECT_FALSE(verify_consistency(old, size, old_root, flip(root, bit), con));
      }
    }
    for (size_t k = 0; k < inc.size(); ++k) {
      for (size_t bit = 0; bit < 256; ++bit) {
        auto bad = inc;
        bad[k] = flip(bad[k], bit);
        EXPECT_FALSE(verify_inclusion(index, size, leaves[index], bad, root));
      }
    }
    for (size_t k = 0; k < con.size(); ++k) {
      for (size_t bit = 0; bit < 256; ++bit) {
        auto bad = con;
        bad[k] = flip(bad[k], bit);
        EXPECT_FALSE(verify_consistency(old, size, old_root, root, bad));
      }
    }
    // Wrong shape: a missing or an extra hash, a wrong index or size.
    if (!inc.empty()) {
      auto shorter = inc;
      shorter.pop_back();
      EXPECT_FALSE(verify_inclusion(index, size, leaves[index], shorter, root));
    }
    auto longer = inc;
    longer.push_back(root);
    EXPECT_FALSE(verify_inclusion(index, size, leaves[index], longer, root));
    if (size > 1) {
      EXPECT_FALSE(verify_inclusion((index + 1) % size, size, leaves[index], inc, root));
    }
    EXPECT_FALSE(verify_inclusion(size, size, leaves[index], inc, root));
  }
}

TEST(Merkle, CompactRangeRootMatchesFullTree) {
  auto leaves = decimal_leaves(700);
  auto nodes = memory_reader(leaves);
  CompactRange range;
  EXPECT_EQ(range.root(), empty_root());
  for (size_t i = 0; i < leaves.size(); ++i) {
    range.append(leaves[i]);
    if (i < 70 || i % 37 == 0) {
      ASSERT_EQ(range.root(), root_hash(i + 1, nodes)) << i + 1;
    }
  }
}

TEST(Merkle, EdgeCases) {
  auto leaves = decimal_leaves(5);
  auto nodes = memory_reader(leaves);
  EXPECT_TRUE(consistency_proof(0, 5, nodes).empty());
  EXPECT_TRUE(consistency_proof(5, 5, nodes).empty());
  Hash root = root_hash(5, nodes);
  EXPECT_TRUE(verify_consistency(5, 5, root, root, {}));
  EXPECT_FALSE(verify_consistency(5, 5, root, flip(root, 0), {}));
  EXPECT_FALSE(verify_consistency(4, 5, root_hash(4, nodes), root, {}));
  EXPECT_FALSE(verify_consistency(5, 4, root, root_hash(4, nodes), {}));
  EXPECT_THROW(inclusion_proof(5, 5, nodes), std::invalid_argument);
  EXPECT_TRUE(verify_inclusion(0, 1, leaves[0], {}, leaves[0]));
}

}  // namespace
}  // namespace sunlight::ledger
