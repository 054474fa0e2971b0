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
    const auto* allowed = catalog::kind_routes(kind).types;
    if (allowed && std::find(allowed->begin(), allowed->end(), *f.type) == allowed->end())
      return reply.problem(Status::invalid_field("type", "不认识的类型", "unknown type"));
  }
  with_reader(ctx, reply, [&](store::Connection& c) {
    json list = json::array();
    for (const auto& row : catalog::list_records(c, kind, f)) list.push_back(catalog::summarise_record(c, row));
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
    reply.json(200, catalog::present_record(c, *row));
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
