// Applying: uploads, the application (one item or a life event), the preview of fetched
// materials, resubmission after 补正, withdrawal; and the case basis for data sharing.
#include <map>
#include <set>

#include "cases/internal/application.h"
#include "cases/internal/common.h"
#include "cases/internal/events.h"
#include "core/crypto.h"
#include "core/fields.h"
#include "core/time.h"
#include "exchange/exchange.h"

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

// The conditions of the items, in order, each once (a life event's items may share some).
std::vector<std::string> conditions_of(const std::vector<const catalog::ServiceItem*>& items) {
  std::vector<std::string> out;
  for (const auto* item : items)
    for (const auto& c : item->conditions)
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  return out;
}

json label(const char* zh, const char* en) { return {{"zh", zh}, {"en", en}}; }

}  // namespace

Result<ledger::Decide> apply(const Applicant& who, const json& body, ConfigPtr config) {
  SUNLIGHT_ASSIGN_OR_RETURN(auto a, parse_apply(body));
  if (a.business) {
    SUNLIGHT_ASSIGN_OR_RETURN(a.business,
                              exchange::parse_subject("business", *a.business, "/applicant/id"));
  }
  return ledger::Decide([who, a, config](store::Connection& c) -> Result<Decision> {
    SUNLIGHT_ASSIGN_OR_RETURN(auto facts, load_application(c, who, a, *config));
    return decide_application(a, facts);
  });
}

Result<json> form_of(store::Connection& c, const std::string& code,
                     const std::optional<Applicant>& who,
                     const std::optional<std::string>& named_business) {
  std::optional<std::string> business = named_business;
  if (who && business && !represents(c, who->citizen, *business)) return not_representative();
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
  // An item that serves businesses only is planned for the business the signed-in person acts
  // for: the one they represent. One who represents none or several is shown the plans as
  // anyone sees them, with the businesses they may name (`businesses`), until they name one.
  bool for_applicant = who.has_value();
  if (who && !business) {
    std::vector<bool> none(typed.size(), false);
    if (audience_refusal(typed, false, none) && !audience_refusal(typed, true, none)) {
      auto mine = exchange::businesses_represented(c, who->citizen);
      if (mine.size() == 1) {
        business = mine.front();
      } else {
        for_applicant = false;
        out["businesses"] = mine;
      }
    }
  }
  if (business) out["business"] = *business;
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

  // Each part's materials, resolved by the rule the application uses: for the signed-in
  // applicant (and the business they act for), or for anyone before sign-in.
  std::vector<Part> parts;
  std::string applicant = for_applicant ? business.value_or(who->citizen) : "";
  out["online"] = true;
  for (size_t i = 0; i < items.size(); ++i) {
    Part part;
    Status loaded = load_part(c, items[i]->key, "/code", part);
    if (!loaded.is_ok()) {
      // The guide says why the item cannot be applied for online, in plain words.
      out["online"] = false;
      const auto& why = loaded.errors();
      out["not_online"] = {{"zh", why.empty() ? loaded.message_zh() : why.front().message_zh},
                           {"en", why.empty() ? loaded.message_en() : why.front().message_en}};
      part.item = items[i];
      part.item_code = items[i]->key;
      part.org = items[i]->item().org;
    } else {
      part.no = "preview-" + std::to_string(i + 1);
      load_materials(c, part, parts, applicant, for_applicant ? who->citizen : "", business);
    }
    parts.push_back(std::move(part));
  }
  std::vector<bool> founds;
  for (const auto& p : parts) founds.push_back(p.founds_business);
  json audience = json::array();
  for (bool as_business : {false, true})
    if (!audience_refusal(typed, as_business, founds))
      audience.push_back(as_business ? "legal_person" : "natural_person");
  out["audience"] = audience;
  if (audience.empty() && out["online"] == true) {
    // Parts for persons and parts for businesses with nothing founding the business between.
    out["online"] = false;
    out["not_online"] = {{"zh",
                          "各环节的服务对象不一致（有的只面向个人，有的只面向企业），暂不能一次申请"
                          "；请分别办理各事项"},
                         {"en",
                          "its parts serve different applicants (some persons only, some "
                          "businesses only): apply for each item on its own"}};
  }

  json materials = json::array();
  std::set<std::string> seen;
  for (const auto& part : parts) {
    const auto& list = part.item->item().materials;
    for (size_t i = 0; i < list.size(); ++i) {
      const catalog::Material& m = list[i];
      const std::string& kind = m.source.kind;
      json entry = {{"item", part.item_code},
                    {"name", m.name},
                    {"required", m.required},
                    {"source", kind == "data_resource" ? "shared"
                               : kind == "licence"     ? "licence"
                                                       : "upload"}};
      if (kind == "data_resource") entry["resource"] = m.source.resource.value_or("");
      if (kind == "licence") entry["catalog_code"] = m.source.catalog_code.value_or("");
      if (i < part.materials.size()) {
        MaterialPlan plan = plan_material(m, part.materials[i], false, for_applicant);
        entry["plan"] = {
            {"via", plan.via == "missing" ? "upload" : plan.via}, {"zh", plan.zh}, {"en", plan.en}};
        if (plan.licence_case) entry["plan"]["licence_case"] = *plan.licence_case;
      }
      materials.push_back(entry);
    }
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
    json data = event.data_json();
    return Decision{{std::move(event)}, data, {}};
  });
}

ledger::Decide withdraw(Applicant who, std::string no, ConfigPtr) {
  return [who, no](store::Connection& c) -> Result<Decision> {
    SUNLIGHT_ASSIGN_OR_RETURN(auto k, own_case(c, who, no));
    if (k.outcome == "withdrawn")
      return Status(Code::kFailedPrecondition, "办件已撤回", "the case is already withdrawn");
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
