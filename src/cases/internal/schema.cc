// The cases module's tables, its event appliers, and the helpers its commands share.
#include <algorithm>

#include "cases/internal/common.h"
#include "core/time.h"

namespace sunlight::cases {
namespace internal {

Procedure procedure_of(const catalog::Power& power) {
  Procedure p;
  std::vector<std::string> all;
  for (const auto& s : power.stages) all.push_back(s.stage);
  if (all.size() < 2 || all.front() != "受理") return p;
  p.takes_applications = true;
  size_t decision = all.size() - 1;
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i] == "决定" || all[i] == "裁决" || all[i] == "办结") {
      decision = i;
      break;
    }
  for (size_t i = 0; i <= decision; ++i) p.stages.push_back(all[i]);
  p.decision = decision;
  for (size_t i = decision + 1; i < all.size(); ++i)
    if (all[i] == "送达" || all[i] == "给付") p.stages.push_back(all[i]);
  return p;
}

size_t stage_index(const std::vector<std::string>& stages, const std::string& stage) {
  auto it = std::find(stages.begin(), stages.end(), stage);
  return static_cast<size_t>(it - stages.begin());
}

Result<std::string> acting_date(const std::optional<std::string>& on, const std::string& field) {
  std::string today = timeutil::today();
  if (!on) return today;
  if (!timeutil::parse_date(*on) || on->size() != 10)
    return Status::invalid_field(field, "日期格式应为 YYYY-MM-DD", "must be a date YYYY-MM-DD");
  if (*on > today) return Status::invalid_field(field, "不能晚于今天", "must not be in the future");
  return *on;
}

std::string case_prefix(const std::string& region, const std::string& date) {
  std::string compact;
  for (char ch : date)
    if (ch != '-') compact += ch;
  return region + "-" + compact;
}

std::string next_case_no(store::Connection& c, const std::string& region, const std::string& date) {
  std::string prefix = case_prefix(region, date);
  auto st = c.cached("SELECT n FROM case_counters WHERE prefix = ?");
  st.bind(1, prefix);
  int64_t n = st.step() ? st.int64(0) + 1 : 1;
  char buf[24];
  std::snprintf(buf, sizeof buf, "%06lld", static_cast<long long>(n));
  return prefix + "-" + buf;
}

std::string due_date(const Config& config, const std::string& accepted, int days, int paused,
                     bool& provisional) {
  int64_t day = config.calendar.add_working_days(*timeutil::parse_date(accepted), days + paused);
  if (!config.calendar.covers(day)) provisional = true;
  return timeutil::format_date(day);
}

const char* const kCaseColumns =
    "no, COALESCE(parent, ''), COALESCE(item, ''), COALESCE(life_event, ''), org, region, "
    "applicant_kind,"
    " applicant, agent, channel, status, COALESCE(stage, ''), stages, COALESCE(outcome, ''), "
    "assignee,"
    " applied_on, COALESCE(submitted_on, ''), COALESCE(accepted_on, ''), COALESCE(decided_on, ''),"
    " COALESCE(closed_on, ''), statutory_days, promised_days, promised_visits, visits, paused_days,"
    " COALESCE(statutory_due, ''), COALESCE(promised_due, ''), COALESCE(paused_since, ''),"
    " COALESCE(pause_kind, ''), provisional, idx";

Case read_case(const store::Statement& st) {
  Case k;
  k.no = st.text(0);
  k.parent = st.text(1);
  k.item = st.text(2);
  k.life_event = st.text(3);
  k.org = st.text(4);
  k.region = st.text(5);
  k.applicant_kind = st.text(6);
  k.applicant = st.optional_text(7);
  k.agent = st.optional_text(8);
  k.channel = st.text(9);
  k.status = st.text(10);
  k.stage = st.text(11);
  for (const auto& s : json::parse(st.text(12))) k.stages.push_back(s);
  k.outcome = st.text(13);
  k.assignee = st.optional_text(14);
  k.applied_on = st.text(15);
  k.submitted_on = st.text(16);
  k.accepted_on = st.text(17);
  k.decided_on = st.text(18);
  k.closed_on = st.text(19);
  k.statutory_days = static_cast<int>(st.int64(20));
  k.promised_days = static_cast<int>(st.int64(21));
  k.promised_visits = static_cast<int>(st.int64(22));
  k.visits = static_cast<int>(st.int64(23));
  k.paused_days = static_cast<int>(st.int64(24));
  k.statutory_due = st.text(25);
  k.promised_due = st.text(26);
  k.paused_since = st.text(27);
  k.pause_kind = st.text(28);
  k.provisional = st.int64(29) != 0;
  k.index = static_cast<uint64_t>(st.int64(30));
  return k;
}

