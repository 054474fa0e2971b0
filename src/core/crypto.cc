#include "core/crypto.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace sunlight::crypto {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

const unsigned char* u8(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

namespace {

// OpenSSL 3 fetches algorithm implementations by name; do it once, and keep one digest
// context per thread, so hashing a leaf costs no allocation.
const EVP_MD* sha256_md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

EVP_MD_CTX* thread_ctx() {
  thread_local MdCtx ctx(EVP_MD_CTX_new());
  return ctx.get();
}

}  // namespace

Hash sha256(std::string_view a, std::string_view b) {
  EVP_MD_CTX* ctx = thread_ctx();
  Hash h;
  unsigned int len = 0;
  if (EVP_DigestInit_ex2(ctx, sha256_md(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx, a.data(), a.size()) != 1 ||
      EVP_DigestUpdate(ctx, b.data(), b.size()) != 1 ||
      EVP_DigestFinal_ex(ctx, h.data(), &len) != 1)
    throw std::runtime_error("SHA-256 failed");
  return h;
}

Hash sha256(std::string_view data) { return sha256(data, std::string_view()); }

std::string_view as_bytes(const Hash& h) {
  return {reinterpret_cast<const char*>(h.data()), h.size()};
}

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return out;
}

std::string random_salt() {
  constexpr size_t kSalt = 32, kPool = 4096;
  thread_local std::string pool;
  thread_local size_t used = kPool;
  if (used + kSalt > pool.size()) {
    pool = random_bytes(kPool);
    used = 0;
  }
  std::string salt = pool.substr(used, kSalt);
  // Never hand out the same bytes twice.
  std::fill(pool.begin() + static_cast<long>(used), pool.begin() + static_cast<long>(used + kSalt),
            '\0');
  used += kSalt;
  return salt;
}

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kDigits[c >> 4];
    out[2 * i + 1] = kDigits[c & 0xF];
  }
  return out;
}

std::string hex(const Hash& h) { return hex(as_bytes(h)); }

std::optional<std::string> unhex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    int hi = hex_value(text[i]), lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), u8(bytes),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> unbase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '/' || c == '=';
    if (!ok) return std::nullopt;
  }
  std::string out(3 * text.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), u8(text),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts padding as zero bytes; drop them.
  size_t pad = 0;
  if (!text.empty() && text.back() == '=') ++pad;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  // Reject non-canonical encodings by re-encoding.
  if (base64(out) != text) return std::nullopt;
  return out;
}

std::string base64url(std::string_view bytes) {
  std::string s = base64(bytes);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (char& c : s) {
    if (c == '+')
      c = '-';
    else if (c == '/')
      c = '_';
  }
  return s;
}

std::optional<std::string> unbase64url(std::string_view text) {
  std::string s(text);
  for (char& c : s) {
    if (c == '-')
      c = '+';
    else if (c == '_')
      c = '/';
    else if (c == '+' || c == '/' || c == '=')
      return std::nullopt;
  }
  while (s.size() % 4 != 0) s.push_back('=');
  return unbase64(s);
}

Ed25519Key Ed25519Key::generate() {
  auto key = from_seed(random_bytes(32));
  if (!key) throw std::runtime_error("Ed25519 key generation failed");
  return *key;
}

std::optional<Ed25519Key> Ed25519Key::from_seed(std::string_view seed) {
  if (seed.size() != 32) return std::nullopt;
  Pkey pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, u8(seed), seed.size()));
  if (!pkey) return std::nullopt;
  std::string pub(32, '\0');
  size_t len = pub.size();
  if (EVP_PKEY_get_raw_public_key(pkey.get(), reinterpret_cast<unsigned char*>(pub.data()), &len) !=
          1 ||
      len != 32)
    return std::nullopt;
  return Ed25519Key{std::string(seed), pub};
}

std::string Ed25519Key::sign(std::string_view message) const {
  Pkey pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, u8(seed), seed.size()));
  MdCtx ctx(EVP_MD_CTX_new());
  std::string sig(64, '\0');
  size_t len = sig.size();
  if (!pkey || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, u8(message),
                     message.size()) != 1)
    throw std::runtime_error("Ed25519 signing failed");
  return sig;
}

