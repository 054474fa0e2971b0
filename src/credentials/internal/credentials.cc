#include "credentials/credentials.h"

#include <fstream>
#include <sstream>

#include "core/fields.h"
#include "core/files.h"
#include "core/gzip.h"
#include "core/time.h"
#include "ledger/event_type.h"

namespace sunlight::credentials {

using ledger::Decision;
using ledger::Event;
using nlohmann::json;

namespace {

const char* const kVcContext = "https://www.w3.org/ns/credentials/v2";

std::string b64(std::string_view bytes) { return crypto::base64url(bytes); }

std::string now_rfc3339() { return timeutil::format_rfc3339(timeutil::now_millis()); }
int64_t now_seconds() { return timeutil::now_millis() / 1000; }

const char* const kColumns =
    "id, case_no, item, org, status, issued_on, status_index, idx, holder, jwt";

Credential read(const store::Statement& st) {
  Credential k{st.text(0),
               st.text(1),
               st.text(2),
               st.text(3),
               st.text(4),
               st.text(5),
               static_cast<uint64_t>(st.int64(6)),
               static_cast<uint64_t>(st.int64(7)),
               st.optional_text(8),
               st.optional_text(9)};
  return k;
}

}  // namespace

// --- the issuer ----------------------------------------------------------------------------

Issuer::Issuer(crypto::P256Key key, std::string url) : key_(std::move(key)), url_(std::move(url)) {
  // RFC 7638: the SHA-256 of the required members in lexicographic order, no whitespace.
  std::string canonical =
      R"({"crv":"P-256","kty":"EC","x":")" + b64(key_.x()) + R"(","y":")" + b64(key_.y()) + R"("})";
  kid_ = b64(crypto::as_bytes(crypto::sha256(canonical)));
}

Result<std::shared_ptr<const Issuer>> Issuer::load_or_create(const std::filesystem::path& key_file,
                                                             std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (std::filesystem::exists(key_file)) {
    std::ifstream in(key_file);
    std::stringstream pem;
    pem << in.rdbuf();
    auto key = crypto::P256Key::from_pem(pem.str());
    if (!key)
      return Status(Code::kDataLoss, "证照签发密钥无法读取：" + key_file.string(),
                    "the credential key cannot be read: " + key_file.string());
    return std::make_shared<const Issuer>(std::move(*key), std::move(url));
  }
  auto key = crypto::P256Key::generate();
  try {
    write_private_file(key_file, key.pem());
  } catch (const std::exception& e) {
    return Status(Code::kInternal, "无法写入证照签发密钥",
                  std::string("cannot write the credential key: ") + e.what());
  }
  return std::make_shared<const Issuer>(std::move(key), std::move(url));
}

json Issuer::jwk() const {
  return {{"kty", "EC"}, {"crv", "P-256"}, {"x", b64(key_.x())}, {"y", b64(key_.y())},
          {"kid", kid_}, {"alg", "ES256"}, {"use", "sig"}};
}

std::string Issuer::sign(const json& payload, const std::string& typ) const {
  json header = {{"alg", "ES256"}, {"kid", kid_}, {"typ", typ}};
  if (typ == "vc+jwt") header["cty"] = "vc";
  std::string input = b64(header.dump()) + "." + b64(payload.dump());
  return input + "." + b64(key_.sign(input));
}

namespace {

struct CredentialIssued {
  static constexpr const char* kType = "credential.issued";
  static constexpr const char* kDoc =
      "an e-licence (W3C verifiable credential) was issued on approval";
  std::string id, case_no, item, org, on, kid;
  int64_t status_index = 0;
  std::optional<std::string> holder, jwt;
  static constexpr auto fields() {
    using E = CredentialIssued;
    using ledger::data;
    using ledger::personal;
    return std::tuple{data("id", &E::id, "the credential's id"),
                      data("case", &E::case_no, "the case that approved it"),
                      data("item", &E::item, "the service item"),
                      data("org", &E::org, "the issuing organisation"),
                      data("status_index", &E::status_index, "its bit in the status lists"),
                      data("on", &E::on, "date"),
                      data("kid", &E::kid, "the signing key's id"),
                      personal("holder", &E::holder, "the holder"),
                      personal("jwt", &E::jwt, "the signed credential")};
  }
};

// credential.revoked, credential.suspended and credential.reinstated.
struct CredentialStatusChanged {
  std::string id, status, on;
  std::optional<std::string> note;
  static constexpr auto fields() {
    using E = CredentialStatusChanged;
    using ledger::data;
    using ledger::personal;
    return std::tuple{data("id", &E::id, "the credential"),
                      data("status", &E::status, "`revoked`, `suspended` or `active`"),
                      data("on", &E::on, "date"), personal("note", &E::note, "the reason")};
  }
};

}  // namespace

// --- issuing -----------------------------------------------------------------------------

Event issue(store::Connection& c, const Issuer& issuer, const Licence& l) {
  auto st = c.cached("SELECT COALESCE(MAX(status_index), -1) + 1 FROM credentials");
  st.step();
  uint64_t index = static_cast<uint64_t>(st.int64(0));
  std::string id = "LC" + crypto::hex(crypto::random_bytes(10));
  std::string url = issuer.url() + "/credentials/" + id;
  json status = json::array();
  for (const char* purpose : kPurposes)
    status.push_back({{"id", issuer.status_list_url(purpose) + "#" + std::to_string(index)},
                      {"type", "BitstringStatusListEntry"},
                      {"statusPurpose", purpose},
                      {"statusListIndex", std::to_string(index)},
                      {"statusListCredential", issuer.status_list_url(purpose)}});
  json subject = {{"identifier", l.holder},
                  {"licence",
                   {{"name", l.licence_name},
                    {"item", l.item},
                    {"itemName", l.item_name},
                    {"case", l.case_no}}}};
  if (!l.holder_name.empty()) subject["name"] = l.holder_name;
  json vc = {{"@context", {kVcContext}},
             {"id", url},
             {"type", {"VerifiableCredential", "LicenceCredential"}},
             {"name", l.licence_name},
             {"description", l.item_name},
             {"issuer", {{"id", issuer.url()}, {"name", l.org_name}}},
             {"validFrom", l.on + "T00:00:00+08:00"},
             {"credentialSubject", subject},
             {"credentialStatus", status},
             {"iss", issuer.url()},
             {"iat", now_seconds()}};
  std::string jwt = issuer.sign(vc, "vc+jwt");
  return ledger::to_event(CredentialIssued{id, l.case_no, l.item, l.org, l.on, issuer.kid(),
                                           static_cast<int64_t>(index), l.holder, jwt});
}

Result<ledger::Decide> change_status(const std::string& org, const std::string& id,
                                     const std::string& action, const json& body) {
  FieldReader r(body);
  std::string reason = r.required_string("reason", 500);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  if (action != "revoke" && action != "suspend" && action != "reinstate")
    return Status::not_found("没有这个操作", "no such action");
  return ledger::Decide([org, id, action, reason](store::Connection& c) -> Result<Decision> {
    auto k = find(c, id);
    if (!k) return Status::not_found("证照不存在", "no such credential");
    if (k->org != org)
      return Status(Code::kPermissionDenied, "只有签发机构可以变更证照状态",
                    "only the issuing organisation changes a credential's status");
    std::string to;
    if (action == "revoke" && k->status != "revoked") to = "revoked";
    if (action == "suspend" && k->status == "active") to = "suspended";
    if (action == "reinstate" && k->status == "suspended") to = "active";
    if (to.empty())
      return Status(Code::kFailedPrecondition, "证照当前状态为 " + k->status + "，不能" + action,
                    "the credential is " + k->status + "; it cannot be " + action + "d");
    const char* type = action == "revoke"    ? "credential.revoked"
                       : action == "suspend" ? "credential.suspended"
                                             : "credential.reinstated";
    auto e = ledger::to_event(CredentialStatusChanged{id, to, timeutil::today(), reason}, type);
    json data = e.data_json();
    return Decision{{std::move(e)}, data, {}};
  });
}

// --- reading -------------------------------------------------------------------------------

std::optional<Credential> find(store::Connection& c, const std::string& id) {
  auto st = c.cached(std::string("SELECT ") + kColumns + " FROM credentials WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read(st);
}

std::vector<Credential> credentials_of(store::Connection& c, const std::string& holder) {
  auto st = c.cached(std::string("SELECT ") + kColumns +
                     " FROM credentials WHERE holder = ? ORDER BY idx DESC LIMIT 500");
  st.bind(1, holder);
  std::vector<Credential> out;
  while (st.step()) out.push_back(read(st));
  return out;
}

json to_json(const Credential& k, bool with_jwt) {
  json j = {{"id", k.id},
            {"case", k.case_no},
            {"item", k.item},
            {"org", k.org},
            {"status", k.status},
            {"issued_on", k.issued_on},
            {"status_index", k.status_index},
            {"index", k.index},
            {"proof", "/api/v1/log/proof/inclusion?index=" + std::to_string(k.index)}};
  if (with_jwt && k.jwt) j["credential"] = *k.jwt;
  return j;
}

Result<std::string> status_list(store::Connection& c, const Issuer& issuer,
                                const std::string& purpose) {
  if (purpose != "revocation" && purpose != "suspension")
    return Status::not_found("没有这个状态列表", "no such status list");
  auto top = c.cached("SELECT COALESCE(MAX(status_index), 0) FROM credentials");
  top.step();
  uint64_t bits = kStatusListBits;
  while (bits <= static_cast<uint64_t>(top.int64(0))) bits += kStatusListBits;
  std::string list(bits / 8, '\0');
  // Index 0 is the left-most (most significant) bit of the first byte.
  auto st = c.cached("SELECT status_index FROM credentials WHERE status = ?");
  st.bind(1, std::string(purpose == "revocation" ? "revoked" : "suspended"));
  while (st.step()) {
    auto i = static_cast<uint64_t>(st.int64(0));
    list[i / 8] = static_cast<char>(static_cast<unsigned char>(list[i / 8]) | (0x80u >> (i % 8)));
  }
  std::string url = issuer.status_list_url(purpose);
  json vc = {{"@context", {kVcContext}},
             {"id", url},
             {"type", {"VerifiableCredential", "BitstringStatusListCredential"}},
             {"issuer", issuer.url()},
             {"validFrom", now_rfc3339()},
             {"credentialSubject",
              {{"id", url + "#list"},
               {"type", "BitstringStatusList"},
               {"statusPurpose", purpose},
               {"encodedList", "u" + b64(gzip(list))}}},
             {"iss", issuer.url()},
             {"iat", now_seconds()}};
  return issuer.sign(vc, "vc+jwt");
}

// --- verifying -----------------------------------------------------------------------------

Verification verify_jws(std::string_view jws, const json& jwks) {
  Verification v;
  auto first = jws.find('.'),
       second = first == std::string_view::npos ? first : jws.find('.', first + 1);
  if (second == std::string_view::npos || jws.find('.', second + 1) != std::string_view::npos) {
    v.problem = "not a compact JWS (three base64url parts)";
    return v;
  }
  auto header = crypto::unbase64url(jws.substr(0, first));
  auto payload = crypto::unbase64url(jws.substr(first + 1, second - first - 1));
  auto sig = crypto::unbase64url(jws.substr(second + 1));
  if (!header || !payload || !sig) {
    v.problem = "a part is not base64url";
    return v;
  }
  v.header = json::parse(*header, nullptr, false);
  v.payload = json::parse(*payload, nullptr, false);
  if (!v.header.is_object() || !v.payload.is_object()) {
    v.problem = "the header or payload is not a JSON object";
    return v;
  }
  if (v.header.value("alg", "") != "ES256") {
    v.problem = "alg is not ES256";
    return v;
  }
  const json keys = jwks.value("keys", json::array());  // named: `key` points into it
  const json* key = nullptr;
  for (const auto& k : keys)
    if (k.value("kid", "") == v.header.value("kid", "") && k.value("kty", "") == "EC" &&
        k.value("crv", "") == "P-256")
      key = &k;
  if (!key) {
    v.problem = "no key in the JWKS has this kid";
    return v;
  }
  auto x = crypto::unbase64url(key->value("x", "")), y = crypto::unbase64url(key->value("y", ""));
  if (!x || !y || !crypto::es256_verify(*x, *y, jws.substr(0, second), *sig)) {
    v.problem = "the signature does not verify";
    return v;
  }
  v.signature_valid = true;
  return v;
}

Result<bool> status_bit(const json& list_payload, uint64_t index) {
  const json& subject = list_payload.value("credentialSubject", json::object());
  std::string encoded = subject.value("encodedList", "");
  if (encoded.empty() || encoded[0] != 'u')
    return Status(Code::kInvalidArgument, "状态列表编码无效",
                  "the status list is not multibase base64url");
  auto compressed = crypto::unbase64url(std::string_view(encoded).substr(1));
  auto bits = compressed ? gunzip(*compressed, 16u << 20) : std::nullopt;
  if (!bits)
    return Status(Code::kInvalidArgument, "状态列表无法解压", "the status list does not inflate");
  if (index / 8 >= bits->size())
    return Status(Code::kInvalidArgument, "状态索引超出列表",
                  "the status index is beyond the list");
  return (static_cast<unsigned char>((*bits)[index / 8]) & (0x80u >> (index % 8))) != 0;
}

// --- tables --------------------------------------------------------------------------------

void register_module(ledger::Registry& registry) {
  registry.add_migrations({{"credentials", 1, R"(
    CREATE TABLE credentials (
      id TEXT PRIMARY KEY, case_no TEXT NOT NULL, item TEXT NOT NULL, org TEXT NOT NULL, holder TEXT,
      status TEXT NOT NULL, status_index INTEGER NOT NULL UNIQUE, issued_on TEXT NOT NULL, kid TEXT NOT NULL,
      jwt TEXT, idx INTEGER NOT NULL);
    CREATE INDEX credentials_holder ON credentials (holder);
    CREATE INDEX credentials_case ON credentials (case_no);
  )"}});
  ledger::on<CredentialIssued>(
      registry, [](store::Connection& tx, const CredentialIssued& ev, const ledger::Applied& e) {
        tx.cached(
              "INSERT INTO credentials (id, case_no, item, org, holder, status, status_index, "
              "issued_on, kid, jwt, idx)"
              " VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)")
            .bind_all(ev.id, ev.case_no, ev.item, ev.org, ev.holder, ev.status_index, ev.on, ev.kid,
                      ev.jwt, e.index)
            .run();
      });
  auto change = [](store::Connection& tx, const CredentialStatusChanged& ev,
                   const ledger::Applied&) {
    tx.cached("UPDATE credentials SET status = ? WHERE id = ?").bind_all(ev.status, ev.id).run();
  };
  ledger::on<CredentialStatusChanged>(registry, change, "credential.revoked",
                                      "the issuer revoked a credential");
  ledger::on<CredentialStatusChanged>(registry, change, "credential.suspended",
                                      "the issuer suspended a credential");
  ledger::on<CredentialStatusChanged>(registry, change, "credential.reinstated",
                                      "the issuer reinstated a suspended credential");
}

}  // namespace sunlight::credentials
