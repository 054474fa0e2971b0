// Case handling over HTTP: uploads, the citizen's applications, the officer workbench,
// ratings and rectifications, and the public performance and calendar pages.
#include "api/handlers.h"
#include "cases/cases.h"
#include "core/time.h"

namespace sunlight::api::handlers {

using nlohmann::json;

namespace {

cases::Applicant applicant_of(const Request& req) {
  return cases::Applicant{req.principal->citizen, std::nullopt};
}
cases::Officer officer_of(const Request& req) {
  return cases::Officer{req.principal->officer, req.principal->org, std::nullopt};
}

// Runs a command built from the body, or answers its input errors.
template <typename Build>
void command_from_body(Context& ctx, const Request& req, const Reply& reply, int status,
                       Build build) {
  auto body = body_object(req, reply);
  if (!body) return;
  Result<ledger::Decide> cmd = build(*body);
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, std::move(cmd).value(), status);
}

json case_summary(const cases::Case& k, const cases::Config& config, int64_t today) {
  json j = {{"no", k.no},
            {"status", k.status},
            {"stage", k.stage.empty() ? json() : json(k.stage)},
            {"org", k.org},
            {"applied_on", k.applied_on},
            {"clock", cases::clock_json(k, config, today)},
            {"outcome", k.outcome.empty() ? json() : json(k.outcome)},
            {"assignee", k.assignee ? json(*k.assignee) : json()}};
  if (!k.item.empty()) j["item"] = k.item;
  if (!k.life_event.empty()) j["life_event"] = k.life_event;
  if (!k.parent.empty()) j["parent"] = k.parent;
  return j;
}

// An officer sees a case their organisation handles (or a life event one of whose cases it
// handles); auditors see every case.
bool officer_may_see(store::Connection& c, const Request& req, const cases::Case& k) {
  if (req.principal->has_role("auditor")) return true;
  if (k.org == req.principal->org) return true;
  auto st = c.cached("SELECT 1 FROM cases WHERE parent = ? AND org = ?");
  st.bind_all(k.no, req.principal->org);
  return st.step();
}

Status no_such_case() { return Status::not_found("办件不存在", "no such case"); }

}  // namespace

// --- uploads ---------------------------------------------------------------------------------

void upload_store(Context& ctx, const Request& req, const Reply& reply) {
  auto cmd = cases::store_upload(req.principal->citizen, req.header("Content-Type").value_or(""),
                                 req.body);
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, std::move(cmd).value(), 201);
}

void upload_get(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto up = cases::find_upload(c, req.params.at(0), req.principal->citizen);
    auto bytes = up ? cases::upload_bytes(c, up->hash) : std::nullopt;
    if (!bytes) return reply.problem(Status::not_found("文件不存在", "no such upload"));
    reply.text(200, up->media_type, std::move(*bytes),
               {{"Cache-Control", "private, max-age=3600"}});
  });
}

// --- the citizen's cases ---------------------------------------------------------------------

void my_case_apply(Context& ctx, const Request& req, const Reply& reply) {
  auto config = ctx.platform.cases_config();
  command_from_body(ctx, req, reply, 201,
                    [&](const json& b) { return cases::apply(applicant_of(req), b, config); });
}

void my_cases_list(Context& ctx, const Request& req, const Reply& reply) {
  auto page = page_of(req, reply, 200);
  if (!page) return;
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto config = ctx.platform.cases_config();
    int64_t today = timeutil::local_day(timeutil::now_millis());
    json list = json::array();
    for (const auto& k : cases::cases_of(c, req.principal->citizen, page->limit, page->offset))
      list.push_back(case_summary(k, *config, today));
    reply.json(200, {{"cases", list}, {"limit", page->limit}, {"offset", page->offset}});
  });
}

void my_case_get(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto k = cases::find_case(c, req.params.at(0));
    if (!k || k->agent != req.principal->citizen) return reply.problem(no_such_case());
    reply.json(200, cases::case_json(c, *k, *ctx.platform.cases_config(), true));
  });
}

void my_case_submit(Context& ctx, const Request& req, const Reply& reply) {
  run_command(ctx, req, reply,
              cases::confirm(applicant_of(req), req.params.at(0), ctx.platform.cases_config()));
}

