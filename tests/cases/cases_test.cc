// Case handling on an in-process platform with the demo catalogue and the real 2026
// calendar: the working-day clock across the Spring Festival (with its adjusted working
// days), 补正 and uncounted special steps pausing it, overdue states, the procedure taken
// from a power's stages, and refusals by the power list.
#include "cases/cases.h"

#include <gtest/gtest.h>

#include "app/gen.h"
#include "app/import.h"
#include "app/platform.h"
#include "cases/internal/common.h"
#include "core/gzip.h"
#include "core/time.h"
#include "exchange/exchange.h"
#include "testing.h"

namespace sunlight::cases {
namespace {

using nlohmann::json;

const std::filesystem::path kData = SUNLIGHT_SOURCE_DATA_DIR;
const std::string kHrss = "11990100990000236C";    // 明川市人力资源和社会保障局
const std::string kPolice = "1199010099000021XH";  // 明川市公安局
const std::string kCivil = "11990100990000228H";   // 明川市民政局
const std::string kIdCard =
    "990100-000502-01";  // 居民身份证换领: 20 statutory, 10 promised working days
const std::string kSubsistence =
    "990100-001501-01";  // 最低生活保障: special steps 入户调查 (counts), 公示 (does not)

class CaseClock : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    app::PlatformOptions options;
    options.data_dir = dir_->path() / "data";
    options.origin = "test.example/cases";
    options.calendar = kData / "calendar";
    auto p = app::Platform::open(options);
    ASSERT_TRUE(p.is_ok()) << p.status().to_string();
    platform_ = std::move(p).value().release();
    platform_->start();
    auto actor = ledger::Actor::system_actor("test");
    ASSERT_TRUE(app::import_directory(platform_->sequencer(), actor, kData / "demo", {}).is_ok());
    auto registers = dir_->path() / "registers";
    ASSERT_TRUE(app::generate_population({300, 20, 7}, registers, {}).is_ok());
    ASSERT_TRUE(app::import_directory(platform_->sequencer(), actor, registers, {}).is_ok());
    auto& c = platform_->readers().get();
    auto st = c.cached(
        "SELECT subject FROM register_records WHERE resource = 'population' ORDER BY subject LIMIT "
        "5");
    while (st.step()) people_.push_back(st.text(0));
  }
  static void TearDownTestSuite() {
    platform_->stop();
    delete platform_;
    delete dir_;
  }

  ConfigPtr config() { return platform_->cases_config(); }
  store::Connection& reader() { return platform_->readers().get(); }

  ledger::Outcome run(Result<ledger::Decide> cmd, const char* who = "test") {
    if (!cmd.is_ok()) return ledger::Outcome{cmd.status(), {}, {}};
    return platform_->sequencer().execute(ledger::Actor::system_actor(who), std::move(cmd).value());
  }

  // Applies for `item` on `on`, uploading every material that is not fetched (or all).
  std::string apply(const std::string& who, const std::string& item, const std::string& on,
                    bool upload_all = false) {
    json materials = json::array();
    auto doc = catalog::find_record(reader(), catalog::Kind::kItem, item)->doc;
    for (const auto& m : doc.at("materials")) {
      if (m.at("source").at("kind") == "data_resource" && !upload_all) continue;
      std::string bytes = "%PDF-1.4 " + who + m.at("name").get<std::string>();
      auto up = run(store_upload(who, "application/pdf", bytes));
      EXPECT_TRUE(up.status.is_ok()) << up.status.to_string();
      materials.push_back({{"name", m.at("name")}, {"upload", up.result.at("hash")}});
    }
    auto form = form_of(reader(), item);
    EXPECT_TRUE(form.is_ok());
    size_t conditions = form->at("fields")[4].at("items").size();
    json body = {
        {"item", item},
        {"materials", materials},
        {"form",
         {{"phone", "13800000000"}, {"declarations", std::vector<bool>(conditions, true)}}}};
    auto o = run(cases::apply(Applicant{who, on}, body, config()));
    EXPECT_TRUE(o.status.is_ok()) << o.status.to_string();
    return o.status.is_ok() ? o.result.at("no").get<std::string>() : "";
  }

  Status act(const std::string& org, const std::string& no, const std::string& on, json body) {
    return run(cases::act(Officer{"o-" + org.substr(14), org, on}, no, body, config())).status;
  }

  Case get(const std::string& no) { return *find_case(reader(), no); }
  static int64_t day(const char* d) { return *timeutil::parse_date(d); }

