// The demo's cases: a working government, not an empty one. Cases in every state for the
// demo citizen (submitted, in review, returned for supplement, a life event across three
// departments, approved and rated), an overdue case, and two months of handled cases by
// other residents with ratings good and bad, rectifications and visits, so the performance
// pages have real numbers behind them. Past cases are recorded with their original dates
// (the migration path, `on`), never in the future.
#include <spdlog/spdlog.h>

#include <set>

#include "app/demo.h"
#include "cases/cases.h"
#include "catalog/network.h"
#include "core/crypto.h"
#include "core/time.h"
#include "credentials/credentials.h"

namespace sunlight::app {
namespace {

using nlohmann::json;

class DemoCases {
 public:
  explicit DemoCases(Platform& p)
      : p_(p), config_(p.cases_config()), today_(timeutil::local_day(timeutil::now_millis())) {}

  std::string day(int days_ago) const { return timeutil::format_date(today_ - days_ago); }

  // Applies for `item` (or a life event) as `citizen` on a past day, uploading every
  // material the applicant brings; shared materials are fetched with the case as basis.
  // When a shared material cannot be fetched (no agreement, no record), the applicant
  // uploads it instead, as a real applicant would be told to.
  std::string apply(const std::string& citizen, const std::string& code, bool life_event,
                    std::optional<std::string> on, bool upload_all = false) {
    json materials = json::array();
    auto& c = p_.readers().get();
    std::vector<std::string> items;
    if (life_event) {
      if (auto le = catalog::find_record(c, catalog::Kind::kLifeEvent, code))
        for (const auto& i : le->doc.at("items")) items.push_back(i);
    } else {
      items.push_back(code);
    }
    std::set<std::string> names;
    for (const auto& code_i : items) {
      auto item = catalog::find_record(c, catalog::Kind::kItem, code_i);
      if (!item) continue;
      for (const auto& m : item->doc.at("materials")) {
        std::string name = m.at("name");
        bool upload = upload_all || m.at("source").at("kind") != "data_resource";
        if (upload && names.insert(name).second)
          materials.push_back({{"name", name}, {"upload", store_file(citizen, name)}});
      }
    }
    // The form: a contact number and every condition confirmed, as the applicant would.
    auto form = cases::form_of(c, code);
    if (!form.is_ok()) return warn("form " + code, form.status()), "";
    size_t conditions = 0;
    for (const auto& f : form->at("fields"))
      if (f.at("name") == "declarations") conditions = f.at("items").size();
    json body = {{"materials", materials},
                 {"channel", (citizen.back() % 3) == 0 ? "window" : "online"},
                 {"form",
                  {{"phone", "139" + citizen.substr(citizen.size() - 9, 8)},
                   {"declarations", std::vector<bool>(conditions, true)}}}};
    body[life_event ? "life_event" : "item"] = code;
    auto cmd = cases::apply(cases::Applicant{citizen, on}, body, config_);
    if (!cmd.is_ok()) return warn("apply " + code, cmd.status()), "";
    auto o = p_.sequencer().execute(citizen_actor(), std::move(cmd).value());
    if (!o.status.is_ok() && o.status.code() == Code::kInvalidArgument && !upload_all)
      return apply(citizen, code, life_event, on, true);
    if (!o.status.is_ok()) return warn("apply " + code, o.status), "";
    std::string no = o.result.at("no");
    if (o.result.at("status") == "draft")  // the applicant has seen the fetched materials
      execute(citizen_actor(), cases::confirm(cases::Applicant{citizen, std::nullopt}, no, config_),
              "confirm");
    return no;
  }

  // An officer of the handling organisation acts on a case on a given day.
  bool act(const std::string& no, const std::string& action, std::optional<std::string> on,
           json extra = json::object()) {
    auto k = find(no);
    if (!k) return false;
    auto officer = officer_of(k->org);
    extra["action"] = action;
    auto cmd = cases::act(cases::Officer{officer.officer, officer.org, on}, no, extra, config_);
    if (!cmd.is_ok()) return warn(action + " " + no, cmd.status()), false;
    return execute(officer, std::move(cmd).value(), action.c_str());
  }

