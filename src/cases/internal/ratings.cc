// 好差评: ratings after a case, rectification of bad ones, one follow-up rating, appeals.
#include "cases/internal/common.h"
#include "cases/internal/events.h"
#include "core/fields.h"
#include "core/time.h"

namespace sunlight::cases {

using namespace internal;
using ledger::Decision;
using ledger::Event;

namespace {

struct Rectification {
  std::string org, status, contact_due, fix_due, contacted_on, fixed_on, appealed_on;
};

std::optional<Rectification> find_rectification(store::Connection& c, const std::string& no) {
  auto st = c.cached(
      "SELECT org, status, contact_due, fix_due, COALESCE(contacted_on, ''), COALESCE(fixed_on, "
      "''),"
      " COALESCE(appealed_on, '') FROM rectifications WHERE case_no = ?");
  st.bind(1, no);
  if (!st.step()) return std::nullopt;
  return Rectification{st.text(0), st.text(1), st.text(2), st.text(3),
                       st.text(4), st.text(5), st.text(6)};
}

int rounds_rated(store::Connection& c, const std::string& no) {
  auto st = c.cached("SELECT COUNT(*) FROM ratings WHERE case_no = ?");
  st.bind(1, no);
  st.step();
  return static_cast<int>(st.int64(0));
}

}  // namespace

Result<ledger::Decide> rate(const Applicant& who, const std::string& no, const json& body,
                            ConfigPtr config) {
  FieldReader r(body);
  auto level = r.optional_int("level", 1, 5);
  if (!level && r.ok())
    r.error("level", "必填（1 非常不满意 … 5 非常满意）",
            "is required (1 very dissatisfied … 5 very satisfied)");
  auto indicators = r.string_list("indicators", kIndicators.size(), 20);
  for (size_t i = 0; i < indicators.size(); ++i)
    if (std::find(kIndicators.begin(), kIndicators.end(), indicators[i]) == kIndicators.end())
      r.error("indicators/" + std::to_string(i), "不是评价指标", "is not a rating indicator");
  auto text = r.optional_string("comment", 1000);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return ledger::Decide([who, no, level = *level, indicators, text,
                         config](store::Connection& c) -> Result<Decision> {
    auto k = find_case(c, no);
    if (!k || k->agent != who.citizen) return Status::not_found("办件不存在", "no such case");
    // Only what reached the department and was decided (a refusal to accept included) is
    // rated: a withdrawn draft never did, and a rating opens a public rectification.
    if ((k->status != "closed" && k->status != "decided") || k->decided_on.empty())
      return wrong_state(*k, "作出决定后才能评价（撤回的申请不评价）",
                         "a case can be rated once it is decided (not a withdrawn one)");
    SUNLIGHT_ASSIGN_OR_RETURN(auto on, acting_date(who.on, "/on"));
    int round = rounds_rated(c, no) + 1;
    auto rect = find_rectification(c, no);
    if (round == 2 && (!rect || rect->status != "fixed"))
      return Status(Code::kFailedPrecondition, "已评价；整改完成后可追评一次",
                    "already rated; one follow-up rating after the rectification");
    if (round > 2)
      return Status(Code::kAlreadyExists, "已评价并追评", "already rated and followed up");
    CaseRated rated{no, on, k->org, k->item, round, level, indicators, text};
    std::vector<Event> events{ledger::to_event(rated)};
    json result = events.front().data_json();
    if (level <= 2 && round == 1) {
      int64_t day = *timeutil::parse_date(on);
      RectificationOpened opened{
          no, on, k->org,
          timeutil::format_date(
              config->calendar.add_working_days(day, config->rectify_contact_days)),
          timeutil::format_date(config->calendar.add_working_days(day, config->rectify_fix_days))};
      events.push_back(ledger::to_event(opened));
      result["rectification"] = events.back().data_json();
    }
    return Decision{events, result, {}};
  });
}

Result<ledger::Decide> rectify(const Officer& who, const std::string& no, const std::string& step,
                               const json& body) {
  FieldReader r(body);
  std::string note = r.required_string("note", 2000);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  if (step != "contact" && step != "fix")
    return Status::not_found("没有这个整改步骤", "no such rectification step");
  return ledger::Decide([who, no, step, note](store::Connection& c) -> Result<Decision> {
    auto rect = find_rectification(c, no);
    if (!rect) return Status::not_found("该办件没有整改", "the case has no rectification");
    if (rect->org != who.org)
      return refused("只有被评价的机构负责整改", "only the rated organisation rectifies");
    if (step == "contact" && rect->status != "open")
      return Status(Code::kFailedPrecondition, "已联系过申请人",
                    "the applicant has already been contacted");
    if (step == "fix" && rect->status != "contacted")
      return Status(Code::kFailedPrecondition, "须先联系申请人", "contact the applicant first");
    SUNLIGHT_ASSIGN_OR_RETURN(auto on, acting_date(who.on, "/on"));
    std::string due = step == "contact" ? rect->contact_due : rect->fix_due;
    auto event =
        ledger::to_event(RectificationStep{no, on, on > due, note},
                         step == "contact" ? "rectification.contacted" : "rectification.fixed");
    json data = event.data_json();
    return Decision{{std::move(event)}, data, {}};
  });
}

Result<ledger::Decide> appeal(const Applicant& who, const std::string& no, const json& body) {
  FieldReader r(body);
  std::string reason = r.required_string("reason", 2000);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return ledger::Decide([who, no, reason](store::Connection& c) -> Result<Decision> {
    auto k = find_case(c, no);
    if (!k || k->agent != who.citizen) return Status::not_found("办件不存在", "no such case");
    auto rect = find_rectification(c, no);
    if (!rect || rect->status != "fixed")
      return Status(Code::kFailedPrecondition, "整改完成后方可申诉",
                    "an appeal follows a completed rectification");
    // The follow-up rating comes first: once appealed, it could no longer be given.
    if (rounds_rated(c, no) < 2)
      return Status(Code::kFailedPrecondition, "请先对整改结果追评，再申诉",
                    "give the follow-up rating on the rectification before appealing");
    SUNLIGHT_ASSIGN_OR_RETURN(auto on, acting_date(who.on, "/on"));
    auto event = ledger::to_event(RectificationAppealed{no, on, reason});
    json data = event.data_json();
    return Decision{{std::move(event)}, data, {}};
  });
}

Result<ledger::Decide> decide_appeal(const Officer& who, const std::string& no, const json& body) {
  FieldReader r(body);
  auto upheld = r.optional_bool("upheld");
  if (!upheld && r.ok()) r.error("upheld", "必填", "is required");
  std::string finding = r.required_string("finding", 2000);
  SUNLIGHT_RETURN_IF_ERROR(r.finish());
  return ledger::Decide(
      [who, no, upheld = *upheld, finding](store::Connection& c) -> Result<Decision> {
        auto rect = find_rectification(c, no);
        if (!rect || rect->status != "appealed")
          return Status(Code::kFailedPrecondition, "没有待处理的申诉", "no appeal is pending");
        if (rect->org == who.org)
          return refused("被申诉的机构不能处理对自己的申诉",
                         "an organisation does not judge appeals against itself");
        SUNLIGHT_ASSIGN_OR_RETURN(auto on, acting_date(who.on, "/on"));
        auto event = ledger::to_event(RectificationAppealDecided{no, on, upheld, finding});
        json data = event.data_json();
        return Decision{{std::move(event)}, data, {}};
      });
}

namespace internal {

void register_ratings(ledger::Registry& registry) {
  using ledger::on;
  using Tx = store::Connection;
  using A = ledger::Applied;
  on<CaseRated>(registry, [](Tx& tx, const CaseRated& ev, const A& e) {
    tx.cached(
          "INSERT INTO ratings (case_no, round, level, indicators, comment, on_date, org, item, "
          "idx)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(ev.no, ev.round, ev.level, json(ev.indicators).dump(), ev.note, ev.on, ev.org,
                  ev.item, e.index)
        .run();
    record_step(tx, e, ev, "");
  });
  on<RectificationOpened>(registry, [](Tx& tx, const RectificationOpened& ev, const A& e) {
    tx.cached(
          "INSERT INTO rectifications (case_no, org, opened_on, contact_due, fix_due, status, idx)"
          " VALUES (?, ?, ?, ?, ?, 'open', ?)")
        .bind_all(ev.no, ev.org, ev.on, ev.contact_due, ev.fix_due, e.index)
        .run();
    record_step(tx, e, ev, "");
  });
  auto step = [](const char* set_sql) {
    return [set_sql](Tx& tx, const auto& ev, const A& e) {
      tx.cached(std::string("UPDATE rectifications SET ") + set_sql + " WHERE case_no = ?2")
          .bind_all(ev.on, ev.no)
          .run();
      record_step(tx, e, ev, "");
    };
  };
  on<RectificationStep>(registry, step("status = 'contacted', contacted_on = ?1"),
                        "rectification.contacted", "the organisation contacted the applicant");
  on<RectificationStep>(registry, step("status = 'fixed', fixed_on = ?1"), "rectification.fixed",
                        "the organisation reported the fix");
  on<RectificationAppealed>(registry, step("status = 'appealed', appealed_on = ?1"));
  on<RectificationAppealDecided>(
      registry, [](Tx& tx, const RectificationAppealDecided& ev, const A& e) {
        tx.cached(
              "UPDATE rectifications SET status = 'appeal_decided', appeal_upheld = ?, decided_on "
              "= ? WHERE case_no = ?")
            .bind_all(ev.upheld ? 1 : 0, ev.on, ev.no)
            .run();
        record_step(tx, e, ev, "");
      });
}

}  // namespace internal
}  // namespace sunlight::cases
