// Data sharing over HTTP: access requests, "who saw my data", consents, agreements,
// registers, oversight and erasure.
#include "api/handlers.h"
#include "cases/cases.h"
#include "catalog/directory.h"
#include "core/fields.h"
#include "core/time.h"
#include "exchange/exchange.h"

namespace sunlight::api::handlers {

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

}  // namespace sunlight::api::handlers
