// The application's pure decision, on hand-made facts: no store, no catalogue, no registers.
// (The store-backed journeys are in cases_test and, for every item of the demo catalogues,
// tests/integration/test_every_item.py.)
#include "cases/internal/application.h"

#include <gtest/gtest.h>

namespace sunlight::cases::internal {
namespace {

catalog::Material material(std::string name, std::string kind, bool required = true) {
  catalog::Material m;
  m.name = std::move(name);
  m.required = required;
  m.source.kind = std::move(kind);
  if (m.source.kind == "data_resource") m.source.resource = "population";
  if (m.source.kind == "licence") m.source.catalog_code = "000101";
  return m;
}

std::shared_ptr<const catalog::RecordRow> item_row(std::string code,
                                                   std::vector<catalog::Material> materials,
                                                   std::vector<std::string> audience) {
  catalog::ServiceItem item;
  item.code = code;
  item.name = "事项" + code;
  item.org = "org-" + code;
  item.region = "990100";
  item.audience = std::move(audience);
  item.conditions = {"条件甲"};
  item.materials = std::move(materials);
  item.statutory_days = 20;
  item.promised_days = 5;
  return std::make_shared<const catalog::RecordRow>(
      catalog::RecordRow{catalog::Kind::kItem, code, "active", 1, "", nlohmann::json::object(),
                         catalog::Record{item}});
}

Part part(std::string no, std::shared_ptr<const catalog::RecordRow> item,
          std::vector<MaterialFacts> facts) {
  Part p;
  p.no = std::move(no);
  p.item_code = item->key;
  p.org = item->item().org;
  p.region = "990100";
  p.item = std::move(item);
  p.procedure.stages = {"受理", "审查", "决定"};
  p.procedure.decision = 2;
  p.procedure.takes_applications = true;
  p.materials = std::move(facts);
  return p;
}

MaterialFacts granted() {
  MaterialFacts f;
  f.holder = "公安局";
  exchange::AccessOutcome out;
  out.decision.granted = true;
  out.event = ledger::Event::plain("access.granted", nlohmann::json{{"resource", "population"}});
  out.values = {{"name", "张三"}};
  f.access = out;
  return f;
}

ApplicationFacts facts_for(std::vector<Part> parts) {
  ApplicationFacts f;
  f.on = "2026-12-02";
  f.agent = f.applicant = "990102199001011234";
  f.parent_no = "990100-20261202-000001";
  f.parts = std::move(parts);
  f.conditions = {"条件甲"};
  return f;
}

ApplyRequest request() {
  ApplyRequest a;
  a.item = "A";
  a.declarations = std::vector<bool>{true};
  a.form = {{"phone", "13800000000"}};
  return a;
}

TEST(Application, FetchesWhatTheAccessRuleGrantsAndWaitsForThePreview) {
  auto item = item_row("A", {material("身份证明", "data_resource")}, {"natural_person"});
  auto d =
      decide_application(request(), facts_for({part("990100-20261202-000001", item, {granted()})}));
  ASSERT_TRUE(d.is_ok()) << d.status().message_en();
  ASSERT_EQ(d->events.size(), 2u);  // the case and the access that fetched its material
  EXPECT_EQ(d->events[0].type, "case.applied");
  EXPECT_EQ(d->events[0].data_json()["status"], "draft");
  EXPECT_EQ(d->events[0].data_json()["materials"][0]["via"], "shared");
  EXPECT_EQ(d->events[0].data_json()["materials"][0]["resource"], "population");
  EXPECT_EQ((*d->events[0].personal_json())["values"]["1"]["name"], "张三");
  EXPECT_EQ(d->events[1].type, "access.granted");
}

TEST(Application, ARefusedShareMustBeUploadedAndThenIs) {
  auto item = item_row("A", {material("不动产权证书", "data_resource")}, {"natural_person"});
  MaterialFacts refused;
  refused.holder = "不动产登记中心";
  refused.refusal = exchange::SharingRefusal{"no_agreement", "需要共享协议", "needs an agreement"};
  auto f = facts_for({part("N-1", item, {refused})});
  auto d = decide_application(request(), f);
  ASSERT_FALSE(d.is_ok());
  ASSERT_EQ(d.status().errors().size(), 1u);
  EXPECT_NE(d.status().errors()[0].message_zh.find("需要共享协议"), std::string::npos);
  auto with_upload = request();
  with_upload.uploads["不动产权证书"] = std::string(64, 'a');
  d = decide_application(with_upload, f);
  ASSERT_TRUE(d.is_ok()) << d.status().message_en();
  EXPECT_EQ(d->events[0].data_json()["materials"][0]["via"], "upload");
  EXPECT_EQ(d->events[0].data_json()["status"], "submitted");  // nothing fetched: no preview
  EXPECT_EQ((*d->events[0].personal_json())["uploads"]["1"], std::string(64, 'a'));
}

TEST(Application, ALicenceIsHeldThroughACaseARegisterOrAnEarlierPart) {
  auto item = item_row("A", {material("营业执照", "licence")}, {"legal_person", "natural_person"});
  for (auto how : {0, 1, 2}) {
    MaterialFacts f;
    if (how == 0) f.licence_case = "990100-20260101-000007";
    if (how == 1) f.licence_register = "business-licence";
    if (how == 2) {
      f.sibling_case = "990100-20261202-000001-1";
      f.sibling_name = "个体工商户登记";
    }
    auto d = decide_application(request(), facts_for({part("N-1", item, {f})}));
    ASSERT_TRUE(d.is_ok()) << how << ": " << d.status().message_en();
    const auto data = d->events[0].data_json();
    const auto& m = data["materials"][0];
    EXPECT_EQ(m["via"], "licence") << how;
    EXPECT_EQ(m.contains("licence_case"), how != 1) << how;
    EXPECT_EQ(m.contains("resource"), how == 1) << how;
  }
  auto d = decide_application(request(), facts_for({part("N-1", item, {MaterialFacts{}})}));
  ASSERT_FALSE(d.is_ok());
  EXPECT_NE(d.status().errors()[0].message_zh.find("未找到您已取得的证照"), std::string::npos);
}

TEST(Application, OneUploadServesEveryPartThatCannotFetchIt) {
  auto a = item_row("A", {material("营业执照", "licence")}, {"natural_person"});
  auto b = item_row("B", {material("营业执照", "licence")}, {"natural_person"});
  MaterialFacts held;
  held.licence_case = "C-1";
  auto f = facts_for({part("N-1", a, {MaterialFacts{}}), part("N-2", b, {held})});
  auto req = request();
  req.uploads["营业执照"] = std::string(64, 'b');
  auto d = decide_application(req, f);
  ASSERT_TRUE(d.is_ok()) << d.status().message_en();
  EXPECT_EQ(d->events[0].data_json()["materials"][0]["via"], "upload");
  EXPECT_EQ(d->events[1].data_json()["materials"][0]["via"], "licence");
}

TEST(Application, DeclarationsMustConfirmEveryCondition) {
  auto item = item_row("A", {}, {"natural_person"});
  auto f = facts_for({part("N-1", item, {})});
  for (auto declarations : std::vector<std::optional<std::vector<bool>>>{
           std::nullopt, std::vector<bool>{}, std::vector<bool>{false},
           std::vector<bool>{true, true}}) {
    auto req = request();
    req.declarations = declarations;
    auto d = decide_application(req, f);
    ASSERT_FALSE(d.is_ok());
    EXPECT_EQ(d.status().errors().at(0).field, "/form/declarations");
  }
  EXPECT_TRUE(decide_application(request(), f).is_ok());
}

TEST(Application, UploadsThatAreNotTheApplicantsOrNotMaterialsAreRefused) {
  auto item = item_row("A", {material("照片", "applicant")}, {"natural_person"});
  auto f = facts_for({part("N-1", item, {MaterialFacts{}})});
  auto req = request();
  req.uploads["照片"] = std::string(64, 'c');
  req.uploads["别的"] = std::string(64, 'd');
  auto d = decide_application(req, f);
  ASSERT_FALSE(d.is_ok());
  EXPECT_NE(d.status().errors().at(0).message_zh.find("不是该事项的申请材料"), std::string::npos);
  f.uploads_unknown = {"照片"};
  req.uploads.erase("别的");
  d = decide_application(req, f);
  ASSERT_FALSE(d.is_ok());
  EXPECT_EQ(d.status().errors().at(0).field, "/materials");
}

TEST(Application, OnlyTheBusinesssRepresentativeActsForIt) {
  auto item = item_row("A", {}, {"legal_person"});
  auto f = facts_for({part("N-1", item, {})});
  f.represents = false;
  auto req = request();
  req.business = "91990100000000001X";
  req.applicant_kind = "business";
  auto d = decide_application(req, f);
  ASSERT_FALSE(d.is_ok());
  EXPECT_EQ(d.status().code(), Code::kPermissionDenied);
}

TEST(Application, WhoMayApply) {
  auto person = item_row("P", {}, {"natural_person"});
  auto business = item_row("B", {}, {"legal_person"});
  auto both = item_row("X", {}, {"natural_person", "legal_person"});
  const auto& p = person->item();
  const auto& b = business->item();
  const auto& x = both->item();
  // Each part must serve the applicant's kind …
  EXPECT_FALSE(audience_refusal({&p, &x}, false, {false, false}));
  EXPECT_TRUE(audience_refusal({&p, &x}, true, {false, false}));
  EXPECT_TRUE(audience_refusal({&p, &b}, false, {false, false}));
  // … except that a part for businesses follows the part that founds the business.
  EXPECT_FALSE(audience_refusal({&p, &b}, false, {true, false}));
  EXPECT_TRUE(audience_refusal({&b, &p}, false, {false, true}));
  // The refusal names the part and says what to do instead.
  auto no = audience_refusal({&b}, false, {false});
  ASSERT_TRUE(no);
  EXPECT_NE(no->errors().at(0).message_zh.find("请以企业身份申请"), std::string::npos);
}

TEST(Application, TheGuideBeforeSignInPromisesOnlyWhatTheRuleCanKeep) {
  auto m = material("户口簿", "data_resource");
  MaterialFacts f;
  f.holder = "公安局";
  EXPECT_EQ(plan_material(m, f, false, false).via, "shared");
  f.refusal = exchange::SharingRefusal{"not_shared", "不予共享", "not shared"};
  auto plan = plan_material(m, f, false, false);
  EXPECT_EQ(plan.via, "upload");  // before sign-in: "upload", never "missing"
  EXPECT_NE(plan.zh.find("不予共享"), std::string::npos);
  EXPECT_EQ(plan_material(material("执照", "licence"), MaterialFacts{}, false, false).via,
            "licence");
  EXPECT_EQ(plan_material(material("执照", "licence"), MaterialFacts{}, false, true).via,
            "missing");
  EXPECT_EQ(plan_material(material("执照", "licence", false), MaterialFacts{}, false, true).via,
            "upload");
}

}  // namespace
}  // namespace sunlight::cases::internal
