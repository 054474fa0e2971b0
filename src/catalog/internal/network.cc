#include "catalog/network.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <unordered_map>

#include "catalog/codes.h"
#include "catalog/directory.h"
#include "core/fields.h"
#include "core/json.h"
#include "core/time.h"

namespace sunlight::catalog {
namespace {

using ledger::Decision;
using ledger::Event;
using nlohmann::json;

// Leaves are at most 64 KiB; a law's articles beyond this many bytes go in follow-up events.
constexpr size_t kArticleChunkBytes = 24000;

bool matches(const std::string& s, const char* pattern) {
  static thread_local std::map<std::string, std::regex> cache;
  auto it = cache.find(pattern);
  if (it == cache.end()) it = cache.emplace(pattern, std::regex(pattern)).first;
  return std::regex_match(s, it->second);
}

// Reads a list member as an array of objects; each element is handed to `each` with its
// own reader (whose pointer prefix names the element).
template <typename Each>
json object_list(FieldReader& r, const json& doc, const std::string& name, size_t max_items,
                 bool required, Each each) {
  json out = json::array();
  (void)doc;
  const json* list = r.raw(name);
  if (!list) {
    if (required) r.error(name, "必填", "is required");
    return out;
  }
  if (!list->is_array()) {
    r.error(name, "必须是数组", "must be an array");
    return out;
  }
  if (list->size() > max_items) {
    r.error(name, "最多 " + std::to_string(max_items) + " 项",
            "must have at most " + std::to_string(max_items) + " items");
    return out;
  }
  for (size_t i = 0; i < list->size(); ++i) {
    FieldReader er((*list)[i], r.pointer(name) + "/" + std::to_string(i));
    json item = each(er);
    size_t before = r.errors().size();
    r.merge(er);
    if (r.errors().size() == before) out.push_back(std::move(item));
  }
  return out;
}

json legal_ref(FieldReader& r) {
  json ref;
  ref["law"] = r.required_string("law", 40);
  ref["article"] = r.optional_int("article", 1, 100000).value_or(0);
  if (ref["article"] == 0 && r.ok())
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

json validate_law(FieldReader& r, const json& doc) {
  json out;
  out["id"] = r.required_string("id", 40);
  if (!out["id"].get<std::string>().empty() && !matches(out["id"], "[a-z0-9-]{2,40}"))
    r.error("id", "只能包含小写字母、数字和 -，2–40 个字符", "must be 2-40 of a-z, 0-9 and '-'");
  out["title"] = r.required_string("title", 200);
  out["title_en"] = r.optional_string("title_en", 300).value_or("");
  out["level"] = r.required_enum("level", kLawLevels);
  out["issuer"] = r.required_string("issuer", 100);
  auto promulgated = r.optional_string("promulgated", 10);
  auto effective = r.optional_string("effective", 10);
  check_date(r, "promulgated", promulgated);
  check_date(r, "effective", effective);
  if (promulgated) out["promulgated"] = *promulgated;
  if (effective) out["effective"] = *effective;
  out["invented"] = r.optional_bool("invented").value_or(false);
  std::set<int64_t> numbers;
  out["articles"] = object_list(r, doc, "articles", 3000, true, [&](FieldReader& a) {
    json art;
    auto n = a.optional_int("number", 1, 100000);
    if (!n && a.ok()) a.error("number", "必填", "is required");
    art["number"] = n.value_or(0);
    if (n && !numbers.insert(*n).second)
      a.error("number", "条款号重复", "duplicate article number");
    art["text"] = a.required_string("text", 5000);
    art["text_kind"] = a.required_enum("text_kind", {"quote", "summary"});
    return art;
  });
  if (out["articles"].empty() && r.ok())
    r.error("articles", "至少一条", "needs at least one article");
  return out;
}

json validate_power(FieldReader& r, const json& doc) {
  json out;
  out["code"] = r.required_string("code", 40);
  if (!out["code"].get<std::string>().empty() && !matches(out["code"], "[A-Za-z0-9-]{3,40}"))
    r.error("code", "只能包含字母、数字和 -", "must be 3-40 of letters, digits and '-'");
  out["name"] = r.required_string("name", 200);
  out["type"] = r.required_enum("type", kPowerTypes);
  out["holder"] = r.required_string("holder", 18);
  check_uscc_field(r, "holder", out["holder"]);
  out["object"] = r.required_string("object", 100);
  out["basis"] = object_list(r, doc, "basis", 20, false, legal_ref);
  out["stages"] = object_list(r, doc, "stages", 20, true, [](FieldReader& s) {
    return json{{"stage", s.required_string("stage", 20)},
                {"duty", s.required_string("duty", 500)}};
  });
  if (out["stages"].empty() && r.ok())
    r.error("stages", "至少一个责任环节", "needs at least one responsibility stage");
  out["accountability"] = r.string_list("accountability", 30, 300);
  return out;
}

json validate_item(FieldReader& r, const json& doc) {
  json out;
  out["code"] = r.required_string("code", 40);
  if (!out["code"].get<std::string>().empty() && !matches(out["code"], "[A-Za-z0-9-]{3,40}"))
    r.error("code", "只能包含字母、数字和 -", "must be 3-40 of letters, digits and '-'");
  out["catalog_code"] = r.required_string("catalog_code", 40);
  if (!out["catalog_code"].get<std::string>().empty() &&
      !matches(out["catalog_code"], "[A-Za-z0-9-]{2,40}"))
    r.error("catalog_code", "只能包含字母、数字和 -", "must be 2-40 of letters, digits and '-'");
  out["name"] = r.required_string("name", 100);
  out["name_en"] = r.optional_string("name_en", 200).value_or("");
  out["region"] = r.required_string("region", 9);
  if (!out["region"].get<std::string>().empty() && !level_of_code(out["region"].get<std::string>()))
    r.error("region", "不是有效的行政区划代码", "is not an administrative division code");
  out["org"] = r.required_string("org", 18);
  check_uscc_field(r, "org", out["org"]);
  out["competent_org"] =
      r.optional_string("competent_org", 18).value_or(out["org"].get<std::string>());
  check_uscc_field(r, "competent_org", out["competent_org"]);
  out["power"] = r.optional_string("power", 40).value_or("");
  out["type"] = r.required_enum("type", kPowerTypes);
  out["audience"] = enum_list(r, "audience", {"natural_person", "legal_person"}, true);
  out["basis"] = object_list(r, doc, "basis", 20, false, legal_ref);
  out["conditions"] = r.string_list("conditions", 50, 500);
  out["materials"] = object_list(r, doc, "materials", 100, false, [&](FieldReader& m) {
    json mat;
    mat["name"] = m.required_string("name", 100);
    mat["required"] = m.optional_bool("required").value_or(true);
    mat["trust"] = m.required_enum("trust", {"A", "B", "C", "D"});
    mat["note"] = m.optional_string("note", 300).value_or("");
    json source = {{"kind", "applicant"}};
    if (const json* src = m.object("source", true)) {
      FieldReader sr(*src, m.pointer("source"));
      source["kind"] = sr.required_enum("kind", {"applicant", "data_resource", "licence"});
      auto resource = sr.optional_string("resource", 60);
      auto catalog_code = sr.optional_string("catalog_code", 40);
      auto fields = sr.string_list("fields", 100, 40);
      if (source["kind"] == "data_resource") {
        if (!resource)
          sr.error("resource", "数据资源来源必须写明资源",
                   "a data_resource source must name the resource");
        source["resource"] = resource.value_or("");
        if (!fields.empty()) source["fields"] = fields;
      }
      if (source["kind"] == "licence") {
        if (!catalog_code)
          sr.error("catalog_code", "证照来源必须写明产生它的事项编码",
                   "a licence source must name the item that issues it");
        source["catalog_code"] = catalog_code.value_or("");
      }
      m.merge(sr);
    }
    mat["source"] = source;
    return mat;
  });
  out["fees"] = object_list(r, doc, "fees", 20, false, [&](FieldReader& f) {
    json fee;
    fee["name"] = f.required_string("name", 100);
    auto amount = f.optional_int("amount_fen", 0, 1000000000);
    if (!amount && f.ok()) f.error("amount_fen", "必填（单位：分）", "is required (in fen)");
    fee["amount_fen"] = amount.value_or(0);
    if (const json* b = f.object("basis", false)) {
      FieldReader br(*b, f.pointer("basis"));
      fee["basis"] = legal_ref(br);
      f.merge(br);
    }
    return fee;
  });
  out["channels"] =
      enum_list(r, "channels", {"online", "window", "mobile", "self_service", "mail"}, true);
  out["places"] = object_list(r, doc, "places", 20, false, [](FieldReader& p) {
    return json{{"name", p.required_string("name", 100)},
                {"address", p.required_string("address", 200)},
                {"hours", p.required_string("hours", 200)}};
  });
  auto statutory = r.optional_int("statutory_days", 0, 3650);
  auto promised = r.optional_int("promised_days", 0, 3650);
  if (!statutory && r.ok())
    r.error("statutory_days", "必填（工作日）", "is required (working days)");
  if (!promised && r.ok()) r.error("promised_days", "必填（工作日）", "is required (working days)");
  if (statutory && promised && *promised > *statutory)
    r.error("promised_days", "承诺时限不能超过法定时限", "cannot exceed the statutory limit");
  out["statutory_days"] = statutory.value_or(0);
  out["promised_days"] = promised.value_or(0);
  out["special_steps"] = object_list(r, doc, "special_steps", 20, false, [](FieldReader& s) {
    json step;
    step["name"] = s.required_string("name", 100);
    step["counts_toward_limit"] = s.optional_bool("counts_toward_limit").value_or(false);
    step["max_days"] = s.optional_int("max_days", 0, 3650).value_or(0);
    return step;
  });
  out["visits"] = r.optional_int("visits", 0, 10).value_or(0);
  auto depth = r.optional_int("online_depth", 1, 4);
  if (!depth && r.ok()) r.error("online_depth", "必填（1–4）", "is required (1-4)");
  out["online_depth"] = depth.value_or(1);
  if (const json* o = r.object("output", false)) {
    FieldReader orr(*o, r.pointer("output"));
    out["output"] = json{{"name", orr.required_string("name", 100)},
                         {"licence", orr.optional_bool("licence").value_or(false)}};
    r.merge(orr);
  }
  out["keywords"] = r.string_list("keywords", 30, 40);
  out["description"] = r.optional_string("description", 2000).value_or("");
  return out;
}

json validate_life_event(FieldReader& r, const json&) {
  json out;
  out["code"] = r.required_string("code", 40);
  if (!out["code"].get<std::string>().empty() && !matches(out["code"], "[A-Za-z0-9-]{3,40}"))
    r.error("code", "只能包含字母、数字和 -", "must be 3-40 of letters, digits and '-'");
  out["name"] = r.required_string("name", 100);
  out["name_en"] = r.optional_string("name_en", 200).value_or("");
  out["region"] = r.required_string("region", 9);
  out["lead_org"] = r.required_string("lead_org", 18);
  check_uscc_field(r, "lead_org", out["lead_org"]);
  out["items"] = r.string_list("items", 50, 40, true);
  if (out["items"].size() < 2 && r.ok())
    r.error("items", "一件事至少包含两个事项", "a life event bundles at least two items");
  out["promised_days"] = r.optional_int("promised_days", 0, 3650).value_or(0);
  out["visits"] = r.optional_int("visits", 0, 10).value_or(0);
  out["description"] = r.optional_string("description", 2000).value_or("");
  out["keywords"] = r.string_list("keywords", 30, 40);
  return out;
}

json validate_resource(FieldReader& r, const json& doc) {
  json out;
  out["id"] = r.required_string("id", 40);
  if (!out["id"].get<std::string>().empty() && !matches(out["id"], "[a-z0-9-]{2,40}"))
    r.error("id", "只能包含小写字母、数字和 -，2–40 个字符", "must be 2-40 of a-z, 0-9 and '-'");
  out["name"] = r.required_string("name", 100);
  out["name_en"] = r.optional_string("name_en", 200).value_or("");
  out["holder"] = r.required_string("holder", 18);
  check_uscc_field(r, "holder", out["holder"]);
  out["subject"] = r.required_enum("subject", {"person", "business"});
  std::set<std::string> names;
  out["fields"] = object_list(r, doc, "fields", 100, true, [&](FieldReader& f) {
    json field;
    field["name"] = f.required_string("name", 40);
    if (!field["name"].get<std::string>().empty() &&
        !matches(field["name"], "[a-z][a-z0-9_]{0,39}"))
      f.error("name", "只能包含小写字母、数字和 _", "must be a-z, 0-9 and '_'");
    else if (!names.insert(field["name"]).second)
      f.error("name", "字段名重复", "duplicate field name");
    field["label"] = f.required_string("label", 40);
    field["personal"] = f.optional_bool("personal").value_or(true);
    return field;
  });
  out["default_fields"] = r.string_list("default_fields", 100, 40);
  for (size_t i = 0; i < out["default_fields"].size(); ++i)
    if (!names.count(out["default_fields"][i]))
      r.error("default_fields/" + std::to_string(i), "不是本资源的字段",
              "is not a field of this resource");
  out["sharing"] = r.required_enum("sharing", kSharingClasses);
  out["open"] = r.required_enum("open", kSharingClasses);
  out["basis"] = object_list(r, doc, "basis", 20, false, legal_ref);
  out["update_frequency"] =
      r.optional_enum("update_frequency", {"realtime", "daily", "weekly", "monthly", "yearly"})
          .value_or("daily");
  out["description"] = r.optional_string("description", 2000).value_or("");
  return out;
}

// ---------------------------------------------------------------------------------------
// References (need the store)

struct Refs {
  store::Connection& c;
  std::vector<FieldError> errors;
  void error(const std::string& field, std::string zh, std::string en) {
    errors.push_back(FieldError{field, std::move(zh), std::move(en)});
  }
  void org(const std::string& field, const std::string& id) {
    auto o = find_organisation(c, id);
    if (!o)
      error(field, "机构 " + id + " 不存在", "organisation " + id + " does not exist");
    else if (!o->active)
      error(field, "机构 " + id + " 已撤销", "organisation " + id + " is dissolved");
  }
  void region(const std::string& field, const std::string& code) {
    auto r = find_region(c, code);
    if (!r)
      error(field, "行政区划 " + code + " 不存在", "region " + code + " does not exist");
    else if (!r->active)
      error(field, "行政区划 " + code + " 已撤销", "region " + code + " is dissolved");
  }
  void basis(const std::string& field, const json& list) {
    for (size_t i = 0; i < list.size(); ++i) legal(field + "/" + std::to_string(i), list[i]);
  }
  void legal(const std::string& field, const json& ref) {
    std::string law = ref.at("law");
    int article = ref.at("article");
    auto a = find_article(c, law, article);
    if (!a) {
      if (!find_record(c, Kind::kLaw, law))
        error(field + "/law", "法律法规 " + law + " 不存在", "law " + law + " does not exist");
      else
        error(field + "/article", "《" + law + "》没有第 " + std::to_string(article) + " 条",
              law + " has no article " + std::to_string(article));
    } else if (!a->law_in_force) {
      error(field + "/law", "《" + a->law_title + "》已废止", a->law_title + " has been repealed");
    }
  }
  void power(const std::string& field, const std::string& code) {
    auto p = find_record(c, Kind::kPower, code);
    if (!p)
      error(field, "权力事项 " + code + " 不存在", "power " + code + " does not exist");
    else if (p->status != "active")
      error(field, "权力事项 " + code + " 已取消", "power " + code + " has been repealed");
  }
  void licences(const std::string& field, const json& materials) {
    for (size_t i = 0; i < materials.size(); ++i) {
      const auto& src = materials[i].at("source");
      if (src.at("kind") != "licence") continue;
      std::string cc = src.at("catalog_code");
      auto st =
          c.cached("SELECT 1 FROM items WHERE catalog_code = ? AND status = 'active' LIMIT 1");
      st.bind(1, cc);
      if (!st.step())
        error(field + "/" + std::to_string(i) + "/source/catalog_code",
              "没有产生该证照的事项（目录编码 " + cc + "）",
              "no item with catalog code " + cc + " issues this licence");
    }
  }
  void resources(const std::string& field, const json& materials) {
    for (size_t i = 0; i < materials.size(); ++i) {
      const auto& src = materials[i].at("source");
      if (src.at("kind") != "data_resource") continue;
      std::string id = src.at("resource");
      auto res = find_record(c, Kind::kResource, id);
      std::string at = field + "/" + std::to_string(i) + "/source";
      if (!res) {
        error(at + "/resource", "数据资源 " + id + " 不存在",
              "data resource " + id + " does not exist");
        continue;
      }
      if (src.contains("fields"))
        for (auto& e : unknown_fields(res->doc, src.at("fields").get<std::vector<std::string>>(),
                                      at + "/fields"))
          errors.push_back(std::move(e));
    }
  }
  void items(const std::string& field, const json& codes) {
    for (size_t i = 0; i < codes.size(); ++i) {
      std::string code = codes[i];
      auto it = find_record(c, Kind::kItem, code);
      if (!it)
        error(field + "/" + std::to_string(i), "事项 " + code + " 不存在",
              "item " + code + " does not exist");
      else if (it->status != "active")
        error(field + "/" + std::to_string(i), "事项 " + code + " 已取消",
              "item " + code + " has been repealed");
    }
  }
};

void check_references(Refs& refs, Kind kind, const json& doc, LicenceRefs licences) {
  switch (kind) {
    case Kind::kLaw:
      break;
    case Kind::kPower:
      refs.org("/holder", doc.at("holder"));
      refs.basis("/basis", doc.at("basis"));
      break;
    case Kind::kItem:
      refs.region("/region", doc.at("region"));
      refs.org("/org", doc.at("org"));
      if (doc.at("competent_org") != doc.at("org"))
        refs.org("/competent_org", doc.at("competent_org"));
      if (!doc.at("power").get<std::string>().empty()) refs.power("/power", doc.at("power"));
      refs.basis("/basis", doc.at("basis"));
      for (size_t i = 0; i < doc.at("fees").size(); ++i)
        if (doc["fees"][i].contains("basis"))
          refs.legal("/fees/" + std::to_string(i) + "/basis", doc["fees"][i]["basis"]);
      if (licences == LicenceRefs::kCheckNow) refs.licences("/materials", doc.at("materials"));
      refs.resources("/materials", doc.at("materials"));
      break;
    case Kind::kResource:
      refs.org("/holder", doc.at("holder"));
      refs.basis("/basis", doc.at("basis"));
      break;
    case Kind::kLifeEvent:
      refs.region("/region", doc.at("region"));
      refs.org("/lead_org", doc.at("lead_org"));
      refs.items("/items", doc.at("items"));
      break;
  }
}

Status not_found_record(Kind kind, const std::string& key) {
  return Status(Code::kNotFound, std::string(kind_name(kind)) + " " + key + " 不存在",
                std::string(kind_name(kind)) + " " + key + " does not exist");
}

std::string event_type(Kind kind, const char* verb) {
  return std::string(kind_name(kind)) + "." + verb;
}

// Splits a law's articles into chunks that each fit a leaf.
std::vector<json> article_chunks(const json& articles) {
  std::vector<json> chunks(1, json::array());
  size_t bytes = 0;
  for (const auto& a : articles) {
    size_t n = a.at("text").get_ref<const std::string&>().size() + 64;
    if (bytes + n > kArticleChunkBytes && !chunks.back().empty()) {
      chunks.emplace_back(json::array());
      bytes = 0;
    }
    chunks.back().push_back(a);
    bytes += n;
  }
  return chunks;
}

// Events that publish or amend a record: one, or for a long law one plus article chunks.
std::vector<Event> version_events(Kind kind, const std::string& verb, const std::string& key,
                                  int version, const json& doc, const std::string& effective,
                                  const std::string& basis) {
  std::vector<Event> events;
  json base = {{"key", key}, {"version", version}, {"effective", effective}};
  if (!basis.empty()) base["basis"] = basis;
  if (kind == Kind::kLaw) {
    auto chunks = article_chunks(doc.at("articles"));
    json head = doc;
    head["articles"] = chunks[0];
    base["record"] = head;
    events.push_back(Event{event_type(kind, verb.c_str()), base, std::nullopt});
    for (size_t i = 1; i < chunks.size(); ++i)
      events.push_back(Event{"law.articles_added",
                             {{"key", key}, {"version", version}, {"articles", chunks[i]}},
                             std::nullopt});
    return events;
  }
  base["record"] = doc;
  events.push_back(Event{event_type(kind, verb.c_str()), base, std::nullopt});
  return events;
}

// ---------------------------------------------------------------------------------------
// Appliers

std::string org_region(store::Connection& tx, const std::string& org) {
  auto o = find_organisation(tx, org);
  return o ? o->region : "";
}

void write_links(store::Connection& tx, Kind kind, const std::string& key, const json& doc) {
  switch (kind) {
    case Kind::kLaw:
      tx.cached("DELETE FROM law_articles WHERE law = ?").bind(1, key).run();
      for (const auto& a : doc.at("articles"))
        tx.cached("INSERT INTO law_articles (law, number, text, text_kind) VALUES (?, ?, ?, ?)")
            .bind_all(key, a.at("number").get<int64_t>(), a.at("text").get<std::string>(),
                      a.at("text_kind").get<std::string>())
            .run();
      break;
    case Kind::kPower: {
      tx.cached("DELETE FROM power_basis WHERE power = ?").bind(1, key).run();
      int seq = 0;
      for (const auto& b : doc.at("basis"))
        tx.cached("INSERT INTO power_basis (power, seq, law, article) VALUES (?, ?, ?, ?)")
            .bind_all(key, seq++, b.at("law").get<std::string>(), b.at("article").get<int64_t>())
            .run();
      break;
    }
    case Kind::kItem: {
      tx.cached("DELETE FROM item_basis WHERE item = ?").bind(1, key).run();
      tx.cached("DELETE FROM item_materials WHERE item = ?").bind(1, key).run();
      int seq = 0;
      for (const auto& b : doc.at("basis"))
        tx.cached("INSERT INTO item_basis (item, seq, law, article) VALUES (?, ?, ?, ?)")
            .bind_all(key, seq++, b.at("law").get<std::string>(), b.at("article").get<int64_t>())
            .run();
      seq = 0;
      for (const auto& m : doc.at("materials")) {
        const auto& src = m.at("source");
        std::string ref = src.value("resource", src.value("catalog_code", std::string()));
        std::optional<std::string> fields;
        if (src.contains("fields")) fields = src.at("fields").dump();
        tx.cached(
              "INSERT INTO item_materials (item, seq, name, required, kind, ref, trust, fields)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .bind_all(key, seq++, m.at("name").get<std::string>(),
                      m.at("required").get<bool>() ? 1 : 0, src.at("kind").get<std::string>(), ref,
                      m.at("trust").get<std::string>(), fields)
            .run();
      }
      break;
    }
    case Kind::kResource:
      break;
    case Kind::kLifeEvent: {
      tx.cached("DELETE FROM life_event_items WHERE life_event = ?").bind(1, key).run();
      int seq = 0;
      for (const auto& i : doc.at("items"))
        tx.cached("INSERT INTO life_event_items (life_event, seq, item) VALUES (?, ?, ?)")
            .bind_all(key, seq++, i.get<std::string>())
            .run();
      break;
    }
  }
}

int64_t total_fee(const json& doc) {
  int64_t sum = 0;
  for (const auto& f : doc.at("fees")) sum += f.at("amount_fen").get<int64_t>();
  return sum;
}

void upsert_row(store::Connection& tx, Kind kind, const std::string& key, int version,
                const std::string& effective, const json& doc) {
  std::string text = doc.dump();
  switch (kind) {
    case Kind::kLaw:
      tx.cached(
            "INSERT INTO laws (id, title, title_en, level, issuer, invented, status, version, "
            "effective, doc)"
            " VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " title = excluded.title, title_en = excluded.title_en, level = excluded.level,"
            " issuer = excluded.issuer, invented = excluded.invented, version = excluded.version,"
            " effective = excluded.effective, doc = excluded.doc")
          .bind_all(key, doc.at("title").get<std::string>(), doc.at("title_en").get<std::string>(),
                    doc.at("level").get<std::string>(), doc.at("issuer").get<std::string>(),
                    doc.at("invented").get<bool>() ? 1 : 0, version, effective, text)
          .run();
      break;
    case Kind::kPower:
      tx.cached(
            "INSERT INTO powers (code, name, type, holder, region, object, status, version, "
            "effective, doc)"
            " VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?) ON CONFLICT (code) DO UPDATE SET"
            " name = excluded.name, type = excluded.type, holder = excluded.holder, region = "
            "excluded.region,"
            " object = excluded.object, version = excluded.version, effective = excluded.effective,"
            " doc = excluded.doc")
          .bind_all(key, doc.at("name").get<std::string>(), doc.at("type").get<std::string>(),
                    doc.at("holder").get<std::string>(), org_region(tx, doc.at("holder")),
                    doc.at("object").get<std::string>(), version, effective, text)
          .run();
      break;
    case Kind::kItem:
      tx.cached(
            "INSERT INTO items (code, catalog_code, name, name_en, region, org, competent_org, "
            "power, type,"
            " status, version, effective, statutory_days, promised_days, visits, online_depth, "
            "fee_fen,"
            " materials, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, "
            "?)"
            " ON CONFLICT (code) DO UPDATE SET catalog_code = excluded.catalog_code, name = "
            "excluded.name,"
            " name_en = excluded.name_en, region = excluded.region, org = excluded.org,"
            " competent_org = excluded.competent_org, power = excluded.power, type = excluded.type,"
            " version = excluded.version, effective = excluded.effective,"
            " statutory_days = excluded.statutory_days, promised_days = excluded.promised_days,"
            " visits = excluded.visits, online_depth = excluded.online_depth, fee_fen = "
            "excluded.fee_fen,"
            " materials = excluded.materials, doc = excluded.doc")
          .bind_all(key, doc.at("catalog_code").get<std::string>(),
                    doc.at("name").get<std::string>(), doc.at("name_en").get<std::string>(),
                    doc.at("region").get<std::string>(), doc.at("org").get<std::string>(),
                    doc.at("competent_org").get<std::string>(), doc.at("power").get<std::string>(),
                    doc.at("type").get<std::string>(), version, effective,
                    doc.at("statutory_days").get<int64_t>(), doc.at("promised_days").get<int64_t>(),
                    doc.at("visits").get<int64_t>(), doc.at("online_depth").get<int64_t>(),
                    total_fee(doc), static_cast<int64_t>(doc.at("materials").size()), text)
          .run();
      break;
    case Kind::kResource:
      tx.cached(
            "INSERT INTO data_resources (id, name, holder, subject, sharing, open, status, "
            "version, effective, doc)"
            " VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = "
            "excluded.name,"
            " holder = excluded.holder, subject = excluded.subject, sharing = excluded.sharing,"
            " open = excluded.open, version = excluded.version, effective = excluded.effective, "
            "doc = excluded.doc")
          .bind_all(key, doc.at("name").get<std::string>(), doc.at("holder").get<std::string>(),
                    doc.at("subject").get<std::string>(), doc.at("sharing").get<std::string>(),
                    doc.at("open").get<std::string>(), version, effective, text)
          .run();
      break;
    case Kind::kLifeEvent:
      tx.cached(
            "INSERT INTO life_events (code, name, region, lead_org, status, version, effective, "
            "doc)"
            " VALUES (?, ?, ?, ?, 'active', ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = "
            "excluded.name,"
            " region = excluded.region, lead_org = excluded.lead_org, version = excluded.version,"
            " effective = excluded.effective, doc = excluded.doc")
          .bind_all(key, doc.at("name").get<std::string>(), doc.at("region").get<std::string>(),
                    doc.at("lead_org").get<std::string>(), version, effective, text)
          .run();
      break;
  }
}

const char* table_of(Kind kind) { return plural_name(kind); }
const char* key_column(Kind kind) {
  return kind == Kind::kLaw || kind == Kind::kResource ? "id" : "code";
}

void record_version(store::Connection& tx, Kind kind, const std::string& key, int version,
                    const ledger::Applied& e, const std::string& effective,
                    const std::string& basis, const std::optional<json>& doc) {
  tx.cached(
        "INSERT INTO record_versions (kind, key, version, idx, type, time, effective, basis, doc, "
        "actor)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(kind_name(kind), key, version, e.index, e.leaf.type,
                timeutil::format_rfc3339(e.leaf.time), effective, basis,
                doc ? doc->dump() : std::string(), e.leaf.actor.to_json().dump())
      .run();
}

void apply_version(Kind kind, store::Connection& tx, const ledger::Applied& e) {
  const auto& d = e.leaf.data;
  std::string key = d.at("key");
  int version = d.at("version");
  std::string effective = d.at("effective");
  const json& doc = d.at("record");
  upsert_row(tx, kind, key, version, effective, doc);
  write_links(tx, kind, key, doc);
  record_version(tx, kind, key, version, e, effective, d.value("basis", std::string()), doc);
}

void apply_repeal(Kind kind, store::Connection& tx, const ledger::Applied& e) {
  const auto& d = e.leaf.data;
  std::string key = d.at("key");
  int version = d.at("version");
  tx.cached(std::string("UPDATE ") + table_of(kind) +
            " SET status = 'repealed', version = ? WHERE " + key_column(kind) + " = ?")
      .bind_all(version, key)
      .run();
  record_version(tx, kind, key, version, e, d.at("effective"), d.at("basis"), std::nullopt);
}

RecordRow read_row(Kind kind, const store::Statement& st) {
  RecordRow r;
  r.kind = kind;
  r.key = st.text(0);
  r.status = st.text(1);
  r.version = static_cast<int>(st.int64(2));
  r.effective = st.text(3);
  r.doc = json::parse(st.text(4));
  return r;
}

std::string list_where(Kind kind) {
  switch (kind) {
    case Kind::kLaw:
      return " FROM laws WHERE (?1 IS NULL OR 1) AND (?2 IS NULL OR 1) AND (?3 IS NULL OR level = "
             "?3)"
             " AND (?4 IS NULL OR 1) AND (?5 IS NULL OR instr(title, ?5) > 0) AND (?6 = 1 OR "
             "status = 'active')"
             " AND (?9 IS NULL OR 1)";
    case Kind::kPower:
      return " FROM powers WHERE (?1 IS NULL OR region = ?1) AND (?2 IS NULL OR holder = ?2)"
             " AND (?3 IS NULL OR type = ?3) AND (?4 IS NULL OR 1) AND (?5 IS NULL OR instr(name, "
             "?5) > 0)"
             " AND (?6 = 1 OR status = 'active') AND (?9 IS NULL OR 1)";
    case Kind::kItem:
      return " FROM items WHERE (?1 IS NULL OR region = ?1) AND (?2 IS NULL OR org = ?2)"
             " AND (?3 IS NULL OR type = ?3) AND (?4 IS NULL OR catalog_code = ?4)"
             " AND (?5 IS NULL OR instr(name, ?5) > 0) AND (?6 = 1 OR status = 'active')"
             " AND (?9 IS NULL OR power = ?9)";
    case Kind::kResource:
      return " FROM data_resources WHERE (?1 IS NULL OR 1) AND (?2 IS NULL OR holder = ?2)"
             " AND (?3 IS NULL OR sharing = ?3) AND (?4 IS NULL OR 1) AND (?5 IS NULL OR "
             "instr(name, ?5) > 0)"
             " AND (?6 = 1 OR status = 'active') AND (?9 IS NULL OR 1)";
    case Kind::kLifeEvent:
      return " FROM life_events WHERE (?1 IS NULL OR region = ?1) AND (?2 IS NULL OR lead_org = ?2)"
             " AND (?3 IS NULL OR 1) AND (?4 IS NULL OR 1) AND (?5 IS NULL OR instr(name, ?5) > 0)"
             " AND (?6 = 1 OR status = 'active') AND (?9 IS NULL OR 1)";
  }
  return "";
}

void bind_filter(store::Statement& st, const ListFilter& f) {
  st.bind(1, f.region).bind(2, f.org).bind(3, f.type).bind(4, f.catalog_code).bind(5, f.query);
  st.bind(6, f.include_repealed ? 1 : 0);
  st.bind(9, f.power);
}

Result<std::string> effective_of(FieldReader& r) {
  auto d = r.optional_string("effective", 10);
  if (d && !timeutil::parse_date(*d))
    r.error("effective", "日期格式应为 YYYY-MM-DD", "must be a date YYYY-MM-DD");
  return d.value_or(timeutil::today());
}

}  // namespace

// ---------------------------------------------------------------------------------------

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::kLaw:
      return "law";
    case Kind::kPower:
      return "power";
    case Kind::kItem:
      return "item";
    case Kind::kLifeEvent:
      return "life_event";
    case Kind::kResource:
      return "resource";
  }
  return "?";
}

