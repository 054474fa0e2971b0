#include "catalog/jsonld.h"

#include <map>
#include <utility>

#include "catalog/directory.h"

namespace sunlight::catalog {
namespace {

using nlohmann::json;

// CPSV-AP 3.2 --------------------------------------------------------------------------
//
// What the CPSV-AP view says, node by node. Every node a service points at is in the same
// graph and typed, because the CPSV-AP 3.2.0 SHACL shapes check a reference by the class of
// the node it names (sh:class); a reader never meets an IRI the document does not describe.
// The official shapes and the validator that holds the demo export to them (zero
// violations) are in tests/linked-data/.
//
//   cpsv:PublicService     items/{code}                 the service item
//   cv:PublicOrganisation  orgs/{id}                    also a foaf:Agent, as participants must be
//   dct:Location           regions/{code}               where a service or organisation acts
//   skos:Concept           catalog/{catalog_code}       the national basic catalogue entry
//                          concepts/{scheme}/{code}     power types, audiences, channel types,
//                                                       participation roles
//                          …/authority/currency/CNY     the EU currency table's renminbi
//   eli:LegalResource      laws/{law}#art{n}            an article of the legal basis
//   cv:Participation       items/{code}#implementer     the implementing body, when it is not
//                                                       the competent authority
//   cv:Requirement, cv:Evidence, cv:Cost, cv:Channel, cv:Output      items/{code}#…
//   time:TemporalEntity    items/{code}#hours-{n}       a service window's opening hours
//   cv:LifeEvent           life-events/{code}           (catalogue only) with its services

const json& cpsv_context() {
  static const json ctx = {{"cpsv", "http://purl.org/vocab/cpsv#"},
                           {"cv", "http://data.europa.eu/m8g/"},
                           {"dcat", "http://www.w3.org/ns/dcat#"},
                           {"dct", "http://purl.org/dc/terms/"},
                           {"foaf", "http://xmlns.com/foaf/0.1/"},
                           {"skos", "http://www.w3.org/2004/02/skos/core#"},
                           {"eli", "http://data.europa.eu/eli/ontology#"},
                           {"time", "http://www.w3.org/2006/time#"},
                           {"xsd", "http://www.w3.org/2001/XMLSchema#"},
                           {"PublicService", "cpsv:PublicService"},
                           {"PublicOrganisation", "cv:PublicOrganisation"},
                           {"Agent", "foaf:Agent"},
                           {"Location", "dct:Location"},
                           {"Concept", "skos:Concept"},
                           {"Participation", "cv:Participation"},
                           {"Evidence", "cv:Evidence"},
                           {"Cost", "cv:Cost"},
                           {"Channel", "cv:Channel"},
                           {"Output", "cv:Output"},
                           {"Requirement", "cv:Requirement"},
                           {"LifeEvent", "cv:LifeEvent"},
                           {"LegalResource", "eli:LegalResource"},
                           {"TemporalEntity", "time:TemporalEntity"}};
  return ctx;
}

json zh(const std::string& s) { return {{"@language", "zh"}, {"@value", s}}; }
json en(const std::string& s) { return {{"@language", "en"}, {"@value", s}}; }
json id_of(const std::string& iri) { return {{"@id", iri}}; }

json labels(const std::string& name_zh, const std::string& name_en) {
  json out = json::array({zh(name_zh)});
  if (!name_en.empty()) out.push_back(en(name_en));
  return out;
}

std::string iso_days(int64_t days) { return "P" + std::to_string(days) + "D"; }

// An amount in fen as a decimal number of yuan, exactly ("12.50").
std::string yuan(int64_t fen) {
  std::string cents = std::to_string(fen % 100);
  return std::to_string(fen / 100) + "." + (cents.size() == 1 ? "0" : "") + cents;
}

struct Label {
  const char* zh;
  const char* en;
};

const Label& channel_label(const std::string& c) {
  static const std::map<std::string, Label> names = {
      {"online", {"在线办理", "Online"}},
      {"window", {"窗口办理", "At a service window"}},
      {"mobile", {"移动端办理", "Mobile app"}},
      {"self_service", {"自助终端", "Self-service terminal"}},
      {"mail", {"邮寄办理", "By post"}}};
  static const Label other = {"其他", "Other"};
  auto it = names.find(c);
  return it == names.end() ? other : it->second;
}
const char* channel_type(const std::string& c) { return channel_label(c).zh; }

const Label& audience_label(const std::string& a) {
  static const std::map<std::string, Label> names = {
      {"natural_person", {"自然人", "Natural person"}}, {"legal_person", {"法人", "Legal person"}}};
  static const Label other = {"其他", "Other"};
  auto it = names.find(a);
  return it == names.end() ? other : it->second;
}

std::string describe(const RecordRow& item) {
  const auto& d = item.doc;
  std::string desc = d.value("description", "");
  if (!desc.empty()) return desc;
  return d.at("name").get<std::string>() + "：" + power_type_zh(d.at("type").get<std::string>()) +
         "事项，法定办结时限 " + std::to_string(d.at("statutory_days").get<int>()) +
         " 个工作日，承诺 " + std::to_string(d.at("promised_days").get<int>()) +
         " 个工作日，跑动 " + std::to_string(d.at("visits").get<int>()) + " 次。";
}

// One CPSV-AP graph under construction. The nodes of one service (its requirements, costs,
// …) go straight into the graph; nodes that many services name (organisations, locations,
// concepts, legal resources) are kept by IRI and written once, in IRI order, at the end.
class CpsvGraph {
 public:
  CpsvGraph(store::Connection& c, std::string base) : c_(c), base_(std::move(base)) {}