bool ed25519_verify(std::string_view public_key, std::string_view message,
                    std::string_view signature) {
  if (public_key.size() != 32 || signature.size() != 64) return false;
  Pkey pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, u8(public_key), 32));
  MdCtx ctx(EVP_MD_CTX_new());
  if (!pkey || !ctx) return false;
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), u8(signature), signature.size(), u8(message),
                          message.size()) == 1;
}

bool equal_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sunlight::crypto

// --- ES256 (ECDSA P-256 with SHA-256, raw R‖S signatures) ------------------------------------

namespace sunlight::crypto {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct SigFree {
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};
struct BldFree {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
using P256Pkey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

P256Pkey read_pem(std::string_view pem) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return P256Pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr,
                  EVP_PKEY_free);
}

bool is_p256(EVP_PKEY* pkey) {
  char group[64] = {0};
  size_t len = 0;
  return EVP_PKEY_is_a(pkey, "EC") &&
         EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                        &len) == 1 &&
         std::string_view(group, len) == "prime256v1";
}

}  // namespace

P256Key P256Key::generate() {
  P256Pkey pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free);
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!pkey || !bio ||
      PEM_write_bio_PrivateKey(bio.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    throw std::runtime_error("P-256 key generation failed");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  auto key = from_pem(std::string_view(data, static_cast<size_t>(len)));
  if (!key) throw std::runtime_error("P-256 key generation failed");
  return *key;
}

std::optional<P256Key> P256Key::from_pem(std::string_view pem) {
  auto pkey = read_pem(pem);
  if (!pkey || !is_p256(pkey.get())) return std::nullopt;
  unsigned char point[65];
  size_t len = 0;
  if (EVP_PKEY_get_octet_string_param(pkey.get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point,
                                      &len) != 1 ||
      len != 65 || point[0] != 0x04)
    return std::nullopt;
  P256Key key;
  key.pem_ = std::string(pem);
  key.x_.assign(reinterpret_cast<const char*>(point + 1), 32);
  key.y_.assign(reinterpret_cast<const char*>(point + 33), 32);
  return key;
}

std::string P256Key::pem() const { return pem_; }

std::string P256Key::sign(std::string_view message) const {
  auto pkey = read_pem(pem_);
  MdCtx ctx(EVP_MD_CTX_new());
  size_t len = 0;
  if (!pkey || !ctx ||
      EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, u8(message), message.size()) != 1)
    throw std::runtime_error("ES256 signing failed");
  std::string der(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &len, u8(message),
                     message.size()) != 1)
    throw std::runtime_error("ES256 signing failed");
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, SigFree> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(len)));
  if (!sig) throw std::runtime_error("ES256 signing failed");
  std::string raw(64, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, 32) != 32 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + 32, 32) != 32)
    throw std::runtime_error("ES256 signing failed");
  return raw;
}

bool es256_verify(std::string_view x, std::string_view y, std::string_view message,
                  std::string_view signature) {
  if (x.size() != 32 || y.size() != 32 || signature.size() != 64) return false;
  std::string point = "\x04" + std::string(x) + std::string(y);
  std::unique_ptr<OSSL_PARAM_BLD, BldFree> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
          1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1)
    return false;
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> pctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw_pkey = nullptr;
  if (!params || !pctx || EVP_PKEY_fromdata_init(pctx.get()) != 1 ||
      EVP_PKEY_fromdata(pctx.get(), &raw_pkey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
    return false;
  P256Pkey pkey(raw_pkey, EVP_PKEY_free);
  std::unique_ptr<ECDSA_SIG, SigFree> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(u8(signature.substr(0, 32)), 32, nullptr);
  BIGNUM* s = BN_bin2bn(u8(signature.substr(32)), 32, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return false;
  }
  unsigned char* der = nullptr;
  int der_len = i2d_ECDSA_SIG(sig.get(), &der);
  if (der_len <= 0) return false;
  std::unique_ptr<unsigned char, void (*)(unsigned char*)> der_owner(
      der, [](unsigned char* d) { OPENSSL_free(d); });
  MdCtx ctx(EVP_MD_CTX_new());
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), der, static_cast<size_t>(der_len), u8(message),
                          message.size()) == 1;
}

}  // namespace sunlight::crypto