const char* plural_name(Kind k) {
  switch (k) {
    case Kind::kLaw:
      return "laws";
    case Kind::kPower:
      return "powers";
    case Kind::kItem:
      return "items";
    case Kind::kLifeEvent:
      return "life_events";
    case Kind::kResource:
      return "data_resources";
  }
  return "?";
}

std::optional<Kind> parse_kind(std::string_view name) {
  for (auto k : {Kind::kLaw, Kind::kPower, Kind::kItem, Kind::kLifeEvent, Kind::kResource})
    if (name == kind_name(k)) return k;
  return std::nullopt;
}

const char* power_type_zh(std::string_view t) {
  static const std::map<std::string_view, const char*> names = {
      {"licensing", "行政许可"},    {"penalty", "行政处罚"},       {"enforcement", "行政强制"},
      {"levy", "行政征收"},         {"benefit", "行政给付"},       {"inspection", "行政检查"},
      {"confirmation", "行政确认"}, {"reward", "行政奖励"},        {"adjudication", "行政裁决"},
      {"other", "其他行政权力"},    {"public_service", "公共服务"}};
  auto it = names.find(t);
  return it == names.end() ? "" : it->second;
}

const char* law_level_zh(std::string_view l) {
  static const std::map<std::string_view, const char*> names = {
      {"law", "法律"},
      {"administrative_regulation", "行政法规"},
      {"local_regulation", "地方性法规"},
      {"department_rule", "部门规章"},
      {"local_government_rule", "地方政府规章"},
      {"normative_document", "规范性文件"}};
  auto it = names.find(l);
  return it == names.end() ? "" : it->second;
}

