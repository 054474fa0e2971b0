#include "catalog/directory.h"

#include <algorithm>

#include "catalog/catalog.h"
#include "catalog/internal/events.h"
#include "core/fields.h"
#include "core/time.h"

namespace sunlight::catalog {
namespace {

using ledger::Decision;
using ledger::Event;
using nlohmann::json;

Status not_found(const std::string& what_zh, const std::string& what_en, const std::string& id) {
  return Status(Code::kNotFound, what_zh + " " + id + " 不存在",
                what_en + " " + id + " does not exist");
}

Status conflict(std::string zh, std::string en) {
  return Status(Code::kFailedPrecondition, std::move(zh), std::move(en));
}

// Reads an optional effective date; defaults to today.
std::string effective_date(FieldReader& r) {
  auto d = r.optional_string("effective", 10);
  if (!d) return timeutil::today();
  if (!timeutil::parse_date(*d)) {
    r.error("effective", "日期格式应为 YYYY-MM-DD", "must be a date YYYY-MM-DD");
    return {};
  }
  return *d;
}

void check_region_code(FieldReader& r, const std::string& field, const std::string& code) {
  if (!code.empty() && !level_of_code(code))
    r.error(field, "不是有效的行政区划代码（6 位或 9 位数字）",
            "is not an administrative division code (6 or 9 digits)");
}

void check_uscc(FieldReader& r, const std::string& field, const std::string& code) {
  if (code.empty()) return;
  if (auto problem = uscc_problem(code))
    r.error(field, "不是有效的统一社会信用代码：" + problem->zh,
            "is not a valid unified social credit code: " + problem->en);
}

Region read_region(const store::Statement& st) {
  Region r;
  r.code = st.text(0);
  r.name = st.text(1);
  r.name_en = st.text(2);
  r.level = parse_level(st.text(3)).value_or(RegionLevel::kCounty);
  r.parent = st.text(4);
  r.active = st.int64(5) != 0;
  r.dissolved_on = st.text(6);
  r.basis = st.text(7);
  return r;
}

Organisation read_org(const store::Statement& st) {
  Organisation o;
  o.id = st.text(0);
  o.name = st.text(1);
  o.name_en = st.text(2);
  o.kind = st.text(3);
  o.region = st.text(4);
  o.parent = st.text(5);
  o.active = st.int64(6) != 0;
  o.dissolved_on = st.text(7);
  o.basis = st.text(8);
  return o;
}

constexpr const char* kRegionColumns =
    "code, name, COALESCE(name_en, ''), level, COALESCE(parent, ''), active, "
    "COALESCE(dissolved_on, ''), COALESCE(basis, '')";
constexpr const char* kOrgColumns =
    "id, name, COALESCE(name_en, ''), kind, region, COALESCE(parent, ''), active, "
    "COALESCE(dissolved_on, ''), COALESCE(basis, '')";

int count(store::Connection& c, const char* sql, const std::string& key) {
  auto st = c.cached(sql);
  st.bind(1, key);
  st.step();
  return static_cast<int>(st.int64(0));
}

std::optional<std::string> nonempty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

void record_history(store::Connection& tx, const std::string& entity, const std::string& id,
                    const ledger::Applied& e) {
  tx.cached("INSERT INTO catalog_history (entity, id, idx, type, time) VALUES (?, ?, ?, ?, ?)")
      .bind_all(entity, id, e.index, e.leaf.type, timeutil::format_rfc3339(e.leaf.time))
      .run();
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Parsing

Result<CreateRegion> parse_create_region(const json& body) {
  FieldReader r(body);
  CreateRegion c;
  c.code = r.required_string("code", 9);
  c.name = r.required_string("name", 50);
  c.name_en = r.optional_string("name_en", 100).value_or("");
  c.parent = r.optional_string("parent", 9).value_or("");
  check_region_code(r, "code", c.code);
  check_region_code(r, "parent", c.parent);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return c;
}

Result<RenameRegion> parse_rename_region(const std::string& code, const json& body) {
  FieldReader r(body);
  RenameRegion c;
  c.code = code;
  c.name = r.required_string("name", 50);
  c.name_en = r.optional_string("name_en", 100).value_or("");
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return c;
}

Result<Dissolution> parse_dissolution(const std::string& id, const json& body) {
  FieldReader r(body);
  Dissolution d;
  d.id = id;
  d.effective = effective_date(r);
  d.basis = r.required_string("basis", 500);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return d;
}

Result<CreateOrganisation> parse_create_organisation(const json& body) {
  FieldReader r(body);
  CreateOrganisation c;
  c.id = r.required_string("id", 18);
  c.name = r.required_string("name", 100);
  c.name_en = r.optional_string("name_en", 200).value_or("");
  c.kind = r.required_enum("kind", kOrganisationKinds);
  c.region = r.required_string("region", 9);
  c.parent = r.optional_string("parent", 18).value_or("");
  check_uscc(r, "id", c.id);
  check_uscc(r, "parent", c.parent);
  check_region_code(r, "region", c.region);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return c;
}

Result<RenameOrganisation> parse_rename_organisation(const std::string& id, const json& body) {
  FieldReader r(body);
  RenameOrganisation c;
  c.id = id;
  c.name = r.required_string("name", 100);
  c.name_en = r.optional_string("name_en", 200).value_or("");
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return c;
}

// ---------------------------------------------------------------------------------------
// Rules

Result<Decision> decide_create_region(const CreateRegion& cmd,
                                      const std::optional<Region>& existing,
                                      const std::optional<Region>& parent) {
  if (existing)
    return about_field(Status(Code::kAlreadyExists, "行政区划 " + cmd.code + " 已存在",
                              "region " + cmd.code + " already exists"),
                       "/code");
  auto level = level_of_code(cmd.code);
  if (!level)
    return Status::invalid_field("/code", "不是有效的行政区划代码", "not a division code");
  if (!cmd.parent.empty()) {
    if (!parent)
      return about_field(not_found("上级行政区划", "parent region", cmd.parent), "/parent");
    if (!parent->active)
      return conflict("上级行政区划 " + cmd.parent + " 已撤销",
                      "parent region " + cmd.parent + " is dissolved");
    if (static_cast<int>(parent->level) >= static_cast<int>(*level))
      return Status::invalid_field("/parent", "上级区划的层级必须高于本区划",
                                   "the parent must be at a higher level than the region");
    auto prefix = significant_prefix(cmd.parent);
    if (cmd.code.compare(0, prefix.size(), prefix) != 0)
      return Status::invalid_field(
          "/code", "代码必须以上级区划代码 " + std::string(prefix) + " 开头",
          "the code must start with the parent's prefix " + std::string(prefix));
  } else if (*level != RegionLevel::kNational && *level != RegionLevel::kProvince) {
    return Status::invalid_field("/parent", "市、县、乡级区划必须有上级区划",
                                 "a city, county or township needs a parent region");
  }
  Event e = ledger::to_event(
      internal::RegionCreated{cmd.code, cmd.name, cmd.name_en, level_name(*level), cmd.parent});
  json result = e.data_json();
  return Decision{{std::move(e)}, std::move(result)};
}

Result<Decision> decide_rename_region(const RenameRegion& cmd,
                                      const std::optional<Region>& region) {
  if (!region) return not_found("行政区划", "region", cmd.code);
  if (!region->active)
    return conflict("已撤销的行政区划不能更名", "a dissolved region cannot be renamed");
  if (region->name == cmd.name && region->name_en == cmd.name_en)
    return conflict("名称没有变化", "the name is unchanged");
  Event e = ledger::to_event(internal::RegionRenamed{cmd.code, cmd.name, cmd.name_en});
  json result = e.data_json();
  return Decision{{std::move(e)}, std::move(result)};
}

Result<Decision> decide_dissolve_region(const Dissolution& cmd, const std::optional<Region>& region,
                                        int active_children, int active_organisations) {
  if (!region) return not_found("行政区划", "region", cmd.id);
  if (!region->active) return conflict("该行政区划已撤销", "the region is already dissolved");
  if (active_children > 0)
    return conflict(
        "该区划还有 " + std::to_string(active_children) + " 个下级区划未撤销",
        "the region still has " + std::to_string(active_children) + " active subregions");
  if (active_organisations > 0)
    return conflict(
        "该区划还有 " + std::to_string(active_organisations) + " 个机构未撤销",
        "the region still has " + std::to_string(active_organisations) + " active organisations");
  Event e = ledger::to_event(internal::RegionDissolved{cmd.id, cmd.effective, cmd.basis});
  json result = e.data_json();
  return Decision{{std::move(e)}, std::move(result)};
}

Result<Decision> decide_create_organisation(const CreateOrganisation& cmd,
                                            const std::optional<Organisation>& existing,
                                            const std::optional<Region>& region,
                                            const std::optional<Organisation>& parent) {
  if (existing)
    return about_field(Status(Code::kAlreadyExists, "机构 " + cmd.id + " 已存在",
                              "organisation " + cmd.id + " already exists"),
                       "/id");
  if (!region) return about_field(not_found("行政区划", "region", cmd.region), "/region");
  if (!region->active)
    return about_field(
        conflict("行政区划 " + cmd.region + " 已撤销", "region " + cmd.region + " is dissolved"),
        "/region");
  if (!cmd.parent.empty()) {
    if (!parent)
      return about_field(not_found("上级机构", "parent organisation", cmd.parent), "/parent");
    if (!parent->active) return conflict("上级机构已撤销", "the parent organisation is dissolved");
  }
  Event e = ledger::to_event(
      internal::OrgCreated{cmd.id, cmd.name, cmd.name_en, cmd.kind, cmd.region, cmd.parent});
  json result = e.data_json();
  return Decision{{std::move(e)}, std::move(result)};
}

Result<Decision> decide_rename_organisation(const RenameOrganisation& cmd,
                                            const std::optional<Organisation>& org) {
  if (!org) return not_found("机构", "organisation", cmd.id);
  if (!org->active)
    return conflict("已撤销的机构不能更名", "a dissolved organisation cannot be renamed");
  if (org->name == cmd.name && org->name_en == cmd.name_en)
    return conflict("名称没有变化", "the name is unchanged");
  Event e = ledger::to_event(internal::OrgRenamed{cmd.id, cmd.name, cmd.name_en});
  json result = e.data_json();
  return Decision{{std::move(e)}, std::move(result)};
}

Result<Decision> decide_dissolve_organisation(const Dissolution& cmd,
                                              const std::optional<Organisation>& org,
                                              const Holdings& holds) {
  if (!org) return not_found("机构", "organisation", cmd.id);
  if (!org->active) return conflict("该机构已撤销", "the organisation is already dissolved");
  if (holds.children > 0)
    return conflict("该机构还有 " + std::to_string(holds.children) + " 个下属机构未撤销",
                    "the organisation still has " + std::to_string(holds.children) +
                        " active subordinate organisations");
  if (holds.powers > 0 || holds.items > 0)
    return conflict("该机构仍持有 " + std::to_string(holds.powers) + " 项权力、实施 " +
                        std::to_string(holds.items) + " 个服务事项；请先划转或取消",
                    "the organisation still holds " + std::to_string(holds.powers) +
                        " powers and implements " + std::to_string(holds.items) +
                        " service items; transfer or repeal them first");
  Event e = ledger::to_event(internal::OrgDissolved{cmd.id, cmd.effective, cmd.basis});
  json result = e.data_json();
  return Decision{{std::move(e)}, std::move(result)};
}

// ---------------------------------------------------------------------------------------
// Commands: load, then decide.

ledger::Decide create_region(CreateRegion cmd) {
  return [cmd = std::move(cmd)](store::Connection& c) {
    return decide_create_region(cmd, find_region(c, cmd.code),
                                cmd.parent.empty() ? std::nullopt : find_region(c, cmd.parent));
  };
}

ledger::Decide rename_region(RenameRegion cmd) {
  return [cmd = std::move(cmd)](store::Connection& c) {
    return decide_rename_region(cmd, find_region(c, cmd.code));
  };
}

ledger::Decide dissolve_region(Dissolution cmd) {
  return [cmd = std::move(cmd)](store::Connection& c) {
    return decide_dissolve_region(
        cmd, find_region(c, cmd.id),
        count(c, "SELECT COUNT(*) FROM regions WHERE parent = ? AND active = 1", cmd.id),
        count(c, "SELECT COUNT(*) FROM organisations WHERE region = ? AND active = 1", cmd.id));
  };
}

ledger::Decide create_organisation(CreateOrganisation cmd) {
  return [cmd = std::move(cmd)](store::Connection& c) {
    return decide_create_organisation(
        cmd, find_organisation(c, cmd.id), find_region(c, cmd.region),
        cmd.parent.empty() ? std::nullopt : find_organisation(c, cmd.parent));
  };
}

ledger::Decide rename_organisation(RenameOrganisation cmd) {
  return [cmd = std::move(cmd)](store::Connection& c) {
    return decide_rename_organisation(cmd, find_organisation(c, cmd.id));
  };
}

ledger::Decide dissolve_organisation(Dissolution cmd) {
  return [cmd = std::move(cmd)](store::Connection& c) {
    Holdings holds;
    holds.children =
        count(c, "SELECT COUNT(*) FROM organisations WHERE parent = ? AND active = 1", cmd.id);
    holds.powers =
        count(c, "SELECT COUNT(*) FROM powers WHERE holder = ? AND status = 'active'", cmd.id);
    holds.items =
        count(c, "SELECT COUNT(*) FROM items WHERE org = ? AND status = 'active'", cmd.id);
    return decide_dissolve_organisation(cmd, find_organisation(c, cmd.id), holds);
  };
}

// ---------------------------------------------------------------------------------------
// Queries

std::optional<Region> find_region(store::Connection& c, const std::string& code) {
  auto st = c.cached(std::string("SELECT ") + kRegionColumns + " FROM regions WHERE code = ?");
  st.bind(1, code);
  if (!st.step()) return std::nullopt;
  return read_region(st);
}

std::optional<Organisation> find_organisation(store::Connection& c, const std::string& id) {
  auto st = c.cached(std::string("SELECT ") + kOrgColumns + " FROM organisations WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_org(st);
}

std::vector<Region> list_regions(store::Connection& c, const RegionFilter& f) {
  auto st = c.cached(std::string("SELECT ") + kRegionColumns +
                     " FROM regions WHERE (?1 IS NULL OR COALESCE(parent, '') = ?1)"
                     " AND (?2 IS NULL OR level = ?2) ORDER BY code");
  st.bind(1, f.parent).bind(2, f.level);
  std::vector<Region> out;
  while (st.step()) out.push_back(read_region(st));
  return out;
}

static const char* kOrgWhere =
    " FROM organisations WHERE (?1 IS NULL OR region = ?1) AND (?2 IS NULL OR parent = ?2)"
    " AND (?3 IS NULL OR instr(name, ?3) > 0 OR instr(lower(COALESCE(name_en, '')), lower(?3)) > 0)"
    " AND (?4 = 1 OR active = 1)";

std::vector<Organisation> list_organisations(store::Connection& c, const OrganisationFilter& f) {
  auto st = c.cached(std::string("SELECT ") + kOrgColumns + kOrgWhere +
                     " ORDER BY region, id LIMIT ?5 OFFSET ?6");
  st.bind(1, f.region).bind(2, f.parent).bind(3, f.query).bind(4, f.include_dissolved ? 1 : 0);
  st.bind(5, f.limit).bind(6, f.offset);
  std::vector<Organisation> out;
  while (st.step()) out.push_back(read_org(st));
  return out;
}

int64_t count_organisations(store::Connection& c, const OrganisationFilter& f) {
  auto st = c.cached(std::string("SELECT COUNT(*)") + kOrgWhere);
  st.bind(1, f.region).bind(2, f.parent).bind(3, f.query).bind(4, f.include_dissolved ? 1 : 0);
  st.step();
  return st.int64(0);
}

std::vector<HistoryEntry> history(store::Connection& c, const std::string& entity,
                                  const std::string& id) {
  auto st = c.cached(
      "SELECT idx, type, time FROM catalog_history WHERE entity = ? AND id = ? ORDER BY idx");
  st.bind_all(entity, id);
  std::vector<HistoryEntry> out;
  while (st.step()) out.push_back({static_cast<uint64_t>(st.int64(0)), st.text(1), st.text(2)});
  return out;
}

json to_json(const Region& r) {
  json j = {{"code", r.code},
            {"name", r.name},
            {"name_en", r.name_en},
            {"level", level_name(r.level)},
            {"parent", r.parent.empty() ? json(nullptr) : json(r.parent)},
            {"active", r.active}};
  if (!r.active) {
    j["dissolved_on"] = r.dissolved_on;
    j["basis"] = r.basis;
  }
  return j;
}

json to_json(const Organisation& o) {
  json j = {{"id", o.id},           {"name", o.name},
            {"name_en", o.name_en}, {"kind", o.kind},
            {"region", o.region},   {"parent", o.parent.empty() ? json(nullptr) : json(o.parent)},
            {"active", o.active}};
  if (!o.active) {
    j["dissolved_on"] = o.dissolved_on;
    j["basis"] = o.basis;
  }
  return j;
}

// ---------------------------------------------------------------------------------------
// Tables and appliers

void register_module(ledger::Registry& registry) {
  registry.add_migrations({{"catalog", 1, R"(
    CREATE TABLE regions (
      code TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT, level TEXT NOT NULL,
      parent TEXT, active INTEGER NOT NULL, dissolved_on TEXT, basis TEXT);
    CREATE INDEX regions_parent ON regions (parent);
    CREATE TABLE organisations (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT, kind TEXT NOT NULL,
      region TEXT NOT NULL, parent TEXT, active INTEGER NOT NULL, dissolved_on TEXT, basis TEXT);
    CREATE INDEX organisations_region ON organisations (region);
    CREATE INDEX organisations_parent ON organisations (parent);
    CREATE TABLE catalog_history (
      entity TEXT NOT NULL, id TEXT NOT NULL, idx INTEGER NOT NULL, type TEXT NOT NULL,
      time TEXT NOT NULL, PRIMARY KEY (entity, id, idx));
  )"}});

  register_network(registry);

  using ledger::on;
  using Tx = store::Connection;
  using A = ledger::Applied;
  using namespace internal;
  on<RegionCreated>(registry, [](Tx& tx, const RegionCreated& ev, const A& e) {
    tx.cached(
          "INSERT INTO regions (code, name, name_en, level, parent, active) VALUES (?, ?, ?, ?, ?, "
          "1)")
        .bind_all(ev.code, ev.name, nonempty(ev.name_en), ev.level, nonempty(ev.parent))
        .run();
    record_history(tx, "region", ev.code, e);
  });
  on<RegionRenamed>(registry, [](Tx& tx, const RegionRenamed& ev, const A& e) {
    tx.cached("UPDATE regions SET name = ?, name_en = ? WHERE code = ?")
        .bind_all(ev.name, nonempty(ev.name_en), ev.code)
        .run();
    record_history(tx, "region", ev.code, e);
  });
  on<RegionDissolved>(registry, [](Tx& tx, const RegionDissolved& ev, const A& e) {
    tx.cached("UPDATE regions SET active = 0, dissolved_on = ?, basis = ? WHERE code = ?")
        .bind_all(ev.effective, ev.basis, ev.code)
        .run();
    record_history(tx, "region", ev.code, e);
  });
  on<OrgCreated>(registry, [](Tx& tx, const OrgCreated& ev, const A& e) {
    tx.cached(
          "INSERT INTO organisations (id, name, name_en, kind, region, parent, active)"
          " VALUES (?, ?, ?, ?, ?, ?, 1)")
        .bind_all(ev.id, ev.name, nonempty(ev.name_en), ev.kind, ev.region, nonempty(ev.parent))
        .run();
    record_history(tx, "org", ev.id, e);
  });
  on<OrgRenamed>(registry, [](Tx& tx, const OrgRenamed& ev, const A& e) {
    tx.cached("UPDATE organisations SET name = ?, name_en = ? WHERE id = ?")
        .bind_all(ev.name, nonempty(ev.name_en), ev.id)
        .run();
    record_history(tx, "org", ev.id, e);
  });
  on<OrgDissolved>(registry, [](Tx& tx, const OrgDissolved& ev, const A& e) {
    tx.cached("UPDATE organisations SET active = 0, dissolved_on = ?, basis = ? WHERE id = ?")
        .bind_all(ev.effective, ev.basis, ev.id)
        .run();
    record_history(tx, "org", ev.id, e);
  });
}

}  // namespace sunlight::catalog
