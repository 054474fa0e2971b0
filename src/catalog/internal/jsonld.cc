#include "catalog/jsonld.h"

#include <map>
#include <set>

#include "catalog/directory.h"

namespace sunlight::catalog {
namespace {

using nlohmann::json;

const json& cpsv_context() {
  static const json ctx = {{"cpsv", "http://purl.org/vocab/cpsv#"},
                           {"cv", "http://data.europa.eu/m8g/"},
                           {"dcat", "http://www.w3.org/ns/dcat#"},
                           {"dct", "http://purl.org/dc/terms/"},
                           {"skos", "http://www.w3.org/2004/02/skos/core#"},
                           {"eli", "http://data.europa.eu/eli/ontology#"},
                           {"locn", "http://www.w3.org/ns/locn#"},
                           {"schema", "http://schema.org/"},
                           {"xsd", "http://www.w3.org/2001/XMLSchema#"},
                           {"PublicService", "cpsv:PublicService"},
                           {"PublicOrganisation", "cv:PublicOrganisation"},
                           {"Evidence", "cv:Evidence"},
                           {"Cost", "cv:Cost"},
                           {"Channel", "cv:Channel"},
                           {"Output", "cv:Output"},
                           {"Requirement", "cv:Requirement"},
                           {"LifeEvent", "cv:LifeEvent"},
                           {"LegalResource", "eli:LegalResource"}};
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

const char* channel_type(const std::string& c) {
  static const std::map<std::string, const char*> names = {{"online", "在线办理"},
                                                           {"window", "窗口办理"},
                                                           {"mobile", "移动端办理"},
                                                           {"self_service", "自助终端"},
                                                           {"mail", "邮寄办理"}};
  auto it = names.find(c);
  return it == names.end() ? "其他" : it->second;
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

json organisation_node(store::Connection& c, const std::string& id, const std::string& base) {
  auto org = find_organisation(c, id);
  json node = {
      {"@id", base + "orgs/" + id}, {"@type", "PublicOrganisation"}, {"dct:identifier", id}};
  if (org) {
    node["skos:prefLabel"] = labels(org->name, org->name_en);
    node["dct:spatial"] = id_of(base + "regions/" + org->region);
  } else {
    node["skos:prefLabel"] = labels(id, "");
    node["dct:spatial"] = id_of(base + "regions/unknown");
  }
  return node;
}

// The nodes describing one item: the service and everything only it points at.
void cpsv_item_nodes(store::Connection& c, const RecordRow& item, const std::string& base,
                     json& graph, std::set<std::string>& orgs) {
  const auto& d = item.doc;
  std::string iri = base + "items/" + item.key;
  json service = {
      {"@id", iri},
      {"@type", "PublicService"},
      {"dct:identifier", item.key},
      {"dct:title", labels(d.at("name"), d.value("name_en", ""))},
      {"dct:description", zh(describe(item))},
      {"cv:hasCompetentAuthority",
       id_of(base + "orgs/" + d.at("competent_org").get<std::string>())},
      {"cv:isClassifiedBy", id_of(base + "catalog/" + d.at("catalog_code").get<std::string>())},
      {"dct:spatial", id_of(base + "regions/" + d.at("region").get<std::string>())},
      {"cv:processingTime",
       {{"@value", iso_days(d.at("promised_days"))}, {"@type", "xsd:duration"}}},
      {"dcat:keyword", d.value("keywords", json::array())}};
  orgs.insert(d.at("competent_org"));
  orgs.insert(d.at("org"));
  if (d.at("org") != d.at("competent_org"))
    service["cv:hasParticipation"] = {{"@id", iri + "#implementer"}};
  // Legal resources.
  json legal = json::array();
  for (const auto& b : d.at("basis")) {
    std::string law = b.at("law");
    int art = b.at("article");
    std::string lid = base + "laws/" + law + "#art" + std::to_string(art);
    json node = {{"@id", lid},
                 {"@type", "LegalResource"},
                 {"dct:identifier", law + ":" + std::to_string(art)}};
    if (auto a = find_article(c, law, art))
      node["dct:title"] = zh("《" + a->law_title + "》第" + std::to_string(art) + "条");
    graph.push_back(node);
    legal.push_back(id_of(lid));
  }
  if (!legal.empty()) service["cv:hasLegalResource"] = legal;
  // Conditions as requirements, materials as evidence.
  json reqs = json::array();
  int n = 0;
  for (const auto& cond : d.at("conditions")) {
    std::string rid = iri + "#requirement-" + std::to_string(++n);
    graph.push_back({{"@id", rid},
                     {"@type", "Requirement"},
                     {"dct:identifier", item.key + "-R" + std::to_string(n)},
                     {"dct:title", zh(cond)}});
    reqs.push_back(id_of(rid));
  }
  if (!reqs.empty()) service["cv:holdsRequirement"] = reqs;
  json inputs = json::array();
  n = 0;
  for (const auto& m : d.at("materials")) {
    std::string eid = iri + "#evidence-" + std::to_string(++n);
    std::string src = m.at("source").at("kind");
    json ev = {{"@id", eid},
               {"@type", "Evidence"},
               {"dct:identifier", item.key + "-E" + std::to_string(n)},
               {"dct:title", zh(m.at("name"))},
               {"dct:description", zh(src == "applicant" ? "申请人提交"
                                      : src == "licence" ? "由其他事项产生的证照，免于提交"
                                                         : "由部门共享数据获取，免于提交")}};
    graph.push_back(ev);
    inputs.push_back(id_of(eid));
  }
  if (!inputs.empty()) service["cpsv:hasInput"] = inputs;
  json costs = json::array();
  n = 0;
  for (const auto& fee : d.at("fees")) {
    std::string cid = iri + "#cost-" + std::to_string(++n);
    graph.push_back(
        {{"@id", cid},
         {"@type", "Cost"},
         {"dct:identifier", item.key + "-C" + std::to_string(n)},
         {"dct:description", zh(fee.at("name"))},
         {"cv:value",
          {{"@value", std::to_string(fee.at("amount_fen").get<int64_t>() / 100.0)},
           {"@type", "xsd:double"}}},
         {"cv:currency", id_of("http://publications.europa.eu/resource/authority/currency/CNY")}});
    costs.push_back(id_of(cid));
  }
  if (!costs.empty()) service["cv:hasCost"] = costs;
  json channels = json::array();
  for (const auto& ch : d.at("channels")) {
    std::string chid = iri + "#channel-" + ch.get<std::string>();
    graph.push_back({{"@id", chid},
                     {"@type", "Channel"},
                     {"dct:identifier", item.key + "-" + ch.get<std::string>()},
                     {"dct:type", zh(channel_type(ch))}});
    channels.push_back(id_of(chid));
  }
  service["cv:hasChannel"] = channels;
  if (d.contains("output")) {
    std::string oid = iri + "#output";
    graph.push_back({{"@id", oid},
                     {"@type", "Output"},
                     {"dct:identifier", item.key + "-O"},
                     {"dct:title", zh(d["output"].at("name"))}});
    service["cpsv:produces"] = id_of(oid);
  }
  graph.push_back(service);
}

}  // namespace

json cpsv_ap_item(store::Connection& c, const RecordRow& item, const std::string& base) {
  json graph = json::array();
  std::set<std::string> orgs;
  cpsv_item_nodes(c, item, base, graph, orgs);
  for (const auto& o : orgs) graph.push_back(organisation_node(c, o, base));
  return {{"@context", cpsv_context()}, {"@graph", graph}};
}

json cpsv_ap_catalogue(store::Connection& c, const std::string& base, int limit, int offset) {
  json graph = json::array();
  std::set<std::string> orgs;
  ListFilter f;
  f.limit = limit;
  f.offset = offset;
  for (const auto& item : list_records(c, Kind::kItem, f))
    cpsv_item_nodes(c, item, base, graph, orgs);
  for (const auto& o : orgs) graph.push_back(organisation_node(c, o, base));
  ListFilter all;
  all.limit = 100000;
  for (const auto& le : list_records(c, Kind::kLifeEvent, all)) {
    json services = json::array();
    for (const auto& i : le.doc.at("items"))
      services.push_back(id_of(base + "items/" + i.get<std::string>()));
    graph.push_back(
        {{"@id", base + "life-events/" + le.key},
         {"@type", "LifeEvent"},
         {"dct:identifier", le.key},
         {"dct:title", labels(le.doc.at("name"), le.doc.value("name_en", ""))},
         {"dct:description", zh(le.doc.value("description", le.doc.at("name").get<std::string>()))},
         {"cpsv:requires", services}});
  }
  return {{"@context", cpsv_context()}, {"@graph", graph}};
}

namespace {

json schema_item(store::Connection& c, const RecordRow& item, const std::string& base) {
  const auto& d = item.doc;
  auto org = find_organisation(c, d.at("org"));
  auto region = find_region(c, d.at("region"));
  json channels = json::array();
  for (const auto& ch : d.at("channels")) {
    json channel = {{"@type", "ServiceChannel"},
                    {"name", channel_type(ch)},
                    {"processingTime", iso_days(d.at("promised_days"))}};
    if (ch == "window" && !d.at("places").empty()) {
      const auto& p = d.at("places")[0];
      channel["serviceLocation"] = {{"@type", "Place"},
                                    {"name", p.at("name")},
                                    {"address", p.at("address")},
                                    {"openingHours", p.at("hours")}};
    }
    channels.push_back(channel);
  }
  json s = {{"@type", "GovernmentService"},
            {"@id", base + "items/" + item.key},
            {"identifier", item.key},
            {"name", d.at("name")},
            {"alternateName", d.value("name_en", "")},
            {"description", describe(item)},
            {"serviceType", power_type_zh(d.at("type").get<std::string>())},
            {"category", d.at("catalog_code")},
            {"keywords", d.value("keywords", json::array())},
            {"provider",
             {{"@type", "GovernmentOrganization"},
              {"@id", base + "orgs/" + d.at("org").get<std::string>()},
              {"identifier", d.at("org")},
              {"name", org ? org->name : d.at("org").get<std::string>()}}},
            {"serviceOperator",
             {{"@type", "GovernmentOrganization"}, {"identifier", d.at("competent_org")}}},
            {"areaServed",
             {{"@type", "AdministrativeArea"},
              {"identifier", d.at("region")},
              {"name", region ? region->name : d.at("region").get<std::string>()}}},
            {"availableChannel", channels},
            {"audience", d.at("audience")}};
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
