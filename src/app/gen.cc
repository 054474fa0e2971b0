#include "app/gen.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <vector>

#include "catalog/codes.h"
#include "core/json.h"

namespace sunlight::app {
namespace {

using nlohmann::json;

// Everyday services and the departments that provide them; names vary by qualifier.
struct Template {
  const char* name;
  const char* dept;
  const char* type;
  const char* output;
  std::vector<const char*> keywords;
};

const std::vector<Template>& templates() {
  static const std::vector<Template> t = {
      {"企业设立登记", "market", "licensing", "营业执照", {"开公司", "注册公司", "办执照"}},
      {"个体工商户登记", "market", "licensing", "营业执照", {"开个小店", "个体户"}},
      {"食品经营许可", "market", "licensing", "食品经营许可证", {"开饭馆", "开餐厅", "卖吃的"}},
      {"特种设备使用登记", "market", "licensing", "特种设备使用登记证", {"电梯登记", "锅炉登记"}},
      {"建筑工程施工许可", "housing", "licensing", "施工许可证", {"盖房子", "开工"}},
      {"商品房预售许可", "housing", "licensing", "预售许可证", {"卖期房"}},
      {"不动产登记", "land", "confirmation", "不动产权证书", {"房产证", "过户"}},
      {"建设工程规划许可", "land", "licensing", "建设工程规划许可证", {"规划许可"}},
      {"出生登记", "police", "confirmation", "户口簿", {"上户口", "新生儿落户"}},
      {"居民身份证换领", "police", "confirmation", "居民身份证", {"换身份证", "身份证到期"}},
      {"机动车驾驶证换证", "police", "licensing", "机动车驾驶证", {"驾照到期", "换驾照"}},
      {"结婚登记", "civil", "confirmation", "结婚证", {"领证", "登记结婚"}},
      {"最低生活保障申请", "civil", "benefit", "低保待遇", {"办低保", "生活困难补助"}},
      {"失业登记", "hrss", "confirmation", "失业登记证明", {"失业了", "没工作了"}},
      {"失业保险金申领", "hrss", "benefit", "失业保险金", {"领失业金"}},
      {"社会保障卡申领", "hrss", "public_service", "社会保障卡", {"办社保卡"}},
      {"退休及养老金领取", "hrss", "benefit", "养老金", {"办退休", "领养老金"}},
      {"城乡居民医保参保登记", "medins", "public_service", "参保凭证", {"交医保", "参加医保"}},
      {"医疗费用报销", "medins", "benefit", "报销款", {"看病报销"}},
      {"生育登记", "health", "public_service", "生育服务登记", {"准生证", "生孩子登记"}},
      {"义务教育入学", "edu", "public_service", "入学通知", {"孩子上学", "小学报名"}},
      {"道路运输经营许可", "transport", "licensing", "道路运输经营许可证", {"跑运输", "货运许可"}},
      {"住房公积金提取", "fund", "public_service", "公积金提取款", {"提公积金", "取公积金"}},
      {"残疾人证办理", "disabled", "confirmation", "残疾人证", {"办残疾证"}},
      {"发票申领", "tax", "public_service", "发票", {"领发票", "开发票"}},
  };
  return t;
}

const std::vector<const char*>& qualifiers() {
  static const std::vector<const char*> q = {"",         "（新办）",    "（变更）", "（延续）",
                                             "（注销）", "（补办）",    "（迁移）", "（首次）",
                                             "（年度）", "（跨省通办）"};
  return q;
}

const std::vector<std::pair<const char*, const char*>>& departments() {
  static const std::vector<std::pair<const char*, const char*>> d = {
      {"gov", "人民政府"},
      {"market", "市场监督管理局"},
      {"housing", "住房和城乡建设局"},
      {"land", "自然资源和规划局"},
      {"police", "公安局"},
      {"civil", "民政局"},
      {"hrss", "人力资源和社会保障局"},
      {"medins", "医疗保障局"},
      {"health", "卫生健康委员会"},
      {"edu", "教育局"},
      {"transport", "交通运输局"},
      {"fund", "住房公积金管理中心"},
      {"disabled", "残疾人联合会"},
      {"tax", "税务局"}};
  return d;
}

std::string two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

Result<GenCounts> generate_catalogue(const GenOptions& options, const std::filesystem::path& dir,
                                     const std::function<void(uint64_t, uint64_t)>& progress) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::invalid_field(dir.string(), "无法创建目录", "cannot create the directory");
  std::mt19937_64 rng(options.seed);
  GenCounts counts;
  auto open = [&](const char* name) { return std::ofstream(dir / name, std::ios::trunc); };
  auto out_regions = open("regions.jsonl");
  auto out_orgs = open("organisations.jsonl");
  auto out_laws = open("laws.jsonl");
  auto out_powers = open("powers.jsonl");
  auto out_items = open("service_items.jsonl");
  auto out_resources = open("data_resources.jsonl");
  auto line = [](std::ofstream& o, const json& j) { o << jcs::canonical(j) << "\n"; };

