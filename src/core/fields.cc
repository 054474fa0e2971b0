#include "core/fields.h"

#include <cmath>
#include <set>

#include "core/utf8.h"

namespace sunlight {

FieldReader::FieldReader(const nlohmann::json& body, std::string prefix)
    : body_(body), prefix_(std::move(prefix)) {
  if (!body_.is_object()) error("", "必须是 JSON 对象", "must be a JSON object");
}

void FieldReader::error(const std::string& name, std::string zh, std::string en) {
  errors_.push_back(FieldError{name.empty() ? (prefix_.empty() ? "/" : prefix_) : pointer(name),
                               std::move(zh), std::move(en)});
}

const nlohmann::json* FieldReader::get(const std::string& name) {
  seen_.insert(name);
  if (!body_.is_object()) return nullptr;
  auto it = body_.find(name);
  if (it == body_.end() || it->is_null()) return nullptr;
  return &*it;
}

static bool check_string(FieldReader& r, const std::string& name, const nlohmann::json& v,
                         size_t max_chars) {
  if (!v.is_string()) {
    r.error(name, "必须是字符串", "must be a string");
    return false;
  }
  const auto& s = v.get_ref<const std::string&>();
  if (!utf8::valid(s)) {
    r.error(name, "不是有效的 UTF-8 文本", "is not valid UTF-8");
    return false;
  }
  // Control characters (NUL, escapes …) are never text a person meant: tabs and line breaks
  // only, where a text may have lines.
  for (unsigned char ch : s)
    if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7f) {
      r.error(name, "不能包含控制字符", "must not contain control characters");
      return false;
    }
  size_t n = utf8::length(s);
  if (n > max_chars) {
    r.error(name, "不能超过 " + std::to_string(max_chars) + " 个字符",
            "must be at most " + std::to_string(max_chars) + " characters");
    return false;
  }
  return true;
}

std::string FieldReader::required_string(const std::string& name, size_t max_chars) {
  const auto* v = get(name);
  if (!v) {
    error(name, "必填", "is required");
    return {};
  }
  if (!check_string(*this, name, *v, max_chars)) return {};
  auto s = v->get<std::string>();
  if (s.find_first_not_of(" \t\r\n") == std::string::npos) {
    error(name, "不能为空", "must not be empty");
    return {};
  }
  return s;
}

std::optional<std::string> FieldReader::optional_string(const std::string& name, size_t max_chars) {
  const auto* v = get(name);
  if (!v) return std::nullopt;
  if (!check_string(*this, name, *v, max_chars)) return std::nullopt;
  return v->get<std::string>();
}