void record_step(store::Connection& tx, const ledger::Applied& e, const std::string& stage) {
  const auto& d = e.leaf.data;
  std::optional<std::string> note;
  if (e.personal && e.personal->contains("note")) note = e.personal->at("note").get<std::string>();
  std::string actor = !e.leaf.actor.officer.empty() ? e.leaf.actor.officer : e.leaf.actor.system;
  std::optional<std::string> org;
  if (!e.leaf.actor.org.empty()) org = e.leaf.actor.org;
  tx.cached(
        "INSERT INTO case_steps (case_no, idx, time, on_date, type, stage, actor, org, detail, "
        "note)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(d.at("no").get<std::string>(), e.index, timeutil::format_rfc3339(e.leaf.time),
                d.value("on", timeutil::format_date(timeutil::local_day(e.leaf.time))), e.leaf.type,
                stage.empty() ? std::optional<std::string>() : std::optional<std::string>(stage),
                actor, org, d.dump(), note)
      .run();
}

Status refused(const std::string& zh, const std::string& en) {
  return Status(Code::kPermissionDenied, "权责清单不允许：" + zh,
                "the power list does not allow this: " + en);
}

Status wrong_state(const Case& k, const std::string& needs_zh, const std::string& needs_en) {
  return Status(Code::kFailedPrecondition, "办件当前状态为 " + k.status + "，" + needs_zh,
                "the case is " + k.status + "; " + needs_en);
}

}  // namespace internal

using namespace internal;

