// C2SP signed-note with Ed25519 signatures, and C2SP tlog-checkpoint bodies.
//
//   key hash   = SHA-256(name || "\n" || 0x01 || public key)[:4]
//   verifier   = <name>+<key hash, 8 hex digits>+<base64(0x01 || public key)>
//   signer key = PRIVATE+KEY+<name>+<key hash>+<base64(0x01 || seed)>
//   note       = <text, ending in "\n"> "\n" { "— " <name> " " base64(key hash || sig) "\n" }
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/crypto.h"
#include "core/status.h"

namespace sunlight::ledger {

class NoteSigner {
 public:
  NoteSigner(std::string name, crypto::Ed25519Key key);
  // Parses "PRIVATE+KEY+name+hash+base64".
  static Result<NoteSigner> parse(std::string_view skey);
  static NoteSigner generate(std::string name);

  const std::string& name() const { return name_; }
  uint32_t key_hash() const { return key_hash_; }
  std::string private_key_string() const;
  std::string verifier_key() const;
  // Signs `text` (which must end in a newline) and returns the whole note.
  std::string sign(std::string_view text) const;

 private:
  std::string name_;
  crypto::Ed25519Key key_;
  uint32_t key_hash_;
};

struct NoteVerifier {
  std::string name;
  uint32_t key_hash = 0;
  std::string public_key;

  static Result<NoteVerifier> parse(std::string_view vkey);
  // Returns the note text when the note carries a valid signature by this key; other
  // signature lines (from witnesses, say) are ignored.
  Result<std::string> open(std::string_view note) const;
};

bool valid_key_name(std::string_view name);
uint32_t ed25519_key_hash(std::string_view name, std::string_view public_key);

// A checkpoint body per C2SP tlog-checkpoint.
struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  crypto::Hash root{};

  std::string body() const;  // "origin\nsize\nbase64(root)\n"
  static Result<Checkpoint> parse(std::string_view text);
};

}  // namespace sunlight::ledger
