// The exchange module's event types: registers, sharing agreements, consents, accesses and
// erasure. See ledger/event_type.h for how a field list becomes the leaf, the parser and the
// docs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/event_type.h"

namespace sunlight::exchange::internal {

using ledger::data;
using ledger::personal;

// An article of a law, cited as a basis.
struct ArticleRef {
  std::string law;
  int64_t article = 0;
  static constexpr auto fields() {
    return std::tuple{data("law", &ArticleRef::law, ""), data("article", &ArticleRef::article, "")};
  }
};

struct RegisterLoaded {
  static constexpr const char* kType = "register.loaded";
  static constexpr const char* kDoc =
      "a batch of a department's register was loaded (the rows themselves are kept off the log)";
  std::string resource, commitment;
  int64_t batch = 0, records = 0;
  static constexpr auto fields() {
    using E = RegisterLoaded;
    return std::tuple{
        data("resource", &E::resource, "the data resource"),
        data("batch", &E::batch, "the batch number"), data("records", &E::records, "how many rows"),
        data("commitment", &E::commitment, "salted SHA-256 over the batch's canonical rows")};
  }
};

struct AgreementApproved {
  static constexpr const char* kType = "agreement.approved";
  static constexpr const char* kDoc = "a sharing agreement (有条件共享) between two departments";
  std::string id, provider, consumer, resource, basis, valid_until;
  std::vector<std::string> fields_shared;
  static constexpr auto fields() {
    using E = AgreementApproved;
    return std::tuple{data("id", &E::id, ""),
                      data("provider", &E::provider, "the holder"),
                      data("consumer", &E::consumer, "the department that may read"),
                      data("resource", &E::resource, "the data resource"),
                      data("fields", &E::fields_shared, "the fields it covers"),
                      data("basis", &E::basis, "the legal basis"),
                      data("valid_until", &E::valid_until, "date")};
  }
};

struct AgreementRevoked {
  static constexpr const char* kType = "agreement.revoked";
  static constexpr const char* kDoc = "a sharing agreement ended";
  std::string id, reason;
  static constexpr auto fields() {
    using E = AgreementRevoked;
    return std::tuple{data("id", &E::id, ""), data("reason", &E::reason, "")};
  }
};

struct ConsentGranted {
  static constexpr const char* kType = "consent.granted";
  static constexpr const char* kDoc =
      "a person consented (授权) to an organisation reading their data";
  std::string id, recipient, resource, granted_on, valid_until;
  std::vector<std::string> fields_shared;
  std::optional<std::string> subject, purpose;
  static constexpr auto fields() {
    using E = ConsentGranted;
    return std::tuple{data("id", &E::id, ""),
                      data("recipient", &E::recipient, "the organisation"),
                      data("resource", &E::resource, "the data resource"),
                      data("fields", &E::fields_shared, "the fields it covers"),
                      data("granted_on", &E::granted_on, "date"),
                      data("valid_until", &E::valid_until, "date"),
                      personal("subject", &E::subject, "the person"),
                      personal("purpose", &E::purpose, "what for")};
  }
};

struct ConsentShortened {
  static constexpr const char* kType = "consent.shortened";
  static constexpr const char* kDoc = "a consent's validity was shortened (never lengthened)";
  std::string id, valid_until;
  static constexpr auto fields() {
    using E = ConsentShortened;
    return std::tuple{data("id", &E::id, ""), data("valid_until", &E::valid_until, "the new end")};
  }
};

struct ConsentRevoked {
  static constexpr const char* kType = "consent.revoked";
  static constexpr const char* kDoc = "a consent was revoked, at once";
  std::string id, revoked_on;
  static constexpr auto fields() {
    using E = ConsentRevoked;
    return std::tuple{data("id", &E::id, ""), data("revoked_on", &E::revoked_on, "date")};
  }
};

// access.granted and access.denied.
struct AccessDecided {
  std::string resource, reason;
  std::vector<std::string> fields_read;
  nlohmann::json basis;
  std::optional<std::string> defer_until, for_org;
  std::optional<ArticleRef> defer_basis;
  std::optional<std::string> subject, purpose;
  static constexpr auto fields() {
    using E = AccessDecided;
    return std::tuple{
        data("resource", &E::resource, "the data resource"),
        data("fields", &E::fields_read, "released (granted) or requested (denied)"),
        data("basis", &E::basis,
             "`kind`: `power` with `item`, `power`, `law`, `material`, `agreement`; `case` with "
             "`case` and the same; or `consent` with `consent`"),
        data("reason", &E::reason, "`granted`, `not_shared`, `no_agreement`, …"),
        data("defer_until", &E::defer_until, "when deferred: the date the person sees it"),
        data("defer_basis", &E::defer_basis, "when deferred: `law`, `article`"),
        data("for_org", &E::for_org, "fetched by the platform for an application: the department"),
        personal("subject", &E::subject, "whose data"),
        personal("purpose", &E::purpose, "what for")};
  }
};

struct SubjectErased {
  static constexpr const char* kType = "subject.erased";
  static constexpr const char* kDoc =
      "a person's personal data was erased (payloads and register rows; the leaves stay)";
  std::vector<int64_t> payloads;
  ArticleRef basis;
  int64_t register_rows = 0;
  static constexpr auto fields() {
    using E = SubjectErased;
    return std::tuple{data("payloads", &E::payloads, "the leaf indexes whose payloads were erased"),
                      data("basis", &E::basis, "the legal basis: `law`, `article`"),
                      data("register_rows", &E::register_rows, "register rows erased")};
  }
};

}  // namespace sunlight::exchange::internal
