#include "app/demo.h"

#include <spdlog/spdlog.h>

#include "app/gen.h"
#include "app/import.h"
#include "catalog/directory.h"
#include "core/time.h"
#include "exchange/exchange.h"
#include "identity/identity.h"

namespace sunlight::app {
namespace {

using nlohmann::json;

std::string in_days(int days) {
  return timeutil::format_date(timeutil::local_day(timeutil::now_millis()) + days);
}

// Runs a command as an officer (or as the citizen), logging but not failing on refusals:
// the demo shows refusals too.
ledger::Outcome run(Platform& p, const ledger::Actor& actor, ledger::Decide d, const char* what) {
  auto o = p.sequencer().execute(actor, std::move(d));
  if (!o.status.is_ok())
    spdlog::warn("demo activity '{}' was refused: {}", what, o.status.message_en());
  return o;
}

ledger::Actor officer(store::Connection& c, const std::string& id) {
  auto o = identity::find_officer(c, id);
  return ledger::Actor::officer_actor(id, o ? o->org : "");
}

exchange::AccessRequest access(const ledger::Actor& who, std::string resource, std::string subject,
                               std::vector<std::string> fields, std::string purpose,
                               std::string basis_kind, std::string ref) {
  exchange::AccessRequest r;
  r.officer = who.officer;
  r.org = who.org;
  r.resource = std::move(resource);
  r.subject = std::move(subject);
  r.fields = std::move(fields);
  r.purpose = std::move(purpose);
  r.basis_kind = std::move(basis_kind);
  (r.basis_kind == "power" ? r.item : r.consent) = std::move(ref);
  return r;
}

}  // namespace

std::string demo_citizen(store::Connection& c) {
  // The generator's first person, born 2000-03-15 and found in most registers.
  auto st = c.cached(
      "SELECT p.subject FROM register_records p WHERE p.resource = 'population'"
      " AND json_extract(p.record, '$.birth_date') = '2000-03-15'"
      " AND EXISTS (SELECT 1 FROM register_records r WHERE r.resource = 'real-estate' AND "
      "r.subject = p.subject)"
      " AND EXISTS (SELECT 1 FROM register_records s WHERE s.resource = 'social-insurance' AND "
      "s.subject = p.subject)"
      " ORDER BY p.subject LIMIT 1");
  return st.step() ? st.text(0) : "";
}

Result<std::string> load_demo_population(Platform& p, uint64_t persons,
                                         const std::filesystem::path& scratch) {
  {
    auto& c = p.readers().get();
    auto st = c.cached("SELECT COUNT(*) FROM register_batches");
    st.step();
    if (st.int64(0) > 0) return demo_citizen(c);
  }
  SUNLIGHT_RETURN_IF_ERROR(
      generate_population({persons, std::max<uint64_t>(1, persons / 5), 1}, scratch, {})
          .take_status());
  auto report = import_directory(p.sequencer(), ledger::Actor::system_actor("demo"), scratch, {});
  std::error_code ec;
  std::filesystem::remove_all(scratch, ec);
  if (!report.is_ok()) return report.take_status();

  auto& c = p.readers().get();
  std::string me = demo_citizen(c);
  auto police = officer(c, "mc-police-01");  // 明川市公安局
  auto hrss = officer(c, "mc-hrss-01");      // 明川市人力资源和社会保障局
  auto fund = officer(c, "mc-fund-01");      // 明川市住房公积金管理中心
  auto civil = officer(c, "mc-civil-01");    // 明川市民政局
  auto admin = officer(c, "admin");
  auto citizen = ledger::Actor::system_actor("citizen");
  // Sharing agreements (有条件共享) between the province's holders and 明川市's users.
  run(p, admin,
      *exchange::approve_agreement(
          {{"id", "XY-2026-001"},
           {"consumer", police.org},
           {"resource", "birth-certificate"},
           {"fields", {"id_number", "name", "birth_date", "certificate_no"}},
           {"basis", "示例：省卫生健康委员会与明川市公安局出生医学证明信息共享协议"}}),
      "agreement 1");
  run(p, admin,
      *exchange::approve_agreement(
          {{"id", "XY-2026-002"},
           {"consumer", hrss.org},
           {"resource", "social-insurance"},
           {"fields", {"id_number", "name", "pension_months", "unemployment_insured"}},
           {"basis", "示例：省人社厅社会保险信息共享协议"},
           {"valid_until", in_days(365)}}),
      "agreement 2");

  auto medins = officer(c, "mc-medins-01");  // 明川市医疗保障局
  run(p, admin,
      *exchange::approve_agreement(
          {{"id", "XY-2026-003"},
           {"consumer", medins.org},
           {"resource", "social-insurance"},
           {"fields",
            {"id_number", "name", "pension_months", "unemployment_insured", "medical_insured"}},
           {"basis", "示例：省人社厅与明川市医保局参保缴费信息共享协议"}}),
      "agreement 3");
  run(p, admin,
      *exchange::approve_agreement(
          {{"id", "XY-2026-004"},
           {"consumer", fund.org},
           {"resource", "provident-fund"},
           {"fields", {"id_number", "name", "account_balance", "monthly_deposit"}},
           {"basis", "示例：省住房和城乡建设厅住房公积金信息共享协议"}}),
      "agreement 4");

  // Accesses under a power (through the service item that needs the material).
  run(p, police,
      exchange::request_access(access(police, "population", me, {"id_number", "name", "address"},
                                      "办理出生登记，核对父母户籍", "power", "990100-000501-01")),
      "population");
  run(p, police,
      exchange::request_access(
          access(police, "birth-certificate", me, {"id_number", "name", "birth_date"},
                 "办理出生登记，核验出生医学证明", "power", "990100-000501-01")),
      "birth");
  run(p, hrss,
      exchange::request_access(access(hrss, "social-insurance", me,
                                      {"id_number", "name", "unemployment_insured"},
                                      "审核失业保险金申领条件", "power", "990100-000902-01")),
      "social insurance");
  // A refusal: 不动产登记信息 is 有条件共享 and 明川市住房公积金管理中心 has no agreement for it
  // (it then asks the citizen for consent, below).
  run(p, fund,
      exchange::request_access(access(fund, "real-estate", me, {"owner_name", "property_address"},
                                      "住房公积金提取审核，核验名下房产", "power",
                                      "990100-001201-01")),
      "real estate without agreement (refused)");
  // Consents: one granted and used, one granted and revoked (a later use is refused).
  auto c1 =
      run(p, citizen,
          *exchange::grant_consent(me, {{"recipient", fund.org},
                                        {"resource", "real-estate"},
                                        {"fields", {"id_number", "owner_name", "property_address"}},
                                        {"purpose", "住房公积金提取，核验名下房产"},
                                        {"valid_until", in_days(90)}}),
          "consent 1");
  if (c1.status.is_ok())
    run(p, fund,
        exchange::request_access(access(fund, "real-estate", me, {"owner_name", "property_address"},
                                        "住房公积金提取审核", "consent", c1.result.at("id"))),
        "consent use");
  auto c2 = run(p, citizen,
                *exchange::grant_consent(me, {{"recipient", civil.org},
                                              {"resource", "tax"},
                                              {"fields", {"id_number", "name", "annual_income"}},
                                              {"purpose", "申请临时救助，核对收入"},
                                              {"valid_until", in_days(30)}}),
                "consent 2");
  if (c2.status.is_ok()) {
    std::string id = c2.result.at("id");
    run(p, citizen, exchange::revoke_consent(me, id), "consent revoke");
    run(p, civil,
        exchange::request_access(
            access(civil, "tax", me, {"annual_income"}, "临时救助收入核对", "consent", id)),
        "revoked consent (refused)");
  }
  // A deferred access: an investigation may hide an access from its subject until a date,
  // only under a named legal basis; auditors see it at once.
  auto deferred = access(police, "population", me, {"id_number", "name", "phone"}, "治安案件调查",
                         "power", "990100-000503-01");
  deferred.fields = {"id_number", "name", "address"};
  deferred.defer_until = in_days(180);
  deferred.defer_basis = json{{"law", "xzcff"}, {"article", 54}};
  run(p, police, exchange::request_access(deferred), "deferred");
  load_demo_cases(p, me);
  p.sequencer().publish_now();
  return me;
}

}  // namespace sunlight::app
