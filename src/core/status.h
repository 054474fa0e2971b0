// Status and Result<T>: how Sunlight code reports failure.
//
// A Status is a small code plus a bilingual message (Chinese first, English too) and,
// for validation failures, a list of field errors. One place — api/internal/http.cc
// (http_status_for, problem_response) — maps codes to HTTP problem+json; nothing else knows
// about HTTP. Library exceptions are caught at
// module edges and turned into a Status.
#pragma once

#include <cassert>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sunlight {

enum class Code {
  kOk,
  kInvalidArgument,     // the caller's input is malformed or breaks a rule (400)
  kNotFound,            // the thing named does not exist (404)
  kAlreadyExists,       // a create collided with an existing record (409)
  kFailedPrecondition,  // the state does not allow this now (409)
  kUnauthenticated,     // no valid credentials (401)
  kPermissionDenied,    // credentials are valid but the power list does not allow it (403)
  kResourceExhausted,   // too big (413)
  kUnavailable,         // try again later: draining, overloaded (503)
  kInternal,            // a bug or an I/O failure (500)
  kDataLoss,            // stored data failed verification (500)
};

const char* code_name(Code code);

// One problem with one input field. `field` is a JSON pointer ("/name", "/items/3/code")
// or a file location ("catalog.jsonl:12/name") for imports.
struct FieldError {
  std::string field;
  std::string message_zh;
  std::string message_en;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Code code, std::string message_zh, std::string message_en)
      : code_(code), message_zh_(std::move(message_zh)), message_en_(std::move(message_en)) {}

  static Status ok() { return Status(); }
  // A validation failure naming the fields at fault.
  static Status invalid(std::vector<FieldError> errors);
  static Status invalid_field(std::string field, std::string zh, std::string en);
  static Status not_found(std::string zh, std::string en) {
    return Status(Code::kNotFound, std::move(zh), std::move(en));
  }
  static Status internal(std::string en) {
    return Status(Code::kInternal, "内部错误：" + en, std::move(en));
  }

  bool is_ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message_zh() const { return message_zh_; }
  const std::string& message_en() const { return message_en_; }
  const std::vector<FieldError>& errors() const { return errors_; }
  Status& with_error(FieldError e) {
    errors_.push_back(std::move(e));
    return *this;
  }
  // One validation failure listing the field errors of every failed status given; ok when
  // all are ok. For reporting several independently parsed inputs at once.
  static Status combine(std::initializer_list<const Status*> statuses);
  // "kNotFound: organisation 123 does not exist" — for logs and CLI output.
  std::string to_string() const;

 private:
  Code code_ = Code::kOk;
  std::string message_zh_;
  std::string message_en_;
  std::vector<FieldError> errors_;
};

// Result<T> holds either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(v_).is_ok());
  }

  bool is_ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const {
    static const Status kOk;
    return is_ok() ? kOk : std::get<Status>(v_);
  }
  Status take_status() { return is_ok() ? Status() : std::move(std::get<Status>(v_)); }
  T& value() & {
    assert(is_ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(is_ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(is_ok());
    return std::move(std::get<T>(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace sunlight

#define SUNLIGHT_CONCAT_INNER_(a, b) a##b
#define SUNLIGHT_CONCAT_(a, b) SUNLIGHT_CONCAT_INNER_(a, b)

// Unwraps a Result<T>: declares or assigns `lhs` from its value, or returns its Status from
// the enclosing function. `SUNLIGHT_ASSIGN_OR_RETURN(Case k, own_case(c, who, no));`
#define SUNLIGHT_ASSIGN_OR_RETURN(lhs, expr) \
  SUNLIGHT_ASSIGN_OR_RETURN_IMPL_(SUNLIGHT_CONCAT_(sunlight_result_, __LINE__), lhs, expr)
#define SUNLIGHT_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                                    \
  if (!result.is_ok()) return result.take_status();        \
  lhs = std::move(result).value()

// Return early from the enclosing function when `expr` yields a non-ok Status.
#define SUNLIGHT_RETURN_IF_ERROR(expr)    \
  do {                                    \
    ::sunlight::Status status_ = (expr);  \
    if (!status_.is_ok()) return status_; \
  } while (false)