  void add_service(const RecordRow& item);
  void add_life_event(const RecordRow& life_event);

  json document() && {
    for (auto& entry : shared_) nodes_.push_back(std::move(entry.second));
    return {{"@context", cpsv_context()}, {"@graph", std::move(nodes_)}};
  }

 private:
  // Each returns the IRI of the node it makes sure the graph describes.
  std::string location(const std::string& code);
  std::string organisation(const std::string& id, const std::string& region_if_unknown);
  std::string skos_concept(const std::string& scheme, const std::string& code, const Label& label);
  std::string catalogue_entry(const std::string& catalog_code, const std::string& name);
  std::string currency_cny();
  std::string legal_resource(const std::string& law, int article);

  json participation(const RecordRow& item, const std::string& iri);
  json legal_basis(const RecordRow& item);
  json requirements(const RecordRow& item, const std::string& iri);
  json evidence(const RecordRow& item, const std::string& iri);
  json costs(const RecordRow& item, const std::string& iri);
  json channels(const RecordRow& item, const std::string& iri);
  json output(const RecordRow& item, const std::string& iri);

  void share(const std::string& iri, json node) { shared_.try_emplace(iri, std::move(node)); }
  bool shared(const std::string& iri) const { return shared_.count(iri) > 0; }

  store::Connection& c_;
  std::string base_;
  json nodes_ = json::array();
  std::map<std::string, json> shared_;
};

std::string CpsvGraph::location(const std::string& code) {
  std::string iri = base_ + "regions/" + code;
  if (shared(iri)) return iri;
  auto region = find_region(c_, code);
  share(iri,
        {{"@id", iri},
         {"@type", "Location"},
         {"dct:identifier", code},
         {"skos:prefLabel", region ? labels(region->name, region->name_en) : labels(code, "")}});
  return iri;
}

// A participant must be a foaf:Agent, which the shapes want titled as well as labelled.
std::string CpsvGraph::organisation(const std::string& id, const std::string& region_if_unknown) {
  std::string iri = base_ + "orgs/" + id;
  if (shared(iri)) return iri;
  auto org = find_organisation(c_, id);
  json names = org ? labels(org->name, org->name_en) : labels(id, "");
  share(iri, {{"@id", iri},
              {"@type", json::array({"PublicOrganisation", "Agent"})},
              {"dct:identifier", id},
              {"skos:prefLabel", names},
              {"dct:title", names},
              {"dct:spatial", id_of(location(org ? org->region : region_if_unknown))}});
  return iri;
}

std::string CpsvGraph::skos_concept(const std::string& scheme, const std::string& code,
                                    const Label& label) {
  std::string iri = base_ + "concepts/" + scheme + "/" + code;
  share(iri, {{"@id", iri},
              {"@type", "Concept"},
              {"skos:notation", code},
              {"skos:prefLabel", labels(label.zh, label.en)}});
  return iri;
}

// Items of different regions share a catalogue code and, by the catalogue's rules, its name.
std::string CpsvGraph::catalogue_entry(const std::string& catalog_code, const std::string& name) {
  std::string iri = base_ + "catalog/" + catalog_code;
  share(iri, {{"@id", iri},
              {"@type", "Concept"},
              {"skos:notation", catalog_code},
              {"skos:prefLabel", zh(name)}});
  return iri;
}

std::string CpsvGraph::currency_cny() {
  std::string iri = "http://publications.europa.eu/resource/authority/currency/CNY";
  share(iri, {{"@id", iri},
              {"@type", "Concept"},
              {"skos:notation", "CNY"},
              {"skos:prefLabel", labels("人民币", "Renminbi")}});
  return iri;
}

std::string CpsvGraph::legal_resource(const std::string& law, int article) {
  std::string iri = base_ + "laws/" + law + "#art" + std::to_string(article);
  if (shared(iri)) return iri;
  json node = {{"@id", iri},
               {"@type", "LegalResource"},
               {"dct:identifier", law + ":" + std::to_string(article)}};
  if (auto a = find_article(c_, law, article))
    node["dct:title"] = zh("《" + a->law_title + "》第" + std::to_string(article) + "条");
  share(iri, std::move(node));
  return iri;
}

// The nodes of one service item: the service and what only it points at. Each part below
// writes its nodes and returns the references the service holds to them.
void CpsvGraph::add_service(const RecordRow& item) {
  const auto& d = item.doc;
  const std::string iri = base_ + "items/" + item.key;
  const std::string region = d.at("region");
  const std::string type = d.at("type");
  json keywords = json::array();
  for (const auto& k : d.value("keywords", json::array())) keywords.push_back(zh(k));
  json audiences = json::array();
  for (const auto& a : d.at("audience"))
    audiences.push_back(id_of(skos_concept("audiences", a, audience_label(a))));
  json service = {{"@id", iri},
                  {"@type", "PublicService"},
                  {"dct:identifier", item.key},
                  {"dct:title", labels(d.at("name"), d.value("name_en", ""))},
                  {"dct:description", zh(describe(item))},
                  {"dct:type", id_of(skos_concept("power-types", type, {power_type_zh(type), ""}))},
                  {"dct:audience", audiences},
                  {"cv:hasCompetentAuthority", id_of(organisation(d.at("competent_org"), region))},
                  {"cv:isClassifiedBy", id_of(catalogue_entry(d.at("catalog_code"), d.at("name")))},
                  {"dct:spatial", id_of(location(region))},
                  {"cv:processingTime",
                   {{"@value", iso_days(d.at("promised_days"))}, {"@type", "xsd:duration"}}},
                  {"dcat:keyword", keywords},
                  {"cv:hasChannel", channels(item, iri)}};
  const std::pair<const char*, json> parts[] = {{"cv:hasParticipation", participation(item, iri)},
                                                {"cv:hasLegalResource", legal_basis(item)},
                                                {"cv:holdsRequirement", requirements(item, iri)},
                                                {"cpsv:hasInput", evidence(item, iri)},
                                                {"cv:hasCost", costs(item, iri)},
                                                {"cpsv:produces", output(item, iri)}};
  for (const auto& [property, refs] : parts)
    if (!refs.empty()) service[property] = refs;
  nodes_.push_back(std::move(service));
}

// The implementing body takes part in the service when it is not the competent authority
// itself (相对集中行政许可权, a delegated office).
json CpsvGraph::participation(const RecordRow& item, const std::string& iri) {
  const auto& d = item.doc;
  std::string org = organisation(d.at("org"), d.at("region"));
  if (d.at("org") == d.at("competent_org")) return json::array();
  std::string pid = iri + "#implementer";
  auto implementer = find_organisation(c_, d.at("org"));
  nodes_.push_back(
      {{"@id", pid},
       {"@type", "Participation"},
       {"dct:identifier", item.key + "-implementer"},
       {"dct:description",
        zh("实施机构：" + (implementer ? implementer->name : d.at("org").get<std::string>()))},
       {"cv:role", id_of(skos_concept("participation-roles", "implementer",
                                      {"实施机构", "Implementing body"}))},
       {"cv:hasParticipant", id_of(org)}});
  return json::array({id_of(pid)});
}

json CpsvGraph::legal_basis(const RecordRow& item) {
  json refs = json::array();
  for (const auto& b : item.doc.at("basis"))
    refs.push_back(id_of(legal_resource(b.at("law"), b.at("article"))));
  return refs;
}

// Conditions are requirements.
json CpsvGraph::requirements(const RecordRow& item, const std::string& iri) {
  json refs = json::array();
  int n = 0;
  for (const auto& condition : item.doc.at("conditions")) {
    std::string id = iri + "#requirement-" + std::to_string(++n);
    nodes_.push_back({{"@id", id},
                      {"@type", "Requirement"},
                      {"dct:identifier", item.key + "-R" + std::to_string(n)},
                      {"dct:title", zh(condition)}});
    refs.push_back(id_of(id));
  }
  return refs;
}

// Materials are evidence, described by where they come from.
json CpsvGraph::evidence(const RecordRow& item, const std::string& iri) {
  json refs = json::array();
  int n = 0;
  for (const auto& m : item.doc.at("materials")) {
    std::string id = iri + "#evidence-" + std::to_string(++n);
    std::string src = m.at("source").at("kind");
    nodes_.push_back(
        {{"@id", id},
         {"@type", "Evidence"},
         {"dct:identifier", item.key + "-E" + std::to_string(n)},
         {"dct:title", zh(m.at("name"))},
         {"dct:description", zh(src == "applicant" ? "申请人提交"
                                : src == "licence" ? "由其他事项产生的证照，免于提交"
                                                   : "由部门共享数据获取，免于提交")}});
    refs.push_back(id_of(id));
  }
  return refs;
}

json CpsvGraph::costs(const RecordRow& item, const std::string& iri) {
  json refs = json::array();
  int n = 0;
  for (const auto& fee : item.doc.at("fees")) {
    std::string id = iri + "#cost-" + std::to_string(++n);
    nodes_.push_back(
        {{"@id", id},
         {"@type", "Cost"},
         {"dct:identifier", item.key + "-C" + std::to_string(n)},
         {"dct:description", zh(fee.at("name"))},
         {"cv:hasValue", {{"@value", yuan(fee.at("amount_fen"))}, {"@type", "xsd:double"}}},
         {"cv:currency", id_of(currency_cny())}});
    refs.push_back(id_of(id));
  }
  return refs;
}

// The service window's channel carries the opening hours of each place it is offered at.
json CpsvGraph::channels(const RecordRow& item, const std::string& iri) {
  json refs = json::array();
  for (const auto& ch : item.doc.at("channels")) {
    std::string id = iri + "#channel-" + ch.get<std::string>();
    json channel = {{"@id", id},
                    {"@type", "Channel"},
                    {"dct:identifier", item.key + "-" + ch.get<std::string>()},
                    {"dct:type", id_of(skos_concept("channels", ch, channel_label(ch)))}};
    if (ch == "window") {
      json hours = json::array();
      int n = 0;
      for (const auto& place : item.doc.at("places")) {
        std::string hid = iri + "#hours-" + std::to_string(++n);
        nodes_.push_back({{"@id", hid},
                          {"@type", "TemporalEntity"},
                          {"dct:description", zh(place.at("name").get<std::string>() + "：" +
                                                 place.at("hours").get<std::string>())}});
        hours.push_back(id_of(hid));
      }
      if (!hours.empty()) channel["cv:openingHours"] = hours;
    }
    nodes_.push_back(std::move(channel));
    refs.push_back(id_of(id));
  }
  return refs;
}

json CpsvGraph::output(const RecordRow& item, const std::string& iri) {
  if (!item.doc.contains("output")) return json::array();
  std::string id = iri + "#output";
  nodes_.push_back({{"@id", id},
                    {"@type", "Output"},
                    {"dct:identifier", item.key + "-O"},
                    {"dct:title", zh(item.doc.at("output").at("name"))}});
  return json::array({id_of(id)});
}

// A life event names its services with cv:hasRelatedService (Event, of which LifeEvent is a
// subclass). On a page of the catalogue the services may be described on other pages.
void CpsvGraph::add_life_event(const RecordRow& life_event) {
  const auto& d = life_event.doc;
  json services = json::array();
  for (const auto& i : d.at("items"))
    services.push_back(id_of(base_ + "items/" + i.get<std::string>()));
  nodes_.push_back(
      {{"@id", base_ + "life-events/" + life_event.key},
       {"@type", "LifeEvent"},
       {"dct:identifier", life_event.key},
       {"dct:title", labels(d.at("name"), d.value("name_en", ""))},
       {"dct:description", zh(d.value("description", d.at("name").get<std::string>()))},
       {"cv:hasRelatedService", services}});
}

}  // namespace

json cpsv_ap_item(store::Connection& c, const RecordRow& item, const std::string& base) {
  CpsvGraph graph(c, base);
  graph.add_service(item);
  return std::move(graph).document();
}

json cpsv_ap_catalogue(store::Connection& c, const std::string& base, int limit, int offset) {
  CpsvGraph graph(c, base);
  ListFilter f;
  f.limit = limit;
  f.offset = offset;
  for (const auto& item : list_records(c, Kind::kItem, f)) graph.add_service(item);
  ListFilter all;
  all.limit = 100000;
  for (const auto& le : list_records(c, Kind::kLifeEvent, all)) graph.add_life_event(le);
  return std::move(graph).document();
}

namespace {

// schema.org names the same nodes by the same IRIs as the CPSV-AP view.
json schema_organisation(store::Connection& c, const std::string& id, const std::string& base) {
  auto org = find_organisation(c, id);
  return {{"@type", "GovernmentOrganization"},
          {"@id", base + "orgs/" + id},
          {"identifier", id},
          {"name", org ? org->name : id}};
}

json schema_item(store::Connection& c, const RecordRow& item, const std::string& base) {
  const auto& d = item.doc;
  const std::string region_code = d.at("region");
  auto region = find_region(c, region_code);
  json channels = json::array();
  for (const auto& ch : d.at("channels")) {
    json channel = {{"@type", "ServiceChannel"},
                    {"name", channel_type(ch)},
                    {"processingTime", iso_days(d.at("promised_days"))}};
    if (ch == "window" && !d.at("places").empty()) {
      // A CivicStructure is the kind of Place that has opening hours.
      const auto& p = d.at("places")[0];
      channel["serviceLocation"] = {{"@type", "CivicStructure"},
                                    {"name", p.at("name")},
                                    {"address", p.at("address")},
                                    {"openingHours", p.at("hours")}};
    }
    channels.push_back(channel);
  }
  json audiences = json::array();
  for (const auto& a : d.at("audience"))
    audiences.push_back({{"@type", "Audience"}, {"audienceType", audience_label(a).zh}});
  json s = {{"@type", "GovernmentService"},
            {"@id", base + "items/" + item.key},
            {"identifier", item.key},
            {"name", d.at("name")},
            {"description", describe(item)},
            {"serviceType", power_type_zh(d.at("type").get<std::string>())},
            {"category", d.at("catalog_code")},
            {"keywords", d.value("keywords", json::array())},
            {"provider", schema_organisation(c, d.at("org"), base)},
            {"serviceOperator", schema_organisation(c, d.at("competent_org"), base)},
            {"areaServed",
             {{"@type", "AdministrativeArea"},
              {"@id", base + "regions/" + region_code},
              {"identifier", region_code},
              {"name", region ? region->name : region_code}}},
            {"availableChannel", channels},
            {"audience", audiences}};
  if (!d.value("name_en", "").empty()) s["alternateName"] = d.at("name_en");
  if (d.contains("output"))
    s["serviceOutput"] = {{"@type", "Thing"}, {"name", d["output"].at("name")}};
  json offers = json::array();
  for (const auto& fee : d.at("fees"))
    offers.push_back({{"@type", "Offer"},
                      {"name", fee.at("name")},
                      {"price", fee.at("amount_fen").get<int64_t>() / 100.0},
                      {"priceCurrency", "CNY"}});
  if (offers.empty())
    offers.push_back({{"@type", "Offer"}, {"price", 0}, {"priceCurrency", "CNY"}});
  s["offers"] = offers;
  return s;
}

}  // namespace

json schema_org_item(store::Connection& c, const RecordRow& item, const std::string& base) {
  json s = schema_item(c, item, base);
  s["@context"] = "https://schema.org";
  return s;
}

json schema_org_catalogue(store::Connection& c, const std::string& base, int limit, int offset) {
  ListFilter f;
  f.limit = limit;
  f.offset = offset;
  json graph = json::array();
  for (const auto& item : list_records(c, Kind::kItem, f))
    graph.push_back(schema_item(c, item, base));
  return {{"@context", "https://schema.org"}, {"@graph", graph}};
}

}  // namespace sunlight::catalog
