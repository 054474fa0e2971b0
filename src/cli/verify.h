// `sunlight verify`: an auditor's view of a Sunlight log. It trusts only the pinned key:
// it checks the checkpoint's signature, that the log only grew since the last checkpoint it
// saw (a consistency proof it computes itself from the public tiles), a few random entries'
// inclusion, and with --full every entry and every tile against the signed root.
#pragma once

#include <string>

namespace sunlight::cli {

struct VerifyOptions {
  std::string url;         // base URL, e.g. http://127.0.0.1:8080
  std::string key;         // verifier key string, or a path to a file holding it
  std::string state_file;  // where the last verified checkpoint is kept
  bool full = false;
  int samples = 8;  // random inclusion checks when not --full
};

// Returns the process exit code: 0 when everything verifies.
int verify(const VerifyOptions& options);

}  // namespace sunlight::cli
