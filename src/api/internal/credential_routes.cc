// E-licences over HTTP: the issuer's JWKS, the status lists, verification, the holder's
// licences, and status changes by the issuing organisation.
#include "api/internal/routes.h"
#include "cases/cases.h"
#include "core/fields.h"
#include "credentials/credentials.h"
#include "exchange/exchange.h"

namespace sunlight::api {
namespace {

using nlohmann::json;

namespace {

const credentials::Issuer& issuer_of(Context& ctx) { return *ctx.platform.cases_config()->issuer; }

void credential_status_change(Context& ctx, const Request& req, const Reply& reply,
                              const std::string& action) {
  auto body = body_object(req, reply);
  if (!body) return;
  auto cmd = credentials::change_status(req.principal->org, req.params.at(0), action, *body);
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, std::move(cmd).value(), 200);
}

}  // namespace

void jwks(Context& ctx, const Request&, const Reply& reply) {
  reply.text(200, "application/jwk-set+json", issuer_of(ctx).jwks().dump(),
             {{"Cache-Control", "public, max-age=300"}});
}

void status_list(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto list = credentials::status_list(c, issuer_of(ctx), req.params.at(0));
    if (!list.is_ok()) return reply.problem(list.status());
    // Short-lived: a revocation must reach verifiers quickly.
    reply.text(200, "application/vc+jwt", *list, {{"Cache-Control", "public, max-age=60"}});
  });
}

void credential_verify(Context& ctx, const Request& req, const Reply& reply) {
  auto body = body_object(req, reply);
  if (!body) return;
  FieldReader r(*body);
  std::string jwt = r.required_string("credential", 20000);
  if (auto st = r.finish(); !st.is_ok()) return reply.problem(st);
  const auto& issuer = issuer_of(ctx);
  auto v = credentials::verify_jws(jwt, issuer.jwks());
  json out = {{"signature_valid", v.signature_valid}, {"valid", false}};
  if (!v.signature_valid) {
    out["problem"] = v.problem;
    return reply.json(200, out);
  }
  with_reader(ctx, reply, [&](store::Connection& c) {
    std::string id = v.payload.value("id", "");
    auto slash = id.rfind('/');
    auto k = credentials::find(c, slash == std::string::npos ? id : id.substr(slash + 1));
    json status = json::object();
    for (const char* purpose : credentials::kPurposes) {
      bool set = k && ((std::string(purpose) == "revocation" && k->status == "revoked") ||
                       (std::string(purpose) == "suspension" && k->status == "suspended"));
      status[purpose] = !k    ? "unknown"
                        : set ? (std::string(purpose) == "revocation" ? "revoked" : "suspended")
                              : "ok";
    }
    out["status"] = status;
    out["valid"] = k && k->status == "active" && v.header.value("typ", "") == "vc+jwt";
    out["credential"] = v.payload;
    if (k)
      out["issuance"] = {
          {"index", k->index},
          {"proof", "/api/v1/log/proof/inclusion?index=" + std::to_string(k->index)}};
    reply.json(200, out);
  });
}

void my_credentials(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    // The person's own licences, then those of the businesses they represent.
    std::vector<std::string> holders{req.principal->citizen};
    for (auto& b : exchange::businesses_represented(c, req.principal->citizen))
      holders.push_back(std::move(b));
    json list = json::array();
    for (const auto& holder : holders)
      for (const auto& k : credentials::credentials_of(c, holder)) {
        json j = credentials::to_json(k, true);
        j["holder_kind"] = holder == req.principal->citizen ? "person" : "business";
        list.push_back(std::move(j));
      }
    reply.json(200, {{"credentials", list}});
  });
}

void credential_revoke(Context& ctx, const Request& req, const Reply& reply) {
  credential_status_change(ctx, req, reply, "revoke");
}
void credential_suspend(Context& ctx, const Request& req, const Reply& reply) {
  credential_status_change(ctx, req, reply, "suspend");
}
void credential_reinstate(Context& ctx, const Request& req, const Reply& reply) {
  credential_status_change(ctx, req, reply, "reinstate");
}

}  // namespace

