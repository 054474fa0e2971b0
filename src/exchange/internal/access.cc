// Access requests: the rule, the events, "who saw my data", oversight.
#include <algorithm>
#include <map>

#include "catalog/directory.h"
#include "core/fields.h"
#include "core/time.h"
#include "exchange/exchange.h"
#include "exchange/internal/common.h"
#include "exchange/internal/events.h"

namespace sunlight::exchange {

using ledger::Decision;
using ledger::Event;
using nlohmann::json;

namespace {

AccessDecision deny(std::string reason, std::string zh, std::string en, const AccessRequest& req,
                    json basis) {
  return AccessDecision{false,         std::move(reason), std::move(zh),
                        std::move(en), req.fields,        std::move(basis)};
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "、") + s;
  return out;
}

}  // namespace

Result<AccessRequest> parse_access_request(const json& body) {
  FieldReader r(body);
  AccessRequest req;
  req.resource = r.required_string("resource", 40);
  req.subject = r.required_string("subject", 18);
  req.purpose = r.required_string("purpose", 200);
  req.fields = r.string_list("fields", 50, 40, true);
  if (req.fields.empty() && r.ok()) r.error("fields", "至少一个字段", "needs at least one field");
  std::set<std::string> unique(req.fields.begin(), req.fields.end());
  if (unique.size() != req.fields.size()) r.error("fields", "字段重复", "lists a field twice");
  if (const json* basis = r.object("basis", true)) {
    FieldReader br(*basis, "/basis");
    req.basis_kind = br.required_enum("kind", {"power", "case", "consent"});
    if (req.basis_kind == "power") req.item = br.required_string("item", 40);
    if (req.basis_kind == "case") req.case_no = br.required_string("case", 40);
    if (req.basis_kind == "consent") req.consent = br.required_string("consent", 40);
    r.merge(br);
  }
  req.defer_until = r.optional_string("defer_until", 10);
  if (req.defer_until && !timeutil::parse_date(*req.defer_until))
    r.error("defer_until", "日期格式应为 YYYY-MM-DD", "must be a date YYYY-MM-DD");
  if (const json* defer = r.object("defer_basis", false)) {
    FieldReader dr(*defer, "/defer_basis");
    json b = {{"law", dr.required_string("law", 40)},
              {"article", dr.optional_int("article", 1, 100000).value_or(0)}};
    if (b["article"] == 0 && dr.ok()) dr.error("article", "必填", "is required");
    r.merge(dr);
    req.defer_basis = b;
  }
  if (req.defer_until && !req.defer_basis)
    r.error("defer_basis", "推迟告知必须写明法律依据",
            "deferring the subject's view needs a named legal basis");
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return req;
}

namespace {

// The item as the rule reads it, from the catalogue's columns and link tables (without
// parsing the whole document).
std::shared_ptr<const ItemRule> load_item(store::Connection& c, const std::string& code) {
  auto st = c.cached("SELECT status, org, COALESCE(power, '') FROM items WHERE code = ?");
  st.bind(1, code);
  if (!st.step()) return nullptr;
  auto item = std::make_shared<ItemRule>();
  item->code = code;
  item->active = st.text(0) == "active";
  item->org = st.text(1);
  item->power = st.text(2);
  auto m = c.cached(
      "SELECT name, ref, fields FROM item_materials WHERE item = ? AND kind = 'data_resource'"
      " ORDER BY seq");
  m.bind(1, code);
  while (m.step()) {
    ItemRule::SharedMaterial material{m.text(0), m.text(1), std::nullopt};
    if (!m.is_null(2)) material.fields = json_strings(json::parse(m.text(2)));
    item->materials.push_back(std::move(material));
  }
  return item;
}

// The power as the rule reads it, and whether every basis article exists in a law in force.
std::shared_ptr<const PowerBasis> load_power(store::Connection& c, const std::string& code) {
  auto st = c.cached("SELECT status, holder FROM powers WHERE code = ?");
  st.bind(1, code);
  if (!st.step()) return nullptr;
  auto power = std::make_shared<PowerBasis>();
  power->code = code;
  power->active = st.text(0) == "active";
  power->holder = st.text(1);
  auto b = c.cached(
      "SELECT b.law, b.article, a.number IS NOT NULL AND l.status = 'active' FROM power_basis b"
      " LEFT JOIN law_articles a ON a.law = b.law AND a.number = b.article"
      " LEFT JOIN laws l ON l.id = b.law WHERE b.power = ? ORDER BY b.seq");
  b.bind(1, code);
  bool in_force = true;
  while (b.step()) {
    power->basis.push_back(catalog::LegalRef{b.text(0), b.int64(1)});
    in_force = in_force && b.int64(2) != 0;
  }
  power->in_force = in_force && !power->basis.empty();
  return power;
}

// The item and its power, remembered while the catalog is unchanged.
struct ItemAndPower {
  std::shared_ptr<const ItemRule> item;
  std::shared_ptr<const PowerBasis> power;
};
std::shared_ptr<const ItemAndPower> item_rule(store::Connection& c, const std::string& code) {
  return catalog::memo_catalog<ItemAndPower>(c, "exchange.item_rule", code, [&] {
    auto rule = std::make_shared<ItemAndPower>();
    rule->item = load_item(c, code);
    if (rule->item && !rule->item->power.empty()) rule->power = load_power(c, rule->item->power);
    return rule;
  });
}

}  // namespace

