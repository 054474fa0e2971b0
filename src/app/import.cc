#include "app/import.h"

#include <algorithm>
#include <fstream>

#include "catalog/directory.h"
#include "catalog/network.h"
#include "core/fields.h"
#include "core/utf8.h"
#include "exchange/exchange.h"
#include "identity/identity.h"

namespace sunlight::app {
namespace {

struct Record {
  std::string location;  // "organisations.jsonl:12"
  ledger::Decide decide;
  std::string item_code;  // for service items: checked for licence references at the end
};

// Turns a parsed line into a command; field errors come back with JSON pointers.
using LineParser = std::function<Result<ledger::Decide>(const nlohmann::json&)>;

template <typename Parse, typename Make>
LineParser parser(Parse parse, Make make) {
  return [parse, make](const nlohmann::json& j) -> Result<ledger::Decide> {
    SUNLIGHT_ASSIGN_OR_RETURN(auto cmd, parse(j));
    return make(std::move(cmd));
  };
}

LineParser network_parser(catalog::Kind kind) {
  return [kind](const nlohmann::json& j) -> Result<ledger::Decide> {
    SUNLIGHT_ASSIGN_OR_RETURN(auto cmd, catalog::parse_publish(kind, j));
    // Items may require each other's licences; those references are checked once every
    // record of the import is in (see import_directory).
    cmd.licence_refs = catalog::LicenceRefs::kDefer;
    return catalog::publish(std::move(cmd));
  };
}

const std::map<std::string, LineParser>& parsers() {
  static const std::map<std::string, LineParser> p = {
      {"regions.jsonl", parser(catalog::parse_create_region, catalog::create_region)},
      {"organisations.jsonl",
       parser(catalog::parse_create_organisation, catalog::create_organisation)},
      {"laws.jsonl", network_parser(catalog::Kind::kLaw)},
      {"data_resources.jsonl", network_parser(catalog::Kind::kResource)},
      {"powers.jsonl", network_parser(catalog::Kind::kPower)},
      {"service_items.jsonl", network_parser(catalog::Kind::kItem)},
      {"life_events.jsonl", network_parser(catalog::Kind::kLifeEvent)},
      {"officers.jsonl", parser(identity::parse_create_officer, identity::create_officer)},
  };
  return p;
}

void add_errors(std::vector<FieldError>& out, const std::string& location, const Status& s) {
  if (s.errors().empty()) {
    out.push_back(FieldError{location, s.message_zh(), s.message_en()});
    return;
  }
  for (const auto& e : s.errors()) {
    bool located = e.field.find(".jsonl:") != std::string::npos;  // already names its file and line
    out.push_back(FieldError{located ? e.field : location + (e.field == "/" ? "" : e.field),
                             e.message_zh, e.message_en});
  }
}

}  // namespace

const std::vector<std::string>& import_files() {
  static const std::vector<std::string> files = {
      "regions.jsonl", "organisations.jsonl", "laws.jsonl",        "data_resources.jsonl",
      "powers.jsonl",  "service_items.jsonl", "life_events.jsonl", "officers.jsonl"};
  return files;
}

Result<ImportReport> import_directory(ledger::Sequencer& sequencer, const ledger::Actor& actor,
                                      const std::filesystem::path& dir,
                                      const std::function<void(const ImportProgress&)>& progress) {
  if (!std::filesystem::is_directory(dir))
    return Status::invalid_field(dir.string(), "不是目录", "is not a directory");
  std::vector<FieldError> errors;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    auto name = entry.path().filename().string();
    if (entry.path().extension() == ".jsonl" && !parsers().count(name))
      errors.push_back(FieldError{name,
                                  "不认识的文件（可用：" + std::string("regions.jsonl 等") + "）",
                                  "unknown file; expected one of the documented files"});
  }

