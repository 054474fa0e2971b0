#include "app/export.h"

#include <fstream>
#include <set>

#include "catalog/directory.h"
#include "catalog/network.h"
#include "core/json.h"

namespace sunlight::app {

Result<std::map<std::string, uint64_t>> export_directory(
    store::Connection& c, const std::filesystem::path& dir,
    const std::function<void(uint64_t, uint64_t)>& progress) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return Status::invalid_field(dir.string(), "无法创建目录",
                                 "cannot create the directory: " + ec.message());
  store::Transaction snapshot(c, false);  // one consistent view
  std::map<std::string, uint64_t> counts;
  uint64_t total = 0, done = 0;
  {
    auto st = c.prepare(
        "SELECT (SELECT COUNT(*) FROM regions WHERE active = 1) + (SELECT COUNT(*) FROM "
        "organisations WHERE active = 1)"
        " + (SELECT COUNT(*) FROM laws WHERE status = 'active') + (SELECT COUNT(*) FROM powers "
        "WHERE status = 'active')"
        " + (SELECT COUNT(*) FROM data_resources WHERE status = 'active')"
        " + (SELECT COUNT(*) FROM items WHERE status = 'active') + (SELECT COUNT(*) FROM "
        "life_events WHERE status = 'active')");
    st.step();
    total = static_cast<uint64_t>(st.int64(0));
  }
  auto write = [&](const std::string& name, const std::vector<nlohmann::json>& rows) -> Status {
    std::ofstream out(dir / name, std::ios::trunc);
    for (const auto& r : rows) {
      out << jcs::canonical(r) << "\n";
      if (progress && ++done % 500 == 0) progress(done, total);
    }
    if (!out) return Status(Code::kInternal, "写入 " + name + " 失败", "cannot write " + name);
    counts[name] = rows.size();
    return Status::ok();
  };

  std::vector<nlohmann::json> rows;
  for (const auto& r : catalog::list_regions(c, {})) {
    if (!r.active) continue;
    nlohmann::json j = {{"code", r.code}, {"name", r.name}};
    if (!r.name_en.empty()) j["name_en"] = r.name_en;
    if (!r.parent.empty()) j["parent"] = r.parent;
    rows.push_back(j);
  }
  SUNLIGHT_RETURN_IF_ERROR(write("regions.jsonl", rows));

  // Organisations: every parent before its children.
  catalog::OrganisationFilter f;
  f.limit = 1 << 30;
  auto orgs = catalog::list_organisations(c, f);
  std::set<std::string> written;
  rows.clear();
  for (size_t pass = 0; written.size() < orgs.size() && pass <= orgs.size(); ++pass) {
    for (const auto& o : orgs) {
      if (written.count(o.id) ||
          (!o.parent.empty() && !written.count(o.parent) &&
           std::any_of(orgs.begin(), orgs.end(), [&](const auto& x) { return x.id == o.parent; })))
        continue;
      nlohmann::json j = {{"id", o.id}, {"name", o.name}, {"kind", o.kind}, {"region", o.region}};
      if (!o.name_en.empty()) j["name_en"] = o.name_en;
      if (!o.parent.empty()) j["parent"] = o.parent;
      rows.push_back(j);
      written.insert(o.id);
    }
  }
  SUNLIGHT_RETURN_IF_ERROR(write("organisations.jsonl", rows));

  const std::pair<catalog::Kind, const char*> files[] = {
      {catalog::Kind::kLaw, "laws.jsonl"},
      {catalog::Kind::kResource, "data_resources.jsonl"},
      {catalog::Kind::kPower, "powers.jsonl"},
      {catalog::Kind::kItem, "service_items.jsonl"},
      {catalog::Kind::kLifeEvent, "life_events.jsonl"}};
  for (const auto& [kind, name] : files) {
    catalog::ListFilter lf;
    lf.limit = 1 << 30;
    rows.clear();
    for (const auto& r : catalog::list_records(c, kind, lf)) rows.push_back(r.doc);
    SUNLIGHT_RETURN_IF_ERROR(write(name, rows));
  }
  if (progress) progress(total, total);
  return counts;
}

}  // namespace sunlight::app
