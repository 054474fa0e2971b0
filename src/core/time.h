// Wall-clock time as Sunlight records it: UTC, RFC 3339 with milliseconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sunlight::timeutil {

using Millis = int64_t;  // milliseconds since the Unix epoch, UTC

Millis now_millis();
// "2026-11-28T04:22:41.123Z"
std::string format_rfc3339(Millis t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" (UTC only, as Sunlight writes it).
std::optional<Millis> parse_rfc3339(std::string_view text);
// A calendar date "YYYY-MM-DD"; returns days since the epoch.
std::optional<int64_t> parse_date(std::string_view text);
std::string format_date(int64_t days);

// Administrative dates are China Standard Time (UTC+8, no daylight saving): the date an
// instant falls on there, as days since the epoch, and today's date as "YYYY-MM-DD".
int64_t local_day(Millis t);
std::string today();
// 1 = Monday … 7 = Sunday.
int weekday(int64_t day);

}  // namespace sunlight::timeutil
