#include "protocol/link_url.h"

#include <boost/test/unit_test.hpp>

namespace vingt::protocol {
namespace {

BOOST_AUTO_TEST_CASE(NormalizeLinkUrlHelper) {
  BOOST_TEST(NormalizeLinkUrl("https://acme.com/") == "https://acme.com");
  BOOST_TEST(NormalizeLinkUrl("https://acme.com//") == "https://acme.com/");
  BOOST_TEST(NormalizeLinkUrl("HTTP://Acme.COM:80/A/") == "http://acme.com/A");
  BOOST_TEST(NormalizeLinkUrl("https://acme.com:8443") == "https://acme.com:8443");
  BOOST_TEST(NormalizeLinkUrl("mailto:Ada@X.com/") == "mailto:Ada@X.com/");
  BOOST_TEST(NormalizeLinkUrl("https://") == "https://");
}

}  // namespace
}  // namespace vingt::protocol
