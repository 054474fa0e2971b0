// The application: parsing at the edge, loading the facts, the pure decision, and the guide's
// per-material plan that the decision shares. See application.h.
#include "cases/internal/application.h"

#include <algorithm>
#include <set>

#include "catalog/directory.h"
#include "catalog/policy.h"
#include "core/fields.h"
#include "core/time.h"

namespace sunlight::cases::internal {

using ledger::Decision;
using ledger::Event;

// --- parsing -------------------------------------------------------------------------------

namespace {

bool valid_phone(const std::string& p) {
  return p.size() == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9' &&
         p.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

Result<std::map<std::string, std::string>> read_uploads(FieldReader& r) {
  std::map<std::string, std::string> out;
  const json* list = r.raw("materials");
  if (!list || list->is_null()) return out;
  if (!list->is_array() || list->size() > 50) {
    r.error("materials", "必须是数组，最多 50 项", "must be an array of at most 50");
    return out;
  }
  for (size_t i = 0; i < list->size(); ++i) {
    FieldReader m((*list)[i], r.pointer("materials") + "/" + std::to_string(i));
    std::string name = m.required_string("name", 100);
    std::string hash = m.required_string("upload", 64);
    if (!hash.empty() &&
        (hash.size() != 64 || hash.find_first_not_of("0123456789abcdef") != std::string::npos))
      m.error("upload", "应为上传文件的 SHA-256（64 位十六进制）",
              "must be an upload's SHA-256 (64 hex digits)");
    if (!name.empty() && out.count(name)) m.error("name", "材料重复", "lists a material twice");
    r.merge(m);
    out[name] = hash;
  }
  return out;
}

Result<ApplyRequest> parse_apply(const json& body) {
  FieldReader r(body);
  ApplyRequest a;
  a.item = r.optional_string("item", 40);
  a.life_event = r.optional_string("life_event", 40);
  if (a.item.has_value() == a.life_event.has_value())
    r.error("item", "须且只须指定 item 或 life_event 之一",
            "give exactly one of item and life_event");
  if (const json* applicant = r.object("applicant", false)) {
    FieldReader ar(*applicant, "/applicant");
    a.applicant_kind = ar.required_enum("kind", {"person", "business"});
    if (a.applicant_kind == "business") a.business = ar.required_string("id", 18);
    r.merge(ar);
  }
  a.channel = r.optional_enum("channel", {"online", "mobile", "window"}).value_or("online");
  if (const json* form = r.object("form", true)) {
    FieldReader fr(*form, "/form");
    std::string phone = fr.required_string("phone", 20);
    if (!phone.empty() && !valid_phone(phone))
      fr.error("phone", "应为 11 位手机号码", "must be an 11-digit mobile number");
    auto address = fr.optional_string("address", 200);
    auto email = fr.optional_string("email", 100);
    if (email && (email->find('@') == std::string::npos || email->find(' ') != std::string::npos))
      fr.error("email", "不是有效的电子邮件地址", "is not an email address");
    auto note = fr.optional_string("note", 1000);
    if (const json* d = fr.raw("declarations"); d && !d->is_null()) {
      if (!d->is_array() || d->size() > 100 ||
          !std::all_of(d->begin(), d->end(), [](const json& v) { return v.is_boolean(); }))
        fr.error("declarations", "应为逐条确认申请条件的布尔值数组",
                 "must be an array of booleans, one per condition");
      else
        a.declarations = d->get<std::vector<bool>>();
    }
    r.merge(fr);
    a.form = {{"phone", phone}};
    if (address) a.form["address"] = *address;
    if (email) a.form["email"] = *email;
    if (note) a.form["note"] = *note;
  }
  auto uploads = read_uploads(r);
  a.uploads = std::move(uploads).value();
  a.submit = r.optional_bool("submit").value_or(true);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return a;
}

// --- the materials rule --------------------------------------------------------------------

MaterialPlan plan_material(const catalog::Material& m, const MaterialFacts& f, bool uploaded,
                           bool applicant_known) {
  MaterialPlan p;
  const std::string& name = m.name;
  auto needs_upload = [&](const std::string& zh, const std::string& en) {
    p.via = m.required && applicant_known ? "missing" : "upload";
    p.zh = zh;
    p.en = en;
  };
  if (uploaded) {
    p.via = "upload";
    p.zh = "您已上传";
    p.en = "you uploaded it";
    return p;
  }
  if (m.source.kind == "data_resource") {
    p.resource = m.source.resource;
    if (f.refusal) {
      needs_upload("「" + name + "」无法共享获取（" + f.refusal->zh + "），请上传",
                   "'" + name + "' cannot be shared (" + f.refusal->en + "): upload it");
    } else if (!applicant_known) {
      p.via = "shared";
      p.zh = "由" + f.holder + "共享，免提交（登录后确认您的记录）";
      p.en = "fetched from " + f.holder + ", nothing to bring (confirmed once you sign in)";
    } else if (f.access && f.access->decision.granted) {
      p.via = "shared";
      p.zh = "由" + f.holder + "共享，免提交";
      p.en = "fetched from " + f.holder + ": nothing to bring";
    } else if (f.access) {
      needs_upload(
          "「" + name + "」无法共享获取（" + f.access->decision.reason_zh + "），请上传",
          "'" + name + "' cannot be shared (" + f.access->decision.reason_en + "): upload it");
    } else {
      needs_upload("「" + name + "」：" + f.holder + "没有您的记录，请上传",
                   "'" + name + "': " + f.holder + " holds no record of yours: upload it");
    }
  } else if (m.source.kind == "licence") {
    if (f.sibling_case) {
      p.via = "licence";
      p.licence_case = f.sibling_case;
      p.zh = "由本次办理的「" + f.sibling_name.value_or("") + "」签发，免提交";
      p.en = "issued by '" + f.sibling_name.value_or("") + "' in this same application";
    } else if (f.licence_case) {
      p.via = "licence";
      p.licence_case = f.licence_case;
      p.zh = "您已持有（办件 " + *f.licence_case + " 签发），免提交";
      p.en = "you hold it (issued by case " + *f.licence_case + ")";
    } else if (f.licence_register) {
      p.via = "licence";
      p.resource = f.licence_register;
      p.zh = "您已持有（登记在册），免提交";
      p.en = "you hold it (on the register)";
    } else if (!applicant_known) {
      p.via = "licence";
      p.zh = "已有证照的，免提交（登录后确认）；没有的请上传";
      p.en = "nothing to bring if you hold it (confirmed once you sign in); otherwise upload it";
    } else {
      needs_upload("「" + name + "」：未找到您已取得的证照，请上传",
                   "'" + name + "': no licence of yours was found: upload it");
    }
  } else {
    needs_upload("「" + name + "」须由申请人上传", "'" + name + "' must be uploaded");
  }
  return p;
}

std::optional<Status> audience_refusal(const std::vector<const catalog::ServiceItem*>& parts,
                                       bool business, const std::vector<bool>& founds_business) {
  std::string kind = business ? "legal_person" : "natural_person";
  bool founded = false;
  for (size_t i = 0; i < parts.size(); ++i) {
    const catalog::ServiceItem& item = *parts[i];
    bool ok = item.audience.empty() || item.serves(kind) ||
              (!business && founded && item.serves("legal_person"));
    if (!ok) {
      if (business)
        return Status::invalid_field(
            "/applicant", "「" + item.name + "」只面向自然人：请以个人身份申请",
            "'" + item.name + "' is for natural persons only: apply as yourself");
      return Status::invalid_field(
          "/applicant",
          "「" + item.name +
              "」只面向法人：请以企业身份申请（申请人选择「企业」，填写统一社会信用代码）",
          "'" + item.name +
              "' is for businesses only: apply for your business (applicant kind "
              "business, with its unified social credit code)");
    }
    founded = founded || founds_business[i];
  }
  return std::nullopt;
}

// --- loading ---------------------------------------------------------------------------------

namespace {

// A licence another item issued: an approved, closed case of this applicant for an item with
// that catalogue code.
std::optional<std::string> licence_case(store::Connection& c, const std::string& subject,
                                        const std::string& catalog_code) {
  // A person's own cases (by agent), or a business's (applicant differs from its representative).
  std::optional<std::pair<int64_t, std::string>> best;
  for (const char* who :
       {"k.agent = ?1 AND k.applicant = ?1", "k.applicant = ?1 AND k.applicant != k.agent"}) {
    auto st = c.cached(
        std::string("SELECT k.idx, k.no FROM cases k JOIN items i ON i.code = k.item WHERE ") +
        who + " AND i.catalog_code = ?2 AND k.outcome = 'approved' ORDER BY k.idx DESC LIMIT 1");
    st.bind_all(subject, catalog_code);
    if (st.step() && (!best || st.int64(0) > best->first))
      best = std::pair{st.int64(0), st.text(1)};
  }
  if (!best) return std::nullopt;
  return best->second;
}

// The register that records licences of this catalogue code, if some item issuing them names
// one.
std::optional<std::string> licence_register(store::Connection& c, const std::string& catalog_code) {
  auto st = c.cached("SELECT code FROM items WHERE catalog_code = ? AND status = 'active'");
  st.bind(1, catalog_code);
  while (st.step())
    if (auto item = catalog::find_record_shared(c, catalog::Kind::kItem, st.text(0));
        item && item->item().output && item->item().output->register_resource)
      return item->item().output->register_resource;
  return std::nullopt;
}

std::string holder_name(store::Connection& c, const std::string& resource) {
  auto res = catalog::find_record_shared(c, catalog::Kind::kResource, resource);
  if (!res) return resource;
  auto org = catalog::find_organisation(c, res->resource().holder);
  return org ? org->name : res->resource().holder;
}

}  // namespace

bool represents(store::Connection& c, const std::string& citizen, const std::string& business) {
  auto licence = exchange::find_register_record(c, "business-licence", business);
  return licence && licence->value("legal_rep_id_number", "") == citizen;
}

Status not_representative() {
  return Status(Code::kPermissionDenied, "您不是该企业登记的法定代表人",
                "you are not the registered legal representative of this business");
}

Status load_part(store::Connection& c, const std::string& code, const std::string& field,
                 Part& part) {
  auto item = catalog::find_record_shared(c, catalog::Kind::kItem, code);
  if (!item || item->status != "active")
    return Status::invalid_field(field, "事项不存在或已取消", "no such service item");
  auto power = catalog::find_record_shared(c, catalog::Kind::kPower, item->item().power);
  if (!power || power->status != "active")
    return Status::invalid_field(field, "事项没有有效的权力事项，不能受理申请",
                                 "the item exercises no valid power");
  part.procedure = procedure_of(power->power());
  if (!part.procedure.takes_applications)
    return Status::invalid_field(field, "该事项不受理申请（" + power->power().name + "）",
                                 "the item does not take applications");
  // The power list is the access policy: the implementing organisation must be able to accept
  // (受理) under a legal basis in force.
  SUNLIGHT_ASSIGN_OR_RETURN(auto may, catalog::authorize(c, item->item().org, "受理", code));
  if (!may.allowed)
    return Status::invalid_field(
        field, "「" + item->item().name + "」暂不能申请：" + may.reason_zh,
        "'" + item->item().name + "' takes no applications yet: " + may.reason_en);
  part.item_code = code;
  part.item = item;
  part.org = item->item().org;
  part.region = item->item().region;
  if (const auto& out = item->item().output; out && out->register_resource) {
    auto reg = catalog::find_record_shared(c, catalog::Kind::kResource, *out->register_resource);
    part.founds_business = reg && reg->resource().subject == "business";
  }
  return Status::ok();
}

// The facts of every material of one part. `applicant` empty: the public guide.
void load_materials(store::Connection& c, Part& part, std::span<const Part> earlier,
                    const std::string& applicant, const std::string& agent,
                    const std::optional<std::string>& business) {
  const auto& materials = part.item->item().materials;
  part.materials.assign(materials.size(), MaterialFacts{});
  exchange::CaseBasis basis{part.no, part.item_code, part.org, true, {}};
  if (!agent.empty()) basis.subjects.push_back(agent);
  if (business) basis.subjects.push_back(*business);
  auto lookup = [basis, fallback = case_lookup()](store::Connection& conn, const std::string& no) {
    return no == basis.no ? std::optional<exchange::CaseBasis>(basis) : fallback(conn, no);
  };
  for (size_t i = 0; i < materials.size(); ++i) {
    const catalog::Material& m = materials[i];
    MaterialFacts& f = part.materials[i];
    if (m.source.kind == "data_resource") {
      std::string resource = m.source.resource.value_or("");
      f.holder = holder_name(c, resource);
      f.refusal = exchange::sharing_refusal(c, resource, part.org);
      if (f.refusal || applicant.empty()) continue;
      auto res = catalog::find_record_shared(c, catalog::Kind::kResource, resource);
      exchange::AccessRequest req;
      req.org = part.org;
      req.resource = resource;
      req.subject = res && res->resource().subject == "business" ? business.value_or("") : agent;
      req.purpose = "一网通办办件 " + part.no + "（" + part.item->item().name + "）：" + m.name;
      if (m.source.fields)
        req.fields = *m.source.fields;
      else if (res)
        req.fields = res->resource().default_fields;
      req.basis_kind = "case";
      req.case_no = part.no;
      req.by_platform = true;
      if (req.subject.empty()) {
        f.access_error = Status::not_found("", "");
        continue;
      }
      auto out = exchange::decide_and_record(c, req, lookup);
      if (out.is_ok())
        f.access = std::move(out).value();
      else
        f.access_error = out.status();
    } else if (m.source.kind == "licence") {
      std::string code = m.source.catalog_code.value_or("");
      for (const auto& sibling : earlier)
        if (sibling.item->item().catalog_code == code) {
          f.sibling_case = sibling.no;
          f.sibling_name = sibling.item->item().name;
        }
      if (applicant.empty()) continue;
      f.licence_case = licence_case(c, applicant, code);
      if (auto reg = licence_register(c, code))
        if (exchange::find_register_record(c, *reg, applicant)) f.licence_register = reg;
    }
  }
}

Result<ApplicationFacts> load_application(store::Connection& c, const Applicant& who,
                                          const ApplyRequest& a, const Config& config) {
  ApplicationFacts f;
  SUNLIGHT_ASSIGN_OR_RETURN(f.on, acting_date(who.on, "/on"));
  f.migrated = who.on.has_value();
  f.agent = who.citizen;
  f.applicant = a.business.value_or(who.citizen);
  if (a.business) f.represents = represents(c, who.citizen, *a.business);
  if (a.item) {
    f.parts.emplace_back();
    SUNLIGHT_RETURN_IF_ERROR(load_part(c, *a.item, "/item", f.parts.back()));
  } else {
    f.life_event = catalog::find_record(c, catalog::Kind::kLifeEvent, *a.life_event);
    if (!f.life_event || f.life_event->status != "active")
      return Status::invalid_field("/life_event", "一件事不存在或已取消", "no such life event");
    for (const auto& code : f.life_event->life_event().items) {
      f.parts.emplace_back();
      SUNLIGHT_RETURN_IF_ERROR(load_part(c, code, "/life_event", f.parts.back()));
    }
  }
  for (const auto& part : f.parts)
    for (const auto& cond : part.item->item().conditions)
      if (std::find(f.conditions.begin(), f.conditions.end(), cond) == f.conditions.end())
        f.conditions.push_back(cond);
  std::string region = f.life_event ? f.life_event->life_event().region : f.parts.front().region;
  f.parent_no = new_case_no(c, region, f.on);
  for (size_t i = 0; i < f.parts.size(); ++i)
    f.parts[i].no = f.life_event ? f.parent_no + "-" + std::to_string(i + 1) : f.parent_no;
  if (f.life_event) {
    bool provisional = false;
    f.promised_due = due_date(
        config, f.on, static_cast<int>(f.life_event->life_event().promised_days), 0, provisional);
  }
  if (!f.represents) return f;  // decided below, before anything is fetched
  for (size_t i = 0; i < f.parts.size(); ++i) {
    load_materials(c, f.parts[i], std::span<const Part>(f.parts.data(), i), f.applicant,
                   who.citizen, a.business);
  }
  for (const auto& [name, hash] : a.uploads)
    if (!find_upload(c, hash, who.citizen)) f.uploads_unknown.push_back(name);
  return f;
}

// --- deciding ------------------------------------------------------------------------------

Result<Decision> decide_application(const ApplyRequest& a, const ApplicationFacts& f) {
  if (!f.represents) return not_representative();
  const auto& conditions = f.conditions;
  if (!a.declarations || a.declarations->size() != conditions.size() ||
      !std::all_of(a.declarations->begin(), a.declarations->end(), [](bool b) { return b; }))
    return Status::invalid_field(
        "/form/declarations", "须逐条确认全部 " + std::to_string(conditions.size()) + " 项申请条件",
        "confirm each of the " + std::to_string(conditions.size()) + " conditions");
  {
    std::vector<const catalog::ServiceItem*> items;
    std::vector<bool> founds;
    for (const auto& part : f.parts) {
      items.push_back(&part.item->item());
      founds.push_back(part.founds_business);
    }
    if (auto no = audience_refusal(items, a.business.has_value(), founds)) return *no;
  }
  if (!f.uploads_unknown.empty()) {
    const std::string& name = f.uploads_unknown.front();
    return Status::invalid_field("/materials", "「" + name + "」引用的文件不存在或不属于您",
                                 "the upload for '" + name + "' does not exist or is not yours");
  }

  std::vector<FieldError> missing;
  std::set<std::string> used;
  std::vector<Event> access_events;
  struct Resolved {
    std::vector<CaseMaterial> materials;
    std::map<std::string, std::string> uploads;
    std::map<std::string, json> values;
  };
  std::vector<Resolved> resolved(f.parts.size());
  bool fetched = false;
  for (size_t p = 0; p < f.parts.size(); ++p) {
    const Part& part = f.parts[p];
    const auto& materials = part.item->item().materials;
    for (size_t i = 0; i < materials.size(); ++i) {
      const catalog::Material& m = materials[i];
      const MaterialFacts& facts = part.materials[i];
      // One upload per name serves every part that asks for that material and cannot fetch
      // it; a part that fetches it or finds the licence keeps doing so.
      auto up = a.uploads.find(m.name);
      MaterialPlan plan = plan_material(m, facts, false, true);
      bool resolved_here = plan.via == "shared" || plan.via == "licence";
      if (up != a.uploads.end()) used.insert(m.name);
      bool uploaded = up != a.uploads.end() && !resolved_here;
      if (uploaded) plan = plan_material(m, facts, true, true);
      CaseMaterial entry;
      entry.seq = static_cast<int64_t>(i + 1);
      entry.name = m.name;
      entry.required = m.required;
      entry.source = m.source;
      entry.via = plan.via;
      entry.licence_case = plan.licence_case;
      std::string seq = std::to_string(i + 1);
      if (uploaded) {
        resolved[p].uploads[seq] = up->second;
      } else if (plan.via == "shared") {
        entry.resource = plan.resource;
        resolved[p].values[seq] = facts.access->values;
        access_events.push_back(facts.access->event);
        fetched = true;
      } else if (plan.via == "licence") {
        if (!plan.licence_case) entry.resource = plan.resource;
      } else if (plan.via == "missing") {
        missing.push_back({"/materials", plan.zh, plan.en});
      } else {
        entry.via = "missing";  // optional, not uploaded
      }
      resolved[p].materials.push_back(std::move(entry));
    }
  }
  for (const auto& [name, hash] : a.uploads)
    if (!used.count(name))
      missing.push_back({"/materials", "「" + name + "」不是该事项的申请材料",
                         "'" + name + "' is not a material of the item"});
  if (!missing.empty()) return Status::invalid(std::move(missing));

  // Fetched data waits for the applicant's preview (migrated cases excepted).
  std::string status = (fetched && !f.migrated) || !a.submit ? "draft" : "submitted";
  std::string region = f.life_event ? f.life_event->life_event().region : f.parts.front().region;
  auto base = [&](const std::string& no, const std::string& org) {
    CaseApplied ev;
    ev.no = no;
    ev.org = org;
    ev.region = region;
    ev.applicant_kind = a.applicant_kind;
    ev.channel = a.channel;
    ev.status = status;
    ev.on = f.on;
    ev.applicant = f.applicant;
    ev.agent = f.agent;
    return ev;
  };
  std::vector<Event> events;
  json result = {{"no", f.parent_no}, {"status", status}, {"cases", json::array()}};
  if (f.life_event) {
    const catalog::LifeEvent& le = f.life_event->life_event();
    CaseApplied ev = base(f.parent_no, le.lead_org);
    ev.life_event = f.life_event->key;
    ev.promised_days = le.promised_days;
    ev.promised_visits = le.visits;
    ev.promised_due = f.promised_due;
    ev.form = a.form;
    events.push_back(ledger::to_event(ev));
  }
  for (size_t p = 0; p < f.parts.size(); ++p) {
    const Part& part = f.parts[p];
    const catalog::ServiceItem& item = part.item->item();
    CaseApplied ev = base(part.no, part.org);
    ev.item = part.item_code;
    if (f.life_event) ev.parent = f.parent_no;
    ev.stages = part.procedure.stages;
    ev.stage = part.procedure.stages.front();
    ev.statutory_days = item.statutory_days;
    ev.promised_days = item.promised_days;
    ev.promised_visits = item.visits;
    json materials = json::array();
    for (const auto& m : resolved[p].materials) {
      json mj = {{"name", m.name}, {"via", m.via}};
      if (auto v = resolved[p].values.find(std::to_string(m.seq)); v != resolved[p].values.end())
        mj["values"] = v->second;
      materials.push_back(std::move(mj));
    }
    result["cases"].push_back({{"no", part.no},
                               {"item", part.item_code},
                               {"name", item.name},
                               {"org", part.org},
                               {"materials", std::move(materials)}});
    ev.materials = std::move(resolved[p].materials);
    if (!f.life_event) ev.form = a.form;
    ev.uploads = std::move(resolved[p].uploads);
    ev.values = std::move(resolved[p].values);
    events.push_back(ledger::to_event(ev));
  }
  for (auto& e : access_events) events.push_back(std::move(e));
  return Decision{std::move(events), std::move(result), {}};
}

}  // namespace sunlight::cases::internal
