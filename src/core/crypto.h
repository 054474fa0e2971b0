// Thin wrappers over OpenSSL 3: SHA-256, randomness, Ed25519, base64 and hex.
//
// Everything that signs or hashes goes through here, so the rest of the code never sees an
// EVP_* call and the choice of primitives is visible in one place.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sunlight::crypto {

using Hash = std::array<uint8_t, 32>;

Hash sha256(std::string_view data);
// SHA-256 over the concatenation of two buffers (the Merkle node and leaf hashes).
Hash sha256(std::string_view a, std::string_view b);
std::string_view as_bytes(const Hash& h);

std::string random_bytes(size_t n);
// 32 random bytes for a commitment salt, served from a per-thread buffer that is refilled
// from the CSPRNG 4 KiB at a time (one RAND_bytes call per 128 salts).
std::string random_salt();

std::string hex(std::string_view bytes);
std::string hex(const Hash& h);
std::optional<std::string> unhex(std::string_view text);

std::string base64(std::string_view bytes);
std::optional<std::string> unbase64(std::string_view text);  // strict: padding required
std::string base64url(std::string_view bytes);               // no padding (JOSE)
std::optional<std::string> unbase64url(std::string_view text);

// An Ed25519 key pair held as its 32-byte seed and 32-byte public key.
struct Ed25519Key {
  std::string seed;
  std::string public_key;

  static Ed25519Key generate();
  static std::optional<Ed25519Key> from_seed(std::string_view seed);
  std::string sign(std::string_view message) const;  // 64-byte signature
};

bool ed25519_verify(std::string_view public_key, std::string_view message,
                    std::string_view signature);

// An ECDSA P-256 key for JOSE ES256 (RFC 7518 §3.4): signatures are the raw 64-byte R‖S,
// not DER. Kept as PKCS#8 PEM.
class P256Key {
 public:
  static P256Key generate();
  static std::optional<P256Key> from_pem(std::string_view pem);
  std::string pem() const;
  // The public point's coordinates, 32 bytes each (the JWK "x" and "y").
  const std::string& x() const { return x_; }
  const std::string& y() const { return y_; }
  std::string sign(std::string_view message) const;  // SHA-256, then raw R‖S

 private:
  std::string pem_, x_, y_;
};

bool es256_verify(std::string_view x, std::string_view y, std::string_view message,
                  std::string_view signature);

// Constant-time comparison of secrets.
bool equal_secret(std::string_view a, std::string_view b);

}  // namespace sunlight::crypto