namespace {

std::optional<std::string> personal_string(const ledger::Applied& e, const char* key) {
  if (!e.personal || !e.personal->contains(key)) return std::nullopt;
  return e.personal->at(key).get<std::string>();
}

std::string stage_of(store::Connection& tx, const std::string& no) {
  auto st = tx.cached("SELECT COALESCE(stage, '') FROM cases WHERE no = ?");
  st.bind(1, no);
  return st.step() ? st.text(0) : "";
}

void set_dues(store::Connection& tx, const json& d) {
  tx.cached(
        "UPDATE cases SET statutory_due = ?, promised_due = ?, provisional = ?, paused_days = ?,"
        " paused_since = NULL, pause_kind = NULL WHERE no = ?")
      .bind_all(d.at("statutory_due").get<std::string>(), d.at("promised_due").get<std::string>(),
                d.value("provisional", false) ? 1 : 0, d.at("paused_days").get<int64_t>(),
                d.at("no").get<std::string>())
      .run();
}

void apply_applied(store::Connection& tx, const ledger::Applied& e) {
  const auto& d = e.leaf.data;
  std::string no = d.at("no");
  auto opt = [&](const char* key) -> std::optional<std::string> {
    if (!d.contains(key)) return std::nullopt;
    return d.at(key).get<std::string>();
  };
  tx.cached(
        "INSERT INTO cases (no, parent, item, life_event, org, region, applicant_kind, applicant, "
        "agent, channel,"
        " status, stage, stages, applied_on, submitted_on, statutory_days, promised_days, "
        "promised_visits,"
        " promised_due, idx, updated_idx) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?)")
      .bind_all(no, opt("parent"), opt("item"), opt("life_event"), d.at("org").get<std::string>(),
                d.at("region").get<std::string>(), d.at("applicant_kind").get<std::string>(),
                personal_string(e, "applicant"), personal_string(e, "agent"),
                d.at("channel").get<std::string>(), d.at("status").get<std::string>(), opt("stage"),
                d.at("stages").dump(), d.at("on").get<std::string>(),
                d.at("status") == "submitted" ? opt("on") : std::nullopt,
                d.at("statutory_days").get<int64_t>(), d.at("promised_days").get<int64_t>(),
                d.at("promised_visits").get<int64_t>(), opt("promised_due"), e.index, e.index)
      .run();
  std::string prefix = no.substr(0, no.find('-', no.find('-') + 1));
  tx.cached(
        "INSERT INTO case_counters (prefix, n) VALUES (?, 1) ON CONFLICT (prefix) DO UPDATE SET n "
        "= n + 1")
      .bind(1, prefix)
      .run();
  const json* uploads =
      e.personal && e.personal->contains("uploads") ? &e.personal->at("uploads") : nullptr;
  const json* values =
      e.personal && e.personal->contains("values") ? &e.personal->at("values") : nullptr;
  for (const auto& m : d.at("materials")) {
    std::string seq = std::to_string(m.at("seq").get<int64_t>());
    std::optional<std::string> upload, value;
    if (uploads && uploads->contains(seq)) upload = uploads->at(seq).get<std::string>();
    if (values && values->contains(seq)) value = values->at(seq).dump();
    tx.cached(
          "INSERT INTO case_materials (case_no, seq, name, required, source, via, upload, "
          "licence_case, value)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(no, m.at("seq").get<int64_t>(), m.at("name").get<std::string>(),
                  m.at("required").get<bool>() ? 1 : 0, m.at("source").dump(),
                  m.at("via").get<std::string>(), upload,
                  m.contains("licence_case")
                      ? std::optional<std::string>(m.at("licence_case").get<std::string>())
                      : std::nullopt,
                  value)
        .run();
  }
  if (e.personal && e.personal->contains("form"))
    tx.cached("INSERT INTO case_forms (case_no, form) VALUES (?, ?)")
        .bind_all(no, e.personal->at("form").dump())
        .run();
  record_step(tx, e, d.value("stage", ""));
}

// Updates the case row (`set_sql` with "?" for each of `args`) and records the step.
template <typename... Args>
void apply_update(store::Connection& tx, const ledger::Applied& e, const std::string& set_sql,
                  const Args&... args) {
  const auto& d = e.leaf.data;
  std::string no = d.at("no");
  std::string stage = stage_of(tx, no);
  tx.cached("UPDATE cases SET " + set_sql + ", updated_idx = ? WHERE no = ?")
      .bind_all(args..., e.index, no)
      .run();
  record_step(tx, e, stage);
}

void replace_uploads(store::Connection& tx, const ledger::Applied& e) {
  if (!e.personal || !e.personal->contains("uploads")) return;
  for (const auto& [seq, hash] : e.personal->at("uploads").items())
    tx.cached(
          "UPDATE case_materials SET upload = ?, via = 'upload', requested = 0 WHERE case_no = ? "
          "AND seq = ?")
        .bind_all(hash.get<std::string>(), e.leaf.data.at("no").get<std::string>(),
                  static_cast<int64_t>(std::stoll(seq)))
        .run();
}

}  // namespace

