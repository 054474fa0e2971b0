#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <xapian.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <opencc/SimpleConverter.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "catalog/directory.h"
#include "catalog/network.h"
#include "ledger/event.h"
#include "ledger/log.h"
#include "search/search.h"

namespace sunlight::search {
namespace {

using nlohmann::json;

// Filler that carries no meaning for finding a service (matched after normalisation, so in
// Simplified Chinese and lower case). Longest first.
const std::vector<std::string>& stop_phrases() {
  static const std::vector<std::string> phrases = [] {
    std::vector<std::string> p = {
        "我想要",   "我想",     "我要",     "我得",   "我该", "请问",     "你好",     "怎么办理",
        "如何办理", "怎样办理", "怎么办",   "怎么弄", "怎么", "如何",     "怎样",     "在哪里办",
        "在哪里",   "在哪儿",   "在哪",     "哪里",   "去哪", "需要什么", "需要哪些", "要什么",
        "带什么",   "什么材料", "哪些材料", "什么",   "哪些", "需要",     "可以",     "能不能",
        "能否",     "一下",     "的话",     "了吗",   "吗",   "呢",       "吧",       "啊",
        "了",       "的",       "帮我",     "给我",   "我们", "我家",     "我的",     "咨询",
        "手续",     "流程"};
    std::sort(p.begin(), p.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return p;
  }();
  return phrases;
}

const std::set<std::string>& english_stopwords() {
  static const std::set<std::string> words = {
      "how",      "do",    "does", "i",     "to",     "a",      "an",    "the",
      "my",       "for",   "get",  "can",   "where",  "what",   "need",  "want",
      "apply",    "is",    "are",  "of",    "in",     "on",     "me",    "we",
      "our",      "and",   "or",   "with",  "please", "should", "which", "documents",
      "document", "bring", "go",   "about", "it",     "its",    "be",    "am"};
  return words;
}

// Decodes one UTF-8 code point; returns its byte length.
size_t decode(const std::string& s, size_t i, uint32_t& cp) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  if (i + n > s.size()) n = s.size() - i;
  cp = n == 1 ? c : c & (0xFF >> (n + 1));
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return n;
}

bool is_cjk(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2A6DF);
}

bool is_word_char(uint32_t cp) { return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'); }

// Splits normalised text into runs of CJK characters (as code-point strings) and words.
struct Segments {
  std::vector<std::vector<std::string>> cjk;  // each run: its characters
  std::vector<std::string> words;
};

Segments segment(const std::string& text) {
  Segments out;
  std::vector<std::string> run;
  std::string word;
  auto flush = [&] {
    if (!run.empty()) out.cjk.push_back(std::move(run));
    run.clear();
    if (!word.empty()) out.words.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < text.size();) {
    uint32_t cp;
    size_t n = decode(text, i, cp);
    if (is_cjk(cp)) {
      if (!word.empty()) {
        out.words.push_back(std::move(word));
        word.clear();
      }
      run.push_back(text.substr(i, n));
    } else if (is_word_char(cp)) {
      if (!run.empty()) {
        out.cjk.push_back(std::move(run));
        run.clear();
      }
      word += text.substr(i, n);
    } else {
      flush();
    }
    i += n;
  }
  flush();
  return out;
}

// The layout of documents; a change here rebuilds existing indexes. 2: data holds the
// catalogue code after the kind and code.
constexpr const char* kIndexFormat = "2";
// Entries that need no indexing are acknowledged in the index at most this often.
constexpr uint64_t kCommitEvery = 100000;

std::string region_term(const std::string& region) { return "XR" + region; }
std::string id_term(const std::string& kind, const std::string& code) {
  return "Q" + kind + ":" + code;
}

}  // namespace

std::string normalize(const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(text);
  UErrorCode s2 = U_ZERO_ERROR;
  icu::UnicodeString folded = nfkc_cf ? nfkc_cf->normalize(in, s2) : in;
  std::string utf8;
  (U_SUCCESS(s2) ? folded : in).toUTF8String(utf8);
  thread_local opencc::SimpleConverter t2s("t2s.json");
  return t2s.Convert(utf8);
}

Synonyms Synonyms::from_text(const std::string& text) {
  Synonyms s;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    std::vector<std::string> group;
    size_t start = 0;
    while (start <= line.size()) {
      auto eq = line.find('=', start);
      std::string term =
          line.substr(start, eq == std::string::npos ? std::string::npos : eq - start);
      auto b = term.find_first_not_of(" \t\r"), e = term.find_last_not_of(" \t\r");
      if (b != std::string::npos) {
        std::string n = normalize(term.substr(b, e - b + 1));
        if (!n.empty() && std::find(group.begin(), group.end(), n) == group.end())
          group.push_back(n);
      }
      if (eq == std::string::npos) break;
      start = eq + 1;
    }
    if (group.size() < 2) continue;
    for (const auto& t : group) s.terms_.emplace_back(t, s.groups_.size());
    s.groups_.push_back(std::move(group));
  }
  std::stable_sort(s.terms_.begin(), s.terms_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return s;
}

Result<Synonyms> Synonyms::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in)
    return Status(Code::kNotFound, "同义词文件 " + file.string() + " 不存在",
                  "synonym file " + file.string() + " not found");
  std::stringstream ss;
  ss << in.rdbuf();
  return from_text(ss.str());
}

