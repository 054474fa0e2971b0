// Handling: each step by an officer the power list allows, the working-day clock with its
// pauses, visits, comments, and the completion of a life event when all its cases close.
#include <set>

#include "cases/internal/common.h"
#include "cases/internal/events.h"
#include "catalog/directory.h"
#include "catalog/policy.h"
#include "core/fields.h"
#include "core/time.h"

namespace sunlight::cases {

using namespace internal;
using ledger::Decision;
using ledger::Event;

namespace {

// The stages after the decision are delivery stages (送达, 给付).
size_t decision_index(const std::vector<std::string>& stages) {
  size_t i = stages.size();
  while (i > 0 && (stages[i - 1] == "送达" || stages[i - 1] == "给付")) --i;
  return i == 0 ? 0 : i - 1;
}

// Loads the case and checks that the officer's organisation may act at its current stage.
Result<Case> case_for_officer(store::Connection& c, const Officer& who, const std::string& no) {
  auto k = find_case(c, no);
  if (!k) return Status::not_found("办件不存在", "no such case");
  if (k->item.empty())
    return Status(Code::kFailedPrecondition, "一件事的总办件由各部门的分办件办理",
                  "a life event is handled through its departments' cases");
  SUNLIGHT_ASSIGN_OR_RETURN(auto decision, catalog::authorize(c, who.org, k->stage, k->item));
  // Another department's case is "not found", as it is to read: whether a number exists is not
  // told to those it does not concern (case numbers must not be enumerable).
  if (!decision.allowed && k->org != who.org)
    return Status::not_found("办件不存在", "no such case");
  if (!decision.allowed) return refused(decision.reason_zh, decision.reason_en);
  return *k;
}

Result<std::string> step_date(const Officer& who, const Case& k) {
  auto on = acting_date(who.on, "/on");
  if (!on.is_ok()) return on;
  for (const auto* earlier : {&k.applied_on, &k.submitted_on, &k.accepted_on, &k.paused_since})
    if (!earlier->empty() && *on < *earlier)
      return Status::invalid_field("/on", "日期早于办件上一步",
                                   "is earlier than the case's previous step");
  return on;
}

// When `closing` closes the last open case of a life event, the event that completes it.
std::optional<Event> completion(store::Connection& c, const Case& closing,
                                const std::string& outcome, const std::string& on) {
  if (closing.parent.empty()) return std::nullopt;
  auto st = c.cached("SELECT no, status, COALESCE(outcome, '') FROM cases WHERE parent = ?");
  st.bind(1, closing.parent);
  std::set<std::string> outcomes{outcome};
  while (st.step()) {
    if (st.text(0) == closing.no) continue;
    if (st.text(1) != "closed") return std::nullopt;
    outcomes.insert(st.text(2));
  }
  std::string overall = outcomes.size() == 1
                            ? *outcomes.begin()
                            : (outcomes.count("approved") ? "partly_approved" : "rejected");
  return ledger::to_event(CaseCompleted{closing.parent, on, overall});
}

// Approving a licence-producing item (its output is a licence) issues the e-licence.
std::optional<Event> licence_for(store::Connection& c, const Case& k, const std::string& on,
                                 const Config& config) {
  auto item = catalog::find_record(c, catalog::Kind::kItem, k.item);
  if (!item || !config.issuer || !k.applicant) return std::nullopt;
  const auto& output = item->item().output;
  if (!output || !output->licence) return std::nullopt;
  credentials::Licence l;
  l.case_no = k.no;
  l.item = k.item;
  l.item_name = item->item().name;
  l.licence_name = output->name.empty() ? l.item_name : output->name;
  l.org = k.org;
  auto org = catalog::find_organisation(c, k.org);
  l.org_name = org ? org->name : "";
  l.holder = *k.applicant;
  bool business = k.applicant_kind == "business";
  if (auto record =
          exchange::find_register_record(c, business ? "business-licence" : "population", l.holder))
    l.holder_name = record->value("name", "");
  l.on = on;
  return credentials::issue(c, *config.issuer, l);
}

struct Action {
  std::string action;
  std::optional<std::string> comment, step;
  std::vector<std::string> materials;
};

// A material the application takes from a licence another case issues — an earlier part of
// the same life event (开办餐馆: 营业执照 from 个体工商户登记) — is in hand only once that case is
// approved: until then the case cannot be accepted, since 受理 starts its clock on a complete
// application.
Status licences_in_hand(store::Connection& c, const std::string& no) {
  auto st = c.cached(
      "SELECT m.name, m.licence_case, COALESCE(k.outcome, ''), COALESCE(k.item, '')"
      " FROM case_materials m LEFT JOIN cases k ON k.no = m.licence_case"
      " WHERE m.case_no = ? AND m.via = 'licence' AND m.licence_case IS NOT NULL");
  st.bind(1, no);
  while (st.step()) {
    if (st.text(2) == "approved") continue;
    std::string material = st.text(0), from = st.text(1), item = st.text(3);
    if (auto rec = catalog::find_record_shared(c, catalog::Kind::kItem, item))
      item = rec->item().name;
    return Status(Code::kFailedPrecondition,
                  "材料「" + material + "」由办件 " + from + "（" + item +
                      "）签发的证照提供，该办件尚未准予，暂不能受理",
                  "the material '" + material + "' comes from the licence of case " + from + " (" +
                      item +
                      "), which is not approved yet; the case cannot be accepted until it is");
  }
  return Status::ok();
}

}  // namespace

Result<ledger::Decide> act(const Officer& who, const std::string& no, const json& body,
                           ConfigPtr config) {
  FieldReader r(body);
  Action a;
  a.action = r.required_enum("action", kActions);
  a.comment = r.optional_string("comment", 2000);
  a.materials = r.string_list("materials", 50, 100);
  a.step = r.optional_string("step", 40);
  if (a.action == "return" && a.materials.empty() && r.ok())
    r.error("materials", "退回补正须一次性列明所需材料",
            "a return for supplement must list every material needed");
  if ((a.action == "return" || a.action == "not_accept" || a.action == "reject") && !a.comment &&
      r.ok())
    r.error("comment", "须说明理由", "the reason must be given");
  if (a.action == "special_start" && !a.step && r.ok())
    r.error("step", "须指明特殊环节", "name the special step");
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return ledger::Decide([who, no, a, config](store::Connection& c) -> Result<Decision> {
    SUNLIGHT_ASSIGN_OR_RETURN(const Case k, case_for_officer(c, who, no));
    SUNLIGHT_ASSIGN_OR_RETURN(const std::string on, step_date(who, k));
    const size_t at = stage_index(k.stages, k.stage), decision = decision_index(k.stages);
    const std::optional<std::string>& note = a.comment;
    std::vector<Event> events;

    if (a.action == "accept") {
      if (k.status != "submitted" || at != 0)
        return wrong_state(k, "只有已提交的办件可以受理", "only a submitted case can be accepted");
      SUNLIGHT_RETURN_IF_ERROR(licences_in_hand(c, no));
      CaseAccepted ev;
      ev.no = no;
      ev.on = on;
      ev.stage = k.stages.at(1);
      ev.statutory_due = due_date(*config, on, k.statutory_days, 0, ev.provisional);
      ev.promised_due = due_date(*config, on, k.promised_days, 0, ev.provisional);
      ev.note = note;
      events.push_back(ledger::to_event(ev));
    } else if (a.action == "not_accept") {
      if (k.status != "submitted" || at != 0)
        return wrong_state(k, "只有已提交的办件可以不予受理",
                           "only a submitted case can be refused");
      events.push_back(ledger::to_event(CaseNotAccepted{{no, on, note}}));
      if (auto done = completion(c, k, "not_accepted", on)) events.push_back(*done);
    } else if (a.action == "return") {
      if ((k.status != "submitted" && k.status != "in_progress") || at >= decision)
        return wrong_state(k, "只有受理或审查中的办件可以退回补正",
                           "only a case before its decision can be returned");
      CaseReturned ev{no, on, {}, note};
      for (size_t i = 0; i < a.materials.size(); ++i) {
        auto st = c.cached("SELECT seq FROM case_materials WHERE case_no = ? AND name = ?");
        st.bind_all(no, a.materials[i]);
        if (!st.step())
          return Status::invalid_field("/materials/" + std::to_string(i), "不是该办件的材料",
                                       "is not a material of the case");
        ev.materials.push_back(st.int64(0));
      }
      events.push_back(ledger::to_event(ev));
    } else if (a.action == "advance") {
      if (k.status != "in_progress" || at == 0 || at >= decision)
        return wrong_state(k, "当前环节不能直接进入下一环节",
                           "the current stage does not simply advance");
      events.push_back(ledger::to_event(CaseAdvanced{no, on, k.stage, k.stages.at(at + 1), note}));
    } else if (a.action == "special_start") {
      if (k.status != "in_progress" || at >= decision + 1)
        return wrong_state(k, "只有办理中的办件可以进入特殊环节",
                           "only a case in progress can enter a special step");
      auto item = catalog::find_record(c, catalog::Kind::kItem, k.item);
      std::optional<catalog::SpecialStep> step;
      for (const auto& s : item->item().special_steps)
        if (s.name == *a.step) step = s;
      if (!step)
        return Status::invalid_field("/step", "该事项没有这个特殊环节",
                                     "the item has no such special step");
      events.push_back(ledger::to_event(
          CaseSpecialStarted{no, on, *a.step, step->counts_toward_limit, step->max_days, note}));
    } else if (a.action == "special_end") {
      if (k.status != "special")
        return wrong_state(k, "办件不在特殊环节中", "the case is not in a special step");
      CaseSpecialEnded ev;
      ev.no = no;
      ev.on = on;
      ev.paused_days = k.paused_days;
      if (!k.paused_since.empty())
        ev.paused_days += config->calendar.working_days_between(
            *timeutil::parse_date(k.paused_since), *timeutil::parse_date(on));
      ev.step = k.pause_kind.empty() ? "" : k.pause_kind.substr(k.pause_kind.find(':') + 1);
      int paused = static_cast<int>(ev.paused_days);
      ev.statutory_due = due_date(*config, k.accepted_on, k.statutory_days, paused, ev.provisional);
      ev.promised_due = due_date(*config, k.accepted_on, k.promised_days, paused, ev.provisional);
      ev.note = note;
      events.push_back(ledger::to_event(ev));
    } else if (a.action == "approve" || a.action == "reject") {
      if (k.status != "in_progress" || at != decision)
        return wrong_state(k, "只有处于决定环节的办件可以作出决定",
                           "only a case at its decision stage can be decided");
      CaseDecided ev;
      ev.no = no;
      ev.on = on;
      ev.outcome = a.action == "approve" ? "approved" : "rejected";
      ev.closed = ev.outcome == "rejected" || at + 1 >= k.stages.size();
      if (!ev.closed) ev.next_stage = k.stages.at(at + 1);
      ev.late_statutory = !k.statutory_due.empty() && on > k.statutory_due;
      ev.late_promised = !k.promised_due.empty() && on > k.promised_due;
      ev.note = note;
      events.push_back(ledger::to_event(ev));
      if (ev.outcome == "approved")
        if (auto licence = licence_for(c, k, on, *config)) events.push_back(*licence);
      if (ev.closed)
        if (auto done = completion(c, k, ev.outcome, on)) events.push_back(*done);
    } else if (a.action == "deliver") {
      if (k.status != "decided" || at <= decision)
        return wrong_state(k, "只有已作出决定的办件可以送达",
                           "only a decided case can be delivered");
      events.push_back(ledger::to_event(CaseDelivered{no, on, k.stage, note}));
      if (auto done = completion(c, k, k.outcome, on)) events.push_back(*done);
    }
    // The answer repeats what the step decided (the case's first event).
    json data = events.front().data_json();
    json result = {{"no", no}, {"action", a.action}};
    for (const auto& key : {"stage", "to", "statutory_due", "promised_due", "outcome", "closed"})
      if (data.contains(key)) result[key] = data[key];
    return Decision{events, result, {}};
  });
}

ledger::Decide claim(Officer who, std::string no) {
  return [who, no](store::Connection& c) -> Result<Decision> {
    SUNLIGHT_ASSIGN_OR_RETURN(auto k, case_for_officer(c, who, no));
    if (k.status == "closed")
      return wrong_state(k, "已办结的办件不能认领", "a closed case cannot be claimed");
    if (k.status == "draft")
      return wrong_state(k, "申请人尚未提交，不能认领", "the applicant has not submitted it yet");
    if (k.assignee == who.id)
      return Status(Code::kFailedPrecondition, "您已认领该办件",
                    "you have already claimed this case");
    auto event = ledger::to_event(CaseClaimed{no, who.id});
    json data = event.data_json();
    return Decision{{std::move(event)}, data, {}};
  };
}

Result<ledger::Decide> record_visit(const Officer& who, const std::string& no, const json& body) {
  FieldReader r(body);
  auto purpose = r.optional_string("purpose", 200);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return ledger::Decide([who, no, purpose](store::Connection& c) -> Result<Decision> {
    auto k = find_case(c, no);
    if (!k) return Status::not_found("办件不存在", "no such case");
    if (k->org != who.org) return Status::not_found("办件不存在", "no such case");
    // A visit is to a case the department has and has not closed.
    if (k->status == "draft" || k->status == "closed")
      return wrong_state(*k, "只有已提交且未办结的办件可以登记到现场",
                         "visits are recorded only on a submitted, open case");
    SUNLIGHT_ASSIGN_OR_RETURN(auto on, acting_date(who.on, "/on"));
    json result = {{"no", no}, {"visits", k->visits + 1}, {"promised_visits", k->promised_visits}};
    return Decision{{ledger::to_event(CaseVisited{{no, on, purpose}})}, result, {}};
  });
}

Result<ledger::Decide> comment(const Officer& who, const std::string& no, const json& body) {
  FieldReader r(body);
  std::string text = r.required_string("text", 2000);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return ledger::Decide([who, no, text](store::Connection& c) -> Result<Decision> {
    auto k = find_case(c, no);
    if (!k) return Status::not_found("办件不存在", "no such case");
    if (k->org != who.org) return Status::not_found("办件不存在", "no such case");
    if (k->status == "draft")
      return wrong_state(*k, "申请人尚未提交，不能留言", "the applicant has not submitted it yet");
    auto event = ledger::to_event(CaseCommented{{no, timeutil::today(), text}});
    json data = event.data_json();
    return Decision{{std::move(event)}, data, {}};
  });
}

}  // namespace sunlight::cases