void register_module(ledger::Registry& registry) {
  registry.add_migrations({{"cases", 1, R"(
    CREATE TABLE cases (
      no TEXT PRIMARY KEY, parent TEXT, item TEXT, life_event TEXT, org TEXT NOT NULL, region TEXT NOT NULL,
      applicant_kind TEXT NOT NULL, applicant TEXT, agent TEXT, channel TEXT NOT NULL,
      status TEXT NOT NULL, stage TEXT, stages TEXT NOT NULL, outcome TEXT, assignee TEXT,
      applied_on TEXT NOT NULL, submitted_on TEXT, accepted_on TEXT, decided_on TEXT, closed_on TEXT,
      statutory_days INTEGER NOT NULL, promised_days INTEGER NOT NULL, promised_visits INTEGER NOT NULL,
      statutory_due TEXT, promised_due TEXT, provisional INTEGER NOT NULL DEFAULT 0,
      paused_since TEXT, pause_kind TEXT, paused_days INTEGER NOT NULL DEFAULT 0,
      visits INTEGER NOT NULL DEFAULT 0, late_statutory INTEGER, late_promised INTEGER,
      idx INTEGER NOT NULL, updated_idx INTEGER NOT NULL);
    CREATE INDEX cases_by_status ON cases (org, status, statutory_due, no);
    CREATE INDEX cases_open ON cases (org, statutory_due, no)
      WHERE status IN ('submitted', 'in_progress', 'returned', 'special', 'decided');
    CREATE INDEX cases_running ON cases (org, promised_due, no)
      WHERE status IN ('in_progress', 'special') AND paused_since IS NULL;
    CREATE INDEX cases_agent ON cases (agent, idx);
    CREATE INDEX cases_applicant ON cases (applicant) WHERE applicant != agent;
    CREATE INDEX cases_parent ON cases (parent) WHERE parent IS NOT NULL;
    CREATE INDEX cases_item_open ON cases (item, statutory_due, no)
      WHERE status IN ('submitted', 'in_progress', 'returned', 'special', 'decided');
    CREATE TABLE case_steps (
      case_no TEXT NOT NULL, idx INTEGER NOT NULL, time TEXT NOT NULL, on_date TEXT NOT NULL, type TEXT NOT NULL,
      stage TEXT, actor TEXT NOT NULL, org TEXT, detail TEXT NOT NULL, note TEXT, PRIMARY KEY (case_no, idx));
    CREATE TABLE case_materials (
      case_no TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, required INTEGER NOT NULL,
      source TEXT NOT NULL, via TEXT NOT NULL, upload TEXT, licence_case TEXT, value TEXT,
      requested INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (case_no, seq));
    CREATE TABLE case_forms (case_no TEXT PRIMARY KEY, form TEXT NOT NULL);
    CREATE TABLE case_counters (prefix TEXT PRIMARY KEY, n INTEGER NOT NULL);
    CREATE TABLE uploads (
      hash TEXT NOT NULL, owner TEXT NOT NULL, media_type TEXT NOT NULL, size INTEGER NOT NULL,
      idx INTEGER NOT NULL, PRIMARY KEY (hash, owner));
    CREATE TABLE upload_bytes (hash TEXT PRIMARY KEY, bytes BLOB NOT NULL);
    CREATE TABLE ratings (
      case_no TEXT NOT NULL, round INTEGER NOT NULL, level INTEGER NOT NULL, indicators TEXT NOT NULL,
      comment TEXT, on_date TEXT NOT NULL, org TEXT NOT NULL, item TEXT, idx INTEGER NOT NULL,
      PRIMARY KEY (case_no, round));
    CREATE INDEX ratings_org ON ratings (org);
    CREATE TABLE rectifications (
      case_no TEXT PRIMARY KEY, org TEXT NOT NULL, opened_on TEXT NOT NULL, contact_due TEXT NOT NULL,
      fix_due TEXT NOT NULL, contacted_on TEXT, fixed_on TEXT, status TEXT NOT NULL, appealed_on TEXT,
      appeal_upheld INTEGER, decided_on TEXT, idx INTEGER NOT NULL);
  )"}});
  // A case's steps, materials and form clustered by its number: one B-tree per table
  // instead of a table and its primary-key index. (The cases table itself stays a rowid
  // table: counting and skipping through its partial indexes then never reads the rows.)
  // The partial indexes of open cases name the two statuses that are not open: SQLite
  // checks a list of more than two constants (IN (…)) through a temporary B-tree built on
  // every insert and update of a case.
  registry.add_migrations({{"cases", 2, R"(
    DROP INDEX cases_open;
    CREATE INDEX cases_open ON cases (org, statutory_due, no)
      WHERE status != 'draft' AND status != 'closed';
    DROP INDEX cases_item_open;
    CREATE INDEX cases_item_open ON cases (item, statutory_due, no)
      WHERE status != 'draft' AND status != 'closed';
    CREATE TABLE case_steps_2 (
      case_no TEXT NOT NULL, idx INTEGER NOT NULL, time TEXT NOT NULL, on_date TEXT NOT NULL, type TEXT NOT NULL,
      stage TEXT, actor TEXT NOT NULL, org TEXT, detail TEXT NOT NULL, note TEXT,
      PRIMARY KEY (case_no, idx)) WITHOUT ROWID;
    INSERT INTO case_steps_2 SELECT * FROM case_steps;
    DROP TABLE case_steps;
    ALTER TABLE case_steps_2 RENAME TO case_steps;
    CREATE TABLE case_materials_2 (
      case_no TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, required INTEGER NOT NULL,
      source TEXT NOT NULL, via TEXT NOT NULL, upload TEXT, licence_case TEXT, value TEXT,
      requested INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (case_no, seq)) WITHOUT ROWID;
    INSERT INTO case_materials_2 SELECT * FROM case_materials;
    DROP TABLE case_materials;
    ALTER TABLE case_materials_2 RENAME TO case_materials;
    CREATE TABLE case_forms_2 (case_no TEXT PRIMARY KEY, form TEXT NOT NULL) WITHOUT ROWID;
    INSERT INTO case_forms_2 SELECT * FROM case_forms;
    DROP TABLE case_forms;
    ALTER TABLE case_forms_2 RENAME TO case_forms;
  )"}});
  registry.keep_on_rebuild("upload_bytes");

  registry.on("upload.stored", [](store::Connection& tx, const ledger::Applied& e) {
    auto hash = personal_string(e, "hash"), owner = personal_string(e, "owner");
    if (!hash || !owner) return;  // erased
    tx.cached("INSERT INTO uploads (hash, owner, media_type, size, idx) VALUES (?, ?, ?, ?, ?)")
        .bind_all(*hash, *owner, e.leaf.data.at("media_type").get<std::string>(),
                  e.leaf.data.at("size").get<int64_t>(), e.index)
        .run();
  });
  registry.on("case.applied", apply_applied);
  registry.on("case.submitted", [](store::Connection& tx, const ledger::Applied& e) {
    apply_update(tx, e, "status = 'submitted', submitted_on = ?",
                 e.leaf.data.at("on").get<std::string>());
  });
  registry.on("case.claimed", [](store::Connection& tx, const ledger::Applied& e) {
    tx.cached("UPDATE cases SET assignee = ? WHERE no = ?")
        .bind_all(e.leaf.data.at("officer").get<std::string>(),
                  e.leaf.data.at("no").get<std::string>())
        .run();
    apply_update(tx, e, "status = status");
  });
  registry.on("case.accepted", [](store::Connection& tx, const ledger::Applied& e) {
    const auto& d = e.leaf.data;
    set_dues(tx, d);
    tx.cached("UPDATE cases SET status = 'in_progress', accepted_on = ?, stage = ? WHERE no = ?")
        .bind_all(d.at("on").get<std::string>(), d.at("stage").get<std::string>(),
                  d.at("no").get<std::string>())
        .run();
    apply_update(tx, e, "status = status");
  });
  registry.on("case.returned", [](store::Connection& tx, const ledger::Applied& e) {
    const auto& d = e.leaf.data;
    for (const auto& seq : d.at("materials"))
      tx.cached("UPDATE case_materials SET requested = 1 WHERE case_no = ? AND seq = ?")
          .bind_all(d.at("no").get<std::string>(), seq.get<int64_t>())
          .run();
    tx.cached(
          "UPDATE cases SET status = 'returned', paused_since = CASE WHEN accepted_on IS NULL THEN "
          "NULL ELSE ? END,"
          " pause_kind = CASE WHEN accepted_on IS NULL THEN NULL ELSE 'supplement' END WHERE no = "
          "?")
        .bind_all(d.at("on").get<std::string>(), d.at("no").get<std::string>())
        .run();
    apply_update(tx, e, "status = status");
  });
  registry.on("case.resubmitted", [](store::Connection& tx, const ledger::Applied& e) {
    const auto& d = e.leaf.data;
    replace_uploads(tx, e);
    if (d.contains("statutory_due")) set_dues(tx, d);
    tx.cached("UPDATE cases SET status = ? WHERE no = ?")
        .bind_all(d.at("status").get<std::string>(), d.at("no").get<std::string>())
        .run();
    apply_update(tx, e, "status = status");
  });
  registry.on("case.special_started", [](store::Connection& tx, const ledger::Applied& e) {
    const auto& d = e.leaf.data;
    bool pauses = !d.at("counts_toward_limit").get<bool>();
    tx.cached("UPDATE cases SET status = 'special', paused_since = ?, pause_kind = ? WHERE no = ?")
        .bind_all(pauses ? std::optional<std::string>(d.at("on").get<std::string>()) : std::nullopt,
                  pauses ? std::optional<std::string>("special:" + d.at("step").get<std::string>())
                         : std::nullopt,
                  d.at("no").get<std::string>())
        .run();
    apply_update(tx, e, "status = status");
  });
  registry.on("case.special_ended", [](store::Connection& tx, const ledger::Applied& e) {
    set_dues(tx, e.leaf.data);
    apply_update(tx, e, "status = 'in_progress'");
  });
  registry.on("case.advanced", [](store::Connection& tx, const ledger::Applied& e) {
    tx.cached("UPDATE cases SET stage = ? WHERE no = ?")
        .bind_all(e.leaf.data.at("to").get<std::string>(), e.leaf.data.at("no").get<std::string>())
        .run();
    apply_update(tx, e, "status = status");
  });
  registry.on("case.decided", [](store::Connection& tx, const ledger::Applied& e) {
    const auto& d = e.leaf.data;
    bool closed = d.at("closed").get<bool>();
    std::string stage = stage_of(tx, d.at("no"));
    tx.cached(
          "UPDATE cases SET status = ?1, outcome = ?2, decided_on = ?3, closed_on = ?4, stage = ?5,"
          " late_statutory = ?6, late_promised = ?7, updated_idx = ?8 WHERE no = ?9")
        .bind_all(std::string(closed ? "closed" : "decided"), d.at("outcome").get<std::string>(),
                  d.at("on").get<std::string>(),
                  closed ? std::optional<std::string>(d.at("on").get<std::string>()) : std::nullopt,
                  d.contains("next_stage")
                      ? std::optional<std::string>(d.at("next_stage").get<std::string>())
                      : std::nullopt,
                  d.at("late_statutory").get<bool>() ? 1 : 0,
                  d.at("late_promised").get<bool>() ? 1 : 0, e.index, d.at("no").get<std::string>())
        .run();
    record_step(tx, e, stage);
  });
  registry.on("case.not_accepted", [](store::Connection& tx, const ledger::Applied& e) {
    std::string on = e.leaf.data.at("on");
    apply_update(tx, e,
                 "status = 'closed', outcome = 'not_accepted', decided_on = ?, closed_on = ?", on,
                 on);
  });
  registry.on("case.delivered", [](store::Connection& tx, const ledger::Applied& e) {
    apply_update(tx, e, "status = 'closed', closed_on = ?",
                 e.leaf.data.at("on").get<std::string>());
  });
  registry.on("case.completed", [](store::Connection& tx, const ledger::Applied& e) {
    std::string on = e.leaf.data.at("on"), outcome = e.leaf.data.at("outcome");
    apply_update(tx, e, "status = 'closed', outcome = ?, decided_on = ?, closed_on = ?", outcome,
                 on, on);
  });
  registry.on("case.withdrawn", [](store::Connection& tx, const ledger::Applied& e) {
    apply_update(tx, e, "status = 'closed', outcome = 'withdrawn', closed_on = ?",
                 e.leaf.data.at("on").get<std::string>());
  });
  registry.on("case.visited", [](store::Connection& tx, const ledger::Applied& e) {
    apply_update(tx, e, "visits = visits + 1");
  });
  registry.on("case.commented", [](store::Connection& tx, const ledger::Applied& e) {
    apply_update(tx, e, "status = status");
  });
  register_ratings(registry);
}

}  // namespace sunlight::cases
