#include "ledger/tiles.h"

#include <charconv>
#include <vector>

namespace sunlight::ledger {
namespace {

Status bad(std::string en) {
  return Status::invalid_field("path", "瓦片路径格式错误：" + en, "malformed tile path: " + en);
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// A decimal with no leading zeros.
std::optional<uint64_t> canonical_decimal(std::string_view s) {
  if (!all_digits(s) || (s.size() > 1 && s[0] == '0') || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

std::string TileCoord::path() const {
  std::string out = entries ? "tile/entries/" : "tile/" + std::to_string(level) + "/";
  std::vector<std::string> groups;
  uint64_t n = index;
  do {
    char buf[4];
    buf[0] = static_cast<char>('0' + (n / 100) % 10);
    buf[1] = static_cast<char>('0' + (n / 10) % 10);
    buf[2] = static_cast<char>('0' + n % 10);
    buf[3] = 0;
    groups.emplace_back(buf);
    n /= 1000;
  } while (n > 0);
  for (size_t i = groups.size(); i-- > 0;) {
    if (i > 0) out += "x";
    out += groups[i];
    if (i > 0) out += "/";
  }
  if (partial()) out += ".p/" + std::to_string(width);
  return out;
}

Result<TileCoord> parse_tile_path(std::string_view rest) {
  TileCoord t;
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= rest.size(); ++i) {
    if (i == rest.size() || rest[i] == '/') {
      parts.push_back(rest.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() < 2) return bad("too few elements");
  if (parts[0] == "entries") {
    t.entries = true;
  } else {
    auto level = canonical_decimal(parts[0]);
    if (!level || *level > 63) return bad("level must be 0–63");
    t.level = static_cast<int>(*level);
  }
  // Width suffix: the last two elements are "<NNN>.p" and "<W>".
  size_t last = parts.size() - 1;
  if (parts.size() >= 3 && parts[last - 1].size() == 5 && parts[last - 1].substr(3) == ".p") {
    auto w = canonical_decimal(parts[last]);
    if (!w || *w == 0 || *w >= 256) return bad("partial width must be 1–255");
    t.width = static_cast<int>(*w);
    parts[last - 1] = parts[last - 1].substr(0, 3);
    parts.pop_back();
    last = parts.size() - 1;
  }
  uint64_t index = 0;
  for (size_t i = 1; i <= last; ++i) {
    std::string_view g = parts[i];
    if (i < last) {
      if (g.size() != 4 || g[0] != 'x') return bad("index groups must be xNNN");
      g.remove_prefix(1);
    }
    if (g.size() != 3 || !all_digits(g)) return bad("index groups must have three digits");
    if (index > (UINT64_MAX - 999) / 1000) return bad("index too large");
    index =
        index * 1000 + static_cast<uint64_t>((g[0] - '0') * 100 + (g[1] - '0') * 10 + (g[2] - '0'));
    if (i == 1 && i < last && g == "000") return bad("leading x000 group");
  }
  t.index = index;
  return t;
}

void append_bundle_entry(std::string& bundle, std::string_view entry) {
  bundle.push_back(static_cast<char>((entry.size() >> 8) & 0xFF));
  bundle.push_back(static_cast<char>(entry.size() & 0xFF));
  bundle.append(entry);
}

}  // namespace sunlight::ledger
