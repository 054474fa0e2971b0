// Events and the leaf records that carry them. The format is written down in docs/ledger.md;
// this header is its code.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
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

// What a command decides: an event type, its public data and, apart, its personal payload.
// `data` must never hold personal data: it is published in the log for ever.
struct Event {
  std::string type;
  nlohmann::json data = nlohmann::json::object();
  std::optional<nlohmann::json> personal;
};

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
