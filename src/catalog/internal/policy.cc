#include "catalog/policy.h"

#include <algorithm>

namespace sunlight::catalog {

nlohmann::json AccessDecision::to_json() const {
  return {{"allowed", allowed},
          {"reason", reason_zh},
          {"reason_en", reason_en},
          {"power", power},
          {"basis", basis}};
}

AccessDecision decide_access(const std::string& org, const std::string& action,
                             const RecordRow& item, const std::optional<RecordRow>& power,
                             const std::vector<std::optional<ArticleRef>>& basis) {
  AccessDecision d;
  auto refuse = [&](std::string zh, std::string en) {
    d.allowed = false;
    d.reason_zh = std::move(zh);
    d.reason_en = std::move(en);
    return d;
  };
  const ServiceItem& it = item.item();
  const std::string& name = it.name;
  if (!item.active())
    return refuse("事项「" + name + "」已取消", "the item \"" + name + "\" has been repealed");
  const std::string& power_code = it.power;
  if (power_code.empty())
    return refuse("事项「" + name + "」没有对应的权力事项：法无授权不可为",
                  "the item names no power in the power list: no power, no action");
  if (!power)
    return refuse("权力事项 " + power_code + " 不在权责清单中",
                  "power " + power_code + " is not in the power list");
  const Power& p = power->power();
  d.power = {{"code", power->key}, {"name", p.name},
             {"type", p.type},     {"type_zh", power_type_zh(p.type)},
             {"holder", p.holder}, {"stages", p.stages}};
  if (!power->active())
    return refuse("权力事项「" + p.name + "」已取消", "the power has been repealed");
  if (basis.empty())
    return refuse("权力事项「" + p.name + "」没有法律依据：法无授权不可为",
                  "the power has no legal basis: no power, no action");
  d.basis = nlohmann::json::array();
  for (size_t i = 0; i < basis.size(); ++i) {
    const LegalRef& ref = p.basis.at(i);
    std::string cite = ref.law + " 第" + std::to_string(ref.article) + "条";
    if (!basis[i])
      return refuse("法律依据 " + cite + " 不存在", "legal basis " + cite + " does not exist");
    if (!basis[i]->law_in_force)
      return refuse("法律依据《" + basis[i]->law_title + "》已废止",
                    "the legal basis " + basis[i]->law_title + " has been repealed");
    d.basis.push_back({{"law", basis[i]->law},
                       {"article", basis[i]->article},
                       {"law_title", basis[i]->law_title},
                       {"text", basis[i]->text},
                       {"text_kind", basis[i]->text_kind},
                       {"invented", basis[i]->invented}});
  }
  if (org != p.holder && org != it.org)
    return refuse("本机构不持有权力事项「" + p.name + "」，也不是该事项的实施机关",
                  "the organisation neither holds the power nor implements the item");
  bool stage_ok = std::any_of(p.stages.begin(), p.stages.end(),
                              [&](const Stage& s) { return s.stage == action; });
  if (!stage_ok) {
    std::string stages;
    for (const auto& s : p.stages) stages += (stages.empty() ? "" : "、") + s.stage;
    return refuse(
        "权力事项的责任环节（" + stages + "）不包括「" + action + "」",
        "\"" + action + "\" is not one of the power's responsibility stages (" + stages + ")");
  }
  d.allowed = true;
  const auto& first = *basis.front();
  d.reason_zh = "依据《" + first.law_title + "》第" + std::to_string(first.article) +
                "条，行使权力事项「" + p.name + "」的「" + action + "」环节";
  d.reason_en = "under " + first.law + " article " + std::to_string(first.article) + ", stage \"" +
                action + "\" of power " + power->key;
  return d;
}

Result<AccessDecision> authorize(store::Connection& c, const std::string& org,
                                 const std::string& action, const std::string& item_code) {
  // Every application and every officer's action asks this; the answer depends on the
  // catalogue alone, so it is remembered while the catalogue stamp is unchanged.
  auto decided = memo_catalog<std::optional<AccessDecision>>(
      c, "authorize", org + '\n' + action + '\n' + item_code, [&] {
        auto item = find_record_shared(c, Kind::kItem, item_code);
        if (!item) return std::make_shared<const std::optional<AccessDecision>>();
        std::optional<RecordRow> power;
        std::vector<std::optional<ArticleRef>> basis;
        const std::string& power_code = item->item().power;
        if (!power_code.empty()) {
          if (auto p = find_record_shared(c, Kind::kPower, power_code)) power = *p;
        }
        if (power)
          for (const auto& b : power->power().basis)
            basis.push_back(find_article(c, b.law, static_cast<int>(b.article)));
        return std::make_shared<const std::optional<AccessDecision>>(
            decide_access(org, action, *item, power, basis));
      });
  if (!*decided)
    return Status::not_found("事项 " + item_code + " 不存在",
                             "item " + item_code + " does not exist");
  return **decided;
}

}  // namespace sunlight::catalog
