#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/crypto.h"
#include "core/gzip.h"
#include "core/json.h"
#include "core/metrics.h"
#include "core/status.h"
#include "core/time.h"

namespace sunlight {
namespace {

using Json = nlohmann::json;

TEST(CanonicalJson, SortsMembersByUtf16CodeUnits) {
  // RFC 8785 §3.2.3: the sorting example.
  Json j = Json::parse(
      R"({"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"})");
  std::string out = jcs::canonical(j);
  std::vector<std::string> order = {
      "\\r", "1", "\xc2\x80", "\xc3\xb6", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xef\xac\xb3"};
  size_t pos = 0;
  for (const auto& key : order) {
    auto at = out.find("\"" + key + "\"", pos);
    ASSERT_NE(at, std::string::npos) << key;
    pos = at;
  }
}

TEST(CanonicalJson, FormatsNumbersLikeEcmaScript) {
  // RFC 8785 Appendix B examples.
  EXPECT_EQ(jcs::format_number(0.0), "0");
  EXPECT_EQ(jcs::format_number(-0.0), "0");
  EXPECT_EQ(jcs::format_number(1e30), "1e+30");
  EXPECT_EQ(jcs::format_number(4.50), "4.5");
  EXPECT_EQ(jcs::format_number(2e-3), "0.002");
  EXPECT_EQ(jcs::format_number(1e-27), "1e-27");
  EXPECT_EQ(jcs::format_number(333333333.33333329), "333333333.3333333");
  EXPECT_EQ(jcs::format_number(9007199254740991.0), "9007199254740991");
  EXPECT_EQ(jcs::format_number(1e21), "1e+21");
  EXPECT_EQ(jcs::format_number(1e20), "100000000000000000000");
  EXPECT_EQ(jcs::format_number(5e-324), "5e-324");
  EXPECT_EQ(jcs::format_number(-1.7976931348623157e308), "-1.7976931348623157e+308");
  EXPECT_EQ(jcs::format_number(0.000001), "0.000001");
  EXPECT_EQ(jcs::format_number(1e-7), "1e-7");
  EXPECT_EQ(jcs::format_number(123.456), "123.456");
}

TEST(CanonicalJson, EscapesMinimallyAndHasNoWhitespace) {
  Json j = {{"b", {1, 2.5, true, nullptr}}, {"a", "line\nbreak \"q\" \x01 中文 \\"}};
  EXPECT_EQ(jcs::canonical(j),
            "{\"a\":\"line\\nbreak \\\"q\\\" \\u0001 中文 \\\\\",\"b\":[1,2.5,true,null]}");
}

TEST(CanonicalJson, EscapesAtTheEdgesAndInRuns) {
  EXPECT_EQ(jcs::canonical(Json("\"")), "\"\\\"\"");
  EXPECT_EQ(jcs::canonical(Json("\\end")), "\"\\\\end\"");
  EXPECT_EQ(jcs::canonical(Json("start\n")), "\"start\\n\"");
  EXPECT_EQ(jcs::canonical(Json("\r\t\b\f\x1f\x7f")), "\"\\r\\t\\b\\f\\u001f\x7f\"");
  EXPECT_EQ(jcs::canonical(Json("")), "\"\"");
  EXPECT_EQ(jcs::canonical(Json("没有需要转义的字符")), "\"没有需要转义的字符\"");
}

TEST(CanonicalJson, RejectsWhatJcsCannotCarry) {
  EXPECT_THROW(jcs::canonical(Json(int64_t{1} << 60)), std::domain_error);
  EXPECT_THROW(jcs::canonical(Json(std::string("\xff\xfe"))), std::domain_error);
  EXPECT_THROW(jcs::canonical(Json(std::string("\xe4\xb8"))), std::domain_error);      // truncated
  EXPECT_THROW(jcs::canonical(Json(std::string("\xed\xa0\x80"))), std::domain_error);  // surrogate
}

TEST(Crypto, Sha256KnownAnswers) {
  EXPECT_EQ(crypto::hex(crypto::sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(crypto::hex(crypto::sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(crypto::sha256("ab", "c"), crypto::sha256("abc"));
}

TEST(Crypto, Base64AndHexRoundTrip) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\x00\xff\x10"}) {
    EXPECT_EQ(crypto::unbase64(crypto::base64(s)), s);
    EXPECT_EQ(crypto::unbase64url(crypto::base64url(s)), s);
    EXPECT_EQ(crypto::unhex(crypto::hex(s)), s);
  }
  EXPECT_EQ(crypto::base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(crypto::base64url("\xfb\xff"), "-_8");
  EXPECT_FALSE(crypto::unbase64("Zm9vYmE"));   // missing padding
  EXPECT_FALSE(crypto::unbase64("Zm9vYm!="));  // bad character
  EXPECT_FALSE(crypto::unbase64("Zm9=").has_value() && crypto::base64("f") != "Zm9=");
  EXPECT_FALSE(crypto::unhex("abc"));
  EXPECT_FALSE(crypto::unhex("zz"));
}

TEST(Crypto, Ed25519Rfc8032TestVector1) {
  auto seed = *crypto::unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  auto key = crypto::Ed25519Key::from_seed(seed);
  ASSERT_TRUE(key);
  EXPECT_EQ(crypto::hex(key->public_key),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  std::string sig = key->sign("");
  EXPECT_EQ(crypto::hex(sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
            "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(crypto::ed25519_verify(key->public_key, "", sig));
  sig[0] ^= 1;
  EXPECT_FALSE(crypto::ed25519_verify(key->public_key, "", sig));
}

TEST(Time, Rfc3339RoundTrip) {
  auto t = timeutil::parse_rfc3339("2026-11-28T04:22:41.123Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(timeutil::format_rfc3339(*t), "2026-11-28T04:22:41.123Z");
  EXPECT_EQ(timeutil::parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_FALSE(timeutil::parse_rfc3339("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(timeutil::parse_rfc3339("2026-11-28 04:22:41Z"));
  EXPECT_FALSE(timeutil::parse_rfc3339("2026-11-28T04:22:41+08:00"));
  EXPECT_EQ(timeutil::format_date(*timeutil::parse_date("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(timeutil::parse_date("2023-02-29"));
}

TEST(Status, InvalidNamesTheField) {
  Status s = Status::invalid_field("/name", "不能为空", "must not be empty");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  ASSERT_EQ(s.errors().size(), 1u);
  EXPECT_EQ(s.errors()[0].field, "/name");
  EXPECT_NE(s.message_en().find("/name"), std::string::npos);
  Result<int> r = s;
  EXPECT_FALSE(r.is_ok());
  Result<int> v = 3;
  EXPECT_EQ(*v, 3);
}

TEST(Metrics, RendersPrometheusText) {
  metrics::Registry r;
  r.counter("x_total", "things", {{"route", "/a"}}).inc(3);
  r.histogram("lat_seconds", "latency", {0.1, 1}).observe(0.5);
  std::string text = r.render();
  EXPECT_NE(text.find("x_total{route=\"/a\"} 3"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"0.1\"} 0"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"1\"} 1"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_count 1"), std::string::npos);
}

// The working-day calendar ------------------------------------------------------------

int64_t D(const char* date) { return *timeutil::parse_date(date); }

TEST(Calendar, WeekdaysAndLocalDates) {
  EXPECT_EQ(timeutil::weekday(D("2026-11-28")), 6);  // a Saturday
  EXPECT_EQ(timeutil::weekday(D("2026-11-30")), 1);
  EXPECT_EQ(timeutil::weekday(D("1969-12-31")), 3);
  // 2026-11-28T16:30Z is already the 29th in Beijing.
  EXPECT_EQ(
      timeutil::format_date(timeutil::local_day(*timeutil::parse_rfc3339("2026-11-28T16:30:00Z"))),
      "2026-11-29");
  EXPECT_EQ(
      timeutil::format_date(timeutil::local_day(*timeutil::parse_rfc3339("2026-11-28T15:59:59Z"))),
      "2026-11-28");
}

TEST(Calendar, SpringFestivalWithAdjustedWorkingDays) {
  auto cal = WorkCalendar::load(SUNLIGHT_SOURCE_DATA_DIR "/calendar");
  ASSERT_TRUE(cal.is_ok());
  EXPECT_TRUE(cal->covers(D("2026-02-14")));
  // 2026: 春节 15–23 February off; Saturday 14 and Saturday 28 February are working days.
  EXPECT_TRUE(cal->is_working_day(D("2026-02-14")));
  EXPECT_FALSE(cal->is_working_day(D("2026-02-16")));
  EXPECT_EQ(cal->holiday_name(D("2026-02-16")), "春节");
  EXPECT_TRUE(cal->is_working_day(D("2026-02-28")));
  EXPECT_FALSE(cal->is_working_day(D("2026-02-21")));  // a Saturday inside the holiday
  // Thursday 12 February + 3 working days: Fri 13, Sat 14 (adjusted), then Tue 24.
  EXPECT_EQ(timeutil::format_date(cal->add_working_days(D("2026-02-12"), 3)), "2026-02-24");
  EXPECT_EQ(cal->working_days_between(D("2026-02-12"), D("2026-02-28")), 7);
  EXPECT_EQ(cal->add_working_days(D("2026-02-16"), 0), D("2026-02-16"));
  // National Day: Wednesday 30 September + 1 is Thursday 8 October; Sunday 20 September works.
  EXPECT_EQ(timeutil::format_date(cal->add_working_days(D("2026-09-30"), 1)), "2026-10-08");
  EXPECT_TRUE(cal->is_working_day(D("2026-09-20")));
  EXPECT_EQ(cal->working_days_between(D("2026-10-08"), D("2026-10-01")), 0);
}

TEST(Calendar, BeyondTheConfiguredYearsOnlyWeekendsAreOff) {
  auto cal = WorkCalendar::load(SUNLIGHT_SOURCE_DATA_DIR "/calendar");
  ASSERT_TRUE(cal.is_ok());
  EXPECT_FALSE(cal->covers(D("2099-01-01")));
  EXPECT_TRUE(cal->is_working_day(D("2099-01-01")));  // a Thursday; no notice for 2099
  EXPECT_EQ(timeutil::format_date(cal->add_working_days(D("2099-01-02"), 1)), "2099-01-05");
  WorkCalendar none;
  EXPECT_EQ(none.working_days_between(D("2026-02-12"), D("2026-02-28")), 11);
}

TEST(Calendar, BadFilesAreNamed) {
  WorkCalendar cal;
  auto s = cal.add_year(R"({"year": 2026, "holidays": {"2025-01-01": "元旦"}, "workdays": {}})",
                        "2026.json");
  EXPECT_FALSE(s.is_ok());
  EXPECT_NE(s.message_en().find("holidays/2025-01-01"), std::string::npos) << s.message_en();
  EXPECT_FALSE(cal.add_year("{", "x.json").is_ok());
  EXPECT_FALSE(cal.add_year(R"({"year": 2026, "holidays": {}})", "x.json").is_ok());
  EXPECT_TRUE(cal.years().empty());
}

}  // namespace
TEST(Es256, SignaturesAreRawRAndSAndVerify) {
  auto key = crypto::P256Key::generate();
  EXPECT_EQ(key.x().size(), 32u);
  EXPECT_EQ(key.y().size(), 32u);
  auto sig = key.sign("header.payload");
  ASSERT_EQ(sig.size(), 64u);  // R‖S, not DER
  EXPECT_TRUE(crypto::es256_verify(key.x(), key.y(), "header.payload", sig));
  EXPECT_FALSE(crypto::es256_verify(key.x(), key.y(), "header.payloaD", sig));
  auto flipped = sig;
  flipped[10] = static_cast<char>(flipped[10] ^ 1);
  EXPECT_FALSE(crypto::es256_verify(key.x(), key.y(), "header.payload", flipped));
  auto other = crypto::P256Key::generate();
  EXPECT_FALSE(crypto::es256_verify(other.x(), other.y(), "header.payload", sig));
  // The key survives its PEM form.
  auto again = crypto::P256Key::from_pem(key.pem());
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->x(), key.x());
  EXPECT_TRUE(crypto::es256_verify(key.x(), key.y(), "m", again->sign("m")));
  EXPECT_FALSE(crypto::P256Key::from_pem("not a key").has_value());
  // A point that is not on the curve is refused, not trusted.
  EXPECT_FALSE(crypto::es256_verify(std::string(32, '\1'), std::string(32, '\2'), "m", sig));
}

TEST(Gzip, RoundTripsAndRefusesWhatIsNotGzip) {
  std::string bits(16384, '\0');
  bits[3] = '\x80';
  auto packed = gzip(bits);
  EXPECT_LT(packed.size(), 200u);
  EXPECT_EQ(packed.substr(0, 2), "\x1f\x8b");
  EXPECT_EQ(gunzip(packed, 1 << 20), bits);
  EXPECT_FALSE(gunzip("plain text", 1 << 20).has_value());
  EXPECT_FALSE(gunzip(packed, 1000).has_value());  // larger than allowed
}

}  // namespace sunlight
