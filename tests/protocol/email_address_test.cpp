#include "protocol/email_address.h"

#include <boost/test/unit_test.hpp>

namespace vingt::protocol {
namespace {

BOOST_AUTO_TEST_CASE(CanonicalizeEmailHelper) {
  BOOST_TEST(CanonicalizeEmail("Ada@Example.COM") == "ada@example.com");
  BOOST_TEST(CanonicalizeEmail("ada@example.com...") == "ada@example.com");
  BOOST_TEST(CanonicalizeEmail("NoAt") == "noat");
  BOOST_TEST(CanonicalizeEmail("@Example.com") == "@example.com");
  BOOST_TEST(CanonicalizeEmail("a@b/c.") == "a@b/c.");  // not a host: only lower-cased
}

}  // namespace
}  // namespace vingt::protocol
