// The function network's pure parts: record validation, the access rule, the analyses.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "catalog/analyses.h"
#include "catalog/codes.h"
#include "catalog/network.h"
#include "catalog/policy.h"

namespace sunlight::catalog {
namespace {

using nlohmann::json;

const std::string kOrgA = make_uscc('1', '1', "990100", "99000019");
const std::string kOrgB = make_uscc('1', '1', "990100", "99000027");

json good_item() {
  return json::parse(
      R"({"code": "990100-000201-01", "catalog_code": "000201", "name": "食品经营许可",
    "region": "990100", "org": ")" +
      kOrgA + R"(", "power": "990100-XK-0001", "type": "licensing",
    "audience": ["legal_person"], "basis": [{"law": "spaqf", "article": 35}],
    "materials": [{"name": "营业执照", "source": {"kind": "licence", "catalog_code": "000101"}, "trust": "A"}],
    "channels": ["online", "window"], "statutory_days": 20, "promised_days": 5, "online_depth": 4})");
}

TEST(Codes, UnifiedSocialCreditCodes) {
  EXPECT_FALSE(uscc_problem(kOrgA).has_value());
  EXPECT_FALSE(uscc_problem("91350100M000100Y43").has_value());  // a well-formed example code
  auto bad = kOrgA;
  bad[17] = bad[17] == '0' ? '1' : '0';
  EXPECT_TRUE(uscc_problem(bad).has_value());
  EXPECT_TRUE(uscc_problem("11990100O90000019X").has_value());  // O is not allowed
  EXPECT_TRUE(uscc_problem("123").has_value());
  EXPECT_EQ(level_of_code("990000"), RegionLevel::kProvince);
  EXPECT_EQ(level_of_code("990100"), RegionLevel::kCity);
  EXPECT_EQ(level_of_code("990121"), RegionLevel::kCounty);
  EXPECT_EQ(level_of_code("990121100"), RegionLevel::kTownship);
  EXPECT_FALSE(level_of_code("99012"));
}

TEST(Validate, AGoodItemPassesAndIsNormalised) {
  auto v = validate_record(Kind::kItem, good_item());
  ASSERT_TRUE(v.is_ok()) << v.status().to_string();
  EXPECT_EQ(v->at("competent_org"), kOrgA);  // defaults to the implementing body
  EXPECT_EQ(v->at("visits"), 0);
  EXPECT_EQ(v->at("materials")[0]["required"], true);
  // Normalising is idempotent: exported documents import unchanged.
  auto again = validate_record(Kind::kItem, *v);
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(*again, *v);
}

TEST(Validate, EveryProblemIsNamedByItsPointer) {
  json item = good_item();
  item["promised_days"] = 30;                              // above the statutory limit
  item["online_depth"] = 9;                                // out of range
  item["channels"] = {"online", "carrier pigeon"};         // unknown channel
  item["materials"][0]["source"] = {{"kind", "licence"}};  // no catalog code
  item["materials"][0]["trust"] = "E";
  item["fees"] = {{{"name", "工本费"}}};  // no amount
  item["colour"] = "blue";                // unknown member
  auto v = validate_record(Kind::kItem, item);
  ASSERT_FALSE(v.is_ok());
  std::set<std::string> fields;
  for (const auto& e : v.status().errors()) fields.insert(e.field);
  for (auto f :
       {"/promised_days", "/online_depth", "/channels/1", "/materials/0/source/catalog_code",
        "/materials/0/trust", "/fees/0/amount_fen", "/colour"})
    EXPECT_TRUE(fields.count(f)) << f << " not reported";
}

TEST(Validate, LawsNeedArticlesWithUniqueNumbers) {
  json law = {{"id", "xzxkf"},
              {"title", "中华人民共和国行政许可法"},
              {"level", "law"},
              {"issuer", "全国人大常委会"},
              {"articles",
               {{{"number", 2}, {"text", "…"}, {"text_kind", "summary"}},
                {{"number", 2}, {"text", "…"}, {"text_kind", "paraphrase"}}}}};
  auto v = validate_record(Kind::kLaw, law);
  ASSERT_FALSE(v.is_ok());
  std::set<std::string> fields;
  for (const auto& e : v.status().errors()) fields.insert(e.field);
  EXPECT_TRUE(fields.count("/articles/1/number"));
  EXPECT_TRUE(fields.count("/articles/1/text_kind"));
  law["id"] = "Bad Id";
  EXPECT_FALSE(validate_record(Kind::kLaw, law).is_ok());
}

RecordRow item_row() {
  json doc = good_item();
  return RecordRow{Kind::kItem, "990100-000201-01",    "active", 1, "2026-01-01",
                   doc,         doc.get<ServiceItem>()};
}
ServiceItem& item_of(RecordRow& row) { return std::get<ServiceItem>(row.record); }

RecordRow power_row(json basis = json::array({{{"law", "spaqf"}, {"article", 35}}})) {
  json p = {{"code", "990100-XK-0001"},
            {"name", "食品经营许可"},
            {"type", "licensing"},
            {"holder", kOrgA},
            {"object", "食品经营者"},
            {"basis", basis},
            {"stages",
             {{{"stage", "受理"}, {"duty", "…"}},
              {{"stage", "审查"}, {"duty", "…"}},
              {{"stage", "决定"}, {"duty", "…"}}}}};
  return RecordRow{Kind::kPower, "990100-XK-0001", "active", 1, "2026-01-01", p, p.get<Power>()};
}

ArticleRef article(bool in_force = true) {
  return ArticleRef{
      "spaqf",  35,   "中华人民共和国食品安全法", "国家对食品生产经营实行许可制度。", "summary",
      in_force, false};
}

TEST(Policy, AllowsTheHolderAtAStageOfItsPower) {
  auto d = decide_access(kOrgA, "审查", item_row(), power_row(), {article()});
  EXPECT_TRUE(d.allowed) << d.reason_en;
  EXPECT_EQ(d.power["code"], "990100-XK-0001");
  EXPECT_EQ(d.basis[0]["law_title"], "中华人民共和国食品安全法");
  EXPECT_NE(d.reason_zh.find("第35条"), std::string::npos);
}

TEST(Policy, RefusesEverythingOutsideThePowerList) {
  // Another organisation.
  EXPECT_FALSE(decide_access(kOrgB, "审查", item_row(), power_row(), {article()}).allowed);
  // A stage the power does not have.
  auto d = decide_access(kOrgA, "处罚", item_row(), power_row(), {article()});
  EXPECT_FALSE(d.allowed);
  EXPECT_NE(d.reason_zh.find("受理、审查、决定"), std::string::npos);
  // No power at all, a repealed power, a power without basis, a basis that is gone or repealed.
  auto no_power = item_row();
  item_of(no_power).power = "";
  EXPECT_FALSE(decide_access(kOrgA, "审查", no_power, power_row(), {article()}).allowed);
  EXPECT_FALSE(decide_access(kOrgA, "审查", item_row(), std::nullopt, {}).allowed);
  auto repealed = power_row();
  repealed.status = "repealed";
  EXPECT_FALSE(decide_access(kOrgA, "审查", item_row(), repealed, {article()}).allowed);
  EXPECT_FALSE(decide_access(kOrgA, "审查", item_row(), power_row(json::array()), {}).allowed);
  EXPECT_FALSE(decide_access(kOrgA, "审查", item_row(), power_row(), {std::nullopt}).allowed);
  EXPECT_FALSE(decide_access(kOrgA, "审查", item_row(), power_row(), {article(false)}).allowed);
  auto gone = item_row();
  gone.status = "repealed";
  EXPECT_FALSE(decide_access(kOrgA, "审查", gone, power_row(), {article()}).allowed);
  // The implementing body may act under a power its competent department holds.
  auto delegated = item_row();
  item_of(delegated).org = kOrgB;
  EXPECT_TRUE(decide_access(kOrgB, "受理", delegated, power_row(), {article()}).allowed);
}

PowerFacts power(std::string code, std::string holder, std::string type,
                 std::vector<std::string> basis, std::string object) {
  return PowerFacts{code, code, type, holder, holder, "990100", object, basis, true};
}

TEST(Analyses, OverlapsNeedTwoHoldersSameTypeAndSameBasisOrObject) {
  Facts f;
  f.powers = {
      power("A", "org-a", "inspection", {"spaqf:110"}, "餐饮服务提供者"),
      power("B", "org-b", "inspection", {"spaqf:110"}, "学校食堂"),
      power("C", "org-c", "inspection", {"xfa:15"}, "餐饮服务提供者"),
      power("D", "org-a", "inspection", {"spaqf:110"}, "餐饮服务提供者"),  // same holder as A
      power("E", "org-d", "penalty", {"spaqf:110"}, "餐饮服务提供者")};    // another type
  auto found = find_overlaps(f);
  ASSERT_EQ(found.size(), 2u) << found.dump(2);
  // A, B, D share the basis; A, C, D share the object.
  std::set<std::string> groups;
  for (const auto& g : found) {
    std::string codes;
    for (const auto& p : g["powers"]) codes += p["code"].get<std::string>();
    groups.insert(codes);
    EXPECT_FALSE(g["evidence"].empty());
  }
  EXPECT_TRUE(groups.count("ABD"));
  EXPECT_TRUE(groups.count("ACD"));
  // Nothing when every department has its own basis and object.
  Facts clean;
  clean.powers = {power("A", "org-a", "inspection", {"spaqf:110"}, "餐饮服务提供者"),
                  power("B", "org-b", "inspection", {"xfa:15"}, "公众聚集场所")};
  EXPECT_TRUE(find_overlaps(clean).empty());
}

ItemFacts item(std::string code, std::string catalog, std::string org,
               std::vector<std::pair<std::string, std::string>> licences) {
  ItemFacts i;
  i.code = code;
  i.catalog_code = catalog;
  i.name = code;
  i.region = "990100";
  i.org = org;
  i.org_name = org;
  i.licences = std::move(licences);
  i.has_basis = true;
  i.power = "P";
  return i;
}

TEST(Analyses, CyclesAcrossDepartmentsAreFound) {
  Facts f;
  f.region_parents = {{"990100", "990000"}, {"990000", ""}};
  f.items = {item("a", "A", "planning", {{"施工许可证", "B"}}),
             item("b", "B", "housing", {{"规划许可证", "A"}}),
             item("c", "C", "x", {{"p", "D"}}),
             item("d", "D", "y", {{"q", "E"}}),
             item("e", "E", "z", {{"r", "C"}}),
             item("f", "F", "x", {{"s", "A"}}),  // depends on the cycle but is not in it
             item("g", "G", "same", {{"t", "H"}}),
             item("h", "H", "same", {{"u", "G"}})};  // one department
  auto found = find_cycles(f);
  ASSERT_EQ(found.size(), 2u) << found.dump(2);
  EXPECT_EQ(found[0]["items"].size() + found[1]["items"].size(), 5u);
  for (const auto& c : found) EXPECT_EQ(c["steps"].size(), c["items"].size());
  Facts acyclic;
  acyclic.items = {item("a", "A", "planning", {{"x", "B"}}), item("b", "B", "housing", {})};
  EXPECT_TRUE(find_cycles(acyclic).empty());
}

TEST(Analyses, ComparisonMarksTheBestPractice) {
  Facts f;
  auto a = item("mc", "000201", "o1", {});
  a.region = "990100";
  a.applicant_materials = 5;
  a.promised_days = 10;
  a.visits = 2;
  a.online_depth = 2;
  auto b = item("qy", "000201", "o2", {});
  b.region = "990200";
  b.applicant_materials = 2;
  b.promised_days = 3;
  b.visits = 0;
  b.online_depth = 4;
  auto lone = item("lj", "000999", "o3", {});
  f.items = {a, b, lone};
  auto found = compare_regions(f);
  ASSERT_EQ(found.size(), 1u);  // a code offered in one region only is not compared
  EXPECT_EQ(found[0]["best_practice"], "qy");
  EXPECT_EQ(found[0]["best"]["promised_days"]["items"][0], "qy");
}

TEST(Analyses, UnfoundedPowersAndItems) {
  Facts f;
  f.powers = {power("ok", "a", "inspection", {"spaqf:110"}, "x"),
              power("none", "a", "inspection", {}, "y")};
  auto bad = power("gone", "a", "inspection", {"old:1"}, "z");
  bad.basis_valid = false;
  f.powers.push_back(bad);
  auto fine = item("fine", "F", "a", {});
  fine.power_ok = true;
  auto no_basis = item("nob", "N", "a", {});
  no_basis.has_basis = false;
  auto weak_power = item("weak", "W", "a", {});
  weak_power.power_ok = false;
  f.items = {fine, no_basis, weak_power};
  auto found = find_unfounded(f);
  ASSERT_EQ(found["powers"].size(), 2u);
  ASSERT_EQ(found["items"].size(), 2u);
  EXPECT_EQ(found["items"][0]["reason"], "no_basis");
  EXPECT_EQ(found["items"][1]["reason"], "power_unfounded");
}

}  // namespace
}  // namespace sunlight::catalog

