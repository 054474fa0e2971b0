// The working-day calendar (工作日): weekends, public holidays and adjusted working days
// (调休), one file per year in data/calendar/<year>.json (see docs/cases.md). Time limits
// of service items are counted in working days on it.
//
// Outside the configured years only weekends are days off; `covers` says whether a day's
// year is configured, so callers can mark a deadline as provisional.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "core/status.h"

namespace sunlight {

class WorkCalendar {
 public:
  WorkCalendar() = default;  // weekends only
  // Loads every <year>.json in `dir`; a missing directory gives a weekends-only calendar.
  static Result<WorkCalendar> load(const std::filesystem::path& dir);
  // One year's document: {"year", "holidays": {date: name}, "workdays": {date: name}}.
  Status add_year(const std::string& json_text, const std::string& where);

  // Days are days since the epoch (timeutil::parse_date).
  bool is_working_day(int64_t day) const;
  bool covers(int64_t day) const;
  // The n-th working day after `day` (the start day is not counted, as in 民法典 第二百零一条);
  // n = 0 gives `day` itself.
  int64_t add_working_days(int64_t day, int n) const;
  // Working days d with from < d <= to (0 when to <= from).
  int working_days_between(int64_t from, int64_t to) const;
  // The holiday's name, or "" for a working day or an ordinary weekend.
  std::string holiday_name(int64_t day) const;
  std::set<int> years() const;

 private:
  std::map<int64_t, std::string> holidays_, workdays_;
  std::set<int> years_;
};

}  // namespace sunlight