AccessFacts load_access_facts(store::Connection& c, const AccessRequest& req,
                              const CaseLookup& cases) {
  AccessFacts f;
  f.today = timeutil::today();
  f.resource = catalog::find_record_shared(c, catalog::Kind::kResource, req.resource);
  if (f.resource) {
    auto subject = parse_subject(f.resource->resource().subject, req.subject, "/subject");
    if (subject.is_ok()) f.record = find_register_record(c, req.resource, *subject);
    f.subject_known = f.record.has_value();
  }
  std::string item = req.item;
  if (req.basis_kind == "case" && cases) {
    f.case_basis = cases(c, req.case_no);
    item = f.case_basis ? f.case_basis->item : "";
  }
  if (req.basis_kind == "power" || (req.basis_kind == "case" && !item.empty())) {
    auto rule = item_rule(c, item);
    f.item = rule->item;
    f.power = rule->power;
  }
  if (req.basis_kind == "consent") f.consent = find_consent(c, req.consent);
  if (f.resource && f.resource->resource().sharing == "conditional")
    f.agreement = find_active_agreement(c, req.org, req.resource, f.today);
  if (req.defer_basis)
    f.defer_basis_exists =
        catalog::find_article(c, req.defer_basis->at("law"), req.defer_basis->at("article"))
            .has_value();
  return f;
}

std::optional<SharingRefusal> sharing_refusal(const catalog::DataResource& res,
                                              const std::string& org, bool has_agreement) {
  if (res.sharing == "none")
    return SharingRefusal{"not_shared", "该数据资源「" + res.name + "」不予共享",
                          "the data resource is not shared (不予共享)"};
  if (res.sharing == "conditional" && res.holder != org && !has_agreement)
    return SharingRefusal{"no_agreement", "有条件共享的数据资源需要部门间共享协议",
                          "conditional sharing needs an approved agreement"};
  return std::nullopt;
}

std::optional<SharingRefusal> sharing_refusal(store::Connection& c, const std::string& resource,
                                              const std::string& org) {
  auto res = catalog::find_record_shared(c, catalog::Kind::kResource, resource);
  if (!res || res->status != "active")
    return SharingRefusal{"no_resource", "数据资源 " + resource + " 不存在",
                          "no such data resource"};
  bool agreement = res->resource().sharing == "conditional" && res->resource().holder != org &&
                   find_active_agreement(c, org, resource, timeutil::today()).has_value();
  return sharing_refusal(res->resource(), org, agreement);
}