  // Accepts on `accepted`, walks the stages and decides on `decided` (delivering the same day).
  void handle_to_end(const std::string& no, const std::string& accepted, const std::string& decided,
                     bool approve = true) {
    if (!act(no, "accept", accepted)) return;
    for (int guard = 0; guard < 8; ++guard) {
      auto k = find(no);
      if (!k || k->status != "in_progress") break;
      // The decision stage is the last before the delivery stages.
      size_t decision = k->stages.size() - 1;
      while (decision > 0 && (k->stages[decision] == "送达" || k->stages[decision] == "给付"))
        --decision;
      if (k->stage != k->stages[decision]) {
        if (!act(no, "advance", decided)) return;
        continue;
      }
      act(no, approve ? "approve" : "reject", decided,
          approve ? json::object() : json{{"comment", "申请材料不符合法定条件"}});
      break;
    }
    if (auto k = find(no); k && k->status == "decided") act(no, "deliver", decided);
  }

  void rate(const std::string& citizen, const std::string& no, int level, const std::string& on,
            std::vector<std::string> indicators,
            std::optional<std::string> comment = std::nullopt) {
    json body = {{"level", level}, {"indicators", indicators}};
    if (comment) body["comment"] = *comment;
    auto cmd = cases::rate(cases::Applicant{citizen, on}, no, body, config_);
    if (cmd.is_ok()) execute(citizen_actor(), std::move(cmd).value(), "rate");
  }

  void rectify(const std::string& no, const std::string& step, const std::string& on,
               const std::string& note) {
    auto k = find(no);
    if (!k) return;
    auto officer = officer_of(k->org);
    auto cmd = cases::rectify(cases::Officer{officer.officer, officer.org, on}, no, step,
                              {{"note", note}});
    if (cmd.is_ok()) execute(officer, std::move(cmd).value(), "rectify");
  }

  void visit(const std::string& no, const std::string& on) {
    auto k = find(no);
    if (!k) return;
    auto officer = officer_of(k->org);
    auto cmd = cases::record_visit(cases::Officer{officer.officer, officer.org, on}, no,
                                   {{"purpose", "窗口核验原件"}});
    if (cmd.is_ok()) execute(officer, std::move(cmd).value(), "visit");
  }

  std::optional<cases::Case> find(const std::string& no) {
    return cases::find_case(p_.readers().get(), no);
  }

 private:
  static ledger::Actor citizen_actor() { return ledger::Actor::system_actor("citizen"); }

  ledger::Actor officer_of(const std::string& org) {
    auto& c = p_.readers().get();
    auto st = c.cached("SELECT id FROM officers WHERE org = ? AND active = 1 ORDER BY id LIMIT 1");
    st.bind(1, org);
    return ledger::Actor::officer_actor(st.step() ? st.text(0) : "", org);
  }

  std::string store_file(const std::string& citizen, const std::string& name) {
    std::string bytes = "%PDF-1.4\n% Sunlight demo material: " + name + "\n%%EOF\n";
    auto cmd = cases::store_upload(citizen, "application/pdf", bytes);
    if (cmd.is_ok()) execute(citizen_actor(), std::move(cmd).value(), "upload");
    return crypto::hex(crypto::sha256(bytes));
  }

  bool execute(const ledger::Actor& actor, ledger::Decide d, const char* what) {
    auto o = p_.sequencer().execute(actor, std::move(d));
    if (!o.status.is_ok()) warn(what, o.status);
    return o.status.is_ok();
  }

  static void warn(const std::string& what, const Status& s) {
    spdlog::warn("demo case step '{}' was refused: {}", what, s.message_en());
  }

