#include "cli/verify.h"

#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "cli/http_client.h"
#include "core/progress.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tiles.h"

namespace sunlight::cli {
namespace {

using ledger::Hash;

struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string fetch(const std::string& base, const std::string& path) {
  auto r = http_get(base + path);
  if (!r.is_ok()) throw Failure(r.status().message_en());
  if (r->status != 200)
    throw Failure("GET " + path + " answered HTTP " + std::to_string(r->status));
  return r->body;
}

// Tiles fetched over HTTP for a tree of `size` leaves, cached by path.
class RemoteTiles {
 public:
  RemoteTiles(std::string base, uint64_t size) : base_(std::move(base)), size_(size) {}

  const std::string& tile(int level, uint64_t index) {
    uint64_t count = size_ >> (8 * level);
    uint64_t width = std::min<uint64_t>(256, count - index * 256);
    ledger::TileCoord t{false, level, index, static_cast<int>(width)};
    auto path = "/log/" + t.path();
    auto it = cache_.find(path);
    if (it != cache_.end()) return it->second;
    std::string bytes = fetch(base_, path);
    if (bytes.size() != width * 32)
      throw Failure("tile " + path + " has " + std::to_string(bytes.size()) + " bytes, expected " +
                    std::to_string(width * 32));
    return cache_.emplace(path, std::move(bytes)).first->second;
  }

  ledger::NodeReader nodes() {
    return [this](int height, uint64_t index) {
      int level = height / 8, r = height % 8;
      uint64_t first = index << r;
      const std::string& bytes = tile(level, first / 256);
      size_t offset = first % 256;
      std::vector<Hash> row(size_t{1} << r);
      for (size_t i = 0; i < row.size(); ++i)
        std::copy_n(reinterpret_cast<const uint8_t*>(bytes.data()) + (offset + i) * 32, 32,
                    row[i].begin());
      return ledger::subtree_of_row(row.data(), r);
    };
  }

  std::vector<std::string> bundle(uint64_t index) {
    uint64_t width = std::min<uint64_t>(256, size_ - index * 256);
    ledger::TileCoord t{true, 0, index, static_cast<int>(width)};
    std::string bytes = fetch(base_, "/log/" + t.path());
    std::vector<std::string> entries;
    size_t pos = 0;
    while (pos < bytes.size()) {
      if (pos + 2 > bytes.size()) throw Failure("entry bundle " + t.path() + " is truncated");
      size_t len = (static_cast<uint8_t>(bytes[pos]) << 8) | static_cast<uint8_t>(bytes[pos + 1]);
      if (pos + 2 + len > bytes.size()) throw Failure("entry bundle " + t.path() + " is truncated");
      entries.push_back(bytes.substr(pos + 2, len));
      pos += 2 + len;
    }
    if (entries.size() != width)
      throw Failure("entry bundle " + t.path() + " holds " + std::to_string(entries.size()) +
                    " entries, expected " + std::to_string(width));
    return entries;
  }

