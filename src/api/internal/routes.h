// The route table: one entry per route — method, path, who may call it, the handler, its body
// limit and its OpenAPI operation. Everything else is derived from these entries: the router
// (server.cc), the authentication and role check in front of every handler (server.cc), and
// /openapi.json (openapi.cc).
//
// Each module's routes file ends with its table; the entry's `openapi` is the operation object
// without what the entry already says: the `lang` parameter every route takes, undeclared path
// parameters, `security`, and the 400/401/403/413 problem answers that follow from the method
// and the access are added by openapi.cc.
#pragma once

#include <string>
#include <vector>

#include "api/context.h"

namespace sunlight::api {

struct Route {
  std::string method;  // "GET" or "POST"
  std::string path;    // the OpenAPI path template: "/api/v1/regions/{code}"
  Access access;       // who may call it; checked before the handler runs
  Handler handler;
  std::string openapi;  // the OpenAPI operation object (JSON), completed by openapi.cc
  size_t max_body = 0;  // bytes; 0 for the server's default
};

std::vector<Route> system_routes();
std::vector<Route> log_routes();
std::vector<Route> directory_routes();
std::vector<Route> network_routes();
std::vector<Route> exchange_routes();
std::vector<Route> case_routes();
std::vector<Route> credential_routes();
std::vector<Route> import_routes();
std::vector<Route> identity_routes();

// Every route, in the order the router tries them.
std::vector<Route> all_routes();

// The OpenAPI document's base: info, servers, tags and components (api/openapi-base.json,
// compiled into the binary).
const std::string& openapi_base();
// The OpenAPI document: the base with one operation per route.
std::string openapi_json(const std::vector<Route>& routes);

}  // namespace sunlight::api
