#include "catalog/analyses.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "catalog/network.h"

namespace sunlight::catalog {
namespace {

using nlohmann::json;

std::string lookup(const std::vector<std::pair<std::string, std::string>>& pairs,
                   const std::string& key) {
  for (const auto& [k, v] : pairs)
    if (k == key) return v;
  return "";
}

json power_json(const PowerFacts& p) {
  return {{"code", p.code},
          {"name", p.name},
          {"holder", p.holder},
          {"holder_name", p.holder_name},
          {"object", p.object}};
}

}  // namespace

Facts load_facts(store::Connection& c) {
  Facts f;
  {
    auto st = c.cached("SELECT code, COALESCE(parent, ''), name FROM regions");
    while (st.step()) {
      f.region_parents.emplace_back(st.text(0), st.text(1));
      f.region_names.emplace_back(st.text(0), st.text(2));
    }
  }
  std::map<std::string, bool> power_valid;
  {
    auto st = c.cached(
        "SELECT p.code, p.name, p.type, p.holder, COALESCE(o.name, ''), COALESCE(p.region, ''), "
        "COALESCE(p.object, ''),"
        " (SELECT group_concat(b.law || ':' || b.article, ' ') FROM power_basis b WHERE b.power = "
        "p.code),"
        " (SELECT COUNT(*) FROM power_basis b LEFT JOIN law_articles a ON a.law = b.law AND "
        "a.number = b.article"
        "   LEFT JOIN laws l ON l.id = b.law WHERE b.power = p.code AND (a.law IS NULL OR l.status "
        "<> 'active'))"
        " FROM powers p LEFT JOIN organisations o ON o.id = p.holder WHERE p.status = 'active' "
        "ORDER BY p.code");
    while (st.step()) {
      PowerFacts p{st.text(0), st.text(1), st.text(2), st.text(3),      st.text(4),
                   st.text(5), st.text(6), {},         st.int64(8) == 0};
      std::string basis = st.text(7);
      for (size_t pos = 0; pos < basis.size();) {
        auto sp = basis.find(' ', pos);
        p.basis.push_back(
            basis.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos));
        pos = sp == std::string::npos ? basis.size() : sp + 1;
      }
      power_valid[p.code] = p.basis_valid && !p.basis.empty();
      f.powers.push_back(std::move(p));
    }
  }
  {
    auto st = c.cached(
        "SELECT i.code, i.catalog_code, i.name, i.region, i.org, COALESCE(o.name, ''), "
        "COALESCE(i.power, ''),"
        " (SELECT COUNT(*) FROM item_basis b WHERE b.item = i.code),"
        " (SELECT COUNT(*) FROM item_basis b LEFT JOIN law_articles a ON a.law = b.law AND "
        "a.number = b.article"
        "   LEFT JOIN laws l ON l.id = b.law WHERE b.item = i.code AND (a.law IS NULL OR l.status "
        "<> 'active')),"
        " (SELECT COUNT(*) FROM item_materials m WHERE m.item = i.code AND m.kind = 'applicant'),"
        " i.materials, i.promised_days, i.statutory_days, i.visits, i.online_depth, i.fee_fen"
        " FROM items i LEFT JOIN organisations o ON o.id = i.org WHERE i.status = 'active' ORDER "
        "BY i.code");
    while (st.step()) {
      ItemFacts it;
      it.code = st.text(0);
      it.catalog_code = st.text(1);
      it.name = st.text(2);
      it.region = st.text(3);
      it.org = st.text(4);
      it.org_name = st.text(5);
      it.power = st.text(6);
      it.has_basis = st.int64(7) > 0;
      it.basis_valid = st.int64(8) == 0;
      it.applicant_materials = static_cast<int>(st.int64(9));
      it.materials = static_cast<int>(st.int64(10));
      it.promised_days = static_cast<int>(st.int64(11));
      it.statutory_days = static_cast<int>(st.int64(12));
      it.visits = static_cast<int>(st.int64(13));
      it.online_depth = static_cast<int>(st.int64(14));
      it.fee_fen = st.int64(15);
      it.power_ok = !it.power.empty() && power_valid.count(it.power) && power_valid[it.power];
      f.items.push_back(std::move(it));
    }
  }
  {
    std::map<std::string, ItemFacts*> by_code;
    for (auto& it : f.items) by_code[it.code] = &it;
    auto st = c.cached(
        "SELECT item, name, ref FROM item_materials WHERE kind = 'licence' ORDER BY item, seq");
    while (st.step()) {
      auto it = by_code.find(st.text(0));
      if (it != by_code.end()) it->second->licences.emplace_back(st.text(1), st.text(2));
    }
  }
  return f;
}

