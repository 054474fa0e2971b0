// 好差评: ratings after a case, rectification of bad ones, one follow-up rating, appeals.
#include "cases/internal/common.h"
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
    if (k->status != "closed" && k->status != "decided")
      return wrong_state(*k, "办结后才能评价", "a case can be rated once it is decided");
    SUNLIGHT_ASSIGN_OR_RETURN(auto on, acting_date(who.on, "/on"));
    int round = rounds_rated(c, no) + 1;
    auto rect = find_rectification(c, no);
    if (round == 2 && (!rect || rect->status != "fixed"))
      return Status(Code::kFailedPrecondition, "已评价；整改完成后可追评一次",
                    "already rated; one follow-up rating after the rectification");
    if (round > 2)
      return Status(Code::kAlreadyExists, "已评价并追评", "already rated and followed up");
    json data = {{"no", no},
                 {"on", on},
                 {"round", round},
                 {"level", level},
                 {"indicators", indicators},
                 {"org", k->org},
                 {"item", k->item}};
    std::vector<Event> events{Event{
        "case.rated", data, text ? std::optional<json>(json{{"note", *text}}) : std::nullopt}};
    json result = data;
    if (level <= 2 && round == 1) {
      int64_t day = *timeutil::parse_date(on);
      json opened = {{"no", no},
                     {"on", on},
                     {"org", k->org},
                     {"contact_due", timeutil::format_date(config->calendar.add_working_days(
                                         day, config->rectify_contact_days))},
                     {"fix_due", timeutil::format_date(config->calendar.add_working_days(
                                     day, config->rectify_fix_days))}};
      events.push_back(Event{"rectification.opened", opened, std::nullopt});
      result["rectification"] = opened;
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
    json data = {{"no", no}, {"on", on}, {"late", on > due}};
    return Decision{{Event{step == "contact" ? "rectification.contacted" : "rectification.fixed",
                           data, json{{"note", note}}}},
                    data,
                    {}};
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
    json data = {{"no", no}, {"on", on}};
    return Decision{{Event{"rectification.appealed", data, json{{"note", reason}}}}, data, {}};
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
        json data = {{"no", no}, {"on", on}, {"upheld", upheld}};
        return Decision{
            {Event{"rectification.appeal_decided", data, json{{"note", finding}}}}, data, {}};
      });
}

namespace internal {

void register_ratings(ledger::Registry& registry) {
  registry.on("case.rated", [](store::Connection& tx, const ledger::Applied& e) {
    const auto& d = e.leaf.data;
    std::optional<std::string> text;
    if (e.personal) text = e.personal->at("note").get<std::string>();
    tx.cached(
          "INSERT INTO ratings (case_no, round, level, indicators, comment, on_date, org, item, "
          "idx)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(d.at("no").get<std::string>(), d.at("round").get<int64_t>(),
                  d.at("level").get<int64_t>(), d.at("indicators").dump(), text,
                  d.at("on").get<std::string>(), d.at("org").get<std::string>(),
                  d.at("item").get<std::string>(), e.index)
        .run();
    record_step(tx, e, "");
  });
  registry.on("rectification.opened", [](store::Connection& tx, const ledger::Applied& e) {
    const auto& d = e.leaf.data;
    tx.cached(
          "INSERT INTO rectifications (case_no, org, opened_on, contact_due, fix_due, status, idx)"
          " VALUES (?, ?, ?, ?, ?, 'open', ?)")
        .bind_all(d.at("no").get<std::string>(), d.at("org").get<std::string>(),
                  d.at("on").get<std::string>(), d.at("contact_due").get<std::string>(),
                  d.at("fix_due").get<std::string>(), e.index)
        .run();
    record_step(tx, e, "");
  });
  auto step = [](const char* set_sql) {
    return [set_sql](store::Connection& tx, const ledger::Applied& e) {
      const auto& d = e.leaf.data;
      tx.cached(std::string("UPDATE rectifications SET ") + set_sql + " WHERE case_no = ?2")
          .bind_all(d.at("on").get<std::string>(), d.at("no").get<std::string>())
          .run();
      record_step(tx, e, "");
    };
  };
  registry.on("rectification.contacted", step("status = 'contacted', contacted_on = ?1"));
  registry.on("rectification.fixed", step("status = 'fixed', fixed_on = ?1"));
  registry.on("rectification.appealed", step("status = 'appealed', appealed_on = ?1"));
  registry.on("rectification.appeal_decided", [](store::Connection& tx, const ledger::Applied& e) {
    const auto& d = e.leaf.data;
    tx.cached(
          "UPDATE rectifications SET status = 'appeal_decided', appeal_upheld = ?, decided_on = ? "
          "WHERE case_no = ?")
        .bind_all(d.at("upheld").get<bool>() ? 1 : 0, d.at("on").get<std::string>(),
                  d.at("no").get<std::string>())
        .run();
    record_step(tx, e, "");
  });
}

}  // namespace internal
}  // namespace sunlight::cases
