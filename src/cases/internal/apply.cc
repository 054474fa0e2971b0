// Applying: uploads, the application (one item or a life event), the preview of fetched
// materials, resubmission after 补正, withdrawal; and the case basis for data sharing.
#include <map>
#include <set>

#include "cases/internal/common.h"
#include "cases/internal/events.h"
#include "core/crypto.h"
#include "core/fields.h"
#include "core/time.h"

namespace sunlight::cases {

using namespace internal;
using ledger::Decision;
using ledger::Event;

// --- uploads -----------------------------------------------------------------------------

namespace {

std::optional<std::string> sniff(const std::string& bytes) {
  if (bytes.starts_with("%PDF-")) return "application/pdf";
  if (bytes.starts_with("\xFF\xD8\xFF")) return "image/jpeg";
  if (bytes.starts_with("\x89PNG\r\n\x1A\n")) return "image/png";
  return std::nullopt;
}

}  // namespace

Result<ledger::Decide> store_upload(const std::string& owner, const std::string& media_type,
                                    std::string bytes) {
  if (bytes.empty()) return Status::invalid_field("/", "文件为空", "the file is empty");
  if (bytes.size() > kMaxUploadBytes)
    return Status(Code::kResourceExhausted, "文件超过 10 MiB", "the file is larger than 10 MiB");
  std::string type = media_type.substr(0, media_type.find(';'));
  if (type != "application/pdf" && type != "image/jpeg" && type != "image/png")
    return Status::invalid_field("Content-Type", "只接受 PDF、JPEG、PNG 文件",
                                 "only PDF, JPEG and PNG files are accepted");
  if (sniff(bytes) != type)
    return Status::invalid_field("Content-Type", "文件内容与声明的类型不符",
                                 "the file's content does not match its type");
  std::string hash = crypto::hex(crypto::sha256(bytes));
  auto shared = std::make_shared<std::string>(std::move(bytes));
  return ledger::Decide([owner, type, hash, shared](store::Connection& c) -> Result<Decision> {
    json result = {{"hash", hash}, {"media_type", type}, {"size", shared->size()}};
    if (find_upload(c, hash, owner)) return Decision{{}, result, {}};
    UploadStored ev{type, static_cast<int64_t>(shared->size()), hash, owner};
    Decision d{{ledger::to_event(ev)}, result, {}};
    d.write_kept = [hash, shared](store::Connection& tx) {
      tx.cached(
            "INSERT INTO upload_bytes (hash, bytes) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING")
          .bind(1, hash)
          .bind_blob(2, *shared)
          .run();
    };
    return d;
  });
}

std::optional<Upload> find_upload(store::Connection& c, const std::string& hash,
                                  const std::string& owner) {
  auto st =
      c.cached("SELECT hash, media_type, owner, size FROM uploads WHERE hash = ? AND owner = ?");
  st.bind_all(hash, owner);
  if (!st.step()) return std::nullopt;
  return Upload{st.text(0), st.text(1), st.text(2), st.int64(3)};
}

std::optional<std::string> upload_bytes(store::Connection& c, const std::string& hash) {
  auto st = c.cached("SELECT bytes FROM upload_bytes WHERE hash = ?");
  st.bind(1, hash);
  if (!st.step()) return std::nullopt;
  return st.blob(0);
}

// --- the case basis ------------------------------------------------------------------------

exchange::CaseLookup case_lookup() {
  return [](store::Connection& c, const std::string& no) -> std::optional<exchange::CaseBasis> {
    auto st = c.cached(
        "SELECT COALESCE(item, ''), org, status, applicant, agent FROM cases WHERE no = ?");
    st.bind(1, no);
    if (!st.step() || st.text(0).empty()) return std::nullopt;
    exchange::CaseBasis b{no, st.text(0), st.text(1), st.text(2) != "closed", {}};
    for (int col : {3, 4})
      if (auto s = st.optional_text(col)) b.subjects.push_back(*s);
    return b;
  };
}

exchange::ErasureSource erasure_source() {
  exchange::ErasureSource source;
  source.payloads = [](store::Connection& c, const std::string& subject) {
    auto st = c.cached(
        "SELECT s.idx FROM case_steps s JOIN cases k ON k.no = s.case_no WHERE k.applicant = ?1 OR "
        "k.agent = ?1"
        " UNION SELECT idx FROM uploads WHERE owner = ?1 UNION SELECT idx FROM credentials WHERE "
        "holder = ?1");
    st.bind(1, subject);
    std::vector<int64_t> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
  };
  // The same rows a rebuild from the erased log would give.
  source.clear = [](store::Connection& tx, const std::string& subject) {
    const char* const statements[] = {
        "DELETE FROM upload_bytes WHERE hash IN (SELECT hash FROM uploads WHERE owner = ?1)"
        " AND hash NOT IN (SELECT hash FROM uploads WHERE owner != ?1)",
        "DELETE FROM uploads WHERE owner = ?1",
        "UPDATE case_materials SET upload = NULL, value = NULL WHERE case_no IN"
        " (SELECT no FROM cases WHERE applicant = ?1 OR agent = ?1)",
        "DELETE FROM case_forms WHERE case_no IN (SELECT no FROM cases WHERE applicant = ?1 OR "
        "agent = ?1)",
        "UPDATE case_steps SET note = NULL WHERE case_no IN (SELECT no FROM cases WHERE applicant "
        "= ?1 OR agent = ?1)",
        "UPDATE ratings SET comment = NULL WHERE case_no IN (SELECT no FROM cases WHERE applicant "
        "= ?1 OR agent = ?1)",
        "UPDATE credentials SET holder = NULL, jwt = NULL WHERE holder = ?1",
        "UPDATE cases SET applicant = NULL, agent = NULL WHERE applicant = ?1 OR agent = ?1"};
    for (const char* sql : statements) tx.cached(sql).bind(1, subject).run();
  };
  return source;
}

// --- applying ------------------------------------------------------------------------------

namespace {

bool valid_phone(const std::string& p) {
  return p.size() == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9' &&
         p.find_first_not_of("0123456789") == std::string::npos;
}

// The conditions of the items, in order, each once (a life event's items may share some).
std::vector<std::string> conditions_of(const std::vector<const catalog::ServiceItem*>& items) {
  std::vector<std::string> out;
  for (const auto* item : items)
    for (const auto& c : item->conditions)
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  return out;
}

json label(const char* zh, const char* en) { return {{"zh", zh}, {"en", en}}; }

struct ApplyRequest {
  std::optional<std::string> item, life_event;
  int declarations = -1;  // how many conditions were confirmed; -1 none given, -2 one declined
  std::string applicant_kind = "person";
  std::optional<std::string> business;
  std::string channel = "online";
  json form = json::object();
  std::map<std::string, std::string> uploads;  // material name → hash
  bool submit = true;
};

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
    a.declarations = -1;
    if (const json* d = fr.raw("declarations"); d && !d->is_null()) {
      if (!d->is_array() || d->size() > 100 ||
          !std::all_of(d->begin(), d->end(), [](const json& v) { return v.is_boolean(); }))
        fr.error("declarations", "应为逐条确认申请条件的布尔值数组",
                 "must be an array of booleans, one per condition");
      else
        a.declarations =
            std::all_of(d->begin(), d->end(), [](const json& v) { return v.get<bool>(); })
                ? static_cast<int>(d->size())
                : -2;
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

// One department's case inside an application.
struct Draft {
  std::string no, item_code, org, region, name;
  std::shared_ptr<const catalog::RecordRow> item;
  std::vector<CaseMaterial> materials;
  Procedure procedure;
  std::map<std::string, std::string> uploads;  // seq → hash
  std::map<std::string, json> values;          // seq → fetched fields
  bool fetched = false;
};

Status load_item_for(store::Connection& c, const std::string& code, const std::string& field,
                     Draft& d) {
  auto item = catalog::find_record_shared(c, catalog::Kind::kItem, code);
  if (!item || item->status != "active")
    return Status::invalid_field(field, "事项不存在或已取消", "no such service item");
  auto power = catalog::find_record_shared(c, catalog::Kind::kPower, item->item().power);
  if (!power || power->status != "active")
    return Status::invalid_field(field, "事项没有有效的权力事项，不能受理申请",
                                 "the item exercises no valid power");
  d.procedure = procedure_of(power->power());
  if (!d.procedure.takes_applications)
    return Status::invalid_field(field, "该事项不受理申请（" + power->power().name + "）",
                                 "the item does not take applications");
  d.item_code = code;
  d.item = item;
  d.org = item->item().org;
  d.region = item->item().region;
  d.name = item->item().name;
  return Status::ok();
}

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

}  // namespace

Result<ledger::Decide> apply(const Applicant& who, const json& body, ConfigPtr config) {
  SUNLIGHT_ASSIGN_OR_RETURN(auto a, parse_apply(body));
  if (a.business) {
    SUNLIGHT_ASSIGN_OR_RETURN(a.business,
                              exchange::parse_subject("business", *a.business, "/applicant/id"));
  }
  return ledger::Decide([who, a, config](store::Connection& c) -> Result<Decision> {
    SUNLIGHT_ASSIGN_OR_RETURN(auto on, acting_date(who.on, "/on"));
    std::string applicant = a.business.value_or(who.citizen);
    if (a.business) {
      // The platform checks that the citizen represents the business (as a login provider would).
      auto licence = exchange::find_register_record(c, "business-licence", *a.business);
      if (!licence || licence->value("legal_rep_id_number", "") != who.citizen)
        return Status(Code::kPermissionDenied, "您不是该企业登记的法定代表人",
                      "you are not the registered legal representative of this business");
    }
    // The departments' cases: one for an item, one per item for a life event.
    std::vector<Draft> drafts;
    std::optional<catalog::RecordRow> life_event;
    if (a.item) {
      drafts.emplace_back();
      SUNLIGHT_RETURN_IF_ERROR(load_item_for(c, *a.item, "/item", drafts.back()));
    } else {
      life_event = catalog::find_record(c, catalog::Kind::kLifeEvent, *a.life_event);
      if (!life_event || life_event->status != "active")
        return Status::invalid_field("/life_event", "一件事不存在或已取消", "no such life event");
      for (const auto& code : life_event->life_event().items) {
        drafts.emplace_back();
        SUNLIGHT_RETURN_IF_ERROR(load_item_for(c, code, "/life_event", drafts.back()));
      }
    }
    {
      std::vector<const catalog::ServiceItem*> items;
      for (const auto& d : drafts) items.push_back(&d.item->item());
      auto conditions = conditions_of(items);
      if (a.declarations != static_cast<int>(conditions.size()))
        return Status::invalid_field(
            "/form/declarations",
            "须逐条确认全部 " + std::to_string(conditions.size()) + " 项申请条件",
            "confirm each of the " + std::to_string(conditions.size()) + " conditions");
    }
    std::string audience = a.business ? "legal_person" : "natural_person";
    for (const auto& d : drafts) {
      const catalog::ServiceItem& item = d.item->item();
      if (!item.audience.empty() && !item.serves(audience))
        return Status::invalid_field(
            "/applicant", "「" + d.name + "」的服务对象不包括" + (a.business ? "法人" : "自然人"),
            "the item is not for this kind of applicant");
    }
    std::string region = life_event ? life_event->life_event().region : drafts[0].region;
    std::string parent_no = next_case_no(c, region, on);
    if (life_event) {
      for (size_t i = 0; i < drafts.size(); ++i)
        drafts[i].no = parent_no + "-" + std::to_string(i + 1);
    } else {
      drafts[0].no = parent_no;
    }

    // Materials: uploaded, shared by the department that holds them (with this case as the
    // legal basis), or a licence the applicant already holds; else the applicant must upload.
    std::vector<Event> access_events;
    std::vector<FieldError> missing;
    std::set<std::string> used_uploads;
    for (auto& d : drafts) {
      exchange::CaseBasis basis{d.no, d.item_code, d.org, true, {who.citizen}};
      if (a.business) basis.subjects.push_back(*a.business);
      auto lookup = [basis, fallback = case_lookup()](store::Connection& conn,
                                                      const std::string& no) {
        return no == basis.no ? std::optional<exchange::CaseBasis>(basis) : fallback(conn, no);
      };
      const auto& materials = d.item->item().materials;
      for (size_t i = 0; i < materials.size(); ++i) {
        const catalog::Material& m = materials[i];
        const std::string& name = m.name;
        const catalog::MaterialSource& source = m.source;
        CaseMaterial entry;
        entry.seq = static_cast<int64_t>(i + 1);
        entry.name = name;
        entry.required = m.required;
        entry.source = source;
        std::string seq = std::to_string(i + 1);
        if (auto up = a.uploads.find(name); up != a.uploads.end()) {
          if (!find_upload(c, up->second, who.citizen))
            return Status::invalid_field(
                "/materials", "「" + name + "」引用的文件不存在或不属于您",
                "the upload for '" + name + "' does not exist or is not yours");
          used_uploads.insert(name);
          entry.via = "upload";
          d.uploads[seq] = up->second;
        } else if (source.kind == "data_resource") {
          std::string resource = source.resource.value_or("");
          auto res = catalog::find_record_shared(c, catalog::Kind::kResource, resource);
          std::string subject_kind = res ? res->resource().subject : "person";
          exchange::AccessRequest req;
          req.org = d.org;
          req.resource = resource;
          req.subject = subject_kind == "business" ? a.business.value_or("") : who.citizen;
          req.purpose = "一网通办办件 " + d.no + "（" + d.name + "）：" + name;
          if (source.fields)
            req.fields = *source.fields;
          else if (res)
            req.fields = res->resource().default_fields;
          req.basis_kind = "case";
          req.case_no = d.no;
          req.by_platform = true;
          auto out = req.subject.empty()
                         ? Result<exchange::AccessOutcome>(Status::not_found("", ""))
                         : exchange::decide_and_record(c, req, lookup);
          if (out.is_ok() && out->decision.granted) {
            entry.via = "shared";
            entry.resource = resource;
            d.values[seq] = out->values;
            d.fetched = true;
            access_events.push_back(std::move(out->event));
          } else {
            std::string why = out.is_ok() ? out->decision.reason_zh : "部门未存有该材料";
            std::string why_en =
                out.is_ok() ? out->decision.reason_en : "the department holds no record";
            if (m.required)
              missing.push_back({"/materials",
                                 "「" + name + "」无法共享获取（" + why + "），请上传",
                                 "'" + name + "' cannot be shared (" + why_en + "): upload it"});
            entry.via = "missing";
          }
        } else if (source.kind == "licence") {
          if (auto ref = licence_case(c, applicant, source.catalog_code.value_or(""))) {
            entry.via = "licence";
            entry.licence_case = *ref;
          } else {
            if (m.required)
              missing.push_back({"/materials", "「" + name + "」：未找到您已取得的证照，请上传",
                                 "'" + name + "': no licence of yours was found: upload it"});
            entry.via = "missing";
          }
        } else {
          if (m.required)
            missing.push_back({"/materials", "「" + name + "」须由申请人上传",
                               "'" + name + "' must be uploaded"});
          entry.via = "missing";
        }
        d.materials.push_back(std::move(entry));
      }
    }
    for (const auto& [name, hash] : a.uploads)
      if (!used_uploads.count(name))
        missing.push_back({"/materials", "「" + name + "」不是该事项的申请材料",
                           "'" + name + "' is not a material of the item"});
    if (!missing.empty()) return Status::invalid(std::move(missing));

    // Fetched data waits for the applicant's preview (migrated cases excepted).
    bool fetched =
        std::any_of(drafts.begin(), drafts.end(), [](const Draft& d) { return d.fetched; });
    std::string status = (fetched && !who.on) || !a.submit ? "draft" : "submitted";
    std::vector<Event> events;
    auto base = [&](const std::string& no, const std::string& org) {
      CaseApplied ev;
      ev.no = no;
      ev.org = org;
      ev.region = region;
      ev.applicant_kind = a.applicant_kind;
      ev.channel = a.channel;
      ev.status = status;
      ev.on = on;
      ev.applicant = applicant;
      ev.agent = who.citizen;
      return ev;
    };
    json result = {{"no", parent_no}, {"status", status}, {"cases", json::array()}};
    if (life_event) {
      const catalog::LifeEvent& le = life_event->life_event();
      CaseApplied ev = base(parent_no, le.lead_org);
      ev.life_event = life_event->key;
      ev.promised_days = le.promised_days;
      ev.promised_visits = le.visits;
      bool provisional = false;
      ev.promised_due = due_date(*config, on, le.promised_days, 0, provisional);
      ev.form = a.form;
      events.push_back(ledger::to_event(ev));
    }
    for (auto& d : drafts) {
      CaseApplied ev = base(d.no, d.org);
      ev.item = d.item_code;
      if (life_event) ev.parent = parent_no;
      ev.stages = d.procedure.stages;
      ev.stage = d.procedure.stages.front();
      ev.statutory_days = d.item->item().statutory_days;
      ev.promised_days = d.item->item().promised_days;
      ev.promised_visits = d.item->item().visits;
      json materials = json::array();
      for (const auto& m : d.materials) {
        json mj = {{"name", m.name}, {"via", m.via}};
        if (auto v = d.values.find(std::to_string(m.seq)); v != d.values.end())
          mj["values"] = v->second;
        materials.push_back(std::move(mj));
      }
      result["cases"].push_back({{"no", d.no},
                                 {"item", d.item_code},
                                 {"name", d.name},
                                 {"org", d.org},
                                 {"materials", std::move(materials)}});
      ev.materials = std::move(d.materials);
      if (!life_event) ev.form = a.form;
      ev.uploads = std::move(d.uploads);
      ev.values = std::move(d.values);
      events.push_back(ledger::to_event(ev));
    }
    for (auto& e : access_events) events.push_back(std::move(e));
    return Decision{std::move(events), std::move(result), {}};
  });
}

Result<json> form_of(store::Connection& c, const std::string& code) {
  std::vector<std::shared_ptr<const catalog::RecordRow>> items;
  json out = {{"code", code}};
  if (auto le = catalog::find_record_shared(c, catalog::Kind::kLifeEvent, code);
      le && le->status == "active") {
    out["life_event"] = code;
    out["name"] = le->life_event().name;
    for (const auto& i : le->life_event().items)
      if (auto item = catalog::find_record_shared(c, catalog::Kind::kItem, i))
        items.push_back(item);
  } else if (auto item = catalog::find_record_shared(c, catalog::Kind::kItem, code);
             item && item->status == "active") {
    out["item"] = code;
    out["name"] = item->item().name;
    items.push_back(item);
  } else {
    return Status::not_found("事项或一件事不存在", "no such service item or life event");
  }
  std::vector<const catalog::ServiceItem*> typed;
  for (const auto& i : items) typed.push_back(&i->item());
  out["fields"] = json::array(
      {{{"name", "phone"},
        {"type", "tel"},
        {"required", true},
        {"pattern", "^1[3-9][0-9]{9}$"},
        {"label", label("联系电话", "Mobile phone")}},
       {{"name", "address"},
        {"type", "text"},
        {"required", false},
        {"max_length", 200},
        {"label", label("联系地址", "Address")}},
       {{"name", "email"},
        {"type", "email"},
        {"required", false},
        {"max_length", 100},
        {"label", label("电子邮箱", "Email")}},
       {{"name", "note"},
        {"type", "textarea"},
        {"required", false},
        {"max_length", 1000},
        {"label", label("补充说明", "Note")}},
       {{"name", "declarations"},
        {"type", "declarations"},
        {"required", true},
        {"items", conditions_of(typed)},
        {"label", label("本人确认符合以下申请条件", "I confirm that I meet these conditions")}}});
  json materials = json::array();
  for (const auto& i : items)
    for (const auto& m : i->item().materials) {
      const std::string& kind = m.source.kind;
      json entry = {{"item", i->key},
                    {"name", m.name},
                    {"required", m.required},
                    {"source", kind == "data_resource" ? "shared"
                               : kind == "licence"     ? "licence"
                                                       : "upload"}};
      if (kind == "data_resource") entry["resource"] = m.source.resource.value_or("");
      materials.push_back(entry);
    }
  out["materials"] = materials;
  out["upload"] = {{"types", {"application/pdf", "image/jpeg", "image/png"}},
                   {"max_bytes", kMaxUploadBytes}};
  return out;
}

// --- after applying ------------------------------------------------------------------------

namespace {

// The applicant's own case (any other is "not found": case numbers are not secrets, but
// whether someone applied for something is).
Result<Case> own_case(store::Connection& c, const Applicant& who, const std::string& no) {
  auto k = find_case(c, no);
  if (!k || k->agent != who.citizen) return Status::not_found("办件不存在", "no such case");
  return *k;
}

std::vector<Case> children_of(store::Connection& c, const std::string& parent) {
  std::vector<Case> out;
  auto st =
      c.cached(std::string("SELECT ") + kCaseColumns + " FROM cases WHERE parent = ? ORDER BY no");
  st.bind(1, parent);
  while (st.step()) out.push_back(read_case(st));
  return out;
}

}  // namespace

ledger::Decide confirm(Applicant who, std::string no, ConfigPtr) {
  return [who, no](store::Connection& c) -> Result<Decision> {
    SUNLIGHT_ASSIGN_OR_RETURN(auto k, own_case(c, who, no));
    if (k.status != "draft")
      return wrong_state(k, "只有草稿可以确认提交", "only a draft can be submitted");
    if (!k.parent.empty())
      return Status::invalid_field("/no", "请提交一件事的总办件", "submit the life event's case");
    std::string today = timeutil::today();
    std::vector<Event> events{ledger::to_event(CaseSubmitted{{no, today}})};
    for (const auto& child : children_of(c, no))
      events.push_back(ledger::to_event(CaseSubmitted{{child.no, today}}));
    return Decision{events, {{"no", no}, {"status", "submitted"}}, {}};
  };
}

Result<ledger::Decide> resubmit(const Applicant& who, const std::string& no, const json& body,
                                ConfigPtr config) {
  FieldReader r(body);
  auto parsed = read_uploads(r);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  auto wanted = std::move(parsed).value();
  return ledger::Decide([who, no, wanted, config](store::Connection& c) -> Result<Decision> {
    SUNLIGHT_ASSIGN_OR_RETURN(auto k, own_case(c, who, no));
    if (k.status != "returned")
      return wrong_state(k, "只有退回补正的办件可以补交材料",
                         "only a returned case takes new materials");
    SUNLIGHT_ASSIGN_OR_RETURN(auto on, acting_date(who.on, "/on"));
    std::map<std::string, std::string> uploads;
    std::vector<FieldError> errors;
    std::set<std::string> covered;
    auto st =
        c.cached("SELECT seq, name, requested FROM case_materials WHERE case_no = ? ORDER BY seq");
    st.bind(1, no);
    while (st.step()) {
      std::string name = st.text(1);
      auto it = wanted.find(name);
      if (it != wanted.end()) {
        if (!find_upload(c, it->second, who.citizen))
          errors.push_back({"/materials", "「" + name + "」引用的文件不存在或不属于您",
                            "the upload for '" + name + "' is not yours"});
        uploads[std::to_string(st.int64(0))] = it->second;
        covered.insert(name);
      } else if (st.int64(2) != 0) {
        errors.push_back({"/materials", "请补交「" + name + "」", "'" + name + "' was asked for"});
      }
    }
    for (const auto& [name, hash] : wanted)
      if (!covered.count(name))
        errors.push_back({"/materials", "「" + name + "」不是该办件的材料",
                          "'" + name + "' is not a material of the case"});
    if (!errors.empty()) return Status::invalid(std::move(errors));
    CaseResubmitted ev;
    ev.no = no;
    ev.on = on;
    ev.status = k.accepted_on.empty() ? "submitted" : "in_progress";
    if (!k.accepted_on.empty() && !k.paused_since.empty()) {
      int paused =
          k.paused_days + config->calendar.working_days_between(
                              *timeutil::parse_date(k.paused_since), *timeutil::parse_date(on));
      bool provisional = false;
      ev.paused_days = paused;
      ev.statutory_due = due_date(*config, k.accepted_on, k.statutory_days, paused, provisional);
      ev.promised_due = due_date(*config, k.accepted_on, k.promised_days, paused, provisional);
      ev.provisional = provisional;
    }
    ev.uploads = std::move(uploads);
    auto event = ledger::to_event(ev);
    json data = event.data;
    return Decision{{std::move(event)}, data, {}};
  });
}

ledger::Decide withdraw(Applicant who, std::string no, ConfigPtr) {
  return [who, no](store::Connection& c) -> Result<Decision> {
    SUNLIGHT_ASSIGN_OR_RETURN(auto k, own_case(c, who, no));
    if (k.status == "closed" || k.status == "decided")
      return wrong_state(k, "已作出决定的办件不能撤回", "a decided case cannot be withdrawn");
    std::string today = timeutil::today();
    std::vector<Event> events{ledger::to_event(CaseWithdrawn{{no, today}})};
    for (const auto& child : children_of(c, no))
      if (child.status != "closed")
        events.push_back(ledger::to_event(CaseWithdrawn{{child.no, today}}));
    return Decision{events, {{"no", no}, {"status", "closed"}, {"outcome", "withdrawn"}}, {}};
  };
}

}  // namespace sunlight::cases
