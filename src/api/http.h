// HTTP as the handlers see it: plain request and response values, and a Reply that may be
// sent from any thread (commands answer from the sequencer's thread after their commit).
// Only api/internal/server.cc knows RESTinio; handlers compile without it.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "identity/identity.h"

namespace sunlight::api {

// Who may call a route. An officer account holds roles; each officer route names the roles
// that may call it, and nothing else does (an administrator does not handle cases or read
// registers; an auditor oversees and does not act).
enum class Access {
  kPublic,      // anyone
  kStaff,       // any signed-in officer, whatever their roles (their own account, the policy)
  kOfficer,     // the officer role: handles cases, reads data under the power list, licences
  kCaseReader,  // the officer or the auditor role: reads a case and its uploads
  kAdmin,       // the admin role: the directory, officers, imports, agreements, erasure
  kAuditor,     // the auditor role (纪检监察、审计): oversight
  kCitizen,     // a citizen acting for themselves
  kDemo,        // only when the server runs with --demo
};

// The roles of which an officer needs one to call a route with this access (empty: any
// officer; not used for public, citizen and demo routes).
std::vector<std::string> roles_for(Access access);
// The access as one word, as /openapi.json states it (x-access): "public", "staff", "officer",
// "case-reader", "admin", "auditor", "citizen", "demo".
const char* access_name(Access access);

struct Request {
  std::string method;
  std::string path;
  std::string query_string;
  std::string body;
  std::string request_id;
  std::string remote;
  std::string lang = "zh";  // negotiated from ?lang= or Accept-Language
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::string> params;  // path parameters, in route order
  std::optional<identity::Principal> principal;

  std::optional<std::string> header(std::string_view name) const;  // case-insensitive
  std::optional<std::string> query(std::string_view name) const;   // percent-decoded
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// RFC 9457 problem+json for a Status (or an explicit HTTP status such as 405).
Response problem_response(const Status& status, const std::string& lang,
                          const std::string& instance, const std::string& request_id,
                          int http_status = 0);
int http_status_for(Code code);

// A handle for answering one request exactly once.
class Reply {
 public:
  using Sender = std::function<void(Response)>;
  Reply(Sender sender, std::string lang, std::string instance, std::string request_id);

  void send(Response r) const;
  void json(int status, const nlohmann::json& body) const;
  void problem(const Status& status) const;
  void text(int status, std::string content_type, std::string body,
            std::vector<std::pair<std::string, std::string>> headers = {}) const;
  const std::string& lang() const { return state_->lang; }

 private:
  struct State {
    Sender sender;
    std::string lang, instance, request_id;
    std::atomic<bool> sent{false};
  };
  std::shared_ptr<State> state_;
};

// Parses an unsigned decimal query parameter; `required` makes absence an error.
Result<std::optional<uint64_t>> query_uint(const Request& req, const std::string& name,
                                           bool required, uint64_t max = UINT64_MAX);

}  // namespace sunlight::api