  Platform& p_;
  cases::ConfigPtr config_;
  int64_t today_;
};

}  // namespace

void load_demo_cases(Platform& p, const std::string& me) {
  DemoCases d(p);
  // Residents other than the demo citizen, in a fixed order.
  std::vector<std::string> people;
  {
    auto& c = p.readers().get();
    auto st = c.cached(
        "SELECT subject FROM register_records WHERE resource = 'population' AND subject != ?"
        " ORDER BY subject LIMIT 60");
    st.bind(1, me);
    while (st.step()) people.push_back(st.text(0));
  }
  if (people.size() < 40) return;

  // The demo citizen's own cases, one in each state.
  d.apply(me, "990100-001101-01", false, std::nullopt);  // 社会保障卡申领: submitted today
  auto review = d.apply(me, "990100-000502-01", false, d.day(3));  // 居民身份证换领: in review
  d.act(review, "accept", d.day(3));
  auto returned =
      d.apply(me, "990100-001401-01", false, d.day(6));  // 残疾人证办理: returned for supplement
  d.act(returned, "accept", d.day(6));
  d.act(returned, "return", d.day(2),
        {{"materials", {"残疾评定表"}}, {"comment", "残疾评定表缺少评定机构盖章，请补交"}});
  // 退休一件事 across 人社、公积金、医保: the fund's 有条件共享 real-estate record needs an
  // agreement it does not have, so the contract is uploaded; the others are fetched.
  auto retire = d.apply(me, "990100-LE-04", true, d.day(8));
  if (!retire.empty()) {
    d.handle_to_end(retire + "-2", d.day(8), d.day(5));  // 住房公积金提取: done
    d.act(retire + "-1", "accept", d.day(7));            // 退休及养老金领取: in review
  }
  auto insured =
      d.apply(me, "990100-001001-01", false, d.day(30));  // 医保参保登记: approved, rated
  d.handle_to_end(insured, d.day(30), d.day(30));
  d.rate(me, insured, 5, d.day(29), {"timeliness", "online"}, "网上办理，当天办结");

  // A driving licence reissued (机动车驾驶证补领): approved, with its e-licence.
  auto licence = d.apply(me, "990100-000603-01", false, d.day(15));
  d.handle_to_end(licence, d.day(15), d.day(14));
  d.rate(me, licence, 4, d.day(13), {"process", "online"});

  // Overdue: a residence permit accepted six weeks ago and still in review.
  auto late = d.apply(people[0], "990100-000503-01", false, d.day(42));
  d.act(late, "accept", d.day(42));
  auto late2 =
      d.apply(people[1], "990100-001501-01", false, d.day(50));  // 最低生活保障: overdue in review
  d.act(late2, "accept", d.day(49));

  // Two months of handled cases across departments, with visits and ratings.
  const std::vector<std::string> items = {
      "990100-001101-01", "990100-000502-01", "990100-001001-01", "990100-000901-01",
      "990100-000704-01", "990100-000902-01", "990100-000603-01", "990100-000801-01",
      "990100-001602-01", "990100-002402-01", "990100-000503-01", "990100-003101-01"};
  for (size_t i = 2; i < people.size(); ++i) {
    const std::string& who = people[i];
    const std::string& item = items[i % items.size()];
    int applied = 58 - static_cast<int>(i % 50);
    auto no = d.apply(who, item, false, d.day(applied));
    if (no.empty()) continue;
    if (i % 11 == 5) {  // still waiting to be accepted
      continue;
    }
    auto k = d.find(no);
    int span = k ? std::max(1, k->promised_days) : 3;
    // Most within the promise, some beyond it, a few beyond the statutory limit.
    int took = i % 9 == 0 ? span * 2 + 3 : (i % 4 == 0 ? span + 1 : span / 2);
    took = std::min(took, applied - 1);
    d.handle_to_end(no, d.day(applied), d.day(applied - took), i % 13 != 7);
    if (k && k->promised_visits > 0 && i % 3 == 0) d.visit(no, d.day(applied));
    if (i % 5 == 4) continue;  // not everyone rates
    int level = i % 9 == 0 ? 1 : (i % 7 == 3 ? 2 : (i % 4 == 0 ? 4 : (i % 6 == 1 ? 3 : 5)));
    int rated = std::max(0, applied - took - 1);
    d.rate(who, no, level, d.day(rated),
           level <= 2 ? std::vector<std::string>{"timeliness", "attitude"}
                      : std::vector<std::string>{"process", "online"},
           level <= 2 ? std::optional<std::string>("办理太慢，多次询问无人答复") : std::nullopt);
    if (level <= 2 && rated >= 1) {
      d.rectify(no, "contact", d.day(rated - 1), "已电话联系申请人，说明延误原因并致歉");
      if (rated >= 5 && i % 2 == 0) {
        d.rectify(no, "fix", d.day(rated - 4), "调整窗口人员排班，增设线上进度提醒");
        d.rate(who, no, 4, d.day(rated - 5), {"attitude"}, "整改后态度明显改善");
      }
    }
  }
  // Two other residents' licences: one revoked, one suspended (the status lists are not empty).
  std::vector<std::pair<std::string, std::string>> issued;
  {
    auto& c = p.readers().get();
    auto st = c.cached("SELECT id, org FROM credentials WHERE holder != ? ORDER BY idx LIMIT 2");
    st.bind(1, me);
    while (st.step()) issued.emplace_back(st.text(0), st.text(1));
  }
  for (size_t i = 0; i < issued.size(); ++i) {
    auto cmd = credentials::change_status(
        issued[i].second, issued[i].first, i == 0 ? "revoke" : "suspend",
        {{"reason", i == 0 ? "持证人申请注销（示例）" : "信息核查期间暂停使用（示例）"}});
    if (cmd.is_ok())
      p.sequencer().execute(ledger::Actor::system_actor("demo"), std::move(cmd).value());
  }
}

}  // namespace sunlight::app