  // Laws: one synthetic law per department, 20 articles each.
  for (const auto& [key, dept] : departments()) {
    json articles = json::array();
    for (int a = 1; a <= 20; ++a)
      articles.push_back(
          {{"number", a},
           {"text", std::string("合成数据：") + dept + "相关事项第" + std::to_string(a) + "条。"},
           {"text_kind", "summary"}});
    line(out_laws, {{"id", std::string("syn-") + key},
                    {"title", std::string("合成法规（") + dept + "事务）"},
                    {"level", "local_regulation"},
                    {"issuer", "合成数据"},
                    {"invented", true},
                    {"articles", articles}});
    ++counts.laws;
  }

  // Regions: a province with enough cities and counties that each region holds ~300 items.
  uint64_t regions_needed = std::max<uint64_t>(4, options.items / 300);
  uint64_t cities = std::max<uint64_t>(1, std::min<uint64_t>(99, regions_needed / 10 + 1));
  uint64_t counties_per_city =
      std::max<uint64_t>(1, std::min<uint64_t>(80, regions_needed / cities));
  line(out_regions, {{"code", "980000"}, {"name", "合成省"}, {"name_en", "Synthetic Province"}});
  std::vector<std::string> regions = {"980000"};
  for (uint64_t c = 1; c <= cities; ++c) {
    std::string city = "98" + two(static_cast<int>(c)) + "00";
    line(out_regions,
         {{"code", city}, {"name", "合成" + std::to_string(c) + "市"}, {"parent", "980000"}});
    regions.push_back(city);
    for (uint64_t k = 1; k <= counties_per_city; ++k) {
      std::string county = "98" + two(static_cast<int>(c)) + two(static_cast<int>(k + 20));
      line(out_regions, {{"code", county},
                         {"name", "合成" + std::to_string(c) + "市" + std::to_string(k) + "县"},
                         {"parent", city}});
      regions.push_back(county);
    }
  }
  counts.regions = regions.size();

  // Organisations and their powers: every department in every region.
  std::map<std::pair<std::string, std::string>, std::string> org_of;
  std::map<std::string, std::vector<std::string>> powers_of;
  uint64_t serial = 0;
  for (const auto& region : regions) {
    std::string gov;
    for (const auto& [key, dept] : departments()) {
      ++serial;
      char body[9];
      std::snprintf(body, sizeof body, "98%06llu",
                    static_cast<unsigned long long>(serial % 1000000));
      std::string id = catalog::make_uscc('1', '1', region, body);
      json org = {{"id", id},
                  {"name", "合成" + region + dept},
                  {"kind", std::string(key) == "gov" ? "government" : "department"},
                  {"region", region}};
      if (!gov.empty()) org["parent"] = gov;
      if (std::string(key) == "gov") gov = id;
      line(out_orgs, org);
      ++counts.organisations;
      org_of[{region, key}] = id;
      for (int p = 0; p < 4; ++p) {
        static const char* types[] = {"licensing", "inspection", "penalty", "confirmation"};
        std::string code = region + "-" + key + "-" + std::to_string(p);
        line(out_powers, {{"code", code},
                          {"name", std::string(dept) + "合成权力" + std::to_string(p)},
                          {"type", types[p]},
                          {"holder", id},
                          {"object", std::string("合成对象") + key + std::to_string(p)},
                          {"basis", {{{"law", std::string("syn-") + key}, {"article", p + 1}}}},
                          {"stages",
                           {{{"stage", "受理"}, {"duty", "受理申请"}},
                            {{"stage", "审查"}, {"duty", "审查材料"}},
                            {{"stage", "决定"}, {"duty", "作出决定"}},
                            {{"stage", "送达"}, {"duty", "送达结果"}}}},
                          {"accountability", {"不依法履行职责的"}}});
        powers_of[id].push_back(code);
        ++counts.powers;
      }
    }
  }

