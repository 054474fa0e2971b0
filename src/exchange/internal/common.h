// Pieces shared by the exchange module's translation units.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "exchange/exchange.h"

namespace sunlight::exchange {

std::vector<std::string> json_strings(const nlohmann::json& j);
std::optional<Agreement> find_active_agreement(store::Connection& c, const std::string& consumer,
                                               const std::string& resource, const std::string& day);
// The access appliers (internal/access.cc).
void register_access(ledger::Registry& registry);

}  // namespace sunlight::exchange
