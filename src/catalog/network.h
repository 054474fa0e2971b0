// The function network (政府功能网): laws with their articles, powers (权责清单), service items
// (政务服务事项) and life events (一件事).
//
// Each record is a typed value (catalog/records.h), kept whole as its validated JSON document
// (the import format of docs/import-format.md) plus the columns and link tables that queries
// and analyses need. Every record is published, amended (a new version with a stated basis
// and effective date) and repealed (kept, marked repealed) by commands; every version is an
// event on the log, so any record's history can be proved. What differs between the five
// kinds is described once per kind (catalog/internal/kind.h, one file each under kinds/).
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/records.h"
#include "core/status.h"
#include "ledger/sequencer.h"
#include "store/store.h"

namespace sunlight::catalog {

// The kinds of record, in the order of the alternatives of catalog::Record.
enum class Kind { kLaw, kPower, kItem, kLifeEvent, kResource };
inline constexpr Kind kAllKinds[] = {Kind::kLaw, Kind::kPower, Kind::kItem, Kind::kLifeEvent,
                                     Kind::kResource};

const char* kind_name(Kind k);  // "law", "power", "item", "life_event", "resource"
// "laws", "powers", "items", "life_events", "data_resources" (the tables)
const char* plural_name(Kind k);
// Where a kind lives in the API: its collection ("/api/v1/items"), the path parameter that
// names one record ("code"), and the values its ?type= filter takes (none: nullptr).
struct KindRoutes {
  const char* path;
  const char* key_param;
  const std::vector<std::string>* types;
};
KindRoutes kind_routes(Kind k);

inline const std::vector<std::string> kSharingClasses = {"unconditional", "conditional", "none"};
std::optional<Kind> parse_kind(std::string_view name);

inline const std::vector<std::string> kLawLevels = {"law",
                                                    "administrative_regulation",
                                                    "local_regulation",
                                                    "department_rule",
                                                    "local_government_rule",
                                                    "normative_document"};
inline const std::vector<std::string> kPowerTypes = {
    "licensing",    "penalty", "enforcement",  "levy",  "benefit",       "inspection",
    "confirmation", "reward",  "adjudication", "other", "public_service"};
const char* power_type_zh(std::string_view type);  // 行政许可 …
const char* law_level_zh(std::string_view level);  // 法律 …

// Validates a record document of `kind` without touching the store: shapes, enums, ranges,
// lengths. Returns the normalised document (defaults filled in, members in a fixed form).
Result<nlohmann::json> validate_record(Kind kind, const nlohmann::json& doc);
// A validated document of `kind` as its typed record.
Record record_of(Kind kind, const nlohmann::json& doc);
// The record's key: a law's or data resource's id, a power's, item's or life event's code.
std::string record_key(Kind kind, const nlohmann::json& doc);

// Whether references that point at other service items' outputs ("licence" materials) are
// checked at once or later: an import checks them after every record of the import is in,
// so two items may require each other (that is a defect the analyses report, not an input
// error).
enum class LicenceRefs { kCheckNow, kDefer };

struct PublishCommand {
  Kind kind;
  nlohmann::json doc;     // validated
  std::string effective;  // YYYY-MM-DD
  LicenceRefs licence_refs = LicenceRefs::kCheckNow;
};
struct AmendCommand {
  Kind kind;
  std::string key;
  nlohmann::json doc;  // the whole new version, validated
  std::string effective;
  std::string basis;  // why: the decision or legal basis of the change
};
struct RepealCommand {
  Kind kind;
  std::string key;
  std::string effective;
  std::string basis;
};

// Body parsing. A publish body is the record itself, optionally with "effective".
Result<PublishCommand> parse_publish(Kind kind, const nlohmann::json& body);
// An amend body: {"record": {...}, "effective"?, "basis"}.
Result<AmendCommand> parse_amend(Kind kind, const std::string& key, const nlohmann::json& body);
// A repeal body: {"effective"?, "basis"}.
Result<RepealCommand> parse_repeal(Kind kind, const std::string& key, const nlohmann::json& body);

ledger::Decide publish(PublishCommand cmd);
ledger::Decide amend(AmendCommand cmd);
ledger::Decide repeal(RepealCommand cmd);
// Checks that every deferred "licence" material refers to an existing item's catalog code
// (the last command of an import). Errors name the record by its key.
ledger::Decide check_licence_references(std::vector<std::string> item_codes);

// Queries ------------------------------------------------------------------------------

struct RecordRow {
  Kind kind;
  std::string key;
  std::string status;  // "active" or "repealed"
  int version = 1;
  std::string effective;
  nlohmann::json doc;  // the record's JSON form, for presentation and export
  Record record;       // the same, typed, for rules