std::vector<Synonyms::Match> Synonyms::find(const std::string& normalized) const {
  std::vector<Match> out;
  std::vector<bool> used(normalized.size(), false);
  for (const auto& [term, group] : terms_) {
    bool ascii = std::all_of(term.begin(), term.end(), [](unsigned char c) { return c < 0x80; });
    for (size_t pos = normalized.find(term); pos != std::string::npos;
         pos = normalized.find(term, pos + 1)) {
      if (ascii) {  // English terms match whole words only
        bool left = pos == 0 || !std::isalnum(static_cast<unsigned char>(normalized[pos - 1]));
        size_t end = pos + term.size();
        bool right =
            end >= normalized.size() || !std::isalnum(static_cast<unsigned char>(normalized[end]));
        if (!left || !right) continue;
      }
      if (std::any_of(used.begin() + static_cast<long>(pos),
                      used.begin() + static_cast<long>(pos + term.size()),
                      [](bool u) { return u; }))
        continue;
      std::fill(used.begin() + static_cast<long>(pos),
                used.begin() + static_cast<long>(pos + term.size()), true);
      Match m{term, {}};
      for (const auto& alt : groups_[group])
        if (alt != term) m.alternatives.push_back(alt);
      out.push_back(std::move(m));
    }
  }
  return out;
}

class Index::Impl {
 public:
  Impl(std::filesystem::path dir, Synonyms synonyms)
      : dir_(std::move(dir)),
        synonyms_(std::move(synonyms)),
        writer_(dir_.string(), Xapian::DB_CREATE_OR_OPEN),
        stem_("english") {}