  // Phase 1: read and check every line.
  std::vector<Record> records;
  ImportReport report;
  uint64_t lines_total = 0;
  for (const auto& name : import_files()) {
    auto path = dir / name;
    if (std::filesystem::exists(path)) lines_total += std::filesystem::file_size(path);
  }
  uint64_t bytes_done = 0;
  for (const auto& name : import_files()) {
    auto path = dir / name;
    if (!std::filesystem::exists(path)) continue;
    std::ifstream in(path, std::ios::binary);
    std::string line;
    uint64_t line_no = 0;
    const auto& parse = parsers().at(name);
    while (std::getline(in, line)) {
      ++line_no;
      bytes_done += line.size() + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // BOM
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      std::string location = name + ":" + std::to_string(line_no);
      if (!utf8::valid(line)) {
        errors.push_back(
            FieldError{location, "不是 UTF-8 编码（GBK 等编码请先转换为 UTF-8）",
                       "is not UTF-8 (convert GBK and other encodings to UTF-8 first)"});
        continue;
      }
      auto j = parse_json_object(line);
      if (!j.is_ok()) {
        add_errors(errors, location, j.status());
        continue;
      }
      auto decide = parse(*j);
      if (!decide.is_ok()) {
        add_errors(errors, location, decide.status());
        continue;
      }
      std::string item_code = name == "service_items.jsonl" ? j->value("code", "") : "";
      records.push_back(Record{location, std::move(decide).value(), item_code});
      ++report.records[name];
      if (progress && line_no % 1000 == 0) progress({"check", bytes_done, lines_total});
    }
  }
  // Registers: registers/<resource>.jsonl, one {"subject", "record"} per line, loaded in
  // batches (one event each) after the catalogue.
  constexpr size_t kRegisterBatch = 5000;
  auto reg_dir = dir / "registers";
  if (std::filesystem::is_directory(reg_dir)) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(reg_dir))
      if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
      std::string resource = path.stem().string();
      std::string name = "registers/" + path.filename().string();
      std::ifstream in(path, std::ios::binary);
      std::vector<exchange::RegisterRow> rows;
      std::vector<std::string> locations;
      auto flush = [&] {
        if (rows.empty()) return;
        records.push_back(
            Record{locations.front(),
                   exchange::load_register_batch(resource, std::move(rows), std::move(locations)),
                   {}});
        rows = {};
        locations = {};
      };
      std::string line;
      for (uint64_t line_no = 1; std::getline(in, line); ++line_no) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        std::string location = name + ":" + std::to_string(line_no);
        if (!utf8::valid(line)) {
          errors.push_back(FieldError{location, "不是 UTF-8 编码", "is not UTF-8"});
          continue;
        }
        auto j = parse_json_object(line);
        if (!j.is_ok()) {
          add_errors(errors, location, j.status());
          continue;
        }
        FieldReader r(*j);
        std::string subject = r.required_string("subject", 18);
        const nlohmann::json* record = r.object("record", true);
        if (auto s = r.finish(); !s.is_ok()) {
          add_errors(errors, location, s);
          continue;
        }
        rows.push_back({subject, *record});
        locations.push_back(location);
        ++report.records[name];
        if (rows.size() == kRegisterBatch) flush();
      }
      flush();
    }
  }
  if (progress) progress({"check", lines_total, lines_total});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  if (records.empty())
    return Status::invalid_field(dir.string(), "目录中没有可导入的记录",
                                 "the directory holds no records to import");

  // Phase 2: all records as one all-or-nothing group.
  std::vector<ledger::Decide> decides;
  decides.reserve(records.size() + 1);
  std::vector<std::string> item_codes;
  std::map<std::string, std::string> item_locations;
  for (const auto& r : records) {
    decides.push_back(r.decide);
    if (!r.item_code.empty()) {
      item_codes.push_back(r.item_code);
      item_locations[r.item_code] = r.location;
    }
  }
  // Last: every licence a material refers to must be issued by some item.
  decides.push_back(catalog::check_licence_references(item_codes));
  records.push_back(Record{"service_items.jsonl", {}, {}});
  uint64_t total = records.size();
  auto outcomes = sequencer.execute_group(actor, std::move(decides), [&](size_t done) {
    if (progress) progress({"write", done, total});
  });
  bool any_rule_failure = false;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const auto& o = outcomes[i];
    if (o.status.is_ok()) continue;
    // Commands that were fine but rolled back with the group are not errors of their own.
    if (o.aborted) continue;
    any_rule_failure = true;
    if (i + 1 == outcomes.size()) {
      // The licence check names items by code; point at their lines instead.
      for (const auto& e : o.status.errors()) {
        auto slash = e.field.find('/');
        auto code = e.field.substr(0, slash);
        auto loc = item_locations.count(code) ? item_locations[code] : code;
        errors.push_back(
            FieldError{loc + e.field.substr(slash == std::string::npos ? e.field.size() : slash),
                       e.message_zh, e.message_en});
      }
      continue;
    }
    add_errors(errors, records[i].location, o.status);
  }
  if (any_rule_failure) return Status::invalid(std::move(errors));
  for (const auto& o : outcomes) {
    if (!o.status.is_ok()) return o.status;  // the batch itself failed (I/O)
    for (const auto& r : o.receipts) {
      if (report.events == 0) report.first_index = r.index;
      report.last_index = r.index;
      ++report.events;
    }
  }
  return report;
}

}  // namespace sunlight::app