std::optional<int64_t> FieldReader::optional_int(const std::string& name, int64_t min,
                                                 int64_t max) {
  const auto* v = get(name);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    error(name, "必须是整数", "must be an integer");
    return std::nullopt;
  }
  auto n = v->get<int64_t>();
  if (n < min || n > max) {
    error(name, "必须在 " + std::to_string(min) + " 到 " + std::to_string(max) + " 之间",
          "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> FieldReader::optional_bool(const std::string& name) {
  const auto* v = get(name);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    error(name, "必须是 true 或 false", "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::vector<std::string> FieldReader::string_list(const std::string& name, size_t max_items,
                                                  size_t max_chars, bool required) {
  const auto* v = get(name);
  std::vector<std::string> out;
  if (!v) {
    if (required) error(name, "必填", "is required");
    return out;
  }
  if (!v->is_array()) {
    error(name, "必须是字符串数组", "must be an array of strings");
    return out;
  }
  if (v->size() > max_items) {
    error(name, "最多 " + std::to_string(max_items) + " 项",
          "must have at most " + std::to_string(max_items) + " items");
    return out;
  }
  for (size_t i = 0; i < v->size(); ++i) {
    std::string item_name = name + "/" + std::to_string(i);
    if (check_string(*this, item_name, (*v)[i], max_chars))
      out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

std::string FieldReader::required_enum(const std::string& name,
                                       const std::vector<std::string>& allowed) {
  if (!body_.is_object() || !body_.contains(name) || body_.at(name).is_null()) {
    seen_.insert(name);
    error(name, "必填", "is required");
    return {};
  }
  return optional_enum(name, allowed).value_or("");
}

std::optional<std::string> FieldReader::optional_enum(const std::string& name,
                                                      const std::vector<std::string>& allowed) {
  auto v = optional_string(name, 64);
  if (!v) return std::nullopt;
  for (const auto& a : allowed)
    if (*v == a) return v;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  error(name, "必须是以下之一：" + list, "must be one of: " + list);
  return std::nullopt;
}

const nlohmann::json* FieldReader::object(const std::string& name, bool required) {
  const auto* v = get(name);
  if (!v) {
    if (required) error(name, "必填", "is required");
    return nullptr;
  }
  if (!v->is_object()) {
    error(name, "必须是 JSON 对象", "must be an object");
    return nullptr;
  }
  return v;
}

Status FieldReader::finish() {
  if (body_.is_object()) {
    for (auto it = body_.begin(); it != body_.end(); ++it) {
      if (!seen_.count(it.key()))
        errors_.push_back(FieldError{pointer(it.key()), "不认识的字段", "unknown field"});
    }
  }
  if (errors_.empty()) return Status::ok();
  return Status::invalid(errors_);
}

void FieldReader::merge(FieldReader& nested) {
  (void)nested.finish();
  for (auto& e : nested.errors_) errors_.push_back(std::move(e));
  nested.errors_.clear();
}

namespace {

// A request body is refused before anything reads it when it nests deeper than this, gives a
// member name twice in one object, or holds a number that cannot be held (1e400): each is a 400
// naming where, never the library's text.
constexpr int kMaxJsonDepth = 32;

// Stops a parse at the first thing a request body may not hold.
struct Refused {
  Status status;
};

}  // namespace

Result<nlohmann::json> parse_json_object(std::string_view body) {
  if (body.empty())
    return Status::invalid_field("/", "请求体为空，需要 JSON 对象",
                                 "empty body; a JSON object is required");
  // The members of each open object (to refuse a name given twice) and the path to it.
  std::vector<std::set<std::string>> members;
  std::vector<std::string> path;
  auto pointer = [&](const std::string& last) {
    std::string p;
    for (size_t i = 0; i + 1 < path.size(); ++i) p += "/" + path[i];
    return p + "/" + last;
  };
  using Event = nlohmann::json::parse_event_t;
  auto check = [&](int depth, Event event, nlohmann::json& parsed) -> bool {
    if ((event == Event::object_start || event == Event::array_start) && depth >= kMaxJsonDepth)
      throw Refused{Status::invalid_field(
          "/", "JSON 嵌套超过 " + std::to_string(kMaxJsonDepth) + " 层",
          "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels")};
    if (event == Event::object_start) {
      members.emplace_back();
      path.emplace_back();
    } else if (event == Event::array_start) {
      path.emplace_back("-");
    } else if (event == Event::object_end || event == Event::array_end) {
      if (event == Event::object_end) members.pop_back();
      path.pop_back();
    } else if (event == Event::key) {
      const auto& name = parsed.get_ref<const std::string&>();
      path.back() = name;
      if (!members.back().insert(name).second)
        throw Refused{Status::invalid_field(pointer(name), "成员重复出现", "is given twice")};
    } else if (event == Event::value && parsed.is_number_float() &&
               !std::isfinite(parsed.get<double>())) {
      throw Refused{Status::invalid_field(pointer(path.empty() ? "" : path.back()), "数值超出范围",
                                          "number out of range")};
    }
    return true;
  };
  try {
    auto j = nlohmann::json::parse(body, check);
    if (!j.is_object())
      return Status::invalid_field("/", "请求体必须是 JSON 对象", "the body must be a JSON object");
    return j;
  } catch (const Refused& r) {
    return r.status;
  } catch (const nlohmann::json::parse_error& e) {
    return Status::invalid_field("/", "JSON 格式错误（第 " + std::to_string(e.byte) + " 字节）",
                                 "malformed JSON at byte " + std::to_string(e.byte));
  } catch (const nlohmann::json::exception&) {
    // A number too large to hold (1e400) and the like: the library's text stays inside.
    return Status::invalid_field("/", "JSON 中有无法表示的数值",
                                 "the JSON holds a number out of range");
  }
}

Status about_field(Status status, std::string field) {
  FieldError e{std::move(field), status.message_zh(), status.message_en()};
  status.with_error(std::move(e));
  return status;
}

}  // namespace sunlight
