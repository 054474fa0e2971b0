// The catalogue core: from a kind's descriptor (kind.h) it derives the commands that
// publish, amend and repeal records, their appliers, and the find and list queries. Nothing
// here knows which kind it is working on.
#include "catalog/internal/kind.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>
#include <utility>

#include "catalog/internal/events.h"
#include "core/time.h"

namespace sunlight::catalog {
namespace internal {

const KindDescriptor& descriptor(Kind kind) {
  static const KindDescriptor* const table[] = {&law_kind(), &power_kind(), &item_kind(),
                                                &life_event_kind(), &resource_kind()};
  const auto* d = table[static_cast<size_t>(kind)];
  assert(d->kind == kind);
  return *d;
}

}  // namespace internal

namespace {

using internal::ColumnValue;
using internal::descriptor;
using internal::KindDescriptor;
using internal::RecordRepealed;
using internal::RecordVersioned;
using ledger::Decision;
using ledger::Event;
using nlohmann::json;

void bind_value(store::Statement& st, int i, const ColumnValue& v) {
  std::visit(
      [&](const auto& x) {
        if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::monostate>)
          st.bind(i, std::nullopt);
        else
          st.bind(i, x);
      },
      v);
}

std::string event_type(const KindDescriptor& d, const char* verb) {
  return std::string(d.name) + "." + verb;
}

Status not_found_record(const KindDescriptor& d, const std::string& key) {
  return Status(Code::kNotFound, std::string(d.name) + " " + key + " 不存在",
                std::string(d.name) + " " + key + " does not exist");
}

// The record of a document as stored, typed: the alternative of Record whose index is the kind.
template <size_t... I>
Record typed_alternative(size_t index, const json& doc, std::index_sequence<I...>) {
  using Read = Record (*)(const json&);
  static constexpr Read read[] = {
      [](const json& d) -> Record { return d.get<std::variant_alternative_t<I, Record>>(); }...};
  return read[index](doc);
}
Record typed(const KindDescriptor& d, const json& doc) {
  return typed_alternative(static_cast<size_t>(d.kind), doc,
                           std::make_index_sequence<std::variant_size_v<Record>>());
}

// --- SQL derived from the descriptor ----------------------------------------------------

std::string select_sql(const KindDescriptor& d) {
  return std::string("SELECT ") + d.key + ", status, version, effective, doc FROM " + d.table;
}

std::string upsert_sql(const KindDescriptor& d) {
  std::string cols = d.key, values = "?", updates;
  for (const auto& c : d.columns) {
    cols += std::string(", ") + c.name;
    values += ", ?";
    updates += std::string(c.name) + " = excluded." + c.name + ", ";
  }
  return "INSERT INTO " + std::string(d.table) + " (" + cols +
         ", status, version, effective, doc) VALUES (" + values +
         ", 'active', ?, ?, ?) ON CONFLICT (" + d.key + ") DO UPDATE SET " + updates +
         "version = excluded.version, effective = excluded.effective, doc = excluded.doc";
}

// The WHERE clause for the filters that are set, and the values to bind in order.
struct Where {
  std::string sql;
  std::vector<std::string> values;
};
Where list_where(const KindDescriptor& d, const ListFilter& f) {
  Where w{" FROM " + std::string(d.table) + " WHERE 1", {}};
  for (const auto& fc : d.filters) {
    const auto& v = f.*(fc.member);
    if (!v) continue;
    w.sql += fc.match == internal::Match::kEqual
                 ? std::string(" AND ") + fc.column + " = ?"
                 : std::string(" AND instr(") + fc.column + ", ?) > 0";
    w.values.push_back(*v);
  }
  if (!f.include_repealed) w.sql += " AND status = 'active'";
  return w;
}

RecordRow read_row(const KindDescriptor& d, const store::Statement& st) {
  RecordRow r{d.kind,     st.text(0),
              st.text(1), static_cast<int>(st.int64(2)),
              st.text(3), json::parse(st.text(4)),
              Record{}};
  r.record = typed(d, r.doc);
  return r;
}

// --- events ---------------------------------------------------------------------------

// The events that publish or amend a record: one, or for a record too large for one leaf
// one plus its continuations.
std::vector<Event> version_events(const KindDescriptor& d, const char* verb, const std::string& key,
                                  int version, json doc, const std::string& effective,
                                  const std::string& basis) {
  std::vector<Event> more;
  if (d.split) more = d.split(doc, key, version);
  RecordVersioned ev;
  ev.key = key;
  ev.version = version;
  ev.effective = effective;
  if (!basis.empty()) ev.basis = basis;
  ev.record = std::move(doc);
  std::vector<Event> events;
  events.push_back(ledger::to_event(ev, event_type(d, verb)));
  for (auto& e : more) events.push_back(std::move(e));
  return events;
}

void record_version(store::Connection& tx, const KindDescriptor& d, const std::string& key,
                    int version, const ledger::Applied& e, const std::string& effective,
                    const std::string& basis, const std::optional<json>& doc) {
  tx.cached(
        "INSERT INTO record_versions (kind, key, version, idx, type, time, effective, basis, doc, "
        "actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(d.name, key, version, e.index, e.leaf.type, timeutil::format_rfc3339(e.leaf.time),
                effective, basis, doc ? doc->dump() : std::string(), e.leaf.actor.to_json().dump())
      .run();
}

void write_links(store::Connection& tx, const KindDescriptor& d, const std::string& key,
                 const Record& record) {
  for (const auto& link : d.links) {
    tx.cached(std::string("DELETE FROM ") + link.table + " WHERE " + link.key_column + " = ?")
        .bind(1, key)
        .run();
    std::string cols = link.key_column, marks = "?";
    for (const char* c : link.columns) {
      cols += std::string(", ") + c;
      marks += ", ?";
    }
    std::string sql =
        std::string("INSERT INTO ") + link.table + " (" + cols + ") VALUES (" + marks + ")";
    for (const auto& row : link.rows(record)) {
      assert(row.size() == link.columns.size());
      auto st = tx.cached(sql);
      st.bind(1, key);
      for (size_t i = 0; i < row.size(); ++i) bind_value(st, static_cast<int>(i + 2), row[i]);
      st.run();
    }
  }
}

void apply_version(const KindDescriptor& d, store::Connection& tx, const RecordVersioned& ev,
                   const ledger::Applied& e) {
  Record record = typed(d, ev.record);
  auto st = tx.cached(upsert_sql(d));
  int i = 0;
  st.bind(++i, ev.key);
  for (const auto& c : d.columns) bind_value(st, ++i, c.value(record, tx));
  st.bind(i + 1, ev.version).bind(i + 2, ev.effective).bind(i + 3, ev.record.dump());
  st.run();
  write_links(tx, d, ev.key, record);
  record_version(tx, d, ev.key, static_cast<int>(ev.version), e, ev.effective,
                 ev.basis.value_or(""), ev.record);
}

void apply_repeal(const KindDescriptor& d, store::Connection& tx, const RecordRepealed& ev,
                  const ledger::Applied& e) {
  tx.cached(std::string("UPDATE ") + d.table + " SET status = 'repealed', version = ? WHERE " +
            d.key + " = ?")
      .bind_all(ev.version, ev.key)
      .run();
  record_version(tx, d, ev.key, static_cast<int>(ev.version), e, ev.effective, ev.basis,
                 std::nullopt);
}

Result<std::string> effective_of(FieldReader& r) {
  auto d = r.optional_string("effective", 10);
  if (d && !timeutil::parse_date(*d))
    r.error("effective", "日期格式应为 YYYY-MM-DD", "must be a date YYYY-MM-DD");
  return d.value_or(timeutil::today());
}

// Reads a record of `d` from `doc`, every error naming its member.
Result<Record> read_record(const KindDescriptor& d, const json& doc) {
  FieldReader r(doc);
  Record record = d.read(r);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return record;
}

std::vector<FieldError> references(store::Connection& c, const KindDescriptor& d,
                                   const Record& record, LicenceRefs licences) {
  internal::Refs refs{c, {}};
  if (d.check_references) d.check_references(refs, record, licences);
  return std::move(refs.errors);
}

}  // namespace

