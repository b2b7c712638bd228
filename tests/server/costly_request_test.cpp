#include "server/costly_request.h"

#include <boost/test/unit_test.hpp>

#include <string>

using vingt::protocol::HttpRequest;
using vingt::server::LooksCostly;

namespace {

HttpRequest Request(std::string path, std::string query, std::string body) {
  HttpRequest r;
  r.path = std::move(path);
  r.query = std::move(query);
  r.body = std::move(body);
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(costly_request)

BOOST_AUTO_TEST_CASE(quick_requests_stay_on_their_io_thread) {
  BOOST_TEST(!LooksCostly(Request("/rest/people/1d6b3a9e-0000-4000-8000-000000000001", "", "")));
  BOOST_TEST(!LooksCostly(Request("/rest/people", "filter=city%5Beq%5D%3AParis&limit=60", "")));
  BOOST_TEST(!LooksCostly(Request("/rest/people", "", R"({"name":{"firstName":"Ada"}})")));
  BOOST_TEST(!LooksCostly(Request("/graphql", "", R"({"query":"{ people(filter: {city: {eq: \"Paris\"}}) { totalCount } }"})")));
}

BOOST_AUTO_TEST_CASE(pattern_filters_and_long_requests_move_to_the_compute_pool) {
  BOOST_TEST(LooksCostly(Request("/rest/people", "filter=city%5Bilike%5D%3A%25par%25", "")));
  BOOST_TEST(LooksCostly(Request("/rest/people", "filter=city[like]:%25par%25", "")));
  BOOST_TEST(LooksCostly(Request("/graphql", "", R"({"query":"{ people(filter: {jobTitle: {regex: \"a+\"}}) { totalCount } }"})")));
  BOOST_TEST(LooksCostly(Request("/graphql", "", R"({"query":"{ people(filter: {city: {ilike: \"%par%\"}}) { totalCount } }"})")));
  BOOST_TEST(LooksCostly(Request("/graphql", "", R"({"query":"{ people(filter: {tags: {containsIlike: [\"%a%\"]}}) { totalCount } }"})")));
  BOOST_TEST(LooksCostly(Request("/rest/people", "filter=and(" + std::string(3000, 'x') + ")", "")));
  BOOST_TEST(LooksCostly(Request("/graphql", "", std::string(9000, ' '))));
}

BOOST_AUTO_TEST_SUITE_END()
