#include "core/time.h"

#include <charconv>
#include <cstdio>

namespace sunlight::timeutil {
namespace {

using namespace std::chrono;

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

std::optional<year_month_day> ymd_at(std::string_view s) {
  int y, m, d;
  if (s.size() < 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

}  // namespace

Millis now_millis() {
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_rfc3339(Millis t) {
  auto days_since = floor<days>(sys_time<milliseconds>(milliseconds(t)));
  year_month_day ymd{days_since};
  auto rest = milliseconds(t) - days_since.time_since_epoch();
  auto h = duration_cast<hours>(rest);
  auto mi = duration_cast<minutes>(rest - h);
  auto s = duration_cast<seconds>(rest - h - mi);
  auto ms = rest - h - mi - s;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(h.count()),
                static_cast<int>(mi.count()), static_cast<int>(s.count()),
                static_cast<int>(ms.count()));
  return buf;
}

std::optional<Millis> parse_rfc3339(std::string_view text) {
  auto ymd = ymd_at(text);
  int hh, mm, ss, frac = 0;
  if (!ymd || text.size() < 20 || text[10] != 'T' || !digits(text, 11, 2, hh) || text[13] != ':' ||
      !digits(text, 14, 2, mm) || text[16] != ':' || !digits(text, 17, 2, ss))
    return std::nullopt;
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    if (!digits(text, pos + 1, 3, frac)) return std::nullopt;
    pos += 4;
  }
  if (pos + 1 != text.size() || text[pos] != 'Z') return std::nullopt;
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  auto day_ms = sys_days(*ymd).time_since_epoch();
  return duration_cast<milliseconds>(day_ms).count() + ((hh * 60 + mm) * 60 + ss) * 1000 + frac;
}

std::optional<int64_t> parse_date(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  auto ymd = ymd_at(text);
  if (!ymd) return std::nullopt;
  return sys_days(*ymd).time_since_epoch().count();
}

std::string format_date(int64_t d) {
  year_month_day ymd{sys_days(days(d))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

int64_t local_day(Millis t) {
  constexpr Millis kOffset = 8 * 3600 * 1000;
  Millis local = t + kOffset;
  return local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
}

std::string today() { return format_date(local_day(now_millis())); }

int weekday(int64_t day) {
  return static_cast<int>(((day % 7) + 7 + 3) % 7) + 1;
}  // 1970-01-01 was a Thursday

}  // namespace sunlight::timeutil
