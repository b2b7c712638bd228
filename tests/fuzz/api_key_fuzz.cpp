// Fuzz target: reading a request's credentials (server/auth/authenticate.h,
// server/auth/admin_token.h): the Authorization header of every request,
// from anyone.
//
// The input is the header's value; each "KEY" in it becomes the workspace's
// real key token and each "ADMIN" the admin token, so near misses (a key
// with a byte more or less, another scheme, odd spacing, a key twice) are
// tried, not only random bytes. Properties: a header is accepted only if it
// holds the real key, and then names the key's own workspace; the admin
// token matches only a header that holds it.
#include <cstdint>
#include <string>
#include <string_view>

#include "server/auth/authenticate.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/in_process_server.h"

using namespace vingt;

namespace {

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::SharedServer();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string token = fuzz::SharedServer().authorization().substr(std::string_view("Bearer ").size());
  std::string header(reinterpret_cast<const char*>(data), size);
  header = ReplaceAll(std::move(header), "KEY", token);
  header = ReplaceAll(std::move(header), "ADMIN", fuzz::kAdminToken);

  server::CallContext call;
  Status status = server::AuthenticateCall(fuzz::SharedServer().state(), header, &call);
  if (status.ok()) {
    FUZZ_CHECK(header.find(token) != std::string::npos, "accepted without the key: " + header);
    FUZZ_CHECK(call.workspace == &fuzz::SharedServer().workspace(), "accepted for another workspace: " + header);
  } else {
    FUZZ_CHECK(call.workspace == nullptr, "a refused call got a workspace");
  }
  if (fuzz::SharedServer().state().admin_token.Matches(header))
    FUZZ_CHECK(header.find(fuzz::kAdminToken) != std::string::npos, "admin without the token: " + header);
  return 0;
}
