#include "core/status.h"

namespace sunlight {

const char* code_name(Code code) {
  switch (code) {
    case Code::kOk:
      return "ok";
    case Code::kInvalidArgument:
      return "invalid_argument";
    case Code::kNotFound:
      return "not_found";
    case Code::kAlreadyExists:
      return "already_exists";
    case Code::kFailedPrecondition:
      return "failed_precondition";
    case Code::kUnauthenticated:
      return "unauthenticated";
    case Code::kPermissionDenied:
      return "permission_denied";
    case Code::kResourceExhausted:
      return "resource_exhausted";
    case Code::kUnavailable:
      return "unavailable";
    case Code::kInternal:
      return "internal";
    case Code::kDataLoss:
      return "data_loss";
  }
  return "unknown";
}

Status Status::invalid(std::vector<FieldError> errors) {
  Status s(Code::kInvalidArgument, "输入有误", "invalid input");
  if (errors.size() == 1) {
    s.message_zh_ = errors[0].field + "：" + errors[0].message_zh;
    s.message_en_ = errors[0].field + ": " + errors[0].message_en;
  } else if (!errors.empty()) {
    s.message_zh_ = "输入有 " + std::to_string(errors.size()) + " 处错误";
    s.message_en_ = std::to_string(errors.size()) + " fields are invalid";
  }
  s.errors_ = std::move(errors);
  return s;
}

Status Status::invalid_field(std::string field, std::string zh, std::string en) {
  return invalid({FieldError{std::move(field), std::move(zh), std::move(en)}});
}

Status Status::combine(std::initializer_list<const Status*> statuses) {
  std::vector<FieldError> errors;
  for (const Status* s : statuses) {
    if (s->is_ok()) continue;
    if (s->errors().empty()) return *s;  // not a validation failure: report it as it is
    errors.insert(errors.end(), s->errors().begin(), s->errors().end());
  }
  return errors.empty() ? Status::ok() : invalid(std::move(errors));
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  std::string out = std::string(code_name(code_)) + ": " + message_en_;
  for (const auto& e : errors_) out += "\n  " + e.field + ": " + e.message_en;
  return out;
}

}  // namespace sunlight