  bool active() const { return status == "active"; }
  const Law& law() const { return std::get<Law>(record); }
  const Power& power() const { return std::get<Power>(record); }
  const ServiceItem& item() const { return std::get<ServiceItem>(record); }
  const LifeEvent& life_event() const { return std::get<LifeEvent>(record); }
  const DataResource& resource() const { return std::get<DataResource>(record); }
};
std::optional<RecordRow> find_record(store::Connection& c, Kind kind, const std::string& key);
// The same, for hot paths (applications, access decisions): kept per thread while the
// catalog stamp is unchanged; nullptr when absent.
std::shared_ptr<const RecordRow> find_record_shared(store::Connection& c, Kind kind,
                                                    const std::string& key);

// The catalog stamp: a random number that a trigger replaces, in the same transaction, on any
// change to the catalog's tables (directory and network), so a rollback restores it. Two
// reads that see the same stamp see the same catalog.
int64_t catalog_stamp(store::Connection& c);

// What `load` derives from the catalog for `key`, remembered per thread while the catalog
// stamp `c` sees is unchanged. `space` keeps different derivations apart.
std::shared_ptr<const void> memo_catalog_erased(
    store::Connection& c, std::string_view space, const std::string& key,
    const std::function<std::shared_ptr<const void>()>& load);
template <class T, class Load>
std::shared_ptr<const T> memo_catalog(store::Connection& c, std::string_view space,
                                      const std::string& key, Load&& load) {
  return std::static_pointer_cast<const T>(
      memo_catalog_erased(c, space, key, [&]() -> std::shared_ptr<const void> { return load(); }));
}

// An error at `pointer`/<i> for each of `fields` the data resource lacks.
std::vector<FieldError> unknown_fields(const DataResource& resource,
                                       const std::vector<std::string>& fields,
                                       const std::string& pointer);

struct ListFilter {
  std::optional<std::string> region;  // powers (holder's region), items, life events
  std::optional<std::string> org;     // power holder / item implementing org / lead org
  std::optional<std::string> type;    // power or item type; law level
  std::optional<std::string> catalog_code;
  std::optional<std::string> query;  // part of the name
  std::optional<std::string> power;  // items exercising this power
  bool include_repealed = false;
  int limit = 100;
  int offset = 0;
};
std::vector<RecordRow> list_records(store::Connection& c, Kind kind, const ListFilter& f);
int64_t count_records(store::Connection& c, Kind kind, const ListFilter& f);

struct Version {
  int version;
  uint64_t index;
  std::string type;  // event type
  std::string time;
  std::string effective;
  std::string basis;
  nlohmann::json doc;    // null for a repeal
  nlohmann::json actor;  // who: {"officer", "org"} or {"system"}
};
std::vector<Version> versions(store::Connection& c, Kind kind, const std::string& key);

// An article of a law, for showing a legal basis with its text.
struct ArticleRef {
  std::string law;
  int article = 0;
  std::string law_title;
  std::string text;
  std::string text_kind;  // "quote" or "summary"
  bool law_in_force = true;
  bool invented = false;
};
std::optional<ArticleRef> find_article(store::Connection& c, const std::string& law, int article);
// The basis list of a document with each article's text.
nlohmann::json basis_with_text(store::Connection& c, const nlohmann::json& basis);

// The API's views of a record: the whole record with what a reader needs around it (names of
// organisations and regions, the text of its legal basis, linked records), and a list entry.
nlohmann::json present_record(store::Connection& c, const RecordRow& row);
nlohmann::json summarise_record(store::Connection& c, const RecordRow& row);

void register_network(ledger::Registry& registry);

}  // namespace sunlight::catalog
