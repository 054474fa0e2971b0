// Data sharing over HTTP: access requests, "who saw my data", consents, agreements,
// registers, oversight and erasure.
#include "api/internal/routes.h"
#include "cases/cases.h"
#include "catalog/directory.h"
#include "core/fields.h"
#include "core/time.h"
#include "exchange/exchange.h"

namespace sunlight::api {
namespace {

using nlohmann::json;

void access_request(Context& ctx, const Request& req, const Reply& reply) {
  auto body = body_object(req, reply);
  if (!body) return;
  auto parsed = exchange::parse_access_request(*body);
  if (!parsed.is_ok()) return reply.problem(parsed.status());
  auto r = std::move(parsed).value();
  r.officer = req.principal->officer;
  r.org = req.principal->org;
  run_command(ctx, req, reply, exchange::request_access(std::move(r), cases::case_lookup()), 200);
}

void my_data_uses(Context& ctx, const Request& req, const Reply& reply) {
  auto page = page_of(req, reply);
  if (!page) return;
  with_reader(ctx, reply, [&](store::Connection& c) {
    const auto& me = req.principal->citizen;
    json list = json::array();
    for (const auto& a :
         exchange::accesses_of(c, me, timeutil::today(), page->limit, page->offset)) {
      json j = exchange::to_json(a, false);
      if (auto o = catalog::find_organisation(c, a.org)) j["org_name"] = o->name;
      if (auto r = catalog::find_record(c, catalog::Kind::kResource, a.resource))
        j["resource_name"] = r->doc.at("name");
      list.push_back(j);
    }
    reply.json(200, {{"accesses", list},
                     {"total", exchange::count_accesses_of(c, me, timeutil::today())},
                     {"limit", page->limit},
                     {"offset", page->offset}});
  });
}

void my_consents(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    json list = json::array();
    for (const auto& consent : exchange::consents_of(c, req.principal->citizen))
      list.push_back(exchange::to_json(consent));
    reply.json(200, {{"consents", list}});
  });
}

void consent_grant(Context& ctx, const Request& req, const Reply& reply) {
  auto body = body_object(req, reply);
  if (!body) return;
  auto cmd = exchange::grant_consent(req.principal->citizen, *body);
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, std::move(cmd).value(), 201);
}

void consent_shorten(Context& ctx, const Request& req, const Reply& reply) {
  auto body = body_object(req, reply);
  if (!body) return;
  auto cmd = exchange::shorten_consent(req.principal->citizen, req.params.at(0), *body);
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, std::move(cmd).value(), 200);
}

void consent_revoke(Context& ctx, const Request& req, const Reply& reply) {
  run_command(ctx, req, reply, exchange::revoke_consent(req.principal->citizen, req.params.at(0)),
              200);
}

void agreements_list(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    json list = json::array();
    for (const auto& a : exchange::list_agreements(c, req.query("org")))
      list.push_back(exchange::to_json(a));
    reply.json(200, {{"agreements", list}});
  });
}

void agreement_approve(Context& ctx, const Request& req, const Reply& reply) {
  auto body = body_object(req, reply);
  if (!body) return;
  auto cmd = exchange::approve_agreement(*body);
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, std::move(cmd).value(), 201);
}

void agreement_revoke(Context& ctx, const Request& req, const Reply& reply) {
  auto reason = body_reason(req, reply);
  if (!reason) return;
  run_command(ctx, req, reply, exchange::revoke_agreement(req.params.at(0), *reason), 200);
}

void registers_list(Context& ctx, const Request& req, const Reply& reply) {
  auto page = page_of(req, reply);
  if (!page) return;
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto st = c.prepare(
        "SELECT batch, resource, records, commitment, idx, time FROM register_batches"
        " WHERE (?1 IS NULL OR resource = ?1) ORDER BY batch LIMIT ?2 OFFSET ?3");
    st.bind(1, req.query("resource")).bind(2, page->limit).bind(3, page->offset);
    json list = json::array();
    while (st.step())
      list.push_back({{"batch", st.int64(0)},
                      {"resource", st.text(1)},
                      {"records", st.int64(2)},
                      {"commitment", st.text(3)},
                      {"index", st.int64(4)},
                      {"time", st.text(5)}});
    reply.json(200, {{"batches", list}});
  });
}

void oversight_accesses(Context& ctx, const Request& req, const Reply& reply) {
  auto page = page_of(req, reply);
  if (!page) return;
  with_reader(ctx, reply, [&](store::Connection& c) {
    json list = json::array();
    for (const auto& a : exchange::all_accesses(c, req.query("officer"), page->limit, page->offset))
      list.push_back(exchange::to_json(a, true));
    reply.json(200, {{"accesses", list}});
  });
}

void oversight_anomalies(Context& ctx, const Request&, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) { reply.json(200, exchange::anomalies(c)); });
}