// --- names -----------------------------------------------------------------------------

const char* kind_name(Kind k) { return descriptor(k).name; }
const char* plural_name(Kind k) { return descriptor(k).table; }

KindRoutes kind_routes(Kind k) {
  const auto& d = descriptor(k);
  return KindRoutes{d.path, d.key_param, d.types};
}

std::optional<Kind> parse_kind(std::string_view name) {
  for (auto k : kAllKinds)
    if (name == kind_name(k)) return k;
  return std::nullopt;
}

// --- validation and parsing ---------------------------------------------------------------

Result<json> validate_record(Kind kind, const json& doc) {
  SUNLIGHT_ASSIGN_OR_RETURN(auto record, read_record(descriptor(kind), doc));
  json out;
  to_json(out, record);
  return out;
}

Record record_of(Kind kind, const json& doc) { return typed(descriptor(kind), doc); }

std::string record_key(Kind kind, const json& doc) {
  return doc.value(descriptor(kind).key, std::string());
}

Result<PublishCommand> parse_publish(Kind kind, const json& body) {
  json record = body;
  std::string effective = timeutil::today();
  if (descriptor(kind).effective_in_record) {
    SUNLIGHT_ASSIGN_OR_RETURN(auto doc, validate_record(kind, record));
    if (doc.contains("effective")) effective = doc.at("effective");
    return PublishCommand{kind, std::move(doc), effective};
  }
  if (body.is_object() && body.contains("effective")) {
    json effective_only = {{"effective", body["effective"]}};
    FieldReader r(effective_only);
    auto e = effective_of(r);
    SUNLIGHT_RETURN_IF_ERROR(r.finish());
    effective = *e;
    record.erase("effective");
  }
  SUNLIGHT_ASSIGN_OR_RETURN(auto doc, validate_record(kind, record));
  return PublishCommand{kind, std::move(doc), effective};
}

