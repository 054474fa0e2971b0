#include "identity/identity.h"

#include <fstream>
#include <mutex>
#include <shared_mutex>
#include <sstream>
#include <unordered_map>

#include "catalog/directory.h"
#include "core/fields.h"
#include "core/files.h"
#include "core/json.h"
#include "core/time.h"
#include "ledger/event_type.h"

namespace sunlight::identity {
namespace {

using nlohmann::json;

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<std::string> split_roles(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

Status unauthenticated(std::string zh, std::string en) {
  return Status(Code::kUnauthenticated, std::move(zh), std::move(en));
}

}  // namespace

bool valid_officer_id(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

Result<CreateOfficer> parse_create_officer(const json& body) {
  FieldReader r(body);
  CreateOfficer c;
  c.id = r.required_string("id", 32);
  c.org = r.required_string("org", 18);
  c.name = r.required_string("name", 50);
  c.roles = r.string_list("roles", 3, 16, true);
  if (!c.id.empty() && !valid_officer_id(c.id))
    r.error("id", "只能包含字母、数字、-、_、.，最长 32 个字符",
            "may hold only letters, digits, '-', '_' and '.', at most 32 characters");
  for (size_t i = 0; i < c.roles.size(); ++i) {
    if (std::find(kRoles.begin(), kRoles.end(), c.roles[i]) == kRoles.end())
      r.error("roles/" + std::to_string(i), "角色必须是 admin、officer 或 auditor",
              "a role must be admin, officer or auditor");
  }
  if (c.roles.empty() && r.ok())
    r.error("roles", "至少需要一个角色", "at least one role is required");
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  std::sort(c.roles.begin(), c.roles.end());
  c.roles.erase(std::unique(c.roles.begin(), c.roles.end()), c.roles.end());
  return c;
}

namespace {

struct OfficerCreated {
  static constexpr const char* kType = "officer.created";
  static constexpr const char* kDoc = "an officer's account was created";
  std::string id, org;
  std::vector<std::string> roles;
  std::optional<std::string> name;
  static constexpr auto fields() {
    using E = OfficerCreated;
    using ledger::data;
    using ledger::personal;
    return std::tuple{data("id", &E::id, "the officer's id"),
                      data("org", &E::org, "the organisation"),
                      data("roles", &E::roles, "`officer`, `admin`, `auditor`"),
                      personal("name", &E::name, "the officer's name")};
  }
};

struct OfficerDeactivated {
  static constexpr const char* kType = "officer.deactivated";
  static constexpr const char* kDoc = "an officer's account was deactivated";
  std::string id, reason;
  static constexpr auto fields() {
    using E = OfficerDeactivated;
    using ledger::data;
    return std::tuple{data("id", &E::id, ""), data("reason", &E::reason, "")};
  }
};

}  // namespace

Result<ledger::Decision> decide_create_officer(const CreateOfficer& cmd,
                                               const std::optional<Officer>& existing,
                                               bool org_active, bool org_exists) {
  if (existing)
    return about_field(Status(Code::kAlreadyExists, "工作人员 " + cmd.id + " 已存在",
                              "officer " + cmd.id + " already exists"),
                       "/id");
  if (!org_exists)
    return about_field(Status(Code::kNotFound, "机构 " + cmd.org + " 不存在",
                              "organisation " + cmd.org + " does not exist"),
                       "/org");
  if (!org_active)
    return about_field(Status(Code::kFailedPrecondition, "机构 " + cmd.org + " 已撤销",
                              "organisation " + cmd.org + " is dissolved"),
                       "/org");
  ledger::Event e = ledger::to_event(OfficerCreated{cmd.id, cmd.org, cmd.roles, cmd.name});
  json result = {{"id", cmd.id}, {"org", cmd.org}, {"roles", cmd.roles}, {"name", cmd.name}};
  return ledger::Decision{{std::move(e)}, std::move(result)};
}

Result<ledger::Decision> decide_deactivate_officer(const std::string& id, const std::string& reason,
                                                   const std::optional<Officer>& officer) {
  if (!officer)
    return Status(Code::kNotFound, "工作人员 " + id + " 不存在",
                  "officer " + id + " does not exist");
  if (!officer->active)
    return Status(Code::kFailedPrecondition, "该工作人员已停用",
                  "the officer is already deactivated");
  ledger::Event e = ledger::to_event(OfficerDeactivated{id, reason});
  json result = e.data_json();
  return ledger::Decision{{std::move(e)}, std::move(result)};
}

ledger::Decide create_officer(CreateOfficer cmd) {
  return [cmd = std::move(cmd)](store::Connection& c) {
    auto org = catalog::find_organisation(c, cmd.org);
    return decide_create_officer(cmd, find_officer(c, cmd.id), org && org->active, org.has_value());
  };
}

ledger::Decide deactivate_officer(std::string id, std::string reason) {
  return [id = std::move(id), reason = std::move(reason)](store::Connection& c) {
    return decide_deactivate_officer(id, reason, find_officer(c, id));
  };
}

std::optional<Officer> find_officer(store::Connection& c, const std::string& id) {
  auto st = c.cached("SELECT id, org, roles, active, name FROM officers WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return Officer{st.text(0), st.text(1), split_roles(st.text(2)), st.int64(3) != 0,
                 st.optional_text(4)};
}

std::vector<Officer> list_officers(store::Connection& c, const std::optional<std::string>& org) {
  auto st = c.cached(
      "SELECT id, org, roles, active, name FROM officers WHERE (?1 IS NULL OR org = ?1) ORDER BY "
      "id");
  st.bind(1, org);
  std::vector<Officer> out;
  while (st.step())
    out.push_back(Officer{st.text(0), st.text(1), split_roles(st.text(2)), st.int64(3) != 0,
                          st.optional_text(4)});
  return out;
}

json to_json(const Officer& o) {
  return {{"id", o.id},
          {"org", o.org},
          {"roles", o.roles},
          {"active", o.active},
          {"name", o.name ? json(*o.name) : json(nullptr)}};
}

void register_module(ledger::Registry& registry) {
  registry.add_migrations({{"identity", 1, R"(
    CREATE TABLE officers (
      id TEXT PRIMARY KEY, org TEXT NOT NULL, roles TEXT NOT NULL, active INTEGER NOT NULL,
      name TEXT, created_index INTEGER NOT NULL);
    CREATE INDEX officers_org ON officers (org);
  )"}});
  ledger::on<OfficerCreated>(
      registry, [](store::Connection& tx, const OfficerCreated& ev, const ledger::Applied& e) {
        tx.cached(
              "INSERT INTO officers (id, org, roles, active, name, created_index) VALUES (?, ?, ?, "
              "1, ?, ?)")
            .bind_all(ev.id, ev.org, join(ev.roles), ev.name, e.index)
            .run();
      });
  ledger::on<OfficerDeactivated>(
      registry, [](store::Connection& tx, const OfficerDeactivated& ev, const ledger::Applied&) {
        tx.cached("UPDATE officers SET active = 0 WHERE id = ?").bind(1, ev.id).run();
      });
}

bool Principal::has_role(std::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

// ---------------------------------------------------------------------------------------
// Tokens

// Verified tokens by their exact text. Bounded: when full it is emptied and refills with the
// tokens in use (a re-verification each), which keeps it simple and the memory fixed.
struct TokenIssuer::Verified {
  static constexpr size_t kMax = 50000;
  std::shared_mutex mu;
  std::unordered_map<std::string, TokenClaims> claims;
};

TokenIssuer::TokenIssuer(crypto::Ed25519Key key, std::string issuer)
    : key_(std::move(key)), issuer_(std::move(issuer)), verified_(std::make_shared<Verified>()) {
  key_id_ = crypto::hex(crypto::sha256(key_.public_key)).substr(0, 16);
}

TokenIssuer TokenIssuer::load_or_create(const std::string& path, std::string issuer) {
  std::ifstream in(path);
  if (in) {
    std::string text;
    std::getline(in, text);
    auto seed = crypto::unbase64(text);
    auto key = seed ? crypto::Ed25519Key::from_seed(*seed) : std::nullopt;
    if (!key) throw std::runtime_error("token key file " + path + " is malformed");
    return TokenIssuer(*key, std::move(issuer));
  }
  auto key = crypto::Ed25519Key::generate();
  write_private_file(path, crypto::base64(key.seed) + "\n");
  return TokenIssuer(key, std::move(issuer));
}

std::string TokenIssuer::issue(const Officer& officer, std::chrono::seconds ttl) const {
  return sign_token(officer.id, officer.org, ttl);
}

std::string TokenIssuer::issue_citizen(const std::string& id_number,
                                       std::chrono::seconds ttl) const {
  return sign_token("citizen:" + id_number, "", ttl);
}

std::string TokenIssuer::sign_token(const std::string& subject, const std::string& org,
                                    std::chrono::seconds ttl) const {
  int64_t now = timeutil::now_millis() / 1000;
  json header = {{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", key_id_}};
  json claims = {
      {"iss", issuer_}, {"sub", subject},           {"org", org},
      {"iat", now},     {"exp", now + ttl.count()}, {"jti", crypto::hex(crypto::random_bytes(12))}};
  std::string signing_input =
      crypto::base64url(jcs::canonical(header)) + "." + crypto::base64url(jcs::canonical(claims));
  return signing_input + "." + crypto::base64url(key_.sign(signing_input));
}

namespace {

Status check_times(const TokenClaims& claims) {
  int64_t now = timeutil::now_millis() / 1000;
  if (claims.expires_at + 60 < now)
    return unauthenticated("访问令牌已过期，请重新登录",
                           "the access token has expired; log in again");
  if (claims.issued_at - 60 > now)
    return unauthenticated("访问令牌无效", "the access token is invalid");
  return Status::ok();
}

}  // namespace

Result<TokenClaims> TokenIssuer::verify(std::string_view token) const {
  {
    std::shared_lock lock(verified_->mu);
    auto it = verified_->claims.find(std::string(token));
    if (it != verified_->claims.end()) {
      if (auto s = check_times(it->second); !s.is_ok()) return s;
      return it->second;
    }
  }
  auto claims = verify_signed(token);
  if (claims.is_ok()) {
    std::unique_lock lock(verified_->mu);
    if (verified_->claims.size() >= Verified::kMax) verified_->claims.clear();
    verified_->claims.emplace(std::string(token), *claims);
  }
  return claims;
}

Result<TokenClaims> TokenIssuer::verify_signed(std::string_view token) const {
  auto bad = [] { return unauthenticated("访问令牌无效", "the access token is invalid"); };
  auto dot1 = token.find('.');
  auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
    return bad();
  auto header = crypto::unbase64url(token.substr(0, dot1));
  auto payload = crypto::unbase64url(token.substr(dot1 + 1, dot2 - dot1 - 1));
  auto sig = crypto::unbase64url(token.substr(dot2 + 1));
  if (!header || !payload || !sig) return bad();
  auto h = json::parse(*header, nullptr, false);
  if (!h.is_object() || h.value("alg", "") != "EdDSA" || h.value("kid", "") != key_id_)
    return bad();
  if (!crypto::ed25519_verify(key_.public_key, token.substr(0, dot2), *sig)) return bad();
  auto c = json::parse(*payload, nullptr, false);
  if (!c.is_object()) return bad();
  TokenClaims claims;
  try {
    if (c.at("iss").get<std::string>() != issuer_) return bad();
    claims.subject = c.at("sub").get<std::string>();
    claims.org = c.at("org").get<std::string>();
    claims.issued_at = c.at("iat").get<int64_t>();
    claims.expires_at = c.at("exp").get<int64_t>();
    claims.id = c.at("jti").get<std::string>();
  } catch (const json::exception&) {
    return bad();
  }
  if (auto s = check_times(claims); !s.is_ok()) return s;
  return claims;
}

Result<Principal> LocalAuthenticator::authenticate(std::string_view bearer,
                                                   store::Connection& c) const {
  SUNLIGHT_ASSIGN_OR_RETURN(auto claims, issuer_.verify(bearer));
  if (claims.subject.rfind("citizen:", 0) == 0) {
    Principal p;
    p.citizen = claims.subject.substr(8);
    if (p.citizen.size() != 18)
      return unauthenticated("访问令牌无效", "the access token is invalid");
    return p;
  }
  auto officer = find_officer(c, claims.subject);
  if (!officer || !officer->active || officer->org != claims.org)
    return unauthenticated("该工作人员账号不存在或已停用",
                           "the officer account does not exist or is deactivated");
  return Principal{officer->id, officer->org, officer->roles, {}};
}

}  // namespace sunlight::identity
