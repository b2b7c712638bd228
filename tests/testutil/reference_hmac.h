// HMAC-SHA256 as lower-case hex, computed with libsodium: the independent
// reference the webhook tests check vingt's signatures against (vingt signs
// through OpenSSL, server/webhooks/payload.h).
#pragma once

#include <sodium.h>

#include <string>

namespace vingt::testutil {

inline std::string ReferenceHmacSha256Hex(const std::string& key, const std::string& message) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&st, mac);
  char hex[2 * sizeof mac + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

}  // namespace vingt::testutil
