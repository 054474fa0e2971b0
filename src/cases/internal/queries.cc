// Reading cases: one case with its timeline, the officer's queue, deadline alerts, and the
// public performance and rating aggregates.
#include <cmath>
#include <map>

#include "cases/internal/common.h"
#include "core/time.h"

namespace sunlight::cases {

using namespace internal;

std::optional<Case> find_case(store::Connection& c, const std::string& no) {
  auto st = c.cached(std::string("SELECT ") + kCaseColumns + " FROM cases WHERE no = ?");
  st.bind(1, no);
  if (!st.step()) return std::nullopt;
  return read_case(st);
}

namespace {

json deadline(const Config& config, const Case& k, const std::string& due, int64_t today) {
  json j = {{"due", due.empty() ? json() : json(due)}};
  if (due.empty() || k.status == "closed" || k.status == "decided" || k.status == "draft") {
    j["state"] = due.empty() ? "none" : "ok";
    return j;
  }
  if (!k.paused_since.empty()) {
    j["state"] = "paused";
    return j;
  }
  int64_t d = *timeutil::parse_date(due);
  if (today > d) {
    j["state"] = "overdue";
    j["working_days_over"] = config.calendar.working_days_between(d, today);
  } else if (today == d) {
    j["state"] = "due_today";
    j["working_days_left"] = 0;
  } else {
    int left = config.calendar.working_days_between(today, d);
    j["state"] = left <= config.warn_days ? "due_soon" : "ok";
    j["working_days_left"] = left;
  }
  return j;
}

std::string org_name(store::Connection& c, const std::string& id) {
  auto st = c.cached("SELECT name FROM organisations WHERE id = ?");
  st.bind(1, id);
  return st.step() ? st.text(0) : "";
}

std::string item_name(store::Connection& c, const std::string& code) {
  auto st = c.cached("SELECT name FROM items WHERE code = ?");
  st.bind(1, code);
  return st.step() ? st.text(0) : "";
}

}  // namespace

json clock_json(const Case& k, const Config& config, int64_t today) {
  json j = {{"statutory_days", k.statutory_days},
            {"promised_days", k.promised_days},
            {"started", k.accepted_on.empty() ? json() : json(k.accepted_on)},
            {"paused_days", k.paused_days},
            {"provisional", k.provisional},
            {"statutory", deadline(config, k, k.statutory_due, today)},
            {"promised", deadline(config, k, k.promised_due, today)}};
  if (!k.paused_since.empty()) j["paused"] = {{"since", k.paused_since}, {"kind", k.pause_kind}};
  return j;
}

// What a life event's case shows as its status while its parts are handled: the parts' state
// (the case itself is only `submitted` until the last part closes and completes it). A part
// returned for correction makes it `returned` — the applicant has something to do — and any
// part being handled makes it `in_progress`.
std::string shown_status(store::Connection& c, const Case& k) {
  if (k.life_event.empty() || !k.parent.empty() || k.status != "submitted") return k.status;
  auto st = c.cached("SELECT status FROM cases WHERE parent = ?");
  st.bind(1, k.no);
  bool returned = false, handling = false;
  while (st.step()) {
    std::string s = st.text(0);
    returned = returned || s == "returned";
    handling = handling || s != "submitted";
  }
  return returned ? "returned" : handling ? "in_progress" : "submitted";
}

json case_json(store::Connection& c, const Case& k, const Config& config, bool personal) {
  int64_t today = timeutil::local_day(timeutil::now_millis());
  json j = {{"no", k.no},
            {"status", shown_status(c, k)},
            {"stage", k.stage.empty() ? json() : json(k.stage)},
            {"stages", k.stages},
            {"outcome", k.outcome.empty() ? json() : json(k.outcome)},
            {"org", k.org},
            {"org_name", org_name(c, k.org)},
            {"region", k.region},
            {"channel", k.channel},
            {"applicant_kind", k.applicant_kind},
            {"applied_on", k.applied_on},
            {"clock", clock_json(k, config, today)},
            {"visits", k.visits},
            {"promised_visits", k.promised_visits},
            {"assignee", k.assignee ? json(*k.assignee) : json()}};
  for (const auto& [key, value] : {std::pair{"submitted_on", &k.submitted_on},
                                   {"accepted_on", &k.accepted_on},
                                   {"decided_on", &k.decided_on},
                                   {"closed_on", &k.closed_on}})
    j[key] = value->empty() ? json() : json(*value);
  if (!k.item.empty()) {
    j["item"] = k.item;
    j["item_name"] = item_name(c, k.item);
  }
  if (!k.life_event.empty()) j["life_event"] = k.life_event;
  if (!k.parent.empty()) j["parent"] = k.parent;
  if (personal) {
    j["applicant"] = k.applicant ? json(*k.applicant) : json();
    auto form = c.cached("SELECT form FROM case_forms WHERE case_no = ?");
    form.bind(1, k.no);
    if (form.step()) j["form"] = json::parse(form.text(0));
  }
  json materials = json::array();
  auto m = c.cached(
      "SELECT seq, name, required, source, via, upload, licence_case, value, requested"
      " FROM case_materials WHERE case_no = ? ORDER BY seq");
  m.bind(1, k.no);
  while (m.step()) {
    json mj = {{"name", m.text(1)},
               {"required", m.int64(2) != 0},
               {"source", json::parse(m.text(3))},
               {"via", m.text(4)},
               {"requested", m.int64(8) != 0}};
    if (personal && !m.is_null(5)) mj["upload"] = m.text(5);
    if (!m.is_null(6)) mj["licence_case"] = m.text(6);
    if (personal && !m.is_null(7)) mj["values"] = json::parse(m.text(7));
    materials.push_back(mj);
  }
  j["materials"] = materials;
  // Accesses made for this case, each with its proof.
  json accesses = json::array();
  auto a = c.cached(
      "SELECT idx, resource, fields, reason, org FROM accesses WHERE case_no = ? ORDER BY idx");
  a.bind(1, k.no);
  while (a.step())
    accesses.push_back(
        {{"index", a.int64(0)},
         {"resource", a.text(1)},
         {"fields", json::parse(a.text(2))},
         {"reason", a.text(3)},
         {"org", a.text(4)},
         {"proof", "/api/v1/log/proof/inclusion?index=" + std::to_string(a.int64(0))}});
  j["accesses"] = accesses;
  json timeline = json::array();
  auto t = c.cached(
      "SELECT idx, time, on_date, type, COALESCE(stage, ''), actor, COALESCE(org, ''), detail, note"
      " FROM case_steps WHERE case_no = ? ORDER BY idx");
  t.bind(1, k.no);
  while (t.step()) {
    json step = {{"index", t.int64(0)},
                 {"time", t.text(1)},
                 {"on", t.text(2)},
                 {"type", t.text(3)},
                 {"stage", t.text(4).empty() ? json() : json(t.text(4))},
                 {"actor", t.text(5)},
                 {"proof", "/api/v1/log/proof/inclusion?index=" + std::to_string(t.int64(0))}};
    if (!t.text(6).empty()) step["org"] = t.text(6);
    json detail = json::parse(t.text(7));
    for (const auto& key : {"outcome", "to", "step", "round", "level", "statutory_due",
                            "promised_due", "late", "late_statutory", "late_promised"})
      if (detail.contains(key)) step[key] = detail[key];
    if (personal && !t.is_null(8)) step["note"] = t.text(8);
    timeline.push_back(step);
  }
  j["timeline"] = timeline;
  if (k.life_event.size()) {
    json children = json::array();
    auto ch = c.cached(std::string("SELECT ") + kCaseColumns +
                       " FROM cases WHERE parent = ? ORDER BY no");
    ch.bind(1, k.no);
    while (ch.step()) {
      Case child = read_case(ch);
      children.push_back({{"no", child.no},
                          {"item", child.item},
                          {"item_name", item_name(c, child.item)},
                          {"org", child.org},
                          {"org_name", org_name(c, child.org)},
                          {"status", child.status},
                          {"stage", child.stage},
                          {"outcome", child.outcome.empty() ? json() : json(child.outcome)},
                          {"clock", clock_json(child, config, today)}});
    }
    j["cases"] = children;
  }
  auto rating = c.cached(
      "SELECT round, level, indicators, on_date FROM ratings WHERE case_no = ? ORDER BY round");
  rating.bind(1, k.no);
  json ratings = json::array();
  while (rating.step())
    ratings.push_back({{"round", rating.int64(0)},
                       {"level", rating.int64(1)},
                       {"indicators", json::parse(rating.text(2))},
                       {"on", rating.text(3)}});
  j["ratings"] = ratings;
  // A bad rating's rectification, as the public list shows it (no applicant's words).
  auto rect = rectifications(c, std::nullopt, std::nullopt, k.no).at("rectifications");
  if (!rect.empty()) j["rectification"] = rect[0];
  json issued = json::array();
  auto cred =
      c.cached("SELECT id, status, issued_on FROM credentials WHERE case_no = ? ORDER BY idx");
  cred.bind(1, k.no);
  while (cred.step())
    issued.push_back({{"id", cred.text(0)}, {"status", cred.text(1)}, {"issued_on", cred.text(2)}});
  j["credentials"] = issued;
  return j;
}

// The terms below repeat the partial indexes' conditions word for word, so SQLite uses them
// (cases_open, cases_running, cases_item_open; internal/schema.cc) and reads a page of the
// queue in index order instead of sorting an organisation's open cases.
const char* const kOpen = "status != 'draft' AND status != 'closed'";
const char* const kRunning = "status IN ('in_progress', 'special') AND paused_since IS NULL";

std::vector<Case> queue(store::Connection& c, const QueueFilter& f, const std::string& today) {
  // Overdue: past the promised limit, which never exceeds the statutory one (the catalogue
  // checks promised_days <= statutory_days), so this also covers every statutory overdue.
  std::string sql =
      std::string("SELECT ") + kCaseColumns + " FROM cases WHERE org = :org AND item IS NOT NULL";
  if (f.status) sql += " AND status = :status";
  if (f.overdue_only)
    sql += std::string(" AND ") + kRunning + " AND promised_due < :today";
  else if (!f.status)
    sql += std::string(" AND ") + kOpen;
  if (f.item) sql += " AND item = :item";
  if (f.due_before) sql += " AND statutory_due <= :due";
  if (f.assignee) sql += " AND assignee = :assignee";
  // Cases not yet accepted (no deadline yet) come first: accepting them is the next duty.
  sql += f.overdue_only ? " ORDER BY promised_due, no" : " ORDER BY statutory_due, no";
  sql += " LIMIT :limit OFFSET :offset";
  auto st = c.cached(sql);
  auto bind = [&](const char* name, const auto& value) {
    if (int i = st.parameter_index(name)) st.bind(i, value);
  };
  bind(":org", f.org);
  if (f.status) bind(":status", *f.status);
  if (f.overdue_only) bind(":today", today);
  if (f.item) bind(":item", *f.item);
  if (f.due_before) bind(":due", *f.due_before);
  if (f.assignee) bind(":assignee", *f.assignee);
  bind(":limit", f.limit);
  bind(":offset", f.offset);
  std::vector<Case> out;
  while (st.step()) out.push_back(read_case(st));
  return out;
}

std::vector<Case> cases_of(store::Connection& c, const std::string& citizen, int limit,
                           int offset) {
  auto st =
      c.cached(std::string("SELECT ") + kCaseColumns +
               " FROM cases WHERE agent = ? AND parent IS NULL ORDER BY idx DESC LIMIT ? OFFSET ?");
  st.bind_all(citizen, limit, offset);
  std::vector<Case> out;
  while (st.step()) out.push_back(read_case(st));
  return out;
}

json alerts(store::Connection& c, const std::string& org, const Config& config, int64_t today) {
  // Open, running clocks whose nearer deadline is within the warning window. The promised
  // limit comes first (it never exceeds the statutory one).
  std::string today_s = timeutil::format_date(today);
  std::string horizon =
      timeutil::format_date(config.calendar.add_working_days(today, config.warn_days));
  auto count = [&](const char* due, const std::string& from, const std::string& to) {
    auto st = c.cached(std::string("SELECT COUNT(*) FROM cases WHERE org = ?1 AND ") + kRunning +
                       " AND promised_due >= ?2 AND promised_due " + due + " ?3");
    st.bind(1, org).bind(2, from).bind(3, to);
    st.step();
    return st.int64(0);
  };
  int64_t overdue = count("<", "", today_s), due_soon = count("<=", today_s, horizon);
  auto st = c.cached(std::string("SELECT ") + kCaseColumns + " FROM cases WHERE org = ?1 AND " +
                     kRunning + " AND promised_due <= ?2 ORDER BY promised_due, no LIMIT 100");
  st.bind(1, org).bind(2, horizon);
  json list = json::array();
  std::map<std::string, std::string> names;
  while (st.step()) {
    Case k = read_case(st);
    auto name = names.find(k.item);
    if (name == names.end()) name = names.emplace(k.item, item_name(c, k.item)).first;
    list.push_back({{"no", k.no},
                    {"item", k.item},
                    {"item_name", name->second},
                    {"stage", k.stage},
                    {"assignee", k.assignee ? json(*k.assignee) : json()},
                    {"clock", clock_json(k, config, today)}});
  }
  return {{"org", org},         {"today", today_s},     {"warn_days", config.warn_days},
          {"overdue", overdue}, {"due_soon", due_soon}, {"alerts", list}};
}

json performance(store::Connection& c, const std::optional<std::string>& org,
                 const std::optional<std::string>& item) {
  auto group = [&](const std::string& key) {
    // First ratings of the group's cases, under the same filters as the cases.
    std::string rated = "r.round = 1 AND r." + key + " = k." + key +
                        " AND (?1 IS NULL OR r.org = ?1) AND (?2 IS NULL OR r.item = ?2)";
    // Time to decision in calendar days (working days need the calendar per row; the
    // decision's lateness against both limits is recorded when it is made).
    auto st = c.cached("SELECT k." + key +
                       ", COUNT(*), SUM(k.status = 'closed'), SUM(k.outcome = 'approved'),"
                       " AVG(CASE WHEN k.decided_on IS NOT NULL AND k.accepted_on IS NOT NULL"
                       "     THEN julianday(k.decided_on) - julianday(k.accepted_on) END),"
                       " SUM(k.late_statutory), SUM(k.late_promised), SUM(k.decided_on IS NOT NULL "
                       "AND k.accepted_on IS NOT NULL),"
                       " AVG(CASE WHEN k.status = 'closed' THEN k.visits END), AVG(CASE WHEN "
                       "k.status = 'closed' THEN k.promised_visits END),"
                       " (SELECT COUNT(*) FROM ratings r WHERE " +
                       rated +
                       "),"
                       " (SELECT AVG(level) FROM ratings r WHERE " +
                       rated +
                       "),"
                       " (SELECT SUM(level <= 2) FROM ratings r WHERE " +
                       rated +
                       "), MIN(k.org)"
                       " FROM cases k WHERE k.item IS NOT NULL AND k.status != 'draft' AND (?1 IS "
                       "NULL OR k.org = ?1)"
                       " AND (?2 IS NULL OR k.item = ?2) GROUP BY k." +
                       key + " ORDER BY COUNT(*) DESC LIMIT 1000");
    st.bind(1, org).bind(2, item);
    json out = json::array();
    while (st.step()) {
      int64_t decided = st.int64(7);
      json row = {{key, st.text(0)},
                  {"cases", st.int64(1)},
                  {"closed", st.int64(2)},
                  {"approved", st.int64(3)},
                  {"avg_days_to_decision",
                   st.is_null(4) ? json() : json(std::round(std::stod(st.text(4)) * 10) / 10)},
                  {"decided", decided},
                  {"late_statutory", st.int64(5)},
                  {"late_promised", st.int64(6)},
                  {"overdue_rate",
                   decided ? json(static_cast<double>(st.int64(5)) / static_cast<double>(decided))
                           : json()},
                  {"avg_visits", st.is_null(8) ? json() : json(std::stod(st.text(8)))},
                  {"promised_visits", st.is_null(9) ? json() : json(std::stod(st.text(9)))},
                  {"ratings", st.int64(10)},
                  {"avg_rating", st.is_null(11) ? json() : json(std::stod(st.text(11)))},
                  {"bad_ratings", st.is_null(12) ? 0 : st.int64(12)}};
      if (key == "item") {
        row["item_name"] = item_name(c, row[key]);
        row["org"] = st.text(13);
      }
      row["org_name"] = org_name(c, key == "org" ? st.text(0) : st.text(13));
      out.push_back(row);
    }
    return out;
  };
  json levels = json::object();
  auto st = c.cached(
      "SELECT level, COUNT(*) FROM ratings WHERE round = 1 AND (?1 IS NULL OR org = ?1)"
      " AND (?2 IS NULL OR item = ?2) GROUP BY level");
  st.bind(1, org).bind(2, item);
  while (st.step()) levels[std::to_string(st.int64(0))] = st.int64(1);
  return {{"by_org", group("org")}, {"by_item", group("item")}, {"rating_levels", levels}};
}

json rectifications(store::Connection& c, const std::optional<std::string>& org,
                    const std::optional<std::string>& status,
                    const std::optional<std::string>& case_no) {
  auto st = c.cached(
      "SELECT case_no, org, opened_on, contact_due, fix_due, contacted_on, fixed_on, status, "
      "appealed_on,"
      " appeal_upheld FROM rectifications WHERE (?1 IS NULL OR org = ?1) AND (?2 IS NULL OR status "
      "= ?2)"
      " AND (?3 IS NULL OR case_no = ?3) ORDER BY idx DESC LIMIT 500");
  st.bind(1, org).bind(2, status).bind(3, case_no);
  json list = json::array();
  std::string today = timeutil::today();
  while (st.step()) {
    json r = {{"case", st.text(0)},        {"org", st.text(1)},     {"opened_on", st.text(2)},
              {"contact_due", st.text(3)}, {"fix_due", st.text(4)}, {"status", st.text(7)}};
    if (!st.is_null(5)) r["contacted_on"] = st.text(5);
    if (!st.is_null(6)) r["fixed_on"] = st.text(6);
    if (!st.is_null(8)) r["appealed_on"] = st.text(8);
    if (!st.is_null(9)) r["appeal_upheld"] = st.int64(9) != 0;
    r["overdue"] = (st.is_null(5) && today > st.text(3)) || (st.is_null(6) && today > st.text(4));
    list.push_back(r);
  }
  return {{"rectifications", list}};
}

}  // namespace sunlight::cases
