// Data resources (政务数据资源目录): a department's data set about people or businesses, its
// fields, and whether it is shared (共享) and opened (开放).
#include <set>

#include "catalog/internal/kind.h"

namespace sunlight::catalog {
namespace {

using nlohmann::json;

Record read(FieldReader& r) {
  DataResource res;
  res.id =
      internal::read_code(r, "id", "[a-z0-9-]{2,40}", "只能包含小写字母、数字和 -，2–40 个字符",
                          "must be 2-40 of a-z, 0-9 and '-'");
  res.name = r.required_string("name", 100);
  res.name_en = r.optional_string("name_en", 200).value_or("");
  res.holder = r.required_string("holder", 18);
  internal::check_uscc_field(r, "holder", res.holder);
  res.subject = r.required_enum("subject", {"person", "business"});
  std::set<std::string> names;
  res.fields = internal::object_list(r, "fields", 100, true, [&](FieldReader& f) {
    ResourceField field;
    field.name = f.required_string("name", 40);
    if (!field.name.empty() && !internal::matches(field.name, "[a-z][a-z0-9_]{0,39}"))
      f.error("name", "只能包含小写字母、数字和 _", "must be a-z, 0-9 and '_'");
    else if (!names.insert(field.name).second)
      f.error("name", "字段名重复", "duplicate field name");
    field.label = f.required_string("label", 40);
    field.personal = f.optional_bool("personal").value_or(true);
    return field;
  });
  res.default_fields = r.string_list("default_fields", 100, 40);
  for (size_t i = 0; i < res.default_fields.size(); ++i)
    if (!names.count(res.default_fields[i]))
      r.error("default_fields/" + std::to_string(i), "不是本资源的字段",
              "is not a field of this resource");
  res.sharing = r.required_enum("sharing", kSharingClasses);
  res.open = r.required_enum("open", kSharingClasses);
  res.basis = internal::object_list(r, "basis", 20, false, internal::read_legal_ref);
  res.update_frequency =
      r.optional_enum("update_frequency", {"realtime", "daily", "weekly", "monthly", "yearly"})
          .value_or("daily");
  res.description = r.optional_string("description", 2000).value_or("");
  return res;
}

void check_references(internal::Refs& refs, const Record& r, LicenceRefs) {
  const auto& res = std::get<DataResource>(r);
  refs.org("/holder", res.holder);
  refs.basis("/basis", res.basis);
}

json present(store::Connection& c, const RecordRow& row) {
  const DataResource& res = row.resource();
  json out = row.doc;
  out["holder_name"] = internal::org_name(c, res.holder);
  out["basis"] = internal::basis_json(c, res.basis);
  return out;
}

json summary(store::Connection& c, const RecordRow& row) {
  const DataResource& res = row.resource();
  return {{"id", row.key},          {"name", res.name},
          {"holder", res.holder},   {"holder_name", internal::org_name(c, res.holder)},
          {"subject", res.subject}, {"sharing", res.sharing},
          {"open", res.open},       {"fields", res.fields.size()}};
}

}  // namespace

const internal::KindDescriptor& internal::resource_kind() {
  using T = DataResource;
  static const KindDescriptor d{
      .kind = Kind::kResource,
      .name = "resource",
      .doc_name = "data resource (政务数据资源目录)",
      .table = "data_resources",
      .key = "id",
      .path = "/api/v1/data-resources",
      .key_param = "id",
      .columns = {text_column("name", &T::name), text_column("holder", &T::holder),
                  text_column("subject", &T::subject), text_column("sharing", &T::sharing),
                  text_column("open", &T::open)},
      .filters = {{&ListFilter::org, "holder"},
                  {&ListFilter::type, "sharing"},
                  {&ListFilter::query, "name", Match::kContains}},
      .links = {},
      .types = &kSharingClasses,
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
