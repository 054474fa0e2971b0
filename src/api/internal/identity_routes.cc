// Officers, the caller's own identity, and the demo login.
#include "api/handlers.h"
#include "catalog/codes.h"
#include "core/fields.h"
#include "identity/identity.h"

namespace sunlight::api::handlers {

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

}  // namespace sunlight::api::handlers
