// The server-wide admin token: it opens the admin routes (/admin/...) and
// /metrics, never a workspace's data. Compared in constant time: the stored
// token and the presented one are both hashed with a random per-process
// key (BLAKE2b) and the digests compared with sodium_memcmp, so neither the
// content nor the length of the token leaks through timing. The token
// itself is not kept, and never logged.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace vingt::server {

class AdminToken {
 public:
  AdminToken() = default;  // none: the admin routes do not exist
  explicit AdminToken(std::string_view token);

  bool set() const { return set_; }
  // Whether an Authorization header is "Bearer <the token>".
  bool Matches(std::string_view authorization) const;

 private:
  std::array<uint8_t, 32> Digest(std::string_view token) const;

  bool set_ = false;
  std::array<uint8_t, 32> key_{};
  std::array<uint8_t, 32> digest_{};
};

}  // namespace vingt::server