  Xapian::Query text_query(const std::string& normalized, double scale) const {
    std::vector<Xapian::Query> parts;
    auto seg = segment(normalized);
    for (const auto& run : seg.cjk) {
      if (run.size() == 1) {
        parts.emplace_back(run[0]);
        continue;
      }
      for (size_t i = 0; i + 1 < run.size(); ++i) parts.emplace_back(run[i] + run[i + 1]);
      for (const auto& ch : run)
        parts.push_back(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(ch), 0.25));
    }
    for (const auto& w : seg.words) {
      if (english_stopwords().count(w)) continue;
      parts.push_back(
          Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(w), Xapian::Query("Z" + stem_(w))));
    }
    if (parts.empty()) return Xapian::Query();
    Xapian::Query q(Xapian::Query::OP_OR, parts.begin(), parts.end());
    return scale == 1.0 ? q : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, scale);
  }

  Xapian::Query build(const std::string& text) const {
    std::string norm = normalize(text);
    // Synonyms first (on the full text, so a group may name a filler word), then filler.
    auto matches = synonyms_.find(norm);
    for (const auto& phrase : stop_phrases())
      for (size_t pos = norm.find(phrase); pos != std::string::npos; pos = norm.find(phrase, pos))
        norm.replace(pos, phrase.size(), " ");
    std::vector<Xapian::Query> parts;
    if (auto q = text_query(norm, 1.0); !q.empty()) parts.push_back(q);
    for (const auto& m : matches) {
      for (const auto& alt : m.alternatives)
        if (auto q = text_query(alt, 0.6); !q.empty()) parts.push_back(q);
    }
    if (parts.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  }

  void index_record(store::Connection& c, catalog::Kind kind, const std::string& code) {
    std::string kind_name = catalog::kind_name(kind);
    auto row = catalog::find_record(c, kind, code);
    if (!row || row->status != "active") {
      writer_.delete_document(id_term(kind_name, code));
      return;
    }
    const auto& d = row->doc;
    Xapian::Document doc;
    Xapian::TermGenerator tg;
    tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    tg.set_stemmer(stem_);
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    tg.set_document(doc);
    auto add = [&](const std::string& text, Xapian::termcount weight) {
      if (text.empty()) return;
      tg.index_text(normalize(text), weight);
      tg.increase_termpos();
    };
    add(d.at("name"), 6);
    add(d.value("name_en", ""), 4);
    for (const auto& k : d.value("keywords", json::array())) add(k, 4);
    if (kind == catalog::Kind::kItem) {
      if (d.contains("output")) add(d["output"].at("name"), 3);
      auto org = catalog::find_organisation(c, d.at("org"));
      if (org) add(org->name, 1);
      add(catalog::power_type_zh(d.at("type").get<std::string>()), 1);
      for (const auto& m : d.at("materials")) add(m.at("name"), 1);
      for (const auto& cond : d.at("conditions")) add(cond, 1);
      add(d.value("description", ""), 1);
    } else {
      for (const auto& item_code : d.at("items")) {
        if (auto item = catalog::find_record(c, catalog::Kind::kItem, item_code))
          add(item->doc.at("name"), 2);
      }
      add(d.value("description", ""), 1);
    }
    doc.add_boolean_term(id_term(kind_name, code));
    doc.add_boolean_term(region_term(d.at("region")));
    doc.add_boolean_term("XK" + kind_name);
    doc.set_data(kind_name + "\t" + code +
                 (kind == catalog::Kind::kItem ? "\t" + d.at("catalog_code").get<std::string>()
                                               : std::string()));
    writer_.replace_document(id_term(kind_name, code), doc);
  }

  size_t index_all(store::Connection& c) {
    size_t n = 0;
    for (auto kind : {catalog::Kind::kItem, catalog::Kind::kLifeEvent}) {
      auto st = c.prepare(std::string("SELECT code FROM ") +
                          (kind == catalog::Kind::kItem ? "items" : "life_events") +
                          " WHERE status = 'active' ORDER BY code");
      std::vector<std::string> codes;
      while (st.step()) codes.push_back(st.text(0));
      for (const auto& code : codes) {
        index_record(c, kind, code);
        ++n;
      }
    }
    return n;
  }

  size_t catch_up(store::Connection& c) {
    std::lock_guard lock(write_mu_);
    store::Transaction snapshot(c, false);
    ledger::LogReader reader;
    uint64_t size = reader.size(c);
    // An index written in another document format is rebuilt from scratch.
    if (writer_.get_metadata("format") != kIndexFormat) {
      for (auto it = writer_.postlist_begin(""); it != writer_.postlist_end(""); ++it)
        writer_.delete_document(*it);
      writer_.set_metadata("last_index", "");
      writer_.set_metadata("format", kIndexFormat);
    }
    std::string last = writer_.get_metadata("last_index");
    uint64_t stored = last.empty() ? 0 : std::stoull(last);  // what the index on disk covers
    size_t n = 0;
    if (last.empty()) {
      n = index_all(c);
    } else {
      uint64_t from = std::max<uint64_t>(stored, indexed_through_.load());
      std::set<std::pair<catalog::Kind, std::string>> todo;
      for (uint64_t begin = from; begin < size; begin += 4096) {
        for (const auto& leaf : reader.entries(c, begin, 4096)) {
          // Most entries are not about the catalogue: a cheap look for the event types that
          // are, before parsing (a canonical leaf spells its type exactly so).
          if (leaf.find("\"type\":\"item.") == std::string::npos &&
              leaf.find("\"type\":\"life_event.") == std::string::npos &&
              leaf.find("\"type\":\"org.renamed\"") == std::string::npos)
            continue;
          auto rec = ledger::parse_leaf(leaf);
          if (!rec.is_ok()) continue;
          const auto& t = rec->type;
          if (t.rfind("item.", 0) == 0)
            todo.insert({catalog::Kind::kItem, rec->data.at("key")});
          else if (t.rfind("life_event.", 0) == 0)
            todo.insert({catalog::Kind::kLifeEvent, rec->data.at("key")});
          else if (t == "org.renamed") {
            auto st = c.prepare("SELECT code FROM items WHERE org = ?");
            st.bind(1, rec->data.at("id").get<std::string>());
            while (st.step()) todo.insert({catalog::Kind::kItem, st.text(0)});
          }
        }
      }
      for (const auto& [kind, code] : todo) index_record(c, kind, code);
      n = todo.size();
    }
    // A commit syncs the index to disk: not for every batch of the log that changes nothing
    // here. The stored position may lag behind by up to kCommitEvery entries that need no
    // indexing; after a restart they are only scanned again.
    if (n > 0 || last.empty() || size >= stored + kCommitEvery) {
      writer_.set_metadata("last_index", std::to_string(size));
      writer_.commit();
    }
    indexed_through_ = size;
    return n;
  }

  size_t rebuild(store::Connection& c) {
    {
      std::lock_guard lock(write_mu_);
      for (auto it = writer_.postlist_begin(""); it != writer_.postlist_end(""); ++it)
        writer_.delete_document(*it);
      writer_.set_metadata("last_index", "");
      writer_.commit();
    }
    return catch_up(c);
  }

  std::vector<Hit> search(const Query& q, store::Connection& c) const {
    Xapian::Query query = build(q.text);
    if (query.empty()) return {};
    std::vector<std::string> chain;
    if (q.region) {
      for (std::string r = *q.region; !r.empty();) {
        chain.push_back(r);
        auto region = catalog::find_region(c, r);
        r = region ? region->parent : "";
      }
      std::vector<Xapian::Query> filters;
      for (const auto& r : chain) filters.emplace_back(region_term(r));
      query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                            Xapian::Query(Xapian::Query::OP_OR, filters.begin(), filters.end()));
    }
    thread_local std::unique_ptr<Xapian::Database> db;
    for (int attempt = 0;; ++attempt) {
      try {
        if (!db)
          db = std::make_unique<Xapian::Database>(dir_.string());
        else
          db->reopen();
        Xapian::Enquire enquire(*db);
        enquire.set_query(query);
        auto mset = enquire.get_mset(0, static_cast<Xapian::doccount>(q.limit * 4 + 10));
        std::vector<Hit> hits;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
          std::string data = it.get_document().get_data();
          auto tab = data.find('\t');
          auto tab2 = data.find('\t', tab + 1);
          Hit h{
              data.substr(0, tab),
              data.substr(tab + 1, tab2 == std::string::npos ? std::string::npos : tab2 - tab - 1),
              it.get_weight(), tab2 == std::string::npos ? "" : data.substr(tab2 + 1)};
          if (!chain.empty()) {
            // Prefer the user's own region, then each level up a little less.
            for (auto term = it.get_document().termlist_begin();
                 term != it.get_document().termlist_end(); ++term) {
              std::string t = *term;
              if (t.rfind("XR", 0) != 0) continue;
              auto pos = std::find(chain.begin(), chain.end(), t.substr(2));
              if (pos != chain.end())
                h.score *= 1.0 + 0.15 / static_cast<double>(1 + (pos - chain.begin()));
            }
          }
          hits.push_back(std::move(h));
        }
        std::stable_sort(hits.begin(), hits.end(),
                         [](const Hit& a, const Hit& b) { return a.score > b.score; });
        // One result per service: the same catalogue item offered by the county, the city
        // and the province is shown once, from the nearest region (it ranks first).
        std::vector<Hit> unique;
        std::set<std::string> seen;
        for (auto& h : hits) {
          if (!h.catalog_code.empty() && !seen.insert(h.catalog_code).second) continue;
          unique.push_back(std::move(h));
          if (unique.size() == static_cast<size_t>(q.limit)) break;
        }
        return unique;
      } catch (const Xapian::DatabaseModifiedError& e) {
        // The indexer committed while we read: reopen and read again.
        if (attempt > 10) throw std::runtime_error("search index busy: " + e.get_description());
        db.reset();
      } catch (const Xapian::DatabaseOpeningError&) {
        return {};
      } catch (const Xapian::Error& e) {
        db.reset();
        throw std::runtime_error("search failed: " + e.get_description());
      }
    }
  }

  std::filesystem::path dir_;
  Synonyms synonyms_;
  Xapian::WritableDatabase writer_;
  Xapian::Stem stem_;
  std::mutex write_mu_;
  std::atomic<uint64_t> indexed_through_{0};
};

