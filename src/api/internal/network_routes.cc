// The function network over HTTP: laws, powers, service items and life events (list, read,
// history, publish, amend, repeal), their linked-data views, the access policy check and
// the analyses.
#include "api/handlers.h"
#include "catalog/analyses.h"
#include "catalog/directory.h"
#include "catalog/jsonld.h"
#include "catalog/policy.h"
#include "identity/identity.h"
#include "search/search.h"

namespace sunlight::api::handlers {
namespace {

using catalog::Kind;
using nlohmann::json;

Status no_such(Kind kind, const std::string& key) {
  return Status::not_found(std::string(catalog::kind_name(kind)) + " " + key + " 不存在",
                           std::string("no such ") + catalog::kind_name(kind) + " " + key);
}

std::string org_name(store::Connection& c, const std::string& id) {
  auto o = catalog::find_organisation(c, id);
  return o ? o->name : "";
}

std::string region_name(store::Connection& c, const std::string& code) {
  auto r = catalog::find_region(c, code);
  return r ? r->name : "";
}

// A record as the API shows it: the document plus what a reader needs around it.
json present(store::Connection& c, const catalog::RecordRow& row) {
  json out = row.doc;
  out["status"] = row.status;
  out["version"] = row.version;
  out["effective"] = row.effective;
  switch (row.kind) {
    case Kind::kLaw:
      out["level_zh"] = catalog::law_level_zh(row.doc.at("level").get<std::string>());
      break;
    case Kind::kPower:
      out["type_zh"] = catalog::power_type_zh(row.doc.at("type").get<std::string>());
      out["holder_name"] = org_name(c, row.doc.at("holder"));
      out["basis"] = catalog::basis_with_text(c, row.doc.at("basis"));
      break;
    case Kind::kItem: {
      out["type_zh"] = catalog::power_type_zh(row.doc.at("type").get<std::string>());
      out["org_name"] = org_name(c, row.doc.at("org"));
      out["competent_org_name"] = org_name(c, row.doc.at("competent_org"));
      out["region_name"] = region_name(c, row.doc.at("region"));
      out["basis"] = catalog::basis_with_text(c, row.doc.at("basis"));
      if (auto p = catalog::find_record(c, Kind::kPower, row.doc.value("power", ""))) {
        out["power_detail"] = {{"code", p->key},
                               {"name", p->doc.at("name")},
                               {"type", p->doc.at("type")},
                               {"holder", p->doc.at("holder")},
                               {"holder_name", org_name(c, p->doc.at("holder"))},
                               {"status", p->status}};
      }
      auto st = c.cached(
          "SELECT le.code, le.name FROM life_event_items li JOIN life_events le ON le.code = "
          "li.life_event"
          " WHERE li.item = ? AND le.status = 'active' ORDER BY le.code");
      st.bind(1, row.key);
      json events = json::array();
      while (st.step()) events.push_back({{"code", st.text(0)}, {"name", st.text(1)}});
      out["life_events"] = events;
      break;
    }
    case Kind::kResource:
      out["holder_name"] = org_name(c, row.doc.at("holder"));
      out["basis"] = catalog::basis_with_text(c, row.doc.at("basis"));
      break;
    case Kind::kLifeEvent: {
      out["lead_org_name"] = org_name(c, row.doc.at("lead_org"));
      out["region_name"] = region_name(c, row.doc.at("region"));
      json items = json::array();
      for (const auto& code : row.doc.at("items")) {
        auto item = catalog::find_record(c, Kind::kItem, code);
        if (!item) continue;
        items.push_back({{"code", item->key},
                         {"name", item->doc.at("name")},
                         {"org", item->doc.at("org")},
                         {"org_name", org_name(c, item->doc.at("org"))},
                         {"promised_days", item->doc.at("promised_days")},
                         {"status", item->status}});
      }
      out["item_details"] = items;
      break;
    }
  }
  return out;
}

// A short form for lists.
json summary(store::Connection& c, const catalog::RecordRow& row) {
  const auto& d = row.doc;
  json out = {{"status", row.status}, {"version", row.version}};
  switch (row.kind) {
    case Kind::kLaw:
      out.update({{"id", row.key},
                  {"title", d.at("title")},
                  {"level", d.at("level")},
                  {"issuer", d.at("issuer")},
                  {"invented", d.at("invented")},
                  {"articles", d.at("articles").size()}});
      break;
    case Kind::kPower:
      out.update({{"code", row.key},
                  {"name", d.at("name")},
                  {"type", d.at("type")},
                  {"holder", d.at("holder")},
                  {"holder_name", org_name(c, d.at("holder"))},
                  {"object", d.at("object")},
                  {"basis", d.at("basis")}});
      break;
    case Kind::kItem:
      out.update({{"code", row.key},
                  {"catalog_code", d.at("catalog_code")},
                  {"name", d.at("name")},
                  {"region", d.at("region")},
                  {"org", d.at("org")},
                  {"org_name", org_name(c, d.at("org"))},
                  {"power", d.value("power", "")},
                  {"type", d.at("type")},
                  {"promised_days", d.at("promised_days")},
                  {"visits", d.at("visits")},
                  {"online_depth", d.at("online_depth")}});
      break;
    case Kind::kResource:
      out.update({{"id", row.key},
                  {"name", d.at("name")},
                  {"holder", d.at("holder")},
                  {"holder_name", org_name(c, d.at("holder"))},
                  {"subject", d.at("subject")},
                  {"sharing", d.at("sharing")},
                  {"open", d.at("open")},
                  {"fields", d.at("fields").size()}});
      break;
    case Kind::kLifeEvent:
      out.update({{"code", row.key},
                  {"name", d.at("name")},
                  {"region", d.at("region")},
                  {"lead_org", d.at("lead_org")},
                  {"items", d.at("items").size()}});
      break;
  }
  for (const char* key : {"name_en", "title_en"})
    if (d.contains(key)) out[key] = d.at(key);
  return out;
}

std::string base_iri(Context& ctx) { return "https://" + ctx.platform.origin() + "/"; }

template <typename Fn>
void with_facts(Context& ctx, const Reply& reply, Fn fn) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    store::Transaction snapshot(c, false);
    fn(catalog::load_facts(c));
  });
}

}  // namespace

