// "我要办" search: one query box, Chinese or English, answering "where do I go and what do I
// bring" for the user's region.
//
// The index is a read model of the catalogue (Xapian, in DATA/search): fed from the log's
// item and life-event events after each commit, caught up on start, rebuildable from the
// tables at any time. Text is normalised the same way for documents and queries — NFKC and
// case folding (ICU), Traditional → Simplified Chinese (OpenCC) — then Chinese is indexed as
// character unigrams and bigrams, English as words and stems, and ranked with BM25.
// Queries lose filler words (我想, 怎么办, how do I) and gain synonyms from a maintained file
// (data/search/synonyms.txt: 社保 = 社会保障, 驾照 = 机动车驾驶证, 开公司 = 企业设立 …).
//
// Depends on: core, store, catalog (reads the tables it indexes).
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace sunlight::search {

// Normalises text for indexing and querying: NFKC + case folding, then Traditional →
// Simplified. Thread-safe.
std::string normalize(const std::string& text);

class Synonyms {
 public:
  // One group of equivalent terms per line, separated by " = "; '#' starts a comment.
  static Result<Synonyms> load(const std::filesystem::path& file);
  static Synonyms from_text(const std::string& text);
  // The groups whose terms occur in `normalized`, longest match first, not overlapping;
  // each with the term that matched.
  struct Match {
    std::string term;
    std::vector<std::string> alternatives;  // the other terms of the group
  };
  std::vector<Match> find(const std::string& normalized) const;
  size_t groups() const { return groups_.size(); }

 private:
  std::vector<std::vector<std::string>> groups_;
  std::vector<std::pair<std::string, size_t>> terms_;  // longest first
};

struct Hit {
  std::string kind;  // "item" or "life_event"
  std::string code;
  double score = 0;
  std::string catalog_code;  // items only
};

struct Query {
  std::string text;
  std::optional<std::string> region;  // the user's region: items of it and its ancestors
  int limit = 10;
};

class Index {
 public:
  // Opens (creating if needed) the index in `dir`.
  static std::unique_ptr<Index> open(const std::filesystem::path& dir, Synonyms synonyms);
  ~Index();

  // Brings the index up to the log: re-indexes every item and life event whose events are
  // beyond the last indexed log entry (all of them when the index is new). Returns the number
  // of records indexed. Only one thread may call it at a time.
  size_t catch_up(store::Connection& c);
  // Drops everything and indexes the tables afresh.
  size_t rebuild(store::Connection& c);
  uint64_t indexed_through() const;

  // Thread-safe.
  std::vector<Hit> search(const Query& q, store::Connection& c) const;
  // The Xapian query a text becomes (for tests and debugging).
  std::string describe_query(const std::string& text) const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Search results as the API shows them: each hit with its name, organisation, region and
// what to bring.
nlohmann::json present_hits(store::Connection& c, const std::vector<Hit>& hits);

}  // namespace sunlight::search
