// Identity: officers (公职人员 accounts) and the signed access tokens they use.
//
// An officer belongs to one organisation and holds roles. The officer's name is personal
// data: it travels in the event's payload, never in the leaf. Tokens are compact JWS
// (EdDSA over Ed25519) signed with a key kept in the data directory; the Authenticator
// interface is the seam where an OpenID Connect provider can later be plugged in (it would
// verify the provider's ID token instead and map its subject to an officer).
//
// Depends on: core, store, ledger, catalog (an officer's organisation must exist).
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "ledger/sequencer.h"
#include "store/store.h"

namespace sunlight::identity {

// admin: manages regions, organisations and officers (the 编办 / platform administrators);
// officer: acts for their organisation; auditor: reads oversight reports (纪检监察、审计).
inline const std::vector<std::string> kRoles = {"admin", "officer", "auditor"};

struct Officer {
  std::string id;
  std::string org;
  std::vector<std::string> roles;
  bool active = true;
  std::optional<std::string> name;  // personal; absent once erased
};

struct CreateOfficer {
  std::string id, org, name;
  std::vector<std::string> roles;
};

Result<CreateOfficer> parse_create_officer(const nlohmann::json& body);
bool valid_officer_id(std::string_view id);

Result<ledger::Decision> decide_create_officer(const CreateOfficer& cmd,
                                               const std::optional<Officer>& existing,
                                               bool org_active, bool org_exists);
Result<ledger::Decision> decide_deactivate_officer(const std::string& id, const std::string& reason,
                                                   const std::optional<Officer>& officer);
ledger::Decide create_officer(CreateOfficer cmd);
ledger::Decide deactivate_officer(std::string id, std::string reason);

std::optional<Officer> find_officer(store::Connection& c, const std::string& id);
std::vector<Officer> list_officers(store::Connection& c, const std::optional<std::string>& org);
nlohmann::json to_json(const Officer& o);

void register_module(ledger::Registry& registry);

// Who is making a request, once their token has been checked: an officer acting for an
// organisation, or a citizen acting for themselves (identified by their identity number).
struct Principal {
  std::string officer;
  std::string org;
  std::vector<std::string> roles;
  std::string citizen;  // set for citizens only
  bool has_role(std::string_view role) const;
  bool is_citizen() const { return !citizen.empty(); }
};

struct TokenClaims {
  std::string subject;
  std::string org;
  int64_t issued_at = 0;
  int64_t expires_at = 0;
  std::string id;
};

class TokenIssuer {
 public:
  TokenIssuer(crypto::Ed25519Key key, std::string issuer);
  // Loads the key from `path`, creating it (mode 0600) if absent.
  static TokenIssuer load_or_create(const std::string& path, std::string issuer);

  std::string issue(const Officer& officer, std::chrono::seconds ttl) const;
  // A citizen's token (subject "citizen:<identity number>"). In production a citizen logs in
  // through the identity provider; Sunlight only issues these in demo mode.
  std::string issue_citizen(const std::string& id_number, std::chrono::seconds ttl) const;
  // Checks signature, algorithm, issuer and expiry (with 60 s leeway for clock skew).
  // A token whose signature has been checked once is remembered (by its exact bytes) until
  // it expires, so a client's every request does not pay for an Ed25519 verification
  // again; expiry is still checked on every call.
  Result<TokenClaims> verify(std::string_view token) const;
  const std::string& key_id() const { return key_id_; }

 private:
  Result<TokenClaims> verify_signed(std::string_view token) const;  // the full check, uncached
  std::string sign_token(const std::string& subject, const std::string& org,
                         std::chrono::seconds ttl) const;
  crypto::Ed25519Key key_;
  std::string issuer_;
  std::string key_id_;
  struct Verified;  // tokens already verified, shared by copies of this issuer
  std::shared_ptr<Verified> verified_;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // kUnauthenticated for a missing, malformed, forged or expired token, or an officer who
  // no longer exists or is inactive.
  virtual Result<Principal> authenticate(std::string_view bearer, store::Connection& c) const = 0;
};

// Verifies Sunlight's own tokens and reads the officer's current roles from the store, so a
// deactivation or a role change takes effect at once.
class LocalAuthenticator : public Authenticator {
 public:
  explicit LocalAuthenticator(const TokenIssuer& issuer) : issuer_(issuer) {}
  Result<Principal> authenticate(std::string_view bearer, store::Connection& c) const override;

 private:
  const TokenIssuer& issuer_;
};

}  // namespace sunlight::identity
