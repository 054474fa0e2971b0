// Health, metrics, the OpenAPI document, the index (the web UI for browsers, links for API
// clients) and the web UI's assets.
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/internal/routes.h"
#include "core/metrics.h"

namespace sunlight::api {
namespace {

namespace {

// A file of the built web UI, or nullopt. Names are plain file names: no separators, no
// parent directories, nothing hidden.
std::optional<std::string> web_file(const Context& ctx, const std::string& relative) {
  if (ctx.web_dir.empty()) return std::nullopt;
  std::ifstream in(std::filesystem::path(ctx.web_dir) / relative, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool plain_file_name(const std::string& name) {
  return !name.empty() && name.size() <= 128 && name[0] != '.' &&
         name.find_first_not_of(
             "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
             std::string::npos;
}

std::string media_type_of(const std::string& name) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".woff2", "font/woff2"},
      {".json", "application/json"},
      {".ico", "image/x-icon"}};
  for (const auto& [ext, type] : kTypes)
    if (name.size() > std::strlen(ext) &&
        name.compare(name.size() - std::strlen(ext), std::string::npos, ext) == 0)
      return type;
  return "application/octet-stream";
}

}  // namespace

void web_asset(Context& ctx, const Request& req, const Reply& reply) {
  const std::string& name = req.params.at(0);
  auto bytes = plain_file_name(name) ? web_file(ctx, "assets/" + name) : std::nullopt;
  if (!bytes) return reply.problem(Status::not_found("没有这个文件", "no such file"));
  // Asset names carry their content hash: they never change.
  reply.text(200, media_type_of(name), std::move(*bytes),
             {{"Cache-Control", "public, max-age=31536000, immutable"}});
}

void index(Context& ctx, const Request& req, const Reply& reply) {
  // Browsers get the web UI; API clients the links.
  if (req.header("Accept").value_or("").find("text/html") != std::string::npos)
    if (auto page = web_file(ctx, "index.html"))
      return reply.text(200, "text/html; charset=utf-8", std::move(*page),
                        {{"Cache-Control", "no-cache"}});
  reply.json(200, {{"name", "Sunlight 阳光政务平台"},
                   {"origin", ctx.platform.origin()},
                   {"links",
                    {{"openapi", "/openapi.json"},
                     {"checkpoint", "/log/checkpoint"},
                     {"key", "/log/key"},
                     {"regions", "/api/v1/regions"},
                     {"organisations", "/api/v1/orgs"}}}});
}

void healthz(Context& ctx, const Request&, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto cp = ctx.platform.log_reader().latest_checkpoint(c);
    reply.json(200, {{"status", "ok"},
                     {"log_size", ctx.platform.sequencer().size()},
                     {"checkpoint_size", cp ? cp->size : 0},
                     {"queue_depth", ctx.platform.sequencer().queue_depth()}});
  });
}

void metrics(Context&, const Request&, const Reply& reply) {
  reply.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics::global().render());
}

void openapi(Context& ctx, const Request&, const Reply& reply) {
  reply.text(200, "application/json; charset=utf-8", ctx.openapi);
}

}  // namespace

std::vector<Route> system_routes() {
  std::vector<Route> routes = {
      {"GET", "/", Access::kPublic, index,
       R"json({
         "operationId": "index",
         "summary": "API index",
         "description": "Names the platform and links the main entry points. A browser (Accept: text/html) gets the web UI's page instead, when the server ships one (--web).",
         "tags": [
           "system"
         ],
         "responses": {
           "200": {
             "description": "Index",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object"
                 }
               },
               "text/html": {
                 "schema": {
                   "type": "string"
                 }
               }
             }
           }
         }
       })json"},
      {"GET", "/healthz", Access::kPublic, healthz,
       R"json({
         "operationId": "healthz",
         "summary": "Health",
         "description": "Liveness and the log's size; 503 while draining.",
         "tags": [
           "system"
         ],
         "responses": {
           "200": {
             "description": "Healthy",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/Health"
                 }
               }
             }
           },
           "503": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/metrics", Access::kPublic, metrics,
       R"json({
         "operationId": "metrics",
         "summary": "Prometheus metrics",
         "description": "Requests and latencies by route, log size, batch sizes, queue depth (Prometheus text format 0.0.4).",
         "tags": [
           "system"
         ],
         "responses": {
           "200": {
             "description": "Metrics",
             "content": {
               "text/plain": {
                 "schema": {
                   "type": "string"
                 }
               }
             }
           }
         }
       })json"},
      {"GET", "/openapi.json", Access::kPublic, openapi,
       R"json({
         "operationId": "openapi",
         "summary": "This document",
         "description": "The OpenAPI 3.1 description of every route.",
         "tags": [
           "system"
         ],
         "responses": {
           "200": {
             "description": "OpenAPI document",
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
      {"GET", "/assets/{file}", Access::kPublic, web_asset,
       R"json({
         "operationId": "webAsset",
         "summary": "A file of the web UI",
         "description": "The built web UI's scripts and styles; names carry their content hash and are cached for a year.",
         "tags": [
           "system"
         ],
         "parameters": [
           {
             "name": "file",
             "in": "path",
             "description": "File name (no directories)",
             "required": true,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "The file",
             "content": {
               "text/javascript": {
                 "schema": {
                   "type": "string"
                 }
               },
               "text/css": {
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
  };
  return routes;
}

}  // namespace sunlight::api
