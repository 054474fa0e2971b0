// Regions (行政区划) and organisations (部门/机构): the skeleton of the function network.
//
// Each change is a command: parse (input → typed command, every field error at once),
// load (read the records the rules need), decide (pure: rules → events or a refusal), and
// apply (event → tables, live and on replay). Only `decide_*` holds policy.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/codes.h"
#include "core/status.h"
#include "ledger/sequencer.h"
#include "store/store.h"

namespace sunlight::catalog {

struct Region {
  std::string code;
  std::string name;
  std::string name_en;
  RegionLevel level = RegionLevel::kProvince;
  std::string parent;  // empty for the nation or a top-level region
  bool active = true;
  std::string dissolved_on;
  std::string basis;
};

inline const std::vector<std::string> kOrganisationKinds = {
    "government",   // 人民政府
    "department",   // 政府工作部门
    "agency",       // 直属机构、部门管理机构
    "institution",  // 事业单位
    "vertical",     // 垂直管理机构 (税务、海关 …)
    "other"};

struct Organisation {
  std::string id;  // unified social credit code
  std::string name;
  std::string name_en;
  std::string kind;
  std::string region;
  std::string parent;
  bool active = true;
  std::string dissolved_on;
  std::string basis;
};

struct CreateRegion {
  std::string code, name, name_en, parent;
};
struct RenameRegion {
  std::string code, name, name_en;
};
struct Dissolution {  // for regions and organisations
  std::string id, effective, basis;
};
struct CreateOrganisation {
  std::string id, name, name_en, kind, region, parent;
};
struct RenameOrganisation {
  std::string id, name, name_en;
};

// Parsing: `id` comes from the URL where the route names it.
Result<CreateRegion> parse_create_region(const nlohmann::json& body);
Result<RenameRegion> parse_rename_region(const std::string& code, const nlohmann::json& body);
Result<Dissolution> parse_dissolution(const std::string& id, const nlohmann::json& body);
Result<CreateOrganisation> parse_create_organisation(const nlohmann::json& body);
Result<RenameOrganisation> parse_rename_organisation(const std::string& id,
                                                     const nlohmann::json& body);

// The rules. Pure functions of the command and the records it touches.
Result<ledger::Decision> decide_create_region(const CreateRegion& cmd,
                                              const std::optional<Region>& existing,
                                              const std::optional<Region>& parent);
Result<ledger::Decision> decide_rename_region(const RenameRegion& cmd,
                                              const std::optional<Region>& region);
Result<ledger::Decision> decide_dissolve_region(const Dissolution& cmd,
                                                const std::optional<Region>& region,
                                                int active_children, int active_organisations);
Result<ledger::Decision> decide_create_organisation(const CreateOrganisation& cmd,
                                                    const std::optional<Organisation>& existing,
                                                    const std::optional<Region>& region,
                                                    const std::optional<Organisation>& parent);
Result<ledger::Decision> decide_rename_organisation(const RenameOrganisation& cmd,
                                                    const std::optional<Organisation>& org);
// What an organisation still answers for: it is dissolved only once none is left (its
// subordinates dissolved, its powers and service items transferred or repealed), so that no
// power in force is left without a holder.
struct Holdings {
  int children = 0, powers = 0, items = 0;
};
Result<ledger::Decision> decide_dissolve_organisation(const Dissolution& cmd,
                                                      const std::optional<Organisation>& org,
                                                      const Holdings& holds);

// Commands for the sequencer: load, then decide.
ledger::Decide create_region(CreateRegion cmd);
ledger::Decide rename_region(RenameRegion cmd);
ledger::Decide dissolve_region(Dissolution cmd);
ledger::Decide create_organisation(CreateOrganisation cmd);
ledger::Decide rename_organisation(RenameOrganisation cmd);
ledger::Decide dissolve_organisation(Dissolution cmd);

// Queries.
std::optional<Region> find_region(store::Connection& c, const std::string& code);
std::optional<Organisation> find_organisation(store::Connection& c, const std::string& id);
struct RegionFilter {
  std::optional<std::string> parent;
  std::optional<std::string> level;
};
std::vector<Region> list_regions(store::Connection& c, const RegionFilter& f);
struct OrganisationFilter {
  std::optional<std::string> region;
  std::optional<std::string> parent;
  std::optional<std::string> query;  // substring of the name
  bool include_dissolved = false;
  int limit = 100;
  int offset = 0;
};
std::vector<Organisation> list_organisations(store::Connection& c, const OrganisationFilter& f);
int64_t count_organisations(store::Connection& c, const OrganisationFilter& f);

// One record's change history: the ledger index and type of each event about it.
struct HistoryEntry {
  uint64_t index;
  std::string type;
  std::string time;
};
std::vector<HistoryEntry> history(store::Connection& c, const std::string& entity,
                                  const std::string& id);

nlohmann::json to_json(const Region& r);
nlohmann::json to_json(const Organisation& o);

}  // namespace sunlight::catalog
