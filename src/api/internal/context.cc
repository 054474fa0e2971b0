#include "api/context.h"

#include "core/crypto.h"
#include "core/fields.h"

namespace sunlight::api {

ledger::Actor actor_of(const Request& req) {
  // A citizen's identity number is personal data: it never goes into a leaf's actor.
  if (req.principal && req.principal->is_citizen()) return ledger::Actor::system_actor("citizen");
  if (req.principal)
    return ledger::Actor::officer_actor(req.principal->officer, req.principal->org);
  return ledger::Actor::system_actor("public");
}

std::optional<nlohmann::json> body_object(const Request& req, const Reply& reply) {
  auto j = parse_json_object(req.body);
  if (!j.is_ok()) {
    reply.problem(j.status());
    return std::nullopt;
  }
  return std::move(j).value();
}

std::optional<Page> page_of(const Request& req, const Reply& reply, uint64_t max_limit) {
  auto limit = query_uint(req, "limit", false, max_limit);
  auto offset = query_uint(req, "offset", false, 100000000);
  if (auto s = Status::combine({&limit.status(), &offset.status()}); !s.is_ok()) {
    reply.problem(s);
    return std::nullopt;
  }
  return Page{static_cast<int>(limit->value_or(100)), static_cast<int>(offset->value_or(0))};
}

std::optional<std::string> body_reason(const Request& req, const Reply& reply) {
  auto body = body_object(req, reply);
  if (!body) return std::nullopt;
  FieldReader r(*body);
  auto reason = r.required_string("reason", 500);
  if (auto s = r.finish(); !s.is_ok()) {
    reply.problem(s);
    return std::nullopt;
  }
  return reason;
}

nlohmann::json receipts_json(const std::vector<ledger::Receipt>& receipts) {
  auto out = nlohmann::json::array();
  for (const auto& r : receipts)
    out.push_back(
        {{"index", r.index}, {"leaf_hash", crypto::base64(crypto::as_bytes(r.leaf_hash))}});
  return out;
}

void run_command(Context& ctx, const Request& req, const Reply& reply, ledger::Decide decide,
                 int status) {
  ctx.platform.sequencer().submit(
      actor_of(req), std::move(decide), [reply, status](ledger::Outcome o) {
        if (!o.status.is_ok()) {
          reply.problem(o.status);
          return;
        }
        nlohmann::json body = o.result.is_object()
                                  ? std::move(o.result)
                                  : nlohmann::json{{"result", std::move(o.result)}};
        body["ledger"] = receipts_json(o.receipts);
        reply.json(status, body);
      });
}

void with_reader(Context& ctx, const Reply& reply,
                 const std::function<void(store::Connection&)>& fn) {
  try {
    fn(ctx.platform.readers().get());
  } catch (const std::exception& e) {
    reply.problem(Status::internal(e.what()));
  }
}

bool require_role(const Request& req, const Reply& reply, std::string_view role) {
  if (req.principal && req.principal->has_role(role)) return true;
  reply.problem(Status(Code::kPermissionDenied, "需要 " + std::string(role) + " 角色",
                       "the " + std::string(role) + " role is required"));
  return false;
}

}  // namespace sunlight::api