Result<json> validate_record(Kind kind, const json& doc) {
  FieldReader r(doc);
  json out;
  switch (kind) {
    case Kind::kLaw:
      out = validate_law(r, doc);
      break;
    case Kind::kPower:
      out = validate_power(r, doc);
      break;
    case Kind::kItem:
      out = validate_item(r, doc);
      break;
    case Kind::kLifeEvent:
      out = validate_life_event(r, doc);
      break;
    case Kind::kResource:
      out = validate_resource(r, doc);
      break;
  }
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return out;
}

std::string record_key(Kind kind, const json& doc) {
  return doc.value(key_column(kind), std::string());
}

Result<PublishCommand> parse_publish(Kind kind, const json& body) {
  json record = body;
  std::string effective = timeutil::today();
  if (kind == Kind::kLaw) {
    // A law's own "effective" date is part of the record, and is when its publication takes
    // effect in the catalogue too.
    auto doc = validate_record(kind, record);
    if (!doc.is_ok()) return doc.take_status();
    if (doc->contains("effective")) effective = doc->at("effective");
    return PublishCommand{kind, std::move(doc).value(), effective};
  }
  if (body.is_object() && body.contains("effective")) {
    json effective_only = {{"effective", body["effective"]}};
    FieldReader r(effective_only);
    auto e = effective_of(r);
    SUNLIGHT_RETURN_IF_ERROR(r.finish());
    effective = *e;
    record.erase("effective");
  }
  auto doc = validate_record(kind, record);
  if (!doc.is_ok()) return doc.take_status();
  return PublishCommand{kind, std::move(doc).value(), effective};
}

