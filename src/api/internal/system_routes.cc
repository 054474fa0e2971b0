// Health, metrics, the OpenAPI document, the index (the web UI for browsers, links for API
// clients) and the web UI's assets.
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/handlers.h"
#include "core/metrics.h"

namespace sunlight::api::handlers {

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

}  // namespace sunlight::api::handlers