 private:
  std::string base_;
  uint64_t size_;
  std::map<std::string, std::string> cache_;
};

std::string b64(const Hash& h) { return crypto::base64(crypto::as_bytes(h)); }

std::string read_key(const std::string& key) {
  if (key.find('+') != std::string::npos) return key;
  std::ifstream in(key);
  if (!in) throw Failure("--key is neither a verifier key nor a readable file: " + key);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

int verify(const VerifyOptions& o) {
  std::string base = o.url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  try {
    auto verifier = ledger::NoteVerifier::parse(read_key(o.key));
    if (!verifier.is_ok()) throw Failure(verifier.status().message_en());

    std::string note = fetch(base, "/log/checkpoint");
    auto text = verifier->open(note);
    if (!text.is_ok()) throw Failure("checkpoint: " + text.status().message_en());
    auto cp = ledger::Checkpoint::parse(*text);
    if (!cp.is_ok()) throw Failure(cp.status().message_en());
    if (cp->origin != verifier->name)
      throw Failure("checkpoint origin '" + cp->origin + "' does not match the key name '" +
                    verifier->name + "'");
    std::cout << "checkpoint: signature OK, origin " << cp->origin << ", size " << cp->size
              << ", root " << b64(cp->root) << "\n";

    RemoteTiles tiles(base, cp->size);
    auto nodes = tiles.nodes();
    if (cp->size > 0 && ledger::root_hash(cp->size, nodes) != cp->root)
      throw Failure("the tiles do not hash to the signed root");

    // Consistency with the last checkpoint this auditor saw.
    if (!o.state_file.empty()) {
      std::ifstream in(o.state_file);
      if (in) {
        auto state = nlohmann::json::parse(in, nullptr, false);
        if (state.is_discarded() || !state.contains("size") || !state.contains("root"))
          throw Failure("state file " + o.state_file + " is malformed");
        uint64_t old_size = state.at("size").get<uint64_t>();
        auto old_root_bytes = crypto::unbase64(state.at("root").get<std::string>());
        Hash old_root{};
        if (!old_root_bytes || old_root_bytes->size() != 32)
          throw Failure("state file root is malformed");
        std::copy(old_root_bytes->begin(), old_root_bytes->end(), old_root.begin());
        if (state.value("origin", cp->origin) != cp->origin)
          throw Failure("state file is for another log (" + state.value("origin", "") + ")");
        if (cp->size < old_size)
          throw Failure("the log shrank from " + std::to_string(old_size) + " to " +
                        std::to_string(cp->size) + " entries: history was rewritten");
        auto proof = ledger::consistency_proof(old_size, cp->size, nodes);
        if (!ledger::verify_consistency(old_size, cp->size, old_root, cp->root, proof))
          throw Failure("consistency proof from size " + std::to_string(old_size) + " to " +
                        std::to_string(cp->size) + " fails: the log forked or was rewritten");
        std::cout << "consistency: size " << old_size << " → " << cp->size << " OK ("
                  << proof.size() << " hashes)\n";
      }
    }

    if (o.full) {
      std::vector<Hash> leaves;
      leaves.reserve(cp->size);
      Progress progress("verify --full", cp->size);
      for (uint64_t b = 0; b * 256 < cp->size; ++b) {
        for (const auto& entry : tiles.bundle(b)) leaves.push_back(ledger::leaf_hash(entry));
        progress.update(leaves.size());
      }
      progress.finish();
      auto mem = ledger::memory_reader(leaves);
      // Every served tile must hold the hashes the entries imply.
      for (int level = 0; (cp->size >> (8 * level)) > 0; ++level) {
        uint64_t count = cp->size >> (8 * level);
        std::vector<Hash> row;
        for (uint64_t t = 0; t * 256 < count; ++t) {
          const std::string& bytes = tiles.tile(level, t);
          for (size_t i = 0; i < bytes.size() / 32; ++i) {
            Hash want = level == 0 ? leaves[t * 256 + i] : mem(8 * level, t * 256 + i);
            if (std::string_view(bytes).substr(i * 32, 32) != crypto::as_bytes(want))
              throw Failure("tile " + std::to_string(level) + "/" + std::to_string(t) + " hash " +
                            std::to_string(i) + " does not match the entries");
          }
        }
      }
      Hash root = ledger::root_hash(cp->size, mem);
      if (root != cp->root) throw Failure("the entries do not hash to the signed root");
      std::cout << "full: " << cp->size << " entries re-hashed; every tile and the root match\n";
    } else if (cp->size > 0) {
      std::mt19937_64 rng(std::random_device{}());
      for (int k = 0; k < o.samples; ++k) {
        uint64_t i = rng() % cp->size;
        auto entries = tiles.bundle(i / 256);
        Hash leaf = ledger::leaf_hash(entries.at(i % 256));
        auto proof = ledger::inclusion_proof(i, cp->size, nodes);
        if (!ledger::verify_inclusion(i, cp->size, leaf, proof, cp->root))
          throw Failure("entry " + std::to_string(i) + " is not included under the signed root");
      }
      std::cout << "inclusion: " << o.samples << " random entries OK\n";
    }

    if (!o.state_file.empty()) {
      std::ofstream out(o.state_file + ".tmp");
      out << nlohmann::json{{"origin", cp->origin},
                            {"size", cp->size},
                            {"root", b64(cp->root)},
                            {"note", note}}
                 .dump(2)
          << "\n";
      out.close();
      std::filesystem::rename(o.state_file + ".tmp", o.state_file);
    }
    std::cout << "OK\n";
    return 0;
  } catch (const Failure& f) {
    std::cerr << "VERIFICATION FAILED: " << f.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "VERIFICATION FAILED: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace sunlight::cli