Result<AmendCommand> parse_amend(Kind kind, const std::string& key, const json& body) {
  FieldReader r(body);
  const json* record = r.object("record", true);
  auto effective = effective_of(r);
  auto basis = r.required_string("basis", 500);
  std::optional<json> doc;
  if (record) {
    auto v = validate_record(kind, *record);
    if (!v.is_ok()) {
      for (const auto& e : v.status().errors())
        r.errors().push_back(FieldError{"/record" + e.field, e.message_zh, e.message_en});
    } else {
      doc = std::move(v).value();
      if (record_key(kind, *doc) != key)
        r.error("record", "记录的编码必须与地址中的 " + key + " 一致",
                "the record's key must be " + key + ", as in the URL");
    }
  }
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return AmendCommand{kind, key, std::move(*doc), *effective, basis};
}

Result<RepealCommand> parse_repeal(Kind kind, const std::string& key, const json& body) {
  FieldReader r(body);
  auto effective = effective_of(r);
  auto basis = r.required_string("basis", 500);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return RepealCommand{kind, key, *effective, basis};
}

ledger::Decide publish(PublishCommand cmd) {
  return [cmd = std::move(cmd)](store::Connection& c) -> Result<Decision> {
    std::string key = record_key(cmd.kind, cmd.doc);
    if (find_record(c, cmd.kind, key))
      return Status(Code::kAlreadyExists, std::string(kind_name(cmd.kind)) + " " + key + " 已存在",
                    std::string(kind_name(cmd.kind)) + " " + key + " already exists");
    Refs refs{c, {}};
    check_references(refs, cmd.kind, cmd.doc, cmd.licence_refs);
    if (!refs.errors.empty()) return Status::invalid(std::move(refs.errors));
    json result = {
        {"kind", kind_name(cmd.kind)}, {"key", key}, {"version", 1}, {"effective", cmd.effective}};
    return Decision{version_events(cmd.kind, "published", key, 1, cmd.doc, cmd.effective, ""),
                    result};
  };
}