  static testing::TempDir* dir_;
  static app::Platform* platform_;
  static std::vector<std::string> people_;
};
testing::TempDir* CaseClock::dir_ = nullptr;
app::Platform* CaseClock::platform_ = nullptr;
std::vector<std::string> CaseClock::people_;

TEST_F(CaseClock, DeadlinesCountWorkingDaysAcrossTheSpringFestival) {
  // Accepted Tuesday 2026-02-10. Working days after it: 11, 12, 13, Sat 14 (调休), then the
  // holiday 15–23, then 24, 25, 26, 27, Sat 28 (调休) = 9, Mon 2 March = 10 … 16 March = 20.
  auto no = apply(people_[0], kIdCard, "2026-02-10");
  ASSERT_TRUE(act(kPolice, no, "2026-02-10", {{"action", "accept"}}).is_ok());
  auto k = get(no);
  EXPECT_EQ(k.accepted_on, "2026-02-10");
  EXPECT_EQ(k.promised_due, "2026-03-02");
  EXPECT_EQ(k.statutory_due, "2026-03-16");
  EXPECT_FALSE(k.provisional);

  // 补正 on Thursday the 12th, materials back on Wednesday the 25th: the clock stood still for
  // the working days 13, 14 (调休), 24 and 25 — four, not thirteen calendar days.
  ASSERT_TRUE(
      act(kPolice, no, "2026-02-12",
          {{"action", "return"}, {"materials", {"原居民身份证"}}, {"comment", "照片不清晰"}})
          .is_ok());
  k = get(no);
  EXPECT_EQ(k.status, "returned");
  EXPECT_EQ(clock_json(k, *config(), day("2026-02-20"))["statutory"]["state"], "paused");
  std::string bytes = "%PDF-1.4 clearer";
  auto up = run(store_upload(people_[0], "application/pdf", bytes));
  auto resumed = run(resubmit(
      Applicant{people_[0], "2026-02-25"}, no,
      {{"materials", {{{"name", "原居民身份证"}, {"upload", up.result.at("hash")}}}}}, config()));
  ASSERT_TRUE(resumed.status.is_ok()) << resumed.status.to_string();
  k = get(no);
  EXPECT_EQ(k.status, "in_progress");
  EXPECT_EQ(k.paused_days, 4);
  EXPECT_EQ(k.promised_due, "2026-03-06");   // 10 + 4 working days
  EXPECT_EQ(k.statutory_due, "2026-03-20");  // 20 + 4 working days

  // The states a reader sees on a given day.
  auto state = [&](const char* today, const char* which) {
    return clock_json(k, *config(), day(today))[which]["state"].get<std::string>();
  };
  EXPECT_EQ(state("2026-03-02", "statutory"), "ok");
  EXPECT_EQ(state("2026-03-18", "statutory"), "due_soon");  // within the 2 working-day warning
  EXPECT_EQ(state("2026-03-20", "statutory"), "due_today");
  EXPECT_EQ(state("2026-03-23", "statutory"), "overdue");
  EXPECT_EQ(state("2026-03-09", "promised"), "overdue");
  EXPECT_EQ(clock_json(k, *config(), day("2026-03-18"))["statutory"]["working_days_left"], 2);

  // Deciding after the statutory deadline is recorded as late.
  ASSERT_TRUE(act(kPolice, no, "2026-03-23", {{"action", "advance"}}).is_ok());
  ASSERT_TRUE(act(kPolice, no, "2026-03-23", {{"action", "approve"}}).is_ok());
  auto st = reader().cached("SELECT late_statutory, late_promised FROM cases WHERE no = ?");
  st.bind(1, no);
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.int64(0), 1);
  EXPECT_EQ(st.int64(1), 1);
}

