// The application (申请): load → decide → events, as the directory and exchange modules do.
//
//   load_application   reads the catalogue, the registers, the applicant's licences and
//                      uploads, and asks the access rule about every material it could fetch
//   decide_application pure: who may apply, the declarations, each material's source, the
//                      case numbers' events and the answer
//
// The guide (form_of, and the signed-in applicant's form) resolves materials with the same
// plan_material, so a material the guide calls 免提交 is one the application really fetches.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cases/internal/common.h"
#include "cases/internal/events.h"
#include "core/fields.h"
#include "exchange/exchange.h"

namespace sunlight::cases::internal {

// What an application asks for, as parsed at the edge.
struct ApplyRequest {
  std::optional<std::string> item, life_event;
  std::optional<std::vector<bool>> declarations;  // one per condition, as given
  std::string applicant_kind = "person";
  std::optional<std::string> business;  // credit code, when acting for a business
  std::string channel = "online";
  json form = json::object();
  std::map<std::string, std::string> uploads;  // material name → hash
  bool submit = true;
};
Result<ApplyRequest> parse_apply(const json& body);
// The "materials" list of an application or a resubmission: name → upload hash.
Result<std::map<std::string, std::string>> read_uploads(FieldReader& r);

// What the platform found about one material of one part, for one applicant (or, in the
// public guide, for no one in particular).
struct MaterialFacts {
  // A data resource: the sharing class and agreements (before any subject) …
  std::optional<exchange::SharingRefusal> refusal;
  std::string holder;  // the department that holds it, by name
  // … and, for an applicant, the access rule's decision for this part's case: granted with
  // its event and values, refused with its reason, or an input error (no record held).
  std::optional<exchange::AccessOutcome> access;
  std::optional<Status> access_error;
  // A licence: an approved case of the applicant's that issued it, a record in the register
  // of such licences, or a part of this same life event that will issue it.
  std::optional<std::string> licence_case;
  std::optional<std::string> licence_register;
  std::optional<std::string> sibling_case, sibling_name;
};

// Where a material will come from: "shared", "licence", "upload" (the applicant uploads it,
// or did), or "missing" (required, and neither fetched nor uploaded). `zh`/`en` say it in
// words for the guide and for the refusal.
struct MaterialPlan {
  std::string via;
  std::string zh, en;
  std::optional<std::string> resource, licence_case;
};
// `applicant_known`: false in the public guide (nothing can be looked up for anyone yet).
MaterialPlan plan_material(const catalog::Material& m, const MaterialFacts& f, bool uploaded,
                           bool applicant_known);

// One department's case inside an application.
struct Part {
  std::string no, item_code, org, region;
  std::shared_ptr<const catalog::RecordRow> item;
  Procedure procedure;
  bool founds_business = false;          // its licences are recorded in a register of businesses
  std::vector<MaterialFacts> materials;  // one per material of the item, in order
  std::map<std::string, std::string> uploads_owned;  // material name → hash the applicant owns
};

struct ApplicationFacts {
  std::string on, agent, applicant;  // agent: the person applying; applicant: whom for
  bool represents = true;            // the agent represents the business
  std::optional<catalog::RecordRow> life_event;
  std::string parent_no;     // the case number (a life event's, or the item's)
  std::string promised_due;  // a life event's promised completion
  std::vector<Part> parts;
  std::vector<std::string> conditions;       // every part's conditions, each once
  std::vector<std::string> uploads_unknown;  // named uploads that are not the applicant's
  bool migrated = false;                     // a case entered with its original date
};

// Who may apply for the parts: each part serves the applicant's kind, or — in a life event
// that founds a business — a part for businesses follows the part that registers it (its
// licence is recorded in a register of businesses). Null when they may.
std::optional<Status> audience_refusal(const std::vector<const catalog::ServiceItem*>& parts,
                                       bool business, const std::vector<bool>& founds_business);

// Whether `citizen` represents `business`: its registered legal representative (as a sign-in
// provider would assert).
bool represents(store::Connection& c, const std::string& citizen, const std::string& business);
Status not_representative();

// Loads one part's item and checks it takes applications: its power, its procedure, and the
// power list letting its organisation accept (受理) under a basis in force (法无授权不可为).
Status load_part(store::Connection& c, const std::string& code, const std::string& field,
                 Part& part);
// The facts of every material of `part`; `applicant` empty for the public guide. `earlier`:
// the parts of the same life event before it (their licences count as this application's).
void load_materials(store::Connection& c, Part& part, std::span<const Part> earlier,
                    const std::string& applicant, const std::string& agent,
                    const std::optional<std::string>& business);

Result<ApplicationFacts> load_application(store::Connection& c, const Applicant& who,
                                          const ApplyRequest& a, const Config& config);
Result<ledger::Decision> decide_application(const ApplyRequest& a, const ApplicationFacts& f);

}  // namespace sunlight::cases::internal
