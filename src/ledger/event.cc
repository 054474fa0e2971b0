#include "ledger/event.h"

#include <stdexcept>

#include "core/crypto.h"
#include "core/json.h"

namespace sunlight::ledger {

nlohmann::json Actor::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  if (!system.empty()) {
    j["system"] = system;
  } else {
    j["officer"] = officer;
    j["org"] = org;
  }
  return j;
}

Actor Actor::from_json(const nlohmann::json& j) {
  Actor a;
  if (j.contains("system")) a.system = j.at("system").get<std::string>();
  if (j.contains("officer")) a.officer = j.at("officer").get<std::string>();
  if (j.contains("org")) a.org = j.at("org").get<std::string>();
  return a;
}

namespace event_internal {

// Leaves hold integers, never floating-point numbers: a float's canonical text may parse
// back as an integer, and then the event applied live would differ from the one replayed.
bool holds_float(const nlohmann::json& j) {
  if (j.is_number_float()) return true;
  if (j.is_structured())
    for (const auto& v : j)
      if (holds_float(v)) return true;
  return false;
}

}  // namespace event_internal

Event Event::plain(std::string type, const nlohmann::json& data,
                   const std::optional<nlohmann::json>& personal) {
  if (event_internal::holds_float(data))
    throw std::domain_error("event " + type + " holds a floating-point number; use integers");
  Event e;
  e.type = std::move(type);
  e.data = jcs::canonical(data);
  if (personal) e.personal = jcs::canonical(*personal);
  return e;
}

nlohmann::json Event::data_json() const { return nlohmann::json::parse(data); }

std::optional<nlohmann::json> Event::personal_json() const {
  if (!personal) return std::nullopt;
  return nlohmann::json::parse(*personal);
}

std::string make_leaf(const Event& event, const Actor& actor, timeutil::Millis time,
                      const std::optional<std::string>& commitment) {
  return make_leaf(event, actor, timeutil::format_rfc3339(time), commitment);
}

std::string make_leaf(const Event& event, const Actor& actor, const std::string& time_text,
                      const std::optional<std::string>& commitment) {
  // The canonical object {"v", "type", "time", "actor", "data", "personal"?}, its members in
  // JCS order, assembled from the event's canonical data without a whole-leaf document.
  std::string bytes;
  bytes.reserve(96 + event.data.size());
  bytes += "{\"actor\":{";
  if (!actor.system.empty()) {
    bytes += "\"system\":";
    jcs::append_string(actor.system, bytes);
  } else {
    bytes += "\"officer\":";
    jcs::append_string(actor.officer, bytes);
    bytes += ",\"org\":";
    jcs::append_string(actor.org, bytes);
  }
  bytes += "},\"data\":";
  bytes += event.data;
  if (commitment) {
    bytes += ",\"personal\":";
    jcs::append_string(*commitment, bytes);
  }
  bytes += ",\"time\":";
  jcs::append_string(time_text, bytes);
  bytes += ",\"type\":";
  jcs::append_string(event.type, bytes);
  bytes += ",\"v\":" + std::to_string(kLeafVersion) + "}";
  if (bytes.size() > kMaxLeafBytes)
    throw std::domain_error("leaf of " + std::to_string(bytes.size()) + " bytes for event " +
                            event.type + " exceeds the 65535-byte limit");
  return bytes;
}

Result<LeafRecord> parse_leaf(std::string_view bytes) {
  auto bad = [](const std::string& en) {
    return Status(Code::kDataLoss, "日志叶格式错误：" + en, "malformed leaf: " + en);
  };
  auto j = nlohmann::json::parse(bytes, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  try {
    LeafRecord r;
    r.version = j.at("v").get<int>();
    if (r.version != kLeafVersion) return bad("unknown version " + std::to_string(r.version));
    r.type = j.at("type").get<std::string>();
    auto t = timeutil::parse_rfc3339(j.at("time").get<std::string>());
    if (!t) return bad("bad time");
    r.time = *t;
    r.actor = Actor::from_json(j.at("actor"));
    r.data = j.at("data");
    if (j.contains("personal")) r.commitment = j.at("personal").get<std::string>();
    return r;
  } catch (const nlohmann::json::exception& e) {
    return bad(e.what());
  }
}

std::string commitment(std::string_view salt, std::string_view canonical_payload) {
  return crypto::hex(crypto::sha256(salt, canonical_payload));
}

}  // namespace sunlight::ledger
