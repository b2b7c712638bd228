#include "protocol/rest_order_by.h"

#include <ostream>
#include <string>

// GCC 12 misreports -Wrestrict inside Boost.Test's data test-case naming
// (std::operator+ on strings; GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

namespace vingt::protocol {
namespace {

namespace bdata = boost::unit_test::data;

// One order_by string and either Twenty's orderBy argument for it (with the
// default id item appended, as Twenty's parser returns it) or the 400 message.
struct Case {
  std::string in;
  std::string json;
  std::string error;
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << '"' << c.in << '"'; }

std::string BadDirection(const std::string& d) {
  return "'order_by' direction '" + d +
         "' invalid. Allowed values are 'AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'. eg: "
         "?order_by=field_1[AscNullsFirst],field_2[DescNullsLast],field_3";
}

const Case kCases[] = {
    // spec/rest-core.md §6.
    {"position[DescNullsLast],name.lastName",
     R"([{"position":"DescNullsLast"},{"name":{"lastName":"AscNullsFirst"}},{"id":"AscNullsFirst"}])", ""},
    {"name.firstName[AscNullsLast]", R"([{"name":{"firstName":"AscNullsLast"}},{"id":"AscNullsFirst"}])", ""},
    {"amount.amountMicros[DescNullsLast]", R"([{"amount":{"amountMicros":"DescNullsLast"}},{"id":"AscNullsFirst"}])",
     ""},
    // Twenty's parse-order-by-rest-request spec.
    {"fieldNumber[AscNullsFirst],fieldText[DescNullsLast]",
     R"([{"fieldNumber":"AscNullsFirst"},{"fieldText":"DescNullsLast"},{"id":"AscNullsFirst"}])", ""},
    {"fieldNumber", R"([{"fieldNumber":"AscNullsFirst"},{"id":"AscNullsFirst"}])", ""},
    {"fieldCurrency.amountMicros", R"([{"fieldCurrency":{"amountMicros":"AscNullsFirst"}},{"id":"AscNullsFirst"}])",
     ""},
    {"fieldCurrency.amountMicros[DescNullsLast],fieldText.label[AscNullsLast]",
     R"([{"fieldCurrency":{"amountMicros":"DescNullsLast"}},{"fieldText":{"label":"AscNullsLast"}},{"id":"AscNullsFirst"}])",
     ""},
    {"fieldText[DescNullsFirst]", R"([{"fieldText":"DescNullsFirst"},{"id":"AscNullsFirst"}])", ""},
    // id given: nothing appended, wherever it is.
    {"id[DescNullsLast]", R"([{"id":"DescNullsLast"}])", ""},
    {"city,id", R"([{"city":"AscNullsFirst"},{"id":"AscNullsFirst"}])", ""},
    {"id.x", R"([{"id":{"x":"AscNullsFirst"}}])", ""},
    // Odd shapes, read as Twenty reads them.
    {"", R"([{"":"AscNullsFirst"},{"id":"AscNullsFirst"}])", ""},
    {"a,,b", R"([{"a":"AscNullsFirst"},{"":"AscNullsFirst"},{"b":"AscNullsFirst"},{"id":"AscNullsFirst"}])", ""},
    {"name[AscNullsFirst", R"([{"name[AscNullsFirst":"AscNullsFirst"},{"id":"AscNullsFirst"}])", ""},
    {"a[DescNullsFirst][x]", R"([{"a":"DescNullsFirst"},{"id":"AscNullsFirst"}])", ""},
    {"city[AscNullsLast],city", R"([{"city":"AscNullsLast"},{"city":"AscNullsFirst"},{"id":"AscNullsFirst"}])", ""},
    // Bad directions.
    {"fieldText[invalid]", "", BadDirection("invalid")},
    {"name[asc]", "", BadDirection("asc")},
    {"name[]", "", BadDirection("")},
    {"name[ascnullsfirst]", "", BadDirection("ascnullsfirst")},
    {"name[AscNullsLast]x", "", BadDirection("AscNullsLastx")},
    {"city,name[Desc]", "", BadDirection("Desc")},
};

BOOST_DATA_TEST_CASE(ParseRestOrderByCases, bdata::make(kCases), c) {
  RestOrderByParse p = ParseRestOrderBy(c.in);
  if (c.error.empty()) {
    BOOST_TEST_REQUIRE(p.ok(), p.error);
    AppendDefaultIdOrder(&p.items);
    BOOST_TEST(RestOrderByToJson(p.items) == c.json);
  } else {
    BOOST_TEST(p.error == c.error);
    BOOST_TEST(p.items.empty());
  }
}

BOOST_AUTO_TEST_CASE(ItemsCarryPathAndDirection) {
  RestOrderByParse p = ParseRestOrderBy("name.lastName[DescNullsLast],createdAt");
  BOOST_TEST_REQUIRE(p.ok());
  BOOST_TEST_REQUIRE(p.items.size() == 2u);
  BOOST_TEST((p.items[0].path == std::vector<std::string>{"name", "lastName"}));
  BOOST_TEST((p.items[0].direction == OrderDirection::kDescNullsLast));
  BOOST_TEST(IsDescending(p.items[0].direction));
  BOOST_TEST(!NullsFirst(p.items[0].direction));
  BOOST_TEST((p.items[1].path == std::vector<std::string>{"createdAt"}));
  BOOST_TEST((p.items[1].direction == OrderDirection::kAscNullsFirst));
  BOOST_TEST(NullsFirst(p.items[1].direction));
}

}  // namespace
}  // namespace vingt::protocol