void my_case_resubmit(Context& ctx, const Request& req, const Reply& reply) {
  auto config = ctx.platform.cases_config();
  command_from_body(ctx, req, reply, 200, [&](const json& b) {
    return cases::resubmit(applicant_of(req), req.params.at(0), b, config);
  });
}

void my_case_withdraw(Context& ctx, const Request& req, const Reply& reply) {
  run_command(ctx, req, reply,
              cases::withdraw(applicant_of(req), req.params.at(0), ctx.platform.cases_config()));
}

void my_case_rate(Context& ctx, const Request& req, const Reply& reply) {
  auto config = ctx.platform.cases_config();
  command_from_body(ctx, req, reply, 201, [&](const json& b) {
    return cases::rate(applicant_of(req), req.params.at(0), b, config);
  });
}

void my_case_appeal(Context& ctx, const Request& req, const Reply& reply) {
  command_from_body(ctx, req, reply, 200, [&](const json& b) {
    return cases::appeal(applicant_of(req), req.params.at(0), b);
  });
}

// --- the officer workbench -------------------------------------------------------------------

void workbench_queue(Context& ctx, const Request& req, const Reply& reply) {
  auto page = page_of(req, reply, 500);
  if (!page) return;
  cases::QueueFilter f;
  f.org = req.principal->org;
  f.limit = page->limit;
  f.offset = page->offset;
  f.status = req.query("status");
  f.item = req.query("item");
  f.due_before = req.query("due_before");
  std::vector<FieldError> errors;
  static const std::vector<std::string> kStatuses = {"submitted", "in_progress", "returned",
                                                     "special",   "decided",     "closed"};
  if (f.status && std::find(kStatuses.begin(), kStatuses.end(), *f.status) == kStatuses.end())
    errors.push_back({"status", "应为 submitted、in_progress、returned、special、decided 或 closed",
                      "must be submitted, in_progress, returned, special, decided or closed"});
  if (f.due_before && !timeutil::parse_date(*f.due_before))
    errors.push_back({"due_before", "应为日期 YYYY-MM-DD", "must be a date YYYY-MM-DD"});
  if (auto mine = req.query("mine")) {
    if (*mine == "true")
      f.assignee = req.principal->officer;
    else if (*mine != "false")
      errors.push_back({"mine", "应为 true 或 false", "must be true or false"});
  }
  if (auto overdue = req.query("overdue")) {
    if (*overdue == "true")
      f.overdue_only = true;
    else if (*overdue != "false")
      errors.push_back({"overdue", "应为 true 或 false", "must be true or false"});
  }
  if (!errors.empty()) return reply.problem(Status::invalid(std::move(errors)));
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto config = ctx.platform.cases_config();
    int64_t today = timeutil::local_day(timeutil::now_millis());
    json list = json::array();
    for (const auto& k : cases::queue(c, f, timeutil::format_date(today)))
      list.push_back(case_summary(k, *config, today));
    reply.json(200, {{"org", f.org}, {"cases", list}, {"limit", f.limit}, {"offset", f.offset}});
  });
}

void workbench_alerts(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    reply.json(200, cases::alerts(c, req.principal->org, *ctx.platform.cases_config(),
                                  timeutil::local_day(timeutil::now_millis())));
  });
}

void case_get(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto k = cases::find_case(c, req.params.at(0));
    if (!k || !officer_may_see(c, req, *k)) return reply.problem(no_such_case());
    reply.json(200, cases::case_json(c, *k, *ctx.platform.cases_config(), true));
  });
}

void case_upload_get(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto k = cases::find_case(c, req.params.at(0));
    if (!k || !officer_may_see(c, req, *k)) return reply.problem(no_such_case());
    auto st = c.cached("SELECT 1 FROM case_materials WHERE case_no = ? AND upload = ?");
    st.bind_all(k->no, req.params.at(1));
    auto bytes = st.step() ? cases::upload_bytes(c, req.params.at(1)) : std::nullopt;
    auto up = bytes && k->agent ? cases::find_upload(c, req.params.at(1), *k->agent) : std::nullopt;
    if (!bytes || !up)
      return reply.problem(Status::not_found("该办件没有这个文件", "the case has no such upload"));
    reply.text(200, up->media_type, std::move(*bytes), {{"Cache-Control", "private, no-store"}});
  });
}

