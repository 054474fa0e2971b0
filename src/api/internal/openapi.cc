// /openapi.json, derived from the route table (routes.h): the base document (info, servers,
// tags, components) compiled into the binary, and each route's operation completed with what
// its entry already says.
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "api/internal/routes.h"
#include "api/server.h"

namespace sunlight::api {

std::vector<Route> all_routes() {
  std::vector<Route> all;
  for (auto table : {system_routes, log_routes, directory_routes, network_routes, exchange_routes,
                     case_routes, credential_routes, import_routes, identity_routes})
    for (auto& r : table()) all.push_back(std::move(r));
  return all;
}

namespace {

using nlohmann::json;

bool authenticated(Access a) { return a != Access::kPublic && a != Access::kDemo; }

// What each access means, in one table: its name in /openapi.json (x-access), the roles of
// which an officer needs one (none: any officer, or not an officer route), and who may call.
struct AccessInfo {
  Access access;
  const char* name;
  std::vector<std::string> roles;
  const char* who;  // empty: "An officer with the … role.", from the roles
};

const AccessInfo& info(Access a) {
  static const std::vector<AccessInfo> table = {
      {Access::kPublic, "public", {}, "Anyone may call this."},
      {Access::kStaff, "staff", {}, "Any signed-in officer, whatever their roles."},
      {Access::kOfficer, "officer", {"officer"}, ""},
      {Access::kCaseReader, "case-reader", {"officer", "auditor"}, ""},
      {Access::kAdmin, "admin", {"admin"}, ""},
      {Access::kAuditor, "auditor", {"auditor"}, ""},
      {Access::kCitizen, "citizen", {}, "A signed-in citizen, for themselves."},
      {Access::kDemo, "demo", {}, "Only when the server runs with --demo."}};
  for (const auto& i : table)
    if (i.access == a) return i;
  throw std::logic_error("an access without an entry in the access table");
}

std::string who_may_call(Access a) {
  const AccessInfo& i = info(a);
  if (*i.who) return i.who;
  std::string list;
  for (const auto& role : i.roles) list += (list.empty() ? "`" : "` or `") + role;
  return "An officer with the " + list + "` role.";
}

json problem() { return json{{"$ref", "#/components/responses/Problem"}}; }

// The operation of one route: its entry's fragment plus what the entry implies.
json operation(const Route& r) {
  json op = json::parse(r.openapi, nullptr, false);
  if (!op.is_object())
    throw std::logic_error("route " + r.method + " " + r.path +
                           ": its OpenAPI fragment is not JSON");
  json& params = op["parameters"];
  if (params.is_null()) params = json::array();
  // Path parameters the fragment does not describe.
  for (size_t at = r.path.find('{'); at != std::string::npos; at = r.path.find('{', at + 1)) {
    std::string name = r.path.substr(at + 1, r.path.find('}', at) - at - 1);
    bool declared = false;
    for (const auto& p : params)
      declared = declared || (p.value("name", "") == name && p.value("in", "") == "path");
    if (!declared)
      params.push_back(
          {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  }
  params.push_back(
      {{"name", "lang"},
       {"in", "query"},
       {"description",
        "Response language for messages: zh (default) or en; Accept-Language works too"},
       {"required", false},
       {"schema", {{"type", "string"}, {"enum", {"zh", "en"}}}}});
  op["x-access"] = access_name(r.access);
  std::string who = who_may_call(r.access);
  op["description"] =
      op.contains("description") ? op["description"].get<std::string>() + "\n\n" + who : who;
  json& responses = op["responses"];
  if (authenticated(r.access)) {
    op["security"] = json::array({{{"bearer", json::array()}}});
    if (!responses.contains("401")) responses["401"] = problem();
    if (!responses.contains("403")) responses["403"] = problem();
  }
  if (r.method == "POST") {
    if (!responses.contains("400")) responses["400"] = problem();
    if (!responses.contains("413")) responses["413"] = problem();
  }
  return op;
}

}  // namespace

std::vector<std::string> roles_for(Access access) { return info(access).roles; }

const char* access_name(Access access) { return info(access).name; }

std::string openapi_json(const std::vector<Route>& routes) {
  json doc = json::parse(openapi_base());
  json& paths = doc["paths"];
  for (const auto& r : routes) {
    std::string method = r.method == "GET" ? "get" : "post";
    if (paths.contains(r.path) && paths[r.path].contains(method))
      throw std::logic_error("route " + r.method + " " + r.path + " is in the table twice");
    paths[r.path][method] = operation(r);
  }
  return doc.dump(2);
}

const std::string& openapi_document() {
  static const std::string doc = openapi_json(all_routes());
  return doc;
}

}  // namespace sunlight::api
