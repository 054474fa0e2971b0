// Catalogue imports over HTTP: start one with the files' text, follow its progress.
#include "api/internal/routes.h"
#include "app/import_jobs.h"

namespace sunlight::api {
namespace {
namespace {

nlohmann::json job_json(const app::ImportJob& job, const std::string& lang) {
  nlohmann::json j = {{"id", job.id},
                      {"state", app::state_name(job.state)},
                      {"phase", job.progress.phase.empty() ? "check" : job.progress.phase},
                      {"done", job.progress.done},
                      {"total", job.progress.total},
                      {"actor", job.actor},
                      {"started", job.started_ms},
                      {"href", "/api/v1/imports/" + job.id}};
  if (job.finished_ms) j["finished"] = job.finished_ms;
  if (job.state == app::ImportJob::State::kFailed) {
    bool en = lang == "en";
    j["detail"] = en ? job.failure.message_en() : job.failure.message_zh();
    auto& errors = j["errors"] = nlohmann::json::array();
    for (const auto& e : job.failure.errors())
      errors.push_back({{"field", e.field}, {"message", en ? e.message_en : e.message_zh}});
  }
  if (job.report) {
    j["report"] = {{"records", job.report->records},
                   {"events", job.report->events},
                   {"first_index", job.report->first_index},
                   {"last_index", job.report->last_index}};
  }
  return j;
}

}  // namespace

void import_start(Context& ctx, const Request& req, const Reply& reply) {
  if (!require_role(req, reply, "admin")) return;
  auto body = body_object(req, reply);
  if (!body) return;
  auto files = body->find("files");
  if (files == body->end() || !files->is_object())
    return reply.problem(Status::invalid_field("/files", "需要一个对象：文件名 → 文件内容",
                                               "must be an object: file name → file text"));
  std::map<std::string, std::string> texts;
  std::vector<FieldError> errors;
  for (const auto& [name, text] : files->items()) {
    if (!text.is_string())
      errors.push_back(
          FieldError{"/files/" + name, "文件内容必须是文本", "must be the file's text"});
    else
      texts[name] = text.get<std::string>();
  }
  if (!errors.empty()) return reply.problem(Status::invalid(std::move(errors)));
  auto id = ctx.imports->start(actor_of(req), texts);
  if (!id.is_ok()) return reply.problem(id.status());
  auto job = ctx.imports->get(*id);
  reply.send([&] {
    Response r;
    r.status = 202;
    r.body = job_json(*job, req.lang).dump();
    r.headers.emplace_back("Location", "/api/v1/imports/" + *id);
    return r;
  }());
}

void import_get(Context& ctx, const Request& req, const Reply& reply) {
  if (!require_role(req, reply, "admin")) return;
  auto job = ctx.imports->get(req.params.at(0));
  if (!job) return reply.problem(Status::not_found("没有这个导入", "no such import"));
  reply.json(200, job_json(*job, req.lang));
}

void imports_list(Context& ctx, const Request& req, const Reply& reply) {
  if (!require_role(req, reply, "admin")) return;
  auto out = nlohmann::json::array();
  for (const auto& job : ctx.imports->list()) out.push_back(job_json(job, req.lang));
  reply.json(200, {{"imports", out}});
}

}  // namespace

std::vector<Route> import_routes() {
  std::vector<Route> routes = {
      {"POST", "/api/v1/imports", Access::kAdmin, import_start,
       R"json({
         "operationId": "startImport",
         "summary": "Import a catalogue (with progress)",
         "description": "The body carries the text of one or more import files (docs/import-format.md), by file name. The import runs in the background as `sunlight import` does — every line checked first, then everything written as one all-or-nothing group — and the answer points at its progress. One import runs at a time (409 while another runs). At most 48 MiB. Requires the admin role.",
         "tags": [
           "network"
         ],
         "requestBody": {
           "required": true,
           "content": {
             "application/json": {
               "schema": {
                 "type": "object",
                 "required": [
                   "files"
                 ],
                 "properties": {
                   "files": {
                     "type": "object",
                     "description": "file name (regions.jsonl, organisations.jsonl, laws.jsonl, data_resources.jsonl, powers.jsonl, service_items.jsonl, life_events.jsonl, officers.jsonl) → the file's text",
                     "additionalProperties": {
                       "type": "string"
                     }
                   }
                 }
               }
             }
           }
         },
         "responses": {
           "202": {
             "description": "Started; follow Location",
             "headers": {
               "Location": {
                 "schema": {
                   "type": "string"
                 }
               }
             },
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/ImportJob"
                 }
               }
             }
           },
           "409": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json",
       48u << 20},
      {"GET", "/api/v1/imports", Access::kAdmin, imports_list,
       R"json({
         "operationId": "listImports",
         "summary": "Recent catalogue imports",
         "description": "The last 50 imports started over HTTP since the server started, the most recent first. Requires the admin role.",
         "tags": [
           "network"
         ],
         "responses": {
           "200": {
             "description": "Imports",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "imports": {
                       "type": "array",
                       "items": {
                         "$ref": "#/components/schemas/ImportJob"
                       }
                     }
                   }
                 }
               }
             }
           }
         }
       })json"},
      {"GET", "/api/v1/imports/{id}", Access::kAdmin, import_get,
       R"json({
         "operationId": "getImport",
         "summary": "An import's progress and result",
         "description": "Requires the admin role.",
         "tags": [
           "network"
         ],
         "parameters": [
           {
             "name": "id",
             "in": "path",
             "required": true,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "The import",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/ImportJob"
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
