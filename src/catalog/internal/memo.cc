// Catalogue reads remembered per thread under the catalog stamp (network.h).
#include <unordered_map>

#include "catalog/network.h"

namespace sunlight::catalog {

int64_t catalog_stamp(store::Connection& c) {
  auto st = c.cached("SELECT stamp FROM catalog_stamp");
  return st.step() ? st.int64(0) : 0;
}

std::shared_ptr<const void> memo_catalog_erased(
    store::Connection& c, std::string_view space, const std::string& key,
    const std::function<std::shared_ptr<const void>()>& load) {
  struct Memo {
    bool valid = false;
    int64_t stamp = 0;
    std::unordered_map<std::string, std::shared_ptr<const void>> values;
  };
  thread_local Memo memo;
  int64_t stamp = catalog_stamp(c);
  if (!memo.valid || memo.stamp != stamp) {
    memo.values.clear();
    memo.stamp = stamp;
    memo.valid = true;
  }
  std::string id;
  id.reserve(space.size() + 1 + key.size());
  id.append(space).push_back('\x1f');
  id.append(key);
  if (auto it = memo.values.find(id); it != memo.values.end()) return it->second;
  auto value = load();
  // Outside a transaction each read is its own snapshot: keep the value only if the catalog
  // did not change while it was read.
  if (catalog_stamp(c) != stamp) return value;
  if (memo.values.size() >= 4096) memo.values.clear();  // bounded: documents run to kilobytes
  memo.values.emplace(std::move(id), value);
  return value;
}

std::shared_ptr<const RecordRow> find_record_shared(store::Connection& c, Kind kind,
                                                    const std::string& key) {
  return memo_catalog<RecordRow>(c, kind_name(kind), key,
                                 [&]() -> std::shared_ptr<const RecordRow> {
                                   auto row = find_record(c, kind, key);
                                   if (!row) return nullptr;
                                   return std::make_shared<const RecordRow>(std::move(*row));
                                 });
}

}  // namespace sunlight::catalog
