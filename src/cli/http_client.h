// A minimal HTTP GET client (libcurl) for the auditor: it talks to a log it does not trust.
#pragma once

#include <string>

#include "core/status.h"

namespace sunlight::cli {

struct HttpResult {
  long status = 0;
  std::string body;
};

// GETs `url`; a transport failure is an error, any HTTP status is a result.
Result<HttpResult> http_get(const std::string& url);

}  // namespace sunlight::cli
