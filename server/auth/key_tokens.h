// API key tokens: minting, hashing, and checking a request's Bearer token.
//
// A token is shaped like Twenty's JWT (header.payload.tail, base64url) so
// that integrations which read `workspaceId` out of it keep working, but it
// is not signed: the tail is 32 random bytes from libsodium, and the server
// stores only BLAKE2b(token) keyed with a per-data-dir secret. Checking a
// token is one keyed hash plus a hash-table lookup (pwhash would cost
// milliseconds on every request); the lookup is by a keyed hash, so timing
// reveals nothing about stored tokens, and the match is confirmed with
// sodium_memcmp.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "storage/key_store.h"
#include "common/status.h"

namespace vingt::server {

class KeyHasher {
 public:
  // Reads <data_dir>/secret.key, creating it (32 random bytes, mode 0600) if missing.
  static Result<KeyHasher> LoadOrCreate(const std::string& data_dir);
  std::array<uint8_t, 32> Hash(std::string_view token) const;

 private:
  std::array<uint8_t, 32> secret_{};
};

struct MintedKey {
  storage::ApiKey key;
  std::string token;  // shown once, never stored
};

// Builds a new key record and its token for `workspace_id` (not yet stored).
MintedKey MintApiKey(const KeyHasher& hasher, const storage::Uuid& workspace_id, std::string name,
                     int64_t now_ms, std::optional<int64_t> expires_at_ms);

// Checks a request's Authorization header against the stored keys. A
// refusal is Twenty's: kForbidden ("Missing authentication token", "This
// API Key is revoked") or kUnauthenticated ("No payload", "Token invalid.",
// "Token has expired."). Routes call AuthenticateCall (auth/authenticate.h).
Result<storage::ApiKey> Authenticate(const KeyHasher& hasher, const storage::KeyStore& keys,
                                     std::string_view authorization_header, int64_t now_ms);

}  // namespace vingt::server