  // The data resource the items' identity material is shared from: the province's
  // household register, held by its public security department (an id of its own, so the
  // catalogue also imports beside the demo region).
  line(out_resources, {{"id", "syn-population"},
                       {"name", "合成省人口户籍信息"},
                       {"holder", org_of[{"980000", "police"}]},
                       {"subject", "person"},
                       {"fields",
                        {{{"name", "id_number"}, {"label", "公民身份号码"}},
                         {{"name", "name"}, {"label", "姓名"}},
                         {{"name", "address"}, {"label", "住址"}}}},
                       {"default_fields", {"id_number", "name"}},
                       {"sharing", "unconditional"},
                       {"open", "none"},
                       {"basis", {{{"law", "syn-police"}, {"article", 1}}}},
                       {"update_frequency", "realtime"}});
  ++counts.resources;

  // Items.
  const auto& tpl = templates();
  for (uint64_t i = 0; i < options.items; ++i) {
    const auto& region = regions[i % regions.size()];
    const auto& t = tpl[(i / regions.size()) % tpl.size()];
    const char* q = qualifiers()[(i / (regions.size() * tpl.size())) % qualifiers().size()];
    std::string org = org_of[{region, t.dept}];
    std::string catalog_code =
        "9" + std::to_string(100000 + (i / regions.size()) % (tpl.size() * qualifiers().size()));
    json materials =
        json::array({{{"name", "申请表"}, {"source", {{"kind", "applicant"}}}, {"trust", "C"}},
                     {{"name", "身份证明"},
                      {"source", {{"kind", "data_resource"}, {"resource", "syn-population"}}},
                      {"trust", "A"}}});
    for (uint64_t m = 0; m < rng() % 4; ++m)
      materials.push_back({{"name", "合成材料" + std::to_string(m)},
                           {"source", {{"kind", "applicant"}}},
                           {"trust", "B"}});
    int statutory = 5 + static_cast<int>(rng() % 26);
    char code[32];
    std::snprintf(code, sizeof code, "S%07llu", static_cast<unsigned long long>(i));
    json item = {{"code", code},
                 {"catalog_code", catalog_code},
                 {"name", std::string(t.name) + q},
                 {"region", region},
                 {"org", org},
                 {"power", powers_of[org][0]},
                 {"type", t.type},
                 {"audience", {"natural_person"}},
                 {"basis", {{{"law", std::string("syn-") + t.dept}, {"article", 1}}}},
                 {"conditions", {"合成条件：申请人身份真实"}},
                 {"materials", materials},
                 {"channels", {"online", "window"}},
                 {"places",
                  {{{"name", "合成政务服务中心"},
                    {"address", "合成路1号"},
                    {"hours", "工作日 9:00-17:00"}}}},
                 {"statutory_days", statutory},
                 {"promised_days", static_cast<int>(rng() % (statutory + 1))},
                 {"visits", static_cast<int>(rng() % 3)},
                 {"online_depth", 1 + static_cast<int>(rng() % 4)},
                 {"output", {{"name", t.output}, {"licence", std::string(t.type) == "licensing"}}},
                 {"keywords", t.keywords}};
    line(out_items, item);
    ++counts.items;
    if (progress && i % 5000 == 0) progress(i, options.items);
  }
  if (progress) progress(options.items, options.items);
  for (auto* o : {&out_regions, &out_orgs, &out_laws, &out_powers, &out_items, &out_resources})
    if (!*o) return Status(Code::kInternal, "写入失败", "cannot write the generated files");
  return counts;
}

namespace {

const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                 "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
                                 "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
                                 "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
                                 "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈"};
const char* const kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                              "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
                              "刚", "桂", "英", "华", "文", "建", "国", "红", "玉", "兰",
                              "峰", "晨", "欣", "宇", "浩", "然", "思", "雨", "子", "涵",
                              "梓", "轩", "博", "睿", "嘉", "怡", "婷", "凯", "鑫", "悦"};
const char* const kCounties[] = {"990102", "990103", "990121", "990202",
                                 "990221", "990302", "990321"};
const char* const kCountyNames[] = {"明川市东城区", "明川市西湖区", "青山县", "清源市城关区",
                                    "清河县",       "临江市江滨区", "江口县"};
const char* const kStreets[] = {"人民路", "建设路", "中山路", "解放路", "和平街",
                                "新华街", "文化路", "朝阳路", "幸福里", "光明巷"};

}  // namespace