ledger::Decide amend(AmendCommand cmd) {
  return [cmd = std::move(cmd)](store::Connection& c) -> Result<Decision> {
    auto current = find_record(c, cmd.kind, cmd.key);
    if (!current) return not_found_record(cmd.kind, cmd.key);
    if (current->status != "active")
      return Status(Code::kFailedPrecondition, "已取消的记录不能修改",
                    "a repealed record cannot be amended");
    if (current->doc == cmd.doc)
      return Status(Code::kFailedPrecondition, "内容没有变化", "the record is unchanged");
    Refs refs{c, {}};
    check_references(refs, cmd.kind, cmd.doc, LicenceRefs::kCheckNow);
    if (!refs.errors.empty()) return Status::invalid(std::move(refs.errors));
    int version = current->version + 1;
    json result = {{"kind", kind_name(cmd.kind)},
                   {"key", cmd.key},
                   {"version", version},
                   {"effective", cmd.effective}};
    return Decision{
        version_events(cmd.kind, "amended", cmd.key, version, cmd.doc, cmd.effective, cmd.basis),
        result};
  };
}

ledger::Decide repeal(RepealCommand cmd) {
  return [cmd = std::move(cmd)](store::Connection& c) -> Result<Decision> {
    auto current = find_record(c, cmd.kind, cmd.key);
    if (!current) return not_found_record(cmd.kind, cmd.key);
    if (current->status != "active")
      return Status(Code::kFailedPrecondition, "该记录已取消", "the record is already repealed");
    if (cmd.kind == Kind::kPower) {
      auto st = c.cached("SELECT COUNT(*) FROM items WHERE power = ? AND status = 'active'");
      st.bind(1, cmd.key);
      st.step();
      if (st.int64(0) > 0)
        return Status(
            Code::kFailedPrecondition,
            "还有 " + std::to_string(st.int64(0)) + " 个事项依据该权力办理，请先调整这些事项",
            std::to_string(st.int64(0)) +
                " service items still exercise this power; amend them first");
    }
    int version = current->version + 1;
    json data = {
        {"key", cmd.key}, {"version", version}, {"effective", cmd.effective}, {"basis", cmd.basis}};
    json result = {{"kind", kind_name(cmd.kind)},
                   {"key", cmd.key},
                   {"version", version},
                   {"status", "repealed"}};
    return Decision{{Event{event_type(cmd.kind, "repealed"), data, std::nullopt}}, result};
  };
}

