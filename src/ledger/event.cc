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

namespace {

// Leaves hold integers, never floating-point numbers: a float's canonical text may parse
// back as an integer, and then the event applied live would differ from the one replayed.
bool has_float(const nlohmann::json& j) {
  if (j.is_number_float()) return true;
  if (j.is_structured())
    for (const auto& v : j)
      if (has_float(v)) return true;
  return false;
}

}  // namespace

LeafRecord leaf_record(const Event& event, const Actor& actor, timeutil::Millis time,
                       const std::optional<std::string>& commitment) {
  return LeafRecord{kLeafVersion, event.type, time, actor, event.data, commitment};
}

std::string make_leaf(const Event& event, const Actor& actor, timeutil::Millis time,
                      const std::optional<std::string>& commitment) {
  return make_leaf(event, actor, timeutil::format_rfc3339(time), commitment);
}

std::string make_leaf(const Event& event, const Actor& actor, const std::string& time_text,
                      const std::optional<std::string>& commitment) {
  if (has_float(event.data))
    throw std::domain_error("event " + event.type + " holds a floating-point number; use integers");
  nlohmann::json leaf = {
      {"v", kLeafVersion},
      {"type", event.type},
      {"time", time_text},
      {"actor", actor.to_json()},
      {"data", event.data},
  };
  if (commitment) leaf["personal"] = *commitment;
  std::string bytes = jcs::canonical(leaf);
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
