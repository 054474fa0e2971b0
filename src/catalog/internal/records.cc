// The catalogue records' JSON forms. Each to_json writes exactly the members of the
// normalised import document (docs/import-format.md); each from_json reads them back,
// giving members an older document lacks their default.
#include "catalog/records.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace sunlight::catalog {

using nlohmann::json;

namespace {

template <typename T>
void get_or(const json& j, const char* name, T& out) {
  if (auto it = j.find(name); it != j.end() && !it->is_null()) it->get_to(out);
}

template <typename T>
void get_optional(const json& j, const char* name, std::optional<T>& out) {
  if (auto it = j.find(name); it != j.end() && !it->is_null()) out = it->get<T>();
}

}  // namespace

void to_json(json& j, const LegalRef& v) { j = json{{"law", v.law}, {"article", v.article}}; }
void from_json(const json& j, LegalRef& v) {
  j.at("law").get_to(v.law);
  j.at("article").get_to(v.article);
}

void to_json(json& j, const Article& v) {
  j = json{{"number", v.number}, {"text", v.text}, {"text_kind", v.text_kind}};
}
void from_json(const json& j, Article& v) {
  j.at("number").get_to(v.number);
  j.at("text").get_to(v.text);
  get_or(j, "text_kind", v.text_kind);
}

void to_json(json& j, const Law& v) {
  j = json{
      {"id", v.id},         {"title", v.title},       {"title_en", v.title_en}, {"level", v.level},
      {"issuer", v.issuer}, {"invented", v.invented}, {"articles", v.articles}};
  if (v.promulgated) j["promulgated"] = *v.promulgated;
  if (v.effective) j["effective"] = *v.effective;
}
void from_json(const json& j, Law& v) {
  j.at("id").get_to(v.id);
  j.at("title").get_to(v.title);
  get_or(j, "title_en", v.title_en);
  get_or(j, "level", v.level);
  get_or(j, "issuer", v.issuer);
  get_optional(j, "promulgated", v.promulgated);
  get_optional(j, "effective", v.effective);
  get_or(j, "invented", v.invented);
  get_or(j, "articles", v.articles);
}

void to_json(json& j, const Stage& v) { j = json{{"stage", v.stage}, {"duty", v.duty}}; }
void from_json(const json& j, Stage& v) {
  j.at("stage").get_to(v.stage);
  get_or(j, "duty", v.duty);
}

void to_json(json& j, const Power& v) {
  j = json{{"code", v.code},     {"name", v.name},
           {"type", v.type},     {"holder", v.holder},
           {"object", v.object}, {"basis", v.basis},
           {"stages", v.stages}, {"accountability", v.accountability}};
}
void from_json(const json& j, Power& v) {
  j.at("code").get_to(v.code);
  j.at("name").get_to(v.name);
  j.at("type").get_to(v.type);
  j.at("holder").get_to(v.holder);
  get_or(j, "object", v.object);
  get_or(j, "basis", v.basis);
  get_or(j, "stages", v.stages);
  get_or(j, "accountability", v.accountability);
}

void to_json(json& j, const MaterialSource& v) {
  j = json{{"kind", v.kind}};
  if (v.resource) j["resource"] = *v.resource;
  if (v.fields) j["fields"] = *v.fields;
  if (v.catalog_code) j["catalog_code"] = *v.catalog_code;
}
void from_json(const json& j, MaterialSource& v) {
  get_or(j, "kind", v.kind);
  get_optional(j, "resource", v.resource);
  get_optional(j, "fields", v.fields);
  get_optional(j, "catalog_code", v.catalog_code);
}

void to_json(json& j, const Material& v) {
  j = json{{"name", v.name},
           {"required", v.required},
           {"trust", v.trust},
           {"note", v.note},
           {"source", v.source}};
}
void from_json(const json& j, Material& v) {
  j.at("name").get_to(v.name);
  get_or(j, "required", v.required);
  get_or(j, "trust", v.trust);
  get_or(j, "note", v.note);
  get_or(j, "source", v.source);
}

void to_json(json& j, const Fee& v) {
  j = json{{"name", v.name}, {"amount_fen", v.amount_fen}};
  if (v.basis) j["basis"] = *v.basis;
}
void from_json(const json& j, Fee& v) {
  j.at("name").get_to(v.name);
  get_or(j, "amount_fen", v.amount_fen);
  get_optional(j, "basis", v.basis);
}

void to_json(json& j, const Place& v) {
  j = json{{"name", v.name}, {"address", v.address}, {"hours", v.hours}};
}
void from_json(const json& j, Place& v) {
  get_or(j, "name", v.name);
  get_or(j, "address", v.address);
  get_or(j, "hours", v.hours);
}

void to_json(json& j, const SpecialStep& v) {
  j = json{
      {"name", v.name}, {"counts_toward_limit", v.counts_toward_limit}, {"max_days", v.max_days}};
}
void from_json(const json& j, SpecialStep& v) {
  j.at("name").get_to(v.name);
  get_or(j, "counts_toward_limit", v.counts_toward_limit);
  get_or(j, "max_days", v.max_days);
}