ledger::Decide check_licence_references(std::vector<std::string> item_codes) {
  return [codes = std::move(item_codes)](store::Connection& c) -> Result<Decision> {
    std::vector<FieldError> errors;
    for (const auto& code : codes) {
      auto item = find_record(c, Kind::kItem, code);
      if (!item) continue;
      Refs refs{c, {}};
      refs.licences("/materials", item->doc.at("materials"));
      for (auto& e : refs.errors)
        errors.push_back(FieldError{code + e.field, e.message_zh, e.message_en});
    }
    if (!errors.empty()) return Status::invalid(std::move(errors));
    return Decision{};
  };
}

std::optional<RecordRow> find_record(store::Connection& c, Kind kind, const std::string& key) {
  auto st = c.cached(std::string("SELECT ") + key_column(kind) +
                     ", status, version, effective, doc FROM " + table_of(kind) + " WHERE " +
                     key_column(kind) + " = ?");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return read_row(kind, st);
}

int64_t catalog_stamp(store::Connection& c) {
  auto st = c.cached("SELECT stamp FROM catalog_stamp");
  return st.step() ? st.int64(0) : 0;
}

std::shared_ptr<const void> memo_catalog_erased(
    store::Connection& c, std::string_view space, const std::string& key,
    const std::function<std::shared_ptr<const void>()>& load) {
  struct Memo {
    bool valid = false;
    int64_t stamp = 0;
    std::unordered_map<std::string, std::shared_ptr<const void>> values;
  };
  thread_local Memo memo;
  int64_t stamp = catalog_stamp(c);
  if (!memo.valid || memo.stamp != stamp) {
    memo.values.clear();
    memo.stamp = stamp;
    memo.valid = true;
  }
  std::string id;
  id.reserve(space.size() + 1 + key.size());
  id.append(space).push_back('\x1f');
  id.append(key);
  if (auto it = memo.values.find(id); it != memo.values.end()) return it->second;
  auto value = load();
  // Outside a transaction each read is its own snapshot: keep the value only if the catalog
  // did not change while it was read.
  if (catalog_stamp(c) != stamp) return value;
  if (memo.values.size() >= 4096) memo.values.clear();  // bounded: documents run to kilobytes
  memo.values.emplace(std::move(id), value);
  return value;
}

