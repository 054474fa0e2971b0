#include "cli/verify_credential.h"

#include <charconv>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/http_client.h"
#include "credentials/credentials.h"

namespace sunlight::cli {

using nlohmann::json;

namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  return text;
}

// Fetches a status list credential from its URL, or from the platform's base URL when the
// credential names another host (a platform reached under a different name).
std::optional<std::string> fetch_status_list(const std::string& list_url, const std::string& base) {
  std::vector<std::string> tries = {list_url};
  auto at = list_url.find("/credentials/status/");
  if (!base.empty() && at != std::string::npos) tries.push_back(base + list_url.substr(at));
  for (const auto& u : tries) {
    auto r = http_get(u);
    if (r.is_ok() && r->status == 200) return r->body;
  }
  return std::nullopt;
}

}  // namespace

int verify_credential(const CredentialCheckOptions& o) {
  std::string base = o.url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  auto fail = [](const std::string& why) {
    std::cerr << "verify-credential: " << why << "\n";
    return 2;
  };
  auto jwt = read_file(o.file);
  if (!jwt) return fail("cannot read " + o.file);
  std::string jwks_text;
  if (!o.jwks.empty()) {
    auto text = read_file(o.jwks);
    if (!text) return fail("cannot read " + o.jwks);
    jwks_text = *text;
  } else if (!base.empty()) {
    auto r = http_get(base + "/.well-known/jwks.json");
    if (!r.is_ok() || r->status != 200)
      return fail("cannot fetch " + base + "/.well-known/jwks.json");
    jwks_text = r->body;
  } else {
    return fail("give --jwks FILE or --url URL");
  }
  json jwks = json::parse(jwks_text, nullptr, false);
  if (!jwks.is_object()) return fail("the JWKS is not JSON");

  auto v = credentials::verify_jws(*jwt, jwks);
  json out = {{"signature_valid", v.signature_valid}};
  bool valid = v.signature_valid && v.header.value("typ", "") == "vc+jwt";
  if (!v.signature_valid)
    out["problem"] = v.problem;
  else if (!valid)
    out["problem"] = "typ is not vc+jwt";
  if (v.signature_valid) {
    out["id"] = v.payload.value("id", "");
    out["name"] = v.payload.value("name", "");
    out["issuer"] = v.payload.value("issuer", json());
    out["validFrom"] = v.payload.value("validFrom", "");
    // Each status entry: the list credential must itself verify against the same JWKS.
    std::map<std::string, std::string> offline;
    for (const auto& path : o.status_lists) {
      auto text = read_file(path);
      if (!text) return fail("cannot read " + path);
      auto lv = credentials::verify_jws(*text, jwks);
      if (lv.signature_valid) offline[lv.payload.value("id", "")] = *text;
    }
    json statuses = json::object();
    for (const auto& entry : v.payload.value("credentialStatus", json::array())) {
      std::string purpose = entry.value("statusPurpose", "");
      std::string list_url = entry.value("statusListCredential", "");
      // The credential is untrusted input: a malformed index is a finding, not a crash.
      std::string index_text = entry.value("statusListIndex", "");
      uint64_t index = 0;
      auto parsed =
          std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
      if (index_text.empty() || parsed.ec != std::errc() ||
          parsed.ptr != index_text.data() + index_text.size()) {
        statuses[purpose.empty() ? "?" : purpose] = "entry_invalid";
        valid = false;
        continue;
      }
      std::optional<std::string> list;
      if (offline.count(list_url))
        list = offline[list_url];
      else if (!base.empty())
        list = fetch_status_list(list_url, base);
      if (!list) {
        statuses[purpose] = "unchecked";
        continue;
      }
      auto lv = credentials::verify_jws(*list, jwks);
      if (!lv.signature_valid || lv.payload.value("id", "") != list_url) {
        statuses[purpose] = "list_invalid";
        valid = false;
        continue;
      }
      auto bit = credentials::status_bit(lv.payload, index);
      if (!bit.is_ok()) {
        statuses[purpose] = "list_invalid";
        valid = false;
        continue;
      }
      statuses[purpose] = *bit ? (purpose == "revocation" ? "revoked" : "suspended") : "ok";
      if (*bit) valid = false;
    }
    out["status"] = statuses;
  }
  out["valid"] = valid;
  std::cout << out.dump(2) << "\n";
  return valid ? 0 : 1;
}

}  // namespace sunlight::cli
