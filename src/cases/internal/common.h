// Pieces shared by the cases module's translation units.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cases/cases.h"
#include "catalog/network.h"
#include "ledger/event_type.h"

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

// A new case number, "990100-20261128-47231830482915": the region, the date, the millisecond
// of the day (China Standard Time) and six random digits, so that no one can find others'
// cases by counting (a department's officers see only their own department's cases, and
// everyone else gets "not found" alike). Checked against the cases already stored.
std::string new_case_no(store::Connection& c, const std::string& region, const std::string& date);

// Due date for `days` working days from `accepted`, extended by `paused` working days.
std::string due_date(const Config& config, const std::string& accepted, int days, int paused,
                     bool& provisional);

// Row readers.
Case read_case(const store::Statement& st);
extern const char* const kCaseColumns;

// The step an event adds to its case's timeline: the case ("no"), the date ("on", else the
// day of the event), the event's data as its detail and the personal "note", if any.
void record_step(store::Connection& tx, const ledger::Applied& e, const std::string& no,
                 const std::optional<std::string>& on, const std::optional<std::string>& note,
                 const std::string& stage);

// A text field of an event, found by the name it has in the leaf.
template <typename E>
std::optional<std::string> text_field(const E& ev, std::string_view name, ledger::Part part) {
  std::optional<std::string> out;
  std::apply(
      [&](const auto&... f) {
        auto one = [&](const auto& field) {
          using T = std::decay_t<decltype(ev.*(field.member))>;
          if constexpr (std::is_same_v<T, std::string> ||
                        std::is_same_v<T, std::optional<std::string>>) {
            if (field.part == part && name == field.name) out = ev.*(field.member);
          }
        };
        (one(f), ...);
      },
      E::fields());
  return out;
}

template <typename E>
void record_step(store::Connection& tx, const ledger::Applied& e, const E& ev,
                 const std::string& stage) {
  record_step(tx, e, text_field(ev, "no", ledger::Part::kData).value(),
              text_field(ev, "on", ledger::Part::kData),
              text_field(ev, "note", ledger::Part::kPersonal), stage);
}

// The ratings module's tables' appliers (internal/ratings.cc).
void register_ratings(ledger::Registry& registry);

// A refusal by the power list, as a 403 naming why.
Status refused(const std::string& zh, const std::string& en);
Status wrong_state(const Case& k, const std::string& needs_zh, const std::string& needs_en);

}  // namespace sunlight::cases::internal