std::shared_ptr<const RecordRow> find_record_shared(store::Connection& c, Kind kind,
                                                    const std::string& key) {
  return memo_catalog<RecordRow>(c, kind_name(kind), key,
                                 [&]() -> std::shared_ptr<const RecordRow> {
                                   auto row = find_record(c, kind, key);
                                   if (!row) return nullptr;
                                   return std::make_shared<const RecordRow>(std::move(*row));
                                 });
}

std::vector<std::string> resource_field_names(const json& resource) {
  std::vector<std::string> names;
  for (const auto& f : resource.at("fields")) names.push_back(f.at("name"));
  return names;
}

std::vector<FieldError> unknown_fields(const json& resource, const std::vector<std::string>& fields,
                                       const std::string& pointer) {
  auto names = resource_field_names(resource);
  std::vector<FieldError> errors;
  for (size_t i = 0; i < fields.size(); ++i)
    if (std::find(names.begin(), names.end(), fields[i]) == names.end())
      errors.push_back({pointer + "/" + std::to_string(i), "不是该数据资源的字段",
                        "is not a field of the data resource"});
  return errors;
}

std::vector<RecordRow> list_records(store::Connection& c, Kind kind, const ListFilter& f) {
  auto st =
      c.cached(std::string("SELECT ") + key_column(kind) + ", status, version, effective, doc" +
               list_where(kind) + " ORDER BY " + key_column(kind) + " LIMIT ?7 OFFSET ?8");
  bind_filter(st, f);
  st.bind(7, f.limit).bind(8, f.offset);
  std::vector<RecordRow> out;
  while (st.step()) out.push_back(read_row(kind, st));
  return out;
}

int64_t count_records(store::Connection& c, Kind kind, const ListFilter& f) {
  auto st = c.cached("SELECT COUNT(*)" + list_where(kind));
  bind_filter(st, f);
  st.step();
  return st.int64(0);
}

std::vector<Version> versions(store::Connection& c, Kind kind, const std::string& key) {
  auto st = c.cached(
      "SELECT version, idx, type, time, effective, basis, doc, actor FROM record_versions"
      " WHERE kind = ? AND key = ? ORDER BY version, idx");
  st.bind_all(kind_name(kind), key);
  std::vector<Version> out;
  while (st.step()) {
    Version v{static_cast<int>(st.int64(0)),
              static_cast<uint64_t>(st.int64(1)),
              st.text(2),
              st.text(3),
              st.text(4),
              st.text(5),
              nullptr,
              json::parse(st.text(7))};
    auto doc = st.text(6);
    if (!doc.empty()) v.doc = json::parse(doc);
    out.push_back(std::move(v));
  }
  return out;
}

std::optional<ArticleRef> find_article(store::Connection& c, const std::string& law, int article) {
  auto st = c.cached(
      "SELECT l.title, a.text, a.text_kind, l.status, l.invented FROM law_articles a JOIN laws l "
      "ON l.id = a.law"
      " WHERE a.law = ? AND a.number = ?");
  st.bind_all(law, article);
  if (!st.step()) return std::nullopt;
  return ArticleRef{
      law, article, st.text(0), st.text(1), st.text(2), st.text(3) == "active", st.int64(4) != 0};
}

