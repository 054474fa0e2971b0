// The HTTP server: RESTinio with the easy_parser_router, a thread pool, request ids, a
// JSON-lines access log, metrics per route, authentication per route, body limits, and a
// graceful drain.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/context.h"

namespace sunlight::api {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  size_t threads = 4;
  size_t max_body_bytes = 1 << 20;  // per request, unless a route allows more
  bool demo = false;
  std::string access_log = "-";  // a file path, "-" for stdout, "" for none
  std::string web_dir;           // the built web UI (index.html, assets/); "" for none
  // Connections open at once: beyond it, a new one is closed at once (counted in /metrics).
  // 0: as many as the process's descriptor limit allows, less a reserve for the store, the
  // index and the logs (the limit is raised to its hard maximum at start).
  size_t max_connections = 0;
  // Connections open at once from one client address: beyond it, a new one is closed at once
  // (counted in /metrics). 0: no limit — behind a reverse proxy every client has its address.
  size_t max_connections_per_address = 256;
};

struct RouteInfo {
  std::string method;
  std::string path;  // OpenAPI path template
  Access access;
};

class Server {
 public:
  Server(app::Platform& platform, ServerOptions options);
  ~Server();
  // Starts listening; throws if the address cannot be bound.
  void start();
  // Refuses new requests (503), waits up to `grace` for in-flight ones, then stops.
  void drain(std::chrono::seconds grace);
  void stop();
  const std::vector<RouteInfo>& routes() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// The OpenAPI document compiled into the binary.
const std::string& openapi_document();

}  // namespace sunlight::api
