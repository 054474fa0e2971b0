// Powers (权力事项): the power list (权责清单) — each power's type, holder, legal basis,
// responsibility stages and accountability cases. It is the access policy (policy.h).
#include <map>

#include "catalog/directory.h"
#include "catalog/internal/kind.h"

namespace sunlight::catalog {
namespace {

using internal::ColumnValue;
using nlohmann::json;

Record read(FieldReader& r) {
  Power p;
  p.code = internal::read_code(r, "code", "[A-Za-z0-9-]{3,40}", "只能包含字母、数字和 -",
                               "must be 3-40 of letters, digits and '-'");
  p.name = r.required_string("name", 200);
  p.type = r.required_enum("type", kPowerTypes);
  p.holder = r.required_string("holder", 18);
  internal::check_uscc_field(r, "holder", p.holder);
  p.object = r.required_string("object", 100);
  p.basis = internal::object_list(r, "basis", 20, false, internal::read_legal_ref);
  p.stages = internal::object_list(r, "stages", 20, true, [](FieldReader& s) {
    return Stage{s.required_string("stage", 20), s.required_string("duty", 500)};
  });
  if (p.stages.empty() && r.ok())
    r.error("stages", "至少一个责任环节", "needs at least one responsibility stage");
  p.accountability = r.string_list("accountability", 30, 300);
  return p;
}

void check_references(internal::Refs& refs, const Record& r, LicenceRefs) {
  const auto& p = std::get<Power>(r);
  refs.org("/holder", p.holder);
  refs.basis("/basis", p.basis);
}

// A power still exercised by service items in force cannot be repealed.
std::optional<Status> repeal_blocker(store::Connection& c, const std::string& code) {
  auto st = c.cached("SELECT COUNT(*) FROM items WHERE power = ? AND status = 'active'");
  st.bind(1, code);
  st.step();
  int64_t n = st.int64(0);
  if (n == 0) return std::nullopt;
  return Status(Code::kFailedPrecondition,
                "还有 " + std::to_string(n) + " 个事项依据该权力办理，请先调整这些事项",
                std::to_string(n) + " service items still exercise this power; amend them first");
}

json present(store::Connection& c, const RecordRow& row) {
  const Power& p = row.power();
  json out = row.doc;
  out["type_zh"] = power_type_zh(p.type);
  out["holder_name"] = internal::org_name(c, p.holder);
  out["basis"] = internal::basis_json(c, p.basis);
  return out;
}

json summary(store::Connection& c, const RecordRow& row) {
  const Power& p = row.power();
  return {{"code", row.key},
          {"name", p.name},
          {"type", p.type},
          {"holder", p.holder},
          {"holder_name", internal::org_name(c, p.holder)},
          {"object", p.object},
          {"basis", p.basis}};
}

}  // namespace

const internal::KindDescriptor& internal::power_kind() {
  static const KindDescriptor d{
      .kind = Kind::kPower,
      .name = "power",
      .doc_name = "power (权责清单事项)",
      .table = "powers",
      .key = "code",
      .path = "/api/v1/powers",
      .key_param = "code",
      .columns = {text_column("name", &Power::name), text_column("type", &Power::type),
                  text_column("holder", &Power::holder),
                  // The holder's region, so a region's power list is one indexed query.
                  Column{"region",
                         [](const Record& r, store::Connection& c) -> ColumnValue {
                           auto o = find_organisation(c, std::get<Power>(r).holder);
                           return o ? o->region : std::string();
                         }},
                  text_column("object", &Power::object)},
      .filters = {{&ListFilter::region, "region"},
                  {&ListFilter::org, "holder"},
                  {&ListFilter::type, "type"},
                  {&ListFilter::query, "name", Match::kContains}},
      .links = {{"power_basis",
                 "power",
                 {"seq", "law", "article"},
                 [](const Record& r) {
                   std::vector<std::vector<ColumnValue>> rows;
                   int64_t seq = 0;
                   for (const auto& b : std::get<Power>(r).basis)
                     rows.push_back({seq++, b.law, b.article});
                   return rows;
                 }}},
      .types = &kPowerTypes,
      .effective_in_record = false,
      .read = read,
      .check_references = check_references,
      .repeal_blocker = repeal_blocker,
      .present = present,
      .summary = summary,
      .split = nullptr,
      .register_more = nullptr,
  };
  return d;
}

const char* power_type_zh(std::string_view t) {
  static const std::map<std::string_view, const char*> names = {
      {"licensing", "行政许可"},    {"penalty", "行政处罚"},       {"enforcement", "行政强制"},
      {"levy", "行政征收"},         {"benefit", "行政给付"},       {"inspection", "行政检查"},
      {"confirmation", "行政确认"}, {"reward", "行政奖励"},        {"adjudication", "行政裁决"},
      {"other", "其他行政权力"},    {"public_service", "公共服务"}};
  auto it = names.find(t);
  return it == names.end() ? "" : it->second;
}

}  // namespace sunlight::catalog