json find_overlaps(const Facts& f, const std::optional<std::string>& region) {
  // (region, type, shared thing) → powers; a group counts when two holders differ.
  std::map<std::tuple<std::string, std::string, std::string, std::string>,
           std::vector<const PowerFacts*>>
      groups;
  for (const auto& p : f.powers) {
    if (region && p.region != *region) continue;
    std::set<std::string> basis(p.basis.begin(), p.basis.end());
    for (const auto& b : basis) groups[{p.region, p.type, "basis", b}].push_back(&p);
    if (!p.object.empty()) groups[{p.region, p.type, "object", p.object}].push_back(&p);
  }
  // Merge groups that name the same set of powers, keeping every piece of evidence.
  std::map<std::vector<std::string>, json> findings;
  for (const auto& [key, powers] : groups) {
    std::set<std::string> holders;
    for (const auto* p : powers) holders.insert(p->holder);
    if (holders.size() < 2) continue;
    std::vector<std::string> codes;
    for (const auto* p : powers) codes.push_back(p->code);
    std::sort(codes.begin(), codes.end());
    auto& finding = findings[codes];
    if (finding.is_null()) {
      const auto& [reg, type, why, what] = key;
      finding = {{"region", reg},
                 {"region_name", lookup(f.region_names, reg)},
                 {"type", type},
                 {"type_zh", power_type_zh(type)},
                 {"powers", json::array()},
                 {"evidence", json::array()}};
      for (const auto* p : powers) finding["powers"].push_back(power_json(*p));
    }
    const auto& [reg, type, why, what] = key;
    if (why == "basis") {
      auto colon = what.find(':');
      finding["evidence"].push_back({{"kind", "same_basis"},
                                     {"law", what.substr(0, colon)},
                                     {"article", std::stoi(what.substr(colon + 1))}});
    } else {
      finding["evidence"].push_back({{"kind", "same_object"}, {"object", what}});
    }
  }
  json out = json::array();
  for (auto& [codes, finding] : findings) out.push_back(std::move(finding));
  return out;
}

json find_cycles(const Facts& f, const std::optional<std::string>& region) {
  std::map<std::string, std::string> parent(f.region_parents.begin(), f.region_parents.end());
  // Producers of a licence: items with that catalogue code in the same region, else the
  // nearest ancestor region that has one.
  std::map<std::pair<std::string, std::string>, std::vector<const ItemFacts*>> by_region_code;
  for (const auto& it : f.items) by_region_code[{it.region, it.catalog_code}].push_back(&it);
  auto producers = [&](const std::string& reg,
                       const std::string& code) -> std::vector<const ItemFacts*> {
    for (std::string r = reg; !r.empty(); r = parent.count(r) ? parent[r] : "") {
      auto found = by_region_code.find({r, code});
      if (found != by_region_code.end()) return found->second;
    }
    return {};
  };
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < f.items.size(); ++i) index[f.items[i].code] = i;
  std::vector<std::vector<std::pair<size_t, std::string>>> edges(
      f.items.size());  // (target, material)
  for (size_t i = 0; i < f.items.size(); ++i)
    for (const auto& [material, code] : f.items[i].licences)
      for (const auto* p : producers(f.items[i].region, code))
        edges[i].push_back({index[p->code], material});

  // Tarjan's strongly connected components.
  std::vector<int> idx(f.items.size(), -1), low(f.items.size(), 0);
  std::vector<bool> on_stack(f.items.size(), false);
  std::vector<size_t> stack;
  std::vector<std::vector<size_t>> components;
  int counter = 0;
  std::function<void(size_t)> strong = [&](size_t v) {
    idx[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    for (const auto& [w, _] : edges[v]) {
      if (idx[w] < 0) {
        strong(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on_stack[w]) {
        low[v] = std::min(low[v], idx[w]);
      }
    }
    if (low[v] == idx[v]) {
      std::vector<size_t> comp;
      size_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        comp.push_back(w);
      } while (w != v);
      components.push_back(std::move(comp));
    }
  };
  for (size_t v = 0; v < f.items.size(); ++v)
    if (idx[v] < 0) strong(v);

  json out = json::array();
  for (auto& comp : components) {
    bool self_loop = comp.size() == 1 && std::any_of(edges[comp[0]].begin(), edges[comp[0]].end(),
                                                     [&](auto& e) { return e.first == comp[0]; });
    if (comp.size() < 2 && !self_loop) continue;
    std::set<std::string> orgs;
    for (size_t v : comp) orgs.insert(f.items[v].org);
    if (orgs.size() < 2 && !self_loop)
      continue;  // within one department it is not 循环证明 across departments
    std::sort(comp.begin(), comp.end(),
              [&](size_t a, size_t b) { return f.items[a].code < f.items[b].code; });
    const auto& first = f.items[comp[0]];
    if (region && first.region != *region) continue;
    // Walk one cycle through the component, starting at its smallest code.
    std::set<size_t> in_comp(comp.begin(), comp.end());
    json steps = json::array();
    std::set<size_t> visited;
    size_t v = comp[0];
    while (!visited.count(v)) {
      visited.insert(v);
      const auto& it = f.items[v];
      for (const auto& [w, material] : edges[v]) {
        if (!in_comp.count(w)) continue;
        steps.push_back({{"item", it.code},
                         {"name", it.name},
                         {"org", it.org},
                         {"org_name", it.org_name},
                         {"needs", material},
                         {"issued_by", f.items[w].code}});
        v = w;
        break;
      }
    }
    json items = json::array();
    for (size_t c : comp) items.push_back(f.items[c].code);
    out.push_back({{"region", first.region},
                   {"region_name", lookup(f.region_names, first.region)},
                   {"items", items},
                   {"departments", orgs.size()},
                   {"steps", steps}});
  }
  return out;
}

