// `sunlight verify-credential FILE`: checks an e-licence offline against the issuer's JWKS
// and, when it can reach them, its status lists.
#pragma once

#include <string>
#include <vector>

namespace sunlight::cli {

struct CredentialCheckOptions {
  std::string file;  // the compact vc+jwt
  std::string jwks;  // a JWKS file, or empty to fetch <url>/.well-known/jwks.json
  std::string url;   // the platform's base URL (JWKS and status lists)
  std::vector<std::string> status_lists;  // status list credentials as files (offline)
};

// Prints the verdict as JSON; 0 when the credential is valid, 1 when it is not, 2 on error.
int verify_credential(const CredentialCheckOptions& options);

}  // namespace sunlight::cli
