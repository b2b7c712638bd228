// The route table is the one source of routing and of the OpenAPI paths:
// every path and method the documents list must route to the route that
// documents it, and every documented route must appear in its document.
#include "server/route_table.h"

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <string>

#include "server/openapi/core_document.h"
#include "server/openapi/metadata_document.h"
#include "storage/workspace.h"

using namespace vingt;
using namespace vingt::server;

namespace {

constexpr int64_t kNow = 1714557600000;

Router TableRouter() {
  Router router;
  std::span<const Route> table = RouteTable();
  for (size_t i = 0; i < table.size(); ++i) router.Add(table[i].method, table[i].pattern, static_cast<int>(i));
  return router;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Every operation of `document` (path -> methods), routed as a request
// under `prefix` would be: the route found must document that operation.
// Returns the operations seen, as "METHOD path".
std::set<std::string> CheckDocumentRoutes(const std::string& document, std::string_view prefix) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(document);
  Router router = TableRouter();
  std::span<const Route> table = RouteTable();
  std::set<std::string> seen;
  for (auto [path, item] : doc["paths"].get_object()) {
    if (path.find("open-api") != std::string_view::npos) continue;  // the document's own path
    std::string request_path(prefix);
    request_path += path;
    if (size_t at = request_path.find("{id}"); at != std::string::npos)
      request_path.replace(at, 4, "20202020-0000-4000-8000-000000000001");
    for (auto [method, operation] : item.get_object()) {
      if (method.starts_with("x-")) continue;
      std::optional<RouteMatch> match = router.Match(Upper(method), request_path);
      BOOST_TEST_REQUIRE(match.has_value(), method << " " << request_path);
      BOOST_TEST((table[match->route].openapi != OpenApiOperation::kNone), method << " " << request_path);
      seen.insert(Upper(method) + " " + std::string(path));
    }
  }
  return seen;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(route_table)

BOOST_AUTO_TEST_CASE(no_two_routes_share_a_method_and_pattern) {
  std::set<std::pair<std::string_view, std::string_view>> seen;
  for (const Route& route : RouteTable()) {
    BOOST_TEST(seen.insert({route.method, route.pattern}).second, route.method << " " << route.pattern);
    BOOST_TEST(route.handler != nullptr);
  }
}

BOOST_AUTO_TEST_CASE(every_route_is_found_by_its_own_pattern) {
  Router router = TableRouter();
  std::span<const Route> table = RouteTable();
  for (size_t i = 0; i < table.size(); ++i) {
    std::optional<RouteMatch> match = router.Match(table[i].method, table[i].pattern);
    BOOST_TEST_REQUIRE(match.has_value(), table[i].pattern);
    BOOST_TEST(match->route == static_cast<int>(i), table[i].method << " " << table[i].pattern);
  }
}

BOOST_AUTO_TEST_CASE(the_core_document_lists_exactly_the_documented_record_routes) {
  storage::Workspace ws{storage::Uuid::Random(), "Acme", kNow, nullptr, 4};
  const std::string document = openapi::CoreDocument(openapi::DocumentContext{}, ws);
  std::set<std::string> seen = CheckDocumentRoutes(document, "/rest");

  size_t documented = 0;
  for (const Route& route : RouteTable()) documented += InCoreDocument(route.openapi);
  BOOST_TEST(documented == 12u);
  BOOST_TEST(seen.size() == documented * ws.Objects().size());
  BOOST_TEST(seen.count("PATCH /restore/people/{id}") == 1u);  // Twenty's documented restore form
  BOOST_TEST(seen.count("PATCH /people/{id}/restore") == 0u);  // served, not documented
  BOOST_TEST(seen.count("PUT /people/{id}") == 0u);
}

BOOST_AUTO_TEST_CASE(the_metadata_document_lists_exactly_the_documented_metadata_routes) {
  const std::string document = openapi::MetadataDocument(openapi::DocumentContext{});
  std::set<std::string> seen = CheckDocumentRoutes(document, "/rest/metadata");
  size_t documented = 0;
  for (const Route& route : RouteTable()) documented += InMetadataDocument(route.openapi);
  BOOST_TEST(seen.size() == documented);
  BOOST_TEST(seen.count("GET /picklists") == 1u);
  BOOST_TEST(seen.count("DELETE /apiKeys/{id}") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