json compare_regions(const Facts& f, const std::optional<std::string>& catalog_code) {
  std::map<std::string, std::vector<const ItemFacts*>> by_code;
  for (const auto& it : f.items)
    if (!catalog_code || it.catalog_code == *catalog_code) by_code[it.catalog_code].push_back(&it);
  json out = json::array();
  for (const auto& [code, items] : by_code) {
    std::set<std::string> regions;
    for (const auto* it : items) regions.insert(it->region);
    if (regions.size() < 2) continue;
    struct Metric {
      const char* name;
      std::function<double(const ItemFacts&)> value;
      bool higher_is_better;
    };
    std::vector<Metric> metrics = {
        {"materials", [](const ItemFacts& i) { return i.applicant_materials; }, false},
        {"promised_days", [](const ItemFacts& i) { return i.promised_days; }, false},
        {"visits", [](const ItemFacts& i) { return i.visits; }, false},
        {"fee_fen", [](const ItemFacts& i) { return static_cast<double>(i.fee_fen); }, false},
        {"online_depth", [](const ItemFacts& i) { return i.online_depth; }, true}};
    json best = json::object();
    std::map<std::string, int> wins;
    for (const auto& m : metrics) {
      double best_value = m.value(*items[0]);
      for (const auto* it : items) {
        double v = m.value(*it);
        if (m.higher_is_better ? v > best_value : v < best_value) best_value = v;
      }
      json who = json::array();
      for (const auto* it : items)
        if (m.value(*it) == best_value) {
          who.push_back(it->code);
          ++wins[it->code];
        }
      best[m.name] = {{"value", best_value}, {"items", who}};
    }
    const ItemFacts* overall = items[0];
    for (const auto* it : items) {
      if (wins[it->code] > wins[overall->code] ||
          (wins[it->code] == wins[overall->code] && it->promised_days < overall->promised_days))
        overall = it;
    }
    json rows = json::array();
    for (const auto* it : items)
      rows.push_back({{"item", it->code},
                      {"name", it->name},
                      {"region", it->region},
                      {"region_name", lookup(f.region_names, it->region)},
                      {"org", it->org},
                      {"org_name", it->org_name},
                      {"materials", it->applicant_materials},
                      {"materials_total", it->materials},
                      {"promised_days", it->promised_days},
                      {"statutory_days", it->statutory_days},
                      {"visits", it->visits},
                      {"fee_fen", it->fee_fen},
                      {"online_depth", it->online_depth},
                      {"best_practice", it == overall}});
    out.push_back({{"catalog_code", code},
                   {"name", items[0]->name},
                   {"regions", regions.size()},
                   {"items", rows},
                   {"best", best},
                   {"best_practice", overall->code}});
  }
  return out;
}

json find_unfounded(const Facts& f) {
  json powers = json::array(), items = json::array();
  for (const auto& p : f.powers) {
    if (p.basis.empty())
      powers.push_back({{"code", p.code},
                        {"name", p.name},
                        {"holder", p.holder},
                        {"holder_name", p.holder_name},
                        {"reason", "no_basis"},
                        {"reason_zh", "没有法律依据"}});
    else if (!p.basis_valid)
      powers.push_back({{"code", p.code},
                        {"name", p.name},
                        {"holder", p.holder},
                        {"holder_name", p.holder_name},
                        {"reason", "invalid_basis"},
                        {"reason_zh", "法律依据不存在或已废止"}});
  }
  for (const auto& it : f.items) {
    std::string reason, reason_zh;
    if (!it.has_basis) {
      reason = "no_basis";
      reason_zh = "没有法律依据";
    } else if (!it.basis_valid) {
      reason = "invalid_basis";
      reason_zh = "法律依据不存在或已废止";
    } else if (it.power.empty()) {
      reason = "no_power";
      reason_zh = "没有对应的权力事项";
    } else if (!it.power_ok) {
      reason = "power_unfounded";
      reason_zh = "对应的权力事项没有有效法律依据";
    }
    if (!reason.empty())
      items.push_back({{"code", it.code},
                       {"name", it.name},
                       {"org", it.org},
                       {"org_name", it.org_name},
                       {"region", it.region},
                       {"reason", reason},
                       {"reason_zh", reason_zh}});
  }
  return {{"powers", powers}, {"items", items}};
}

}  // namespace sunlight::catalog