void to_json(json& j, const Output& v) {
  j = json{{"name", v.name}, {"licence", v.licence}};
  if (v.register_resource) j["register"] = *v.register_resource;
}
void from_json(const json& j, Output& v) {
  j.at("name").get_to(v.name);
  get_or(j, "licence", v.licence);
  get_optional(j, "register", v.register_resource);
}

void to_json(json& j, const ServiceItem& v) {
  j = json{{"code", v.code},
           {"catalog_code", v.catalog_code},
           {"name", v.name},
           {"name_en", v.name_en},
           {"region", v.region},
           {"org", v.org},
           {"competent_org", v.competent_org},
           {"power", v.power},
           {"type", v.type},
           {"audience", v.audience},
           {"basis", v.basis},
           {"conditions", v.conditions},
           {"materials", v.materials},
           {"fees", v.fees},
           {"channels", v.channels},
           {"places", v.places},
           {"statutory_days", v.statutory_days},
           {"promised_days", v.promised_days},
           {"special_steps", v.special_steps},
           {"visits", v.visits},
           {"online_depth", v.online_depth},
           {"keywords", v.keywords},
           {"description", v.description}};
  if (v.output) j["output"] = *v.output;
}
void from_json(const json& j, ServiceItem& v) {
  j.at("code").get_to(v.code);
  get_or(j, "catalog_code", v.catalog_code);
  j.at("name").get_to(v.name);
  get_or(j, "name_en", v.name_en);
  get_or(j, "region", v.region);
  get_or(j, "org", v.org);
  get_or(j, "competent_org", v.competent_org);
  if (v.competent_org.empty()) v.competent_org = v.org;
  get_or(j, "power", v.power);
  get_or(j, "type", v.type);
  get_or(j, "audience", v.audience);
  get_or(j, "basis", v.basis);
  get_or(j, "conditions", v.conditions);
  get_or(j, "materials", v.materials);
  get_or(j, "fees", v.fees);
  get_or(j, "channels", v.channels);
  get_or(j, "places", v.places);
  get_or(j, "statutory_days", v.statutory_days);
  get_or(j, "promised_days", v.promised_days);
  get_or(j, "special_steps", v.special_steps);
  get_or(j, "visits", v.visits);
  get_or(j, "online_depth", v.online_depth);
  get_optional(j, "output", v.output);
  get_or(j, "keywords", v.keywords);
  get_or(j, "description", v.description);
}

bool ServiceItem::serves(std::string_view kind) const {
  return std::find(audience.begin(), audience.end(), kind) != audience.end();
}

bool ServiceItem::offered_online() const {
  return std::find(channels.begin(), channels.end(), "online") != channels.end();
}

int64_t ServiceItem::total_fee_fen() const {
  int64_t sum = 0;
  for (const auto& f : fees) sum += f.amount_fen;
  return sum;
}

void to_json(json& j, const LifeEvent& v) {
  j = json{{"code", v.code},
           {"name", v.name},
           {"name_en", v.name_en},
           {"region", v.region},
           {"lead_org", v.lead_org},
           {"items", v.items},
           {"promised_days", v.promised_days},
           {"visits", v.visits},
           {"description", v.description},
           {"keywords", v.keywords}};
}
void from_json(const json& j, LifeEvent& v) {
  j.at("code").get_to(v.code);
  j.at("name").get_to(v.name);
  get_or(j, "name_en", v.name_en);
  get_or(j, "region", v.region);
  get_or(j, "lead_org", v.lead_org);
  get_or(j, "items", v.items);
  get_or(j, "promised_days", v.promised_days);
  get_or(j, "visits", v.visits);
  get_or(j, "description", v.description);
  get_or(j, "keywords", v.keywords);
}

void to_json(json& j, const ResourceField& v) {
  j = json{{"name", v.name}, {"label", v.label}, {"personal", v.personal}};
}
void from_json(const json& j, ResourceField& v) {
  j.at("name").get_to(v.name);
  get_or(j, "label", v.label);
  get_or(j, "personal", v.personal);
}

void to_json(json& j, const DataResource& v) {
  j = json{{"id", v.id},
           {"name", v.name},
           {"name_en", v.name_en},
           {"holder", v.holder},
           {"subject", v.subject},
           {"fields", v.fields},
           {"default_fields", v.default_fields},
           {"sharing", v.sharing},
           {"open", v.open},
           {"basis", v.basis},
           {"update_frequency", v.update_frequency},
           {"description", v.description}};
}
void from_json(const json& j, DataResource& v) {
  j.at("id").get_to(v.id);
  j.at("name").get_to(v.name);
  get_or(j, "name_en", v.name_en);
  get_or(j, "holder", v.holder);
  get_or(j, "subject", v.subject);
  get_or(j, "fields", v.fields);
  get_or(j, "default_fields", v.default_fields);
  get_or(j, "sharing", v.sharing);
  get_or(j, "open", v.open);
  get_or(j, "basis", v.basis);
  get_or(j, "update_frequency", v.update_frequency);
  get_or(j, "description", v.description);
}

std::vector<std::string> DataResource::field_names() const {
  std::vector<std::string> names;
  names.reserve(fields.size());
  for (const auto& f : fields) names.push_back(f.name);
  return names;
}

void to_json(json& j, const Record& v) {
  std::visit([&j](const auto& r) { to_json(j, r); }, v);
}

}  // namespace sunlight::catalog