void records_list(Context& ctx, const Request& req, const Reply& reply, Kind kind) {
  catalog::ListFilter f;
  f.region = req.query("region");
  f.org = req.query("org");
  f.type = req.query("type");
  f.catalog_code = req.query("catalog_code");
  f.query = req.query("q");
  if (kind == Kind::kItem) f.power = req.query("power");
  f.include_repealed = req.query("include_repealed").value_or("") == "true";
  auto limit = query_uint(req, "limit", false, 1000);
  auto offset = query_uint(req, "offset", false, 10000000);
  if (auto s = Status::combine({&limit.status(), &offset.status()}); !s.is_ok())
    return reply.problem(s);
  f.limit = static_cast<int>(limit->value_or(100));
  f.offset = static_cast<int>(offset->value_or(0));
  if (f.type) {
    const auto& allowed = kind == Kind::kLaw        ? catalog::kLawLevels
                          : kind == Kind::kResource ? catalog::kSharingClasses
                                                    : catalog::kPowerTypes;
    if (std::find(allowed.begin(), allowed.end(), *f.type) == allowed.end())
      return reply.problem(Status::invalid_field("type", "不认识的类型", "unknown type"));
  }
  with_reader(ctx, reply, [&](store::Connection& c) {
    json list = json::array();
    for (const auto& row : catalog::list_records(c, kind, f)) list.push_back(summary(c, row));
    reply.json(200, {{catalog::plural_name(kind), list},
                     {"total", catalog::count_records(c, kind, f)},
                     {"limit", f.limit},
                     {"offset", f.offset}});
  });
}

void record_get(Context& ctx, const Request& req, const Reply& reply, Kind kind) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto row = catalog::find_record(c, kind, req.params.at(0));
    if (!row) return reply.problem(no_such(kind, req.params.at(0)));
    reply.json(200, present(c, *row));
  });
}