std::unique_ptr<Index> Index::open(const std::filesystem::path& dir, Synonyms synonyms) {
  std::filesystem::create_directories(dir);
  auto index = std::unique_ptr<Index>(new Index());
  index->impl_ = std::make_unique<Impl>(dir, std::move(synonyms));
  return index;
}

Index::~Index() = default;
size_t Index::catch_up(store::Connection& c) {
  try {
    return impl_->catch_up(c);
  } catch (const Xapian::Error& e) {
    throw std::runtime_error("search index: " + e.get_description());
  }
}
size_t Index::rebuild(store::Connection& c) { return impl_->rebuild(c); }
uint64_t Index::indexed_through() const { return impl_->indexed_through_.load(); }
std::vector<Hit> Index::search(const Query& q, store::Connection& c) const {
  return impl_->search(q, c);
}
std::string Index::describe_query(const std::string& text) const {
  return impl_->build(text).get_description();
}

json present_hits(store::Connection& c, const std::vector<Hit>& hits) {
  json out = json::array();
  for (const auto& h : hits) {
    auto kind = catalog::parse_kind(h.kind);
    if (!kind) continue;
    auto row = catalog::find_record(c, *kind, h.code);
    if (!row) continue;
    const auto& d = row->doc;
    json r = {{"kind", h.kind},           {"code", h.code},
              {"name", d.at("name")},     {"name_en", d.value("name_en", "")},
              {"region", d.at("region")}, {"score", h.score}};
    if (auto region = catalog::find_region(c, d.at("region"))) r["region_name"] = region->name;
    std::string org = *kind == catalog::Kind::kItem ? d.at("org").get<std::string>()
                                                    : d.at("lead_org").get<std::string>();
    r["org"] = org;
    if (auto o = catalog::find_organisation(c, org)) r["org_name"] = o->name;
    if (*kind == catalog::Kind::kItem) {
      r["catalog_code"] = d.at("catalog_code");
      r["promised_days"] = d.at("promised_days");
      r["visits"] = d.at("visits");
      r["online_depth"] = d.at("online_depth");
      r["channels"] = d.at("channels");
      if (!d.at("places").empty()) r["place"] = d.at("places")[0];
      json bring = json::array();
      for (const auto& m : d.at("materials"))
        bring.push_back({{"name", m.at("name")},
                         {"required", m.at("required")},
                         {"you_bring", m.at("source").at("kind") == "applicant"}});
      r["materials"] = bring;
    } else {
      r["items"] = d.at("items");
      r["promised_days"] = d.at("promised_days");
      r["visits"] = d.at("visits");
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace sunlight::search
