#include "server/auth/key_tokens.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "protocol/base64.h"

namespace vingt::server {
namespace {



// True if `token` has the three-part shape of a JWT with a decodable JSON
// payload: Twenty answers "Token invalid." for those and "No payload" for
// anything it cannot decode at all.
bool LooksLikeJwt(std::string_view token) {
  size_t a = token.find('.');
  if (a == std::string_view::npos) return false;
  size_t b = token.find('.', a + 1);
  if (b == std::string_view::npos || token.find('.', b + 1) != std::string_view::npos) return false;
  auto payload = protocol::Base64Decode(token.substr(a + 1, b - a - 1));
  return payload && !payload->empty() && payload->front() == '{';
}

}  // namespace

Result<KeyHasher> KeyHasher::LoadOrCreate(const std::string& data_dir) {
  KeyHasher h;
  std::string path = data_dir + "/secret.key";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ssize_t n = ::read(fd, h.secret_.data(), h.secret_.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(h.secret_.size())) return Status::Corruption(path + " is not a 32-byte secret");
    return h;
  }
  if (errno != ENOENT) return Status::IOError("open " + path + ": " + std::strerror(errno));
  randombytes_buf(h.secret_.data(), h.secret_.size());
  std::string tmp = path + ".tmp";
  fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IOError("create " + tmp + ": " + std::strerror(errno));
  bool ok = ::write(fd, h.secret_.data(), h.secret_.size()) == static_cast<ssize_t>(h.secret_.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) return Status::IOError("write " + path + ": " + std::strerror(errno));
  int dir = ::open(data_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return h;
}

std::array<uint8_t, 32> KeyHasher::Hash(std::string_view token) const {
  std::array<uint8_t, 32> out;
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     secret_.data(), secret_.size());
  return out;
}

MintedKey MintApiKey(const KeyHasher& hasher, const storage::Uuid& workspace_id, std::string name, int64_t now_ms,
                     std::optional<int64_t> expires_at_ms) {
  MintedKey m;
  m.key.id = storage::Uuid::Random();
  m.key.workspace_id = workspace_id;
  m.key.name = std::move(name);
  m.key.created_at_ms = m.key.updated_at_ms = now_ms;
  m.key.expires_at_ms = expires_at_ms;

  std::string ws = workspace_id.ToString();
  std::string payload = "{\"sub\":\"" + ws + "\",\"type\":\"API_KEY\",\"workspaceId\":\"" + ws + "\",\"jti\":\"" +
                        m.key.id.ToString() + "\",\"iat\":" + std::to_string(now_ms / 1000);
  if (expires_at_ms) payload += ",\"exp\":" + std::to_string(*expires_at_ms / 1000);
  payload += "}";
  unsigned char tail[32];
  randombytes_buf(tail, sizeof tail);
  m.token = protocol::Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." + protocol::Base64UrlEncode(payload) +
            "." + protocol::Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(tail), sizeof tail));
  m.key.hash = hasher.Hash(m.token);
  return m;
}

Result<storage::ApiKey> Authenticate(const KeyHasher& hasher, const storage::KeyStore& keys,
                                     std::string_view header, int64_t now_ms) {
  std::string_view token;
  if (header.size() >= 7 && strncasecmp(header.data(), "Bearer ", 7) == 0) token = header.substr(7);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return Status::Forbidden("Missing authentication token");

  std::array<uint8_t, 32> hash = hasher.Hash(token);
  std::optional<storage::ApiKey> key = keys.FindByHash(hash);
  if (!key || sodium_memcmp(key->hash.data(), hash.data(), hash.size()) != 0) {
    if (!LooksLikeJwt(token)) return Status::Unauthenticated("No payload");
    return Status::Unauthenticated("Token invalid.");
  }
  if (key->revoked_at_ms) return Status::Forbidden("This API Key is revoked");
  if (key->expires_at_ms && *key->expires_at_ms <= now_ms) return Status::Unauthenticated("Token has expired.");
  return std::move(*key);
}

}  // namespace vingt::server
