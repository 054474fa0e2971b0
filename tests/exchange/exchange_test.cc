// The access rule: an authorisation matrix over sharing class × basis × consent state ×
// field set, on hand-made facts (decide_access is pure).
#include "exchange/exchange.h"

#include <gtest/gtest.h>

#include "catalog/codes.h"

namespace sunlight::exchange {
namespace {

using nlohmann::json;

const std::string kHolder = catalog::make_uscc('1', '1', "990000", "99000012");
const std::string kUser = catalog::make_uscc('1', '1', "990100", "99000020");
const std::string kOther = catalog::make_uscc('1', '1', "990100", "99000039");
const std::string kSubject = catalog::make_id_number("990102", "19800101", 123);
const std::string kSomeoneElse = catalog::make_id_number("990102", "19800101", 124);

catalog::RecordRow resource(const std::string& sharing) {
  catalog::DataResource res;
  res.id = "real-estate";
  res.name = "不动产登记信息";
  res.holder = kHolder;
  res.subject = "person";
  for (const char* f : {"id_number", "owner_name", "property_address", "area"})
    res.fields.push_back({f, f, true});
  res.default_fields = {"id_number", "owner_name"};
  res.sharing = sharing;
  res.open = "none";
  return {catalog::Kind::kResource, "real-estate", "active", 1, "2026-01-01", json(res), res};
}

ItemRule item(std::optional<std::vector<std::string>> material_fields = std::nullopt) {
  return ItemRule{"990100-001201-01",
                  kUser,
                  "P1",
                  true,
                  {{"不动产权证书", "real-estate", std::move(material_fields)}}};
}

PowerBasis power() { return PowerBasis{"P1", kUser, true, {{"gjj", 24}}, true}; }

Consent consent(std::string status = "active", std::string until = "2099-01-01") {
  return Consent{"C1",
                 kSubject,
                 kUser,
                 "real-estate",
                 "公积金提取",
                 "2026-01-01",
                 until,
                 status,
                 {"owner_name", "property_address"},
                 0};
}

AccessRequest request(std::string basis, std::vector<std::string> fields) {
  AccessRequest r;
  r.officer = "o1";
  r.org = kUser;
  r.resource = "real-estate";
  r.subject = kSubject;
  r.purpose = "审核";
  r.fields = std::move(fields);
  r.basis_kind = std::move(basis);
  r.item = "990100-001201-01";
  r.consent = "C1";
  r.case_no = "990100-20261128-000001";
  return r;
}

// A case of kSubject that kUser is handling, for the item that needs the material.
CaseBasis open_case() {
  return CaseBasis{"990100-20261128-000001", "990100-001201-01", kUser, true, {kSubject}};
}

template <class T>
std::shared_ptr<const T> shared(T value) {
  return std::make_shared<const T>(std::move(value));
}

AccessFacts facts(const std::string& sharing) {
  AccessFacts f;
  f.resource = std::make_shared<const catalog::RecordRow>(resource(sharing));
  f.subject_known = true;
  f.item = shared(item());
  f.power = shared(power());
  f.consent = consent();
  f.case_basis = open_case();
  f.today = "2026-11-28";
  return f;
}

Agreement agreement(std::vector<std::string> fields) {
  return Agreement{"XY-1", kHolder,      kUser,    "real-estate",
                   "协议", "2099-01-01", "active", std::move(fields)};
}

std::string decide(const AccessRequest& r, const AccessFacts& f) {
  auto d = decide_access(r, f);
  if (!d.is_ok()) return "error:" + std::string(code_name(d.status().code()));
  return d->reason;
}

TEST(AccessMatrix, SharingClassByBasis) {
  const std::vector<std::string> within = {"owner_name"}, beyond = {"owner_name", "area"};
  struct Case {
    std::string sharing, basis;
    bool with_agreement;
    std::vector<std::string> fields;
    std::string want;
  };
  std::vector<Case> cases = {
      // 无条件共享: a power through an item releases the material's fields; consent releases its
      // own.
      {"unconditional", "power", false, within, "granted"},
      {"unconditional", "power", false, beyond, "fields_beyond_basis"},
      {"unconditional", "consent", false, {"property_address"}, "granted"},
      {"unconditional", "consent", false, beyond, "fields_beyond_consent"},
      // 有条件共享: a power needs an agreement covering the fields; a consent does not.
      {"conditional", "power", false, within, "no_agreement"},
      {"conditional", "power", true, within, "granted"},
      {"conditional", "consent", false, {"owner_name"}, "granted"},
      // A case the organisation is handling: like its item's power, bounded by the material.
      {"unconditional", "case", false, within, "granted"},
      {"unconditional", "case", false, beyond, "fields_beyond_basis"},
      {"conditional", "case", false, within, "no_agreement"},
      {"conditional", "case", true, within, "granted"},
      // 不予共享: never, on any basis.
      {"none", "power", true, within, "not_shared"},
      {"none", "case", true, within, "not_shared"},
      {"none", "consent", false, within, "not_shared"},
  };
  // 不予共享 is refused before the subject is looked up, so a refusal does not reveal
  // whether the subject has a record there.
  auto hidden = facts("none");
  hidden.subject_known = false;
  EXPECT_EQ(decide(request("power", within), hidden), "not_shared");
  for (const auto& c : cases) {
    auto f = facts(c.sharing);
    if (c.with_agreement) f.agreement = agreement({"id_number", "owner_name"});
    EXPECT_EQ(decide(request(c.basis, c.fields), f), c.want) << c.sharing << " / " << c.basis;
  }
}

TEST(AccessMatrix, CaseStates) {
  auto r = request("case", {"owner_name"});
  auto f = facts("unconditional");
  EXPECT_EQ(decide(r, f), "granted");
  auto granted = decide_access(r, f);
  ASSERT_TRUE(granted.is_ok());
  EXPECT_EQ(granted->basis.at("case"), open_case().no);
  EXPECT_EQ(granted->basis.at("material"), "不动产权证书");
  auto k = open_case();
  k.open = false;  // closed or withdrawn: no more reads on its strength
  f.case_basis = k;
  EXPECT_EQ(decide(r, f), "case_closed");
  k = open_case();
  k.org = kOther;  // another organisation's case
  f.case_basis = k;
  EXPECT_EQ(decide(r, f), "not_your_case");
  k = open_case();
  k.subjects = {kSomeoneElse};  // a case about someone else
  f.case_basis = k;
  EXPECT_EQ(decide(r, f), "subject_not_in_case");
  k = open_case();
  k.subjects = {kSomeoneElse, kSubject};  // the applicant's business and its legal representative
  f.case_basis = k;
  EXPECT_EQ(decide(r, f), "granted");
  // The case's item must still need the resource.
  f.case_basis = open_case();
  auto no_material = item();
  no_material.materials.clear();
  f.item = shared(no_material);
  EXPECT_EQ(decide(r, f), "resource_not_needed");
  // No such case is an input error, not a refusal.
  f = facts("unconditional");
  f.case_basis.reset();
  EXPECT_EQ(decide(r, f), "error:invalid_argument");
}

TEST(AccessMatrix, ConsentStates) {
  auto r = request("consent", {"owner_name"});
  auto f = facts("conditional");
  EXPECT_EQ(decide(r, f), "granted");
  f.consent = consent("revoked");
  EXPECT_EQ(decide(r, f), "consent_revoked");
  f.consent = consent("active", "2026-11-27");  // expired yesterday
  EXPECT_EQ(decide(r, f), "consent_expired");
  f.consent = consent("active", "2026-11-28");  // valid through today
  EXPECT_EQ(decide(r, f), "granted");
  auto other = consent();
  other.subject = kSomeoneElse;
  f.consent = other;
  EXPECT_EQ(decide(r, f), "consent_other_subject");
  other = consent();
  other.recipient = kOther;
  f.consent = other;
  EXPECT_EQ(decide(r, f), "consent_other_recipient");
  other = consent();
  other.resource = "tax";
  f.consent = other;
  EXPECT_EQ(decide(r, f), "consent_other_resource");
  f.consent.reset();
  EXPECT_EQ(decide(r, f), "no_consent");
}

TEST(AccessMatrix, PowerBasisConditions) {
  auto r = request("power", {"owner_name"});
  auto f = facts("unconditional");
  f.item = shared(
      item(std::vector<std::string>{"property_address"}));  // the material names its own fields
  EXPECT_EQ(decide(r, f), "fields_beyond_basis");
  EXPECT_EQ(decide(request("power", {"property_address"}), f), "granted");
  f = facts("unconditional");
  auto unfounded = power();
  unfounded.in_force = false;
  f.power = shared(unfounded);
  EXPECT_EQ(decide(r, f), "no_legal_basis");
  f = facts("unconditional");
  r.org = kOther;  // neither holds the power nor implements the item
  EXPECT_EQ(decide(r, f), "not_your_power");
  r.org = kUser;
  auto no_material = item();
  no_material.materials.clear();
  f.item = shared(no_material);
  EXPECT_EQ(decide(r, f), "resource_not_needed");
  f = facts("conditional");
  f.agreement = agreement({"id_number"});  // the agreement does not cover owner_name
  EXPECT_EQ(decide(r, f), "fields_beyond_agreement");
  f = facts("unconditional");
  r.org = kHolder;  // the holder reads its own data: still needs a basis, but no agreement
  auto own = item();
  own.org = kHolder;
  f.item = shared(own);
  EXPECT_EQ(decide(r, f), "granted");
}

TEST(AccessMatrix, InputErrorsAreNotDecisions) {
  auto f = facts("unconditional");
  auto r = request("power", {"owner_name"});
  r.subject = "990102198001011234";  // wrong check character
  EXPECT_EQ(decide(r, f), "error:invalid_argument");
  r = request("power", {"salary"});  // not a field of the resource
  EXPECT_EQ(decide(r, f), "error:invalid_argument");
  r = request("power", {"owner_name"});
  f.subject_known = false;
  EXPECT_EQ(decide(r, f), "error:not_found");
  f = facts("unconditional");
  f.resource.reset();
  EXPECT_EQ(decide(r, f), "error:invalid_argument");
  EXPECT_FALSE(parse_access_request(json{{"resource", "x"},
                                         {"subject", kSubject},
                                         {"fields", json::array()},
                                         {"purpose", "p"},
                                         {"basis", {{"kind", "power"}, {"item", "i"}}}})
                   .is_ok());  // no fields
  json many = json::array();
  for (int i = 0; i < 51; ++i) many.push_back("f" + std::to_string(i));
  EXPECT_FALSE(parse_access_request(json{{"resource", "x"},
                                         {"subject", kSubject},
                                         {"fields", many},
                                         {"purpose", "p"},
                                         {"basis", {{"kind", "power"}, {"item", "i"}}}})
                   .is_ok());  // oversized field list
  EXPECT_FALSE(
      parse_access_request(
          json{{"resource", "x"}, {"subject", kSubject}, {"fields", {"a"}}, {"purpose", "p"}})
          .is_ok());  // a purpose without a basis
  EXPECT_FALSE(parse_access_request(json{{"resource", "x"},
                                         {"subject", kSubject},
                                         {"fields", {"a"}},
                                         {"purpose", "p"},
                                         {"basis", {{"kind", "power"}, {"item", "i"}}},
                                         {"defer_until", "2027-01-01"}})
                   .is_ok());  // a deferral without a legal basis
}

TEST(Subjects, IdentityNumbers) {
  EXPECT_FALSE(catalog::id_number_problem(kSubject).has_value());
  EXPECT_FALSE(
      catalog::id_number_problem("11010519491231002X").has_value());  // the standard's example
  EXPECT_TRUE(catalog::id_number_problem("110105194912310021").has_value());
  EXPECT_TRUE(catalog::id_number_problem("990102198002301234").has_value());  // 30 February
  auto s = parse_subject("person", "11010519491231002x", "/subject");
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(*s, "11010519491231002X");
}

}  // namespace
}  // namespace sunlight::exchange