void subject_erase(Context& ctx, const Request& req, const Reply& reply) {
  auto body = body_object(req, reply);
  if (!body) return;
  auto cmd = exchange::erase_subject(req.params.at(0), *body, {cases::erasure_source()});
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, std::move(cmd).value(), 200);
}

}  // namespace

std::vector<Route> exchange_routes() {
  std::vector<Route> routes = {
      {"POST", "/api/v1/access", Access::kOfficer, access_request,
       R"json({
         "operationId": "requestAccess",
         "summary": "Read a subject's data lawfully",
         "description": "An officer reads fields of a person's or business's record in another department's data resource, stating a purpose and a basis: `{\"kind\": \"power\", \"item\": code}` (a service item of the officer's organisation whose materials include this resource; only the fields that material needs) or `{\"kind\": \"consent\", \"consent\": id}` (a valid consent of the subject). 有条件共享 needs an approved agreement; 不予共享 is never released. Every decision, granted or denied, is logged (the subject and purpose only as a commitment) and answered 200 with `granted`, the reason and the receipt; a deferral (`defer_until` with `defer_basis`) hides the access from the subject until that date. Malformed or unknown input is a 400/404 problem and writes nothing.",
         "tags": [
           "sharing"
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "$ref": "#/components/schemas/AccessRequest"
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "Decision",
             "content": {
               "application/json": {
                 "schema": {
                   "allOf": [
                     {
                       "$ref": "#/components/schemas/AccessDecision2"
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
           }
         }
       })json"},
      {"GET", "/api/v1/me/data-uses", Access::kCitizen, my_data_uses,
       R"json({
         "operationId": "myDataUses",
         "summary": "Who saw my data (数据使用记录)",
         "description": "Every access to the calling citizen's data — who, which department, which resource and fields, purpose, basis, granted or refused — newest first, with a link to each one's inclusion proof. Accesses deferred under a legal basis appear once their date has passed.",
         "tags": [
           "sharing"
         ],
         "parameters": [
           {
             "name": "limit",
             "in": "query",
             "description": "Page size (≤ 1000)",
             "required": false,
             "schema": {
               "type": "integer",
               "minimum": 0,
               "maximum": 1000
             }
           },
           {
             "$ref": "#/components/parameters/Offset"
           }
         ],
         "responses": {
           "200": {
             "description": "Accesses",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "accesses": {
                       "type": "array",
                       "items": {
                         "$ref": "#/components/schemas/AccessRecord"
                       }
                     },
                     "total": {
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
      {"GET", "/api/v1/me/consents", Access::kCitizen, my_consents,
       R"json({
         "operationId": "myConsents",
         "summary": "My consents",
         "description": "The consents the calling citizen has given, with their use counts.",
         "tags": [
           "sharing"
         ],
         "responses": {
           "200": {
             "description": "Consents",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "consents": {
                       "type": "array",
                       "items": {
                         "$ref": "#/components/schemas/Consent"
                       }
                     }
                   }
                 }
               }
             }
           }
         }
       })json"},
      {"POST", "/api/v1/me/consents", Access::kCitizen, consent_grant,
       R"json({
         "operationId": "grantConsent",
         "summary": "Give a consent (授权)",
         "description": "Lets one organisation read named fields of one data resource about the citizen, for a purpose, until a date.",
         "tags": [
           "sharing"
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "$ref": "#/components/schemas/ConsentGrant"
               }
             }
           }
         },
         "responses": {
           "201": {
             "description": "Granted",
             "content": {
               "application/json": {
                 "schema": {
                   "allOf": [
                     {
                       "$ref": "#/components/schemas/Consent"
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
           }
         }
       })json"},
      {"POST", "/api/v1/me/consents/{id}/shorten", Access::kCitizen, consent_shorten,
       R"json({
         "operationId": "shortenConsent",
         "summary": "Shorten a consent",
         "description": "Validity can only be shortened, never extended.",
         "tags": [
           "sharing"
         ],
         "parameters": [
           {
             "name": "id",
             "in": "path",
             "description": "Consent id",
             "required": true,
             "schema": {
               "type": "string"
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
                   "valid_until"
                 ],
                 "properties": {
                   "valid_until": {
                     "type": "string",
                     "format": "date"
                   }
                 }
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "Shortened",
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
      {"POST", "/api/v1/me/consents/{id}/revoke", Access::kCitizen, consent_revoke,
       R"json({
         "operationId": "revokeConsent",
         "summary": "Revoke a consent",
         "description": "Takes effect at once: later uses are refused.",
         "tags": [
           "sharing"
         ],
         "parameters": [
           {
             "name": "id",
             "in": "path",
             "description": "Consent id",
             "required": true,
             "schema": {
               "type": "string"
             }
           }
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "type": "object"
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "Revoked",
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
      {"GET", "/api/v1/sharing-agreements", Access::kStaff, agreements_list,
       R"json({
         "operationId": "listAgreements",
         "summary": "Sharing agreements",
         "description": "Approved agreements for 有条件共享 resources, optionally of one organisation (as provider or consumer).",
         "tags": [
           "sharing"
         ],
         "parameters": [
           {
             "$ref": "#/components/parameters/Org"
           }
         ],
         "responses": {
           "200": {
             "description": "Agreements",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object"
                 }
               }
             }
           }
         }
       })json"},
      {"POST", "/api/v1/sharing-agreements", Access::kAdmin, agreement_approve,
       R"json({
         "operationId": "approveAgreement",
         "summary": "Approve a sharing agreement",
         "description": "Lets a consumer organisation receive named fields of a 有条件共享 resource under a stated basis, until a date. Requires the admin role.",
         "tags": [
           "sharing"
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "$ref": "#/components/schemas/AgreementApproval"
               }
             }
           }
         },
         "responses": {
           "201": {
             "description": "Approved",
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
      {"POST", "/api/v1/sharing-agreements/{id}/revoke", Access::kAdmin, agreement_revoke,
       R"json({
         "operationId": "revokeAgreement",
         "summary": "Revoke a sharing agreement",
         "description": "Requires the admin role.",
         "tags": [
           "sharing"
         ],
         "parameters": [
           {
             "name": "id",
             "in": "path",
             "description": "Agreement id",
             "required": true,
             "schema": {
               "type": "string"
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
                 "properties": {
                   "reason": {
                     "type": "string"
                   }
                 }
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "Revoked",
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
      {"GET", "/api/v1/registers", Access::kPublic, registers_list,
       R"json({
         "operationId": "listRegisterBatches",
         "summary": "Register batches",
         "description": "Every batch loaded into a department register: resource, number of records, the log index and the salted commitment to the batch (the rows themselves are not published).",
         "tags": [
           "sharing"
         ],
         "parameters": [
           {
             "name": "resource",
             "in": "query",
             "description": "Only this resource",
             "required": false,
             "schema": {
               "type": "string"
             }
           },
           {
             "name": "limit",
             "in": "query",
             "description": "Page size",
             "required": false,
             "schema": {
               "type": "integer",
               "minimum": 0,
               "maximum": 1000
             }
           },
           {
             "$ref": "#/components/parameters/Offset"
           }
         ],
         "responses": {
           "200": {
             "description": "Batches",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object"
                 }
               }
             }
           },
           "400": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/oversight/accesses", Access::kAuditor, oversight_accesses,
       R"json({
         "operationId": "oversightAccesses",
         "summary": "All accesses (auditors)",
         "description": "Every access decision, deferred ones included, optionally by officer. Requires the auditor (or admin) role.",
         "tags": [
           "oversight"
         ],
         "parameters": [
           {
             "name": "officer",
             "in": "query",
             "description": "Only this officer",
             "required": false,
             "schema": {
               "type": "string"
             }
           },
           {
             "name": "limit",
             "in": "query",
             "description": "Page size",
             "required": false,
             "schema": {
               "type": "integer",
               "minimum": 0,
               "maximum": 1000
             }
           },
           {
             "$ref": "#/components/parameters/Offset"
           }
         ],
         "responses": {
           "200": {
             "description": "Accesses",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object"
                 }
               }
             }
           },
           "400": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/oversight/anomalies", Access::kAuditor, oversight_anomalies,
       R"json({
         "operationId": "oversightAnomalies",
         "summary": "Access anomalies (auditors)",
         "description": "Unusual volume per officer (more than three times their organisation's median, at least 20), accesses resting on a power without a case, and bulk reads after hours (Beijing time before 08:00, from 20:00 or at weekends; 10 or more a day). Requires the auditor (or admin) role.",
         "tags": [
           "oversight"
         ],
         "responses": {
           "200": {
             "description": "Anomalies",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object"
                 }
               }
             }
           }
         }
       })json"},
      {"POST", "/api/v1/subjects/{subject}/erase", Access::kAdmin, subject_erase,
       R"json({
         "operationId": "eraseSubject",
         "summary": "Erase a subject's personal data",
         "description": "Where the law requires deletion: erases the personal payloads of every access and consent about the subject and their register rows, under a named legal basis. Leaves, tiles, checkpoints and proofs are unchanged: the log still verifies. Requires the admin role.",
         "tags": [
           "sharing"
         ],
         "parameters": [
           {
             "name": "subject",
             "in": "path",
             "description": "Identity number or credit code",
             "required": true,
             "schema": {
               "type": "string"
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
                   "basis"
                 ],
                 "properties": {
                   "basis": {
                     "$ref": "#/components/schemas/LegalRef"
                   }
                 }
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "Erased",
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
           }
         }
       })json"},
  };
  return routes;
}

}  // namespace sunlight::api
