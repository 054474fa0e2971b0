// A catalogue kind, described once.
//
// Laws, powers, service items, life events and data resources are all published, amended and
// repealed the same way, stored the same way (a row with query columns plus the whole
// document, link tables, a version history) and listed the same way. What differs between
// them is data: a KindDescriptor. Each kind fills one in its own file under kinds/; the core
// (kind.cc) derives from the descriptor the upsert, find and list SQL, the commands, the event
// appliers and the presentation, and never switches on the kind.
//
// Adding a field to a kind touches that kind's file (its record, its column or link if a query
// needs it, its validation and presentation), its migration and docs/import-format.md.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "catalog/network.h"
#include "catalog/records.h"
#include "core/fields.h"
#include "store/store.h"

namespace sunlight::catalog::internal {

// A value bound to a column; monostate is NULL.
using ColumnValue = std::variant<std::monostate, std::string, int64_t>;

// A query column of the kind's table, computed from the record (some need the store: a
// power's region is its holder's).
struct Column {
  const char* name;
  std::function<ColumnValue(const Record&, store::Connection&)> value;
};

// How a ListFilter member narrows a list: equal to a column, or contained in it.
enum class Match { kEqual, kContains };
struct FilterColumn {
  std::optional<std::string> ListFilter::*member;
  const char* column;
  Match match = Match::kEqual;
};

// A link table: rows derived from the record (a law's articles, an item's materials),
// replaced with every version. `columns` follow the column that names the record.
struct LinkTable {
  const char* table;
  const char* key_column;
  std::vector<const char*> columns;
  std::function<std::vector<std::vector<ColumnValue>>(const Record&)> rows;
};

// Reference checks against the store, collecting every problem with the field it is at.
struct Refs {
  store::Connection& c;
  std::vector<FieldError> errors;

  void error(const std::string& field, std::string zh, std::string en);
  void org(const std::string& field, const std::string& id);
  void region(const std::string& field, const std::string& code);
  void basis(const std::string& field, const std::vector<LegalRef>& list);
  void legal(const std::string& field, const LegalRef& ref);
  void power(const std::string& field, const std::string& code);
  void licences(const std::string& field, const std::vector<Material>& materials);
  void resources(const std::string& field, const std::vector<Material>& materials);
  void items(const std::string& field, const std::vector<std::string>& codes);
};

struct KindDescriptor {
  Kind kind;
  const char* name;       // "item": event types are "<name>.published" …
  const char* doc_name;   // "service item (政务服务事项)": how docs/events.md names a record
  const char* table;      // "items": also the member that holds a list in the API
  const char* key;        // "code": the key column and the document member holding the key
  const char* path;       // "/api/v1/items": the collection's route
  const char* key_param;  // "code": the route's path parameter
  std::vector<Column> columns;
  std::vector<FilterColumn> filters;
  std::vector<LinkTable> links;
  const std::vector<std::string>* types = nullptr;  // values of ?type= (the filter on "type")
  // The record's own "effective" member is when its publication takes effect (a law's).
  bool effective_in_record = false;

  // Reads and validates a document (shapes, enums, ranges, lengths; no store), every error
  // into the reader. The reader's finish() reports unknown members.
  std::function<Record(FieldReader&)> read;
  // Checks references to other records. `licences` says whether references to other
  // items' licences are checked now or by the import's last command.
  std::function<void(Refs&, const Record&, LicenceRefs licences)> check_references;
  // What must be dealt with before the record is repealed (a power still exercised by items);
  // nullopt when nothing.
  std::function<std::optional<Status>(store::Connection&, const std::string& key)> repeal_blocker;
  // The API's views: the whole record with what a reader needs around it, and a list entry.
  std::function<nlohmann::json(store::Connection&, const RecordRow&)> present;
  std::function<nlohmann::json(store::Connection&, const RecordRow&)> summary;
  // Splits a version too large for one leaf: trims `record` and returns the continuation
  // events' data (a long law's further articles). Null for kinds that always fit.
  std::function<std::vector<ledger::Event>(nlohmann::json& record, const std::string& key,
                                           int version)>
      split;
  // Registers further event appliers the kind needs (the law's continuation events).
  std::function<void(ledger::Registry&)> register_more;
};

const KindDescriptor& law_kind();
const KindDescriptor& power_kind();
const KindDescriptor& item_kind();
const KindDescriptor& life_event_kind();
const KindDescriptor& resource_kind();
// The descriptor of `kind` (the table of the five above).
const KindDescriptor& descriptor(Kind kind);

// Shared reading helpers for the kinds' `read` --------------------------------------------

bool matches(const std::string& s, const char* pattern);
// A record code: 3-40 of letters, digits and '-' (an error at `name` otherwise).
std::string read_code(FieldReader& r, const std::string& name, const char* pattern,
                      const char* rule_zh, const char* rule_en);
LegalRef read_legal_ref(FieldReader& r);
void check_date(FieldReader& r, const std::string& name, const std::optional<std::string>& d);
void check_uscc_field(FieldReader& r, const std::string& name, const std::string& v);
// A list of distinct values from `allowed` (duplicates dropped).
std::vector<std::string> enum_list(FieldReader& r, const std::string& name,
                                   const std::vector<std::string>& allowed, bool required);

// Reads a list member as an array of objects; each element is read by `each` with its own
// reader (whose pointer prefix names the element). Elements with errors are left out.
template <typename Each>
auto object_list(FieldReader& r, const std::string& name, size_t max_items, bool required,
                 Each each) {
  using T = decltype(each(std::declval<FieldReader&>()));
  std::vector<T> out;
  const nlohmann::json* list = r.raw(name);
  if (!list) {
    if (required) r.error(name, "必填", "is required");
    return out;
  }
  if (!list->is_array()) {
    r.error(name, "必须是数组", "must be an array");
    return out;
  }
  if (list->size() > max_items) {
    r.error(name, "最多 " + std::to_string(max_items) + " 项",
            "must have at most " + std::to_string(max_items) + " items");
    return out;
  }
  for (size_t i = 0; i < list->size(); ++i) {
    FieldReader er((*list)[i], r.pointer(name) + "/" + std::to_string(i));
    T item = each(er);
    size_t before = r.errors().size();
    r.merge(er);
    if (r.errors().size() == before) out.push_back(std::move(item));
  }
  return out;
}

// Presentation helpers ------------------------------------------------------------------

std::string org_name(store::Connection& c, const std::string& id);
std::string region_name(store::Connection& c, const std::string& code);
// A legal basis list as JSON, each article with its text.
nlohmann::json basis_json(store::Connection& c, const std::vector<LegalRef>& basis);
// A column holding a string member of the record.
template <typename T>
Column text_column(const char* name, std::string T::*member) {
  return Column{name, [member](const Record& r, store::Connection&) -> ColumnValue {
                  return std::get<T>(r).*member;
                }};
}
template <typename T>
Column int_column(const char* name, int64_t T::*member) {
  return Column{name, [member](const Record& r, store::Connection&) -> ColumnValue {
                  return std::get<T>(r).*member;
                }};
}

}  // namespace sunlight::catalog::internal
