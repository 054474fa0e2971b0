// Reads a JSON request body into typed fields, collecting one FieldError per problem so the
// caller gets every mistake at once, each named by its JSON pointer. Unknown members are
// errors too: a misspelt optional field must not be silently ignored.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"

namespace sunlight {

class FieldReader {
 public:
  // `prefix` is prepended to every pointer ("/items/3").
  explicit FieldReader(const nlohmann::json& body, std::string prefix = "");

  std::string required_string(const std::string& name, size_t max_chars = 200);
  std::optional<std::string> optional_string(const std::string& name, size_t max_chars = 200);
  std::optional<int64_t> optional_int(const std::string& name, int64_t min, int64_t max);
  std::optional<bool> optional_bool(const std::string& name);
  std::vector<std::string> string_list(const std::string& name, size_t max_items,
                                       size_t max_chars = 200, bool required = false);
  // A string that must be one of `allowed`.
  std::string required_enum(const std::string& name, const std::vector<std::string>& allowed);
  std::optional<std::string> optional_enum(const std::string& name,
                                           const std::vector<std::string>& allowed);
  const nlohmann::json* object(const std::string& name, bool required);
  // The member as it is (null when absent), marked as read; the caller checks its type.
  const nlohmann::json* raw(const std::string& name) { return get(name); }

  void error(const std::string& name, std::string zh, std::string en);
  std::string pointer(const std::string& name) const { return prefix_ + "/" + name; }

  // Adds errors for members that were never read, then returns the verdict.
  Status finish();
  // Finishes a reader of a nested object and takes its errors as this reader's own.
  void merge(FieldReader& nested);
  bool ok() const { return errors_.empty(); }
  std::vector<FieldError>& errors() { return errors_; }

 private:
  const nlohmann::json* get(const std::string& name);
  const nlohmann::json& body_;
  std::string prefix_;
  std::set<std::string> seen_;
  std::vector<FieldError> errors_;
};

// Parses a request body as a JSON object, or says precisely why not.
Result<nlohmann::json> parse_json_object(std::string_view body);

// `status` (its code kept: a 404 or 409 stays one) naming the input field it is about, so a
// form can show the problem next to that field.
Status about_field(Status status, std::string field);

}  // namespace sunlight