Result<AccessDecision> decide_access(const AccessRequest& req, const AccessFacts& facts) {
  // Input errors first: they are answered, not logged.
  if (!facts.resource || facts.resource->status != "active")
    return Status::invalid_field("/resource", "数据资源 " + req.resource + " 不存在",
                                 "no such data resource");
  const catalog::DataResource& res = facts.resource->resource();
  SUNLIGHT_ASSIGN_OR_RETURN(auto subject, parse_subject(res.subject, req.subject, "/subject"));
  std::vector<FieldError> errors = catalog::unknown_fields(res, req.fields, "/fields");
  if (req.basis_kind == "power" && !facts.item)
    errors.push_back({"/basis/item", "事项不存在", "no such service item"});
  if (req.basis_kind == "case" && !facts.case_basis)
    errors.push_back({"/basis/case", "办件不存在", "no such case"});
  if (req.defer_basis && !facts.defer_basis_exists)
    errors.push_back({"/defer_basis", "推迟告知的法律依据不存在",
                      "the legal basis for deferring does not exist"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  json basis = {{"kind", req.basis_kind}};
  // Before looking the subject up: whether 不予共享 data holds a record of someone is itself
  // not to be disclosed.
  if (res.sharing == "none") {
    auto no = *sharing_refusal(res, req.org, false);
    return deny(no.reason, no.zh, no.en, req, basis);
  }
  if (!facts.subject_known)
    return Status::not_found("该数据资源中没有这个主体",
                             "the data resource holds no record of this subject");
  bool own = res.holder == req.org;
  if (req.basis_kind == "case") {
    const auto& kase = *facts.case_basis;
    basis["case"] = kase.no;
    if (!kase.open)
      return deny("case_closed", "办件已办结或已终止", "the case is closed", req, basis);
    if (kase.org != req.org)
      return deny("not_your_case", "该办件不由本机构办理",
                  "the organisation does not handle this case", req, basis);
    if (std::find(kase.subjects.begin(), kase.subjects.end(), subject) == kase.subjects.end())
      return deny("subject_not_in_case", "该办件不涉及此主体", "the case is not about this subject",
                  req, basis);
    if (!facts.item)
      return deny("item_repealed", "事项已取消", "the service item has been repealed", req, basis);
  }
  if (req.basis_kind == "power" || req.basis_kind == "case") {
    const ItemRule& item = *facts.item;
    basis["item"] = item.code;
    if (!item.active)
      return deny("item_repealed", "事项已取消", "the service item has been repealed", req, basis);
    if (!facts.power || !facts.power->active || !facts.power->in_force)
      return deny("no_legal_basis", "事项没有有效的权力事项和法律依据：法无授权不可为",
                  "the item has no valid power and legal basis", req, basis);
    const PowerBasis& power = *facts.power;
    basis["power"] = power.code;
    basis["law"] = power.basis;
    if (req.org != power.holder && req.org != item.org)
      return deny("not_your_power", "本机构不持有该事项的权力，也不是其实施机关",
                  "the organisation neither holds the power nor implements the item", req, basis);
    const ItemRule::SharedMaterial* material = nullptr;
    for (const auto& m : item.materials)
      if (m.resource == req.resource) material = &m;
    if (!material)
      return deny("resource_not_needed", "该事项的申请材料不包括此数据资源",
                  "the item needs no material from this resource", req, basis);
    basis["material"] = material->name;
    const auto& allowed = material->fields ? *material->fields : res.default_fields;
    std::vector<std::string> excess;
    for (const auto& f : req.fields)
      if (std::find(allowed.begin(), allowed.end(), f) == allowed.end()) excess.push_back(f);
    if (!excess.empty())
      return deny("fields_beyond_basis",
                  "超出该事项所需的字段：" + join(excess) + "（可用：" + join(allowed) + "）",
                  "fields beyond what the item needs: " + join(excess), req, basis);
    if (res.sharing == "conditional" && !own) {
      if (auto no = sharing_refusal(res, req.org, facts.agreement.has_value()))
        return deny(no->reason, no->zh, no->en, req, basis);
      basis["agreement"] = facts.agreement->id;
      for (const auto& f : req.fields)
        if (std::find(facts.agreement->fields.begin(), facts.agreement->fields.end(), f) ==
            facts.agreement->fields.end())
          return deny("fields_beyond_agreement", "超出共享协议约定的字段：" + f,
                      "field beyond the agreement: " + f, req, basis);
    }
  } else {
    basis["consent"] = req.consent;
    if (!facts.consent) return deny("no_consent", "授权不存在", "no such consent", req, basis);
    const auto& consent = *facts.consent;
    if (consent.subject != subject)
      return deny("consent_other_subject", "该授权不是本人作出的",
                  "the consent is another subject's", req, basis);
    if (consent.recipient != req.org)
      return deny("consent_other_recipient", "该授权的接收机构不是本机构",
                  "the consent names another recipient", req, basis);
    if (consent.resource != req.resource)
      return deny("consent_other_resource", "该授权不包括此数据资源",
                  "the consent covers another resource", req, basis);
    if (consent.status != "active")
      return deny("consent_revoked", "授权已撤销", "the consent has been revoked", req, basis);
    if (consent.valid_until < facts.today)
      return deny("consent_expired", "授权已过期", "the consent has expired", req, basis);
    for (const auto& f : req.fields)
      if (std::find(consent.fields.begin(), consent.fields.end(), f) == consent.fields.end())
        return deny("fields_beyond_consent", "超出授权范围的字段：" + f,
                    "field beyond the consent: " + f, req, basis);
  }
  return AccessDecision{true, "granted", "已依法共享", "granted", req.fields, basis};
}

json AccessOutcome::result() const {
  json r = {{"granted", decision.granted},     {"reason", decision.reason},
            {"reason_zh", decision.reason_zh}, {"reason_en", decision.reason_en},
            {"basis", decision.basis},         {"fields", decision.fields}};
  if (decision.granted) r["values"] = values;
  return r;
}

Result<AccessOutcome> decide_and_record(store::Connection& c, const AccessRequest& req,
                                        const CaseLookup& cases) {
  auto facts = load_access_facts(c, req, cases);
  SUNLIGHT_ASSIGN_OR_RETURN(auto d, decide_access(req, facts));
  std::string subject = *parse_subject(facts.resource->resource().subject, req.subject, "/subject");
  internal::AccessDecided ev;
  ev.resource = req.resource;
  ev.fields_read = d.fields;
  ev.basis = d.basis;
  ev.reason = d.reason;
  if (req.by_platform) ev.for_org = req.org;
  if (d.granted && req.defer_until) {
    ev.defer_until = *req.defer_until;
    ev.defer_basis = internal::ArticleRef{req.defer_basis->at("law").get<std::string>(),
                                          req.defer_basis->at("article").get<int64_t>()};
  }
  ev.subject = subject;
  ev.purpose = req.purpose;
  AccessOutcome out{d, ledger::to_event(ev, d.granted ? "access.granted" : "access.denied"),
                    json::object()};
  if (d.granted)
    for (const auto& f : d.fields)
      out.values[f] = facts.record ? facts.record->value(f, json()) : json();
  return out;
}

ledger::Decide request_access(AccessRequest req, CaseLookup cases) {
  return [req, cases](store::Connection& c) -> Result<Decision> {
    SUNLIGHT_ASSIGN_OR_RETURN(auto out, decide_and_record(c, req, cases));
    Decision d{{}, out.result(), {}};
    d.events.push_back(std::move(out.event));
    return d;
  };
}

static AccessRecord read_access(const store::Statement& st) {
  AccessRecord r;
  r.index = static_cast<uint64_t>(st.int64(0));
  r.time = st.text(1);
  r.officer = st.text(2);
  r.org = st.text(3);
  r.resource = st.text(4);
  r.fields = json_strings(json::parse(st.text(5)));
  r.basis = json::parse(st.text(6));
  r.granted = st.int64(7) != 0;
  r.reason = st.text(8);
  r.subject = st.optional_text(9);
  r.purpose = st.optional_text(10).value_or("");
  r.visible_after = st.optional_text(11).value_or("");
  return r;
}

static constexpr const char* kAccessColumns =
    "idx, time, officer, org, resource, fields, basis, granted, reason, subject, purpose, "
    "visible_after";

std::vector<AccessRecord> accesses_of(store::Connection& c, const std::string& subject,
                                      const std::string& day, int limit, int offset) {
  auto st =
      c.cached(std::string("SELECT ") + kAccessColumns +
               " FROM accesses WHERE subject = ? AND (visible_after IS NULL OR visible_after <= ?)"
               " ORDER BY idx DESC LIMIT ? OFFSET ?");
  st.bind_all(subject, day, limit, offset);
  std::vector<AccessRecord> out;
  while (st.step()) out.push_back(read_access(st));
  return out;
}

int64_t count_accesses_of(store::Connection& c, const std::string& subject,
                          const std::string& day) {
  auto st = c.cached(
      "SELECT COUNT(*) FROM accesses WHERE subject = ? AND (visible_after IS NULL OR visible_after "
      "<= ?)");
  st.bind_all(subject, day);
  st.step();
  return st.int64(0);
}

std::vector<AccessRecord> all_accesses(store::Connection& c,
                                       const std::optional<std::string>& officer, int limit,
                                       int offset) {
  auto st = c.cached(
      std::string("SELECT ") + kAccessColumns +
      " FROM accesses WHERE (?1 IS NULL OR officer = ?1) ORDER BY idx DESC LIMIT ?2 OFFSET ?3");
  st.bind(1, officer).bind(2, limit).bind(3, offset);
  std::vector<AccessRecord> out;
  while (st.step()) out.push_back(read_access(st));
  return out;
}

json to_json(const AccessRecord& r, bool for_auditor) {
  json j = {{"index", r.index},
            {"time", r.time},
            {"officer", r.officer},
            {"org", r.org},
            {"resource", r.resource},
            {"fields", r.fields},
            {"basis", r.basis},
            {"granted", r.granted},
            {"reason", r.reason},
            {"purpose", r.purpose},
            {"proof", "/api/v1/log/proof/inclusion?index=" + std::to_string(r.index)}};
  if (!r.visible_after.empty()) j["visible_after"] = r.visible_after;
  if (for_auditor) j["subject_erased"] = !r.subject.has_value();
  return j;
}

json anomalies(store::Connection& c) {
  json out = {{"high_volume", json::array()},
              {"without_case", json::array()},
              {"after_hours", json::array()}};
  // Unusual volume: an officer reading more than three times the median of their organisation.
  // The platform's fetches for applications are the applicants' doing, not an officer's.
  std::map<std::string, std::vector<std::pair<std::string, int64_t>>> by_org;
  {
    auto st = c.cached(
        "SELECT org, officer, COUNT(*) FROM accesses WHERE officer != 'platform' GROUP BY org, "
        "officer");
    while (st.step()) by_org[st.text(0)].push_back({st.text(1), st.int64(2)});
  }
  for (auto& [org, officers] : by_org) {
    std::vector<int64_t> counts;
    for (const auto& o : officers) counts.push_back(o.second);
    std::sort(counts.begin(), counts.end());
    int64_t median = counts[counts.size() / 2];
    for (const auto& [officer, n] : officers)
      if (n >= 20 && (officers.size() == 1 || n > 3 * std::max<int64_t>(median, 1)))
        out["high_volume"].push_back(
            {{"officer", officer}, {"org", org}, {"accesses", n}, {"org_median", median}});
  }
  // Accesses that rest on a power alone, not on a case the officer is handling or a consent.
  {
    auto st = c.cached(
        "SELECT officer, org, COUNT(*) FROM accesses WHERE granted = 1 AND json_extract(basis, "
        "'$.kind') = 'power'"
        " GROUP BY officer, org ORDER BY 3 DESC");
    while (st.step())
      out["without_case"].push_back(
          {{"officer", st.text(0)}, {"org", st.text(1)}, {"accesses", st.int64(2)}});
  }
  // Bulk reads after hours (Beijing time, before 08:00, from 20:00, or at weekends), per officer
  // and day.
  {
    auto st = c.cached(
        "SELECT officer, org, date(time, '+8 hours') AS day, COUNT(*) FROM accesses WHERE officer "
        "!= 'platform'"
        " AND (CAST(strftime('%H', time, '+8 hours') AS INTEGER) NOT BETWEEN 8 AND 19"
        "      OR strftime('%w', time, '+8 hours') IN ('0', '6'))"
        " GROUP BY officer, org, day HAVING COUNT(*) >= 10 ORDER BY 4 DESC");
    while (st.step())
      out["after_hours"].push_back({{"officer", st.text(0)},
                                    {"org", st.text(1)},
                                    {"day", st.text(2)},
                                    {"accesses", st.int64(3)}});
  }
  return out;
}

void register_access(ledger::Registry& registry) {
  using internal::AccessDecided;
  auto apply = [](bool granted) {
    return [granted](store::Connection& tx, const AccessDecided& ev, const ledger::Applied& e) {
      std::optional<std::string> defer_basis;
      if (ev.defer_basis)
        defer_basis =
            json{{"law", ev.defer_basis->law}, {"article", ev.defer_basis->article}}.dump();
      std::optional<std::string> case_no;
      if (ev.basis.contains("case")) case_no = ev.basis.at("case").get<std::string>();
      tx.cached(
            "INSERT INTO accesses (idx, time, officer, org, resource, fields, basis, granted, "
            "reason, subject, purpose,"
            " visible_after, defer_basis, case_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?)")
          .bind_all(e.index, timeutil::format_rfc3339(e.leaf.time),
                    e.leaf.actor.officer.empty() ? std::string("platform") : e.leaf.actor.officer,
                    ev.for_org.value_or(e.leaf.actor.org), ev.resource, json(ev.fields_read).dump(),
                    ev.basis.dump(), granted ? 1 : 0, ev.reason, ev.subject, ev.purpose,
                    ev.defer_until, defer_basis, case_no)
          .run();
      if (granted && ev.basis.at("kind") == "consent")
        tx.cached("UPDATE consents SET uses = uses + 1 WHERE id = ?")
            .bind(1, ev.basis.at("consent").get<std::string>())
            .run();
    };
  };
  ledger::on<AccessDecided>(registry, apply(true), "access.granted",
                            "an officer (or the platform, for an application) read a person's or "
                            "a business's data");
  ledger::on<AccessDecided>(registry, apply(false), "access.denied",
                            "a request to read data was refused");
}

}  // namespace sunlight::exchange
