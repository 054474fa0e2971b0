// Events and the leaf records that carry them. The format is written down in docs/ledger.md;
// this header is its code.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <typeinfo>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace sunlight::ledger {

inline constexpr int kLeafVersion = 1;
inline constexpr size_t kMaxLeafBytes = 65535;  // entry bundles carry uint16 lengths

// Who caused an event: an officer acting for an organisation, a citizen, or the system
// itself (a named process: "demo", "cli", "import").
struct Actor {
  std::string officer;
  std::string org;
  std::string system;

  static Actor system_actor(std::string name) { return Actor{{}, {}, std::move(name)}; }
  static Actor officer_actor(std::string officer, std::string org) {
    return Actor{std::move(officer), std::move(org), {}};
  }
  nlohmann::json to_json() const;
  static Actor from_json(const nlohmann::json& j);
  bool operator==(const Actor&) const = default;
};

// What a command decides: an event type, its public data and, apart, its personal payload,
// each already in canonical JSON (RFC 8785), as the leaf and the payload will hold them.
// `data` must never hold personal data: it is published in the log for ever.
//
// Modules make events from their types (ledger::to_event in ledger/event_type.h), which writes
// both texts straight from the struct and keeps the struct itself in `typed`: the sequencer
// hands it to the type's applier, so the live path neither builds nor parses a JSON document.
// Replay parses the leaf into the same type instead.
struct Event {
  std::string type;
  std::string data = "{}";
  std::optional<std::string> personal;
  std::shared_ptr<const void> typed;         // the event's struct, when made by to_event
  const std::type_info* typed_as = nullptr;  // and its type

  // An event from JSON values (the ledger's own tests and benchmarks; modules use to_event).
  // Throws std::domain_error when `data` holds a floating-point number or anything JCS cannot
  // represent.
  static Event plain(std::string type, const nlohmann::json& data,
                     const std::optional<nlohmann::json>& personal = std::nullopt);
  // The data and the payload parsed (for an answer built from the event, and for tests).
  nlohmann::json data_json() const;
  std::optional<nlohmann::json> personal_json() const;
};

namespace event_internal {
// Whether a document holds a floating-point number anywhere.
bool holds_float(const nlohmann::json& j);
}  // namespace event_internal

// What docs/events.md says of one event type.
struct EventDoc {
  struct FieldDoc {
    std::string name;
    std::string doc;
    bool optional = false;
  };
  std::string type;
  std::string summary;
  std::vector<FieldDoc> data;
  std::vector<FieldDoc> personal;
};

// A leaf as read back from the log.
struct LeafRecord {
  int version = 0;
  std::string type;
  timeutil::Millis time = 0;
  Actor actor;
  nlohmann::json data;
  std::optional<std::string> commitment;  // hex SHA-256, present when the event had a payload
};

// Canonical JSON bytes of the leaf. Throws std::domain_error if the event cannot be
// canonicalised, holds a floating-point number, or the leaf exceeds kMaxLeafBytes.
std::string make_leaf(const Event& event, const Actor& actor, timeutil::Millis time,
                      const std::optional<std::string>& commitment);
// The same, with the time already formatted (a batch formats its time once).
std::string make_leaf(const Event& event, const Actor& actor, const std::string& time_text,
                      const std::optional<std::string>& commitment);
Result<LeafRecord> parse_leaf(std::string_view bytes);

// The commitment to a personal payload: hex(SHA-256(salt || canonical JSON of payload)).
std::string commitment(std::string_view salt, std::string_view canonical_payload);

}  // namespace sunlight::ledger
