// The one translation unit that includes RESTinio: the route table and the request
// pipeline (request id → draining? → route access → authentication → body limit →
// handler → response, access log line, metrics).
#include "api/server.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <atomic>
#include <map>
#include <mutex>
#include <restinio/all.hpp>
#include <restinio/router/easy_parser_router.hpp>
#include <thread>
#include <unordered_map>
#include <variant>

#include "api/internal/routes.h"
#include "app/import_jobs.h"
#include "core/crypto.h"
#include "core/metrics.h"
#include "core/time.h"

namespace sunlight::api {
namespace {

namespace epr = restinio::router::easy_parser_router;
namespace ep = restinio::easy_parser;

using Router = restinio::router::easy_parser_router_t;

// Connections in total and per client address. RESTinio asks the blocker before it sets a
// connection up and tells the listener when the connection is accepted and when it closes; a
// connection is "pending" between the two. Counting closes by connection id makes a second
// close of one connection harmless. A new connection is refused (closed at once) when the
// server holds `total` or its address holds `per_address`.
class ConnectionGuard {
 public:
  ConnectionGuard(size_t total, size_t per_address)
      : total_(total),
        per_address_(per_address),
        refused_(metrics::global().counter(
            "sunlight_http_connections_refused_total",
            "Connections closed at once: the server or their client address held too many")) {
    metrics::global().gauge_fn("sunlight_http_connections_open", "HTTP connections open",
                               [this] { return static_cast<double>(open()); });
  }

  restinio::ip_blocker::inspection_result_t inspect(
      const restinio::ip_blocker::incoming_info_t& info) noexcept {
    std::lock_guard lock(mu_);
    if (ids_.size() + pending_ >= total_) {
      refused_.inc();
      return restinio::ip_blocker::deny();
    }
    auto& n = by_address_[info.remote_endpoint().address().to_string()];
    if (per_address_ != 0 && n.open + n.pending >= per_address_) {
      refused_.inc();
      return restinio::ip_blocker::deny();
    }
    ++n.pending;
    ++pending_;
    return restinio::ip_blocker::allow();
  }

  void state_changed(const restinio::connection_state::notice_t& notice) noexcept {
    namespace cs = restinio::connection_state;
    bool accepted = std::holds_alternative<cs::accepted_t>(notice.cause());
    bool closed = std::holds_alternative<cs::closed_t>(notice.cause());
    if (!accepted && !closed) return;
    std::string address = notice.remote_endpoint().address().to_string();
    std::lock_guard lock(mu_);
    auto it = by_address_.find(address);
    if (it == by_address_.end()) return;
    if (accepted) {
      if (!ids_.emplace(notice.connection_id(), address).second) return;
      if (it->second.pending > 0) --it->second.pending;
      if (pending_ > 0) --pending_;
      ++it->second.open;
    } else {
      if (ids_.erase(notice.connection_id()) == 0) return;
      if (it->second.open > 0) --it->second.open;
    }
    if (it->second.open == 0 && it->second.pending == 0) by_address_.erase(it);
  }

  size_t open() const {
    std::lock_guard lock(mu_);
    return ids_.size();
  }

 private:
  struct Count {
    size_t pending = 0, open = 0;
  };
  size_t total_, per_address_;
  size_t pending_ = 0;  // allowed, not yet accepted
  metrics::Counter& refused_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Count> by_address_;
  std::unordered_map<restinio::connection_id_t, std::string> ids_;
};

struct Traits : public restinio::default_traits_t {
  using request_handler_t = Router;
  // Connections are capped by the guard, below the descriptor limit: RESTinio 0.6 stops
  // accepting for good after one failed accept (EMFILE), so a descriptor must always be free
  // for the next accept. (RESTinio's own connection-count limiter is not used: a connection
  // that outlives the acceptor at shutdown touches the freed limiter.)
  using ip_blocker_t = ConnectionGuard;
  using connection_state_listener_t = ConnectionGuard;
};

// Raises the soft descriptor limit to the hard one and returns the connections that fit
// under it, keeping a reserve for everything else the process opens.
size_t connection_capacity() {
  constexpr size_t kReserve = 128;
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return 1024 - kReserve;
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
    getrlimit(RLIMIT_NOFILE, &lim);
  }
  size_t fds = lim.rlim_cur == RLIM_INFINITY ? size_t{1} << 20 : static_cast<size_t>(lim.rlim_cur);
  return fds > 2 * kReserve ? fds - kReserve : fds / 2;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
  }
  return "Status";
}

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

