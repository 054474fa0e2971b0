// Case handling over HTTP: uploads, the citizen's applications, the officer workbench,
// ratings and rectifications, and the public performance and calendar pages.
#include "api/internal/routes.h"
#include "cases/cases.h"
#include "catalog/directory.h"
#include "core/fields.h"
#include "core/time.h"

namespace sunlight::api {
namespace {

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

json case_summary(store::Connection& c, const cases::Case& k, const cases::Config& config,
                  int64_t today) {
  json j = {{"no", k.no},
            {"status", cases::shown_status(c, k)},
            {"stage", k.stage.empty() ? json() : json(k.stage)},
            {"org", k.org},
            {"applied_on", k.applied_on},
            {"clock", cases::clock_json(k, config, today)},
            {"outcome", k.outcome.empty() ? json() : json(k.outcome)},
            {"assignee", k.assignee ? json(*k.assignee) : json()}};
  if (!k.item.empty()) j["item"] = k.item;
  if (!k.life_event.empty()) j["life_event"] = k.life_event;
  if (!k.parent.empty()) j["parent"] = k.parent;
  // The names a list shows, so no one has to fetch every case for them.
  const bool life_event = !k.life_event.empty();
  if (auto rec = catalog::find_record_shared(
          c, life_event ? catalog::Kind::kLifeEvent : catalog::Kind::kItem,
          life_event ? k.life_event : k.item))
    j["item_name"] = life_event ? rec->life_event().name : rec->item().name;
  if (auto org = catalog::find_organisation(c, k.org)) j["org_name"] = org->name;
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
      list.push_back(case_summary(c, k, *config, today));
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
  command_from_body(ctx, req, reply, 200, [&](const json& b) -> Result<ledger::Decide> {
    FieldReader r(b);  // a withdrawal takes no members: any is an error naming it
    SUNLIGHT_RETURN_IF_ERROR(r.finish());
    return cases::withdraw(applicant_of(req), req.params.at(0), ctx.platform.cases_config());
  });
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
      list.push_back(case_summary(c, k, *config, today));
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

void my_application_form(Context& ctx, const Request& req, const Reply& reply) {
  std::optional<std::string> business;
  if (auto b = req.query("business")) {
    auto parsed = exchange::parse_subject("business", *b, "business");
    if (!parsed.is_ok()) return reply.problem(parsed.status());
    business = *parsed;
  }
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto form = cases::form_of(c, req.params.at(0), applicant_of(req), business);
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

}  // namespace

std::vector<Route> case_routes() {
  std::vector<Route> routes = {
      {"POST", "/api/v1/me/uploads", Access::kCitizen, upload_store,
       R"json({
         "operationId": "uploadFile",
         "summary": "Upload a material (上传材料)",
         "description": "A PDF, JPEG or PNG file of at most 10 MiB as the raw body, its type in Content-Type (checked against the file's first bytes). Stored by its SHA-256; the ledger commits to the hash, the bytes stay off the log.",
         "tags": [
           "cases"
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/pdf": {
               "schema": {
                 "type": "string",
                 "format": "binary"
               }
             },
             "image/jpeg": {
               "schema": {
                 "type": "string",
                 "format": "binary"
               }
             },
             "image/png": {
               "schema": {
                 "type": "string",
                 "format": "binary"
               }
             }
           }
         },
         "responses": {
           "201": {
             "description": "Stored",
             "content": {
               "application/json": {
                 "schema": {
                   "allOf": [
                     {
                       "type": "object",
                       "properties": {
                         "hash": {
                           "type": "string"
                         },
                         "media_type": {
                           "type": "string"
                         },
                         "size": {
                           "type": "integer"
                         }
                       }
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
       })json",
       cases::kMaxUploadBytes + 1 /* a larger file gets our own 413 */},
      {"GET", "/api/v1/me/uploads/{hash}", Access::kCitizen, upload_get,
       R"json({
         "operationId": "myUpload",
         "summary": "One of my uploads",
         "description": "The file's bytes.",
         "tags": [
           "cases"
         ],
         "parameters": [
           {
             "name": "hash",
             "in": "path",
             "description": "SHA-256 of the file",
             "required": true,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "OK",
             "content": {
               "application/octet-stream": {
                 "schema": {
                   "type": "string",
                   "format": "binary"
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/me/cases", Access::kCitizen, my_cases_list,
       R"json({
         "operationId": "myCases",
         "summary": "My cases (我的办件)",
         "description": "The calling citizen's applications, newest first.",
         "tags": [
           "cases"
         ],
         "parameters": [
           {
             "name": "limit",
             "in": "query",
             "description": "At most 200",
             "required": false,
             "schema": {
               "type": "integer"
             }
           },
           {
             "name": "offset",
             "in": "query",
             "description": "Skip",
             "required": false,
             "schema": {
               "type": "integer"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "OK",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "cases": {
                       "type": "array",
                       "items": {
                         "$ref": "#/components/schemas/CaseSummary"
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
      {"POST", "/api/v1/me/cases", Access::kCitizen, my_case_apply,
       R"json({
         "operationId": "apply",
         "summary": "Apply (申请办理)",
         "description": "Applies for a service item or a life event (一件事: one case per department, handled in parallel). The receipt carries the case number and the ledger receipts.",
         "tags": [
           "cases"
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "$ref": "#/components/schemas/Application"
               }
             }
           }
         },
         "responses": {
           "201": {
             "description": "Applied",
             "content": {
               "application/json": {
                 "schema": {
                   "allOf": [
                     {
                       "type": "object",
                       "properties": {
                         "no": {
                           "type": "string"
                         },
                         "status": {
                           "type": "string"
                         },
                         "cases": {
                           "type": "array",
                           "items": {
                             "type": "object"
                           }
                         }
                       }
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
      {"GET", "/api/v1/me/cases/{no}", Access::kCitizen, my_case_get,
       R"json({
         "operationId": "myCase",
         "summary": "One of my cases",
         "description": "Status, current step, responsible department, deadlines, materials (with fetched values for preview), and the timeline with a ledger proof for every step.",
         "tags": [
           "cases"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number",
             "required": true,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "OK",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/Case"
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"POST", "/api/v1/me/cases/{no}/submit", Access::kCitizen, my_case_submit,
       R"json({
         "operationId": "submitCase",
         "summary": "Confirm and submit a draft",
         "description": "After previewing the fetched materials; a life event submits all its cases.",
         "tags": [
           "cases"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number",
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
      {"POST", "/api/v1/me/cases/{no}/resubmit", Access::kCitizen, my_case_resubmit,
       R"json({
         "operationId": "resubmitCase",
         "summary": "Resubmit after 补正",
         "description": "Uploads for the materials asked for; the clock resumes, extended by the working days it stood still.",
         "tags": [
           "cases"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number",
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
                 "$ref": "#/components/schemas/Materials"
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
      {"POST", "/api/v1/me/cases/{no}/withdraw", Access::kCitizen, my_case_withdraw,
       R"json({
         "operationId": "withdrawCase",
         "summary": "Withdraw",
         "description": "Before a decision; withdraws a life event's open cases too.",
         "tags": [
           "cases"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number",
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
                 "additionalProperties": false,
                 "description": "Empty: a withdrawal takes no members"
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
      {"POST", "/api/v1/me/cases/{no}/rating", Access::kCitizen, my_case_rate,
       R"json({
         "operationId": "rateCase",
         "summary": "Rate a case (好差评)",
         "description": "Once decided: five levels with the standard indicators. Levels 1–2 open a rectification (contact and fix deadlines in working days); one follow-up rating after the fix.",
         "tags": [
           "cases"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number",
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
                 "$ref": "#/components/schemas/Rating"
               }
             }
           }
         },
         "responses": {
           "201": {
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
      {"POST", "/api/v1/me/cases/{no}/appeal", Access::kCitizen, my_case_appeal,
       R"json({
         "operationId": "appealRectification",
         "summary": "Appeal a rectification",
         "description": "After the rectification is fixed; an auditor outside the rated organisation decides.",
         "tags": [
           "cases"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number",
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
                 "properties": {
                   "reason": {
                     "type": "string"
                   }
                 },
                 "required": [
                   "reason"
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
      {"GET", "/api/v1/workbench/queue", Access::kOfficer, workbench_queue,
       R"json({
         "operationId": "workbenchQueue",
         "summary": "My organisation's queue (待办)",
         "description": "Open cases of the caller's organisation: those awaiting acceptance first, then by nearest statutory deadline; with overdue=true, running cases past their promised limit, most overdue first.",
         "tags": [
           "workbench"
         ],
         "parameters": [
           {
             "name": "status",
             "in": "query",
             "description": "One status",
             "required": false,
             "schema": {
               "type": "string",
               "enum": [
                 "submitted",
                 "in_progress",
                 "returned",
                 "special",
                 "decided",
                 "closed"
               ]
             }
           },
           {
             "name": "item",
             "in": "query",
             "description": "Service item code",
             "required": false,
             "schema": {
               "type": "string"
             }
           },
           {
             "name": "due_before",
             "in": "query",
             "description": "Statutory deadline on or before",
             "required": false,
             "schema": {
               "type": "string",
               "format": "date"
             }
           },
           {
             "name": "overdue",
             "in": "query",
             "description": "Only cases past a deadline",
             "required": false,
             "schema": {
               "type": "boolean"
             }
           },
           {
             "name": "mine",
             "in": "query",
             "description": "Only cases claimed by the caller",
             "required": false,
             "schema": {
               "type": "boolean"
             }
           },
           {
             "name": "limit",
             "in": "query",
             "description": "At most 500",
             "required": false,
             "schema": {
               "type": "integer"
             }
           },
           {
             "name": "offset",
             "in": "query",
             "description": "Skip",
             "required": false,
             "schema": {
               "type": "integer"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "OK",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "org": {
                       "type": "string"
                     },
                     "cases": {
                       "type": "array",
                       "items": {
                         "$ref": "#/components/schemas/CaseSummary"
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
      {"GET", "/api/v1/workbench/alerts", Access::kOfficer, workbench_alerts,
       R"json({
         "operationId": "workbenchAlerts",
         "summary": "Deadline alerts (预警)",
         "description": "Counts of the caller's organisation's running cases that are overdue or due within the warning window (--warn-days working days), and the first 100 of them, most urgent first.",
         "tags": [
           "workbench"
         ],
         "responses": {
           "200": {
             "description": "OK",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "overdue": {
                       "type": "integer",
                       "description": "Running cases past their promised limit"
                     },
                     "warn_days": {
                       "type": "integer"
                     },
                     "alerts": {
                       "type": "array",
                       "items": {
                         "type": "object"
                       }
                     },
                     "due_soon": {
                       "type": "integer"
                     }
                   }
                 }
               }
             }
           }
         }
       })json"},
      {"GET", "/api/v1/cases/{no}", Access::kCaseReader, case_get,
       R"json({
         "operationId": "getCase",
         "summary": "A case (handling officers, auditors)",
         "description": "Visible to the handling organisation (and a life event's departments) and to auditors; others get 404.",
         "tags": [
           "workbench"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number",
             "required": true,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "OK",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/Case"
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/cases/{no}/uploads/{hash}", Access::kCaseReader, case_upload_get,
       R"json({
         "operationId": "caseUpload",
         "summary": "A case's uploaded material",
         "description": "For officers who may see the case.",
         "tags": [
           "workbench"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number",
             "required": true,
             "schema": {
               "type": "string"
             }
           },
           {
             "name": "hash",
             "in": "path",
             "description": "SHA-256 of the file",
             "required": true,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "OK",
             "content": {
               "application/octet-stream": {
                 "schema": {
                   "type": "string",
                   "format": "binary"
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"POST", "/api/v1/cases/{no}/claim", Access::kOfficer, case_claim,
       R"json({
         "operationId": "claimCase",
         "summary": "Claim (认领)",
         "description": "Assigns the case to the caller; the power list must allow the caller's organisation at the current stage.",
         "tags": [
           "workbench"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number",
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
      {"POST", "/api/v1/cases/{no}/actions", Access::kOfficer, case_act,
       R"json({
         "operationId": "actOnCase",
         "summary": "Act on a case (办理)",
         "description": "Accept, refuse, return for supplement (pauses the clock), advance, start or end a special step, approve, reject, deliver. Each is checked against the power list for the case's current stage: 403 names the reason.",
         "tags": [
           "workbench"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number",
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
                 "$ref": "#/components/schemas/CaseAction"
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
      {"POST", "/api/v1/cases/{no}/visits", Access::kOfficer, case_visit,
       R"json({
         "operationId": "recordVisit",
         "summary": "Record an in-person visit (跑动)",
         "description": "Counted against the item's promised visits.",
         "tags": [
           "workbench"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number",
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
                 "properties": {
                   "purpose": {
                     "type": "string"
                   }
                 }
               }
             }
           }
         },
         "responses": {
           "201": {
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
           }
         }
       })json"},
      {"POST", "/api/v1/cases/{no}/comments", Access::kOfficer, case_comment,
       R"json({
         "operationId": "commentOnCase",
         "summary": "Comment",
         "description": "A note on the case's timeline (kept off the public log).",
         "tags": [
           "workbench"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number",
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
                 "properties": {
                   "text": {
                     "type": "string"
                   }
                 },
                 "required": [
                   "text"
                 ]
               }
             }
           }
         },
         "responses": {
           "201": {
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
           }
         }
       })json"},
      {"GET", "/api/v1/rectifications", Access::kPublic, rectifications_list,
       R"json({
         "operationId": "rectifications",
         "summary": "Rectifications (整改) — public",
         "description": "Bad ratings and their rectification: deadlines, when contacted and fixed, appeals. The applicant's words are not shown.",
         "tags": [
           "cases"
         ],
         "parameters": [
           {
             "name": "case",
             "in": "query",
             "description": "Only the rectification of this case",
             "required": false,
             "schema": {
               "type": "string"
             }
           },
           {
             "$ref": "#/components/parameters/Org"
           },
           {
             "name": "status",
             "in": "query",
             "description": "open, contacted, fixed, appealed, appeal_decided",
             "required": false,
             "schema": {
               "type": "string",
               "enum": [
                 "open",
                 "contacted",
                 "fixed",
                 "appealed",
                 "appeal_decided"
               ]
             }
           }
         ],
         "responses": {
           "200": {
             "description": "OK",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "rectifications": {
                       "type": "array",
                       "items": {
                         "type": "object"
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
      {"POST", "/api/v1/rectifications/{no}/contact", Access::kOfficer, rectification_contact,
       R"json({
         "operationId": "rectificationContact",
         "summary": "Contact the applicant",
         "description": "By the rated organisation.",
         "tags": [
           "workbench"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number of the rated case",
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
                 "$ref": "#/components/schemas/Note"
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
      {"POST", "/api/v1/rectifications/{no}/fix", Access::kOfficer, rectification_fix,
       R"json({
         "operationId": "rectificationFix",
         "summary": "Report the fix",
         "description": "By the rated organisation, after contact; opens the one follow-up rating.",
         "tags": [
           "workbench"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number of the rated case",
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
                 "$ref": "#/components/schemas/Note"
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
      {"POST", "/api/v1/rectifications/{no}/appeal-decision", Access::kAuditor,
       rectification_appeal_decision,
       R"json({
         "operationId": "rectificationAppealDecision",
         "summary": "Decide an appeal",
         "description": "By an auditor outside the rated organisation.",
         "tags": [
           "workbench"
         ],
         "parameters": [
           {
             "name": "no",
             "in": "path",
             "description": "Case number of the rated case",
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
                 "properties": {
                   "upheld": {
                     "type": "boolean"
                   },
                   "finding": {
                     "type": "string"
                   }
                 },
                 "required": [
                   "upheld",
                   "finding"
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
      {"GET", "/api/v1/performance", Access::kPublic, performance,
       R"json({
         "operationId": "performance",
         "summary": "Performance (绩效) — public",
         "description": "Per organisation and per item: cases, decisions, average days to decision, late against statutory and promised limits, overdue rate, visits against the promise, ratings and bad ratings; the distribution of rating levels.",
         "tags": [
           "cases"
         ],
         "parameters": [
           {
             "$ref": "#/components/parameters/Org"
           },
           {
             "name": "item",
             "in": "query",
             "description": "Service item code",
             "required": false,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "OK",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "by_org": {
                       "type": "array",
                       "items": {
                         "$ref": "#/components/schemas/PerformanceRow"
                       }
                     },
                     "by_item": {
                       "type": "array",
                       "items": {
                         "$ref": "#/components/schemas/PerformanceRow"
                       }
                     },
                     "rating_levels": {
                       "type": "object"
                     }
                   }
                 }
               }
             }
           }
         }
       })json"},
      {"GET", "/api/v1/calendar/{year}", Access::kPublic, calendar_year,
       R"json({
         "operationId": "calendarYear",
         "summary": "The working-day calendar of a year",
         "description": "Public holidays and adjusted working days (调休) from data/calendar/<year>.json; configured=false means weekends only.",
         "tags": [
           "cases"
         ],
         "parameters": [
           {
             "name": "year",
             "in": "path",
             "description": "Four-digit year",
             "required": true,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "OK",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "year": {
                       "type": "integer"
                     },
                     "configured": {
                       "type": "boolean"
                     },
                     "working_days": {
                       "type": "integer"
                     },
                     "holidays": {
                       "type": "array",
                       "items": {
                         "type": "object"
                       }
                     },
                     "adjusted_workdays": {
                       "type": "array",
                       "items": {
                         "type": "object"
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
      {"GET", "/api/v1/forms/{code}", Access::kPublic, application_form,
       R"json({
         "operationId": "applicationForm",
         "summary": "The application form of an item or a life event",
         "description": "Built from the catalogue: contact fields, one declaration per condition (申请条件; a life event's items' conditions in order, each once) — the declarations an application must confirm, in this order — who may apply, whether it can be done online (and why not), and the materials with where each will come from for anyone before sign-in (the signed-in applicant's own form is GET /api/v1/me/forms/{code}).",
         "tags": [
           "cases"
         ],
         "parameters": [
           {
             "name": "code",
             "in": "path",
             "description": "Service item or life event code",
             "required": true,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "The form",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/ApplicationForm"
                 }
               }
             }
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/me/forms/{code}", Access::kCitizen, my_application_form,
       R"json({
         "operationId": "myApplicationForm",
         "summary": "The application form, resolved for me",
         "description": "The same form, each material resolved for the signed-in applicant (acting for the business given, as its legal representative) by the rule the application uses: fetched from a department, a licence the applicant holds, or to upload — never a promise the submission breaks.",
         "tags": [
           "cases"
         ],
         "parameters": [
           {
             "name": "code",
             "in": "path",
             "description": "Service item or life event code",
             "required": true,
             "schema": {
               "type": "string"
             }
           },
           {
             "name": "business",
             "in": "query",
             "description": "Act for this business (unified social credit code)",
             "required": false,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "The form",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/ApplicationForm"
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
