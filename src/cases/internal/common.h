// Pieces shared by the cases module's translation units.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cases/cases.h"
#include "catalog/network.h"

namespace sunlight::cases::internal {

using nlohmann::json;

// The case steps of a power: its responsibility stages up to the decision stage (决定, 裁决
// or 办结; otherwise the last) and the delivery stages after it (送达, 给付); stages after a
// case ends (事后监管 …) are not case steps. Only powers whose first stage is 受理 take
// applications.
struct Procedure {
  std::vector<std::string> stages;
  size_t decision = 0;  // index of the decision stage
  bool takes_applications = false;
};
Procedure procedure_of(const catalog::Power& power);
size_t stage_index(const std::vector<std::string>& stages, const std::string& stage);

// The date a command acts on: today, or a migrated case's original date (not in the future).
Result<std::string> acting_date(const std::optional<std::string>& on, const std::string& field);

// "990100-20261128-000042"
std::string case_prefix(const std::string& region, const std::string& date);
std::string next_case_no(store::Connection& c, const std::string& region, const std::string& date);

// Due date for `days` working days from `accepted`, extended by `paused` working days.
std::string due_date(const Config& config, const std::string& accepted, int days, int paused,
                     bool& provisional);

// Row readers.
Case read_case(const store::Statement& st);
extern const char* const kCaseColumns;

// Events whose data names the case they belong to ("no").
void record_step(store::Connection& tx, const ledger::Applied& e, const std::string& stage);

// The ratings module's tables' appliers (internal/ratings.cc).
void register_ratings(ledger::Registry& registry);

// A refusal by the power list, as a 403 naming why.
Status refused(const std::string& zh, const std::string& en);
Status wrong_state(const Case& k, const std::string& needs_zh, const std::string& needs_en);

}  // namespace sunlight::cases::internal
