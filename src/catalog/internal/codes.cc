#include "catalog/codes.h"

#include <array>
#include <cstdio>
#include <string>

namespace sunlight::catalog {
namespace {

constexpr std::string_view kUsccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // no I O S V Z
constexpr std::array<int, 17> kUsccWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                              29, 25, 13, 8,  24, 10, 30, 28};
constexpr std::array<int, 8> kOrgWeights = {3, 7, 9, 10, 5, 8, 4, 2};

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int org_char_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

char org_check(std::string_view body) {
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) sum += org_char_value(body[i]) * kOrgWeights[i];
  int c = 11 - sum % 11;
  return c == 10 ? 'X' : c == 11 ? '0' : static_cast<char>('0' + c);
}

char uscc_check(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < 17; ++i)
    sum += static_cast<int>(kUsccChars.find(first17[i])) * kUsccWeights[i];
  int c = 31 - sum % 31;
  return kUsccChars[c == 31 ? 0 : static_cast<size_t>(c)];
}

}  // namespace

const char* level_name(RegionLevel level) {
  switch (level) {
    case RegionLevel::kNational:
      return "national";
    case RegionLevel::kProvince:
      return "province";
    case RegionLevel::kCity:
      return "city";
    case RegionLevel::kCounty:
      return "county";
    case RegionLevel::kTownship:
      return "township";
  }
  return "?";
}

std::optional<RegionLevel> parse_level(std::string_view name) {
  for (auto l : {RegionLevel::kNational, RegionLevel::kProvince, RegionLevel::kCity,
                 RegionLevel::kCounty, RegionLevel::kTownship})
    if (name == level_name(l)) return l;
  return std::nullopt;
}

std::optional<RegionLevel> level_of_code(std::string_view code) {
  if (!digits(code)) return std::nullopt;
  if (code.size() == 9)
    return code.substr(6) == "000" ? std::nullopt : std::optional(RegionLevel::kTownship);
  if (code.size() != 6) return std::nullopt;
  if (code == "000000") return RegionLevel::kNational;
  if (code.substr(0, 2) == "00") return std::nullopt;
  if (code.substr(2) == "0000") return RegionLevel::kProvince;
  if (code.substr(4) == "00") return RegionLevel::kCity;
  return RegionLevel::kCounty;
}

std::string_view significant_prefix(std::string_view code) {
  auto level = level_of_code(code);
  if (!level) return code;
  switch (*level) {
    case RegionLevel::kNational:
      return "";
    case RegionLevel::kProvince:
      return code.substr(0, 2);
    case RegionLevel::kCity:
      return code.substr(0, 4);
    case RegionLevel::kCounty:
      return code.substr(0, 6);
    case RegionLevel::kTownship:
      return code;
  }
  return code;
}

std::optional<CodeProblem> uscc_problem(std::string_view code) {
  if (code.size() != 18) return CodeProblem{"应为 18 位", "must be 18 characters"};
  for (char c : code)
    if (kUsccChars.find(c) == std::string_view::npos)
      return CodeProblem{
          std::string("不允许字符 '") + c + "'（可用 0-9 与除 I、O、S、V、Z 外的大写字母）",
          std::string("character '") + c +
              "' is not allowed (use 0-9 and A-Y except I, O, S, V, Z)"};
  if (!digits(code.substr(2, 6)))
    return CodeProblem{"第 3–8 位应为行政区划代码", "characters 3-8 must be a region code"};
  for (char c : code.substr(8, 8))
    if (org_char_value(c) < 0)
      return CodeProblem{"组织机构代码主体格式错误", "organisation code body is malformed"};
  if (org_check(code.substr(8, 8)) != code[16])
    return CodeProblem{"组织机构代码校验码错误", "organisation code check digit is wrong"};
  if (uscc_check(code.substr(0, 17)) != code[17])
    return CodeProblem{"校验码错误", "check character is wrong"};
  return std::nullopt;
}

std::string make_uscc(char authority, char category, std::string_view region,
                      std::string_view org_body) {
  std::string s;
  s += authority;
  s += category;
  s += region;
  s += org_body;
  s += org_check(org_body);
  s += uscc_check(s);
  return s;
}

namespace {

char id_check(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kChecks[] = "10X98765432";
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kChecks[sum % 11];
}

}  // namespace

std::optional<CodeProblem> id_number_problem(std::string_view id) {
  if (id.size() != 18) return CodeProblem{"应为 18 位", "must be 18 characters"};
  if (!digits(id.substr(0, 17)))
    return CodeProblem{"前 17 位应为数字", "the first 17 characters must be digits"};
  if (!level_of_code(id.substr(0, 6)))
    return CodeProblem{"前 6 位不是行政区划代码", "characters 1-6 are not a region code"};
  int y = std::stoi(std::string(id.substr(6, 4))), m = std::stoi(std::string(id.substr(10, 2))),
      d = std::stoi(std::string(id.substr(12, 2)));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] || (m == 2 && d == 29 && !leap))
    return CodeProblem{"出生日期无效", "the birth date is not a date"};
  char c = id[17] == 'x' ? 'X' : id[17];
  if (c != id_check(id.substr(0, 17))) return CodeProblem{"校验码错误", "check character is wrong"};
  return std::nullopt;
}

std::string make_id_number(std::string_view region, std::string_view birth, int sequence) {
  char seq[8];
  std::snprintf(seq, sizeof seq, "%03d", ((sequence % 1000) + 1000) % 1000);
  std::string s = std::string(region) + std::string(birth) + seq;
  s += id_check(s);
  return s;
}

}  // namespace sunlight::catalog
