// What the kinds' descriptors share: reading helpers for their validation, the reference
// checks, and presentation helpers.
#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "catalog/codes.h"
#include "catalog/directory.h"
#include "catalog/internal/kind.h"
#include "core/time.h"

namespace sunlight::catalog::internal {

using nlohmann::json;

bool matches(const std::string& s, const char* pattern) {
  static thread_local std::map<std::string, std::regex> cache;
  auto it = cache.find(pattern);
  if (it == cache.end()) it = cache.emplace(pattern, std::regex(pattern)).first;
  return std::regex_match(s, it->second);
}

std::string read_code(FieldReader& r, const std::string& name, const char* pattern,
                      const char* rule_zh, const char* rule_en) {
  std::string code = r.required_string(name, 40);
  if (!code.empty() && !matches(code, pattern)) r.error(name, rule_zh, rule_en);
  return code;
}

LegalRef read_legal_ref(FieldReader& r) {
  LegalRef ref;
  ref.law = r.required_string("law", 40);
  ref.article = r.optional_int("article", 1, 100000).value_or(0);
  if (ref.article == 0 && r.ok())
    r.error("article", "必填：条款号", "is required: the article number");
  return ref;
}

void check_date(FieldReader& r, const std::string& name, const std::optional<std::string>& d) {
  if (d && !timeutil::parse_date(*d))
    r.error(name, "日期格式应为 YYYY-MM-DD", "must be a date YYYY-MM-DD");
}

void check_uscc_field(FieldReader& r, const std::string& name, const std::string& v) {
  if (v.empty()) return;
  if (auto p = uscc_problem(v))
    r.error(name, "不是有效的统一社会信用代码：" + p->zh,
            "is not a valid unified social credit code: " + p->en);
}

std::vector<std::string> enum_list(FieldReader& r, const std::string& name,
                                   const std::vector<std::string>& allowed, bool required) {
  auto v = r.string_list(name, allowed.size(), 40, required);
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (std::find(allowed.begin(), allowed.end(), v[i]) == allowed.end()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      r.error(name + "/" + std::to_string(i), "必须是以下之一：" + list, "must be one of: " + list);
    } else if (seen.insert(v[i]).second) {
      out.push_back(v[i]);
    }
  }
  if (required && v.empty() && r.ok()) r.error(name, "至少一项", "needs at least one value");
  return out;
}

// --- references ----------------------------------------------------------------------------

void Refs::error(const std::string& field, std::string zh, std::string en) {
  errors.push_back(FieldError{field, std::move(zh), std::move(en)});
}

void Refs::org(const std::string& field, const std::string& id) {
  auto o = find_organisation(c, id);
  if (!o)
    error(field, "机构 " + id + " 不存在", "organisation " + id + " does not exist");
  else if (!o->active)
    error(field, "机构 " + id + " 已撤销", "organisation " + id + " is dissolved");
}

void Refs::region(const std::string& field, const std::string& code) {
  auto r = find_region(c, code);
  if (!r)
    error(field, "行政区划 " + code + " 不存在", "region " + code + " does not exist");
  else if (!r->active)
    error(field, "行政区划 " + code + " 已撤销", "region " + code + " is dissolved");
}

void Refs::basis(const std::string& field, const std::vector<LegalRef>& list) {
  for (size_t i = 0; i < list.size(); ++i) legal(field + "/" + std::to_string(i), list[i]);
}

void Refs::legal(const std::string& field, const LegalRef& ref) {
  auto a = find_article(c, ref.law, static_cast<int>(ref.article));
  if (!a) {
    if (!find_record(c, Kind::kLaw, ref.law))
      error(field + "/law", "法律法规 " + ref.law + " 不存在",
            "law " + ref.law + " does not exist");
    else
      error(field + "/article", "《" + ref.law + "》没有第 " + std::to_string(ref.article) + " 条",
            ref.law + " has no article " + std::to_string(ref.article));
  } else if (!a->law_in_force) {
    error(field + "/law", "《" + a->law_title + "》已废止", a->law_title + " has been repealed");
  }
}

void Refs::power(const std::string& field, const std::string& code) {
  auto p = find_record(c, Kind::kPower, code);
  if (!p)
    error(field, "权力事项 " + code + " 不存在", "power " + code + " does not exist");
  else if (!p->active())
    error(field, "权力事项 " + code + " 已取消", "power " + code + " has been repealed");
}

void Refs::licences(const std::string& field, const std::vector<Material>& materials) {
  for (size_t i = 0; i < materials.size(); ++i) {
    const auto& src = materials[i].source;
    if (src.kind != "licence") continue;
    std::string cc = src.catalog_code.value_or("");
    auto st = c.cached("SELECT 1 FROM items WHERE catalog_code = ? AND status = 'active' LIMIT 1");
    st.bind(1, cc);
    if (!st.step())
      error(field + "/" + std::to_string(i) + "/source/catalog_code",
            "没有产生该证照的事项（目录编码 " + cc + "）",
            "no item with catalog code " + cc + " issues this licence");
  }
}

void Refs::resources(const std::string& field, const std::vector<Material>& materials) {
  for (size_t i = 0; i < materials.size(); ++i) {
    const auto& src = materials[i].source;
    if (src.kind != "data_resource") continue;
    std::string id = src.resource.value_or("");
    auto res = find_record(c, Kind::kResource, id);
    std::string at = field + "/" + std::to_string(i) + "/source";
    if (!res) {
      error(at + "/resource", "数据资源 " + id + " 不存在",
            "data resource " + id + " does not exist");
      continue;
    }
    if (src.fields)
      for (auto& e : unknown_fields(res->resource(), *src.fields, at + "/fields"))
        errors.push_back(std::move(e));
  }
}

void Refs::items(const std::string& field, const std::vector<std::string>& codes) {
  for (size_t i = 0; i < codes.size(); ++i) {
    const std::string& code = codes[i];
    auto it = find_record(c, Kind::kItem, code);
    if (!it)
      error(field + "/" + std::to_string(i), "事项 " + code + " 不存在",
            "item " + code + " does not exist");
    else if (!it->active())
      error(field + "/" + std::to_string(i), "事项 " + code + " 已取消",
            "item " + code + " has been repealed");
  }
}

// --- presentation ----------------------------------------------------------------------------

std::string org_name(store::Connection& c, const std::string& id) {
  auto o = find_organisation(c, id);
  return o ? o->name : "";
}

std::string region_name(store::Connection& c, const std::string& code) {
  auto r = find_region(c, code);
  return r ? r->name : "";
}

json basis_json(store::Connection& c, const std::vector<LegalRef>& basis) {
  json list = basis;
  return basis_with_text(c, list);
}

}  // namespace sunlight::catalog::internal
