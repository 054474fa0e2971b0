// Officers, the caller's own identity, and the demo login.
#include "api/internal/routes.h"
#include "catalog/codes.h"
#include "core/fields.h"
#include "identity/identity.h"

namespace sunlight::api {
namespace {

void officers_list(Context& ctx, const Request& req, const Reply& reply) {
  if (!require_role(req, reply, "admin")) return;
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto out = nlohmann::json::array();
    for (const auto& o : identity::list_officers(c, req.query("org")))
      out.push_back(identity::to_json(o));
    reply.json(200, {{"officers", out}});
  });
}

void officer_get(Context& ctx, const Request& req, const Reply& reply) {
  const auto& id = req.params.at(0);
  if (req.principal->officer != id && !require_role(req, reply, "admin")) return;
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto o = identity::find_officer(c, id);
    if (!o) return reply.problem(Status::not_found("工作人员不存在", "no such officer"));
    reply.json(200, identity::to_json(*o));
  });
}

void officer_create(Context& ctx, const Request& req, const Reply& reply) {
  if (!require_role(req, reply, "admin")) return;
  auto body = body_object(req, reply);
  if (!body) return;
  auto cmd = identity::parse_create_officer(*body);
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, identity::create_officer(std::move(cmd).value()), 201);
}

void officer_deactivate(Context& ctx, const Request& req, const Reply& reply) {
  if (!require_role(req, reply, "admin")) return;
  auto reason = body_reason(req, reply);
  if (!reason) return;
  run_command(ctx, req, reply, identity::deactivate_officer(req.params.at(0), *reason), 200);
}

void me(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto o = identity::find_officer(c, req.principal->officer);
    if (!o) return reply.problem(Status::not_found("工作人员不存在", "no such officer"));
    reply.json(200, identity::to_json(*o));
  });
}

void demo_login(Context& ctx, const Request& req, const Reply& reply) {
  auto body = body_object(req, reply);
  if (!body) return;
  FieldReader r(*body);
  auto citizen = r.optional_string("citizen", 18);
  std::string officer_id = citizen ? "" : r.required_string("officer", 32);
  auto ttl = r.optional_int("ttl_seconds", 60, 7 * 24 * 3600).value_or(8 * 3600);
  if (citizen && catalog::id_number_problem(*citizen))
    r.error("citizen", "不是有效的公民身份号码", "is not a valid resident identity number");
  if (auto s = r.finish(); !s.is_ok()) return reply.problem(s);
  if (citizen) {
    reply.json(200,
               {{"token", ctx.platform.tokens().issue_citizen(*citizen, std::chrono::seconds(ttl))},
                {"token_type", "Bearer"},
                {"expires_in", ttl},
                {"citizen", *citizen}});
    return;
  }
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto o = identity::find_officer(c, officer_id);
    if (!o || !o->active)
      return reply.problem(Status(Code::kUnauthenticated, "没有该工作人员或已停用",
                                  "no such officer, or the officer is deactivated"));
    reply.json(200, {{"token", ctx.platform.tokens().issue(*o, std::chrono::seconds(ttl))},
                     {"token_type", "Bearer"},
                     {"expires_in", ttl},
                     {"officer", identity::to_json(*o)}});
  });
}

}  // namespace

std::vector<Route> identity_routes() {
  std::vector<Route> routes = {
      {"GET", "/api/v1/officers", Access::kAdmin, officers_list,
       R"json({
         "operationId": "listOfficers",
         "summary": "List officers",
         "description": "Requires the admin role. Names are personal data and are shown only to administrators.",
         "tags": [
           "identity"
         ],
         "parameters": [
           {
             "$ref": "#/components/parameters/Org"
           }
         ],
         "responses": {
           "200": {
             "description": "Officers",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "officers": {
                       "type": "array",
                       "items": {
                         "$ref": "#/components/schemas/Officer"
                       }
                     }
                   }
                 }
               }
             }
           }
         }
       })json"},
      {"POST", "/api/v1/officers", Access::kAdmin, officer_create,
       R"json({
         "operationId": "createOfficer",
         "summary": "Create an officer",
         "description": "The name travels in the event's personal payload; the public leaf carries only a salted commitment. Requires the admin role.",
         "tags": [
           "identity"
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "$ref": "#/components/schemas/CreateOfficer"
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
                       "$ref": "#/components/schemas/Officer"
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
      {"GET", "/api/v1/officers/{id}", Access::kStaff, officer_get,
       R"json({
         "operationId": "getOfficer",
         "summary": "An officer",
         "description": "An officer may read their own record; administrators any.",
         "tags": [
           "identity"
         ],
         "parameters": [
           {
             "name": "id",
             "in": "path",
             "description": "Officer id",
             "required": true,
             "schema": {
               "type": "string",
               "pattern": "^[A-Za-z0-9._-]{1,32}$"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "Officer",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/Officer"
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"POST", "/api/v1/officers/{id}/deactivate", Access::kAdmin, officer_deactivate,
       R"json({
         "operationId": "deactivateOfficer",
         "summary": "Deactivate an officer",
         "description": "Takes effect at once: the officer's tokens stop working. Requires the admin role.",
         "tags": [
           "identity"
         ],
         "parameters": [
           {
             "name": "id",
             "in": "path",
             "description": "Officer id",
             "required": true,
             "schema": {
               "type": "string",
               "pattern": "^[A-Za-z0-9._-]{1,32}$"
             }
           }
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "type": "object",
                 "required": [
                   "reason"
                 ],
                 "additionalProperties": false,
                 "properties": {
                   "reason": {
                     "type": "string",
                     "maxLength": 500
                   }
                 }
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "Deactivated",
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
      {"GET", "/api/v1/me", Access::kStaff, me,
       R"json({
         "operationId": "me",
         "summary": "Who am I",
         "description": "The calling officer's own record.",
         "tags": [
           "identity"
         ],
         "responses": {
           "200": {
             "description": "Officer",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/Officer"
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"POST", "/api/v1/auth/demo-login", Access::kDemo, demo_login,
       R"json({
         "operationId": "demoLogin",
         "summary": "Demo login",
         "description": "Issues a token for any active officer (`officer`), or for a citizen (`citizen`: an identity number), without a password. Exists only when the server runs with `--demo`; otherwise 404. Real citizens log in through the identity provider.",
         "tags": [
           "identity"
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "type": "object",
                 "additionalProperties": false,
                 "properties": {
                   "officer": {
                     "type": "string"
                   },
                   "citizen": {
                     "type": "string"
                   },
                   "ttl_seconds": {
                     "type": "integer",
                     "minimum": 60,
                     "maximum": 604800
                   }
                 }
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "Token",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/Token"
                 }
               }
             }
           },
           "401": {
             "$ref": "#/components/responses/Problem"
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
  };
  return routes;
}

}  // namespace sunlight::api