std::string negotiate_lang(const Request& req) {
  if (auto q = req.query("lang")) return *q == "en" ? "en" : "zh";
  auto al = req.header("Accept-Language").value_or("");
  // The first language tag decides; Chinese unless English comes first.
  auto first = al.substr(0, al.find_first_of(",;"));
  return (first.size() >= 2 && (first.compare(0, 2, "en") == 0 || first.compare(0, 2, "EN") == 0))
             ? "en"
             : "zh";
}

// A segment of the path, percent-decoded.
auto segment() { return epr::path_fragment_p() >> epr::unescape(); }
// Everything that remains of the path (tile paths have slashes in them).
auto rest_of_path() {
  return ep::produce<std::string>(ep::repeat(1, ep::N, ep::any_symbol_p() >> ep::to_container()));
}

// Does `path` fit the OpenAPI template? `{tile_path}` takes the rest of the path.
bool template_matches(std::string_view tmpl, std::string_view path) {
  while (!tmpl.empty()) {
    auto brace = tmpl.find('{');
    if (brace == std::string_view::npos) return tmpl == path;
    if (path.substr(0, brace) != tmpl.substr(0, brace)) return false;
    path.remove_prefix(brace);
    tmpl.remove_prefix(brace);
    auto close = tmpl.find('}');
    bool rest = tmpl.substr(0, close) == "{tile_path";
    tmpl.remove_prefix(close + 1);
    auto end = rest ? path.size() : path.find('/');
    if (end == 0) return false;
    path.remove_prefix(end == std::string_view::npos ? path.size() : end);
  }
  return path.empty();
}

// The path as the access log keeps it. A subject's identifier (an ID number or a credit code,
// `{subject}` in the route) is personal data: it is replaced by a hash keyed with a secret the
// process draws at start, the same for one subject while the process runs (so the requests
// about one subject can still be grouped) and not reversible by trying every ID number.
std::string loggable_path(std::string_view tmpl, std::string_view path, std::string_view key) {
  if (tmpl.find("{subject}") == std::string_view::npos) return std::string(path);
  std::string out;
  while (!tmpl.empty() || !path.empty()) {
    auto t_end = tmpl.find('/', 1), p_end = path.find('/', 1);
    auto t = tmpl.substr(0, t_end), seg = path.substr(0, p_end);
    if (t == "/{subject}" && seg.size() > 1)
      out += "/~" + crypto::hex(crypto::sha256(key, seg.substr(1))).substr(0, 16);
    else
      out += seg;
    tmpl.remove_prefix(t_end == std::string_view::npos ? tmpl.size() : t_end);
    path.remove_prefix(p_end == std::string_view::npos ? path.size() : p_end);
  }
  return out;
}

}  // namespace

class Server::Impl {
 public:
  Impl(app::Platform& platform, ServerOptions options)
      : ctx_{platform, options.demo, openapi_document(), options.web_dir, nullptr},
        options_(std::move(options)) {
    if (!options_.access_log.empty()) {
      spdlog::sink_ptr sink;
      if (options_.access_log == "-")
        sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
      else
        sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(options_.access_log);
      access_log_ = std::make_shared<spdlog::logger>("access", sink);
      access_log_->set_pattern("%v");
      access_log_->flush_on(spdlog::level::info);
    }
    ctx_.imports =
        std::make_shared<app::ImportJobs>(platform.sequencer(), platform.data_dir() / "imports");
    router_ = make_router();
  }

