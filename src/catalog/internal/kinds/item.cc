// Service items (政务服务事项): what a department offers — conditions, materials and where each
// comes from, fees, channels, places, time limits, visits, online depth, and the power each
// exercises.
#include "catalog/codes.h"
#include "catalog/internal/kind.h"

namespace sunlight::catalog {
namespace {

using internal::ColumnValue;
using nlohmann::json;

MaterialSource read_source(FieldReader& sr) {
  MaterialSource source;
  source.kind = sr.required_enum("kind", {"applicant", "data_resource", "licence"});
  auto resource = sr.optional_string("resource", 60);
  auto catalog_code = sr.optional_string("catalog_code", 40);
  auto fields = sr.string_list("fields", 100, 40);
  if (source.kind == "data_resource") {
    if (!resource)
      sr.error("resource", "数据资源来源必须写明资源",
               "a data_resource source must name the resource");
    source.resource = resource.value_or("");
    if (!fields.empty()) source.fields = fields;
  }
  if (source.kind == "licence") {
    if (!catalog_code)
      sr.error("catalog_code", "证照来源必须写明产生它的事项编码",
               "a licence source must name the item that issues it");
    source.catalog_code = catalog_code.value_or("");
  }
  return source;
}

Material read_material(FieldReader& m) {
  Material mat;
  mat.name = m.required_string("name", 100);
  mat.required = m.optional_bool("required").value_or(true);
  mat.trust = m.required_enum("trust", {"A", "B", "C", "D"});
  mat.note = m.optional_string("note", 300).value_or("");
  if (const json* src = m.object("source", true)) {
    FieldReader sr(*src, m.pointer("source"));
    mat.source = read_source(sr);
    m.merge(sr);
  }
  return mat;
}

Fee read_fee(FieldReader& f) {
  Fee fee;
  fee.name = f.required_string("name", 100);
  auto amount = f.optional_int("amount_fen", 0, 1000000000);
  if (!amount && f.ok()) f.error("amount_fen", "必填（单位：分）", "is required (in fen)");
  fee.amount_fen = amount.value_or(0);
  if (const json* b = f.object("basis", false)) {
    FieldReader br(*b, f.pointer("basis"));
    fee.basis = internal::read_legal_ref(br);
    f.merge(br);
  }
  return fee;
}

Record read(FieldReader& r) {
  ServiceItem item;
  item.code = internal::read_code(r, "code", "[A-Za-z0-9-]{3,40}", "只能包含字母、数字和 -",
                                  "must be 3-40 of letters, digits and '-'");
  item.catalog_code =
      internal::read_code(r, "catalog_code", "[A-Za-z0-9-]{2,40}", "只能包含字母、数字和 -",
                          "must be 2-40 of letters, digits and '-'");
  item.name = r.required_string("name", 100);
  item.name_en = r.optional_string("name_en", 200).value_or("");
  item.region = r.required_string("region", 9);
  if (!item.region.empty() && !level_of_code(item.region))
    r.error("region", "不是有效的行政区划代码", "is not an administrative division code");
  item.org = r.required_string("org", 18);
  internal::check_uscc_field(r, "org", item.org);
  item.competent_org = r.optional_string("competent_org", 18).value_or(item.org);
  internal::check_uscc_field(r, "competent_org", item.competent_org);
  item.power = r.optional_string("power", 40).value_or("");
  item.type = r.required_enum("type", kPowerTypes);
  item.audience = internal::enum_list(r, "audience", {"natural_person", "legal_person"}, true);
  item.basis = internal::object_list(r, "basis", 20, false, internal::read_legal_ref);
  item.conditions = r.string_list("conditions", 50, 500);
  item.materials = internal::object_list(r, "materials", 100, false, read_material);
  item.fees = internal::object_list(r, "fees", 20, false, read_fee);
  item.channels = internal::enum_list(r, "channels",
                                      {"online", "window", "mobile", "self_service", "mail"}, true);
  item.places = internal::object_list(r, "places", 20, false, [](FieldReader& p) {
    return Place{p.required_string("name", 100), p.required_string("address", 200),
                 p.required_string("hours", 200)};
  });
  auto statutory = r.optional_int("statutory_days", 0, 3650);
  auto promised = r.optional_int("promised_days", 0, 3650);
  if (!statutory && r.ok())
    r.error("statutory_days", "必填（工作日）", "is required (working days)");
  if (!promised && r.ok()) r.error("promised_days", "必填（工作日）", "is required (working days)");
  if (statutory && promised && *promised > *statutory)
    r.error("promised_days", "承诺时限不能超过法定时限", "cannot exceed the statutory limit");
  item.statutory_days = statutory.value_or(0);
  item.promised_days = promised.value_or(0);
  item.special_steps = internal::object_list(r, "special_steps", 20, false, [](FieldReader& s) {
    SpecialStep step;
    step.name = s.required_string("name", 100);
    step.counts_toward_limit = s.optional_bool("counts_toward_limit").value_or(false);
    step.max_days = s.optional_int("max_days", 0, 3650).value_or(0);
    return step;
  });
  item.visits = r.optional_int("visits", 0, 10).value_or(0);
  auto depth = r.optional_int("online_depth", 1, 4);
  if (!depth && r.ok()) r.error("online_depth", "必填（1–4）", "is required (1-4)");
  item.online_depth = depth.value_or(1);
  if (const json* o = r.object("output", false)) {
    FieldReader orr(*o, r.pointer("output"));
    item.output =
        Output{orr.required_string("name", 100), orr.optional_bool("licence").value_or(false),
               orr.optional_string("register", 40)};
    if (item.output->register_resource && !item.output->licence && orr.ok())
      orr.error("register", "只有签发证照的事项才有证照登记库",
                "only an item that issues a licence names the register of its licences");
    r.merge(orr);
  }
  item.keywords = r.string_list("keywords", 30, 40);
  item.description = r.optional_string("description", 2000).value_or("");
  return item;
}

void check_references(internal::Refs& refs, const Record& r, LicenceRefs licences) {
  const auto& item = std::get<ServiceItem>(r);
  refs.region("/region", item.region);
  refs.org("/org", item.org);
  if (item.competent_org != item.org) refs.org("/competent_org", item.competent_org);
  if (!item.power.empty()) refs.power("/power", item.power);
  refs.basis("/basis", item.basis);
  for (size_t i = 0; i < item.fees.size(); ++i)
    if (item.fees[i].basis)
      refs.legal("/fees/" + std::to_string(i) + "/basis", *item.fees[i].basis);
  if (licences == LicenceRefs::kCheckNow) refs.licences("/materials", item.materials);
  refs.resources("/materials", item.materials);
  if (item.output && item.output->register_resource &&
      !find_record(refs.c, Kind::kResource, *item.output->register_resource))
    refs.error("/output/register", "数据资源 " + *item.output->register_resource + " 不存在",
               "data resource " + *item.output->register_resource + " does not exist");
}

json present(store::Connection& c, const RecordRow& row) {
  const ServiceItem& item = row.item();
  json out = row.doc;
  out["type_zh"] = power_type_zh(item.type);
  out["org_name"] = internal::org_name(c, item.org);
  out["competent_org_name"] = internal::org_name(c, item.competent_org);
  out["region_name"] = internal::region_name(c, item.region);
  out["basis"] = internal::basis_json(c, item.basis);
  if (auto p = find_record(c, Kind::kPower, item.power)) {
    const Power& power = p->power();
    out["power_detail"] = {{"code", p->key},
                           {"name", power.name},
                           {"type", power.type},
                           {"holder", power.holder},
                           {"holder_name", internal::org_name(c, power.holder)},
                           {"status", p->status}};
  }
  auto st = c.cached(
      "SELECT le.code, le.name FROM life_event_items li JOIN life_events le ON le.code = "
      "li.life_event WHERE li.item = ? AND le.status = 'active' ORDER BY le.code");
  st.bind(1, row.key);
  json events = json::array();
  while (st.step()) events.push_back({{"code", st.text(0)}, {"name", st.text(1)}});
  out["life_events"] = events;
  return out;
}

json summary(store::Connection& c, const RecordRow& row) {
  const ServiceItem& item = row.item();
  return {{"code", row.key},
          {"catalog_code", item.catalog_code},
          {"name", item.name},
          {"region", item.region},
          {"org", item.org},
          {"org_name", internal::org_name(c, item.org)},
          {"power", item.power},
          {"type", item.type},
          {"promised_days", item.promised_days},
          {"visits", item.visits},
          {"online_depth", item.online_depth}};
}

std::vector<std::vector<ColumnValue>> basis_rows(const Record& r) {
  std::vector<std::vector<ColumnValue>> rows;
  int64_t seq = 0;
  for (const auto& b : std::get<ServiceItem>(r).basis) rows.push_back({seq++, b.law, b.article});
  return rows;
}

std::vector<std::vector<ColumnValue>> material_rows(const Record& r) {
  std::vector<std::vector<ColumnValue>> rows;
  int64_t seq = 0;
  for (const auto& m : std::get<ServiceItem>(r).materials) {
    const auto& src = m.source;
    // NULL (not an empty list) when the source names no fields: the column holds JSON.
    ColumnValue fields = src.fields ? ColumnValue(json(*src.fields).dump()) : ColumnValue();
    rows.push_back({seq++, m.name, int64_t{m.required ? 1 : 0}, src.kind,
                    src.resource.value_or(src.catalog_code.value_or("")), m.trust, fields});
  }
  return rows;
}

}  // namespace

const internal::KindDescriptor& internal::item_kind() {
  using T = ServiceItem;
  static const KindDescriptor d{
      .kind = Kind::kItem,
      .name = "item",
      .doc_name = "service item (政务服务事项)",
      .table = "items",
      .key = "code",
      .path = "/api/v1/items",
      .key_param = "code",
      .columns = {text_column("catalog_code", &T::catalog_code), text_column("name", &T::name),
                  text_column("name_en", &T::name_en), text_column("region", &T::region),
                  text_column("org", &T::org), text_column("competent_org", &T::competent_org),
                  text_column("power", &T::power), text_column("type", &T::type),
                  int_column("statutory_days", &T::statutory_days),
                  int_column("promised_days", &T::promised_days), int_column("visits", &T::visits),
                  int_column("online_depth", &T::online_depth),
                  Column{"fee_fen",
                         [](const Record& r, store::Connection&) -> ColumnValue {
                           return std::get<T>(r).total_fee_fen();
                         }},
                  Column{"materials",
                         [](const Record& r, store::Connection&) -> ColumnValue {
                           return static_cast<int64_t>(std::get<T>(r).materials.size());
                         }}},
      .filters = {{&ListFilter::region, "region"},
                  {&ListFilter::org, "org"},
                  {&ListFilter::type, "type"},
                  {&ListFilter::catalog_code, "catalog_code"},
                  {&ListFilter::query, "name", Match::kContains},
                  {&ListFilter::power, "power"}},
      .links = {{"item_basis", "item", {"seq", "law", "article"}, basis_rows},
                {"item_materials",
                 "item",
                 {"seq", "name", "required", "kind", "ref", "trust", "fields"},
                 material_rows}},
      .types = &kPowerTypes,
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
