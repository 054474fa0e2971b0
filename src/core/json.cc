#include "core/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "core/utf8.h"

namespace sunlight::jcs {
namespace {

constexpr int64_t kMaxSafeInteger = (int64_t{1} << 53);

std::u16string to_utf16(const std::string& s) {
  auto out = utf8::to_utf16(s);
  if (!out) throw std::domain_error("canonical JSON: string is not UTF-8");
  return *out;
}

void write_string(std::string_view s, std::string& out) {
  if (!utf8::valid(s)) throw std::domain_error("canonical JSON: string is not UTF-8");
  out.push_back('"');
  size_t run = 0;  // start of the characters not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.substr(run, i - run));
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
      }
    }
  }
  out.append(s.substr(run));
  out.push_back('"');
}

void write(const nlohmann::json& v, std::string& out) {
  using T = nlohmann::json::value_t;
  switch (v.type()) {
    case T::null:
      out += "null";
      return;
    case T::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case T::number_integer: {
      auto n = v.get<int64_t>();
      if (n > kMaxSafeInteger || n < -kMaxSafeInteger)
        throw std::domain_error("canonical JSON: integer beyond 2^53");
      out += std::to_string(n);
      return;
    }
    case T::number_unsigned: {
      auto n = v.get<uint64_t>();
      if (n > static_cast<uint64_t>(kMaxSafeInteger))
        throw std::domain_error("canonical JSON: integer beyond 2^53");
      out += std::to_string(n);
      return;
    }
    case T::number_float:
      out += format_number(v.get<double>());
      return;  // not in leaves
    case T::string:
      write_string(v.get_ref<const std::string&>(), out);
      return;
    case T::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v) {
        if (!first) out.push_back(',');
        first = false;
        write(e, out);
      }
      out.push_back(']');
      return;
    }
    case T::object: {
      // JCS orders members by the UTF-16 code units of their names. nlohmann keeps members
      // in UTF-8 byte order, which is the same order unless a name holds a character above
      // U+FFFF or in U+E000..U+FFFF; only then re-sort.
      bool byte_order_is_jcs_order = true;
      for (auto it = v.begin(); it != v.end() && byte_order_is_jcs_order; ++it)
        for (unsigned char c : it.key())
          if (c >= 0xEE) {  // lead bytes of U+E000 and above
            byte_order_is_jcs_order = false;
            break;
          }
      if (byte_order_is_jcs_order) {
        out.push_back('{');
        bool first = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
          if (!first) out.push_back(',');
          first = false;
          write_string(it.key(), out);
          out.push_back(':');
          write(it.value(), out);
        }
        out.push_back('}');
        return;
      }
      std::vector<std::pair<std::u16string, const std::string*>> keys;
      keys.reserve(v.size());
      for (auto it = v.begin(); it != v.end(); ++it)
        keys.emplace_back(to_utf16(it.key()), &it.key());
      std::sort(keys.begin(), keys.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      for (const auto& [k16, key] : keys) {
        if (!first) out.push_back(',');
        first = false;
        write_string(*key, out);
        out.push_back(':');
        write(v.at(*key), out);
      }
      out.push_back('}');
      return;
    }
    case T::binary:
    case T::discarded:
      throw std::domain_error("canonical JSON: unsupported value type");
  }
}

}  // namespace

std::string format_number(double value) {
  if (!std::isfinite(value)) throw std::domain_error("canonical JSON: non-finite number");
  if (value == 0) return "0";  // also -0
  std::string sign;
  if (value < 0) {
    sign = "-";
    value = -value;
  }
  // Shortest round-trip digits, in scientific form "d.dddde±x".
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  auto epos = sci.find('e');
  std::string mantissa = sci.substr(0, epos);
  int exponent = std::stoi(sci.substr(epos + 1));
  std::string digits;
  for (char c : mantissa)
    if (c != '.') digits.push_back(c);
  int k = static_cast<int>(digits.size());
  int n = exponent + 1;  // value = 0.digits × 10^n
  std::string out;
  if (k <= n && n <= 21) {
    out = digits + std::string(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out = digits.substr(0, static_cast<size_t>(n)) + "." + digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out = "0." + std::string(static_cast<size_t>(-n), '0') + digits;
  } else {
    int e = n - 1;
    std::string exp = (e < 0 ? "-" : "+") + std::to_string(std::abs(e));
    out = k == 1 ? digits + "e" + exp : digits.substr(0, 1) + "." + digits.substr(1) + "e" + exp;
  }
  return sign + out;
}

std::string canonical(const nlohmann::json& value) {
  std::string out;
  write(value, out);
  return out;
}

void append_canonical(const nlohmann::json& value, std::string& out) { write(value, out); }

void append_string(std::string_view text, std::string& out) { write_string(text, out); }

}  // namespace sunlight::jcs
