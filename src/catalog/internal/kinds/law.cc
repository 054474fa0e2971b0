// Laws and regulations (法律法规) with their articles: the legal basis everything else cites.
#include <map>
#include <set>
#include <stdexcept>

#include "catalog/internal/events.h"
#include "catalog/internal/kind.h"

namespace sunlight::catalog {
namespace {

using internal::ColumnValue;
using internal::LawArticlesAdded;
using nlohmann::json;

// Leaves are at most 64 KiB; a law's articles beyond this many bytes go in follow-up events.
constexpr size_t kArticleChunkBytes = 24000;

Record read(FieldReader& r) {
  Law law;
  law.id =
      internal::read_code(r, "id", "[a-z0-9-]{2,40}", "只能包含小写字母、数字和 -，2–40 个字符",
                          "must be 2-40 of a-z, 0-9 and '-'");
  law.title = r.required_string("title", 200);
  law.title_en = r.optional_string("title_en", 300).value_or("");
  law.level = r.required_enum("level", kLawLevels);
  law.issuer = r.required_string("issuer", 100);
  law.promulgated = r.optional_string("promulgated", 10);
  law.effective = r.optional_string("effective", 10);
  internal::check_date(r, "promulgated", law.promulgated);
  internal::check_date(r, "effective", law.effective);
  law.invented = r.optional_bool("invented").value_or(false);
  std::set<int64_t> numbers;
  law.articles = internal::object_list(r, "articles", 3000, true, [&](FieldReader& a) {
    Article art;
    auto n = a.optional_int("number", 1, 100000);
    if (!n && a.ok()) a.error("number", "必填", "is required");
    art.number = n.value_or(0);
    if (n && !numbers.insert(*n).second)
      a.error("number", "条款号重复", "duplicate article number");
    art.text = a.required_string("text", 5000);
    art.text_kind = a.required_enum("text_kind", {"quote", "summary"});
    return art;
  });
  if (law.articles.empty() && r.ok()) r.error("articles", "至少一条", "needs at least one article");
  return law;
}

// Splits the articles into chunks that each fit a leaf; the record keeps the first.
std::vector<ledger::Event> split(json& record, const std::string& key, int version) {
  std::vector<json> chunks(1, json::array());
  size_t bytes = 0;
  for (const auto& a : record.at("articles")) {
    size_t n = a.at("text").get_ref<const std::string&>().size() + 64;
    if (bytes + n > kArticleChunkBytes && !chunks.back().empty()) {
      chunks.emplace_back(json::array());
      bytes = 0;
    }
    chunks.back().push_back(a);
    bytes += n;
  }
  record["articles"] = chunks[0];
  std::vector<ledger::Event> more;
  for (size_t i = 1; i < chunks.size(); ++i)
    more.push_back(ledger::to_event(LawArticlesAdded{key, version, chunks[i]}));
  return more;
}

void insert_article(store::Connection& tx, const std::string& law, const Article& a) {
  tx.cached("INSERT INTO law_articles (law, number, text, text_kind) VALUES (?, ?, ?, ?)")
      .bind_all(law, a.number, a.text, a.text_kind)
      .run();
}

// The rest of a long law's articles.
void apply_articles_added(store::Connection& tx, const LawArticlesAdded& ev,
                          const ledger::Applied&) {
  auto law = find_record(tx, Kind::kLaw, ev.key);
  if (!law) throw std::logic_error("law.articles_added for unknown law " + ev.key);
  json doc = law->doc;
  for (const auto& a : ev.articles) {
    doc["articles"].push_back(a);
    insert_article(tx, ev.key, a.get<Article>());
  }
  tx.cached("UPDATE laws SET doc = ? WHERE id = ?").bind_all(doc.dump(), ev.key).run();
  tx.cached("UPDATE record_versions SET doc = ? WHERE kind = 'law' AND key = ? AND version = ?")
      .bind_all(doc.dump(), ev.key, ev.version)
      .run();
}

json present(store::Connection&, const RecordRow& row) {
  json out = row.doc;
  out["level_zh"] = law_level_zh(row.law().level);
  return out;
}

json summary(store::Connection&, const RecordRow& row) {
  const Law& l = row.law();
  return {{"id", row.key},      {"title", l.title},       {"level", l.level},
          {"issuer", l.issuer}, {"invented", l.invented}, {"articles", l.articles.size()}};
}

}  // namespace

const internal::KindDescriptor& internal::law_kind() {
  static const KindDescriptor d{
      .kind = Kind::kLaw,
      .name = "law",
      .doc_name = "law (法律法规)",
      .table = "laws",
      .key = "id",
      .path = "/api/v1/laws",
      .key_param = "id",
      .columns = {text_column("title", &Law::title), text_column("title_en", &Law::title_en),
                  text_column("level", &Law::level), text_column("issuer", &Law::issuer),
                  Column{"invented",
                         [](const Record& r, store::Connection&) -> ColumnValue {
                           return int64_t{std::get<Law>(r).invented ? 1 : 0};
                         }}},
      .filters = {{&ListFilter::type, "level"}, {&ListFilter::query, "title", Match::kContains}},
      .links = {{"law_articles",
                 "law",
                 {"number", "text", "text_kind"},
                 [](const Record& r) {
                   std::vector<std::vector<ColumnValue>> rows;
                   for (const auto& a : std::get<Law>(r).articles)
                     rows.push_back({a.number, a.text, a.text_kind});
                   return rows;
                 }}},
      .types = &kLawLevels,
      .effective_in_record = true,
      .read = read,
      .check_references = nullptr,
      .repeal_blocker = nullptr,
      .present = present,
      .summary = summary,
      .split = split,
      .register_more =
          [](ledger::Registry& registry) {
            ledger::on<LawArticlesAdded>(registry, apply_articles_added);
          },
  };
  return d;
}

const char* law_level_zh(std::string_view l) {
  static const std::map<std::string_view, const char*> names = {
      {"law", "法律"},
      {"administrative_regulation", "行政法规"},
      {"local_regulation", "地方性法规"},
      {"department_rule", "部门规章"},
      {"local_government_rule", "地方政府规章"},
      {"normative_document", "规范性文件"}};
  auto it = names.find(l);
  return it == names.end() ? "" : it->second;
}

std::optional<ArticleRef> find_article(store::Connection& c, const std::string& law, int article) {
  auto st = c.cached(
      "SELECT l.title, a.text, a.text_kind, l.status, l.invented FROM law_articles a"
      " JOIN laws l ON l.id = a.law WHERE a.law = ? AND a.number = ?");
  st.bind_all(law, article);
  if (!st.step()) return std::nullopt;
  return ArticleRef{
      law, article, st.text(0), st.text(1), st.text(2), st.text(3) == "active", st.int64(4) != 0};
}

json basis_with_text(store::Connection& c, const json& basis) {
  json out = json::array();
  for (const auto& b : basis) {
    json j = b;
    if (auto a = find_article(c, b.at("law"), b.at("article"))) {
      j["law_title"] = a->law_title;
      j["text"] = a->text;
      j["text_kind"] = a->text_kind;
      j["in_force"] = a->law_in_force;
      j["invented"] = a->invented;
    }
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace sunlight::catalog
