#include "ledger/note.h"

#include <charconv>
#include <vector>

namespace sunlight::ledger {
namespace {

constexpr std::string_view kSigPrefix = "\xe2\x80\x94 ";  // "— " (U+2014, space)

std::string key_hash_hex(uint32_t h) {
  char buf[9];
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = 7; i >= 0; --i) {
    buf[i] = kDigits[h & 0xF];
    h >>= 4;
  }
  buf[8] = 0;
  return buf;
}

std::optional<uint32_t> parse_key_hash(std::string_view s) {
  if (s.size() != 8) return std::nullopt;
  uint32_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  for (char c : s)
    if (c >= 'A' && c <= 'F') return std::nullopt;  // lowercase only
  return v;
}

// Splits at `sep`, into at most `max_parts` (the last part keeps any further separators:
// base64 key material may contain '+').
std::vector<std::string_view> split(std::string_view s, char sep, size_t max_parts = SIZE_MAX) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || (s[i] == sep && out.size() + 1 < max_parts)) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

Status bad_key(std::string_view what) {
  return Status::invalid_field("key", "密钥格式错误：" + std::string(what),
                               "malformed key: " + std::string(what));
}

}  // namespace

bool valid_key_name(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name)
    if (c <= 0x20 || c == '+' || c == 0x7f) return false;
  return true;
}

uint32_t ed25519_key_hash(std::string_view name, std::string_view public_key) {
  std::string buf(name);
  buf += '\n';
  buf += '\x01';
  buf += public_key;
  auto h = crypto::sha256(buf);
  return (uint32_t{h[0]} << 24) | (uint32_t{h[1]} << 16) | (uint32_t{h[2]} << 8) | h[3];
}

NoteSigner::NoteSigner(std::string name, crypto::Ed25519Key key)
    : name_(std::move(name)), key_(std::move(key)) {
  key_hash_ = ed25519_key_hash(name_, key_.public_key);
}

NoteSigner NoteSigner::generate(std::string name) {
  return NoteSigner(std::move(name), crypto::Ed25519Key::generate());
}