Result<PopulationCounts> generate_population(
    const PopulationOptions& o, const std::filesystem::path& dir,
    const std::function<void(uint64_t, uint64_t)>& progress) {
  std::error_code ec;
  std::filesystem::create_directories(dir / "registers", ec);
  if (ec) return Status::invalid_field(dir.string(), "无法创建目录", "cannot create the directory");
  std::mt19937_64 rng(o.seed);
  auto pick = [&](auto& array) { return array[rng() % (sizeof(array) / sizeof(array[0]))]; };
  std::map<std::string, std::ofstream> files;
  PopulationCounts counts;
  auto row = [&](const std::string& resource, const std::string& subject, const json& record) {
    auto it = files.find(resource);
    if (it == files.end())
      it = files.emplace(resource, std::ofstream(dir / "registers" / (resource + ".jsonl"))).first;
    it->second << jcs::canonical(json{{"subject", subject}, {"record", record}}) << "\n";
    ++counts.records;
  };
  auto name = [&] {
    std::string n = pick(kSurnames);
    n += pick(kGiven);
    if (rng() % 3) n += pick(kGiven);
    return n;
  };
  auto date = [&](int from_year, int to_year) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d",
                  from_year + static_cast<int>(rng() % (to_year - from_year + 1)),
                  1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28));
    return std::string(buf);
  };
  auto iso = [](const std::string& yyyymmdd) {
    return yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2);
  };
  std::set<std::string> used;
  std::vector<std::pair<std::string, std::string>> adults;  // (id, name), for spouses
  for (uint64_t i = 0; i < o.persons; ++i) {
    size_t county = rng() % 7;
    // The first person appears in most registers: the demo's example citizen.
    bool example = i == 0;
    std::string birth = example ? "20000315" : date(1940, 2024);
    std::string id;
    do {
      id = catalog::make_id_number(kCounties[county], birth, static_cast<int>(rng() % 1000));
    } while (!used.insert(id).second);
    bool male = (id[16] - '0') % 2 == 1;
    std::string person = name();
    int age = 2026 - std::stoi(birth.substr(0, 4));
    std::string address =
        std::string(kCountyNames[county]) + pick(kStreets) + std::to_string(1 + rng() % 300) + "号";
    char phone[16];
    std::snprintf(phone, sizeof phone, "1%d%09llu", 3 + static_cast<int>(rng() % 7),
                  static_cast<unsigned long long>(rng() % 1000000000));
    row("population", id,
        {{"id_number", id},
         {"name", person},
         {"gender", male ? "男" : "女"},
         {"birth_date", iso(birth)},
         {"ethnicity", rng() % 10 ? "汉族" : "回族"},
         {"address", address},
         {"household_head", rng() % 3 == 0},
         {"relation", age < 18 ? "子女" : (rng() % 2 ? "户主" : "配偶")},
         {"phone", phone}});
    row("medical-insurance", id,
        {{"id_number", id},
         {"name", person},
         {"insured_type", age >= 18 && rng() % 2 ? "职工医保" : "城乡居民医保"},
         {"since", iso(date(std::max(1998, std::stoi(birth.substr(0, 4))), 2025))}});
    if (age >= 22 && rng() % 2) {
      if (!adults.empty() && rng() % 2) {
        const auto& spouse = adults[rng() % adults.size()];
        row("marriage", id,
            {{"id_number", id},
             {"name", person},
             {"marital_status", "已婚"},
             {"spouse_id_number", spouse.first},
             {"spouse_name", spouse.second},
             {"registered_on", iso(date(2000, 2025))},
             {"registry", std::string(kCountyNames[county]) + "婚姻登记处"}});
      }
      adults.emplace_back(id, person);
    }
    if (age <= 26)
      row("birth-certificate", id,
          {{"id_number", id},
           {"name", person},
           {"birth_date", iso(birth)},
           {"mother_id_number", adults.empty() ? "" : adults[rng() % adults.size()].first},
           {"hospital", std::string(kCountyNames[county]) + "人民医院"},
           {"certificate_no", "S" + std::to_string(100000000 + rng() % 900000000)}});
    if (age >= 6 && age <= 18)
      row("student-status", id,
          {{"id_number", id},
           {"name", person},
           {"school",
            std::string(kCountyNames[county]) + "第" + std::to_string(1 + rng() % 9) + "小学"},
           {"grade", std::to_string(std::min(age - 5, 12))},
           {"enrolled_on", iso(date(2012, 2025))}});
    bool working = example || (age >= 18 && age < 62 && rng() % 10 < 7);
    std::string employer = "合成企业" + std::to_string(rng() % o.businesses + 1) + "号";
    if (working) {
      row("social-insurance", id,
          {{"id_number", id},
           {"name", person},
           {"pension_months", static_cast<int>(rng() % 400)},
           {"medical_insured", true},
           {"unemployment_insured", rng() % 4 != 0},
           {"employer", employer},
           {"monthly_base", 3000 + static_cast<int>(rng() % 20000)}});
      row("employment", id,
          {{"id_number", id},
           {"name", person},
           {"employer", employer},
           {"status", rng() % 20 ? "在职" : "失业"}});
      int income = 36000 + static_cast<int>(rng() % 300000);
      row("tax", id,
          {{"id_number", id},
           {"name", person},
           {"annual_income", income},
           {"tax_paid", income / 20},
           {"year", 2025}});
      if (example || rng() % 2)
        row("provident-fund", id,
            {{"id_number", id},
             {"name", person},
             {"account_balance", static_cast<int>(rng() % 200000)},
             {"monthly_deposit", 300 + static_cast<int>(rng() % 3000)},
             {"employer", employer}});
    }
    if (example || (age >= 25 && rng() % 10 < 3))
      row("real-estate", id,
          {{"id_number", id},
           {"owner_name", person},
           {"property_address", std::string(kCountyNames[county]) + pick(kStreets) +
                                    std::to_string(1 + rng() % 200) + "号"},
           {"area", 40 + static_cast<int>(rng() % 150)},
           {"certificate_no", "示范" + std::to_string(2000000 + rng() % 8000000)}});
    if (example || (age >= 18 && rng() % 20 < 7))
      row("vehicle-licence", id,
          {{"id_number", id},
           {"name", person},
           {"licence_class", rng() % 5 ? "C1" : "B2"},
           {"valid_until", iso(date(2026, 2036))},
           {"status", "正常"}});
    if (rng() % 50 == 0)
      row("disability", id,
          {{"id_number", id},
           {"name", person},
           {"category", rng() % 2 ? "肢体" : "视力"},
           {"grade", std::to_string(1 + rng() % 4) + "级"},
           {"certificate_no", id + "4" + std::to_string(1 + rng() % 4)}});
    if (rng() % 33 == 0)
      row("subsistence", id,
          {{"id_number", id},
           {"name", person},
           {"household_size", 1 + static_cast<int>(rng() % 5)},
           {"monthly_amount", 500 + static_cast<int>(rng() % 800)},
           {"since", iso(date(2015, 2025))}});
    if (age >= 60 && rng() % 100 < 2)
      row("death", id,
          {{"id_number", id}, {"name", person}, {"date_of_death", iso(date(2020, 2026))}});
    if (rng() % 100 == 0)
      row("public-security-cases", id,
          {{"id_number", id},
           {"name", person},
           {"case_no", "案" + std::to_string(rng() % 1000000)},
           {"case_type", "治安案件"}});
    ++counts.persons;
    if (progress && i % 10000 == 0) progress(i, o.persons + o.businesses);
  }
  for (uint64_t b = 0; b < o.businesses; ++b) {
    size_t county = rng() % 7;
    char body[24];
    std::snprintf(body, sizeof body, "%08llu",
                  static_cast<unsigned long long>((b + 1) % 100000000));
    std::string code = catalog::make_uscc('9', '1', kCounties[county], body);
    const auto& rep = adults.empty() ? std::make_pair(std::string(), std::string())
                                     : adults[rng() % adults.size()];
    row("business-licence", code,
        {{"credit_code", code},
         {"name", "合成企业" + std::to_string(b + 1) + "号有限公司"},
         {"legal_rep", rep.second},
         {"legal_rep_id_number", rep.first},
         {"address", std::string(kCountyNames[county]) + pick(kStreets) +
                         std::to_string(1 + rng() % 500) + "号"},
         {"registered_capital", 10000 * (1 + static_cast<int>(rng() % 1000))},
         {"established_on", iso(date(1995, 2025))},
         {"status", rng() % 20 ? "存续" : "注销"}});
    ++counts.businesses;
  }
  for (auto& [resource, f] : files)
    if (!f) return Status(Code::kInternal, "写入失败", "cannot write " + resource);
  if (progress) progress(o.persons + o.businesses, o.persons + o.businesses);
  return counts;
}

}  // namespace sunlight::app