  void start() {
    size_t capacity = connection_capacity();
    size_t max_connections =
        options_.max_connections == 0 ? capacity : std::min(options_.max_connections, capacity);
    if (options_.max_connections > capacity)
      spdlog::warn("--max-connections {} exceeds what the descriptor limit allows; using {}",
                   options_.max_connections, capacity);
    auto guard =
        std::make_shared<ConnectionGuard>(max_connections, options_.max_connections_per_address);
    auto settings = restinio::server_settings_t<Traits>{}
                        .address(options_.address)
                        .ip_blocker(guard)
                        .connection_state_listener(guard)
                        .port(options_.port)
                        .request_handler(std::move(router_))
                        .handle_request_timeout(std::chrono::seconds(60))
                        .read_next_http_message_timelimit(std::chrono::seconds(60))
                        // RESTinio 0.6.16 drops a connection whose client pipelines more than
                        // four requests beyond this depth (it answers three and closes), so the
                        // depth is well above what clients pipeline.
                        .max_pipelined_requests(64)
                        .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                                      .max_body_size(64u << 20)
                                                      .max_url_size(8192)
                                                      .max_field_count(100));
    server_ =
        restinio::run_async(restinio::own_io_context(), std::move(settings), options_.threads);
  }

  void drain(std::chrono::seconds grace) {
    draining_ = true;
    auto deadline = std::chrono::steady_clock::now() + grace;
    while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  void stop() {
    if (!server_) return;
    server_->stop();
    server_->wait();
    server_.reset();
  }

  const std::vector<RouteInfo>& routes() const { return infos_; }

 private:
  struct Served {
    RouteInfo info;
    Handler handler;
    size_t max_body;
  };

  // Adds a route of the table to the router, its path DSL derived from the path template:
  // literal pieces with `{param}` segments between them, `{tile_path}` taking the rest.
  void add(Router& router, Route route) {
    size_t max_body = route.max_body ? route.max_body : options_.max_body_bytes;
    RouteInfo info{route.method, route.path, route.access};
    routes_.push_back(Served{info, std::move(route.handler), max_body});
    infos_.push_back(info);
    size_t i = routes_.size() - 1;
    auto& allowed = allowed_by_path_[info.path];
    allowed += (allowed.empty() ? "" : ", ") + info.method;

    std::vector<std::string> literals(1);
    bool rest = false;
    for (size_t at = 0; at < info.path.size();) {
      auto open = info.path.find('{', at);
      literals.back() += info.path.substr(at, open - at);
      if (open == std::string::npos) break;
      auto close = info.path.find('}', open);
      rest = info.path.compare(open, close - open + 1, "{tile_path}") == 0;
      literals.emplace_back();
      at = close + 1;
    }
    auto method = info.method == "GET" ? restinio::http_method_get() : restinio::http_method_post();
    auto handler = [this, i](const restinio::request_handle_t& req, auto&&... params) {
      return dispatch(i, req, std::vector<std::string>{std::string(params)...});
    };
    const auto& l = literals;
    auto P = [](auto&&... parts) {
      return epr::path_to_params(std::forward<decltype(parts)>(parts)...);
    };
    if (l.size() == 1) {
      router.add_handler(method, P(l[0]), handler);
    } else if (l.size() == 2 && rest) {
      router.add_handler(method, P(l[0], rest_of_path()), handler);
    } else if (l.size() == 2 && l[1].empty()) {
      router.add_handler(method, P(l[0], segment()), handler);
    } else if (l.size() == 2) {
      router.add_handler(method, P(l[0], segment(), l[1]), handler);
    } else if (l.size() == 3 && l[2].empty()) {
      router.add_handler(method, P(l[0], segment(), l[1], segment()), handler);
    } else if (l.size() == 3) {
      router.add_handler(method, P(l[0], segment(), l[1], segment(), l[2]), handler);
    } else {
      throw std::logic_error("route " + info.path + ": more path parameters than the router takes");
    }
  }

  std::unique_ptr<Router> make_router() {
    auto r = std::make_unique<Router>();
    for (auto& route : all_routes()) add(*r, std::move(route));
    r->non_matched_request_handler(
        [this](restinio::request_handle_t req) { return not_matched(req); });
    return r;
  }

  restinio::request_handling_status_t not_matched(const restinio::request_handle_t& req) {
    std::string path(req->header().path());
    if (path.size() > 1 && path.back() == '/') path.pop_back();
    for (const auto& [tmpl, allowed] : allowed_by_path_) {
      if (template_matches(tmpl, path)) {
        return respond_directly(req, 405,
                                Status(Code::kInvalidArgument, "该路径只支持 " + allowed,
                                       "this path supports only " + allowed),
                                {{"Allow", allowed}});
      }
    }
    return respond_directly(
        req, 404, Status::not_found("没有这个接口：" + path, "no such route: " + path), {});
  }

  restinio::request_handling_status_t respond_directly(
      const restinio::request_handle_t& req, int status, const Status& s,
      std::vector<std::pair<std::string, std::string>> headers) {
    Request r = make_request(req);
    auto response = problem_response(s, r.lang, r.path, r.request_id, status);
    for (auto& h : headers) response.headers.push_back(std::move(h));
    in_flight_++;
    send(req, r, "(unmatched)", std::chrono::steady_clock::now(), std::move(response));
    return restinio::request_accepted();
  }

  Request make_request(const restinio::request_handle_t& req) {
    Request r;
    r.method = std::string(req->header().method().c_str());
    r.path = std::string(req->header().path());
    r.query_string = std::string(req->header().query());
    r.body = req->body();
    req->header().for_each_field(
        [&r](const auto& f) { r.headers.emplace_back(f.name(), f.value()); });
    r.remote = req->remote_endpoint().address().to_string();
    auto id = r.header("X-Request-Id");
    r.request_id = id && valid_request_id(*id) ? *id : crypto::hex(crypto::random_bytes(8));
    r.lang = negotiate_lang(r);
    return r;
  }

  void send(const restinio::request_handle_t& req, const Request& r, const std::string& route,
            std::chrono::steady_clock::time_point started, Response response) {
    auto resp = req->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
        reason_phrase(response.status)});
    resp.append_header(restinio::http_field::content_type, response.content_type);
    resp.append_header("X-Request-Id", r.request_id);
    resp.append_header("X-Content-Type-Options", "nosniff");
    for (const auto& [k, v] : response.headers) resp.append_header(k, v);
    size_t bytes = response.body.size();
    resp.set_body(std::move(response.body));
    resp.done();

    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    auto& reg = metrics::global();
    reg.counter(
           "sunlight_http_requests_total", "HTTP requests by route, method and status",
           {{"route", route}, {"method", r.method}, {"status", std::to_string(response.status)}})
        .inc();
    reg.histogram("sunlight_http_request_duration_seconds", "HTTP request latency by route",
                  metrics::latency_buckets(), {{"route", route}})
        .observe(seconds);
    if (access_log_) {
      nlohmann::json line = {{"time", timeutil::format_rfc3339(timeutil::now_millis())},
                             {"request_id", r.request_id},
                             {"method", r.method},
                             {"route", route},
                             {"path", loggable_path(route, r.path, log_key_)},
                             {"status", response.status},
                             {"bytes", bytes},
                             {"ms", std::round(seconds * 1e6) / 1e3},
                             {"remote", r.remote}};
      if (r.principal && !r.principal->is_citizen()) line["officer"] = r.principal->officer;
      access_log_->info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    in_flight_--;
  }

  restinio::request_handling_status_t dispatch(size_t i, const restinio::request_handle_t& req,
                                               std::vector<std::string> params) {
    const Served& route = routes_[i];
    auto started = std::chrono::steady_clock::now();
    in_flight_++;
    auto request = std::make_shared<Request>(make_request(req));
    request->params = std::move(params);
    const std::string& route_name = route.info.path;
    Reply reply(
        [this, req, request, route_name, started](Response response) {
          send(req, *request, route_name, started, std::move(response));
        },
        request->lang, request->path, request->request_id);

    if (draining_) {
      reply.problem(Status(Code::kUnavailable, "服务正在停止", "the server is shutting down"));
      return restinio::request_accepted();
    }
    if (route.info.access == Access::kDemo && !ctx_.demo) {
      reply.send(problem_response(
          Status::not_found("没有这个接口（仅演示模式）", "no such route (demo mode only)"),
          request->lang, request->path, request->request_id));
      return restinio::request_accepted();
    }
    if (route.info.access != Access::kPublic && route.info.access != Access::kDemo) {
      auto auth = request->header("Authorization");
      if (!auth || auth->rfind("Bearer ", 0) != 0) {
        reply.problem(
            Status(Code::kUnauthenticated, "需要登录：请在 Authorization 头中提供 Bearer 令牌",
                   "authentication required: send a Bearer token in the Authorization header"));
        return restinio::request_accepted();
      }
      try {
        auto principal = ctx_.platform.authenticator().authenticate(
            std::string_view(*auth).substr(7), ctx_.platform.readers().get());
        if (!principal.is_ok()) {
          reply.problem(principal.status());
          return restinio::request_accepted();
        }
        request->principal = std::move(principal).value();
      } catch (const std::exception& e) {
        reply.problem(Status::internal(e.what()));
        return restinio::request_accepted();
      }
      const auto& who = *request->principal;
      std::optional<Status> refused;
      if (route.info.access == Access::kCitizen) {
        if (!who.is_citizen())
          refused = Status(Code::kPermissionDenied, "该接口仅供公民本人使用",
                           "this route is for citizens acting for themselves");
      } else if (who.is_citizen()) {
        refused =
            Status(Code::kPermissionDenied, "该接口仅供工作人员使用", "this route is for officers");
      } else if (auto roles = roles_for(route.info.access); !roles.empty()) {
        bool holds = false;
        for (const auto& role : roles) holds = holds || who.has_role(role);
        if (!holds) {
          std::string list;
          for (const auto& role : roles) list += (list.empty() ? "" : " / ") + role;
          refused = Status(Code::kPermissionDenied, "需要 " + list + " 角色",
                           "this route needs the " + list + " role");
        }
      }
      if (refused) {
        reply.problem(*refused);
        return restinio::request_accepted();
      }
    }
    if (request->body.size() > route.max_body) {
      reply.send(problem_response(
          Status(Code::kResourceExhausted, "请求体超过 " + std::to_string(route.max_body) + " 字节",
                 "the body exceeds " + std::to_string(route.max_body) + " bytes"),
          request->lang, request->path, request->request_id, 413));
      return restinio::request_accepted();
    }
    try {
      route.handler(ctx_, *request, reply);
    } catch (const std::exception& e) {
      spdlog::error("handler {} failed: {}", route_name, e.what());
      reply.problem(Status::internal(e.what()));
    } catch (...) {
      // Some libraries' exceptions (Xapian's) do not derive from std::exception; none may
      // escape into the HTTP threads.
      spdlog::error("handler {} failed with a non-standard exception", route_name);
      reply.problem(Status::internal("unexpected error"));
    }
    return restinio::request_accepted();
  }

  Context ctx_;
  ServerOptions options_;
  std::vector<Served> routes_;
  std::vector<RouteInfo> infos_;
  std::map<std::string, std::string> allowed_by_path_;
  std::shared_ptr<spdlog::logger> access_log_;
  std::string log_key_ = crypto::random_bytes(32);  // for loggable_path
  std::unique_ptr<Router> router_;
  std::atomic<int> in_flight_{0};
  std::atomic<bool> draining_{false};
  restinio::running_server_handle_t<Traits> server_;
};

Server::Server(app::Platform& platform, ServerOptions options)
    : impl_(std::make_unique<Impl>(platform, std::move(options))) {}
Server::~Server() { impl_->stop(); }
void Server::start() { impl_->start(); }
void Server::drain(std::chrono::seconds grace) { impl_->drain(grace); }
void Server::stop() { impl_->stop(); }
const std::vector<RouteInfo>& Server::routes() const { return impl_->routes(); }

}  // namespace sunlight::api
