// Linked-data views of the catalogue: CPSV-AP 3.2 (the EU Core Public Service Vocabulary
// Application Profile) and schema.org GovernmentService, as JSON-LD. The context is inline,
// so the documents need nothing from the network.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "catalog/network.h"
#include "store/store.h"

namespace sunlight::catalog {

// `base` prefixes every node IRI, e.g. "https://sunlight.example/demo/".
nlohmann::json cpsv_ap_item(store::Connection& c, const RecordRow& item, const std::string& base);
nlohmann::json schema_org_item(store::Connection& c, const RecordRow& item,
                               const std::string& base);
// Every active item (paged), plus its organisations and life events, in one @graph.
nlohmann::json cpsv_ap_catalogue(store::Connection& c, const std::string& base, int limit,
                                 int offset);
nlohmann::json schema_org_catalogue(store::Connection& c, const std::string& base, int limit,
                                    int offset);

}  // namespace sunlight::catalog