void record_history(Context& ctx, const Request& req, const Reply& reply, Kind kind) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    const auto& key = req.params.at(0);
    if (!catalog::find_record(c, kind, key)) return reply.problem(no_such(kind, key));
    json out = json::array();
    json previous;
    for (const auto& v : catalog::versions(c, kind, key)) {
      // What changed: the members whose value differs from the version before.
      json changed = json::array();
      if (v.doc.is_object())
        for (auto it = v.doc.begin(); it != v.doc.end(); ++it)
          if (!previous.is_object() || previous.value(it.key(), json()) != it.value())
            changed.push_back(it.key());
      json by = v.actor;
      if (v.actor.contains("org")) by["org_name"] = org_name(c, v.actor.at("org"));
      out.push_back({{"version", v.version},
                     {"index", v.index},
                     {"type", v.type},
                     {"time", v.time},
                     {"effective", v.effective},
                     {"basis", v.basis},
                     {"record", v.doc},
                     {"by", by},
                     {"changed", previous.is_null() ? json::array() : changed},
                     {"proof", "/api/v1/log/proof/inclusion?index=" + std::to_string(v.index)}});
      if (v.doc.is_object()) previous = v.doc;
    }
    reply.json(200, {{"history", out}});
  });
}

void record_publish(Context& ctx, const Request& req, const Reply& reply, Kind kind) {
  if (!require_role(req, reply, "admin")) return;
  auto body = body_object(req, reply);
  if (!body) return;
  auto cmd = catalog::parse_publish(kind, *body);
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, catalog::publish(std::move(cmd).value()), 201);
}

void record_amend(Context& ctx, const Request& req, const Reply& reply, Kind kind) {
  if (!require_role(req, reply, "admin")) return;
  auto body = body_object(req, reply);
  if (!body) return;
  auto cmd = catalog::parse_amend(kind, req.params.at(0), *body);
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, catalog::amend(std::move(cmd).value()), 200);
}

void record_repeal(Context& ctx, const Request& req, const Reply& reply, Kind kind) {
  if (!require_role(req, reply, "admin")) return;
  auto body = body_object(req, reply);
  if (!body) return;
  auto cmd = catalog::parse_repeal(kind, req.params.at(0), *body);
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, catalog::repeal(std::move(cmd).value()), 200);
}

static std::optional<std::string> profile_of(const Request& req, const Reply& reply) {
  auto profile = req.query("profile").value_or("cpsv-ap");
  if (profile != "cpsv-ap" && profile != "schema.org") {
    reply.problem(Status::invalid_field("profile", "必须是 cpsv-ap 或 schema.org",
                                        "must be cpsv-ap or schema.org"));
    return std::nullopt;
  }
  return profile;
}

void item_jsonld(Context& ctx, const Request& req, const Reply& reply) {
  auto profile = profile_of(req, reply);
  if (!profile) return;
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto row = catalog::find_record(c, Kind::kItem, req.params.at(0));
    if (!row) return reply.problem(no_such(Kind::kItem, req.params.at(0)));
    json doc = *profile == "cpsv-ap" ? catalog::cpsv_ap_item(c, *row, base_iri(ctx))
                                     : catalog::schema_org_item(c, *row, base_iri(ctx));
    reply.text(200, "application/ld+json; charset=utf-8", doc.dump(2));
  });
}

void catalogue_jsonld(Context& ctx, const Request& req, const Reply& reply) {
  auto profile = profile_of(req, reply);
  if (!profile) return;
  auto limit = query_uint(req, "limit", false, 5000);
  auto offset = query_uint(req, "offset", false, 10000000);
  if (auto s = Status::combine({&limit.status(), &offset.status()}); !s.is_ok())
    return reply.problem(s);
  int l = static_cast<int>(limit->value_or(1000)), o = static_cast<int>(offset->value_or(0));
  with_reader(ctx, reply, [&](store::Connection& c) {
    json doc = *profile == "cpsv-ap" ? catalog::cpsv_ap_catalogue(c, base_iri(ctx), l, o)
                                     : catalog::schema_org_catalogue(c, base_iri(ctx), l, o);
    reply.text(200, "application/ld+json; charset=utf-8", doc.dump());
  });
}

