#include "server/auth/admin_token.h"

#include <sodium.h>
#include <strings.h>

namespace vingt::server {

AdminToken::AdminToken(std::string_view token) : set_(!token.empty()) {
  randombytes_buf(key_.data(), key_.size());
  digest_ = Digest(token);
}

std::array<uint8_t, 32> AdminToken::Digest(std::string_view token) const {
  std::array<uint8_t, 32> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     key_.data(), key_.size());
  return out;
}

bool AdminToken::Matches(std::string_view authorization) const {
  if (!set_) return false;
  std::string_view token;
  if (authorization.size() >= 7 && strncasecmp(authorization.data(), "Bearer ", 7) == 0)
    token = authorization.substr(7);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  const std::array<uint8_t, 32> presented = Digest(token);
  return sodium_memcmp(presented.data(), digest_.data(), digest_.size()) == 0 && !token.empty();
}

}  // namespace vingt::server
