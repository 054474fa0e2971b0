#include "cli/http_client.h"

#include <curl/curl.h>

#include <memory>

namespace sunlight::cli {
namespace {

size_t write_body(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() + size * n > (256u << 20)) return 0;  // refuse absurd responses
  out->append(data, size * n);
  return size * n;
}

struct CurlInit {
  CurlInit() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlInit() { curl_global_cleanup(); }
};

}  // namespace

Result<HttpResult> http_get(const std::string& url) {
  static CurlInit init;
  thread_local std::unique_ptr<CURL, void (*)(CURL*)> handle(curl_easy_init(), curl_easy_cleanup);
  CURL* curl = handle.get();
  curl_easy_reset(curl);
  HttpResult result;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "sunlight-verify/0.1");
  CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK)
    return Status(Code::kUnavailable, "无法获取 " + url + "：" + curl_easy_strerror(rc),
                  "cannot fetch " + url + ": " + curl_easy_strerror(rc));
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  return result;
}

}  // namespace sunlight::cli
