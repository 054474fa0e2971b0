// The power list as the access policy (法无授权不可为): may an officer of an organisation
// perform an action on a service item, and under which power and law?
//
// This is the one authorisation check for acting on a case; later modules call it rather
// than writing their own rules. The rule is a pure function (decide_access) of the item,
// its power and the power's legal basis; `authorize` only loads them.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/network.h"
#include "core/status.h"
#include "store/store.h"

namespace sunlight::catalog {

struct AccessDecision {
  bool allowed = false;
  std::string reason_zh, reason_en;  // why not (or, when allowed, under what)
  nlohmann::json power;              // {code, name, type, holder, stages}
  nlohmann::json basis;              // [{law, article, law_title, text, text_kind}]
  nlohmann::json to_json() const;
};

// `basis` holds the power's basis articles as found in the store (nullopt for one that is
// missing). Refuses unless: the item is active and names an active power; the power has a
// basis and every basis article exists in a law in force; `org` holds the power or
// implements the item; and `action` is one of the power's responsibility stages.
AccessDecision decide_access(const std::string& org, const std::string& action,
                             const RecordRow& item, const std::optional<RecordRow>& power,
                             const std::vector<std::optional<ArticleRef>>& basis);

// Loads and decides. kNotFound when the item does not exist.
Result<AccessDecision> authorize(store::Connection& c, const std::string& org,
                                 const std::string& action, const std::string& item_code);

}  // namespace sunlight::catalog
