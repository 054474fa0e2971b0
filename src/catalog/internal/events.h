// The catalog module's event types: the directory (regions, organisations) and the versions of
// the catalogue's records (laws, powers, service items, life events, data resources). See
// ledger/event_type.h for how a field list becomes the leaf, the parser and the docs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/event_type.h"

namespace sunlight::catalog::internal {

using ledger::data;

struct RegionCreated {
  static constexpr const char* kType = "region.created";
  static constexpr const char* kDoc = "a region (行政区划) was created";
  std::string code, name, name_en, level, parent;
  static constexpr auto fields() {
    using E = RegionCreated;
    return std::tuple{
        data("code", &E::code, "the GB/T 2260 code"), data("name", &E::name, ""),
        data("name_en", &E::name_en, "empty when not given"),
        data("level", &E::level, "`national`, `province`, `city`, `county`, `township`"),
        data("parent", &E::parent, "the parent region's code; empty for the top")};
  }
};

struct RegionRenamed {
  static constexpr const char* kType = "region.renamed";
  static constexpr const char* kDoc = "a region was renamed";
  std::string code, name, name_en;
  static constexpr auto fields() {
    using E = RegionRenamed;
    return std::tuple{data("code", &E::code, ""), data("name", &E::name, ""),
                      data("name_en", &E::name_en, "")};
  }
};

// region.dissolved and org.dissolved: `key` is the region's `code` or the organisation's `id`.
struct RegionDissolved {
  static constexpr const char* kType = "region.dissolved";
  static constexpr const char* kDoc =
      "a region was dissolved (only once it has no active subregions or organisations)";
  std::string code, effective, basis;
  static constexpr auto fields() {
    using E = RegionDissolved;
    return std::tuple{data("code", &E::code, ""), data("effective", &E::effective, "date"),
                      data("basis", &E::basis, "the legal basis")};
  }
};

struct OrgCreated {
  static constexpr const char* kType = "org.created";
  static constexpr const char* kDoc = "an organisation was created";
  std::string id, name, name_en, kind, region, parent;
  static constexpr auto fields() {
    using E = OrgCreated;
    return std::tuple{data("id", &E::id, "unified social credit code"),
                      data("name", &E::name, ""),
                      data("name_en", &E::name_en, "empty when not given"),
                      data("kind", &E::kind, "government, department, …"),
                      data("region", &E::region, "the region code"),
                      data("parent", &E::parent, "the parent organisation; empty for none")};
  }
};

struct OrgRenamed {
  static constexpr const char* kType = "org.renamed";
  static constexpr const char* kDoc = "an organisation was renamed";
  std::string id, name, name_en;
  static constexpr auto fields() {
    using E = OrgRenamed;
    return std::tuple{data("id", &E::id, ""), data("name", &E::name, ""),
                      data("name_en", &E::name_en, "")};
  }
};

struct OrgDissolved {
  static constexpr const char* kType = "org.dissolved";
  static constexpr const char* kDoc =
      "an organisation was dissolved (only once it has no active subordinates, powers or "
      "service items)";
  std::string id, effective, basis;
  static constexpr auto fields() {
    using E = OrgDissolved;
    return std::tuple{data("id", &E::id, ""), data("effective", &E::effective, "date"),
                      data("basis", &E::basis, "the legal basis")};
  }
};

// <kind>.published and <kind>.amended, for every record kind.
struct RecordVersioned {
  std::string key, effective;
  int64_t version = 0;
  std::optional<std::string> basis;
  nlohmann::json record;
  static constexpr auto fields() {
    using E = RecordVersioned;
    return std::tuple{data("key", &E::key, "the record's key"),
                      data("version", &E::version, "1 when published, then one more per change"),
                      data("effective", &E::effective, "the date it takes effect"),
                      data("basis", &E::basis, "an amendment's legal basis"),
                      data("record", &E::record, "the whole record; see docs/function-network.md")};
  }
};

// <kind>.repealed.
struct RecordRepealed {
  std::string key, effective, basis;
  int64_t version = 0;
  static constexpr auto fields() {
    using E = RecordRepealed;
    return std::tuple{data("key", &E::key, "the record's key"),
                      data("version", &E::version, "the version the repeal makes"),
                      data("effective", &E::effective, "the date it takes effect"),
                      data("basis", &E::basis, "the legal basis")};
  }
};

struct LawArticlesAdded {
  static constexpr const char* kType = "law.articles_added";
  static constexpr const char* kDoc =
      "more articles of a law too long for one leaf (follows its law.published or law.amended)";
  std::string key;
  int64_t version = 0;
  nlohmann::json articles;
  static constexpr auto fields() {
    using E = LawArticlesAdded;
    return std::tuple{data("key", &E::key, "the law"), data("version", &E::version, "its version"),
                      data("articles", &E::articles, "the articles, in order")};
  }
};

}  // namespace sunlight::catalog::internal
