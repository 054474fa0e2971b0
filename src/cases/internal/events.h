// The cases module's event types: uploads, applications and their handling, ratings and
// rectifications. The code that decides builds these; schema.cc and ratings.cc apply them.
// See ledger/event_type.h for how a field list becomes the leaf, the parser and the docs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/records.h"
#include "ledger/event_type.h"

namespace sunlight::cases::internal {

using ledger::data;
using ledger::personal;

struct UploadStored {
  static constexpr const char* kType = "upload.stored";
  static constexpr const char* kDoc =
      "an applicant uploaded a file (its bytes are kept off the log)";
  std::string media_type;
  int64_t size = 0;
  std::optional<std::string> hash, owner;
  static constexpr auto fields() {
    return std::tuple{data("media_type", &UploadStored::media_type,
                           "`application/pdf`, `image/jpeg`, `image/png`"),
                      data("size", &UploadStored::size, "bytes"),
                      personal("hash", &UploadStored::hash, "SHA-256 of the file"),
                      personal("owner", &UploadStored::owner, "who uploaded it")};
  }
};

// One material of an item's case, as the application resolved it.
struct CaseMaterial {
  int64_t seq = 0;
  std::string name;
  bool required = true;
  catalog::MaterialSource source;
  std::string via;  // "upload", "shared", "licence", "missing"
  std::optional<std::string> resource, licence_case;
  static constexpr auto fields() {
    return std::tuple{data("seq", &CaseMaterial::seq, ""),
                      data("name", &CaseMaterial::name, ""),
                      data("required", &CaseMaterial::required, ""),
                      data("source", &CaseMaterial::source, ""),
                      data("via", &CaseMaterial::via, ""),
                      data("resource", &CaseMaterial::resource, ""),
                      data("licence_case", &CaseMaterial::licence_case, "")};
  }
};

struct CaseApplied {
  static constexpr const char* kType = "case.applied";
  static constexpr const char* kDoc =
      "an application: one case per service item, and for a life event one more case that "
      "holds its parts";
  std::string no, org, region, applicant_kind, channel, status, on;
  std::optional<std::string> item, parent, life_event, stage, promised_due;
  std::vector<std::string> stages;
  std::vector<CaseMaterial> materials;
  int64_t statutory_days = 0, promised_days = 0, promised_visits = 0;
  std::optional<std::string> applicant, agent;
  std::optional<nlohmann::json> form;
  std::optional<std::map<std::string, std::string>> uploads;
  std::optional<std::map<std::string, nlohmann::json>> values;
  static constexpr auto fields() {
    using E = CaseApplied;
    return std::tuple{
        data("no", &E::no, "the case number"),
        data("org", &E::org, "the handling organisation"),
        data("region", &E::region, "the region code"),
        data("applicant_kind", &E::applicant_kind, "`person` or `business`"),
        data("channel", &E::channel, "`online`, `mobile` or `window`"),
        data("status", &E::status,
             "`draft` (fetched data awaits the applicant's preview) or `submitted`"),
        data("on", &E::on, "the date applied"),
        data("item", &E::item, "an item's case: the service item"),
        data("parent", &E::parent, "a part of a life event: the life event's case"),
        data("life_event", &E::life_event, "a life event's case: the life event"),
        data("stages", &E::stages, "the case's steps (empty for a life event's case)"),
        data("stage", &E::stage, "an item's case: its first step"),
        data("materials", &E::materials,
             "each material: `seq`, `name`, `required`, `source`, `via` (`upload`, `shared`, "
             "`licence`), `resource` (shared), `licence_case` (licence)"),
        data("statutory_days", &E::statutory_days, "the statutory time limit in working days"),
        data("promised_days", &E::promised_days, "the promised time limit in working days"),
        data("promised_visits", &E::promised_visits, "the most visits in person promised"),
        data("promised_due", &E::promised_due, "a life event's case: its promised completion date"),
        personal("applicant", &E::applicant,
                 "the applicant: a person's ID number or a credit code"),
        personal("agent", &E::agent, "the person who applied"),
        personal("form", &E::form, "the application form"),
        personal("uploads", &E::uploads, "material seq → upload hash"),
        personal("values", &E::values, "material seq → the fields fetched for it")};
  }
};

// The events that name only the case and the date.
struct CaseDated {
  std::string no, on;
  static constexpr auto fields() {
    return std::tuple{data("no", &CaseDated::no, "the case number"),
                      data("on", &CaseDated::on, "the date")};
  }
};

struct CaseSubmitted : CaseDated {
  static constexpr const char* kType = "case.submitted";
  static constexpr const char* kDoc =
      "the applicant confirmed a draft after previewing the fetched data";
};

struct CaseWithdrawn : CaseDated {
  static constexpr const char* kType = "case.withdrawn";
  static constexpr const char* kDoc = "the applicant withdrew the case before its decision";
};

struct CaseCompleted {
  static constexpr const char* kType = "case.completed";
  static constexpr const char* kDoc = "every part of a life event closed";
  std::string no, on, outcome;
  static constexpr auto fields() {
    return std::tuple{
        data("no", &CaseCompleted::no, "the life event's case"),
        data("on", &CaseCompleted::on, "the date"),
        data("outcome", &CaseCompleted::outcome,
             "`approved`, `partly_approved`, `rejected` or the one outcome all parts share")};
  }
};

struct CaseClaimed {
  static constexpr const char* kType = "case.claimed";
  static constexpr const char* kDoc = "an officer took the case";
  std::string no, officer;
  static constexpr auto fields() {
    return std::tuple{data("no", &CaseClaimed::no, "the case number"),
                      data("officer", &CaseClaimed::officer, "the officer's id")};
  }
};

// The events of a step an officer takes, with the officer's optional note.
struct CaseNoted {
  std::string no, on;
  std::optional<std::string> note;
  static constexpr auto fields() {
    return std::tuple{data("no", &CaseNoted::no, "the case number"),
                      data("on", &CaseNoted::on, "the date"),
                      personal("note", &CaseNoted::note, "the officer's note")};
  }
};

struct CaseNotAccepted : CaseNoted {
  static constexpr const char* kType = "case.not_accepted";
  static constexpr const char* kDoc = "the department refused to accept the application (不予受理)";
};

struct CaseVisited : CaseNoted {
  static constexpr const char* kType = "case.visited";
  static constexpr const char* kDoc = "the applicant came in person (counted against the promise)";
};

struct CaseCommented : CaseNoted {
  static constexpr const char* kType = "case.commented";
  static constexpr const char* kDoc = "an officer of the handling organisation commented";
};

struct CaseAccepted {
  static constexpr const char* kType = "case.accepted";
  static constexpr const char* kDoc =
      "the department accepted the application (受理); the clock starts";
  std::string no, on, stage, statutory_due, promised_due;
  int64_t paused_days = 0;
  bool provisional = false;
  std::optional<std::string> note;
  static constexpr auto fields() {
    using E = CaseAccepted;
    return std::tuple{data("no", &E::no, "the case number"),
                      data("on", &E::on, "the date"),
                      data("stage", &E::stage, "the step after acceptance"),
                      data("paused_days", &E::paused_days, "0"),
                      data("statutory_due", &E::statutory_due, "the statutory due date"),
                      data("promised_due", &E::promised_due, "the promised due date"),
                      data("provisional", &E::provisional,
                           "true when the working-day calendar does not yet cover the due date"),
                      personal("note", &E::note, "the officer's note")};
  }
};

struct CaseReturned {
  static constexpr const char* kType = "case.returned";
  static constexpr const char* kDoc =
      "the department asked for materials (补正), once, listing all";
  std::string no, on;
  std::vector<int64_t> materials;
  std::optional<std::string> note;
  static constexpr auto fields() {
    return std::tuple{
        data("no", &CaseReturned::no, "the case number"), data("on", &CaseReturned::on, "the date"),
        data("materials", &CaseReturned::materials, "the materials' numbers asked for"),
        personal("note", &CaseReturned::note, "the reason")};
  }
};

struct CaseResubmitted {
  static constexpr const char* kType = "case.resubmitted";
  static constexpr const char* kDoc = "the applicant supplied the materials asked for";
  std::string no, on, status;
  std::optional<int64_t> paused_days;
  std::optional<std::string> statutory_due, promised_due;
  std::optional<bool> provisional;
  std::optional<std::map<std::string, std::string>> uploads;
  static constexpr auto fields() {
    using E = CaseResubmitted;
    return std::tuple{
        data("no", &E::no, "the case number"),
        data("on", &E::on, "the date"),
        data("status", &E::status, "`submitted`, or `in_progress` after acceptance"),
        data("paused_days", &E::paused_days, "after acceptance: working days paused so far"),
        data("statutory_due", &E::statutory_due, "after acceptance: the moved statutory due date"),
        data("promised_due", &E::promised_due, "after acceptance: the moved promised due date"),
        data("provisional", &E::provisional, "after acceptance: whether the dates are provisional"),
        personal("uploads", &E::uploads, "material seq → upload hash")};
  }
};

struct CaseSpecialStarted {
  static constexpr const char* kType = "case.special_started";
  static constexpr const char* kDoc =
      "a special step began (听证, 检测, 专家评审 …); unless it counts toward the limit, the clock "
      "pauses";
  std::string no, on, step;
  bool counts_toward_limit = false;
  int64_t max_days = 0;
  std::optional<std::string> note;
  static constexpr auto fields() {
    using E = CaseSpecialStarted;
    return std::tuple{data("no", &E::no, "the case number"),
                      data("on", &E::on, "the date"),
                      data("step", &E::step, "the special step's name"),
                      data("counts_toward_limit", &E::counts_toward_limit,
                           "whether its days count toward the time limit"),
                      data("max_days", &E::max_days, "its longest duration"),
                      personal("note", &E::note, "the officer's note")};
  }
};

struct CaseSpecialEnded {
  static constexpr const char* kType = "case.special_ended";
  static constexpr const char* kDoc =
      "the special step ended; the due dates move by the days paused";
  std::string no, on, step, statutory_due, promised_due;
  int64_t paused_days = 0;
  bool provisional = false;
  std::optional<std::string> note;
  static constexpr auto fields() {
    using E = CaseSpecialEnded;
    return std::tuple{data("no", &E::no, "the case number"),
                      data("on", &E::on, "the date"),
                      data("step", &E::step, "the special step's name"),
                      data("paused_days", &E::paused_days, "working days paused so far"),
                      data("statutory_due", &E::statutory_due, "the moved statutory due date"),
                      data("promised_due", &E::promised_due, "the moved promised due date"),
                      data("provisional", &E::provisional, "whether the dates are provisional"),
                      personal("note", &E::note, "the officer's note")};
  }
};

struct CaseAdvanced {
  static constexpr const char* kType = "case.advanced";
  static constexpr const char* kDoc = "the case moved to its next step";
  std::string no, on, from, to;
  std::optional<std::string> note;
  static constexpr auto fields() {
    using E = CaseAdvanced;
    return std::tuple{data("no", &E::no, "the case number"), data("on", &E::on, "the date"),
                      data("from", &E::from, "the step left"),
                      data("to", &E::to, "the step entered"),
                      personal("note", &E::note, "the officer's note")};
  }
};

struct CaseDecided {
  static constexpr const char* kType = "case.decided";
  static constexpr const char* kDoc = "the department decided (准予 or 不予)";
  std::string no, on, outcome;
  bool closed = false, late_statutory = false, late_promised = false;
  std::optional<std::string> next_stage, note;
  static constexpr auto fields() {
    using E = CaseDecided;
    return std::tuple{
        data("no", &E::no, "the case number"),
        data("on", &E::on, "the date"),
        data("outcome", &E::outcome, "`approved` or `rejected`"),
        data("closed", &E::closed, "true unless delivery steps follow"),
        data("next_stage", &E::next_stage, "the delivery step that follows"),
        data("late_statutory", &E::late_statutory, "decided after the statutory due date"),
        data("late_promised", &E::late_promised, "decided after the promised due date"),
        personal("note", &E::note, "the officer's note (the reason of a refusal)")};
  }
};

struct CaseDelivered {
  static constexpr const char* kType = "case.delivered";
  static constexpr const char* kDoc = "the decision was delivered (送达) and the case closed";
  std::string no, on, stage;
  std::optional<std::string> note;
  static constexpr auto fields() {
    using E = CaseDelivered;
    return std::tuple{data("no", &E::no, "the case number"), data("on", &E::on, "the date"),
                      data("stage", &E::stage, "the delivery step"),
                      personal("note", &E::note, "the officer's note")};
  }
};

struct CaseRated {
  static constexpr const char* kType = "case.rated";
  static constexpr const char* kDoc = "the applicant rated the service (好差评)";
  std::string no, on, org, item;
  int64_t round = 1, level = 0;
  std::vector<std::string> indicators;
  std::optional<std::string> note;
  static constexpr auto fields() {
    using E = CaseRated;
    return std::tuple{data("no", &E::no, "the case number"),
                      data("on", &E::on, "the date"),
                      data("round", &E::round, "1, or 2 for the follow-up after a rectification"),
                      data("level", &E::level, "1 (very poor) to 5 (very good)"),
                      data("indicators", &E::indicators, "the indicators the rating names"),
                      data("org", &E::org, "the organisation rated"),
                      data("item", &E::item, "the service item"),
                      personal("note", &E::note, "the applicant's comment")};
  }
};

struct RectificationOpened {
  static constexpr const char* kType = "rectification.opened";
  static constexpr const char* kDoc = "a poor rating opened a rectification (差评整改)";
  std::string no, on, org, contact_due, fix_due;
  static constexpr auto fields() {
    using E = RectificationOpened;
    return std::tuple{data("no", &E::no, "the case number"), data("on", &E::on, "the date"),
                      data("org", &E::org, "the organisation that must rectify"),
                      data("contact_due", &E::contact_due, "when the applicant must be contacted"),
                      data("fix_due", &E::fix_due, "when the fix is due")};
  }
};

// rectification.contacted and rectification.fixed.
struct RectificationStep {
  std::string no, on;
  bool late = false;
  std::optional<std::string> note;
  static constexpr auto fields() {
    using E = RectificationStep;
    return std::tuple{data("no", &E::no, "the case number"), data("on", &E::on, "the date"),
                      data("late", &E::late, "after its due date"),
                      personal("note", &E::note, "what was done")};
  }
};

struct RectificationAppealed {
  static constexpr const char* kType = "rectification.appealed";
  static constexpr const char* kDoc = "the organisation appealed the rating";
  std::string no, on;
  std::optional<std::string> note;
  static constexpr auto fields() {
    using E = RectificationAppealed;
    return std::tuple{data("no", &E::no, "the case number"), data("on", &E::on, "the date"),
                      personal("note", &E::note, "the reason")};
  }
};

struct RectificationAppealDecided {
  static constexpr const char* kType = "rectification.appeal_decided";
  static constexpr const char* kDoc = "the appeal was decided";
  std::string no, on;
  bool upheld = false;
  std::optional<std::string> note;
  static constexpr auto fields() {
    using E = RectificationAppealDecided;
    return std::tuple{data("no", &E::no, "the case number"), data("on", &E::on, "the date"),
                      data("upheld", &E::upheld, "whether the rating is set aside"),
                      personal("note", &E::note, "the finding")};
  }
};

}  // namespace sunlight::cases::internal