void case_claim(Context& ctx, const Request& req, const Reply& reply) {
  run_command(ctx, req, reply, cases::claim(officer_of(req), req.params.at(0)));
}

void case_act(Context& ctx, const Request& req, const Reply& reply) {
  auto config = ctx.platform.cases_config();
  command_from_body(ctx, req, reply, 200, [&](const json& b) {
    return cases::act(officer_of(req), req.params.at(0), b, config);
  });
}

void case_visit(Context& ctx, const Request& req, const Reply& reply) {
  command_from_body(ctx, req, reply, 201, [&](const json& b) {
    return cases::record_visit(officer_of(req), req.params.at(0), b);
  });
}

void case_comment(Context& ctx, const Request& req, const Reply& reply) {
  command_from_body(ctx, req, reply, 201, [&](const json& b) {
    return cases::comment(officer_of(req), req.params.at(0), b);
  });
}

// --- rectifications --------------------------------------------------------------------------

void rectification_contact(Context& ctx, const Request& req, const Reply& reply) {
  command_from_body(ctx, req, reply, 200, [&](const json& b) {
    return cases::rectify(officer_of(req), req.params.at(0), "contact", b);
  });
}

void rectification_fix(Context& ctx, const Request& req, const Reply& reply) {
  command_from_body(ctx, req, reply, 200, [&](const json& b) {
    return cases::rectify(officer_of(req), req.params.at(0), "fix", b);
  });
}

void rectification_appeal_decision(Context& ctx, const Request& req, const Reply& reply) {
  command_from_body(ctx, req, reply, 200, [&](const json& b) {
    return cases::decide_appeal(officer_of(req), req.params.at(0), b);
  });
}

void rectifications_list(Context& ctx, const Request& req, const Reply& reply) {
  static const std::vector<std::string> kStates = {"open", "contacted", "fixed", "appealed",
                                                   "appeal_decided"};
  if (auto status = req.query("status");
      status && std::find(kStates.begin(), kStates.end(), *status) == kStates.end())
    return reply.problem(
        Status::invalid_field("status", "应为 open、contacted、fixed、appealed 或 appeal_decided",
                              "must be open, contacted, fixed, appealed or appeal_decided"));
  with_reader(ctx, reply, [&](store::Connection& c) {
    reply.json(200,
               cases::rectifications(c, req.query("org"), req.query("status"), req.query("case")));
  });
}

// --- public pages ----------------------------------------------------------------------------

void application_form(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto form = cases::form_of(c, req.params.at(0));
    if (!form.is_ok()) return reply.problem(form.status());
    reply.json(200, *form);
  });
}

void performance(Context& ctx, const Request& req, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    reply.json(200, cases::performance(c, req.query("org"), req.query("item")));
  });
}

void calendar_year(Context& ctx, const Request& req, const Reply& reply) {
  const std::string& text = req.params.at(0);
  int year = 0;
  if (text.size() != 4 || text.find_first_not_of("0123456789") != std::string::npos ||
      (year = std::stoi(text)) < 1990 || year > 2100)
    return reply.problem(Status::invalid_field("year", "应为 1990 到 2100 之间的年份",
                                               "must be a year from 1990 to 2100"));
  const auto& calendar = ctx.platform.cases_config()->calendar;
  auto first = *timeutil::parse_date(text + "-01-01"),
       last = *timeutil::parse_date(text + "-12-31");
  json holidays = json::array(), workdays = json::array();
  int working = 0;
  for (int64_t d = first; d <= last; ++d) {
    bool weekend = timeutil::weekday(d) >= 6;
    bool works = calendar.is_working_day(d);
    working += works ? 1 : 0;
    if (!works && !calendar.holiday_name(d).empty())
      holidays.push_back({{"date", timeutil::format_date(d)}, {"name", calendar.holiday_name(d)}});
    else if (works && weekend)
      workdays.push_back({{"date", timeutil::format_date(d)}});
  }
  reply.json(200, {{"year", year},
                   {"configured", calendar.covers(first)},
                   {"working_days", working},
                   {"holidays", holidays},
                   {"adjusted_workdays", workdays}});
}

}  // namespace sunlight::api::handlers