Result<AmendCommand> parse_amend(Kind kind, const std::string& key, const json& body) {
  FieldReader r(body);
  const json* record = r.object("record", true);
  auto effective = effective_of(r);
  auto basis = r.required_string("basis", 500);
  std::optional<json> doc;
  if (record) {
    auto v = validate_record(kind, *record);
    if (!v.is_ok()) {
      for (const auto& e : v.status().errors())
        r.errors().push_back(FieldError{"/record" + e.field, e.message_zh, e.message_en});
    } else {
      doc = std::move(v).value();
      if (record_key(kind, *doc) != key)
        r.error("record", "记录的编码必须与地址中的 " + key + " 一致",
                "the record's key must be " + key + ", as in the URL");
    }
  }
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return AmendCommand{kind, key, std::move(*doc), *effective, basis};
}

Result<RepealCommand> parse_repeal(Kind kind, const std::string& key, const json& body) {
  FieldReader r(body);
  auto effective = effective_of(r);
  auto basis = r.required_string("basis", 500);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return RepealCommand{kind, key, *effective, basis};
}

// --- commands ---------------------------------------------------------------------------

ledger::Decide publish(PublishCommand cmd) {
  return [cmd = std::move(cmd)](store::Connection& c) -> Result<Decision> {
    const auto& d = descriptor(cmd.kind);
    std::string key = record_key(cmd.kind, cmd.doc);
    if (find_record(c, cmd.kind, key))
      return Status(Code::kAlreadyExists, std::string(d.name) + " " + key + " 已存在",
                    std::string(d.name) + " " + key + " already exists");
    auto errors = references(c, d, typed(d, cmd.doc), cmd.licence_refs);
    if (!errors.empty()) return Status::invalid(std::move(errors));
    json result = {{"kind", d.name}, {"key", key}, {"version", 1}, {"effective", cmd.effective}};
    return Decision{version_events(d, "published", key, 1, cmd.doc, cmd.effective, ""), result};
  };
}

