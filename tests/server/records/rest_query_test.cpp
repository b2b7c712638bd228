#include "server/records/rest_query.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <random>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "protocol/base64.h"
#include "protocol/iso_time.h"
#include "protocol/js_number.h"
#include "protocol/rest_filter.h"
#include "server/records/cursor.h"
#include "storage/row.h"
#include "storage/schema.h"
#include "storage/standard_objects.h"
#include "tests/testutil/printers.h"

// GCC 12 misreports -Wrestrict inside Boost.Test's data test-case naming
// (std::operator+ on strings; GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

namespace vingt::server {
namespace {

namespace bdata = boost::unit_test::data;
using storage::FieldSchema;
using storage::FieldType;
using storage::ObjectSchema;
using storage::OrderKey;
using storage::RowBuilder;
using storage::RowRef;
using storage::SlotKind;
using storage::Uuid;

constexpr const char* kId = "20202020-b21e-4ec2-873b-de4264d89021";
constexpr const char* kCompanyId = "7f3e0c4a-1111-4d2b-9c3e-0123456789ab";

FieldSchema Field(std::string name, FieldType type, std::vector<std::string> options = {}) {
  FieldSchema f;
  f.name = std::move(name);
  f.type = type;
  for (auto& v : options) {
    storage::SelectOption o;
    o.value = v;
    o.label = v;
    f.options.push_back(o);
  }
  return f;
}

// The standard objects, plus "thing": person's fields and one of each type
// the standard objects lack (DATE, MULTI_SELECT, RATING, ARRAY, RAW_JSON).
struct Schemas {
  Schemas() {
    objects = storage::BuildStandardObjects(Uuid::Random(), 1714557600000);
    ObjectSchema t = Get("person");
    t.name_singular = "thing";
    t.name_plural = "things";
    t.fields.push_back(Field("birthday", FieldType::kDate));
    t.fields.push_back(Field("tags", FieldType::kMultiSelect, {"A", "B", "C"}));
    t.fields.push_back(Field("rating", FieldType::kRating, {"RATING_1", "RATING_2", "RATING_3"}));
    t.fields.push_back(Field("aliases", FieldType::kArray));
    t.fields.push_back(Field("data", FieldType::kRawJson));
    t.fields.push_back(Field("score", FieldType::kNumber));
    t.fields.push_back(Field("retired", FieldType::kText));
    t.fields.back().is_active = false;
    t.AssignSlots();
    objects.push_back(std::move(t));
  }
  const ObjectSchema& Get(std::string_view singular) const {
    for (const auto& o : objects)
      if (o.name_singular == singular) return o;
    throw std::runtime_error("no object " + std::string(singular));
  }
  std::vector<ObjectSchema> objects;
};

const Schemas& S() {
  static const Schemas schemas;
  return schemas;
}

uint16_t Slot(const ObjectSchema& s, std::string_view field, std::string_view sub = {}) {
  auto slot = s.FindSlot(field, sub);
  BOOST_REQUIRE_MESSAGE(slot.has_value(), "no slot for " << field << "." << sub);
  return *slot;
}

// A row of `s` with an id and whatever `fill` sets.
template <typename Fill>
RowRef Row(const ObjectSchema& s, Fill fill, const char* id = kId) {
  RowBuilder b(s.slot_count());
  b.SetUuid(s.id_slot, *Uuid::Parse(id));
  fill(b);
  return b.Build();
}
RowRef Row(const ObjectSchema& s, const char* id = kId) {
  return Row(s, [](RowBuilder&) {}, id);
}

// The message of the 400 a filter gets on `object`, or "<ok>".
std::string FilterError(std::string_view object, std::string_view filter) {
  auto c = CompileRestFilterParam(filter, S().Get(object));
  return c.ok() ? "<ok>" : c.status().message();
}

std::string OrderError(std::string_view object, std::string_view order_by) {
  auto c = CompileRestOrderByParam(order_by, S().Get(object));
  return c.ok() ? "<ok>" : c.status().message();
}

bool Match(const ObjectSchema& s, std::string_view filter, const RowRef& row) {
  auto c = CompileRestFilterParam(filter, s);
  BOOST_REQUIRE_MESSAGE(c.ok(), filter << ": " << c.status().message());
  return storage::Matches(c->filter, *row);
}

struct ErrorCase {
  std::string object;
  std::string filter;
  std::string message;
};

std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.object << " " << c.filter; }

const std::string kTextOps = "eq, neq, gt, gte, lt, lte, in, is, like, ilike, startsWith, endsWith";
const std::string kStages = "['NEW', 'SCREENING', 'MEETING', 'PROPOSAL', 'CUSTOMER']";

const ErrorCase kFilterErrors[] = {
    // Fields and sub-fields.
    {"person", "foo[eq]:1", "Object person doesn't have any \"foo\" field."},
    {"person", "and(city[eq]:x,or(bar[gt]:1))", "Object person doesn't have any \"bar\" field."},
    {"person", "City[eq]:x", "Object person doesn't have any \"City\" field."},
    {"thing", "retired[eq]:x", "Object thing doesn't have any \"retired\" field."},
    {"person", "company[eq]:7f3e0c4a-1111-4d2b-9c3e-0123456789ab",
     "Cannot filter by relation field \"company\": use \"companyId\" instead"},
    {"person", "company.name[eq]:Acme", "Cannot filter by relation field \"company\": use \"companyId\" instead"},
    {"company", "people[is]:NULL", "Cannot filter by relation field \"people\""},
    {"person", "name[eq]:Ada", "Sub field \"eq\" not found for composite type: FULL_NAME"},
    {"person", "name[is]:NULL", "Sub field \"is\" not found for composite type: FULL_NAME"},
    {"person", "name.middleName[eq]:x", "Sub field \"middleName\" not found for composite type: FULL_NAME"},
    {"opportunity", "amount.amount[gt]:1", "Sub field \"amount\" not found for composite type: CURRENCY"},
    {"person", "city.foo[eq]:x", "Operator \"foo\" is not valid for field \"city\" of type TEXT - Allowed operators: " + kTextOps},
    {"person", "name.firstName.x[eq]:x",
     "Operator \"x\" is not valid for field \"name.firstName\" of type TEXT - Allowed operators: " + kTextOps},
    // Operators per field type.
    {"company", "idealCustomerProfile[gt]:true",
     "Operator \"gt\" is not valid for field \"idealCustomerProfile\" of type BOOLEAN - Allowed operators: eq, is"},
    {"company", "idealCustomerProfile[neq]:true",
     "Operator \"neq\" is not valid for field \"idealCustomerProfile\" of type BOOLEAN - Allowed operators: eq, is"},
    {"company", "employees[like]:1",
     "Operator \"like\" is not valid for field \"employees\" of type NUMBER - Allowed operators: eq, neq, gt, gte, lt, "
     "lte, in, is"},
    {"person", "id[startsWith]:20",
     "Operator \"startsWith\" is not valid for field \"id\" of type UUID - Allowed operators: eq, neq, gt, gte, lt, lte, "
     "in, is"},
    {"person", "companyId[like]:x",
     "Operator \"like\" is not valid for field \"companyId\" of type RELATION - Allowed operators: eq, neq, gt, gte, lt, "
     "lte, in, is"},
    {"opportunity", "stage[like]:N%",
     "Operator \"like\" is not valid for field \"stage\" of type SELECT - Allowed operators: eq, neq, in, containsAny, "
     "is, isEmptyArray"},
    {"thing", "tags[eq]:A",
     "Operator \"eq\" is not valid for field \"tags\" of type MULTI_SELECT - Allowed operators: containsAny, is, "
     "isEmptyArray"},
    {"thing", "data[eq]:x", "Operator \"eq\" is not valid for field \"data\" of type RAW_JSON - Allowed operators: is, like"},
    {"person", "emails.additionalEmails[eq]:x",
     "Operator \"eq\" is not valid for field \"emails.additionalEmails\" of type RAW_JSON - Allowed operators: is, like"},
    {"person", "createdAt[like]:2024%",
     "Operator \"like\" is not valid for field \"createdAt\" of type DATE_TIME - Allowed operators: eq, neq, gt, gte, "
     "lt, lte, in, is"},
    // Values.
    {"person", "city[is]:nothing", "Invalid filter value for \"is\" operator. Expected \"NULL\" or \"NOT_NULL\""},
    {"person", "city[is]:\"NULL\"", "Invalid filter value for \"is\" operator. Expected \"NULL\" or \"NOT_NULL\""},
    {"person", "city[is]:null", "Invalid filter value for \"is\" operator. Expected \"NULL\" or \"NOT_NULL\""},
    {"company", "employees[gt]:abc", "Invalid number value NaN for field \"employees\""},
    {"company", "employees[gt]:\"\"", "Invalid number value NaN for field \"employees\""},
    {"company", "employees[gt]:Infinity", "Invalid number value Infinity for field \"employees\""},
    {"company", "employees[in]:[1,x]", "Invalid number value NaN for field \"employees\""},
    {"opportunity", "amount.amountMicros[gt]:lots", "Invalid number value NaN for field \"amount.amountMicros\""},
    {"company", "idealCustomerProfile[eq]:yes", "Invalid boolean value 'yes' for field \"idealCustomerProfile\""},
    {"person", "id[eq]:abc", "Invalid UUID value 'abc' for field \"id\""},
    {"person", "id[eq]:it's", "Invalid UUID value \"it's\" for field \"id\""},
    {"person", "companyId[eq]:abc", "Invalid UUID value 'abc' for field \"companyId\""},
    {"person", "id[in]:[]", "Invalid UUID value '' for field \"id\""},
    {"person", "createdAt[gt]:notadate",
     "Invalid value 'notadate' for date-time field \"createdAt\". Expected format: 'YYYY-MM-DDTHH:mm:ssZ'"},
    {"person", "createdAt[gt]:2024-13-01",
     "Invalid value '2024-13-01' for date-time field \"createdAt\". Expected format: 'YYYY-MM-DDTHH:mm:ssZ'"},
    {"thing", "birthday[eq]:2024-02-31",
     "Invalid value '2024-02-31' for date field \"birthday\". Expected format: 'YYYY-MM-DD'"},
    {"opportunity", "stage[eq]:FOO",
     "'filter' enum value 'FOO' not available in 'stage' enum. Available enum values are " + kStages},
    {"opportunity", "stage[in]:[NEW,FOO]",
     "'filter' enum value 'FOO' not available in 'stage' enum. Available enum values are " + kStages},
    {"opportunity", "stage[neq]:new",
     "'filter' enum value 'new' not available in 'stage' enum. Available enum values are " + kStages},
    {"thing", "tags[containsAny]:[A,Z]",
     "'filter' enum value 'Z' not available in 'tags' enum. Available enum values are ['A', 'B', 'C']"},
    {"thing", "rating[eq]:RATING_9",
     "'filter' enum value 'RATING_9' not available in 'rating' enum. Available enum values are ['RATING_1', "
     "'RATING_2', 'RATING_3']"},
    // Parser errors come through the same call.
    {"person", "city[eq]:", "'filter' invalid for 'city[eq]:'. eg: price[gte]:10"},
    {"person", "and(city[eq]:x", "'filter' invalid. 1 close bracket is missing in the query"},
};

BOOST_DATA_TEST_CASE(FilterErrors, bdata::make(kFilterErrors), c) {
  BOOST_TEST(FilterError(c.object, c.filter) == c.message);
}

BOOST_AUTO_TEST_CASE(FilterErrorsCarryTwentysCodes) {
  auto compile = CompileRestFilterParam("foo[eq]:1", S().Get("person"));
  BOOST_TEST_REQUIRE(!compile.ok());
  BOOST_TEST((compile.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(compile.status().detail_code() == "INVALID_ARGS_FILTER");
  auto parse = CompileRestFilterParam("foo[x]:1", S().Get("person"));
  BOOST_TEST(parse.status().detail_code() == "INVALID_FILTER_QUERY_PARAM");
  auto order = CompileRestOrderByParam("foo[x]", S().Get("person"));
  BOOST_TEST(order.status().detail_code() == "INVALID_ORDER_BY_QUERY_PARAM");
}

const ErrorCase kValidFilters[] = {
    {"person", "city[eq]:Paris", "<ok>"},
    {"person", "name.firstName[ilike]:\"%ada%\"", "<ok>"},
    {"person", "emails.primaryEmail[eq]:foo@example.com", "<ok>"},
    {"person", "companyId[in]:[\"7f3e0c4a-1111-4d2b-9c3e-0123456789ab\",\"20202020-b21e-4ec2-873b-de4264d89021\"]",
     "<ok>"},
    {"person", "companyId[is]:NULL", "<ok>"},
    {"opportunity", "stage[in]:[NEW,MEETING]", "<ok>"},
    {"opportunity", "stage[eq]:NULL", "<ok>"},
    {"opportunity", "amount.amountMicros[gt]:1000000000", "<ok>"},
    {"opportunity", "and(stage[eq]:NEW,or(amount.amountMicros[gt]:0,closeDate[is]:NULL))", "<ok>"},
    {"person", "or(createdAt[gte]:\"2024-01-01\",createdAt[lte]:\"2023-01-01\",not(id[is]:NULL))", "<ok>"},
    {"person", "deletedAt[is]:NOT_NULL", "<ok>"},
    {"person", "position[lte]:1", "<ok>"},
    {"person", "createdBy.source[eq]:API", "<ok>"},
    {"person", "createdBy.workspaceMemberId[is]:NULL", "<ok>"},
    {"company", "idealCustomerProfile[eq]:TRUE", "<ok>"},
    {"company", "address.addressCity[startsWith]:Par", "<ok>"},
    {"company", "employees[gte]:\" 1e3xyz\"", "<ok>"},
    {"thing", "tags[containsAny]:[A,B]", "<ok>"},
    {"thing", "tags[containsExactly]:[A,B]", "<ok>"},
    {"thing", "aliases[containsAny]:[x]", "<ok>"},
    {"thing", "birthday[gte]:2024-02-29", "<ok>"},
    {"thing", "data[like]:%x%", "<ok>"},
};

BOOST_DATA_TEST_CASE(ValidFiltersCompile, bdata::make(kValidFilters), c) {
  BOOST_TEST(FilterError(c.object, c.filter) == c.message);
}

BOOST_AUTO_TEST_CASE(DeletedAtShowsTheTrash) {
  const ObjectSchema& p = S().Get("person");
  auto trash = CompileRestFilterParam("deletedAt[is]:NOT_NULL", p);
  BOOST_TEST_REQUIRE(trash.ok());
  BOOST_TEST(trash->include_deleted);
  auto nested = CompileRestFilterParam("or(city[eq]:x,not(deletedAt[gt]:2024-01-01))", p);
  BOOST_TEST_REQUIRE(nested.ok());
  BOOST_TEST(nested->include_deleted);
  auto plain = CompileRestFilterParam("city[eq]:x", p);
  BOOST_TEST_REQUIRE(plain.ok());
  BOOST_TEST(!plain->include_deleted);
}

BOOST_AUTO_TEST_CASE(ScalarComparisonsCoerceValues) {
  const ObjectSchema& c = S().Get("company");
  RowRef acme = Row(c, [&](RowBuilder& b) {
    b.SetText(Slot(c, "name"), "Acme");
    b.SetNumber(Slot(c, "employees"), 250);
    b.SetBoolean(Slot(c, "idealCustomerProfile"), true);
    b.SetTimestamp(Slot(c, "createdAt"), *protocol::ParseIsoDateTime("2024-05-01T10:00:00.000Z"));
    b.SetNumber(Slot(c, "annualRecurringRevenue", "amountMicros"), 5e12);
    b.SetText(Slot(c, "address", "addressCity"), "Paris");
  });
  BOOST_TEST(Match(c, "employees[eq]:250", acme));
  BOOST_TEST(Match(c, "employees[gt]:249.5", acme));
  BOOST_TEST(!Match(c, "employees[gt]:250", acme));
  BOOST_TEST(Match(c, "employees[gte]:2.5e2", acme));
  BOOST_TEST(Match(c, "employees[lt]:\"300 people\"", acme));  // parseFloat reads the prefix
  BOOST_TEST(Match(c, "employees[in]:[1,250]", acme));
  BOOST_TEST(Match(c, "idealCustomerProfile[eq]:true", acme));
  BOOST_TEST(Match(c, "idealCustomerProfile[eq]:True", acme));
  BOOST_TEST(!Match(c, "idealCustomerProfile[eq]:false", acme));
  BOOST_TEST(Match(c, "createdAt[gt]:2024-05-01", acme));
  BOOST_TEST(Match(c, "createdAt[eq]:2024-05-01T12:00:00+02:00", acme));
  BOOST_TEST(!Match(c, "createdAt[lt]:\"2024-05-01T10:00:00.000Z\"", acme));
  BOOST_TEST(Match(c, "createdAt[lte]:\"2024-05-01T10:00:00.000Z\"", acme));
  BOOST_TEST(Match(c, "annualRecurringRevenue.amountMicros[gte]:5000000000000", acme));
  BOOST_TEST(Match(c, "address.addressCity[startsWith]:Par", acme));
  BOOST_TEST(Match(c, "address.addressCity[endsWith]:ris", acme));
  BOOST_TEST(!Match(c, "address.addressCity[startsWith]:par", acme));
  BOOST_TEST(Match(c, "name[neq]:Globex", acme));
  BOOST_TEST(Match(c, "and(name[like]:A%,or(employees[lt]:10,employees[gt]:100))", acme));
  BOOST_TEST(!Match(c, "not(name[eq]:Acme)", acme));
  BOOST_TEST(Match(c, "id[eq]:" + std::string(kId), acme));
  BOOST_TEST(Match(c, "id[eq]:20202020-B21E-4EC2-873B-DE4264D89021", acme));
}

// GraphQL hands numbers and booleans over typed; they must compile to
// exactly what their text (JavaScript's String()) compiles to through
// REST's parsing: random doubles and integers, on a NUMBER field and a
// CURRENCY sub-field, under every ordered comparator and `in`.
BOOST_AUTO_TEST_CASE(TypedOperandsCompileAsTheirText) {
  const ObjectSchema& c = S().Get("company");
  std::mt19937_64 rng(11);
  auto leaf = [](std::vector<std::string> path, protocol::RestComparator cmp,
                 std::vector<protocol::FilterOperand> values) {
    protocol::RestFilterNode n;
    n.path = std::move(path);
    n.comparator = cmp;
    n.values = std::move(values);
    return n;
  };
  auto operands = [](const storage::FilterNode& n) {
    BOOST_REQUIRE((n.kind == storage::FilterNode::Kind::kCompare));
    return std::make_pair(n.op, n.operands);
  };
  using protocol::RestComparator;
  for (int i = 0; i < 2000; ++i) {
    double d;
    switch (i % 3) {
      case 0: d = std::bit_cast<double>(rng()); break;                                      // any bit pattern
      case 1: d = static_cast<double>(static_cast<int64_t>(rng()) >> (rng() % 64)); break;  // integers
      default: d = std::ldexp(static_cast<double>(rng() % 100000), static_cast<int>(rng() % 40) - 20);
    }
    if (!std::isfinite(d)) continue;
    const std::string text = protocol::JsNumberText(d);
    const auto typed = protocol::FilterOperand::Number(d, text);
    for (auto path : {std::vector<std::string>{"employees"},
                      std::vector<std::string>{"annualRecurringRevenue", "amountMicros"}}) {
      for (RestComparator cmp : {RestComparator::kEq, RestComparator::kGt, RestComparator::kLte, RestComparator::kIn}) {
        auto from_text = CompileRestFilter(leaf(path, cmp, {protocol::FilterOperand(text)}), c);
        auto from_typed = CompileRestFilter(leaf(path, cmp, {typed}), c);
        BOOST_REQUIRE_MESSAGE(from_text.ok() && from_typed.ok(), text);
        BOOST_TEST((operands(from_text->filter) == operands(from_typed->filter)), text);
      }
    }
  }
  for (bool b : {true, false}) {
    auto from_text = CompileRestFilter(
        leaf({"idealCustomerProfile"}, RestComparator::kEq, {protocol::FilterOperand(b ? "true" : "false")}), c);
    auto from_typed =
        CompileRestFilter(leaf({"idealCustomerProfile"}, RestComparator::kEq, {protocol::FilterOperand::Boolean(b)}), c);
    BOOST_REQUIRE((from_text.ok() && from_typed.ok()));
    BOOST_TEST((operands(from_text->filter) == operands(from_typed->filter)));
  }
  // A typed number on a field that does not read numbers falls back to its
  // text, with the text's message.
  auto on_uuid = CompileRestFilter(leaf({"id"}, RestComparator::kEq, {protocol::FilterOperand::Number(7, "7")}), c);
  BOOST_REQUIRE(!on_uuid.ok());
  BOOST_TEST(on_uuid.status().message() == "Invalid UUID value '7' for field \"id\"");
}

BOOST_AUTO_TEST_CASE(NullComparisonsFollowSqlAndTwentysNullEquivalence) {
  const ObjectSchema& p = S().Get("person");
  const ObjectSchema& c = S().Get("company");
  RowRef empty_city = Row(p, [&](RowBuilder& b) { b.SetText(Slot(p, "city"), ""); });
  RowRef null_city = Row(p);
  RowRef london = Row(p, [&](RowBuilder& b) { b.SetText(Slot(p, "city"), "London"); });

  // Text: "" and NULL stand for each other in eq "", like "" and is NULL.
  for (const RowRef* r : {&empty_city, &null_city}) {
    BOOST_TEST(Match(p, "city[is]:NULL", *r));
    BOOST_TEST(Match(p, "city[eq]:\"\"", *r));
    BOOST_TEST(Match(p, "city[like]:\"\"", *r));
    BOOST_TEST(!Match(p, "city[neq]:\"\"", *r));
    BOOST_TEST(!Match(p, "city[eq]:London", *r));
  }
  BOOST_TEST(!Match(p, "city[is]:NULL", london));
  BOOST_TEST(Match(p, "city[neq]:\"\"", london));
  // `is NOT_NULL` is not widened: "" is a value.
  BOOST_TEST(Match(p, "city[is]:NOT_NULL", empty_city));
  BOOST_TEST(!Match(p, "city[is]:NOT_NULL", null_city));
  // NOT of a comparison with NULL is still unknown: the row is not returned.
  BOOST_TEST(!Match(p, "not(city[eq]:Paris)", null_city));
  BOOST_TEST(Match(p, "not(city[eq]:Paris)", empty_city));
  BOOST_TEST(Match(p, "not(city[eq]:Paris)", london));
  BOOST_TEST(!Match(p, "not(city[neq]:Paris)", null_city));
  BOOST_TEST(Match(p, "or(city[eq]:Paris,city[is]:NULL)", null_city));
  // ...but not(eq "") is decided, as Twenty's `= '' OR IS NULL` is.
  BOOST_TEST(!Match(p, "not(city[eq]:\"\")", null_city));
  BOOST_TEST(Match(p, "not(city[neq]:\"\")", null_city));

  // Composite text sub-fields are null-equivalent too; numbers are not.
  RowRef no_name = Row(p, [&](RowBuilder& b) { b.SetText(Slot(p, "name", "firstName"), ""); });
  BOOST_TEST(Match(p, "name.firstName[is]:NULL", no_name));
  RowRef no_employees = Row(c);
  BOOST_TEST(Match(c, "employees[is]:NULL", no_employees));
  BOOST_TEST(!Match(c, "employees[lt]:10", no_employees));
  BOOST_TEST(!Match(c, "not(employees[lt]:10)", no_employees));
  BOOST_TEST(!Match(c, "employees[in]:[1,2]", no_employees));
}

BOOST_AUTO_TEST_CASE(TextPatternsAreUnicodeAware) {
  const ObjectSchema& p = S().Get("person");
  RowRef zurich = Row(p, [&](RowBuilder& b) {
    b.SetText(Slot(p, "city"), "Zürich");
    b.SetText(Slot(p, "name", "firstName"), "Ådne");
    b.SetText(Slot(p, "jobTitle"), "Директор");
  });
  BOOST_TEST(Match(p, "city[ilike]:%ZÜR%", zurich));
  BOOST_TEST(!Match(p, "city[like]:%ZÜR%", zurich));
  BOOST_TEST(Match(p, "city[like]:Z_rich", zurich));  // '_' is one character, not one byte
  BOOST_TEST(!Match(p, "city[like]:Z__rich", zurich));
  BOOST_TEST(Match(p, "name.firstName[ilike]:åDNE", zurich));
  BOOST_TEST(Match(p, "jobTitle[ilike]:%директор%", zurich));
  BOOST_TEST(Match(p, "city[like]:Z%25", zurich) == false);  // the value is already URL-decoded: no '%' here
  BOOST_TEST(Match(p, "city[like]:Z\\_rich", zurich) == false);
  BOOST_TEST(Match(p, "name.firstName[startsWith]:Åd", zurich));
}

BOOST_AUTO_TEST_CASE(EmailsAreCanonicalizedForExactMatches) {
  const ObjectSchema& p = S().Get("person");
  RowRef ada = Row(p, [&](RowBuilder& b) { b.SetText(Slot(p, "emails", "primaryEmail"), "ada@example.com"); });
  BOOST_TEST(Match(p, "emails.primaryEmail[eq]:Ada@Example.COM", ada));
  BOOST_TEST(Match(p, "emails.primaryEmail[in]:[x@y.z,ADA@example.com]", ada));
  BOOST_TEST(!Match(p, "emails.primaryEmail[neq]:ADA@EXAMPLE.COM", ada));
  BOOST_TEST(!Match(p, "emails.primaryEmail[like]:ADA%", ada));  // patterns are not rewritten
  BOOST_TEST(Match(p, "emails.primaryEmail[ilike]:ADA%", ada));
}

BOOST_AUTO_TEST_CASE(ListsSelectsAndJoinColumns) {
  const ObjectSchema& t = S().Get("thing");
  const ObjectSchema& o = S().Get("opportunity");
  const ObjectSchema& p = S().Get("person");
  RowRef tagged = Row(t, [&](RowBuilder& b) {
    b.SetStringList(Slot(t, "tags"), {"A", "B"});
    b.SetStringList(Slot(t, "aliases"), {"x", "y"});
    b.SetText(Slot(t, "birthday"), "1990-02-28");
    b.SetJson(Slot(t, "data"), R"({"k":"v"})");
  });
  RowRef untagged = Row(t, [&](RowBuilder& b) { b.SetStringList(Slot(t, "tags"), {}); });
  BOOST_TEST(Match(t, "tags[containsAny]:[B,C]", tagged));
  BOOST_TEST(!Match(t, "tags[containsAny]:[C]", tagged));
  BOOST_TEST(Match(t, "tags[containsExactly]:[B,A]", tagged));
  BOOST_TEST(!Match(t, "tags[containsExactly]:[A]", tagged));
  BOOST_TEST(Match(t, "aliases[containsAny]:[y]", tagged));
  BOOST_TEST(Match(t, "tags[is]:NULL", untagged));  // [] stands for NULL
  BOOST_TEST(Match(t, "tags[is]:NULL", Row(t)));
  BOOST_TEST(!Match(t, "tags[is]:NULL", tagged));
  BOOST_TEST(Match(t, "birthday[lt]:19900301", tagged));
  BOOST_TEST(Match(t, "birthday[eq]:1990-02-28", tagged));
  BOOST_TEST(Match(t, "data[like]:%\"k\"%", tagged));

  RowRef opp = Row(o, [&](RowBuilder& b) {
    b.SetText(Slot(o, "stage"), "MEETING");
    b.SetUuid(Slot(o, "companyId"), *Uuid::Parse(kCompanyId));
  });
  BOOST_TEST(Match(o, "stage[in]:[NEW,MEETING]", opp));
  BOOST_TEST(Match(o, "stage[containsAny]:[MEETING]", opp));
  BOOST_TEST(!Match(o, "stage[eq]:NEW", opp));
  BOOST_TEST(Match(o, "companyId[eq]:" + std::string(kCompanyId), opp));
  BOOST_TEST(Match(o, "pointOfContactId[is]:NULL", opp));
  BOOST_TEST(Match(p, "companyId[is]:NULL", Row(p)));
}

// ---- order_by ----------------------------------------------------------

const ErrorCase kOrderErrors[] = {
    {"person", "foo", "Field \"foo\" does not exist or is not sortable"},
    {"person", "", "Field \"\" does not exist or is not sortable"},
    {"person", "city,foo[DescNullsLast]", "Field \"foo\" does not exist or is not sortable"},
    {"person", "name",
     "Composite field \"name\" requires subfield ordering (e.g., { name: { subFieldName: 'AscNullsFirst' } })"},
    {"person", "name.foo", "Sub field \"foo\" not found for composite field \"name\""},
    {"person", "name.firstName.x",
     "Composite sub field \"name.firstName\" requires a direction value (AscNullsFirst, AscNullsLast, DescNullsFirst, "
     "DescNullsLast)"},
    {"person", "city.x",
     "Scalar field \"city\" requires a direction value (AscNullsFirst, AscNullsLast, DescNullsFirst, DescNullsLast)"},
    {"person", "company",
     "Relation field \"company\" requires nested field ordering (e.g., { company: { fieldName: 'AscNullsFirst' } })"},
    {"person", "city[Up]",
     "'order_by' direction 'Up' invalid. Allowed values are 'AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', "
     "'DescNullsLast'. eg: ?order_by=field_1[AscNullsFirst],field_2[DescNullsLast],field_3"},
};

BOOST_DATA_TEST_CASE(OrderErrors, bdata::make(kOrderErrors), c) {
  BOOST_TEST(OrderError(c.object, c.filter) == c.message);
}

BOOST_AUTO_TEST_CASE(OrderKeys) {
  const ObjectSchema& p = S().Get("person");
  auto keys = [&](std::string_view text) {
    auto r = CompileRestOrderByParam(text, p);
    BOOST_REQUIRE_MESSAGE(r.ok(), text << ": " << r.status().message());
    return *r;
  };
  // id ascending is the engine's own tiebreaker: no key for it.
  BOOST_TEST(keys("id").empty());
  BOOST_TEST(keys("id[AscNullsLast],city").empty());
  std::vector<OrderKey> id_desc = keys("id[DescNullsLast],city");
  BOOST_TEST_REQUIRE(id_desc.size() == 1u);
  BOOST_TEST(id_desc[0].slot == p.id_slot);
  BOOST_TEST(id_desc[0].descending);

  std::vector<OrderKey> k = keys("name.firstName[DescNullsLast],city,position[AscNullsLast],city[DescNullsFirst],companyId");
  BOOST_TEST_REQUIRE(k.size() == 4u);  // the second city is a duplicate
  BOOST_TEST(k[0].slot == Slot(p, "name", "firstName"));
  BOOST_TEST(k[0].descending);
  BOOST_TEST(!k[0].nulls_first);
  BOOST_TEST(k[0].fold_case);
  BOOST_TEST(k[1].slot == Slot(p, "city"));
  BOOST_TEST(!k[1].descending);
  BOOST_TEST(k[1].nulls_first);
  BOOST_TEST(k[2].slot == Slot(p, "position"));
  BOOST_TEST((k[2].kind == SlotKind::kNumber));
  BOOST_TEST(!k[2].fold_case);
  BOOST_TEST(!k[2].nulls_first);
  BOOST_TEST(k[3].slot == Slot(p, "companyId"));
  BOOST_TEST((k[3].kind == SlotKind::kUuid));
}

BOOST_AUTO_TEST_CASE(TextOrdersIgnoreCaseAndTiesGoToId) {
  const ObjectSchema& p = S().Get("person");
  auto order = CompileRestOrderByParam("city", p);
  BOOST_TEST_REQUIRE(order.ok());
  const char* id_a = "00000000-0000-4000-8000-000000000001";
  const char* id_b = "00000000-0000-4000-8000-000000000002";
  auto city = [&](const char* v, const char* id) {
    return Row(p, [&](RowBuilder& b) { b.SetText(Slot(p, "city"), v); }, id);
  };
  RowRef upper = city("Berlin", id_a), lower = city("amsterdam", id_b), same = city("berlin", id_b);
  auto cmp = [&](const RowRef& a, const RowRef& b) {
    return storage::CompareRows(*order, *a, a->GetUuid(p.id_slot), *b, b->GetUuid(p.id_slot));
  };
  BOOST_TEST(cmp(lower, upper) < 0);  // "amsterdam" < "Berlin", whatever the case
  BOOST_TEST(cmp(upper, same) < 0);   // equal ignoring case: id decides
  BOOST_TEST(cmp(same, upper) > 0);
}

// ---- cursors -----------------------------------------------------------

std::string CursorJson(const std::string& cursor) { return protocol::Base64Decode(cursor).value_or("<not base64>"); }

BOOST_AUTO_TEST_CASE(DefaultOrderCursorIsTwentysIdCursor) {
  const ObjectSchema& p = S().Get("person");
  RowRef r = Row(p);
  std::string c = EncodeCursor({}, p, *r);
  BOOST_TEST(c == EncodeIdCursor(*Uuid::Parse(kId)));
  BOOST_TEST(CursorJson(c) == std::string("{\"id\":\"") + kId + "\"}");
  auto pos = DecodeCursor(c, {}, p);
  BOOST_TEST_REQUIRE(pos.has_value());
  BOOST_TEST(pos->id == *Uuid::Parse(kId));
  BOOST_TEST(pos->keys.empty());
  // Twenty's documented example decodes.
  auto doc = DecodeCursor("eyJpZCI6IjBiNzdmM2EyLTFjMmQtNGU1Zi04YTliLTBjMWQyZTNmNGE1YiJ9", {}, p);
  BOOST_TEST_REQUIRE(doc.has_value());
  BOOST_TEST(doc->id == *Uuid::Parse("0b77f3a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b"));
}

BOOST_AUTO_TEST_CASE(CursorsCarryEverySortKey) {
  const ObjectSchema& p = S().Get("person");
  auto order = CompileRestOrderByParam(
      "name.lastName[DescNullsLast],city,position,createdAt,name.firstName,companyId,emails.additionalEmails", p);
  BOOST_TEST_REQUIRE(order.ok());
  RowRef r = Row(p, [&](RowBuilder& b) {
    b.SetText(Slot(p, "name", "firstName"), "Ada");
    b.SetText(Slot(p, "name", "lastName"), "Love\"lace");
    b.SetNumber(Slot(p, "position"), 2);
    b.SetTimestamp(Slot(p, "createdAt"), *protocol::ParseIsoDateTime("2024-05-01T10:00:00.123Z"));
    b.SetJson(Slot(p, "emails", "additionalEmails"), R"(["a@b.c"])");
  });
  std::string c = EncodeCursor(*order, p, *r);
  BOOST_TEST(CursorJson(c) ==
             std::string(R"({"name":{"lastName":"Love\"lace","firstName":"Ada"},"city":null,"position":2,)") +
                 R"("createdAt":"2024-05-01T10:00:00.123Z","companyId":null,"emails":{"additionalEmails":"[\"a@b.c\"]"},)" +
                 R"("id":")" + kId + R"("})");
  auto pos = DecodeCursor(c, *order, p);
  BOOST_TEST_REQUIRE(pos.has_value());
  BOOST_TEST(pos->id == *Uuid::Parse(kId));
  BOOST_TEST_REQUIRE(pos->keys.size() == order->size());
  BOOST_TEST(storage::CompareRowToCursor(*order, *r, *Uuid::Parse(kId), *pos) == 0);
  BOOST_TEST(!pos->keys[1].has_value());  // city NULL

  // With id in the order, the key is the id.
  auto by_id = CompileRestOrderByParam("position,id[DescNullsFirst]", p);
  BOOST_TEST_REQUIRE(by_id.ok());
  std::string ci = EncodeCursor(*by_id, p, *r);
  BOOST_TEST(CursorJson(ci) == std::string(R"({"position":2,"id":")") + kId + R"("})");
  auto pi = DecodeCursor(ci, *by_id, p);
  BOOST_TEST_REQUIRE(pi.has_value());
  BOOST_TEST(pi->id == *Uuid::Parse(kId));
}

BOOST_AUTO_TEST_CASE(CursorsOfOtherKindsRoundTrip) {
  const ObjectSchema& t = S().Get("thing");
  const ObjectSchema& c = S().Get("company");
  auto order = CompileRestOrderByParam("tags,birthday[DescNullsFirst],score", t);
  BOOST_TEST_REQUIRE(order.ok());
  RowRef r = Row(t, [&](RowBuilder& b) {
    b.SetStringList(Slot(t, "tags"), {"A", "C"});
    b.SetText(Slot(t, "birthday"), "1990-02-28");
    b.SetNumber(Slot(t, "score"), -0.1);
  });
  std::string cursor = EncodeCursor(*order, t, *r);
  BOOST_TEST(CursorJson(cursor) ==
             std::string(R"({"tags":["A","C"],"birthday":"1990-02-28","score":-0.1,"id":")") + kId + R"("})");
  auto pos = DecodeCursor(cursor, *order, t);
  BOOST_TEST_REQUIRE(pos.has_value());
  BOOST_TEST(storage::CompareRowToCursor(*order, *r, *Uuid::Parse(kId), *pos) == 0);

  auto icp = CompileRestOrderByParam("idealCustomerProfile", c);
  BOOST_TEST_REQUIRE(icp.ok());
  RowRef acme = Row(c, [&](RowBuilder& b) { b.SetBoolean(Slot(c, "idealCustomerProfile"), true); });
  std::string ic = EncodeCursor(*icp, c, *acme);
  BOOST_TEST(CursorJson(ic) == std::string(R"({"idealCustomerProfile":true,"id":")") + kId + R"("})");
  auto ipos = DecodeCursor(ic, *icp, c);
  BOOST_TEST_REQUIRE(ipos.has_value());
  BOOST_TEST(storage::CompareRowToCursor(*icp, *acme, *Uuid::Parse(kId), *ipos) == 0);
}

BOOST_AUTO_TEST_CASE(CursorsThatDoNotFitTheOrderAreRejected) {
  const ObjectSchema& p = S().Get("person");
  auto order = CompileRestOrderByParam("position,name.firstName", p);
  BOOST_TEST_REQUIRE(order.ok());
  auto decode = [&](const std::string& json, const std::vector<OrderKey>& o) {
    return DecodeCursor(protocol::Base64Encode(json), o, p).has_value();
  };
  const std::string id = std::string("\"id\":\"") + kId + "\"";
  BOOST_TEST(decode("{\"position\":1,\"name\":{\"firstName\":\"A\"}," + id + "}", *order));
  BOOST_TEST(decode("{\"position\":null,\"name\":{\"firstName\":null}," + id + "}", *order));
  BOOST_TEST(!decode("{" + id + "}", *order));                                            // id-only cursor
  BOOST_TEST(!decode("{\"position\":1," + id + "}", *order));                             // a key missing
  BOOST_TEST(!decode("{\"position\":1,\"name\":{\"firstName\":\"A\",\"lastName\":\"B\"}," + id + "}", *order));
  BOOST_TEST(!decode("{\"position\":1,\"name\":{\"firstName\":\"A\"},\"x\":1," + id + "}", *order));
  BOOST_TEST(!decode("{\"position\":\"1\",\"name\":{\"firstName\":\"A\"}," + id + "}", *order));  // wrong kind
  BOOST_TEST(!decode("{\"position\":1,\"name\":\"A\"," + id + "}", *order));
  BOOST_TEST(!decode("{\"position\":1,\"name\":{\"firstName\":\"A\"},\"id\":\"nope\"}", *order));
  BOOST_TEST(!decode("{\"position\":1,\"name\":{\"firstName\":\"A\"}," + id + "}", {}));  // extra keys
  BOOST_TEST(!decode("[1]", {}));
  BOOST_TEST(!decode("hello", {}));
  BOOST_TEST(!DecodeCursor("%%junk%%", {}, p).has_value());
  BOOST_TEST(!DecodeCursor("", {}, p).has_value());
}

}  // namespace
}  // namespace vingt::server
