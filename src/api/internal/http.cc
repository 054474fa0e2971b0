#include "api/http.h"

#include <strings.h>

#include <charconv>

namespace sunlight::api {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 &&
               hex_digit(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

struct ProblemType {
  const char* slug;
  const char* zh;
  const char* en;
};

ProblemType problem_type(Code code, int http_status) {
  if (http_status == 405) return {"method-not-allowed", "不支持该请求方法", "Method not allowed"};
  if (http_status == 413) return {"too-large", "请求体过大", "Request body too large"};
  switch (code) {
    case Code::kInvalidArgument:
      return {"invalid-input", "输入有误", "Invalid input"};
    case Code::kNotFound:
      return {"not-found", "未找到", "Not found"};
    case Code::kAlreadyExists:
      return {"already-exists", "已存在", "Already exists"};
    case Code::kFailedPrecondition:
      return {"conflict", "当前状态不允许该操作", "Not allowed in the current state"};
    case Code::kUnauthenticated:
      return {"unauthenticated", "需要登录", "Authentication required"};
    case Code::kPermissionDenied:
      return {"forbidden", "无权进行该操作", "Not permitted"};
    case Code::kResourceExhausted:
      return {"too-large", "请求过大或过多", "Too large or too many"};
    case Code::kUnavailable:
      return {"unavailable", "服务暂不可用", "Service unavailable"};
    case Code::kDataLoss:
      return {"data-loss", "数据校验失败", "Stored data failed verification"};
    case Code::kInternal:
    case Code::kOk:
      break;
  }
  return {"internal", "服务器内部错误", "Internal server error"};
}

}  // namespace

std::optional<std::string> Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), name.size()) == 0) return v;
  return std::nullopt;
}

std::optional<std::string> Request::query(std::string_view name) const {
  std::string_view q = query_string;
  while (!q.empty()) {
    auto amp = q.find('&');
    auto pair = q.substr(0, amp);
    auto eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq)) == name)
      return eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

int http_status_for(Code code) {
  switch (code) {
    case Code::kOk:
      return 200;
    case Code::kInvalidArgument:
      return 400;
    case Code::kNotFound:
      return 404;
    case Code::kAlreadyExists:
      return 409;
    case Code::kFailedPrecondition:
      return 409;
    case Code::kUnauthenticated:
      return 401;
    case Code::kPermissionDenied:
      return 403;
    case Code::kResourceExhausted:
      return 413;
    case Code::kUnavailable:
      return 503;
    case Code::kInternal:
      return 500;
    case Code::kDataLoss:
      return 500;
  }
  return 500;
}

Response problem_response(const Status& status, const std::string& lang,
                          const std::string& instance, const std::string& request_id,
                          int http_status) {
  int code = http_status ? http_status : http_status_for(status.code());
  bool en = lang == "en";
  auto type = problem_type(status.code(), code);
  nlohmann::json body = {
      {"type", std::string("urn:sunlight:problem:") + type.slug},
      {"title", en ? type.en : type.zh},
      {"status", code},
      {"detail", en ? status.message_en() : status.message_zh()},
      {"instance", instance},
      {"request_id", request_id},
  };
  if (!status.errors().empty()) {
    auto& errors = body["errors"] = nlohmann::json::array();
    for (const auto& e : status.errors())
      errors.push_back({{"field", e.field}, {"message", en ? e.message_en : e.message_zh}});
  }
  Response r;
  r.status = code;
  r.content_type = "application/problem+json; charset=utf-8";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (code == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"sunlight\"");
  if (code == 503) r.headers.emplace_back("Retry-After", "1");
  return r;
}

Reply::Reply(Sender sender, std::string lang, std::string instance, std::string request_id)
    : state_(std::make_shared<State>()) {
  state_->sender = std::move(sender);
  state_->lang = std::move(lang);
  state_->instance = std::move(instance);
  state_->request_id = std::move(request_id);
}

void Reply::send(Response r) const {
  if (state_->sent.exchange(true)) return;  // answered already
  state_->sender(std::move(r));
}

void Reply::json(int status, const nlohmann::json& body) const {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  send(std::move(r));
}

void Reply::problem(const Status& status) const {
  send(problem_response(status, state_->lang, state_->instance, state_->request_id));
}

void Reply::text(int status, std::string content_type, std::string body,
                 std::vector<std::pair<std::string, std::string>> headers) const {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.headers = std::move(headers);
  send(std::move(r));
}

Result<std::optional<uint64_t>> query_uint(const Request& req, const std::string& name,
                                           bool required, uint64_t max) {
  auto v = req.query(name);
  if (!v) {
    if (required) return Status::invalid_field(name, "必填", "is required");
    return std::optional<uint64_t>();
  }
  uint64_t n = 0;
  auto r = std::from_chars(v->data(), v->data() + v->size(), n);
  if (v->empty() || r.ec != std::errc() || r.ptr != v->data() + v->size())
    return Status::invalid_field(name, "必须是非负整数", "must be a non-negative integer");
  if (n > max)
    return Status::invalid_field(name, "不能大于 " + std::to_string(max),
                                 "must be at most " + std::to_string(max));
  return std::optional<uint64_t>(n);
}

}  // namespace sunlight::api