TEST_F(CaseClock, OnlySpecialStepsThatDoNotCountPauseTheClock) {
  auto no = apply(people_[1], kSubsistence, "2026-03-02", true);
  ASSERT_TRUE(act(kCivil, no, "2026-03-02", {{"action", "accept"}}).is_ok());
  auto due = get(no).statutory_due;
  // 入户调查 counts toward the limit: the due date does not move.
  ASSERT_TRUE(
      act(kCivil, no, "2026-03-03", {{"action", "special_start"}, {"step", "入户调查"}}).is_ok());
  ASSERT_TRUE(act(kCivil, no, "2026-03-10", {{"action", "special_end"}}).is_ok());
  EXPECT_EQ(get(no).statutory_due, due);
  EXPECT_EQ(get(no).paused_days, 0);
  // 公示 does not: five working days (11–13, 16, 17 March) are added.
  ASSERT_TRUE(
      act(kCivil, no, "2026-03-10", {{"action", "special_start"}, {"step", "公示"}}).is_ok());
  EXPECT_EQ(clock_json(get(no), *config(), day("2026-03-12"))["statutory"]["state"], "paused");
  ASSERT_TRUE(act(kCivil, no, "2026-03-17", {{"action", "special_end"}}).is_ok());
  auto k = get(no);
  EXPECT_EQ(k.paused_days, 5);
  EXPECT_EQ(k.statutory_due,
            timeutil::format_date(config()->calendar.add_working_days(day(due.c_str()), 5)));
  // A step the item does not have is an input error.
  EXPECT_EQ(
      act(kCivil, no, "2026-03-17", {{"action", "special_start"}, {"step", "专家评审"}}).code(),
      Code::kInvalidArgument);
}

TEST_F(CaseClock, ThePowerListDecidesWhoActs) {
  auto no = apply(people_[2], kIdCard, "2026-04-01");
  // 人社局 holds no power over identity cards and does not handle the case: to it the case does
  // not exist, as when it reads it (case numbers are not probed); nothing written.
  auto before = platform_->log_reader().size(reader());
  auto refused = act(kHrss, no, "2026-04-01", {{"action", "accept"}});
  EXPECT_EQ(refused.code(), Code::kNotFound);
  EXPECT_FALSE(refused.message_zh().empty());
  EXPECT_EQ(platform_->log_reader().size(reader()), before);
  EXPECT_EQ(get(no).status, "submitted");
  // Steps out of order are refused too.
  EXPECT_EQ(act(kPolice, no, "2026-04-01", {{"action", "approve"}}).code(),
            Code::kFailedPrecondition);
  // A migrated step may not go back before the case's previous step, nor into the future.
  EXPECT_EQ(act(kPolice, no, "2026-03-31", {{"action", "accept"}}).code(), Code::kInvalidArgument);
  EXPECT_EQ(act(kPolice, no, "2999-01-01", {{"action", "accept"}}).code(), Code::kInvalidArgument);
}

// Catalog reads on the hot paths are remembered per thread under the catalog stamp; a change
// in the same transaction is seen at once and a rolled-back one is forgotten.
TEST_F(CaseClock, RememberedCatalogReadsFollowChangesAndRollbacks) {
  const std::string birth = "990100-000501-01";  // 出生登记: needs the population register
  auto actor = ledger::Actor::system_actor("test");
  exchange::AccessRequest req;
  req.officer = "mc-police-01";
  req.org = kPolice;
  req.resource = "population";
  req.subject = people_[3];
  req.fields = {"id_number", "name"};
  req.purpose = "出生登记核对户籍";
  req.basis_kind = "power";
  req.item = birth;
  auto item_status = [birth](store::Connection& c) -> Result<ledger::Decision> {
    return ledger::Decision{
        {}, catalog::find_record_shared(c, catalog::Kind::kItem, birth)->status, {}};
  };
  auto reason = [](const ledger::Outcome& o) { return o.result.value("reason", std::string()); };
  auto& seq = platform_->sequencer();
  ASSERT_EQ(seq.execute(actor, item_status).result, "active");
  ASSERT_EQ(reason(seq.execute(actor, exchange::request_access(req))), "granted");

  auto repeal = catalog::parse_repeal(catalog::Kind::kItem, birth, {{"basis", "test"}});
  ASSERT_TRUE(repeal.is_ok());
  auto refuse = [](store::Connection&) -> Result<ledger::Decision> {
    return Status::invalid_field("/x", "否", "no");
  };
  auto group = seq.execute_group(
      actor, {catalog::repeal(*repeal), item_status, exchange::request_access(req), refuse});
  ASSERT_EQ(group.size(), 4u);
  EXPECT_TRUE(group[0].aborted);
  EXPECT_EQ(group[1].result, "repealed");        // seen inside the transaction
  EXPECT_EQ(reason(group[2]), "item_repealed");  // by the access rule too
  EXPECT_FALSE(group[3].status.is_ok());
  // Rolled back: the writer forgets what it read inside the group.
  EXPECT_EQ(seq.execute(actor, item_status).result, "active");
  EXPECT_EQ(reason(seq.execute(actor, exchange::request_access(req))), "granted");
  EXPECT_EQ(catalog::find_record_shared(reader(), catalog::Kind::kItem, birth)->status, "active");
}