void policy_check(Context& ctx, const Request& req, const Reply& reply) {
  auto officer_id = req.query("officer").value_or(req.principal->officer);
  auto action = req.query("action");
  auto item = req.query("item");
  std::vector<FieldError> errors;
  if (!action || action->empty())
    errors.push_back(
        {"action", "必填：责任环节，如 受理、审查、决定", "is required: a stage such as 受理"});
  if (!item || item->empty())
    errors.push_back({"item", "必填：事项编码", "is required: a service item code"});
  if (!errors.empty()) return reply.problem(Status::invalid(errors));
  bool self = officer_id == req.principal->officer;
  if (!self && !req.principal->has_role("admin") && !req.principal->has_role("auditor"))
    return reply.problem(Status(Code::kPermissionDenied,
                                "只能查询自己的权限（管理员、审计人员除外）",
                                "you may only check your own powers (unless admin or auditor)"));
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto officer = identity::find_officer(c, officer_id);
    if (!officer) return reply.problem(Status::not_found("工作人员不存在", "no such officer"));
    auto d = catalog::authorize(c, officer->org, *action, *item);
    if (!d.is_ok()) return reply.problem(d.status());
    json out = d->to_json();
    out["officer"] = officer->id;
    out["org"] = officer->org;
    out["org_name"] = org_name(c, officer->org);
    out["action"] = *action;
    out["item"] = *item;
    reply.json(200, out);
  });
}

void analysis_overlaps(Context& ctx, const Request& req, const Reply& reply) {
  with_facts(ctx, reply, [&](const catalog::Facts& f) {
    auto found = catalog::find_overlaps(f, req.query("region"));
    reply.json(200, {{"overlaps", found}, {"count", found.size()}});
  });
}

void analysis_cycles(Context& ctx, const Request& req, const Reply& reply) {
  with_facts(ctx, reply, [&](const catalog::Facts& f) {
    auto found = catalog::find_cycles(f, req.query("region"));
    reply.json(200, {{"cycles", found}, {"count", found.size()}});
  });
}

void analysis_comparison(Context& ctx, const Request& req, const Reply& reply) {
  with_facts(ctx, reply, [&](const catalog::Facts& f) {
    auto found = catalog::compare_regions(f, req.query("catalog_code"));
    reply.json(200, {{"comparisons", found}, {"count", found.size()}});
  });
}

void analysis_unfounded(Context& ctx, const Request&, const Reply& reply) {
  with_facts(ctx, reply, [&](const catalog::Facts& f) {
    auto found = catalog::find_unfounded(f);
    reply.json(200, {{"powers", found["powers"]},
                     {"items", found["items"]},
                     {"count", found["powers"].size() + found["items"].size()}});
  });
}

void search(Context& ctx, const Request& req, const Reply& reply) {
  auto q = req.query("q").value_or("");
  auto limit = query_uint(req, "limit", false, 50);
  std::vector<FieldError> errors;
  if (q.find_first_not_of(" \t") == std::string::npos)
    errors.push_back({"q", "请输入要办的事", "is required: what do you want to do?"});
  if (q.size() > 200) errors.push_back({"q", "不能超过 200 字节", "must be at most 200 bytes"});
  if (!limit.is_ok())
    errors.insert(errors.end(), limit.status().errors().begin(), limit.status().errors().end());
  if (!errors.empty()) return reply.problem(Status::invalid(errors));
  search::Query query{q, req.query("region"), static_cast<int>(limit->value_or(10))};
  with_reader(ctx, reply, [&](store::Connection& c) {
    if (query.region && !catalog::find_region(c, *query.region))
      return reply.problem(Status::invalid_field("region", "行政区划不存在", "no such region"));
    auto hits = ctx.platform.search_index().search(query, c);
    reply.json(200,
               {{"query", q},
                {"region", query.region ? nlohmann::json(*query.region) : nlohmann::json(nullptr)},
                {"results", search::present_hits(c, hits)}});
  });
}

}  // namespace sunlight::api::handlers
