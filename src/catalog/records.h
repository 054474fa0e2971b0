// The catalogue's records as types: what a law, a power, a service item, a life event and a
// data resource hold. Rules read these; JSON exists only at the edges (the import format, the
// API, the `record` of a catalogue event), converted by to_json / from_json below.
//
// A record's JSON form is the normalised document of docs/import-format.md: every member the
// import format defines is present (empty strings and lists included) except the few marked
// "absent when …" below, so that to_json(from_json(doc)) == doc for any document the
// validation produced — the bytes of a catalogue event's leaf depend on it.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sunlight::catalog {

// A legal basis: an article of a law.
struct LegalRef {
  std::string law;  // the law's id
  int64_t article = 0;
  bool operator==(const LegalRef&) const = default;
};

struct Article {
  int64_t number = 0;
  std::string text;
  std::string text_kind;  // "quote" (the article's words) or "summary"
  bool operator==(const Article&) const = default;
};

struct Law {
  std::string id, title, title_en, level, issuer;
  std::optional<std::string> promulgated, effective;  // absent when not given
  bool invented = false;  // the demo's own regulations, never a real one
  std::vector<Article> articles;
  bool operator==(const Law&) const = default;
};

// A responsibility stage of a power (受理, 审查, 决定 …) and the duty that comes with it.
struct Stage {
  std::string stage, duty;
  bool operator==(const Stage&) const = default;
};

struct Power {
  std::string code, name, type, holder, object;
  std::vector<LegalRef> basis;
  std::vector<Stage> stages;
  std::vector<std::string> accountability;  // 追责情形
  bool operator==(const Power&) const = default;
};

// Where a material comes from: the applicant, another department's data resource, or a
// licence issued by another service item.
struct MaterialSource {
  std::string kind = "applicant";                  // "applicant", "data_resource", "licence"
  std::optional<std::string> resource;             // data_resource only
  std::optional<std::vector<std::string>> fields;  // data_resource, absent for the defaults
  std::optional<std::string> catalog_code;         // licence only: the issuing item's catalog code
  bool operator==(const MaterialSource&) const = default;
};

struct Material {
  std::string name;
  bool required = true;
  std::string trust;  // A–D
  std::string note;
  MaterialSource source;
  bool operator==(const Material&) const = default;
};

struct Fee {
  std::string name;
  int64_t amount_fen = 0;
  std::optional<LegalRef> basis;  // absent when not given
  bool operator==(const Fee&) const = default;
};

struct Place {
  std::string name, address, hours;
  bool operator==(const Place&) const = default;
};

// 特殊环节: a step (hearing, expert review …) that may or may not count toward the limit.
struct SpecialStep {
  std::string name;
  bool counts_toward_limit = false;
  int64_t max_days = 0;
  bool operator==(const SpecialStep&) const = default;
};

struct Output {
  std::string name;
  bool licence = false;  // an e-licence (电子证照) is issued on approval
  // The data resource whose register records every licence of this kind, including those
  // issued before the platform (a business's 营业执照 in the market-entity register): holding
  // a record there is holding the licence.
  std::optional<std::string> register_resource;
  bool operator==(const Output&) const = default;
};

struct ServiceItem {
  std::string code, catalog_code, name, name_en, region, org, competent_org, power, type;
  std::vector<std::string> audience;  // "natural_person", "legal_person"
  std::vector<LegalRef> basis;
  std::vector<std::string> conditions;
  std::vector<Material> materials;
  std::vector<Fee> fees;
  std::vector<std::string> channels;
  std::vector<Place> places;
  int64_t statutory_days = 0, promised_days = 0;  // working days
  std::vector<SpecialStep> special_steps;
  int64_t visits = 0, online_depth = 1;
  std::optional<Output> output;  // absent when the item produces nothing to keep
  std::vector<std::string> keywords;
  std::string description;

  bool serves(std::string_view audience_kind) const;
  bool offered_online() const;
  int64_t total_fee_fen() const;
  bool operator==(const ServiceItem&) const = default;
};

struct LifeEvent {
  std::string code, name, name_en, region, lead_org;
  std::vector<std::string> items;  // service item codes, in the order they are handled
  int64_t promised_days = 0, visits = 0;
  std::string description;
  std::vector<std::string> keywords;
  bool operator==(const LifeEvent&) const = default;
};

struct ResourceField {
  std::string name, label;
  bool personal = true;
  bool operator==(const ResourceField&) const = default;
};

struct DataResource {
  std::string id, name, name_en, holder, subject;  // subject: "person" or "business"
  std::vector<ResourceField> fields;
  std::vector<std::string> default_fields;
  std::string sharing, open;  // "unconditional", "conditional", "none"
  std::vector<LegalRef> basis;
  std::string update_frequency = "daily";
  std::string description;

  std::vector<std::string> field_names() const;
  bool operator==(const DataResource&) const = default;
};

// Any catalogue record; the alternative's index is the catalog::Kind.
using Record = std::variant<Law, Power, ServiceItem, LifeEvent, DataResource>;

// JSON conversions (nlohmann's ADL hooks). from_json reads what to_json writes and tolerates
// members that older versions of the import format did not have (they take their defaults).
void to_json(nlohmann::json& j, const LegalRef& v);
void from_json(const nlohmann::json& j, LegalRef& v);
void to_json(nlohmann::json& j, const Article& v);
void from_json(const nlohmann::json& j, Article& v);
void to_json(nlohmann::json& j, const Stage& v);
void from_json(const nlohmann::json& j, Stage& v);
void to_json(nlohmann::json& j, const MaterialSource& v);
void from_json(const nlohmann::json& j, MaterialSource& v);
void to_json(nlohmann::json& j, const Material& v);
void from_json(const nlohmann::json& j, Material& v);
void to_json(nlohmann::json& j, const Fee& v);
void from_json(const nlohmann::json& j, Fee& v);
void to_json(nlohmann::json& j, const Place& v);
void from_json(const nlohmann::json& j, Place& v);
void to_json(nlohmann::json& j, const SpecialStep& v);
void from_json(const nlohmann::json& j, SpecialStep& v);
void to_json(nlohmann::json& j, const Output& v);
void from_json(const nlohmann::json& j, Output& v);
void to_json(nlohmann::json& j, const ResourceField& v);
void from_json(const nlohmann::json& j, ResourceField& v);
void to_json(nlohmann::json& j, const Law& v);
void from_json(const nlohmann::json& j, Law& v);
void to_json(nlohmann::json& j, const Power& v);
void from_json(const nlohmann::json& j, Power& v);
void to_json(nlohmann::json& j, const ServiceItem& v);
void from_json(const nlohmann::json& j, ServiceItem& v);
void to_json(nlohmann::json& j, const LifeEvent& v);
void from_json(const nlohmann::json& j, LifeEvent& v);
void to_json(nlohmann::json& j, const DataResource& v);
void from_json(const nlohmann::json& j, DataResource& v);
void to_json(nlohmann::json& j, const Record& v);

}  // namespace sunlight::catalog