ledger::Decide amend(AmendCommand cmd) {
  return [cmd = std::move(cmd)](store::Connection& c) -> Result<Decision> {
    const auto& d = descriptor(cmd.kind);
    auto current = find_record(c, cmd.kind, cmd.key);
    if (!current) return not_found_record(d, cmd.key);
    if (!current->active())
      return Status(Code::kFailedPrecondition, "已取消的记录不能修改",
                    "a repealed record cannot be amended");
    if (current->doc == cmd.doc)
      return Status(Code::kFailedPrecondition, "内容没有变化", "the record is unchanged");
    auto errors = references(c, d, typed(d, cmd.doc), LicenceRefs::kCheckNow);
    if (!errors.empty()) return Status::invalid(std::move(errors));
    int version = current->version + 1;
    json result = {
        {"kind", d.name}, {"key", cmd.key}, {"version", version}, {"effective", cmd.effective}};
    return Decision{
        version_events(d, "amended", cmd.key, version, cmd.doc, cmd.effective, cmd.basis), result};
  };
}

ledger::Decide repeal(RepealCommand cmd) {
  return [cmd = std::move(cmd)](store::Connection& c) -> Result<Decision> {
    const auto& d = descriptor(cmd.kind);
    auto current = find_record(c, cmd.kind, cmd.key);
    if (!current) return not_found_record(d, cmd.key);
    if (!current->active())
      return Status(Code::kFailedPrecondition, "该记录已取消", "the record is already repealed");
    if (d.repeal_blocker)
      if (auto blocked = d.repeal_blocker(c, cmd.key)) return *blocked;
    int version = current->version + 1;
    RecordRepealed ev{cmd.key, cmd.effective, cmd.basis, version};
    json result = {
        {"kind", d.name}, {"key", cmd.key}, {"version", version}, {"status", "repealed"}};
    return Decision{{ledger::to_event(ev, event_type(d, "repealed"))}, result};
  };
}

ledger::Decide check_licence_references(std::vector<std::string> item_codes) {
  return [codes = std::move(item_codes)](store::Connection& c) -> Result<Decision> {
    std::vector<FieldError> errors;
    for (const auto& code : codes) {
      auto item = find_record(c, Kind::kItem, code);
      if (!item) continue;
      internal::Refs refs{c, {}};
      refs.licences("/materials", item->item().materials);
      for (auto& e : refs.errors)
        errors.push_back(FieldError{code + e.field, e.message_zh, e.message_en});
    }
    if (!errors.empty()) return Status::invalid(std::move(errors));
    return Decision{};
  };
}

// --- queries ----------------------------------------------------------------------------

std::optional<RecordRow> find_record(store::Connection& c, Kind kind, const std::string& key) {
  const auto& d = descriptor(kind);
  auto st = c.cached(select_sql(d) + " WHERE " + d.key + " = ?");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return read_row(d, st);
}

std::vector<RecordRow> list_records(store::Connection& c, Kind kind, const ListFilter& f) {
  const auto& d = descriptor(kind);
  auto w = list_where(d, f);
  auto st = c.cached(std::string("SELECT ") + d.key + ", status, version, effective, doc" + w.sql +
                     " ORDER BY " + d.key + " LIMIT ? OFFSET ?");
  int i = 0;
  for (const auto& v : w.values) st.bind(++i, v);
  st.bind(i + 1, f.limit).bind(i + 2, f.offset);
  std::vector<RecordRow> out;
  while (st.step()) out.push_back(read_row(d, st));
  return out;
}