Result<NoteSigner> NoteSigner::parse(std::string_view skey) {
  auto parts = split(skey, '+', 5);
  if (parts.size() != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY")
    return bad_key("expected PRIVATE+KEY+<name>+<hash>+<key>");
  if (!valid_key_name(parts[2])) return bad_key("bad key name");
  auto hash = parse_key_hash(parts[3]);
  auto raw = crypto::unbase64(parts[4]);
  if (!hash || !raw || raw->size() != 33 || (*raw)[0] != 0x01) return bad_key("bad Ed25519 key");
  auto key = crypto::Ed25519Key::from_seed(std::string_view(*raw).substr(1));
  if (!key) return bad_key("bad Ed25519 seed");
  NoteSigner s(std::string(parts[2]), *key);
  if (s.key_hash_ != *hash) return bad_key("key hash does not match the key");
  return s;
}

std::string NoteSigner::private_key_string() const {
  return "PRIVATE+KEY+" + name_ + "+" + key_hash_hex(key_hash_) + "+" +
         crypto::base64("\x01" + key_.seed);
}

std::string NoteSigner::verifier_key() const {
  return name_ + "+" + key_hash_hex(key_hash_) + "+" + crypto::base64("\x01" + key_.public_key);
}

std::string NoteSigner::sign(std::string_view text) const {
  std::string sig = key_.sign(text);
  std::string prefix(4, '\0');
  for (int i = 0; i < 4; ++i) prefix[i] = static_cast<char>((key_hash_ >> (24 - 8 * i)) & 0xFF);
  std::string out(text);
  out += "\n";
  out += kSigPrefix;
  out += name_ + " " + crypto::base64(prefix + sig) + "\n";
  return out;
}

Result<NoteVerifier> NoteVerifier::parse(std::string_view vkey) {
  auto parts = split(vkey, '+', 3);
  if (parts.size() != 3) return bad_key("expected <name>+<hash>+<key>");
  if (!valid_key_name(parts[0])) return bad_key("bad key name");
  auto hash = parse_key_hash(parts[1]);
  auto raw = crypto::unbase64(parts[2]);
  if (!hash || !raw || raw->size() != 33 || (*raw)[0] != 0x01)
    return bad_key("not an Ed25519 verifier key");
  NoteVerifier v{std::string(parts[0]), *hash, raw->substr(1)};
  if (ed25519_key_hash(v.name, v.public_key) != v.key_hash)
    return bad_key("key hash does not match the key");
  return v;
}

Result<std::string> NoteVerifier::open(std::string_view note) const {
  auto fail = [](std::string zh, std::string en) {
    return Status(Code::kDataLoss, "签名注记无效：" + zh, "invalid signed note: " + en);
  };
  // The text is everything up to and including the last "\n\n"'s first newline.
  size_t split_at = note.rfind("\n\n");
  if (split_at == std::string_view::npos) return fail("缺少签名", "no signature block");
  std::string_view text = note.substr(0, split_at + 1);
  std::string_view sigs = note.substr(split_at + 2);
  if (sigs.empty() || sigs.back() != '\n')
    return fail("签名块格式错误", "malformed signature block");
  bool found = false;
  for (auto line : split(sigs.substr(0, sigs.size() - 1), '\n')) {
    if (line.substr(0, kSigPrefix.size()) != kSigPrefix)
      return fail("签名行格式错误", "malformed signature line");
    line.remove_prefix(kSigPrefix.size());
    auto space = line.find(' ');
    if (space == std::string_view::npos) return fail("签名行格式错误", "malformed signature line");
    auto signer_name = line.substr(0, space);
    auto raw = crypto::unbase64(line.substr(space + 1));
    if (!raw || raw->size() < 5) return fail("签名编码错误", "malformed signature encoding");
    uint32_t h = (uint32_t{static_cast<uint8_t>((*raw)[0])} << 24) |
                 (uint32_t{static_cast<uint8_t>((*raw)[1])} << 16) |
                 (uint32_t{static_cast<uint8_t>((*raw)[2])} << 8) | static_cast<uint8_t>((*raw)[3]);
    if (signer_name != name || h != key_hash) continue;
    if (!crypto::ed25519_verify(public_key, text, std::string_view(*raw).substr(4)))
      return fail("签名与密钥不符", "signature does not verify with the pinned key");
    found = true;
  }
  if (!found) return fail("没有该密钥的签名", "no signature by the pinned key " + name);
  return std::string(text);
}

std::string Checkpoint::body() const {
  return origin + "\n" + std::to_string(size) + "\n" + crypto::base64(crypto::as_bytes(root)) +
         "\n";
}

Result<Checkpoint> Checkpoint::parse(std::string_view text) {
  auto bad = [](std::string en) {
    return Status(Code::kDataLoss, "检查点格式错误：" + en, "malformed checkpoint: " + en);
  };
  if (text.empty() || text.back() != '\n') return bad("does not end in a newline");
  auto lines = split(text.substr(0, text.size() - 1), '\n');
  if (lines.size() < 3) return bad("fewer than three lines");
  Checkpoint c;
  c.origin = std::string(lines[0]);
  if (c.origin.empty()) return bad("empty origin");
  auto sz = lines[1];
  if (sz.empty() || (sz.size() > 1 && sz[0] == '0')) return bad("bad tree size");
  auto r = std::from_chars(sz.data(), sz.data() + sz.size(), c.size);
  if (r.ec != std::errc() || r.ptr != sz.data() + sz.size()) return bad("bad tree size");
  auto root = crypto::unbase64(lines[2]);
  if (!root || root->size() != 32) return bad("bad root hash");
  std::copy(root->begin(), root->end(), c.root.begin());
  return c;
}

}  // namespace sunlight::ledger