json basis_with_text(store::Connection& c, const json& basis) {
  json out = json::array();
  for (const auto& b : basis) {
    json j = b;
    if (auto a = find_article(c, b.at("law"), b.at("article"))) {
      j["law_title"] = a->law_title;
      j["text"] = a->text;
      j["text_kind"] = a->text_kind;
      j["in_force"] = a->law_in_force;
      j["invented"] = a->invented;
    }
    out.push_back(std::move(j));
  }
  return out;
}

void register_network(ledger::Registry& registry) {
  registry.add_migrations({{"catalog", 2, R"(
    CREATE TABLE laws (
      id TEXT PRIMARY KEY, title TEXT NOT NULL, title_en TEXT, level TEXT NOT NULL, issuer TEXT,
      invented INTEGER NOT NULL, status TEXT NOT NULL, version INTEGER NOT NULL, effective TEXT,
      doc TEXT NOT NULL);
    CREATE TABLE law_articles (
      law TEXT NOT NULL, number INTEGER NOT NULL, text TEXT NOT NULL, text_kind TEXT NOT NULL,
      PRIMARY KEY (law, number));
    CREATE TABLE powers (
      code TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, holder TEXT NOT NULL,
      region TEXT, object TEXT, status TEXT NOT NULL, version INTEGER NOT NULL, effective TEXT,
      doc TEXT NOT NULL);
    CREATE INDEX powers_holder ON powers (holder);
    CREATE INDEX powers_region ON powers (region, type);
    CREATE TABLE power_basis (
      power TEXT NOT NULL, seq INTEGER NOT NULL, law TEXT NOT NULL, article INTEGER NOT NULL,
      PRIMARY KEY (power, seq));
    CREATE INDEX power_basis_article ON power_basis (law, article);
    CREATE TABLE items (
      code TEXT PRIMARY KEY, catalog_code TEXT NOT NULL, name TEXT NOT NULL, name_en TEXT,
      region TEXT NOT NULL, org TEXT NOT NULL, competent_org TEXT, power TEXT, type TEXT NOT NULL,
      status TEXT NOT NULL, version INTEGER NOT NULL, effective TEXT, statutory_days INTEGER,
      promised_days INTEGER, visits INTEGER, online_depth INTEGER, fee_fen INTEGER, materials INTEGER,
      doc TEXT NOT NULL);
    CREATE INDEX items_catalog ON items (catalog_code);
    CREATE INDEX items_region ON items (region);
    CREATE INDEX items_org ON items (org);
    CREATE INDEX items_power ON items (power);
    CREATE TABLE item_basis (
      item TEXT NOT NULL, seq INTEGER NOT NULL, law TEXT NOT NULL, article INTEGER NOT NULL,
      PRIMARY KEY (item, seq));
    CREATE TABLE item_materials (
      item TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, required INTEGER NOT NULL,
      kind TEXT NOT NULL, ref TEXT, trust TEXT, fields TEXT, PRIMARY KEY (item, seq));
    CREATE INDEX item_materials_ref ON item_materials (kind, ref);
    CREATE TABLE life_events (
      code TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL, lead_org TEXT NOT NULL,
      status TEXT NOT NULL, version INTEGER NOT NULL, effective TEXT, doc TEXT NOT NULL);
    CREATE TABLE life_event_items (
      life_event TEXT NOT NULL, seq INTEGER NOT NULL, item TEXT NOT NULL,
      PRIMARY KEY (life_event, seq));
    CREATE INDEX life_event_items_item ON life_event_items (item);
    CREATE TABLE record_versions (
      kind TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, idx INTEGER NOT NULL,
      type TEXT NOT NULL, time TEXT NOT NULL, effective TEXT, basis TEXT, doc TEXT, actor TEXT NOT NULL,
      PRIMARY KEY (kind, key, version, idx));
  )"}});
  registry.add_migrations({{"catalog", 3, R"(
    CREATE TABLE data_resources (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, holder TEXT NOT NULL, subject TEXT NOT NULL,
      sharing TEXT NOT NULL, open TEXT NOT NULL, status TEXT NOT NULL, version INTEGER NOT NULL,
      effective TEXT, doc TEXT NOT NULL);
  )"}});
  // The catalog stamp (see catalog_stamp): replaced, in the same transaction, by any change
  // to a table that catalog reads depend on.
  std::string stamp_sql =
      "CREATE TABLE catalog_stamp (one INTEGER PRIMARY KEY CHECK (one = 1), stamp INTEGER NOT "
      "NULL);\n"
      "INSERT INTO catalog_stamp VALUES (1, random());\n";
  for (const char* table :
       {"regions", "organisations", "laws", "law_articles", "powers", "power_basis", "items",
        "item_basis", "item_materials", "life_events", "life_event_items", "data_resources"})
    for (const char* op : {"INSERT", "UPDATE", "DELETE"})
      stamp_sql += std::string("CREATE TRIGGER ") + table + "_stamp_" + op + " AFTER " + op +
                   " ON " + table + " BEGIN UPDATE catalog_stamp SET stamp = random(); END;\n";
  registry.add_migrations({{"catalog", 4, stamp_sql}});
  // A random cache key, not state: a rebuilt store has its own.
  registry.keep_on_rebuild("catalog_stamp");
  for (auto kind : {Kind::kLaw, Kind::kPower, Kind::kItem, Kind::kLifeEvent, Kind::kResource}) {
    registry.on(
        event_type(kind, "published"),
        [kind](store::Connection& tx, const ledger::Applied& e) { apply_version(kind, tx, e); });
    registry.on(
        event_type(kind, "amended"),
        [kind](store::Connection& tx, const ledger::Applied& e) { apply_version(kind, tx, e); });
    registry.on(
        event_type(kind, "repealed"),
        [kind](store::Connection& tx, const ledger::Applied& e) { apply_repeal(kind, tx, e); });
  }
  registry.on("law.articles_added", [](store::Connection& tx, const ledger::Applied& e) {
    const auto& d = e.leaf.data;
    std::string key = d.at("key");
    auto law = find_record(tx, Kind::kLaw, key);
    if (!law) throw std::logic_error("law.articles_added for unknown law " + key);
    json doc = law->doc;
    for (const auto& a : d.at("articles")) {
      doc["articles"].push_back(a);
      tx.cached("INSERT INTO law_articles (law, number, text, text_kind) VALUES (?, ?, ?, ?)")
          .bind_all(key, a.at("number").get<int64_t>(), a.at("text").get<std::string>(),
                    a.at("text_kind").get<std::string>())
          .run();
    }
    tx.cached("UPDATE laws SET doc = ? WHERE id = ?").bind_all(doc.dump(), key).run();
    tx.cached("UPDATE record_versions SET doc = ? WHERE kind = 'law' AND key = ? AND version = ?")
        .bind_all(doc.dump(), key, d.at("version").get<int64_t>())
        .run();
  });
}

}  // namespace sunlight::catalog
