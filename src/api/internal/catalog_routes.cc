// Regions and organisations over HTTP.
#include "api/internal/routes.h"
#include "catalog/directory.h"

namespace sunlight::api {
namespace {
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
    return reply.problem(
        Status::invalid_field("level", "必须是 national、province、city、county 或 township",
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
      children.push_back({{"code", child.code},
                          {"name", child.name},
                          {"level", catalog::level_name(child.level)}});
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
  if (auto s = Status::combine({&limit.status(), &offset.status()}); !s.is_ok())
    return reply.problem(s);
  f.limit = static_cast<int>(limit->value_or(100));
  f.offset = static_cast<int>(offset->value_or(0));
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto out = nlohmann::json::array();
    for (const auto& o : catalog::list_organisations(c, f)) out.push_back(catalog::to_json(o));
    reply.json(200, {{"organisations", out},
                     {"total", catalog::count_organisations(c, f)},
                     {"limit", f.limit},
                     {"offset", f.offset}});
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
      [&](const nlohmann::json& b) {
        return catalog::parse_rename_organisation(req.params.at(0), b);
      },
      catalog::rename_organisation, 200);
}

void org_dissolve(Context& ctx, const Request& req, const Reply& reply) {
  command(
      ctx, req, reply,
      [&](const nlohmann::json& b) { return catalog::parse_dissolution(req.params.at(0), b); },
      catalog::dissolve_organisation, 200);
}

}  // namespace

std::vector<Route> directory_routes() {
  std::vector<Route> routes = {
      {"GET", "/api/v1/regions", Access::kPublic, regions_list,
       R"json({
         "operationId": "listRegions",
         "summary": "List regions",
         "description": "行政区划 by parent and level.",
         "tags": [
           "catalog"
         ],
         "parameters": [
           {
             "name": "parent",
             "in": "query",
             "description": "Parent region code",
             "required": false,
             "schema": {
               "type": "string"
             }
           },
           {
             "name": "level",
             "in": "query",
             "description": "Level",
             "required": false,
             "schema": {
               "type": "string",
               "enum": [
                 "national",
                 "province",
                 "city",
                 "county",
                 "township"
               ]
             }
           }
         ],
         "responses": {
           "200": {
             "description": "Regions",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "regions": {
                       "type": "array",
                       "items": {
                         "$ref": "#/components/schemas/Region"
                       }
                     }
                   }
                 }
               }
             }
           },
           "400": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"POST", "/api/v1/regions", Access::kAdmin, region_create,
       R"json({
         "operationId": "createRegion",
         "summary": "Create a region",
         "description": "Records a new administrative division. The code's structure must fit its parent (a county's code starts with its city's four digits). Requires the admin role.",
         "tags": [
           "catalog"
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "$ref": "#/components/schemas/CreateRegion"
               }
             }
           }
         },
         "responses": {
           "201": {
             "description": "Created",
             "content": {
               "application/json": {
                 "schema": {
                   "allOf": [
                     {
                       "$ref": "#/components/schemas/Region"
                     },
                     {
                       "type": "object",
                       "properties": {
                         "ledger": {
                           "$ref": "#/components/schemas/Receipts"
                         }
                       },
                       "required": [
                         "ledger"
                       ]
                     }
                   ]
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           },
           "409": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/regions/{code}", Access::kPublic, region_get,
       R"json({
         "operationId": "getRegion",
         "summary": "A region",
         "description": "A region with its direct subregions.",
         "tags": [
           "catalog"
         ],
         "parameters": [
           {
             "name": "code",
             "in": "path",
             "description": "行政区划代码 GB/T 2260 (6 digits) or township code (9 digits)",
             "required": true,
             "schema": {
               "type": "string",
               "pattern": "^[0-9]{6}([0-9]{3})?$"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "Region",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/Region"
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/regions/{code}/history", Access::kPublic, region_history,
       R"json({
         "operationId": "regionHistory",
         "summary": "A region's history",
         "description": "Every event about the region, each with its log index and a link to its inclusion proof.",
         "tags": [
           "catalog"
         ],
         "parameters": [
           {
             "name": "code",
             "in": "path",
             "description": "行政区划代码 GB/T 2260 (6 digits) or township code (9 digits)",
             "required": true,
             "schema": {
               "type": "string",
               "pattern": "^[0-9]{6}([0-9]{3})?$"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "History",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/History"
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"POST", "/api/v1/regions/{code}/rename", Access::kAdmin, region_rename,
       R"json({
         "operationId": "renameRegion",
         "summary": "Rename a region",
         "description": "Requires the admin role.",
         "tags": [
           "catalog"
         ],
         "parameters": [
           {
             "name": "code",
             "in": "path",
             "description": "行政区划代码 GB/T 2260 (6 digits) or township code (9 digits)",
             "required": true,
             "schema": {
               "type": "string",
               "pattern": "^[0-9]{6}([0-9]{3})?$"
             }
           }
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "$ref": "#/components/schemas/Rename"
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "Renamed",
             "content": {
               "application/json": {
                 "schema": {
                   "allOf": [
                     {
                       "type": "object"
                     },
                     {
                       "type": "object",
                       "properties": {
                         "ledger": {
                           "$ref": "#/components/schemas/Receipts"
                         }
                       },
                       "required": [
                         "ledger"
                       ]
                     }
                   ]
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           },
           "409": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"POST", "/api/v1/regions/{code}/dissolve", Access::kAdmin, region_dissolve,
       R"json({
         "operationId": "dissolveRegion",
         "summary": "Dissolve a region",
         "description": "Marks the region dissolved (it stays in history). Refused while it has active subregions or organisations. Requires the admin role.",
         "tags": [
           "catalog"
         ],
         "parameters": [
           {
             "name": "code",
             "in": "path",
             "description": "行政区划代码 GB/T 2260 (6 digits) or township code (9 digits)",
             "required": true,
             "schema": {
               "type": "string",
               "pattern": "^[0-9]{6}([0-9]{3})?$"
             }
           }
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "$ref": "#/components/schemas/Dissolution"
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "Dissolved",
             "content": {
               "application/json": {
                 "schema": {
                   "allOf": [
                     {
                       "type": "object"
                     },
                     {
                       "type": "object",
                       "properties": {
                         "ledger": {
                           "$ref": "#/components/schemas/Receipts"
                         }
                       },
                       "required": [
                         "ledger"
                       ]
                     }
                   ]
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           },
           "409": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/orgs", Access::kPublic, orgs_list,
       R"json({
         "operationId": "listOrganisations",
         "summary": "List organisations",
         "description": "部门/机构, filtered and paged.",
         "tags": [
           "catalog"
         ],
         "parameters": [
           {
             "name": "region",
             "in": "query",
             "description": "Region code",
             "required": false,
             "schema": {
               "type": "string"
             }
           },
           {
             "name": "parent",
             "in": "query",
             "description": "Parent organisation",
             "required": false,
             "schema": {
               "type": "string"
             }
           },
           {
             "name": "q",
             "in": "query",
             "description": "Part of the Chinese or English name",
             "required": false,
             "schema": {
               "type": "string"
             }
           },
           {
             "name": "include_dissolved",
             "in": "query",
             "description": "Include dissolved organisations",
             "required": false,
             "schema": {
               "type": "string",
               "enum": [
                 "true",
                 "false"
               ]
             }
           },
           {
             "name": "limit",
             "in": "query",
             "description": "Page size (≤ 500, default 100)",
             "required": false,
             "schema": {
               "type": "integer",
               "minimum": 0,
               "maximum": 500
             }
           },
           {
             "$ref": "#/components/parameters/Offset"
           }
         ],
         "responses": {
           "200": {
             "description": "Organisations",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "organisations": {
                       "type": "array",
                       "items": {
                         "$ref": "#/components/schemas/Organisation"
                       }
                     },
                     "total": {
                       "type": "integer"
                     },
                     "limit": {
                       "type": "integer"
                     },
                     "offset": {
                       "type": "integer"
                     }
                   }
                 }
               }
             }
           },
           "400": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"POST", "/api/v1/orgs", Access::kAdmin, org_create,
       R"json({
         "operationId": "createOrganisation",
         "summary": "Create an organisation",
         "description": "The id is the body's unified social credit code, checked (GB 32100-2015 and GB 11714 check characters). Requires the admin role.",
         "tags": [
           "catalog"
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "$ref": "#/components/schemas/CreateOrganisation"
               }
             }
           }
         },
         "responses": {
           "201": {
             "description": "Created",
             "content": {
               "application/json": {
                 "schema": {
                   "allOf": [
                     {
                       "$ref": "#/components/schemas/Organisation"
                     },
                     {
                       "type": "object",
                       "properties": {
                         "ledger": {
                           "$ref": "#/components/schemas/Receipts"
                         }
                       },
                       "required": [
                         "ledger"
                       ]
                     }
                   ]
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           },
           "409": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/orgs/{id}", Access::kPublic, org_get,
       R"json({
         "operationId": "getOrganisation",
         "summary": "An organisation",
         "description": "An organisation with its direct subordinate organisations.",
         "tags": [
           "catalog"
         ],
         "parameters": [
           {
             "name": "id",
             "in": "path",
             "description": "统一社会信用代码 (GB 32100-2015)",
             "required": true,
             "schema": {
               "type": "string",
               "pattern": "^[0-9A-HJ-NPQRTUWXY]{18}$"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "Organisation",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/Organisation"
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/orgs/{id}/history", Access::kPublic, org_history,
       R"json({
         "operationId": "organisationHistory",
         "summary": "An organisation's history",
         "description": "Every event about the organisation, each with its log index and a link to its inclusion proof.",
         "tags": [
           "catalog"
         ],
         "parameters": [
           {
             "name": "id",
             "in": "path",
             "description": "统一社会信用代码 (GB 32100-2015)",
             "required": true,
             "schema": {
               "type": "string",
               "pattern": "^[0-9A-HJ-NPQRTUWXY]{18}$"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "History",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/History"
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"POST", "/api/v1/orgs/{id}/rename", Access::kAdmin, org_rename,
       R"json({
         "operationId": "renameOrganisation",
         "summary": "Rename an organisation",
         "description": "Requires the admin role.",
         "tags": [
           "catalog"
         ],
         "parameters": [
           {
             "name": "id",
             "in": "path",
             "description": "统一社会信用代码 (GB 32100-2015)",
             "required": true,
             "schema": {
               "type": "string",
               "pattern": "^[0-9A-HJ-NPQRTUWXY]{18}$"
             }
           }
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "$ref": "#/components/schemas/Rename"
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "Renamed",
             "content": {
               "application/json": {
                 "schema": {
                   "allOf": [
                     {
                       "type": "object"
                     },
                     {
                       "type": "object",
                       "properties": {
                         "ledger": {
                           "$ref": "#/components/schemas/Receipts"
                         }
                       },
                       "required": [
                         "ledger"
                       ]
                     }
                   ]
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           },
           "409": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"POST", "/api/v1/orgs/{id}/dissolve", Access::kAdmin, org_dissolve,
       R"json({
         "operationId": "dissolveOrganisation",
         "summary": "Dissolve an organisation",
         "description": "Needs a legal basis. Refused (409) while the organisation has active subordinate organisations, holds powers in force or implements service items in force: they are dissolved, transferred or repealed first, so no power in force is left without a holder. Requires the admin role.",
         "tags": [
           "catalog"
         ],
         "parameters": [
           {
             "name": "id",
             "in": "path",
             "description": "统一社会信用代码 (GB 32100-2015)",
             "required": true,
             "schema": {
               "type": "string",
               "pattern": "^[0-9A-HJ-NPQRTUWXY]{18}$"
             }
           }
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "$ref": "#/components/schemas/Dissolution"
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "Dissolved",
             "content": {
               "application/json": {
                 "schema": {
                   "allOf": [
                     {
                       "type": "object"
                     },
                     {
                       "type": "object",
                       "properties": {
                         "ledger": {
                           "$ref": "#/components/schemas/Receipts"
                         }
                       },
                       "required": [
                         "ledger"
                       ]
                     }
                   ]
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           },
           "409": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
  };
  return routes;
}

}  // namespace sunlight::api
