// Health, metrics, the OpenAPI document and the API index.
#include "api/handlers.h"
#include "core/metrics.h"

namespace sunlight::api::handlers {

void index(Context& ctx, const Request&, const Reply& reply) {
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
