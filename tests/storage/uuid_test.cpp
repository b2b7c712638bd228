#include "storage/uuid.h"

#include <boost/test/unit_test.hpp>

#include <string>

namespace vingt::storage {

BOOST_AUTO_TEST_SUITE(uuid)

// The canonical text: lower-case hex, dashes after bytes 4, 6, 8 and 10.
BOOST_AUTO_TEST_CASE(TextIsCanonicalAndAppendsAfterWhatIsThere) {
  Uuid u;
  for (int i = 0; i < 16; ++i) u.bytes[i] = static_cast<uint8_t>(i * 17);  // 00 11 22 ... ff
  BOOST_TEST(u.ToString() == "00112233-4455-6677-8899-aabbccddeeff");
  std::string out = "id=";
  u.AppendTo(&out);
  u.AppendTo(&out);
  BOOST_TEST(out == "id=00112233-4455-6677-8899-aabbccddeeff00112233-4455-6677-8899-aabbccddeeff");
}

BOOST_AUTO_TEST_CASE(TextRoundTrips) {
  for (int i = 0; i < 1000; ++i) {
    const Uuid u = Uuid::Random();
    const auto back = Uuid::Parse(u.ToString());
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST((*back == u));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::storage
