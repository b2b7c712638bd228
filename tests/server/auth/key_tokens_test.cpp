#include "server/auth/key_tokens.h"

#include <sodium.h>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "protocol/base64.h"
#include "server/api_errors.h"

using namespace vingt;
using namespace vingt::server;

namespace {

struct AuthFixture {
  std::string dir;
  AuthFixture() {
    BOOST_REQUIRE(sodium_init() >= 0);
    char tmpl[] = "/tmp/vingt-auth-XXXXXX";
    dir = mkdtemp(tmpl);
  }
  ~AuthFixture() { std::filesystem::remove_all(dir); }
  KeyHasher Hasher() {
    auto h = KeyHasher::LoadOrCreate(dir);
    BOOST_REQUIRE(h.ok());
    return *h;
  }
};

constexpr int64_t kNow = 1'800'000'000'000;

}  // namespace

BOOST_FIXTURE_TEST_SUITE(auth, AuthFixture)

BOOST_AUTO_TEST_CASE(secret_is_created_once_private_and_reused) {
  KeyHasher a = Hasher();
  struct stat st;
  BOOST_REQUIRE(::stat((dir + "/secret.key").c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600);
  BOOST_TEST(st.st_size == 32);
  KeyHasher b = Hasher();
  BOOST_TEST((a.Hash("token") == b.Hash("token")));
  BOOST_TEST((a.Hash("token") != a.Hash("token2")));
}

BOOST_AUTO_TEST_CASE(different_data_dirs_hash_differently) {
  KeyHasher a = Hasher();
  AuthFixture other;
  KeyHasher b = other.Hasher();
  BOOST_TEST((a.Hash("same token") != b.Hash("same token")));
}

BOOST_AUTO_TEST_CASE(minted_token_verifies_and_carries_the_workspace) {
  KeyHasher h = Hasher();
  storage::KeyStore keys(nullptr);
  storage::Uuid ws = storage::Uuid::Random();
  MintedKey m = MintApiKey(h, ws, "ci", kNow, std::nullopt);
  BOOST_REQUIRE(keys.Put(m.key).ok());
  Result<storage::ApiKey> r = Authenticate(h, keys, "Bearer " + m.token, kNow);
  BOOST_TEST(r.ok());
  BOOST_TEST((r->workspace_id == ws));
  // The middle part decodes to a JWT-like payload naming the workspace.
  size_t a = m.token.find('.'), b = m.token.find('.', a + 1);
  auto payload = protocol::Base64Decode(m.token.substr(a + 1, b - a - 1));
  BOOST_REQUIRE(payload.has_value());
  BOOST_TEST(payload->find("\"workspaceId\":\"" + ws.ToString() + "\"") != std::string::npos);
  // Two keys never share a token.
  MintedKey m2 = MintApiKey(h, ws, "ci", kNow, std::nullopt);
  BOOST_TEST(m.token != m2.token);
}

BOOST_AUTO_TEST_CASE(failures_have_twentys_status_and_message) {
  KeyHasher h = Hasher();
  storage::KeyStore keys(nullptr);
  storage::Uuid ws = storage::Uuid::Random();
  MintedKey live = MintApiKey(h, ws, "live", kNow, std::nullopt);
  MintedKey expired = MintApiKey(h, ws, "old", kNow - 10, kNow - 1);
  MintedKey revoked = MintApiKey(h, ws, "gone", kNow, std::nullopt);
  revoked.key.revoked_at_ms = kNow - 5;
  for (auto* m : {&live, &expired, &revoked}) BOOST_REQUIRE(keys.Put(m->key).ok());

  struct Case {
    std::string header;
    int status;
    const char* error;
    const char* message;
  } cases[] = {
      {"", 403, "FORBIDDEN_EXCEPTION", "Missing authentication token"},
      {"Bearer ", 403, "FORBIDDEN_EXCEPTION", "Missing authentication token"},
      {"Bearer invalid-token", 401, "UNAUTHENTICATED", "No payload"},
      {"Basic abc", 403, "FORBIDDEN_EXCEPTION", "Missing authentication token"},
      {"Bearer " + live.token + "x", 401, "UNAUTHENTICATED", "Token invalid."},
      {"Bearer " + expired.token, 401, "UNAUTHENTICATED", "Token has expired."},
      {"Bearer " + revoked.token, 403, "FORBIDDEN_EXCEPTION", "This API Key is revoked"},
  };
  for (const auto& c : cases) {
    Result<storage::ApiKey> r = Authenticate(h, keys, c.header, kNow);
    BOOST_TEST(!r.ok(), c.header);
    const ErrorClass wire = ClassifyError(r.status());
    BOOST_TEST(wire.http_status == c.status, c.header);
    BOOST_TEST(wire.rest_error == c.error, c.header);
    BOOST_TEST(r.status().message() == c.message, c.header);
  }
  BOOST_TEST(Authenticate(h, keys, "bearer " + live.token, kNow).ok());  // scheme is case-insensitive
}

BOOST_AUTO_TEST_CASE(revoking_takes_effect_on_the_next_check) {
  KeyHasher h = Hasher();
  storage::KeyStore keys(nullptr);
  MintedKey m = MintApiKey(h, storage::Uuid::Random(), "k", kNow, std::nullopt);
  BOOST_REQUIRE(keys.Put(m.key).ok());
  BOOST_TEST(Authenticate(h, keys, "Bearer " + m.token, kNow).ok());
  m.key.revoked_at_ms = kNow;
  BOOST_REQUIRE(keys.Put(m.key).ok());
  BOOST_TEST(ClassifyError(Authenticate(h, keys, "Bearer " + m.token, kNow).status()).http_status == 403);
}

BOOST_AUTO_TEST_SUITE_END()
