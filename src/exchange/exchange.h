// Lawful data sharing (数据共享): department registers, sharing agreements, consents, every
// access decided against the law and logged, "who saw my data", erasure, and oversight.
//
// An officer of department B reads fields of subject S from department A's data resource
// only with a stated purpose and a basis: a power B holds (through a service item of B that
// needs that resource as a material), a case of S that B handles and whose item needs that
// material, or a valid consent of S. Only the fields the basis
// covers are released; 有条件共享 needs an approved agreement between the departments;
// 不予共享 is never released. Every decision — granted or denied — is an event whose leaf
// names the resource, fields, basis and outcome; the subject and the purpose travel in the
// personal payload (a salted commitment in the leaf).
//
// Registers are source data: loading one is an event per batch carrying a commitment to the
// batch; the rows live in kept tables that `rebuild` does not replay.
//
// Depends on: core, store, ledger, catalog (resources, items, powers, organisations).
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "catalog/network.h"
#include "core/status.h"
#include "ledger/sequencer.h"
#include "store/store.h"

namespace sunlight::exchange {

void register_module(ledger::Registry& registry);

// Subjects ------------------------------------------------------------------------------

// A person's resident identity number or a business's unified social credit code, checked
// against the resource's subject kind. Returns the normalised subject (upper-case X).
Result<std::string> parse_subject(const std::string& subject_kind, const std::string& text,
                                  const std::string& field);

// Registers -----------------------------------------------------------------------------

struct RegisterRow {
  std::string subject;
  nlohmann::json record;
};
// Validates rows against a resource (subject format, known fields). `location` prefixes
// errors ("registers/population.jsonl:12").
Status validate_register_rows(const catalog::DataResource& resource,
                              const std::vector<RegisterRow>& rows,
                              const std::vector<std::string>& locations);
// One batch of a register as one event; the rows are written to the kept register table.
// Rows are checked against the stored resource; errors name `locations` (file:line).
ledger::Decide load_register_batch(std::string resource, std::vector<RegisterRow> rows,
                                   std::vector<std::string> locations);
// The businesses (credit codes) whose registered legal representative is `person`, from the
// market-entity register (business-licence).
std::vector<std::string> businesses_represented(store::Connection& c, const std::string& person);
std::optional<nlohmann::json> find_register_record(store::Connection& c,
                                                   const std::string& resource,
                                                   const std::string& subject);

// Sharing agreements (有条件共享) --------------------------------------------------------

struct Agreement {
  std::string id, provider, consumer, resource, basis, valid_until, status;
  std::vector<std::string> fields;
};
Result<ledger::Decide> approve_agreement(const nlohmann::json& body);
ledger::Decide revoke_agreement(std::string id, std::string reason);
std::vector<Agreement> list_agreements(store::Connection& c, const std::optional<std::string>& org);
nlohmann::json to_json(const Agreement& a);

// Consents (授权) ------------------------------------------------------------------------

struct Consent {
  std::string id, subject, recipient, resource, purpose, granted_on, valid_until, status;
  std::vector<std::string> fields;
  int64_t uses = 0;
};
// A consent granted by `subject` (a citizen acting for themselves).
Result<ledger::Decide> grant_consent(const std::string& subject, const nlohmann::json& body);
// Validity can only be shortened; revocation takes effect at once.
Result<ledger::Decide> shorten_consent(const std::string& subject, const std::string& id,
                                       const nlohmann::json& body);
ledger::Decide revoke_consent(std::string subject, std::string id);
std::vector<Consent> consents_of(store::Connection& c, const std::string& subject);
std::optional<Consent> find_consent(store::Connection& c, const std::string& id);
nlohmann::json to_json(const Consent& c);

// Access --------------------------------------------------------------------------------

struct AccessRequest {
  std::string officer, org;  // from the token
  std::string resource, subject, purpose;
  std::vector<std::string> fields;
  std::string basis_kind;    // "power", "case" or "consent"
  std::string item;          // basis power: the service item whose material this is
  std::string case_no;       // basis case: a case of the subject that the organisation handles
  std::string consent;       // basis consent
  bool by_platform = false;  // fetched by the platform for a case, on the organisation's behalf
  std::optional<std::string> defer_until;     // hide from the subject until (investigations)
  std::optional<nlohmann::json> defer_basis;  // the legal basis for deferring: {law, article}
};
Result<AccessRequest> parse_access_request(const nlohmann::json& body);

// A case as the access rule sees it (the cases module owns cases; it passes a lookup in).
struct CaseBasis {
  std::string no, item, org;
  bool open = false;
  std::vector<std::string> subjects;  // the applicant and the people the case is about
};
using CaseLookup =
    std::function<std::optional<CaseBasis>(store::Connection&, const std::string& case_no)>;

// A service item as the access rule reads it: who implements it, the power it exercises, and
// which of its materials come from data resources (with the fields each names; none means the
// resource's default fields).
struct ItemRule {
  struct SharedMaterial {
    std::string name, resource;
    std::optional<std::vector<std::string>> fields;
  };
  std::string code, org, power;
  bool active = false;
  std::vector<SharedMaterial> materials;
};

// A power as the access rule reads it: its holder, its legal basis, and whether that basis
// stands (at least one article, every article existing in a law in force).
struct PowerBasis {
  std::string code, holder;
  bool active = false;
  std::vector<catalog::LegalRef> basis;
  bool in_force = false;
};

// What decide_access needs, loaded from the store.
struct AccessFacts {
  std::shared_ptr<const catalog::RecordRow> resource;  // parsed once per thread and version
  bool subject_known = false;
  std::optional<nlohmann::json> record;     // the subject's register record, when known
  std::optional<CaseBasis> case_basis;      // basis case
  std::shared_ptr<const ItemRule> item;     // basis power, or the case's item
  std::shared_ptr<const PowerBasis> power;  // the item's power
  std::optional<Agreement> agreement;       // for 有条件共享
  std::optional<Consent> consent;           // basis consent
  bool defer_basis_exists = false;
  std::string today;  // YYYY-MM-DD
};
struct AccessDecision {
  bool granted = false;
  std::string reason;  // machine code: "granted", "not_shared", "no_agreement", …
  std::string reason_zh, reason_en;
  std::vector<std::string> fields;  // released (granted) or requested (denied)
  nlohmann::json basis;             // what the decision rests on
};

// The rule. Input errors (unknown resource or subject, fields that are not the resource's)
// come back as a Status; refusals as a decision with granted == false.
Result<AccessDecision> decide_access(const AccessRequest& req, const AccessFacts& facts);
AccessFacts load_access_facts(store::Connection& c, const AccessRequest& req,
                              const CaseLookup& cases = {});

// Whether `org` may have data of `resource` shared with it at all, before any subject or
// basis: never for 不予共享, and for 有条件共享 (unless `org` holds the resource) only under an
// approved agreement. The access rule refuses on this same test; the application guide uses
// it to tell, before sign-in, which materials the platform can fetch. Null when it may.
struct SharingRefusal {
  std::string reason, zh, en;  // reason: "not_shared" or "no_agreement"
};
std::optional<SharingRefusal> sharing_refusal(const catalog::DataResource& resource,
                                              const std::string& org, bool has_agreement);
std::optional<SharingRefusal> sharing_refusal(store::Connection& c, const std::string& resource,
                                              const std::string& org);

// A decision with the event that logs it and, when granted, the released values.
struct AccessOutcome {
  AccessDecision decision;
  ledger::Event event;
  nlohmann::json values;          // {field: value} when granted
  nlohmann::json result() const;  // what the caller is answered
};
// Loads and decides inside another command's decide (a case fetching its materials).
Result<AccessOutcome> decide_and_record(store::Connection& c, const AccessRequest& req,
                                        const CaseLookup& cases);
// Loads, decides, and logs the decision; the result carries the released values.
ledger::Decide request_access(AccessRequest req, CaseLookup cases = {});

struct AccessRecord {
  uint64_t index = 0;
  std::string time, officer, org, resource, purpose, reason, visible_after;
  std::vector<std::string> fields;
  nlohmann::json basis;
  bool granted = false;
  std::optional<std::string> subject;
};
// "Who saw my data": the accesses to a subject's data that are visible to them today.
std::vector<AccessRecord> accesses_of(store::Connection& c, const std::string& subject,
                                      const std::string& today, int limit, int offset);
int64_t count_accesses_of(store::Connection& c, const std::string& subject,
                          const std::string& today);
// For auditors: every access, deferred ones included, optionally by officer.
std::vector<AccessRecord> all_accesses(store::Connection& c,
                                       const std::optional<std::string>& officer, int limit,
                                       int offset);
nlohmann::json to_json(const AccessRecord& r, bool for_auditor);

// Oversight: unusual volume per officer, accesses without a case, bulk reads after hours.
nlohmann::json anomalies(store::Connection& c);

// Erasure -------------------------------------------------------------------------------

// Another module's personal data about a subject: the log indexes of its payloads, and how
// to clear the rows derived from them (its kept tables and projections) at erasure.
struct ErasureSource {
  std::function<std::vector<int64_t>(store::Connection&, const std::string& subject)> payloads;
  std::function<void(store::Connection& tx, const std::string& subject)> clear;
};

// Erases a subject's personal payloads (accesses, consents, and those `others` name) and
// register rows where the law requires it. The log keeps every leaf; proofs stay valid.
Result<ledger::Decide> erase_subject(const std::string& subject, const nlohmann::json& body,
                                     std::vector<ErasureSource> others = {});

}  // namespace sunlight::exchange
