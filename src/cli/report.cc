#include "cli/report.h"

namespace sunlight::cli {

void print_analyses(std::ostream& out, const nlohmann::json& f) {
  if (f.contains("overlaps")) {
    out << "== 职能交叉 Overlapping powers: " << f["overlaps"].size() << " ==\n";
    for (const auto& o : f["overlaps"]) {
      out << "* " << o["region_name"].get<std::string>() << " " << o["type_zh"].get<std::string>()
          << "\n";
      for (const auto& p : o["powers"])
        out << "    " << p["code"].get<std::string>() << "  " << p["name"].get<std::string>()
            << "  (" << p["holder_name"].get<std::string>() << ")\n";
      for (const auto& e : o["evidence"]) {
        if (e["kind"] == "same_basis")
          out << "    evidence: same basis " << e["law"].get<std::string>() << " art. "
              << e["article"] << "\n";
        else
          out << "    evidence: same object " << e["object"].get<std::string>() << "\n";
      }
    }
  }
  if (f.contains("cycles")) {
    out << "== 循环证明 Circular proofs: " << f["cycles"].size() << " ==\n";
    for (const auto& c : f["cycles"]) {
      out << "* " << c["region_name"].get<std::string>() << ", " << c["departments"]
          << " departments\n";
      for (const auto& s : c["steps"])
        out << "    " << s["item"].get<std::string>() << " " << s["name"].get<std::string>() << " ("
            << s["org_name"].get<std::string>() << ") needs " << s["needs"].get<std::string>()
            << " from " << s["issued_by"].get<std::string>() << "\n";
    }
  }
  if (f.contains("comparison")) {
    out << "== 跨地区比较 The same item across regions: " << f["comparison"].size() << " ==\n";
    for (const auto& c : f["comparison"]) {
      out << "* " << c["catalog_code"].get<std::string>() << " " << c["name"].get<std::string>()
          << "\n";
      for (const auto& r : c["items"])
        out << "    " << (r["best_practice"].get<bool>() ? "★ " : "  ")
            << r["region_name"].get<std::string>() << ": materials " << r["materials"]
            << ", promised " << r["promised_days"] << " days, visits " << r["visits"] << ", fee "
            << r["fee_fen"].get<int64_t>() / 100.0 << " yuan, online depth " << r["online_depth"]
            << "\n";
    }
  }
  if (f.contains("unfounded")) {
    const auto& u = f["unfounded"];
    out << "== 法无授权 Without legal basis: " << u["powers"].size() << " powers, "
        << u["items"].size() << " items ==\n";
    for (const auto& p : u["powers"])
      out << "    power " << p["code"].get<std::string>() << " " << p["name"].get<std::string>()
          << ": " << p["reason_zh"].get<std::string>() << "\n";
    for (const auto& i : u["items"])
      out << "    item  " << i["code"].get<std::string>() << " " << i["name"].get<std::string>()
          << ": " << i["reason_zh"].get<std::string>() << "\n";
  }
}

}  // namespace sunlight::cli
