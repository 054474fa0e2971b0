#include "core/calendar.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/time.h"

namespace sunlight {
namespace {

int year_of(int64_t day) { return std::stoi(timeutil::format_date(day).substr(0, 4)); }

}  // namespace

Result<WorkCalendar> WorkCalendar::load(const std::filesystem::path& dir) {
  WorkCalendar cal;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return cal;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    SUNLIGHT_RETURN_IF_ERROR(cal.add_year(text.str(), entry.path().string()));
  }
  return cal;
}

Status WorkCalendar::add_year(const std::string& json_text, const std::string& where) {
  auto doc = nlohmann::json::parse(json_text, nullptr, false);
  auto bad = [&](const std::string& what) {
    return Status::invalid_field(where, "工作日历文件有误：" + what, "bad calendar file: " + what);
  };
  if (!doc.is_object() || !doc.contains("year") || !doc["year"].is_number_integer())
    return bad("year");
  int year = doc["year"];
  for (const char* part : {"holidays", "workdays"}) {
    if (!doc.contains(part) || !doc[part].is_object()) return bad(part);
    for (const auto& [date, name] : doc[part].items()) {
      auto day = timeutil::parse_date(date);
      if (!day || date.size() != 10 || year_of(*day) != year || !name.is_string())
        return bad(std::string(part) + "/" + date);
      (std::string(part) == "holidays" ? holidays_ : workdays_)[*day] = name.get<std::string>();
    }
  }
  years_.insert(year);
  return Status::ok();
}

bool WorkCalendar::is_working_day(int64_t day) const {
  if (workdays_.count(day)) return true;
  if (holidays_.count(day)) return false;
  return timeutil::weekday(day) <= 5;
}

bool WorkCalendar::covers(int64_t day) const { return years_.count(year_of(day)) > 0; }

int64_t WorkCalendar::add_working_days(int64_t day, int n) const {
  while (n > 0) {
    ++day;
    if (is_working_day(day)) --n;
  }
  return day;
}

int WorkCalendar::working_days_between(int64_t from, int64_t to) const {
  int n = 0;
  for (int64_t d = from + 1; d <= to; ++d) n += is_working_day(d) ? 1 : 0;
  return n;
}

std::string WorkCalendar::holiday_name(int64_t day) const {
  auto it = holidays_.find(day);
  return it == holidays_.end() ? "" : it->second;
}

std::set<int> WorkCalendar::years() const { return years_; }

}  // namespace sunlight
