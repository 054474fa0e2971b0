// The cases module's tables, its event appliers, and the helpers its commands share.
#include <algorithm>
#include <cstring>

#include "cases/internal/common.h"
#include "cases/internal/events.h"
#include "core/crypto.h"
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

std::string new_case_no(store::Connection& c, const std::string& region, const std::string& date) {
  std::string prefix = region + "-";
  for (char ch : date)
    if (ch != '-') prefix += ch;
  // The millisecond of the day, then six random digits: numbers given out one after the other
  // sort one after the other, so the case tables keyed by number grow at their right edge
  // instead of taking every new case at a random page (fully random numbers made every batch
  // dirty pages all over four B-trees); and no counter tells anyone the next number.
  timeutil::Millis now = timeutil::now_millis();
  auto ms_of_day =
      static_cast<long long>(now - timeutil::local_day(now) * 86'400'000LL + 8 * 3'600'000LL);
  for (;;) {
    uint64_t r = 0;
    std::string bytes = crypto::random_bytes(sizeof r);
    std::memcpy(&r, bytes.data(), sizeof r);
    char digits[24];
    std::snprintf(digits, sizeof digits, "%08lld%06llu", ms_of_day % 86'400'000LL,
                  static_cast<unsigned long long>(r % 1'000'000ULL));
    std::string no = prefix + "-" + digits;
    auto st = c.cached("SELECT 1 FROM cases WHERE no = ?");
    st.bind(1, no);
    if (!st.step()) return no;
  }
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

void record_step(store::Connection& tx, const ledger::Applied& e, const std::string& no,
                 const std::optional<std::string>& on, const std::optional<std::string>& note,
                 const std::string& stage) {
  std::string actor = !e.leaf.actor.officer.empty() ? e.leaf.actor.officer : e.leaf.actor.system;
  std::optional<std::string> org;
  if (!e.leaf.actor.org.empty()) org = e.leaf.actor.org;
  tx.cached(
        "INSERT INTO case_steps (case_no, idx, time, on_date, type, stage, actor, org, detail, "
        "note)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(no, e.index, timeutil::format_rfc3339(e.leaf.time),
                on ? *on : timeutil::format_date(timeutil::local_day(e.leaf.time)), e.leaf.type,
                stage.empty() ? std::optional<std::string>() : std::optional<std::string>(stage),
                actor, org, e.data_json, note)
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

std::string stage_of(store::Connection& tx, const std::string& no) {
  auto st = tx.cached("SELECT COALESCE(stage, '') FROM cases WHERE no = ?");
  st.bind(1, no);
  return st.step() ? st.text(0) : "";
}

void set_dues(store::Connection& tx, const std::string& no, const std::string& statutory_due,
              const std::string& promised_due, bool provisional, int64_t paused_days) {
  tx.cached(
        "UPDATE cases SET statutory_due = ?, promised_due = ?, provisional = ?, paused_days = ?,"
        " paused_since = NULL, pause_kind = NULL WHERE no = ?")
      .bind_all(statutory_due, promised_due, provisional ? 1 : 0, paused_days, no)
      .run();
}

void apply_applied(store::Connection& tx, const CaseApplied& ev, const ledger::Applied& e) {
  tx.cached(
        "INSERT INTO cases (no, parent, item, life_event, org, region, applicant_kind, applicant, "
        "agent, channel,"
        " status, stage, stages, applied_on, submitted_on, statutory_days, promised_days, "
        "promised_visits,"
        " promised_due, idx, updated_idx) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?)")
      .bind_all(ev.no, ev.parent, ev.item, ev.life_event, ev.org, ev.region, ev.applicant_kind,
                ev.applicant, ev.agent, ev.channel, ev.status, ev.stage, json(ev.stages).dump(),
                ev.on, ev.status == "submitted" ? std::optional<std::string>(ev.on) : std::nullopt,
                ev.statutory_days, ev.promised_days, ev.promised_visits, ev.promised_due, e.index,
                e.index)
      .run();
  for (const auto& m : ev.materials) {
    std::string seq = std::to_string(m.seq);
    std::optional<std::string> upload, value;
    if (ev.uploads)
      if (auto it = ev.uploads->find(seq); it != ev.uploads->end()) upload = it->second;
    if (ev.values)
      if (auto it = ev.values->find(seq); it != ev.values->end()) value = it->second.dump();
    tx.cached(
          "INSERT INTO case_materials (case_no, seq, name, required, source, via, upload, "
          "licence_case, value)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(ev.no, m.seq, m.name, m.required ? 1 : 0, json(m.source).dump(), m.via, upload,
                  m.licence_case, value)
        .run();
  }
  if (ev.form)
    tx.cached("INSERT INTO case_forms (case_no, form) VALUES (?, ?)")
        .bind_all(ev.no, ev.form->dump())
        .run();
  record_step(tx, e, ev, ev.stage.value_or(""));
}

// Sets the case's columns, marks it updated, and records the step at its current stage.
template <typename E, typename... Args>
void apply_update(store::Connection& tx, const ledger::Applied& e, const E& ev,
                  const std::string& set_sql, const Args&... args) {
  std::string stage = stage_of(tx, ev.no);
  tx.cached("UPDATE cases SET " + set_sql + ", updated_idx = ? WHERE no = ?")
      .bind_all(args..., e.index, ev.no)
      .run();
  record_step(tx, e, ev, stage);
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
  // Case numbers are random (new_case_no): no counter per region and day.
  registry.add_migrations({{"cases", 3, "DROP TABLE case_counters"}});
  registry.keep_on_rebuild("upload_bytes");

  using ledger::on;
  using Tx = store::Connection;
  using A = ledger::Applied;
  on<UploadStored>(registry, [](Tx& tx, const UploadStored& ev, const A& e) {
    if (!ev.hash || !ev.owner) return;  // erased
    tx.cached("INSERT INTO uploads (hash, owner, media_type, size, idx) VALUES (?, ?, ?, ?, ?)")
        .bind_all(*ev.hash, *ev.owner, ev.media_type, ev.size, e.index)
        .run();
  });
  on<CaseApplied>(registry, apply_applied);
  on<CaseSubmitted>(registry, [](Tx& tx, const CaseSubmitted& ev, const A& e) {
    apply_update(tx, e, ev, "status = 'submitted', submitted_on = ?", ev.on);
  });
  on<CaseClaimed>(registry, [](Tx& tx, const CaseClaimed& ev, const A& e) {
    tx.cached("UPDATE cases SET assignee = ? WHERE no = ?").bind_all(ev.officer, ev.no).run();
    apply_update(tx, e, ev, "status = status");
  });
  on<CaseAccepted>(registry, [](Tx& tx, const CaseAccepted& ev, const A& e) {
    set_dues(tx, ev.no, ev.statutory_due, ev.promised_due, ev.provisional, ev.paused_days);
    tx.cached("UPDATE cases SET status = 'in_progress', accepted_on = ?, stage = ? WHERE no = ?")
        .bind_all(ev.on, ev.stage, ev.no)
        .run();
    apply_update(tx, e, ev, "status = status");
  });
  on<CaseReturned>(registry, [](Tx& tx, const CaseReturned& ev, const A& e) {
    for (int64_t seq : ev.materials)
      tx.cached("UPDATE case_materials SET requested = 1 WHERE case_no = ? AND seq = ?")
          .bind_all(ev.no, seq)
          .run();
    tx.cached(
          "UPDATE cases SET status = 'returned', paused_since = CASE WHEN accepted_on IS NULL THEN "
          "NULL ELSE ? END,"
          " pause_kind = CASE WHEN accepted_on IS NULL THEN NULL ELSE 'supplement' END WHERE no = "
          "?")
        .bind_all(ev.on, ev.no)
        .run();
    apply_update(tx, e, ev, "status = status");
  });
  on<CaseResubmitted>(registry, [](Tx& tx, const CaseResubmitted& ev, const A& e) {
    if (ev.uploads)
      for (const auto& [seq, hash] : *ev.uploads)
        tx.cached(
              "UPDATE case_materials SET upload = ?, via = 'upload', requested = 0 WHERE case_no = "
              "? AND seq = ?")
            .bind_all(hash, ev.no, static_cast<int64_t>(std::stoll(seq)))
            .run();
    if (ev.statutory_due)
      set_dues(tx, ev.no, *ev.statutory_due, ev.promised_due.value_or(""),
               ev.provisional.value_or(false), ev.paused_days.value_or(0));
    tx.cached("UPDATE cases SET status = ? WHERE no = ?").bind_all(ev.status, ev.no).run();
    apply_update(tx, e, ev, "status = status");
  });
  on<CaseSpecialStarted>(registry, [](Tx& tx, const CaseSpecialStarted& ev, const A& e) {
    bool pauses = !ev.counts_toward_limit;
    tx.cached("UPDATE cases SET status = 'special', paused_since = ?, pause_kind = ? WHERE no = ?")
        .bind_all(pauses ? std::optional<std::string>(ev.on) : std::nullopt,
                  pauses ? std::optional<std::string>("special:" + ev.step) : std::nullopt, ev.no)
        .run();
    apply_update(tx, e, ev, "status = status");
  });
  on<CaseSpecialEnded>(registry, [](Tx& tx, const CaseSpecialEnded& ev, const A& e) {
    set_dues(tx, ev.no, ev.statutory_due, ev.promised_due, ev.provisional, ev.paused_days);
    apply_update(tx, e, ev, "status = 'in_progress'");
  });
  on<CaseAdvanced>(registry, [](Tx& tx, const CaseAdvanced& ev, const A& e) {
    tx.cached("UPDATE cases SET stage = ? WHERE no = ?").bind_all(ev.to, ev.no).run();
    apply_update(tx, e, ev, "status = status");
  });
  on<CaseDecided>(registry, [](Tx& tx, const CaseDecided& ev, const A& e) {
    std::string stage = stage_of(tx, ev.no);
    tx.cached(
          "UPDATE cases SET status = ?1, outcome = ?2, decided_on = ?3, closed_on = ?4, stage = ?5,"
          " late_statutory = ?6, late_promised = ?7, updated_idx = ?8 WHERE no = ?9")
        .bind_all(std::string(ev.closed ? "closed" : "decided"), ev.outcome, ev.on,
                  ev.closed ? std::optional<std::string>(ev.on) : std::nullopt, ev.next_stage,
                  ev.late_statutory ? 1 : 0, ev.late_promised ? 1 : 0, e.index, ev.no)
        .run();
    record_step(tx, e, ev, stage);
  });
  on<CaseNotAccepted>(registry, [](Tx& tx, const CaseNotAccepted& ev, const A& e) {
    apply_update(tx, e, ev,
                 "status = 'closed', outcome = 'not_accepted', decided_on = ?, closed_on = ?",
                 ev.on, ev.on);
  });
  on<CaseDelivered>(registry, [](Tx& tx, const CaseDelivered& ev, const A& e) {
    apply_update(tx, e, ev, "status = 'closed', closed_on = ?", ev.on);
  });
  on<CaseCompleted>(registry, [](Tx& tx, const CaseCompleted& ev, const A& e) {
    apply_update(tx, e, ev, "status = 'closed', outcome = ?, decided_on = ?, closed_on = ?",
                 ev.outcome, ev.on, ev.on);
  });
  on<CaseWithdrawn>(registry, [](Tx& tx, const CaseWithdrawn& ev, const A& e) {
    apply_update(tx, e, ev, "status = 'closed', outcome = 'withdrawn', closed_on = ?", ev.on);
  });
  on<CaseVisited>(registry, [](Tx& tx, const CaseVisited& ev, const A& e) {
    apply_update(tx, e, ev, "visits = visits + 1");
  });
  on<CaseCommented>(registry, [](Tx& tx, const CaseCommented& ev, const A& e) {
    apply_update(tx, e, ev, "status = status");
  });
  register_ratings(registry);
}

}  // namespace sunlight::cases