// The generated catalogue (benchmarks, `sunlight gen catalogue`) imports into an empty store:
// everything its items refer to — laws, powers, organisations, the data resource of their
// identity material — is generated with it.
TEST(Generated, CatalogueImportsIntoAnEmptyStore) {
  testing::TempDir dir;
  auto counts = app::generate_catalogue({600, 1}, dir / "gen", {});
  ASSERT_TRUE(counts.is_ok()) << counts.status().to_string();
  app::PlatformOptions options;
  options.data_dir = dir / "data";
  auto p = app::Platform::open(options);
  ASSERT_TRUE(p.is_ok()) << p.status().to_string();
  auto& platform = **p;
  platform.start();
  auto report = app::import_directory(platform.sequencer(), ledger::Actor::system_actor("test"),
                                      dir / "gen", {});
  EXPECT_TRUE(report.is_ok()) << report.status().to_string();
  auto& c = platform.readers().get();
  auto st = c.prepare("SELECT COUNT(*) FROM items");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.int64(0), 600);
  auto resource = catalog::find_record(c, catalog::Kind::kResource, "syn-population");
  ASSERT_TRUE(resource);
  EXPECT_EQ(counts->resources, 1u);
  platform.stop();
}

// A power document with these responsibility stages.
catalog::Power power(std::vector<std::string> names) {
  catalog::Power p;
  for (const auto& n : names) p.stages.push_back({n, "…"});
  return p;
}

TEST(Procedure, StepsComeFromThePowersStages) {
  auto procedure_of = [](const catalog::Power& p) { return internal::procedure_of(p); };
  auto p = procedure_of(power({"受理", "审查", "决定", "送达", "事后监管"}));
  EXPECT_TRUE(p.takes_applications);
  EXPECT_EQ(p.stages, (std::vector<std::string>{"受理", "审查", "决定", "送达"}));
  EXPECT_EQ(p.stages[p.decision], "决定");
  p = procedure_of(power({"受理", "办理", "办结"}));
  EXPECT_EQ(p.stages.size(), 3u);
  EXPECT_EQ(p.stages[p.decision], "办结");
  p = procedure_of(power({"受理", "审查", "决定", "给付"}));
  EXPECT_EQ(p.stages.back(), "给付");
  EXPECT_EQ(p.stages[p.decision], "决定");
  // Powers that are not exercised on application (inspections, penalties) take none.
  EXPECT_FALSE(procedure_of(power({"检查", "处置", "事后监管"})).takes_applications);
  EXPECT_FALSE(procedure_of(power({"受理"})).takes_applications);
}

TEST(StatusList, IndexZeroIsTheLeftmostBit) {
  auto issuer = credentials::Issuer(crypto::P256Key::generate(), "https://sunlight.example/demo");
  // A hand-made list payload: bits 0 and 9 set.
  std::string bits(credentials::kStatusListBits / 8, '\0');
  bits[0] = '\x80';
  bits[1] = '\x40';
  json list = {{"credentialSubject", {{"encodedList", "u" + crypto::base64url(gzip(bits))}}}};
  EXPECT_TRUE(*credentials::status_bit(list, 0));
  EXPECT_FALSE(*credentials::status_bit(list, 1));
  EXPECT_FALSE(*credentials::status_bit(list, 8));
  EXPECT_TRUE(*credentials::status_bit(list, 9));
  EXPECT_FALSE(credentials::status_bit(list, credentials::kStatusListBits).is_ok());
  EXPECT_FALSE(
      credentials::status_bit({{"credentialSubject", {{"encodedList", "zABC"}}}}, 0).is_ok());
  // A JWS signed by the issuer verifies against its JWKS, and nothing else does.
  auto jws = issuer.sign({{"hello", "world"}}, "vc+jwt");
  auto v = credentials::verify_jws(jws, issuer.jwks());
  EXPECT_TRUE(v.signature_valid) << v.problem;
  EXPECT_EQ(v.header["kid"], issuer.kid());
  auto stranger = credentials::Issuer(crypto::P256Key::generate(), "https://elsewhere.example");
  EXPECT_FALSE(credentials::verify_jws(jws, stranger.jwks()).signature_valid);
  EXPECT_FALSE(credentials::verify_jws(jws + "x", issuer.jwks()).signature_valid);
  EXPECT_FALSE(credentials::verify_jws("a.b", issuer.jwks()).signature_valid);
}

}  // namespace
}  // namespace sunlight::cases