int64_t count_records(store::Connection& c, Kind kind, const ListFilter& f) {
  auto w = list_where(descriptor(kind), f);
  auto st = c.cached("SELECT COUNT(*)" + w.sql);
  int i = 0;
  for (const auto& v : w.values) st.bind(++i, v);
  st.step();
  return st.int64(0);
}

std::vector<Version> versions(store::Connection& c, Kind kind, const std::string& key) {
  auto st = c.cached(
      "SELECT version, idx, type, time, effective, basis, doc, actor FROM record_versions"
      " WHERE kind = ? AND key = ? ORDER BY version, idx");
  st.bind_all(kind_name(kind), key);
  std::vector<Version> out;
  while (st.step()) {
    Version v{static_cast<int>(st.int64(0)),
              static_cast<uint64_t>(st.int64(1)),
              st.text(2),
              st.text(3),
              st.text(4),
              st.text(5),
              nullptr,
              json::parse(st.text(7))};
    auto doc = st.text(6);
    if (!doc.empty()) v.doc = json::parse(doc);
    out.push_back(std::move(v));
  }
  return out;
}

json present_record(store::Connection& c, const RecordRow& row) {
  json out = descriptor(row.kind).present(c, row);
  out["status"] = row.status;
  out["version"] = row.version;
  out["effective"] = row.effective;
  return out;
}

json summarise_record(store::Connection& c, const RecordRow& row) {
  json out = descriptor(row.kind).summary(c, row);
  out["status"] = row.status;
  out["version"] = row.version;
  for (const char* key : {"name_en", "title_en"})
    if (row.doc.contains(key)) out[key] = row.doc.at(key);
  return out;
}

std::vector<FieldError> unknown_fields(const DataResource& resource,
                                       const std::vector<std::string>& fields,
                                       const std::string& pointer) {
  auto names = resource.field_names();
  std::vector<FieldError> errors;
  for (size_t i = 0; i < fields.size(); ++i)
    if (std::find(names.begin(), names.end(), fields[i]) == names.end())
      errors.push_back({pointer + "/" + std::to_string(i), "不是该数据资源的字段",
                        "is not a field of the data resource"});
  return errors;
}

// --- registration ------------------------------------------------------------------------

