// What route handlers share: the platform, the server's mode, and helpers for the common
// shapes of a handler (parse a body, run a command, answer with its receipt).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "api/http.h"
#include "app/platform.h"
#include "ledger/sequencer.h"

namespace sunlight::app {
class ImportJobs;
}

namespace sunlight::api {

struct Context {
  app::Platform& platform;
  bool demo = false;
  std::string openapi;                       // the OpenAPI document served at /openapi.json
  std::string web_dir;                       // the built web UI, or "" when the server ships none
  std::shared_ptr<app::ImportJobs> imports;  // catalogue imports started over HTTP
};

using Handler = std::function<void(Context&, const Request&, const Reply&)>;

// The actor a request acts as (its officer, or the anonymous public).
ledger::Actor actor_of(const Request& req);

// Parses the request body as a JSON object, or answers 400 and returns nullopt.
std::optional<nlohmann::json> body_object(const Request& req, const Reply& reply);

// ?limit= (default 100, at most `max_limit`) and ?offset=, or answers 400 and returns nullopt.
struct Page {
  int limit = 100, offset = 0;
};
std::optional<Page> page_of(const Request& req, const Reply& reply, uint64_t max_limit = 1000);

// The body's required "reason" (at most 500 characters), or answers 400 and returns nullopt.
std::optional<std::string> body_reason(const Request& req, const Reply& reply);

// Runs a command through the sequencer; on commit answers `status` with the command's
// result plus its ledger receipts, otherwise the problem.
void run_command(Context& ctx, const Request& req, const Reply& reply, ledger::Decide decide,
                 int status = 200);

// Receipts as JSON: [{"index": n, "leaf_hash": "<base64>"}].
nlohmann::json receipts_json(const std::vector<ledger::Receipt>& receipts);

// A read-only handler body: runs `fn` with the thread's reader connection, turning store
// failures into a 500 problem.
void with_reader(Context& ctx, const Reply& reply,
                 const std::function<void(store::Connection&)>& fn);

// Requires the caller to hold `role`; answers 403 and returns false otherwise.
bool require_role(const Request& req, const Reply& reply, std::string_view role);

}  // namespace sunlight::api
