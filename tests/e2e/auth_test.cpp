// End-to-end tests of authentication (spec/auth-errors-limits.md §1, §5):
// the failure bodies, key expiry and revocation (offline through the CLI and
// online through /rest/metadata/apiKeys), the public health route and the
// data-dir lock between the CLI and a running server.
#include <algorithm>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/testutil/http_client.h"
#include "tests/testutil/server_process.h"

namespace vingt::testutil {
namespace {

struct AuthFixture {
  AuthFixture() {
    BOOST_REQUIRE_MESSAGE(server.Start(dir.path()), "server did not start:\n" << server.output());
    token = server.initial_token();
    BOOST_REQUIRE(!token.empty());
  }
  ~AuthFixture() {
    if (server.running()) {
      int code = server.Stop();
      BOOST_CHECK_MESSAGE(code == 0, "server exit code " << code << "\n" << server.output());
    }
  }

  // Stops the server (checking a clean exit), runs f with the data dir free,
  // then starts the server again on the same dir.
  template <typename F>
  void WithServerStopped(F&& f) {
    BOOST_REQUIRE_EQUAL(server.Stop(), 0);
    f();
    BOOST_REQUIRE_MESSAGE(server.Start(dir.path()), "server did not restart:\n" << server.output());
  }

  HttpResponse GetWith(const std::string& tok, const std::string& target = "/rest/people") {
    HttpClient c(server.port(), tok);
    return c.Get(target);
  }