void register_network(ledger::Registry& registry) {
  registry.add_migrations({{"catalog", 2, R"(
    CREATE TABLE laws (
      id TEXT PRIMARY KEY, title TEXT NOT NULL, title_en TEXT, level TEXT NOT NULL, issuer TEXT,
      invented INTEGER NOT NULL, status TEXT NOT NULL, version INTEGER NOT NULL, effective TEXT,
      doc TEXT NOT NULL);
    CREATE TABLE law_articles (
      law TEXT NOT NULL, number INTEGER NOT NULL, text TEXT NOT NULL, text_kind TEXT NOT NULL,
      PRIMARY KEY (law, number));
    CREATE TABLE powers (
      code TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, holder TEXT NOT NULL,
      region TEXT, object TEXT, status TEXT NOT NULL, version INTEGER NOT NULL, effective TEXT,
      doc TEXT NOT NULL);
    CREATE INDEX powers_holder ON powers (holder);
    CREATE INDEX powers_region ON powers (region, type);
    CREATE TABLE power_basis (
      power TEXT NOT NULL, seq INTEGER NOT NULL, law TEXT NOT NULL, article INTEGER NOT NULL,
      PRIMARY KEY (power, seq));
    CREATE INDEX power_basis_article ON power_basis (law, article);
    CREATE TABLE items (
      code TEXT PRIMARY KEY, catalog_code TEXT NOT NULL, name TEXT NOT NULL, name_en TEXT,
      region TEXT NOT NULL, org TEXT NOT NULL, competent_org TEXT, power TEXT, type TEXT NOT NULL,
      status TEXT NOT NULL, version INTEGER NOT NULL, effective TEXT, statutory_days INTEGER,
      promised_days INTEGER, visits INTEGER, online_depth INTEGER, fee_fen INTEGER, materials INTEGER,
      doc TEXT NOT NULL);
    CREATE INDEX items_catalog ON items (catalog_code);
    CREATE INDEX items_region ON items (region);
    CREATE INDEX items_org ON items (org);
    CREATE INDEX items_power ON items (power);
    CREATE TABLE item_basis (
      item TEXT NOT NULL, seq INTEGER NOT NULL, law TEXT NOT NULL, article INTEGER NOT NULL,
      PRIMARY KEY (item, seq));
    CREATE TABLE item_materials (
      item TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, required INTEGER NOT NULL,
      kind TEXT NOT NULL, ref TEXT, trust TEXT, fields TEXT, PRIMARY KEY (item, seq));
    CREATE INDEX item_materials_ref ON item_materials (kind, ref);
    CREATE TABLE life_events (
      code TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL, lead_org TEXT NOT NULL,
      status TEXT NOT NULL, version INTEGER NOT NULL, effective TEXT, doc TEXT NOT NULL);
    CREATE TABLE life_event_items (
      life_event TEXT NOT NULL, seq INTEGER NOT NULL, item TEXT NOT NULL,
      PRIMARY KEY (life_event, seq));
    CREATE INDEX life_event_items_item ON life_event_items (item);
    CREATE TABLE record_versions (
      kind TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, idx INTEGER NOT NULL,
      type TEXT NOT NULL, time TEXT NOT NULL, effective TEXT, basis TEXT, doc TEXT, actor TEXT NOT NULL,
      PRIMARY KEY (kind, key, version, idx));
  )"}});
  registry.add_migrations({{"catalog", 3, R"(
    CREATE TABLE data_resources (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, holder TEXT NOT NULL, subject TEXT NOT NULL,
      sharing TEXT NOT NULL, open TEXT NOT NULL, status TEXT NOT NULL, version INTEGER NOT NULL,
      effective TEXT, doc TEXT NOT NULL);
  )"}});
  // The catalog stamp (see catalog_stamp): replaced, in the same transaction, by any change
  // to a table that catalog reads depend on.
  std::string stamp_sql =
      "CREATE TABLE catalog_stamp (one INTEGER PRIMARY KEY CHECK (one = 1), stamp INTEGER NOT "
      "NULL);\n"
      "INSERT INTO catalog_stamp VALUES (1, random());\n";
  for (const char* table :
       {"regions", "organisations", "laws", "law_articles", "powers", "power_basis", "items",
        "item_basis", "item_materials", "life_events", "life_event_items", "data_resources"})
    for (const char* op : {"INSERT", "UPDATE", "DELETE"})
      stamp_sql += std::string("CREATE TRIGGER ") + table + "_stamp_" + op + " AFTER " + op +
                   " ON " + table + " BEGIN UPDATE catalog_stamp SET stamp = random(); END;\n";
  registry.add_migrations({{"catalog", 4, stamp_sql}});
  // A random cache key, not state: a rebuilt store has its own.
  registry.keep_on_rebuild("catalog_stamp");
  for (auto kind : kAllKinds) {
    const auto& d = descriptor(kind);
    for (const char* verb : {"published", "amended"})
      ledger::on<RecordVersioned>(
          registry,
          [&d](store::Connection& tx, const RecordVersioned& ev, const ledger::Applied& e) {
            apply_version(d, tx, ev, e);
          },
          event_type(d, verb), std::string("a ") + d.doc_name + " was " + verb);
    ledger::on<RecordRepealed>(
        registry,
        [&d](store::Connection& tx, const RecordRepealed& ev, const ledger::Applied& e) {
          apply_repeal(d, tx, ev, e);
        },
        event_type(d, "repealed"), std::string("a ") + d.doc_name + " was repealed");
    if (d.register_more) d.register_more(registry);
  }
}

}  // namespace sunlight::catalog
