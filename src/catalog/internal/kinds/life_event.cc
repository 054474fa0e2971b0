// Life events (一件事): bundles of service items from several departments, applied for once.
#include "catalog/internal/kind.h"

namespace sunlight::catalog {
namespace {

using internal::ColumnValue;
using nlohmann::json;

Record read(FieldReader& r) {
  LifeEvent le;
  le.code = internal::read_code(r, "code", "[A-Za-z0-9-]{3,40}", "只能包含字母、数字和 -",
                                "must be 3-40 of letters, digits and '-'");
  le.name = r.required_string("name", 100);
  le.name_en = r.optional_string("name_en", 200).value_or("");
  le.region = r.required_string("region", 9);
  le.lead_org = r.required_string("lead_org", 18);
  internal::check_uscc_field(r, "lead_org", le.lead_org);
  le.items = r.string_list("items", 50, 40, true);
  if (le.items.size() < 2 && r.ok())
    r.error("items", "一件事至少包含两个事项", "a life event bundles at least two items");
  le.promised_days = r.optional_int("promised_days", 0, 3650).value_or(0);
  le.visits = r.optional_int("visits", 0, 10).value_or(0);
  le.description = r.optional_string("description", 2000).value_or("");
  le.keywords = r.string_list("keywords", 30, 40);
  return le;
}

void check_references(internal::Refs& refs, const Record& r, LicenceRefs) {
  const auto& le = std::get<LifeEvent>(r);
  refs.region("/region", le.region);
  refs.org("/lead_org", le.lead_org);
  refs.items("/items", le.items);
}

json present(store::Connection& c, const RecordRow& row) {
  const LifeEvent& le = row.life_event();
  json out = row.doc;
  out["lead_org_name"] = internal::org_name(c, le.lead_org);
  out["region_name"] = internal::region_name(c, le.region);
  json items = json::array();
  for (const auto& code : le.items) {
    auto item = find_record(c, Kind::kItem, code);
    if (!item) continue;
    const ServiceItem& i = item->item();
    items.push_back({{"code", item->key},
                     {"name", i.name},
                     {"org", i.org},
                     {"org_name", internal::org_name(c, i.org)},
                     {"promised_days", i.promised_days},
                     {"status", item->status}});
  }
  out["item_details"] = items;
  return out;
}

json summary(store::Connection&, const RecordRow& row) {
  const LifeEvent& le = row.life_event();
  return {{"code", row.key},
          {"name", le.name},
          {"region", le.region},
          {"lead_org", le.lead_org},
          {"items", le.items.size()}};
}

}  // namespace

const internal::KindDescriptor& internal::life_event_kind() {
  using T = LifeEvent;
  static const KindDescriptor d{
      .kind = Kind::kLifeEvent,
      .name = "life_event",
      .doc_name = "life event (一件事)",
      .table = "life_events",
      .key = "code",
      .path = "/api/v1/life-events",
      .key_param = "code",
      .columns = {text_column("name", &T::name), text_column("region", &T::region),
                  text_column("lead_org", &T::lead_org)},
      .filters = {{&ListFilter::region, "region"},
                  {&ListFilter::org, "lead_org"},
                  {&ListFilter::query, "name", Match::kContains}},
      .links = {{"life_event_items",
                 "life_event",
                 {"seq", "item"},
                 [](const Record& r) {
                   std::vector<std::vector<ColumnValue>> rows;
                   int64_t seq = 0;
                   for (const auto& i : std::get<T>(r).items) rows.push_back({seq++, i});
                   return rows;
                 }}},
      .types = nullptr,
      .effective_in_record = false,
      .read = read,
      .check_references = check_references,
      .repeal_blocker = nullptr,
      .present = present,
      .summary = summary,
      .split = nullptr,
      .register_more = nullptr,
  };
  return d;
}

}  // namespace sunlight::catalog