std::vector<Route> credential_routes() {
  std::vector<Route> routes = {
      {"GET", "/.well-known/jwks.json", Access::kPublic, jwks,
       R"json({
         "operationId": "jwks",
         "summary": "The e-licence issuer's keys (JWKS)",
         "description": "The public P-256 key (ES256) that signs e-licences and status lists; any JOSE library verifies a credential offline with it.",
         "tags": [
           "credentials"
         ],
         "responses": {
           "200": {
             "description": "OK",
             "content": {
               "application/jwk-set+json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "keys": {
                       "type": "array",
                       "items": {
                         "type": "object"
                       }
                     }
                   }
                 }
               }
             }
           }
         }
       })json"},
      {"GET", "/credentials/status/{purpose}", Access::kPublic, status_list,
       R"json({
         "operationId": "statusList",
         "summary": "A Bitstring Status List credential",
         "description": "The signed BitstringStatusListCredential (vc+jwt) for revocation or suspension; index 0 is the left-most bit; gzip, multibase base64url; at least 131,072 entries.",
         "tags": [
           "credentials"
         ],
         "parameters": [
           {
             "name": "purpose",
             "in": "path",
             "description": "revocation or suspension",
             "required": true,
             "schema": {
               "type": "string",
               "enum": [
                 "revocation",
                 "suspension"
               ]
             }
           }
         ],
         "responses": {
           "200": {
             "description": "OK",
             "content": {
               "application/vc+jwt": {
                 "schema": {
                   "type": "string"
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"POST", "/api/v1/credentials/verify", Access::kPublic, credential_verify,
       R"json({
         "operationId": "verifyCredential",
         "summary": "Verify an e-licence",
         "description": "Checks the ES256 signature against the issuer's key and the credential's current status.",
         "tags": [
           "credentials"
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "type": "object",
                 "properties": {
                   "credential": {
                     "type": "string"
                   }
                 },
                 "required": [
                   "credential"
                 ]
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "OK",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "valid": {
                       "type": "boolean"
                     },
                     "signature_valid": {
                       "type": "boolean"
                     },
                     "problem": {
                       "type": "string"
                     },
                     "status": {
                       "type": "object",
                       "properties": {
                         "revocation": {
                           "type": "string",
                           "enum": [
                             "ok",
                             "revoked",
                             "unknown"
                           ]
                         },
                         "suspension": {
                           "type": "string",
                           "enum": [
                             "ok",
                             "suspended",
                             "unknown"
                           ]
                         }
                       }
                     },
                     "credential": {
                       "type": "object"
                     },
                     "issuance": {
                       "type": "object"
                     }
                   }
                 }
               }
             }
           }
         }
       })json"},
      {"GET", "/api/v1/me/credentials", Access::kCitizen, my_credentials,
       R"json({
         "operationId": "myCredentials",
         "summary": "My e-licences (我的证照)",
         "description": "Credentials issued to the calling citizen, each with its compact vc+jwt.",
         "tags": [
           "credentials"
         ],
         "responses": {
           "200": {
             "description": "OK",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "credentials": {
                       "type": "array",
                       "items": {
                         "$ref": "#/components/schemas/CredentialRecord"
                       }
                     }
                   }
                 }
               }
             }
           }
         }
       })json"},
      {"POST", "/api/v1/credentials/{id}/revoke", Access::kOfficer, credential_revoke,
       R"json({
         "operationId": "revokeCredential",
         "summary": "Revoke (注销)",
         "description": "Final: sets the credential's bit in the revocation list. Only by an officer of the issuing organisation.",
         "tags": [
           "credentials"
         ],
         "parameters": [
           {
             "name": "id",
             "in": "path",
             "description": "Credential id",
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
                 "$ref": "#/components/schemas/Reason"
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "OK",
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
      {"POST", "/api/v1/credentials/{id}/suspend", Access::kOfficer, credential_suspend,
       R"json({
         "operationId": "suspendCredential",
         "summary": "Suspend (暂停)",
         "description": "Sets its bit in the suspension list until reinstated. Only by an officer of the issuing organisation.",
         "tags": [
           "credentials"
         ],
         "parameters": [
           {
             "name": "id",
             "in": "path",
             "description": "Credential id",
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
                 "$ref": "#/components/schemas/Reason"
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "OK",
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
      {"POST", "/api/v1/credentials/{id}/reinstate", Access::kOfficer, credential_reinstate,
       R"json({
         "operationId": "reinstateCredential",
         "summary": "Reinstate",
         "description": "Clears a suspension. Only by an officer of the issuing organisation.",
         "tags": [
           "credentials"
         ],
         "parameters": [
           {
             "name": "id",
             "in": "path",
             "description": "Credential id",
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
                 "$ref": "#/components/schemas/Reason"
               }
             }
           }
         },
         "responses": {
           "200": {
             "description": "OK",
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
