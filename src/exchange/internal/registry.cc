// Registers, sharing agreements, consents and erasure; the module's tables and appliers.
#include <algorithm>

#include "catalog/codes.h"
#include "catalog/directory.h"
#include "core/crypto.h"
#include "core/fields.h"
#include "core/json.h"
#include "core/time.h"
#include "exchange/exchange.h"
#include "exchange/internal/common.h"
#include "exchange/internal/events.h"

namespace sunlight::exchange {

using ledger::Decision;
using ledger::Event;
using nlohmann::json;

std::vector<std::string> json_strings(const json& j) {
  std::vector<std::string> out;
  for (const auto& v : j) out.push_back(v.get<std::string>());
  return out;
}

Result<std::string> parse_subject(const std::string& subject_kind, const std::string& text,
                                  const std::string& field) {
  std::string s = text;
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (subject_kind == "business") {
    if (auto p = catalog::uscc_problem(s))
      return Status::invalid_field(field, "不是有效的统一社会信用代码：" + p->zh,
                                   "is not a valid unified social credit code: " + p->en);
  } else if (auto p = catalog::id_number_problem(s)) {
    return Status::invalid_field(field, "不是有效的公民身份号码：" + p->zh,
                                 "is not a valid resident identity number: " + p->en);
  }
  return s;
}

// --- registers ---------------------------------------------------------------------------

Status validate_register_rows(const catalog::DataResource& resource,
                              const std::vector<RegisterRow>& rows,
                              const std::vector<std::string>& locations) {
  auto names = resource.field_names();
  std::set<std::string> known(names.begin(), names.end());
  std::vector<FieldError> errors;
  std::set<std::string> seen;
  for (size_t i = 0; i < rows.size() && errors.size() < 1000; ++i) {
    const auto& loc = locations.at(i);
    auto subject = parse_subject(resource.subject, rows[i].subject, "/subject");
    if (!subject.is_ok()) {
      for (const auto& e : subject.status().errors())
        errors.push_back({loc + e.field, e.message_zh, e.message_en});
    } else if (!seen.insert(*subject).second) {
      errors.push_back({loc + "/subject", "主体重复", "duplicate subject"});
    }
    if (!rows[i].record.is_object()) {
      errors.push_back({loc + "/record", "必须是 JSON 对象", "must be an object"});
      continue;
    }
    for (auto it = rows[i].record.begin(); it != rows[i].record.end(); ++it)
      if (!known.count(it.key()))
        errors.push_back({loc + "/record/" + it.key(), "不是该数据资源的字段",
                          "is not a field of the data resource"});
  }
  return errors.empty() ? Status::ok() : Status::invalid(std::move(errors));
}

ledger::Decide load_register_batch(std::string resource, std::vector<RegisterRow> input,
                                   std::vector<std::string> locations) {
  return [resource = std::move(resource), input = std::move(input),
          locations = std::move(locations)](store::Connection& c) -> Result<Decision> {
    auto res = catalog::find_record(c, catalog::Kind::kResource, resource);
    if (!res || res->status != "active")
      return Status::not_found("数据资源 " + resource + " 不存在",
                               "data resource " + resource + " does not exist");
    SUNLIGHT_RETURN_IF_ERROR(validate_register_rows(res->resource(), input, locations));
    std::vector<RegisterRow> rows = input;
    for (auto& r : rows) r.subject = *parse_subject(res->resource().subject, r.subject, "/subject");
    auto st = c.cached("SELECT COALESCE(MAX(batch), 0) + 1 FROM register_batches");
    st.step();
    int64_t batch = st.int64(0);
    // The commitment binds the batch's exact rows without revealing any of them.
    json canonical_rows = json::array();
    for (const auto& r : rows)
      canonical_rows.push_back({{"subject", r.subject}, {"record", r.record}});
    std::string salt = crypto::random_salt();
    std::string commitment = ledger::commitment(salt, jcs::canonical(canonical_rows));
    Event e = ledger::to_event(
        internal::RegisterLoaded{resource, commitment, batch, static_cast<int64_t>(rows.size())});
    Decision d{{e}, {{"resource", resource}, {"batch", batch}, {"records", rows.size()}}, {}};
    d.write_kept = [rows, resource, batch, salt](store::Connection& tx) {
      for (const auto& r : rows)
        tx.cached(
              "INSERT INTO register_records (resource, subject, record, batch) VALUES (?, ?, ?, ?)"
              " ON CONFLICT (resource, subject) DO UPDATE SET record = excluded.record, batch = "
              "excluded.batch")
            .bind_all(resource, r.subject, r.record.dump(), batch)
            .run();
      tx.cached("INSERT INTO register_salts (batch, salt) VALUES (?, ?)")
          .bind(1, batch)
          .bind_blob(2, salt)
          .run();
    };
    return d;
  };
}

std::optional<json> find_register_record(store::Connection& c, const std::string& resource,
                                         const std::string& subject) {
  auto st = c.cached("SELECT record FROM register_records WHERE resource = ? AND subject = ?");
  st.bind_all(resource, subject);
  if (!st.step()) return std::nullopt;
  return json::parse(st.text(0));
}

std::vector<std::string> businesses_represented(store::Connection& c, const std::string& person) {
  auto st = c.cached(
      "SELECT subject FROM register_records WHERE resource = 'business-licence'"
      " AND json_extract(record, '$.legal_rep_id_number') = ? ORDER BY subject LIMIT 100");
  st.bind(1, person);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

// --- sharing agreements ------------------------------------------------------------------

Result<ledger::Decide> approve_agreement(const json& body) {
  FieldReader r(body);
  Agreement a;
  a.id = r.required_string("id", 40);
  a.consumer = r.required_string("consumer", 18);
  a.resource = r.required_string("resource", 40);
  a.fields = r.string_list("fields", 100, 40, true);
  a.basis = r.required_string("basis", 500);
  auto until = r.optional_string("valid_until", 10);
  if (until && !timeutil::parse_date(*until))
    r.error("valid_until", "日期格式应为 YYYY-MM-DD", "must be a date YYYY-MM-DD");
  a.valid_until = until.value_or("9999-12-31");
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return ledger::Decide([a](store::Connection& c) -> Result<Decision> {
    auto res = catalog::find_record(c, catalog::Kind::kResource, a.resource);
    if (!res) return Status::not_found("数据资源不存在", "no such data resource");
    if (res->resource().sharing == "none")
      return Status(Code::kFailedPrecondition, "不予共享的数据资源不能签订共享协议",
                    "a resource that is not shared cannot be shared by agreement");
    auto consumer = catalog::find_organisation(c, a.consumer);
    if (!consumer || !consumer->active)
      return Status::not_found("使用方机构不存在或已撤销",
                               "the consumer organisation does not exist");
    if (auto errors = catalog::unknown_fields(res->resource(), a.fields, "/fields");
        !errors.empty())
      return Status::invalid(std::move(errors));
    auto st = c.cached("SELECT 1 FROM sharing_agreements WHERE id = ?");
    st.bind(1, a.id);
    if (st.step())
      return Status(Code::kAlreadyExists, "协议编号已存在", "an agreement with this id exists");
    auto e = ledger::to_event(internal::AgreementApproved{
        a.id, res->resource().holder, a.consumer, a.resource, a.basis, a.valid_until, a.fields});
    json data = e.data_json();
    return Decision{{std::move(e)}, data, {}};
  });
}

ledger::Decide revoke_agreement(std::string id, std::string reason) {
  return [id, reason](store::Connection& c) -> Result<Decision> {
    auto st = c.cached("SELECT status FROM sharing_agreements WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return Status::not_found("协议不存在", "no such agreement");
    if (st.text(0) != "active")
      return Status(Code::kFailedPrecondition, "协议已终止", "the agreement is already revoked");
    auto e = ledger::to_event(internal::AgreementRevoked{id, reason});
    json data = e.data_json();
    return Decision{{std::move(e)}, data, {}};
  };
}

static Agreement read_agreement(const store::Statement& st) {
  return Agreement{st.text(0), st.text(1), st.text(2), st.text(3),
                   st.text(5), st.text(6), st.text(7), json_strings(json::parse(st.text(4)))};
}

std::vector<Agreement> list_agreements(store::Connection& c,
                                       const std::optional<std::string>& org) {
  auto st = c.cached(
      "SELECT id, provider, consumer, resource, fields, basis, valid_until, status FROM "
      "sharing_agreements"
      " WHERE (?1 IS NULL OR provider = ?1 OR consumer = ?1) ORDER BY id");
  st.bind(1, org);
  std::vector<Agreement> out;
  while (st.step()) out.push_back(read_agreement(st));
  return out;
}

std::optional<Agreement> find_active_agreement(store::Connection& c, const std::string& consumer,
                                               const std::string& resource,
                                               const std::string& day) {
  auto st = c.cached(
      "SELECT id, provider, consumer, resource, fields, basis, valid_until, status FROM "
      "sharing_agreements"
      " WHERE consumer = ? AND resource = ? AND status = 'active' AND valid_until >= ? ORDER BY "
      "valid_until DESC LIMIT 1");
  st.bind_all(consumer, resource, day);
  if (!st.step()) return std::nullopt;
  return read_agreement(st);
}

json to_json(const Agreement& a) {
  return {{"id", a.id},
          {"provider", a.provider},
          {"consumer", a.consumer},
          {"resource", a.resource},
          {"fields", a.fields},
          {"basis", a.basis},
          {"valid_until", a.valid_until},
          {"status", a.status}};
}

// --- consents ----------------------------------------------------------------------------

Result<ledger::Decide> grant_consent(const std::string& subject, const json& body) {
  FieldReader r(body);
  std::string recipient = r.required_string("recipient", 18);
  std::string resource = r.required_string("resource", 40);
  auto fields = r.string_list("fields", 100, 40, true);
  std::string purpose = r.required_string("purpose", 200);
  std::string until = r.required_string("valid_until", 10);
  if (!until.empty() && !timeutil::parse_date(until))
    r.error("valid_until", "日期格式应为 YYYY-MM-DD", "must be a date YYYY-MM-DD");
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return ledger::Decide([=](store::Connection& c) -> Result<Decision> {
    if (until < timeutil::today())
      return Status::invalid_field("/valid_until", "有效期不能早于今天", "must not be in the past");
    auto res = catalog::find_record(c, catalog::Kind::kResource, resource);
    if (!res) return Status::invalid_field("/resource", "数据资源不存在", "no such data resource");
    if (res->resource().subject != "person")
      return Status::invalid_field("/resource", "只能授权关于本人的数据资源",
                                   "consent covers data about persons only");
    if (auto errors = catalog::unknown_fields(res->resource(), fields, "/fields"); !errors.empty())
      return Status::invalid(std::move(errors));
    auto org = catalog::find_organisation(c, recipient);
    if (!org || !org->active)
      return Status::invalid_field("/recipient", "接收机构不存在", "no such organisation");
    auto st = c.cached("SELECT COUNT(*) FROM consents");
    st.step();
    std::string id = "C" + std::to_string(st.int64(0) + 1);
    auto e = ledger::to_event(internal::ConsentGranted{id, recipient, resource, timeutil::today(),
                                                       until, fields, subject, purpose});
    json result = e.data_json();
    result["purpose"] = purpose;
    return Decision{{std::move(e)}, result, {}};
  });
}

Result<ledger::Decide> shorten_consent(const std::string& subject, const std::string& id,
                                       const json& body) {
  FieldReader r(body);
  std::string until = r.required_string("valid_until", 10);
  if (!until.empty() && !timeutil::parse_date(until))
    r.error("valid_until", "日期格式应为 YYYY-MM-DD", "must be a date YYYY-MM-DD");
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return ledger::Decide([=](store::Connection& c) -> Result<Decision> {
    auto consent = find_consent(c, id);
    if (!consent || consent->subject != subject)
      return Status::not_found("授权不存在", "no such consent");
    if (consent->status != "active")
      return Status(Code::kFailedPrecondition, "授权已撤销", "the consent is revoked");
    if (until >= consent->valid_until)
      return Status::invalid_field("/valid_until", "有效期只能缩短，不能延长",
                                   "validity can only be shortened");
    auto e = ledger::to_event(internal::ConsentShortened{id, until});
    json data = e.data_json();
    return Decision{{std::move(e)}, data, {}};
  });
}

ledger::Decide revoke_consent(std::string subject, std::string id) {
  return [=](store::Connection& c) -> Result<Decision> {
    auto consent = find_consent(c, id);
    if (!consent || consent->subject != subject)
      return Status::not_found("授权不存在", "no such consent");
    if (consent->status != "active")
      return Status(Code::kFailedPrecondition, "授权已撤销", "the consent is already revoked");
    auto e = ledger::to_event(internal::ConsentRevoked{id, timeutil::today()});
    json data = e.data_json();
    return Decision{{std::move(e)}, data, {}};
  };
}

static Consent read_consent(const store::Statement& st) {
  return Consent{st.text(0),
                 st.optional_text(1).value_or(""),
                 st.text(2),
                 st.text(3),
                 st.optional_text(4).value_or(""),
                 st.text(6),
                 st.text(7),
                 st.text(8),
                 json_strings(json::parse(st.text(5))),
                 st.int64(9)};
}

static constexpr const char* kConsentColumns =
    "id, subject, recipient, resource, purpose, fields, granted_on, valid_until, status, uses";

std::vector<Consent> consents_of(store::Connection& c, const std::string& subject) {
  auto st = c.cached(std::string("SELECT ") + kConsentColumns +
                     " FROM consents WHERE subject = ? ORDER BY idx DESC");
  st.bind(1, subject);
  std::vector<Consent> out;
  while (st.step()) out.push_back(read_consent(st));
  return out;
}

std::optional<Consent> find_consent(store::Connection& c, const std::string& id) {
  auto st = c.cached(std::string("SELECT ") + kConsentColumns + " FROM consents WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_consent(st);
}

json to_json(const Consent& c) {
  return {{"id", c.id},
          {"recipient", c.recipient},
          {"resource", c.resource},
          {"fields", c.fields},
          {"purpose", c.purpose},
          {"granted_on", c.granted_on},
          {"valid_until", c.valid_until},
          {"status", c.status},
          {"uses", c.uses}};
}

// --- erasure -----------------------------------------------------------------------------

Result<ledger::Decide> erase_subject(const std::string& subject_text, const json& body,
                                     std::vector<ErasureSource> others) {
  FieldReader r(body);
  const json* basis = r.object("basis", true);
  json legal;
  if (basis) {
    FieldReader br(*basis, "/basis");
    legal["law"] = br.required_string("law", 40);
    legal["article"] = br.optional_int("article", 1, 100000).value_or(0);
    if (legal["article"] == 0) br.error("article", "必填", "is required");
    r.merge(br);
  }
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  // A person or a business may be erased; a valid credit code is a business, else a person.
  SUNLIGHT_ASSIGN_OR_RETURN(
      auto subject, parse_subject(catalog::uscc_problem(subject_text) ? "person" : "business",
                                  subject_text, "subject"));
  std::string s = subject;
  return ledger::Decide([s, legal, others](store::Connection& c) -> Result<Decision> {
    if (!catalog::find_article(c, legal.at("law"), legal.at("article")))
      return Status::invalid_field("/basis", "法律依据不存在", "the legal basis does not exist");
    std::vector<int64_t> indexes;
    for (const char* sql : {"SELECT idx FROM accesses WHERE subject = ?",
                            "SELECT idx FROM consents WHERE subject = ?"}) {
      auto st = c.cached(sql);
      st.bind(1, s);
      while (st.step()) indexes.push_back(st.int64(0));
    }
    for (const auto& other : others)
      for (int64_t i : other.payloads(c, s)) indexes.push_back(i);
    auto reg = c.cached("SELECT COUNT(*) FROM register_records WHERE subject = ?");
    reg.bind(1, s);
    reg.step();
    int64_t register_rows = reg.int64(0);
    if (indexes.empty() && register_rows == 0)
      return Status::not_found("没有该主体的个人数据",
                               "there is no personal data about this subject");
    std::sort(indexes.begin(), indexes.end());
    indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
    // Leaves name only the log indexes whose payloads are erased, never the subject.
    std::vector<Event> events;
    constexpr size_t kPerEvent = 4000;
    for (size_t i = 0; i < indexes.size() || events.empty(); i += kPerEvent) {
      std::vector<int64_t> part(
          indexes.begin() + static_cast<long>(std::min(i, indexes.size())),
          indexes.begin() + static_cast<long>(std::min(i + kPerEvent, indexes.size())));
      internal::ArticleRef cited{legal.at("law").get<std::string>(),
                                 legal.at("article").get<int64_t>()};
      events.push_back(ledger::to_event(internal::SubjectErased{part, cited, register_rows}));
    }
    Decision d{
        events, {{"payloads_erased", indexes.size()}, {"register_rows_erased", register_rows}}, {}};
    d.write_kept = [s, others](store::Connection& tx) {
      tx.cached("DELETE FROM register_records WHERE subject = ?").bind(1, s).run();
      for (const auto& other : others) other.clear(tx, s);
    };
    return d;
  });
}

// --- tables and appliers -----------------------------------------------------------------

void register_module(ledger::Registry& registry) {
  registry.add_migrations({{"exchange", 1, R"(
    CREATE TABLE register_records (
      resource TEXT NOT NULL, subject TEXT NOT NULL, record TEXT NOT NULL, batch INTEGER NOT NULL,
      PRIMARY KEY (resource, subject));
    CREATE INDEX register_records_subject ON register_records (subject);
    CREATE TABLE register_salts (batch INTEGER PRIMARY KEY, salt BLOB NOT NULL);
    CREATE TABLE register_batches (
      batch INTEGER PRIMARY KEY, resource TEXT NOT NULL, records INTEGER NOT NULL,
      commitment TEXT NOT NULL, idx INTEGER NOT NULL, time TEXT NOT NULL);
    CREATE TABLE sharing_agreements (
      id TEXT PRIMARY KEY, provider TEXT NOT NULL, consumer TEXT NOT NULL, resource TEXT NOT NULL,
      fields TEXT NOT NULL, basis TEXT NOT NULL, valid_until TEXT NOT NULL, status TEXT NOT NULL,
      idx INTEGER NOT NULL);
    CREATE TABLE consents (
      id TEXT PRIMARY KEY, subject TEXT, recipient TEXT NOT NULL, resource TEXT NOT NULL, purpose TEXT,
      fields TEXT NOT NULL, granted_on TEXT NOT NULL, valid_until TEXT NOT NULL, status TEXT NOT NULL,
      uses INTEGER NOT NULL, idx INTEGER NOT NULL);
    CREATE INDEX consents_subject ON consents (subject);
    CREATE TABLE accesses (
      idx INTEGER PRIMARY KEY, time TEXT NOT NULL, officer TEXT NOT NULL, org TEXT NOT NULL,
      resource TEXT NOT NULL, fields TEXT NOT NULL, basis TEXT NOT NULL, granted INTEGER NOT NULL,
      reason TEXT NOT NULL, subject TEXT, purpose TEXT, visible_after TEXT, defer_basis TEXT, case_no TEXT);
    CREATE INDEX accesses_subject ON accesses (subject, idx, visible_after);
    CREATE INDEX accesses_officer ON accesses (officer, idx);
    CREATE INDEX accesses_case ON accesses (case_no) WHERE case_no IS NOT NULL;
  )"},
                           // Registers clustered by (resource, subject): one B-tree seek per
                           // lookup instead of an index seek and a table seek.
                           {"exchange", 2, R"(
    CREATE TABLE register_records_2 (
      resource TEXT NOT NULL, subject TEXT NOT NULL, record TEXT NOT NULL, batch INTEGER NOT NULL,
      PRIMARY KEY (resource, subject)) WITHOUT ROWID;
    INSERT INTO register_records_2 SELECT resource, subject, record, batch FROM register_records;
    DROP TABLE register_records;
    ALTER TABLE register_records_2 RENAME TO register_records;
    CREATE INDEX register_records_subject ON register_records (subject);
  )"}});
  registry.keep_on_rebuild("register_records");
  registry.keep_on_rebuild("register_salts");

  using ledger::on;
  using Tx = store::Connection;
  using A = ledger::Applied;
  using namespace internal;
  on<RegisterLoaded>(registry, [](Tx& tx, const RegisterLoaded& ev, const A& e) {
    tx.cached(
          "INSERT INTO register_batches (batch, resource, records, commitment, idx, time) VALUES "
          "(?, ?, ?, ?, ?, ?)")
        .bind_all(ev.batch, ev.resource, ev.records, ev.commitment, e.index,
                  timeutil::format_rfc3339(e.leaf.time))
        .run();
  });
  on<AgreementApproved>(registry, [](Tx& tx, const AgreementApproved& ev, const A& e) {
    tx.cached(
          "INSERT INTO sharing_agreements (id, provider, consumer, resource, fields, basis, "
          "valid_until, status, idx)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?)")
        .bind_all(ev.id, ev.provider, ev.consumer, ev.resource, json(ev.fields_shared).dump(),
                  ev.basis, ev.valid_until, e.index)
        .run();
  });
  on<AgreementRevoked>(registry, [](Tx& tx, const AgreementRevoked& ev, const A&) {
    tx.cached("UPDATE sharing_agreements SET status = 'revoked' WHERE id = ?").bind(1, ev.id).run();
  });
  on<ConsentGranted>(registry, [](Tx& tx, const ConsentGranted& ev, const A& e) {
    tx.cached(
          "INSERT INTO consents (id, subject, recipient, resource, purpose, fields, granted_on, "
          "valid_until, status,"
          " uses, idx) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', 0, ?)")
        .bind_all(ev.id, ev.subject, ev.recipient, ev.resource, ev.purpose,
                  json(ev.fields_shared).dump(), ev.granted_on, ev.valid_until, e.index)
        .run();
  });
  on<ConsentShortened>(registry, [](Tx& tx, const ConsentShortened& ev, const A&) {
    tx.cached("UPDATE consents SET valid_until = ? WHERE id = ?")
        .bind_all(ev.valid_until, ev.id)
        .run();
  });
  on<ConsentRevoked>(registry, [](Tx& tx, const ConsentRevoked& ev, const A&) {
    tx.cached("UPDATE consents SET status = 'revoked' WHERE id = ?").bind(1, ev.id).run();
  });
  on<SubjectErased>(registry, [](Tx& tx, const SubjectErased& ev, const A& e) {
    for (int64_t i : ev.payloads) {
      tx.cached("UPDATE accesses SET subject = NULL, purpose = NULL WHERE idx = ?")
          .bind(1, i)
          .run();
      tx.cached("UPDATE consents SET subject = NULL, purpose = NULL WHERE idx = ?")
          .bind(1, i)
          .run();
      tx.cached("UPDATE ledger_payloads SET salt = NULL, body = NULL, erased_at = ? WHERE idx = ?")
          .bind_all(timeutil::format_rfc3339(e.leaf.time), i)
          .run();
    }
  });
  register_access(registry);
}

}  // namespace sunlight::exchange