  TempDir dir;
  ServerProcess server;
  std::string token;
};

// `vingt keys list`: the id of the key named `name`, or "".
std::string KeyIdByName(const std::string& data_dir, const std::string& name) {
  CommandResult r = RunVingt({"keys", "list", "--data-dir", data_dir});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::string trimmed = TrimLine(line);
    if (trimmed.size() > name.size() && trimmed.ends_with(" " + name)) return trimmed.substr(0, trimmed.find(' '));
  }
  return "";
}

std::string Base64Url(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
  return out;
}

bool ContainsIgnoreCase(std::string hay, std::string needle);

// The refusal must say why: the data dir is locked / in use by a server.
bool NamesTheLock(const std::string& message) {
  return ContainsIgnoreCase(message, "lock") || ContainsIgnoreCase(message, "in use");
}

bool ContainsIgnoreCase(std::string hay, std::string needle) {
  auto lower = [](std::string& s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  lower(hay);
  lower(needle);
  return hay.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(e2e_auth)

BOOST_FIXTURE_TEST_CASE(valid_key_is_accepted, AuthFixture) {
  HttpResponse r = GetWith(token);
  BOOST_TEST(r.status == 200, r.body);
  BOOST_TEST(Json(r.body).Int("/totalCount") == 0);
}

BOOST_FIXTURE_TEST_CASE(header_name_and_scheme_are_case_insensitive, AuthFixture) {
  // Twenty extracts the token with passport-jwt's fromAuthHeaderAsBearerToken,
  // which lower-cases the scheme; header names are case-insensitive in HTTP.
  HttpClient c(server.port());
  BOOST_TEST(c.Request("GET", "/rest/people", "", {{"authorization", "Bearer " + token}}).status == 200);
  BOOST_TEST(c.Request("GET", "/rest/people", "", {{"AUTHORIZATION", "bearer " + token}}).status == 200);
}

BOOST_FIXTURE_TEST_CASE(missing_token_is_403, AuthFixture) {
  const std::string msg = "Missing authentication token";
  BOOST_TEST(RestErrorMismatch(GetWith(""), 403, "FORBIDDEN_EXCEPTION", msg) == "");
  HttpClient c(server.port());
  BOOST_TEST(RestErrorMismatch(c.Post("/rest/people", R"({"city":"x"})"), 403, "FORBIDDEN_EXCEPTION", msg) == "");
  BOOST_TEST(RestErrorMismatch(c.Request("GET", "/rest/people", "", {{"Authorization", "Bearer "}}), 403,
                               "FORBIDDEN_EXCEPTION", msg) == "");
  // Nothing was written by the refused create.
  BOOST_TEST(Json(GetWith(token).body).Int("/totalCount") == 0);
}

BOOST_FIXTURE_TEST_CASE(undecodable_token_is_401_no_payload, AuthFixture) {
  BOOST_TEST(RestErrorMismatch(GetWith("invalid-token"), 401, "UNAUTHENTICATED", "No payload") == "");
  BOOST_TEST(RestErrorMismatch(GetWith("invalid-token", "/rest/people/00000000-0000-4000-8000-000000000000"), 401,
                               "UNAUTHENTICATED", "No payload") == "");
}

BOOST_FIXTURE_TEST_CASE(unknown_jwt_is_401_token_invalid, AuthFixture) {
  std::string jwt = Base64Url(R"({"alg":"HS256","typ":"JWT"})") + "." +
                    Base64Url(R"({"sub":"6f1c2a5e-0000-4000-8000-000000000001","type":"API_KEY",)"
                              R"("workspaceId":"6f1c2a5e-0000-4000-8000-000000000001",)"
                              R"("jti":"6f1c2a5e-0000-4000-8000-000000000002","iat":1700000000,"exp":4102444800})") +
                    "." + Base64Url("not-a-real-signature-0123456789abcdef");
  BOOST_TEST(RestErrorMismatch(GetWith(jwt), 401, "UNAUTHENTICATED", "Token invalid.") == "");
  // A valid key with one character changed is unknown too, not undecodable.
  std::string tampered = token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  HttpResponse r = GetWith(tampered);
  BOOST_TEST(r.status == 401, r.body);
  BOOST_TEST(Json(r.body).Str("/error") == "UNAUTHENTICATED");
}

BOOST_FIXTURE_TEST_CASE(expired_key_is_401, AuthFixture) {
  std::string expired, future;
  WithServerStopped([&] {
    expired = MintKey(dir.path(), {"--name", "old", "--expires-at", "2020-01-01T00:00:00.000Z"});
    future = MintKey(dir.path(), {"--name", "later", "--expires-at", "2099-01-01T00:00:00.000Z"});
  });
  BOOST_TEST_REQUIRE(!expired.empty());
  BOOST_TEST(RestErrorMismatch(GetWith(expired), 401, "UNAUTHENTICATED", "Token has expired.") == "");
  BOOST_TEST(GetWith(future).status == 200);
}

BOOST_FIXTURE_TEST_CASE(key_revoked_offline_is_403, AuthFixture) {
  std::string doomed, id;
  WithServerStopped([&] {
    doomed = MintKey(dir.path(), {"--name", "doomed"});
    BOOST_TEST_REQUIRE(!doomed.empty());
    id = KeyIdByName(dir.path(), "doomed");
    BOOST_TEST_REQUIRE(!id.empty());
  });
  BOOST_TEST(GetWith(doomed).status == 200);
  WithServerStopped([&] {
    CommandResult r = RunVingt({"keys", "revoke", id, "--data-dir", dir.path()});
    BOOST_TEST(r.exit_code == 0, r.err);
  });
  BOOST_TEST(RestErrorMismatch(GetWith(doomed), 403, "FORBIDDEN_EXCEPTION", "This API Key is revoked") == "");
  // The other key is untouched.
  BOOST_TEST(GetWith(token).status == 200);
}

BOOST_FIXTURE_TEST_CASE(key_revoked_through_the_api_is_refused_at_once, AuthFixture) {
  HttpClient admin(server.port(), token);
  HttpResponse created =
      admin.Post("/rest/metadata/apiKeys", R"({"name":"temporary","expiresAt":"2099-01-01T00:00:00.000Z"})");
  if (created.status == 404) {
    BOOST_TEST_MESSAGE("SKIPPED: /rest/metadata/apiKeys is not served yet; online revocation not tested");
    return;
  }
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  Json k(created.body);
  std::string id = k.Str("/id");
  std::string temp = k.Str("/token");
  BOOST_TEST(k.Str("/name") == "temporary");
  BOOST_TEST(k.IsNull("/revokedAt"));
  BOOST_TEST_REQUIRE(!temp.empty());

  // The new key works at once, on a connection kept open across the revoke.
  HttpClient user(server.port(), temp);
  BOOST_TEST_REQUIRE(user.Get("/rest/people").status == 200);
  Json listed(admin.Get("/rest/metadata/apiKeys").body);
  bool found = false;
  for (int64_t i = 0; i < listed.Size(""); ++i) found |= listed.Str("/" + std::to_string(i) + "/id") == id;
  BOOST_TEST(found, listed.text());

  HttpResponse revoked = admin.Delete("/rest/metadata/apiKeys/" + id);
  BOOST_TEST_REQUIRE(revoked.status == 200, revoked.body);
  BOOST_TEST(!Json(revoked.body).IsNull("/revokedAt"), revoked.body);

  int connects = user.connect_count();
  BOOST_TEST(RestErrorMismatch(user.Get("/rest/people"), 403, "FORBIDDEN_EXCEPTION", "This API Key is revoked") ==
             "");
  BOOST_TEST(user.connect_count() == connects);  // same keep-alive connection
  BOOST_TEST(RestErrorMismatch(GetWith(temp), 403, "FORBIDDEN_EXCEPTION", "This API Key is revoked") == "");
  BOOST_TEST(RestErrorMismatch(user.Post("/rest/people", R"({"city":"x"})"), 403, "FORBIDDEN_EXCEPTION",
                               "This API Key is revoked") == "");
  // Revoked keys leave the list; the admin key still works.
  Json after(admin.Get("/rest/metadata/apiKeys").body);
  for (int64_t i = 0; i < after.Size(""); ++i) BOOST_TEST(after.Str("/" + std::to_string(i) + "/id") != id);
  BOOST_TEST(Json(admin.Get("/rest/people").body).Int("/totalCount") == 0);

  // The revocation is durable.
  BOOST_REQUIRE_EQUAL(server.Stop(), 0);
  BOOST_REQUIRE(server.Start(dir.path()));
  BOOST_TEST(RestErrorMismatch(GetWith(temp), 403, "FORBIDDEN_EXCEPTION", "This API Key is revoked") == "");
  BOOST_TEST(GetWith(token).status == 200);
}

BOOST_FIXTURE_TEST_CASE(healthz_needs_no_key, AuthFixture) {
  HttpClient c(server.port());
  HttpResponse r = c.Get("/healthz");
  BOOST_TEST(r.status == 200);
  BOOST_TEST(r.body == R"({"status":"ok","info":{},"error":{},"details":{}})");
  c.SetToken("invalid-token");
  BOOST_TEST(c.Get("/healthz").status == 200);
}

BOOST_FIXTURE_TEST_CASE(cli_refuses_while_a_server_holds_the_data_dir, AuthFixture) {
  CommandResult create = RunVingt({"keys", "create", "--data-dir", dir.path()});
  BOOST_TEST(create.exit_code == 1);
  BOOST_TEST(create.out == "");
  BOOST_TEST(NamesTheLock(create.err), create.err);
  CommandResult list = RunVingt({"keys", "list", "--data-dir", dir.path()});
  BOOST_TEST(list.exit_code == 1);
  BOOST_TEST(NamesTheLock(list.err), list.err);
  // A second server on the same dir refuses as well.
  ServerProcess second;
  BOOST_TEST(!second.Start(dir.path(), {}, 5000));
  BOOST_TEST(NamesTheLock(second.output()), second.output());
  // The running server is unaffected.
  BOOST_TEST(GetWith(token).status == 200);
}

BOOST_AUTO_TEST_CASE(cli_basics) {
  CommandResult help = RunVingt({"--help"});
  BOOST_TEST(help.exit_code == 0);
  BOOST_TEST(help.out.find("serve") != std::string::npos);
  CommandResult version = RunVingt({"--version"});
  BOOST_TEST(version.exit_code == 0);
  BOOST_TEST(version.out.find("0.1.0") != std::string::npos);

  TempDir dir;
  CommandResult created = RunVingt({"keys", "create", "--data-dir", dir.path(), "--name", "ci"});
  BOOST_TEST_REQUIRE(created.exit_code == 0, created.err);
  std::string tok = TrimLine(created.out);
  BOOST_TEST(!tok.empty());
  BOOST_TEST(tok.find('\n') == std::string::npos);  // only the token on stdout
  BOOST_TEST(!KeyIdByName(dir.path(), "ci").empty());

  // A server on a dir that already has a key prints no new key, and the
  // CLI-made key works against it.
  ServerProcess server;
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path()), server.output());
  BOOST_TEST(server.initial_token() == "");
  HttpClient c(server.port(), tok);
  BOOST_TEST(c.Get("/rest/people").status == 200);
  BOOST_TEST(server.Stop() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil
