// E-licences over HTTP: the issuer's JWKS, the status lists, verification, the holder's
// licences, and status changes by the issuing organisation.
#include "api/handlers.h"
#include "cases/cases.h"
#include "core/fields.h"
#include "credentials/credentials.h"

namespace sunlight::api::handlers {

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
    json list = json::array();
    for (const auto& k : credentials::credentials_of(c, req.principal->citizen))
      list.push_back(credentials::to_json(k, true));
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

}  // namespace sunlight::api::handlers
