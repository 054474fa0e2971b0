// Regions and organisations over HTTP.
#include "api/handlers.h"
#include "catalog/directory.h"

namespace sunlight::api::handlers {
namespace {

nlohmann::json history_json(const std::vector<catalog::HistoryEntry>& entries) {
  auto out = nlohmann::json::array();
  for (const auto& e : entries)
    out.push_back({{"index", e.index},
                   {"type", e.type},
                   {"time", e.time},
                   {"proof", "/api/v1/log/proof/inclusion?index=" + std::to_string(e.index)}});
  return out;
}

template <typename Parse, typename Make>
void command(Context& ctx, const Request& req, const Reply& reply, Parse parse, Make make,
             int status) {
  if (!require_role(req, reply, "admin")) return;
  auto body = body_object(req, reply);
  if (!body) return;
  auto cmd = parse(*body);
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, make(std::move(cmd).value()), status);
}

}  // namespace

void regions_list(Context& ctx, const Request& req, const Reply& reply) {
  catalog::RegionFilter f{req.query("parent"), req.query("level")};
  if (f.level && !catalog::parse_level(*f.level))
    return reply.problem(Status::invalid_field(
        "level", "必须是 national、province、city、county 或 township",
        "must be national, province, city, county or township"));
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto out = nlohmann::json::array();
    for (const auto& r : catalog::list_regions(c, f)) out.push_back(catalog::to_json(r));
    reply.json(200, {{"regions", out}});
  });
}

void region_get(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto r = catalog::find_region(c, req.params.at(0));
    if (!r) return reply.problem(Status::not_found("行政区划不存在", "no such region"));
    auto j = catalog::to_json(*r);
    auto children = nlohmann::json::array();
    for (const auto& child : catalog::list_regions(c, {r->code, std::nullopt}))
      children.push_back({{"code", child.code}, {"name", child.name}, {"level", catalog::level_name(child.level)}});
    j["children"] = children;
    reply.json(200, j);
  });
}

void region_history(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    if (!catalog::find_region(c, req.params.at(0)))
      return reply.problem(Status::not_found("行政区划不存在", "no such region"));
    reply.json(200, {{"history", history_json(catalog::history(c, "region", req.params.at(0)))}});
  });
}

void region_create(Context& ctx, const Request& req, const Reply& reply) {
  command(ctx, req, reply, catalog::parse_create_region, catalog::create_region, 201);
}

void region_rename(Context& ctx, const Request& req, const Reply& reply) {
  command(
      ctx, req, reply,
      [&](const nlohmann::json& b) { return catalog::parse_rename_region(req.params.at(0), b); },
      catalog::rename_region, 200);
}

void region_dissolve(Context& ctx, const Request& req, const Reply& reply) {
  command(
      ctx, req, reply,
      [&](const nlohmann::json& b) { return catalog::parse_dissolution(req.params.at(0), b); },
      catalog::dissolve_region, 200);
}

void orgs_list(Context& ctx, const Request& req, const Reply& reply) {
  catalog::OrganisationFilter f;
  f.region = req.query("region");
  f.parent = req.query("parent");
  f.query = req.query("q");
  f.include_dissolved = req.query("include_dissolved").value_or("") == "true";
  auto limit = query_uint(req, "limit", false, 500);
  auto offset = query_uint(req, "offset", false, 1000000);
  if (auto s = Status::combine({&limit.status(), &offset.status()}); !s.is_ok()) return reply.problem(s);
  f.limit = static_cast<int>(limit->value_or(100));
  f.offset = static_cast<int>(offset->value_or(0));
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto out = nlohmann::json::array();
    for (const auto& o : catalog::list_organisations(c, f)) out.push_back(catalog::to_json(o));
    reply.json(200, {{"organisations", out}, {"total", catalog::count_organisations(c, f)},
                     {"limit", f.limit}, {"offset", f.offset}});
  });
}

void org_get(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto o = catalog::find_organisation(c, req.params.at(0));
    if (!o) return reply.problem(Status::not_found("机构不存在", "no such organisation"));
    auto j = catalog::to_json(*o);
    catalog::OrganisationFilter f;
    f.parent = o->id;
    auto children = nlohmann::json::array();
    for (const auto& child : catalog::list_organisations(c, f))
      children.push_back({{"id", child.id}, {"name", child.name}});
    j["children"] = children;
    reply.json(200, j);
  });
}

void org_history(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    if (!catalog::find_organisation(c, req.params.at(0)))
      return reply.problem(Status::not_found("机构不存在", "no such organisation"));
    reply.json(200, {{"history", history_json(catalog::history(c, "org", req.params.at(0)))}});
  });
}

void org_create(Context& ctx, const Request& req, const Reply& reply) {
  command(ctx, req, reply, catalog::parse_create_organisation, catalog::create_organisation, 201);
}

void org_rename(Context& ctx, const Request& req, const Reply& reply) {
  command(
      ctx, req, reply,
      [&](const nlohmann::json& b) { return catalog::parse_rename_organisation(req.params.at(0), b); },
      catalog::rename_organisation, 200);
}

void org_dissolve(Context& ctx, const Request& req, const Reply& reply) {
  command(
      ctx, req, reply,
      [&](const nlohmann::json& b) { return catalog::parse_dissolution(req.params.at(0), b); },
      catalog::dissolve_organisation, 200);
}

}  // namespace sunlight::api::handlers