namespace sunlight::catalog {
namespace {

// Every record of both demo catalogues reads into its type and writes back as exactly the
// document the validation produced: a catalogue event's leaf carries that document, so the
// typed record must not add, drop or change a member.
TEST(Records, EveryDemoRecordRoundTripsThroughItsType) {
  const std::pair<const char*, Kind> files[] = {{"laws.jsonl", Kind::kLaw},
                                                {"powers.jsonl", Kind::kPower},
                                                {"service_items.jsonl", Kind::kItem},
                                                {"life_events.jsonl", Kind::kLifeEvent},
                                                {"data_resources.jsonl", Kind::kResource}};
  size_t checked = 0;
  for (const char* variant : {"demo", "demo-clean"}) {
    for (const auto& [file, kind] : files) {
      std::ifstream in(std::string(SUNLIGHT_SOURCE_DATA_DIR) + "/" + variant + "/" + file);
      ASSERT_TRUE(in) << variant << "/" << file;
      std::string line;
      int n = 0;
      while (std::getline(in, line)) {
        ++n;
        if (line.empty()) continue;
        auto doc = validate_record(kind, json::parse(line));
        ASSERT_TRUE(doc.is_ok()) << variant << "/" << file << ":" << n << " "
                                 << doc.status().to_string();
        json again;
        to_json(again, record_of(kind, *doc));
        EXPECT_EQ(again, *doc) << variant << "/" << file << ":" << n;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100u);
}

}  // namespace
}  // namespace sunlight::catalog
