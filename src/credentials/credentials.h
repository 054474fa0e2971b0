// E-licences (电子证照) as W3C Verifiable Credentials 2.0 secured with JOSE: compact JWS
// `vc+jwt` (VC-JOSE-COSE), signed ES256 on P-256 with raw R‖S signatures (RFC 7518 §3.4),
// each with two Bitstring Status List entries (revocation, suspension).
//
// The issuer key lives in the data directory (created on first start, never in the
// repository); its public half is served as a JWKS at /.well-known/jwks.json so any JOSE
// library can verify a credential offline. The credential carries the holder's name and
// number, so it travels only in the issuing event's personal payload; the leaf names the
// credential id, case, item and status index.
//
// Depends on: core, store, ledger.
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "ledger/sequencer.h"
#include "store/store.h"

namespace sunlight::credentials {

inline constexpr const char* kPurposes[] = {"revocation", "suspension"};
// The spec's minimum list size (16 KiB), which also gives holders herd privacy.
inline constexpr uint64_t kStatusListBits = 131072;

class Issuer {
 public:
  // Loads the key from `key_file` (PKCS#8 PEM) or creates it there (mode 0600).
  static Result<std::shared_ptr<const Issuer>> load_or_create(const std::filesystem::path& key_file,
                                                              std::string url);
  Issuer(crypto::P256Key key, std::string url);

  const std::string& url() const { return url_; }  // the issuer id, and the base of its URLs
  const std::string& kid() const { return kid_; }  // RFC 7638 thumbprint
  nlohmann::json jwk() const;
  nlohmann::json jwks() const { return {{"keys", nlohmann::json::array({jwk()})}}; }
  std::string status_list_url(std::string_view purpose) const {
    return url_ + "/credentials/status/" + std::string(purpose);
  }
  // A compact JWS over `payload` with {"alg": "ES256", "kid", "typ"}.
  std::string sign(const nlohmann::json& payload, const std::string& typ) const;

 private:
  crypto::P256Key key_;
  std::string url_, kid_;
};
using IssuerPtr = std::shared_ptr<const Issuer>;

void register_module(ledger::Registry& registry);

// Issuing --------------------------------------------------------------------------------

struct Licence {
  std::string case_no, item, item_name, licence_name, org, org_name;
  std::string holder, holder_name;  // identity number or credit code; registered name
  std::string on;                   // the decision's date
};
// The event issuing a credential for an approved case (appended to the decision).
ledger::Event issue(store::Connection& c, const Issuer& issuer, const Licence& licence);

// An issuing organisation's officer: "revoke", "suspend" or "reinstate" (a suspended one).
// Body {"reason"}.
Result<ledger::Decide> change_status(const std::string& org, const std::string& id,
                                     const std::string& action, const nlohmann::json& body);

// Reading --------------------------------------------------------------------------------

struct Credential {
  std::string id, case_no, item, org, status, issued_on;
  uint64_t status_index = 0, index = 0;
  std::optional<std::string> holder, jwt;
};
std::optional<Credential> find(store::Connection& c, const std::string& id);
std::vector<Credential> credentials_of(store::Connection& c, const std::string& holder);
nlohmann::json to_json(const Credential& k, bool with_jwt);

// The signed BitstringStatusListCredential for a purpose, from the current statuses.
Result<std::string> status_list(store::Connection& c, const Issuer& issuer,
                                const std::string& purpose);

// Verifying (offline) ---------------------------------------------------------------------

struct Verification {
  bool signature_valid = false;
  std::string problem;  // why not, when not
  nlohmann::json header, payload;
};
// Parses a compact JWS, finds its key in `jwks` by kid and checks the ES256 signature.
Verification verify_jws(std::string_view jws, const nlohmann::json& jwks);
// One bit of a verified status list credential's payload.
Result<bool> status_bit(const nlohmann::json& list_payload, uint64_t index);

}  // namespace sunlight::credentials
