// The analyses of the function network:
//   overlaps   — powers of different departments with the same type and the same legal
//                basis article or the same object (多头检查, 政出多门)
//   cycles     — circular proof requirements: item A needs a licence item B issues and B
//                (through any chain) needs A's, across departments (循环证明)
//   comparison — the same service (catalogue code) across regions, side by side, with the
//                best practice marked
//   unfounded  — powers and items without a valid legal basis (法无授权)
//
// Each analysis is a pure function of facts loaded from the store (load_facts), so it is
// unit-tested on hand-made facts.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace sunlight::catalog {

struct PowerFacts {
  std::string code, name, type, holder, holder_name, region, object;
  std::vector<std::string> basis;  // "law:article"
  bool basis_valid = true;         // every basis article exists in a law in force
};

struct ItemFacts {
  std::string code, catalog_code, name, region, org, org_name, power;
  bool has_basis = false;
  bool basis_valid = true;
  bool power_ok = true;  // names an active power that has a valid basis
  std::vector<std::pair<std::string, std::string>> licences;  // (material name, catalog code)
  int applicant_materials = 0, materials = 0, promised_days = 0, statutory_days = 0, visits = 0;
  int online_depth = 0;
  int64_t fee_fen = 0;
};

struct Facts {
  std::vector<PowerFacts> powers;
  std::vector<ItemFacts> items;
  // Region code → parent code, and names, for reports and the ancestor walk.
  std::vector<std::pair<std::string, std::string>> region_parents;
  std::vector<std::pair<std::string, std::string>> region_names;
};

Facts load_facts(store::Connection& c);

nlohmann::json find_overlaps(const Facts& f, const std::optional<std::string>& region = {});
nlohmann::json find_cycles(const Facts& f, const std::optional<std::string>& region = {});
nlohmann::json compare_regions(const Facts& f, const std::optional<std::string>& catalog_code = {});
nlohmann::json find_unfounded(const Facts& f);

}  // namespace sunlight::catalog
