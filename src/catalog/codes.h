// Official identifiers: GB/T 2260 administrative division codes and GB 32100-2015 unified
// social credit codes (统一社会信用代码), with the GB 11714 organisation code inside them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sunlight::catalog {

enum class RegionLevel { kNational, kProvince, kCity, kCounty, kTownship };

const char* level_name(RegionLevel level);  // "province", ...
std::optional<RegionLevel> parse_level(std::string_view name);

// The level a region code implies: XX0000 province, XXYY00 city, XXYYZZ county, 9 digits
// township; "000000" is the nation. nullopt if the code is not a division code.
std::optional<RegionLevel> level_of_code(std::string_view code);
// The prefix a descendant's code must start with ("99" for 990000, "9901" for 990100).
std::string_view significant_prefix(std::string_view code);

// Validates a unified social credit code: 18 characters from the GB 32100 character set,
// correct check character, and a correct GB 11714 check inside. Returns the reason (Chinese,
// English) when invalid.
struct CodeProblem {
  std::string zh, en;
};
std::optional<CodeProblem> uscc_problem(std::string_view code);
// Builds a valid code: authority ('1' = 机构编制), category ('1' = 机关), 6-digit region,
// an 8-character organisation body; the check characters are computed.
std::string make_uscc(char authority, char category, std::string_view region,
                      std::string_view org_body);

// Resident identity numbers (公民身份号码, GB 11643-1999): 6-digit region, 8-digit birth date,
// 3-digit sequence (odd for men), check character (0-9 or X).
std::optional<CodeProblem> id_number_problem(std::string_view id);
std::string make_id_number(std::string_view region, std::string_view birth_yyyymmdd, int sequence);

}  // namespace sunlight::catalog
