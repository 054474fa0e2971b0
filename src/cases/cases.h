// One-window case handling (一网通办): applications, the working-day clock, handling by the
// power list, 一件事 bundles, visits, and 好差评 ratings with rectification.
//
// A case (办件) is one application for a service item. Its steps are the responsibility
// stages of the item's power (受理 → 审查 → 决定 → 送达 …); each is performed by an officer
// whose organisation the power list allows (catalog::authorize), anything else is refused
// with the reason. Materials the government already holds are fetched through the
// data-sharing module with the case as the legal basis and shown to the applicant before
// the case goes to the department. The clock runs in working days from acceptance; 补正 and
// special steps that do not count pause it. Every step is an event; the applicant, the
// form, comments and fetched values travel only in personal payloads.
//
// Depends on: core, store, ledger, catalog, exchange, credentials.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/status.h"
#include "credentials/credentials.h"
#include "exchange/exchange.h"
#include "ledger/sequencer.h"
#include "store/store.h"

namespace sunlight::cases {

struct Config {
  WorkCalendar calendar;
  int warn_days = 2;             // warn this many working days before a deadline
  int rectify_contact_days = 1;  // a bad rating: contact the applicant within …
  int rectify_fix_days = 15;     // … and fix within (working days)
  std::shared_ptr<const credentials::Issuer> issuer;  // signs e-licences for approved cases
};
using ConfigPtr = std::shared_ptr<const Config>;

void register_module(ledger::Registry& registry);

// The case basis for data sharing: lets exchange check "a case of S that B is handling".
exchange::CaseLookup case_lookup();
// A subject's personal data in cases (applications, forms, fetched values, notes, uploads,
// the e-licences issued to them) for erasure. Case records themselves stay (their dates, steps and
// outcomes are public administrative records); who applied and what they submitted goes.
exchange::ErasureSource erasure_source();

// Uploads ---------------------------------------------------------------------------------

inline constexpr size_t kMaxUploadBytes = 10 * 1024 * 1024;
// Stores a file by its SHA-256 (hex). The type is checked against the file's first bytes
// (PDF, JPEG, PNG). The bytes are kept off the log; the leaf commits to the hash.
Result<ledger::Decide> store_upload(const std::string& owner, const std::string& media_type,
                                    std::string bytes);
struct Upload {
  std::string hash, media_type, owner;
  int64_t size = 0;
};
std::optional<Upload> find_upload(store::Connection& c, const std::string& hash,
                                  const std::string& owner);
std::optional<std::string> upload_bytes(store::Connection& c, const std::string& hash);

// Applying --------------------------------------------------------------------------------

// Who acts: a citizen (for themselves or as a business's legal representative) or, when
// `on` is set, the platform migrating a case with its original dates (never over HTTP).
struct Applicant {
  std::string citizen;            // the person applying (identity number)
  std::optional<std::string> on;  // YYYY-MM-DD, for migrated cases only
};
// The application form of an item or a life event, built from its definition: contact
// fields, one declaration for each of its conditions (申请条件; a life event's items'
// conditions in order, each once), and its materials with where each will come from.
// Each material says, by the rule the application itself uses, where it will come from: for
// `who` (acting for `business` when given) once signed in, or for anyone before.
// `online: false` with `not_online` (zh/en) when the item cannot be applied for online, and
// `audience` lists the applicant kinds that may apply. For an item that serves businesses
// only, a signed-in person who names no business is planned for the one business they
// represent (`business` in the answer); one who represents none or several sees the plans as
// anyone does, with `businesses` listing those they may name.
Result<nlohmann::json> form_of(store::Connection& c, const std::string& item_or_life_event,
                               const std::optional<Applicant>& who = std::nullopt,
                               const std::optional<std::string>& business = std::nullopt);

// Body: {"item" | "life_event", "applicant": {"kind": "business", "id"}?, "channel",
// "form": {"phone", "address"?, "email"?, "note"?, "declarations": [true, …]},
// "materials": [{"name", "upload"}], "submit": bool}. The declarations confirm the
// conditions of form_of, in order. Returns the case (draft when fetched materials wait for
// the applicant's preview).
Result<ledger::Decide> apply(const Applicant& who, const nlohmann::json& body, ConfigPtr config);
// The applicant confirms the preview of fetched materials: draft → submitted.
ledger::Decide confirm(Applicant who, std::string no, ConfigPtr config);
// After 补正: the materials asked for, as uploads. Body {"materials": [{"name", "upload"}]}.
Result<ledger::Decide> resubmit(const Applicant& who, const std::string& no,
                                const nlohmann::json& body, ConfigPtr config);
ledger::Decide withdraw(Applicant who, std::string no, ConfigPtr config);

// Handling --------------------------------------------------------------------------------

struct Officer {
  std::string id, org;
  std::optional<std::string> on;  // migrated cases only
};
inline const std::vector<std::string> kActions = {"accept",  "not_accept",    "return",
                                                  "advance", "special_start", "special_end",
                                                  "approve", "reject",        "deliver"};
// Body: {"action", "comment"?, "materials"? (return: names asked for), "step"? (special_start)}.
Result<ledger::Decide> act(const Officer& who, const std::string& no, const nlohmann::json& body,
                           ConfigPtr config);
ledger::Decide claim(Officer who, std::string no);
Result<ledger::Decide> record_visit(const Officer& who, const std::string& no,
                                    const nlohmann::json& body);
Result<ledger::Decide> comment(const Officer& who, const std::string& no,
                               const nlohmann::json& body);

// Ratings (好差评) ---------------------------------------------------------------------------

inline const std::vector<std::string> kIndicators = {"guide",    "process",   "timeliness",
                                                     "attitude", "integrity", "online"};
// Body {"level": 1..5, "indicators": [...], "comment"?}. The bottom two open a rectification.
Result<ledger::Decide> rate(const Applicant& who, const std::string& no, const nlohmann::json& body,
                            ConfigPtr config);
// Officer steps of a rectification: "contact", "fix" (body {"note"}).
Result<ledger::Decide> rectify(const Officer& who, const std::string& no, const std::string& step,
                               const nlohmann::json& body);
Result<ledger::Decide> appeal(const Applicant& who, const std::string& no,
                              const nlohmann::json& body);
// An auditor's finding on an appeal: {"upheld": bool, "finding"}.
Result<ledger::Decide> decide_appeal(const Officer& who, const std::string& no,
                                     const nlohmann::json& body);

// Reading ---------------------------------------------------------------------------------

struct Case {
  std::string no, parent, item, life_event, org, region, applicant_kind, channel, status, stage,
      outcome;
  std::optional<std::string> applicant, agent, assignee;
  std::vector<std::string> stages;
  std::string applied_on, submitted_on, accepted_on, decided_on, closed_on;
  int statutory_days = 0, promised_days = 0, promised_visits = 0, visits = 0, paused_days = 0;
  std::string statutory_due, promised_due, paused_since, pause_kind;
  bool provisional = false;  // a deadline falls in a year the calendar does not cover
  uint64_t index = 0;        // the leaf that created it
};
std::optional<Case> find_case(store::Connection& c, const std::string& no);
// The deadline state of a case today: for "statutory" and "promised", one of "none",
// "ok", "due_soon", "due_today", "overdue", "paused"; with working days left.
nlohmann::json clock_json(const Case& k, const Config& config, int64_t today);
// The status a case shows its applicant: its own, except that a life event's case, while its
// parts are handled, is `returned` when a part waits for the applicant's correction and
// `in_progress` when any part is being handled.
std::string shown_status(store::Connection& c, const Case& k);
// The whole case as its applicant or its handling officers see it: timeline with proofs,
// materials with their sources (and values for the applicant's preview), children.
nlohmann::json case_json(store::Connection& c, const Case& k, const Config& config, bool personal);

struct QueueFilter {
  std::string org;
  std::optional<std::string> status, item, due_before, assignee;
  bool overdue_only = false;
  int limit = 50, offset = 0;
};
std::vector<Case> queue(store::Connection& c, const QueueFilter& f, const std::string& today);
std::vector<Case> cases_of(store::Connection& c, const std::string& citizen, int limit, int offset);
// Open cases of an organisation past or near a deadline.
nlohmann::json alerts(store::Connection& c, const std::string& org, const Config& config,
                      int64_t today);
// Public aggregates by organisation and by item: cases, time to decision, overdue rate,
// visits against the promise, ratings and rectifications.
nlohmann::json performance(store::Connection& c, const std::optional<std::string>& org,
                           const std::optional<std::string>& item);
nlohmann::json rectifications(store::Connection& c, const std::optional<std::string>& org,
                              const std::optional<std::string>& status,
                              const std::optional<std::string>& case_no = std::nullopt);

}  // namespace sunlight::cases
