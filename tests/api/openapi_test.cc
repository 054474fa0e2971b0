// /openapi.json is derived from the route table (api/internal/routes.h); this checks that the
// derivation gives a complete contract: every route documented with a unique operation id and
// a success answer, every documented operation served, protected routes saying so, every path
// parameter declared and every schema reference resolving.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "api/server.h"
#include "app/platform.h"
#include "testing.h"

namespace sunlight::api {
namespace {

TEST(OpenApi, DocumentsExactlyTheRoutes) {
  testing::TempDir dir;
  app::PlatformOptions options;
  options.data_dir = dir.path();
  options.origin = "test.example/log";
  auto platform = app::Platform::open(options);
  ASSERT_TRUE(platform.is_ok()) << platform.status().to_string();
  Server server(**platform, ServerOptions{});
  auto doc = nlohmann::json::parse(openapi_document());
  EXPECT_EQ(doc.at("openapi"), "3.1.0");

  std::set<std::pair<std::string, std::string>> routes, documented;
  std::set<std::string> operation_ids;
  for (const auto& r : server.routes()) {
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    routes.insert({method, r.path});
    ASSERT_TRUE(doc["paths"].contains(r.path)) << r.path << " is not documented";
    ASSERT_TRUE(doc["paths"][r.path].contains(method))
        << r.method << " " << r.path << " is not documented";
    const auto& op = doc["paths"][r.path][method];
    ASSERT_TRUE(op.contains("operationId")) << r.path;
    EXPECT_TRUE(operation_ids.insert(op["operationId"].get<std::string>()).second)
        << "operationId " << op["operationId"] << " twice";
    EXPECT_TRUE(op.contains("summary")) << r.path;
    bool success = false;
    for (auto& [code, response] : op["responses"].items()) success = success || code[0] == '2';
    EXPECT_TRUE(success) << r.method << " " << r.path << " documents no success answer";
    bool protected_route = r.access != Access::kPublic && r.access != Access::kDemo;
    EXPECT_EQ(op.value("x-access", ""), access_name(r.access)) << r.path;
    EXPECT_EQ(op.contains("security"), protected_route) << r.path;
    if (protected_route) {
      EXPECT_TRUE(op["responses"].contains("401")) << r.path;
    }
    if (r.access == Access::kAdmin) {
      EXPECT_TRUE(op["responses"].contains("403")) << r.path;
    }
    if (protected_route) {
      EXPECT_TRUE(op["responses"].contains("403")) << r.path;
    }
    if (method == "post") {
      EXPECT_TRUE(op.contains("requestBody")) << r.path;
      EXPECT_TRUE(op["responses"].contains("400")) << r.path;
      EXPECT_TRUE(op["responses"].contains("413")) << r.path;
    }
    // Every path parameter in the template is declared.
    for (size_t at = r.path.find('{'); at != std::string::npos; at = r.path.find('{', at + 1)) {
      std::string name = r.path.substr(at + 1, r.path.find('}', at) - at - 1);
      bool declared = false;
      for (const auto& p : op.value("parameters", nlohmann::json::array()))
        declared = declared || (p["name"] == name && p["in"] == "path");
      EXPECT_TRUE(declared) << r.path << " does not declare {" << name << "}";
    }
  }
  for (auto& [path, item] : doc["paths"].items())
    for (auto& [method, op] : item.items()) documented.insert({method, path});
  EXPECT_EQ(routes, documented);
  // Every schema reference resolves.
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
    if (j.is_object()) {
      if (j.contains("$ref")) {
        std::string ref = j["$ref"];
        ASSERT_EQ(ref.rfind("#/components/", 0), 0u) << ref;
        auto ptr = nlohmann::json::json_pointer(ref.substr(1));
        EXPECT_TRUE(doc.contains(ptr)) << ref;
      }
      for (auto& [k, v] : j.items()) walk(v);
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v);
    }
  };
  walk(doc);
}

}  // namespace
}  // namespace sunlight::api
