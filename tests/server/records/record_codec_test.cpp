#include "server/records/record_codec.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iterator>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>
#include <simdjson.h>

#include "protocol/graphql/input_value.h"

#include "protocol/iso_time.h"
#include "protocol/json_write.h"
#include "storage/row.h"
#include "storage/schema.h"
#include "storage/standard_objects.h"

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
using storage::RelationInfo;
using storage::RelationType;
using storage::RowBuilder;
using storage::RowRef;

constexpr int64_t kNow = 1714557600000;    // 2024-05-01T10:00:00.000Z
constexpr int64_t kLater = 1714644000000;  // 2024-05-02T10:00:00.000Z
constexpr const char* kId = "20202020-b21e-4ec2-873b-de4264d89021";
constexpr const char* kCompanyId = "7f3e0c4a-1111-4d2b-9c3e-0123456789ab";

FieldSchema Field(std::string name, FieldType type, std::string default_json = "", bool nullable = true) {
  FieldSchema f;
  f.name = std::move(name);
  f.type = type;
  f.default_value_json = std::move(default_json);
  f.is_nullable = nullable;
  return f;
}

FieldSchema WithOptions(FieldSchema f, std::vector<std::string> values) {
  for (auto& v : values) {
    storage::SelectOption o;
    o.value = v;
    o.label = v;
    f.options.push_back(o);
  }
  return f;
}

FieldSchema Relation(std::string name, RelationType type, std::string target) {
  FieldSchema f = Field(std::move(name), FieldType::kRelation);
  f.relation = RelationInfo{type, std::move(target), "", storage::OnDelete::kSetNull};
  return f;
}

// One field of every type, in the order Twenty lists a person's.
ObjectSchema MakeSchema() {
  ObjectSchema s;
  s.name_singular = "person";
  s.name_plural = "people";
  s.fields = {
      Field("id", FieldType::kUuid, "uuid", false),
      Field("createdAt", FieldType::kDateTime, "now", false),
      Field("updatedAt", FieldType::kDateTime, "now", false),
      Field("deletedAt", FieldType::kDateTime),
      Field("createdBy", FieldType::kActor, R"({"source":"'MANUAL'","name":"'System'","workspaceMemberId":null})",
            false),
      Field("updatedBy", FieldType::kActor, R"({"source":"'MANUAL'","name":"'System'","workspaceMemberId":null})",
            false),
      Field("position", FieldType::kPosition),
      Field("name", FieldType::kFullName, R"({"firstName":"''","lastName":"''"})"),
      Field("emails", FieldType::kEmails, R"({"primaryEmail":"''","additionalEmails":null})"),
      Field("linkedinLink", FieldType::kLinks),
      Field("phones", FieldType::kPhones),
      Field("jobTitle", FieldType::kText, "''", false),
      Field("city", FieldType::kText),
      WithOptions(Field("stage", FieldType::kSelect, "'NEW'", false), {"NEW", "SCREENING", "MEETING"}),
      WithOptions(Field("tags", FieldType::kMultiSelect), {"A", "B"}),
      Field("rating", FieldType::kRating),
      Field("isVip", FieldType::kBoolean, "false", false),
      Field("employees", FieldType::kNumber),
      Field("score", FieldType::kNumeric),
      Field("closeDate", FieldType::kDateTime),
      Field("birthday", FieldType::kDate),
      Field("amount", FieldType::kCurrency, R"({"amountMicros":null,"currencyCode":"''"})"),
      Field("address", FieldType::kAddress),
      Field("data", FieldType::kRawJson),
      Field("labels", FieldType::kArray),
      Field("bodyV2", FieldType::kRichTextV2),
      Field("externalId", FieldType::kUuid),
      Field("mustHave", FieldType::kNumber, "", false),
      Relation("company", RelationType::kManyToOne, "company"),
      Relation("pointOfContactForOpportunities", RelationType::kOneToMany, "opportunity"),
      Field("searchVector", FieldType::kTsVector),
  };
  s.AssignSlots();
  return s;
}

const ObjectSchema& Schema() {
  static const ObjectSchema schema = MakeSchema();
  return schema;
}

WriteContext Ctx(int64_t now = kNow) {
  WriteContext ctx;
  ctx.now_ms = now;
  ctx.actor_name = "My key";
  return ctx;
}

std::string ToJson(const RowRef& row) {
  protocol::JsonWriter w;
  WriteRecordJson(Schema(), *row, w);
  return w.Take();
}

struct Decoded {
  Status status;
  RowRef row;
};

Decoded Decode(const std::string& body, WriteMode mode, const RowRef& base = RowRef(), int64_t now = kNow,
               const std::vector<ResolvedConnect>* connects = nullptr) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  BOOST_REQUIRE_MESSAGE(parser.parse(body).get(e) == simdjson::SUCCESS, body);
  RowBuilder builder = base ? RowBuilder(*base, Schema().slot_count()) : RowBuilder(Schema().slot_count());
  Decoded d;
  d.status = DecodeRecordInput(Schema(), e, mode, Ctx(now), &builder, connects);
  if (d.status.ok()) d.row = builder.Build();
  return d;
}

RowRef Create(const std::string& body) {
  Decoded d = Decode(body, WriteMode::kCreate);
  BOOST_REQUIRE_MESSAGE(d.status.ok(), d.status.ToString());
  return d.row;
}

// The compact JSON of one key of the record's JSON.
std::string FieldJson(const RowRef& row, const std::string& key) {
  std::string json = ToJson(row);
  simdjson::dom::parser parser;
  simdjson::dom::element e, v;
  BOOST_REQUIRE(parser.parse(json).get(e) == simdjson::SUCCESS);
  if (e[key].get(v) != simdjson::SUCCESS) return "<absent>";
  return simdjson::minify(v);
}

const std::string kActorJson = R"({"source":"API","workspaceMemberId":null,"name":"My key","context":{}})";

BOOST_AUTO_TEST_CASE(CreateFillsTwentyDefaults) {
  RowRef row = Create(std::string(R"({"id":")") + kId + R"("})");
  std::string expected = std::string(R"({"id":")") + kId +
                         R"(","createdAt":"2024-05-01T10:00:00.000Z","updatedAt":"2024-05-01T10:00:00.000Z",)"
                         R"("deletedAt":null,"createdBy":)" + kActorJson + R"(,"updatedBy":)" + kActorJson +
                         R"(,"position":null,"name":{"firstName":"","lastName":""},)"
                         R"("emails":{"primaryEmail":"","additionalEmails":null},)"
                         R"("linkedinLink":{"primaryLinkUrl":"","primaryLinkLabel":"","secondaryLinks":null},)"
                         R"("phones":{"primaryPhoneNumber":"","primaryPhoneCountryCode":"","primaryPhoneCallingCode":"",)"
                         R"("additionalPhones":null},"jobTitle":"","city":"","stage":"NEW","tags":null,"rating":null,)"
                         R"("isVip":false,"employees":null,"score":null,"closeDate":null,"birthday":null,)"
                         R"("amount":{"amountMicros":null,"currencyCode":""},)"
                         R"("address":{"addressStreet1":"","addressStreet2":"","addressCity":"","addressState":"",)"
                         R"("addressPostcode":"","addressCountry":"","addressLat":null,"addressLng":null},)"
                         R"("data":null,"labels":null,"bodyV2":{"blocknote":null,"markdown":null},)"
                         R"("externalId":null,"mustHave":null,"companyId":null})";
  BOOST_TEST(ToJson(row) == expected);
}

BOOST_AUTO_TEST_CASE(CreateWithoutIdGeneratesV4) {
  RowRef a = Create("{}");
  RowRef b = Create("{}");
  storage::Uuid ia = a->GetUuid(Schema().id_slot);
  BOOST_TEST(!ia.IsNil());
  BOOST_TEST((ia.bytes[6] >> 4) == 4);
  BOOST_TEST(ia.ToString() != b->GetUuid(Schema().id_slot).ToString());
}

BOOST_AUTO_TEST_CASE(FullRoundTrip) {
  std::string body = std::string(R"({"id":")") + kId + R"(",)" +
                     R"("name":{"firstName":"Ada","lastName":"Lovelace"},)"
                     R"("emails":{"primaryEmail":"Ada@Example.COM.","additionalEmails":["A2@x.io"]},)"
                     R"("linkedinLink":{"primaryLinkUrl":"HTTPS://LinkedIn.com/in/ada/","primaryLinkLabel":"",)"
                     R"("secondaryLinks":[{"url":"https://Blog.ada.dev/","label":"Blog"},{"url":"","label":"x"}]},)"
                     R"("phones":{"primaryPhoneNumber":"612345678","primaryPhoneCountryCode":"FR",)"
                     R"("primaryPhoneCallingCode":"+33","additionalPhones":[{"number":"5550100","countryCode":"US","callingCode":"+1"}]},)"
                     R"("jobTitle":"Engineer","city":null,"stage":"MEETING","tags":["B","A"],"rating":"RATING_3",)"
                     R"("isVip":true,"employees":1500000000,"score":"12.50","closeDate":"2024-01-15T12:30:00+02:00",)"
                     R"("birthday":"1815-12-10","amount":{"amountMicros":"1500000000","currencyCode":"EUR"},)"
                     R"("address":{"addressCity":"Paris","addressLat":48.86,"addressLng":"2.34"},)"
                     R"("data":{"k":[1,"two",null]},"labels":"solo","bodyV2":{"markdown":"# Hi"},)"
                     R"("externalId":"AAAAAAAA-0000-4000-8000-000000000001","mustHave":7,"companyId":")" + kCompanyId +
                     R"(","position":3.5,"createdBy":{"source":"IMPORT"}})";
  RowRef row = Create(body);
  std::string expected =
      std::string(R"({"id":")") + kId +
      R"(","createdAt":"2024-05-01T10:00:00.000Z","updatedAt":"2024-05-01T10:00:00.000Z","deletedAt":null,)"
      R"("createdBy":{"source":"IMPORT","workspaceMemberId":null,"name":"My key","context":{}},"updatedBy":)" +
      kActorJson +
      R"(,"position":3.5,"name":{"firstName":"Ada","lastName":"Lovelace"},)"
      R"("emails":{"primaryEmail":"ada@example.com","additionalEmails":["a2@x.io"]},)"
      R"("linkedinLink":{"primaryLinkUrl":"https://linkedin.com/in/ada","primaryLinkLabel":"",)"
      R"("secondaryLinks":[{"url":"https://blog.ada.dev","label":"Blog"}]},)"
      R"("phones":{"primaryPhoneNumber":"612345678","primaryPhoneCountryCode":"FR","primaryPhoneCallingCode":"+33",)"
      R"("additionalPhones":[{"number":"5550100","countryCode":"US","callingCode":"+1"}]},)"
      R"("jobTitle":"Engineer","city":null,"stage":"MEETING","tags":["B","A"],"rating":"RATING_3","isVip":true,)"
      R"("employees":1500000000,"score":12.5,"closeDate":"2024-01-15T10:30:00.000Z","birthday":"1815-12-10",)"
      R"("amount":{"amountMicros":1500000000,"currencyCode":"EUR"},)"
      R"("address":{"addressStreet1":"","addressStreet2":"","addressCity":"Paris","addressState":"",)"
      R"("addressPostcode":"","addressCountry":"","addressLat":48.86,"addressLng":2.34},)"
      R"("data":{"k":[1,"two",null]},"labels":["solo"],"bodyV2":{"blocknote":null,"markdown":"# Hi"},)"
      R"("externalId":"aaaaaaaa-0000-4000-8000-000000000001","mustHave":7,"companyId":")" +
      kCompanyId + R"("})";
  BOOST_TEST(ToJson(row) == expected);

  // The encoded row survives the WAL/snapshot path unchanged.
  auto copy = RowRef::Decode(row->Encoded());
  BOOST_REQUIRE(copy.ok());
  BOOST_TEST(ToJson(*copy) == expected);
}

BOOST_AUTO_TEST_CASE(UpdateChangesOnlyGivenFieldsAndSubFields) {
  RowRef created = Create(std::string(R"({"id":")") + kId +
                          R"(","name":{"firstName":"Ada","lastName":"Lovelace"},"city":"London",)"
                          R"("amount":{"amountMicros":5,"currencyCode":"GBP"},"companyId":")" + kCompanyId + R"("})");
  Decoded d = Decode(R"({"name":{"firstName":"Augusta"},"amount":{"currencyCode":"EUR"},"stage":"SCREENING",)"
                     R"("createdBy":{"source":"IMPORT"},"id":"00000000-0000-4000-8000-000000000000"})",
                     WriteMode::kUpdate, created, kLater);
  BOOST_REQUIRE_MESSAGE(d.status.ok(), d.status.ToString());
  BOOST_TEST(FieldJson(d.row, "name") == R"({"firstName":"Augusta","lastName":"Lovelace"})");
  BOOST_TEST(FieldJson(d.row, "amount") == R"({"amountMicros":5,"currencyCode":"EUR"})");
  BOOST_TEST(FieldJson(d.row, "city") == R"("London")");
  BOOST_TEST(FieldJson(d.row, "stage") == R"("SCREENING")");
  BOOST_TEST(FieldJson(d.row, "companyId") == std::string("\"") + kCompanyId + "\"");
  BOOST_TEST(FieldJson(d.row, "id") == std::string("\"") + kId + "\"");  // an update never moves the id
  BOOST_TEST(FieldJson(d.row, "createdAt") == R"("2024-05-01T10:00:00.000Z")");
  BOOST_TEST(FieldJson(d.row, "updatedAt") == R"("2024-05-02T10:00:00.000Z")");
  BOOST_TEST(FieldJson(d.row, "createdBy") == kActorJson);  // createdBy is never changed by an update
  BOOST_TEST(FieldJson(d.row, "updatedBy") == kActorJson);
}

BOOST_AUTO_TEST_CASE(UpdateNullsAndRelations) {
  RowRef created = Create(std::string(R"({"name":{"firstName":"A","lastName":"B"},"companyId":")") + kCompanyId +
                          R"(","tags":["A"]})");
  Decoded d = Decode(R"({"name":null,"company":{"disconnect":true},"tags":[]})", WriteMode::kUpdate, created);
  BOOST_REQUIRE_MESSAGE(d.status.ok(), d.status.ToString());
  BOOST_TEST(FieldJson(d.row, "name") == R"({"firstName":null,"lastName":null})");
  BOOST_TEST(FieldJson(d.row, "companyId") == "null");
  BOOST_TEST(FieldJson(d.row, "tags") == "null");

  Decoded connect = Decode(std::string(R"({"company":{"connect":{"where":{"id":")") + kCompanyId + R"("}}}})",
                           WriteMode::kUpdate, d.row);
  BOOST_REQUIRE_MESSAGE(connect.status.ok(), connect.status.ToString());
  BOOST_TEST(FieldJson(connect.row, "companyId") == std::string("\"") + kCompanyId + "\"");

  Decoded cleared = Decode(R"({"company":null})", WriteMode::kUpdate, connect.row);
  BOOST_REQUIRE(cleared.status.ok());
  BOOST_TEST(FieldJson(cleared.row, "companyId") == "null");
}

BOOST_AUTO_TEST_CASE(ConnectTakesResolvedIds) {
  const storage::FieldSchema* company = Schema().FindField("company");
  BOOST_REQUIRE(company != nullptr);
  const std::string body = R"({"company":{"connect":{"where":{"domainName":{"primaryLinkUrl":"https://acme.com"}}}}})";
  std::vector<ResolvedConnect> found;
  found.push_back(ResolvedConnect{company, *storage::Uuid::Parse(kCompanyId)});
  Decoded d = Decode(body, WriteMode::kCreate, RowRef(), kNow, &found);
  BOOST_REQUIRE_MESSAGE(d.status.ok(), d.status.ToString());
  BOOST_TEST(FieldJson(d.row, "companyId") == std::string("\"") + kCompanyId + "\"");

  std::vector<ResolvedConnect> missing;
  missing.push_back(ResolvedConnect{
      company, Status::InvalidArgument("Expected 1 record to connect to company").WithDetailCode("CONNECT_RECORD_NOT_FOUND")});
  Decoded refused = Decode(body, WriteMode::kCreate, RowRef(), kNow, &missing);
  BOOST_TEST(refused.status.detail_code() == "CONNECT_RECORD_NOT_FOUND");

  // Without tables to look in, only an id can be connected.
  Decoded no_tables = Decode(R"({"company":{"connect":{"where":{"name":"Acme"}}}})", WriteMode::kCreate);
  BOOST_TEST(!no_tables.status.ok());
}

BOOST_AUTO_TEST_CASE(RelationOperationsWinOverTheJoinColumn) {
  const std::string other = "11111111-2222-4333-8444-555555555555";
  Decoded d = Decode(R"({"company":{"disconnect":true},"companyId":")" + other + R"("})", WriteMode::kCreate);
  BOOST_REQUIRE_MESSAGE(d.status.ok(), d.status.ToString());
  BOOST_TEST(FieldJson(d.row, "companyId") == "null");

  Decoded both = Decode(std::string(R"({"companyId":")") + other + R"(","company":{"connect":{"where":{"id":")" +
                            kCompanyId + R"("}}}})",
                        WriteMode::kCreate);
  BOOST_TEST(both.status.message() == "company and companyId cannot be both provided.");
  BOOST_TEST(both.status.detail_code() == "CONNECT_NOT_ALLOWED");

  Decoded two_ops = Decode(std::string(R"({"company":{"disconnect":true,"connect":{"where":{"id":")") + kCompanyId +
                               R"("}}}})",
                           WriteMode::kCreate);
  BOOST_TEST(two_ops.status.detail_code() == "CONNECT_NOT_ALLOWED");

  Decoded no_where = Decode(R"({"company":{"connect":{}}})", WriteMode::kCreate);
  BOOST_TEST(no_where.status.detail_code() == "CONNECT_UNIQUE_CONSTRAINT_ERROR");
}

struct ValueCase {
  const char* body;
  const char* key;       // key of the record JSON to compare
  const char* expected;  // its compact JSON
};

std::ostream& operator<<(std::ostream& os, const ValueCase& c) { return os << c.body; }

const ValueCase kValueCases[] = {
    // Emails: lower-cased, trailing dots dropped, IDNA domains in punycode.
    {R"({"emails":{"primaryEmail":"ABC@\ud83d\udca9\u3002LA."}})", "emails",
     R"({"primaryEmail":"abc@xn--ls8h.la","additionalEmails":null})"},
    {R"({"emails":{"primaryEmail":"x@M\u00fcnchen\uff0eDE."}})", "emails",
     R"({"primaryEmail":"x@xn--mnchen-3ya.de","additionalEmails":null})"},
    // Upper case beyond ASCII is lowered before IDNA, in both parts; every
    // Unicode full stop is a dot (U+FF61 here).
    {R"({"emails":{"primaryEmail":"ADA@M\u00dcNCHEN\uff61DE"}})", "emails",
     R"({"primaryEmail":"ada@xn--mnchen-3ya.de","additionalEmails":null})"},
    {R"({"emails":{"primaryEmail":"J\u00d6HN@EXAMPLE.COM"}})", "emails",
     R"({"primaryEmail":"j)" "\xC3\xB6" R"(hn@example.com","additionalEmails":null})"},
    {R"({"emails":{"additionalEmails":"One@B.com"}})", "emails", R"({"primaryEmail":"","additionalEmails":["one@b.com"]})"},
    {R"({"emails":{"additionalEmails":[]}})", "emails", R"({"primaryEmail":"","additionalEmails":null})"},
    {R"({"emails":{"primaryEmail":""}})", "emails", R"({"primaryEmail":"","additionalEmails":null})"},
    {R"({"emails":null})", "emails", R"({"primaryEmail":null,"additionalEmails":null})"},
    {R"({"emails":{}})", "emails", R"({"primaryEmail":"","additionalEmails":null})"},
    // Links.
    {R"({"linkedinLink":{"primaryLinkUrl":"https://acme.com/"}})", "linkedinLink",
     R"({"primaryLinkUrl":"https://acme.com","primaryLinkLabel":"","secondaryLinks":null})"},
    {R"({"linkedinLink":{"primaryLinkUrl":"acme.com/"}})", "linkedinLink",
     R"({"primaryLinkUrl":"acme.com/","primaryLinkLabel":"","secondaryLinks":null})"},
    {R"({"linkedinLink":{"primaryLinkUrl":"https://user:pw@ACME.com:443/Path/?q=A#X"}})", "linkedinLink",
     R"({"primaryLinkUrl":"https://acme.com/Path/?q=A#X","primaryLinkLabel":"","secondaryLinks":null})"},
    {R"({"linkedinLink":{"secondaryLinks":"[{\"url\":\"http://X.io/\"}]"}})", "linkedinLink",
     R"({"primaryLinkUrl":"","primaryLinkLabel":"","secondaryLinks":[{"url":"http://x.io"}]})"},
    {R"({"linkedinLink":{"secondaryLinks":[]}})", "linkedinLink",
     R"({"primaryLinkUrl":"","primaryLinkLabel":"","secondaryLinks":[]})"},
    // Numbers and numerics.
    {R"({"employees":-1.1})", "employees", "-1.1"},
    {R"({"employees":0})", "employees", "0"},
    {R"({"score":"123.45"})", "score", "123.45"},
    {R"({"score":" 1e3 "})", "score", "1000"},
    {R"({"score":"0x10"})", "score", "16"},
    {R"({"score":""})", "score", "null"},
    {R"({"score":true})", "score", "1"},
    {R"({"amount":{"amountMicros":""}})", "amount", R"({"amountMicros":null,"currencyCode":""})"},
    // Dates.
    {R"({"closeDate":"2025-01-13"})", "closeDate", R"("2025-01-13T00:00:00.000Z")"},
    {R"({"closeDate":"January 13, 2025"})", "closeDate", R"("2025-01-13T00:00:00.000Z")"},
    {R"({"closeDate":"2025-01-13 10:30"})", "closeDate", R"("2025-01-13T10:30:00.000Z")"},
    {R"({"closeDate":null})", "closeDate", "null"},
    {R"({"birthday":"01/13/2025"})", "birthday", R"("2025-01-13")"},
    {R"({"birthday":"2025-01-13T10:30:00Z"})", "birthday", R"("2025-01-13")"},
    {R"({"createdAt":"2020-01-01T00:00:00Z"})", "createdAt", R"("2020-01-01T00:00:00.000Z")"},
    {R"({"createdAt":null})", "createdAt", R"("2024-05-01T10:00:00.000Z")"},
    // Lists.
    {R"({"tags":"A"})", "tags", R"(["A"])"},
    {R"({"tags":[]})", "tags", "null"},
    {R"({"labels":["x","y"]})", "labels", R"(["x","y"])"},
    // Raw JSON given as text is stored parsed.
    {R"({"data":"{\"key\": \"value\"}"})", "data", R"({"key":"value"})"},
    {R"({"data":[]})", "data", "[]"},
    {R"({"data":{}})", "data", "{}"},
    // Rich text v2.
    {R"({"bodyV2":{"blocknote":"[]","markdown":"x"}})", "bodyV2", R"({"blocknote":"[]","markdown":"x"})"},
    {R"({"bodyV2":{}})", "bodyV2", R"({"blocknote":null,"markdown":null})"},
    // Select, boolean, uuid, position, text.
    {R"({"stage":null})", "stage", "null"},
    {R"({"isVip":null})", "isVip", "null"},
    {R"({"rating":"RATING_5"})", "rating", R"("RATING_5")"},
    {R"({"externalId":null})", "externalId", "null"},
    {R"({"position":"first"})", "position", "null"},
    {R"({"position":-100})", "position", "-100"},
    {R"({"jobTitle":""})", "jobTitle", R"("")"},
    {R"({"city":"Z\u00fcrich \"HQ\""})", "city", R"("Zürich \"HQ\"")"},
    // Actors: the server names the actor; the body may pick the source.
    {R"({"createdBy":{"source":"IMPORT","name":"Mallory","workspaceMemberId":null,"context":{"a":1}}})", "createdBy",
     R"({"source":"IMPORT","workspaceMemberId":null,"name":"My key","context":{"a":1}})"},
    {R"({"createdBy":null})", "createdBy", R"({"source":"API","workspaceMemberId":null,"name":"My key","context":{}})"},
    {R"({"company":{"disconnect":true}})", "companyId", "null"},
    {R"({"companyId":null})", "companyId", "null"},
};

BOOST_DATA_TEST_CASE(ValidValuesAreNormalised, bdata::make(kValueCases), c) {
  Decoded d = Decode(c.body, WriteMode::kCreate);
  BOOST_REQUIRE_MESSAGE(d.status.ok(), d.status.ToString());
  BOOST_TEST(FieldJson(d.row, c.key) == c.expected);
}

struct ErrorCase {
  const char* body;
  const char* message;
};

std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.body; }

// Messages from Twenty's data-arg processor and its snapshot tests
// (__tests__/__snapshots__/data-arg-processor.service.spec.ts.snap).
const ErrorCase kErrorCases[] = {
    {R"({"foo":1})", R"(Object person doesn't have any "foo" field.)"},
    {R"({"mustHave":null})", "Field mustHave is not nullable and has no default value."},
    {R"({"pointOfContactForOpportunities":[]})",
     "One-to-many relation pointOfContactForOpportunities field does not support write operations."},
    {R"({"company":"x"})", R"(Relation "company" requires connect or disconnect operation)"},
    {R"({"company":{}})", R"(Relation "company" requires connect or disconnect operation)"},
    {R"({"company":{"connect":null}})", R"(Relation "company" requires connect or disconnect operation)"},
    {R"({"searchVector":"x"})", "searchVector TS_VECTOR-typed field does not support write operations"},
    // TEXT
    {R"({"city":{}})", R"(Invalid string value {} for text field "city")"},
    {R"({"city":[]})", R"(Invalid string value [] for text field "city")"},
    {R"({"city":true})", R"(Invalid string value true for text field "city")"},
    {R"({"city":1})", R"(Invalid string value 1 for text field "city")"},
    // NUMBER
    {R"({"employees":{}})", R"(Invalid number value {} for field "employees")"},
    {R"({"employees":[]})", R"(Invalid number value [] for field "employees")"},
    {R"({"employees":true})", R"(Invalid number value true for field "employees")"},
    {R"({"employees":"string"})", R"(Invalid number value 'string' for field "employees")"},
    // NUMERIC
    {R"({"score":{}})", R"(Invalid number value NaN for field "score")"},
    {R"({"score":"not-a-number"})", R"(Invalid number value NaN for field "score")"},
    {R"({"score":"Infinity"})", R"(Invalid number value Infinity for field "score")"},
    {R"({"amount":{"amountMicros":"abc"}})", R"(Invalid number value NaN for field "amount.amountMicros")"},
    // UUID and join columns
    {R"({"externalId":{}})", R"(Invalid UUID value {} for field "externalId")"},
    {R"({"externalId":[]})", R"(Invalid UUID value [] for field "externalId")"},
    {R"({"externalId":true})", R"(Invalid UUID value true for field "externalId")"},
    {R"({"externalId":1})", R"(Invalid UUID value 1 for field "externalId")"},
    {R"({"externalId":"non-uuid"})", R"(Invalid UUID value 'non-uuid' for field "externalId")"},
    {R"({"externalId":""})", R"(Invalid UUID value '' for field "externalId")"},
    {R"({"companyId":"non-uuid"})", R"(Invalid UUID value 'non-uuid' for field "companyId")"},
    {R"({"companyId":{}})", R"(Invalid UUID value {} for field "companyId")"},
    {R"({"id":"nope"})", R"(Invalid UUID value 'nope' for field "id")"},
    // SELECT / RATING
    {R"({"stage":"FOO"})", R"(Invalid value 'FOO' for field "stage")"},
    {R"({"stage":1})", R"(Invalid string value 1 for text field "stage")"},
    {R"({"stage":{}})", R"(Invalid string value {} for text field "stage")"},
    {R"({"rating":"not-a-rating"})", R"(Invalid value 'not-a-rating' for field "rating")"},
    {R"({"rating":true})", R"(Invalid string value true for text field "rating")"},
    // MULTI_SELECT / ARRAY
    {R"({"tags":"not-a-select-option"})", R"(Invalid value 'not-a-select-option' for multi select field "tags")"},
    {R"({"tags":["A","FOO"]})", R"(Invalid value [ 'A', 'FOO' ] for multi select field "tags")"},
    {R"({"tags":{}})", R"(Invalid value {} for field "tags - Array values need to be string")"},
    {R"({"tags":true})", R"(Invalid value true for field "tags - Array values need to be string")"},
    {R"({"tags":1})", R"(Invalid value 1 for field "tags - Array values need to be string")"},
    {R"({"labels":[1]})", R"(Invalid value [ 1 ] for field "labels - Array values need to be string")"},
    // DATE_TIME
    {R"({"closeDate":"malformed-date"})",
     R"(Invalid value 'malformed-date' for date-time field "closeDate". Expected format: 'YYYY-MM-DDTHH:mm:ssZ')"},
    {R"({"closeDate":{}})", R"(Invalid value {} for date-time field "closeDate". Expected format: 'YYYY-MM-DDTHH:mm:ssZ')"},
    {R"({"closeDate":[]})", R"(Invalid value [] for date-time field "closeDate". Expected format: 'YYYY-MM-DDTHH:mm:ssZ')"},
    {R"({"closeDate":true})",
     R"(Invalid value true for date-time field "closeDate". Expected format: 'YYYY-MM-DDTHH:mm:ssZ')"},
    {R"({"closeDate":1})", R"(Invalid value 1 for date-time field "closeDate". Expected format: 'YYYY-MM-DDTHH:mm:ssZ')"},
    {R"({"closeDate":"2024"})",
     R"(Invalid value '2024' for date-time field "closeDate". Expected format: 'YYYY-MM-DDTHH:mm:ssZ')"},
    {R"({"closeDate":"2024-01"})",
     R"(Invalid value '2024-01' for date-time field "closeDate". Expected format: 'YYYY-MM-DDTHH:mm:ssZ')"},
    {R"({"closeDate":"2024-13-01T10:30:00Z"})",
     R"(Invalid value '2024-13-01T10:30:00Z' for date-time field "closeDate". Expected format: 'YYYY-MM-DDTHH:mm:ssZ')"},
    {R"({"closeDate":"2024-01-15T25:30:00Z"})",
     R"(Invalid value '2024-01-15T25:30:00Z' for date-time field "closeDate". Expected format: 'YYYY-MM-DDTHH:mm:ssZ')"},
    // DATE
    {R"({"birthday":"malformed-date"})",
     R"(Invalid value 'malformed-date' for date field "birthday". Expected format: 'YYYY-MM-DD')"},
    {R"({"birthday":{}})", R"(Invalid value {} for date field "birthday". Expected format: 'YYYY-MM-DD')"},
    {R"({"birthday":1})", R"(Invalid value 1 for date field "birthday". Expected format: 'YYYY-MM-DD')"},
    {R"({"birthday":"2024"})", R"(Invalid value '2024' for date field "birthday". Expected format: 'YYYY-MM-DD')"},
    {R"({"birthday":"2024-01"})", R"(Invalid value '2024-01' for date field "birthday". Expected format: 'YYYY-MM-DD')"},
    {R"({"birthday":"2024-13-01"})",
     R"(Invalid value '2024-13-01' for date field "birthday". Expected format: 'YYYY-MM-DD')"},
    {R"({"birthday":"2024-02-31"})",
     R"(Invalid value '2024-02-31' for date field "birthday". Expected format: 'YYYY-MM-DD')"},
    // BOOLEAN
    {R"({"isVip":{}})", R"(Invalid boolean value {} for field "isVip")"},
    {R"({"isVip":[]})", R"(Invalid boolean value [] for field "isVip")"},
    {R"({"isVip":"string"})", R"(Invalid boolean value 'string' for field "isVip")"},
    {R"({"isVip":1})", R"(Invalid boolean value 1 for field "isVip")"},
    // Composites given a non-object
    {R"({"name":"not-a-full-name"})", R"(Invalid object value 'not-a-full-name' for field "name")"},
    {R"({"name":1})", R"(Invalid object value 1 for field "name")"},
    {R"({"emails":"not-an-email"})", R"(Invalid object value 'not-an-email' for field "emails")"},
    {R"({"linkedinLink":true})", R"(Invalid object value true for field "linkedinLink")"},
    {R"({"phones":"not-a-phone"})", R"(Invalid object value 'not-a-phone' for field "phones")"},
    {R"({"amount":1})", R"(Invalid object value 1 for field "amount")"},
    {R"({"address":"not-an-address"})", R"(Invalid object value 'not-an-address' for field "address")"},
    {R"({"createdBy":"x"})", R"(Invalid object value 'x' for field "createdBy")"},
    {R"({"data":"not-a-json"})", R"(Invalid object value 'not-a-json' for field "data")"},
    {R"({"data":5})", R"(Invalid object value 5 for field "data")"},
    {R"({"bodyV2":"not-a-rich-text"})",
     R"(Invalid rich text v2 value 'not-a-rich-text' for field "bodyV2" - Should be an object)"},
    {R"({"bodyV2":1})", R"(Invalid rich text v2 value 1 for field "bodyV2" - Should be an object)"},
    {R"({"bodyV2":{"html":"x"}})",
     R"(Invalid rich text v2 value { html: 'x' } for field "bodyV2" - Should have only blocknote, markdown subfields)"},
    // Unknown sub-fields
    {R"({"name":{"middleName":"x"}})", R"(Invalid subfield middleName for full name field "name")"},
    {R"({"emails":{"secondaryEmail":"x"}})", R"(Invalid subfield secondaryEmail for emails field "emails")"},
    {R"({"linkedinLink":{"url":"x"}})", R"(Invalid subfield url for links field "linkedinLink")"},
    {R"({"phones":{"number":"1"}})", R"(Invalid subfield number for phones field "phones")"},
    {R"({"amount":{"amount":1}})", R"(Invalid subfield amount for currency field "amount")"},
    {R"({"address":{"addressStreet3":"x"}})", R"(Invalid subfield addressStreet3 for address field "address")"},
    {R"({"createdBy":{"kind":"x"}})", R"(Invalid subfield kind for actor field "createdBy")"},
    {R"({"name":["x"]})", R"(Invalid subfield 0 for full name field "name")"},
    // Sub-field values
    {R"({"name":{"firstName":1}})", R"(Invalid string value 1 for text field "name.firstName")"},
    {R"({"emails":{"primaryEmail":"not-an-email"}})",
     R"(Invalid string value 'not-an-email' for email field "emails.primaryEmail")"},
    {R"({"emails":{"primaryEmail":"a b@c.d"}})", R"(Invalid string value 'a b@c.d' for email field "emails.primaryEmail")"},
    {R"({"emails":{"primaryEmail":5}})", R"(Invalid string value 5 for email field "emails.primaryEmail")"},
    {R"({"emails":{"additionalEmails":"not-an-email"}})",
     R"(Invalid string value 'not-an-email' for email field "emails.additionalEmails")"},
    {R"({"emails":{"additionalEmails":["not-an-email"]}})",
     R"(Invalid string value 'not-an-email' for email field "emails.additionalEmails")"},
    {R"({"emails":{"primaryEmail":"email@email.com","additionalEmails":["not-an-email"]}})",
     R"(Invalid string value 'not-an-email' for email field "emails.additionalEmails")"},
    {R"({"emails":{"additionalEmails":["not-an-email","additional@email.com"]}})",
     R"(Invalid string value 'not-an-email' for email field "emails.additionalEmails")"},
    {R"({"emails":{"additionalEmails":[null]}})",
     R"(Invalid value [ null ] for field "emails.additionalEmails - Array values need to be string")"},
    {R"({"emails":{"additionalEmails":5}})",
     R"(Invalid value 5 for field "emails.additionalEmails - Array values need to be string")"},
    {R"({"linkedinLink":{"secondaryLinks":5}})", R"(Invalid object value 5 for field "linkedinLink.secondaryLinks")"},
    {R"({"phones":{"additionalPhones":"nope"}})", R"(Invalid object value 'nope' for field "phones.additionalPhones")"},
    {R"({"createdBy":{"source":"ROBOT"}})", R"(Invalid value 'ROBOT' for field "createdBy.source")"},
    {R"({"createdBy":{"workspaceMemberId":"x"}})", R"(Invalid UUID value 'x' for field "createdBy.workspaceMemberId")"},
    // POSITION
    {R"({"position":"not-a-position"})", R"(Invalid position value 'not-a-position' for field "position")"},
    {R"({"position":{}})", R"(Invalid position value {} for field "position")"},
    {R"({"position":[]})", R"(Invalid position value [] for field "position")"},
    {R"({"position":null})", R"(Invalid position value null for field "position")"},
};

BOOST_DATA_TEST_CASE(InvalidValuesGetTwentysMessages, bdata::make(kErrorCases), c) {
  for (WriteMode mode : {WriteMode::kCreate, WriteMode::kUpdate}) {
    RowRef base = mode == WriteMode::kUpdate ? Create("{}") : RowRef();
    Decoded d = Decode(c.body, mode, base);
    BOOST_TEST(!d.status.ok());
    BOOST_TEST((d.status.code() == StatusCode::kInvalidArgument));
    BOOST_TEST(d.status.message() == c.message);
    BOOST_TEST(d.status.detail_code() == "INVALID_ARGS_DATA");
  }
}


// Output: the layout writer against the writer it replaced.

// Date.prototype.toISOString, written independently of protocol/iso_time's
// formatter (plain arithmetic and snprintf).
std::string ReferenceIsoDateTime(int64_t ms) {
  int64_t days = ms / 86'400'000, rem = ms % 86'400'000;
  if (rem < 0) rem += 86'400'000, days -= 1;
  int64_t year;
  unsigned month, day;
  protocol::CivilFromDays(days, &year, &month, &day);
  char buf[64];
  if (year >= 0 && year <= 9999)
    std::snprintf(buf, sizeof(buf), "%04lld", static_cast<long long>(year));
  else
    std::snprintf(buf, sizeof(buf), "%c%06lld", year < 0 ? '-' : '+', static_cast<long long>(year < 0 ? -year : year));
  std::string out = buf;
  std::snprintf(buf, sizeof(buf), "-%02u-%02uT%02d:%02d:%02d.%03dZ", month, day, static_cast<int>(rem / 3'600'000),
                static_cast<int>(rem / 60'000 % 60), static_cast<int>(rem / 1000 % 60), static_cast<int>(rem % 1000));
  return out + buf;
}

// WriteRecordJson as it was before record layouts: every key and value
// through JsonWriter's general calls.
void ReferenceSlot(const storage::Row& row, size_t slot, storage::SlotKind kind, protocol::JsonWriter& out) {
  using storage::SlotKind;
  if (row.IsNull(slot)) {
    out.Null();
    return;
  }
  switch (kind) {
    case SlotKind::kText:
    case SlotKind::kDate: out.String(row.Text(slot)); return;
    case SlotKind::kUuid: out.String(row.GetUuid(slot).ToString()); return;
    case SlotKind::kNumber: out.Double(row.Number(slot)); return;
    case SlotKind::kBoolean: out.Bool(row.Boolean(slot)); return;
    case SlotKind::kTimestamp: out.String(ReferenceIsoDateTime(row.Timestamp(slot))); return;
    case SlotKind::kJson:
      if (row.Bytes(slot).empty())
        out.Null();
      else
        out.RawJson(row.Bytes(slot));
      return;
    case SlotKind::kStringList:
      out.StartArray();
      for (std::string_view item : row.StringList(slot)) out.String(item);
      out.EndArray();
      return;
  }
}

void ReferenceRecordJson(const ObjectSchema& schema, const storage::Row& row, protocol::JsonWriter& out) {
  out.StartObject();
  for (const FieldSchema& f : schema.fields) {
    if (!f.is_active || f.slot_count == 0 || f.IsOneToMany() || f.type == FieldType::kTsVector) continue;
    if (f.IsManyToOne()) {
      out.Key(f.JoinColumnName());
      ReferenceSlot(row, f.first_slot, storage::SlotKind::kUuid, out);
      continue;
    }
    out.Key(f.name);
    auto subs = storage::CompositeSubFields(f.type);
    if (subs.empty()) {
      ReferenceSlot(row, f.first_slot, schema.slots[f.first_slot].kind, out);
      continue;
    }
    out.StartObject();
    for (size_t i = 0; i < subs.size() && i < f.slot_count; ++i) {
      out.Key(subs[i].name);
      ReferenceSlot(row, f.first_slot + i, subs[i].kind, out);
    }
    out.EndObject();
  }
  out.EndObject();
}

// Values meant to hit every branch of the string writer: empty, short and
// long, escapes at word edges, control bytes, UTF-8, NUL.
const std::vector<std::string>& TextPool() {
  static const std::vector<std::string> pool = [] {
    std::vector<std::string> p = {"",
                                  "A",
                                  "Ad",
                                  "Ada",
                                  "Lovelace",
                                  "ada.lovelace.0@example.com",
                                  "https://www.linkedin.com/in/ada.lovelace.0",
                                  "+33",
                                  "a\"b",
                                  "back\\slash",
                                  "\b\f\n\r\t",
                                  std::string("nul\0byte", 8),
                                  "\x01\x1f\x7f",
                                  "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x99\x82",
                                  "</script>",
                                  "2024-05-01"};
    for (size_t len : {4, 7, 8, 9, 15, 16, 17, 24, 31, 100}) {
      for (char special : {'"', '\\', '\n', '\x1f', 'z'}) {
        for (size_t pos : {size_t{0}, len / 2, len - 1}) {
          std::string s(len, 'x');
          s[pos] = special;
          p.push_back(s);
        }
      }
    }
    return p;
  }();
  return pool;
}

// A row of `slot_count` slots for `schema`, each slot NULL about one time in
// six, else a value of its kind (sometimes of the wrong width, which the
// reader must take as Row's accessors do).
RowRef RandomRow(const ObjectSchema& schema, size_t slot_count, std::mt19937_64& rng) {
  using storage::SlotKind;
  const auto& texts = TextPool();
  RowBuilder b(slot_count);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  for (size_t slot = 0; slot < slot_count; ++slot) {
    if (pick(6) == 0) continue;  // NULL
    SlotKind kind = slot < schema.slots.size() ? schema.slots[slot].kind : SlotKind::kText;
    switch (kind) {
      case SlotKind::kText:
      case SlotKind::kDate: b.SetText(slot, texts[pick(texts.size())]); break;
      case SlotKind::kUuid: {
        storage::Uuid id;
        for (auto& byte : id.bytes) byte = static_cast<uint8_t>(rng());
        if (pick(20) == 0)
          b.SetRaw(slot, "short");
        else
          b.SetUuid(slot, id);
        break;
      }
      case SlotKind::kNumber: {
        static const double kNumbers[] = {0.0,  -0.0,      1.0,     -1.0,    1.5,      48.8566, 1500000000.0,
                                          1e21, 1e-7,      0.1,     5e-324,  -2.5e300, 1e19,    9007199254740992.0,
                                          NAN,  INFINITY,  -INFINITY, 123456789.125, -9007199254740991.0};
        if (pick(20) == 0)
          b.SetRaw(slot, "1234");
        else if (pick(3) == 0)
          b.SetNumber(slot, static_cast<double>(static_cast<int64_t>(rng() % 2000000) - 1000000) / 8);
        else
          b.SetNumber(slot, kNumbers[pick(std::size(kNumbers))]);
        break;
      }
      case SlotKind::kBoolean:
        if (pick(10) == 0)
          b.SetRaw(slot, pick(2) ? std::string("\x02", 1) : std::string());
        else
          b.SetBoolean(slot, pick(2) == 0);
        break;
      case SlotKind::kTimestamp: {
        static const int64_t kTimes[] = {0, -1, kNow, kNow + 1, 253402300799999, 253402300800000, -62167219200000,
                                         -62167219200001, 8'640'000'000'000'000, -8'640'000'000'000'000};
        if (pick(20) == 0)
          b.SetRaw(slot, "x");
        else if (pick(2) == 0)
          b.SetTimestamp(slot, kTimes[pick(std::size(kTimes))]);
        else
          b.SetTimestamp(slot, static_cast<int64_t>(rng() % 17'280'000'000'000'000) - 8'640'000'000'000'000);
        break;
      }
      case SlotKind::kJson: {
        static const char* kJson[] = {"", "{}", "[]", R"([{"number":"5550100","countryCode":"US"}])", "\"x\"",
                                      "null", "{\"k\":[1,\"two\",null]}"};
        b.SetJson(slot, kJson[pick(std::size(kJson))]);
        break;
      }
      case SlotKind::kStringList: {
        if (pick(10) == 0) {
          b.SetRaw(slot, std::string("\x05\x00\x00\x00\x03\x00\x00\x00" "abc\x09\x00\x00\x00" "de", 17));
          break;
        }
        std::vector<std::string> items;
        for (size_t n = pick(4); n > 0; --n) items.push_back(texts[pick(texts.size())]);
        b.SetStringList(slot, items);
        break;
      }
    }
  }
  return b.Build();
}

std::vector<ObjectSchema> OutputSchemas() {
  std::vector<ObjectSchema> schemas = storage::BuildStandardObjects(storage::Uuid{}, kNow);
  schemas.push_back(MakeSchema());
  return schemas;
}

std::string PageJson(const ObjectSchema& schema, const std::vector<RowRef>& rows, bool reference) {
  protocol::JsonWriter w;
  w.StartObject();
  w.Key("data");
  w.StartObject();
  w.Key(schema.name_plural);
  w.StartArray();
  for (const RowRef& row : rows) {
    if (reference)
      ReferenceRecordJson(schema, *row, w);
    else
      WriteRecordJson(schema, *row, w);
  }
  w.EndArray();
  w.Key("one");
  if (rows.empty())
    w.Null();
  else if (reference)
    ReferenceRecordJson(schema, *rows.front(), w);
  else
    WriteRecordJson(schema, *rows.front(), w);
  w.EndObject();
  w.EndObject();
  BOOST_TEST(w.IsComplete());
  return w.Take();
}

BOOST_AUTO_TEST_CASE(LayoutWriterMatchesTheGeneralWriter) {
  std::mt19937_64 rng(20);
  for (const ObjectSchema& schema : OutputSchemas()) {
    std::vector<RowRef> rows;
    for (int i = 0; i < 400; ++i) rows.push_back(RandomRow(schema, schema.slot_count(), rng));
    std::string got = PageJson(schema, rows, false);
    std::string want = PageJson(schema, rows, true);
    if (got != want) {
      size_t at = 0;
      while (at < got.size() && at < want.size() && got[at] == want[at]) ++at;
      size_t from = at > 120 ? at - 120 : 0;
      BOOST_ERROR(schema.name_singular << " differs at byte " << at << ":\n got  " << got.substr(from, 200)
                                       << "\n want " << want.substr(from, 200));
    }
    // One record per document too, in the same thread (cached layout).
    for (size_t i = 0; i < 20; ++i) BOOST_TEST(PageJson(schema, {rows[i]}, false) == PageJson(schema, {rows[i]}, true));
    // The output is valid JSON (simdjson reads integers up to 2^64 only,
    // hence 1e19 and not 1e20 among the numbers).
    simdjson::dom::parser parser;
    simdjson::dom::element e;
    auto parse_error = parser.parse(got).get(e);
    BOOST_TEST(!parse_error, schema.name_singular << ": " << simdjson::error_message(parse_error));
  }
}

// A remembered record (a webhook body's, then the write's answer) is copied
// into every document that writes that same row with that same schema, and
// only then: another schema object for the row (one field renamed), or
// another row, is rendered afresh.
BOOST_AUTO_TEST_CASE(ARememberedRecordIsCopiedForItsOwnRowAndSchemaOnly) {
  std::mt19937_64 rng(21);
  auto schema = std::make_shared<const ObjectSchema>(Schema());
  ObjectSchema renamed_copy = Schema();
  for (FieldSchema& f : renamed_copy.fields)
    if (f.name == "name") f.name = "label";
  auto renamed = std::make_shared<const ObjectSchema>(std::move(renamed_copy));
  std::vector<RowRef> rows;
  for (int i = 0; i < 50; ++i) rows.push_back(RandomRow(*schema, schema->slot_count(), rng));
  for (const RowRef& row : rows) {
    const std::string remembered(RememberRecordJson(schema, row));
    BOOST_TEST(remembered == ToJson(row));
    BOOST_TEST(PageJson(*schema, rows, false) == PageJson(*schema, rows, true));
    BOOST_TEST(PageJson(*renamed, {row}, false) == PageJson(*renamed, {row}, true));
    BOOST_TEST(PageJson(*renamed, {row}, false).find("\"label\":") != std::string::npos);
    BOOST_TEST(RememberRecordJson(schema, row) == remembered);  // asked again: the same
  }
  // The next row remembered replaces the last.
  RememberRecordJson(schema, rows[0]);
  BOOST_TEST(RememberRecordJson(schema, rows[1]) == ToJson(rows[1]));
  BOOST_TEST(PageJson(*schema, {rows[0], rows[1]}, false) == PageJson(*schema, {rows[0], rows[1]}, true));
}

// Rows written before fields were added have fewer slots: the missing ones
// read as null, down to a row of no slots at all.
BOOST_AUTO_TEST_CASE(RowsWithFewerSlotsThanTheSchema) {
  std::mt19937_64 rng(7);
  const ObjectSchema& schema = Schema();
  std::vector<RowRef> rows;
  for (size_t n = 0; n <= schema.slot_count(); ++n) rows.push_back(RandomRow(schema, n, rng));
  BOOST_TEST(PageJson(schema, rows, false) == PageJson(schema, rows, true));
  protocol::JsonWriter w;
  WriteRecordJson(schema, *RowBuilder(0).Build(), w);
  BOOST_TEST(w.View().find(R"({"id":null,"createdAt":null,)") == 0);
  BOOST_TEST(w.View().find(R"("name":{"firstName":null,"lastName":null})") != std::string_view::npos);
}

BOOST_AUTO_TEST_CASE(TimestampsAcrossTheWholeRange) {
  // Every hour of a few years around now, day boundaries, and random
  // instants over Temporal's whole range (years -271821 .. 275760).
  const ObjectSchema& schema = Schema();
  const size_t slot = *schema.FindSlot("closeDate");
  std::mt19937_64 rng(3);
  std::vector<int64_t> times;
  for (int64_t t = kNow - 3 * 365 * 86'400'000LL; t < kNow + 3 * 365 * 86'400'000LL; t += 3'600'000 + 7) times.push_back(t);
  for (int64_t day = -800; day < 800; ++day)
    for (int64_t d : {-1, 0, 1}) times.push_back(day * 86'400'000 + d);
  for (int i = 0; i < 20000; ++i)
    times.push_back(static_cast<int64_t>(rng() % 17'280'000'000'000'001) - 8'640'000'000'000'000);
  protocol::JsonWriter w;
  size_t matched = 0;
  for (int64_t t : times) {
    RowBuilder b(schema.slot_count());
    b.SetTimestamp(slot, t);
    RowRef row = b.Build();
    w.Reset();
    WriteRecordJson(schema, *row, w);
    std::string want = "\"closeDate\":\"" + ReferenceIsoDateTime(t) + "\"";
    if (w.View().find(want) == std::string_view::npos) {
      BOOST_ERROR("timestamp " << t << ": want " << want << "\n got " << w.View());
      break;
    }
    ++matched;
  }
  BOOST_TEST(matched == times.size());
}

// NULL, "" and an absent slot are three different things on the wire:
// null, "", and null again (a slot the row does not have).
BOOST_AUTO_TEST_CASE(NullEmptyAndAbsentSlots) {
  const ObjectSchema& schema = Schema();
  const size_t first = *schema.FindSlot("name", "firstName");
  const size_t last = *schema.FindSlot("name", "lastName");
  const size_t city = *schema.FindSlot("city");
  RowBuilder b(std::max(first, city) + 1);
  b.SetText(first, "");
  b.SetNull(city);
  BOOST_REQUIRE(last > first);
  RowRef row = b.Build();
  protocol::JsonWriter w;
  WriteRecordJson(schema, *row, w);
  BOOST_TEST(w.View().find(R"("name":{"firstName":"","lastName":null})") != std::string_view::npos);
  BOOST_TEST(w.View().find(R"("city":null,)") != std::string_view::npos);
  BOOST_TEST(w.View().find(R"("companyId":null})") != std::string_view::npos);
}

BOOST_AUTO_TEST_CASE(EscapesTextAsTheWriterAlwaysHas) {
  const ObjectSchema& schema = Schema();
  RowBuilder b(schema.slot_count());
  b.SetText(*schema.FindSlot("name", "firstName"), "Ada \"the\" \\ \n\t\x01\x1f caf\xc3\xa9 \xf0\x9f\x99\x82");
  b.SetText(*schema.FindSlot("city"), std::string("a\0b", 3));
  b.SetStringList(*schema.FindSlot("tags"), {"x\"y", "", "\x7f"});
  RowRef row = b.Build();
  protocol::JsonWriter w;
  WriteRecordJson(schema, *row, w);
  BOOST_TEST(w.View().find(R"("firstName":"Ada \"the\" \\ \n\t\u0001\u001F caf)"
                           "\xc3\xa9 \xf0\x9f\x99\x82\"") != std::string_view::npos);
  BOOST_TEST(w.View().find(R"("city":"a\u0000b")") != std::string_view::npos);
  BOOST_TEST(w.View().find("\"tags\":[\"x\\\"y\",\"\",\"\x7f\"]") != std::string_view::npos);
}

// A metadata change frees the old schema and builds a new one, which may
// land at the same address: the next document must use the new layout.
BOOST_AUTO_TEST_CASE(SchemaReplacedAtTheSameAddress) {
  ObjectSchema schema = MakeSchema();
  std::mt19937_64 rng(11);
  RowRef row = RandomRow(schema, schema.slot_count(), rng);
  BOOST_TEST(PageJson(schema, {row}, false) == PageJson(schema, {row}, true));

  // Renamed, deactivated, and one field gone.
  ObjectSchema changed = MakeSchema();
  for (FieldSchema& f : changed.fields) {
    if (f.name == "city") f.name = "town";
    if (f.name == "jobTitle") f.is_active = false;
  }
  changed.fields.erase(changed.fields.begin() + 4);  // createdBy
  schema = changed;
  BOOST_TEST(PageJson(schema, {row}, false) == PageJson(schema, {row}, true));
  BOOST_TEST(PageJson(schema, {row}, false).find("\"town\":") != std::string::npos);

  // A new field with new slots; rows keep their old width.
  schema.fields.push_back(Field("nickname", FieldType::kText));
  schema.fields.push_back(Field("budget", FieldType::kCurrency));
  schema.AssignSlots();
  RowRef wide = RandomRow(schema, schema.slot_count(), rng);
  BOOST_TEST(PageJson(schema, {row, wide}, false) == PageJson(schema, {row, wide}, true));
}

// GraphQL hands its coerced `data` to the decoder as an InputValue, REST
// its parsed JSON: random bodies over every field type (valid and invalid
// values, composites with unknown sub-fields, relation operations, enums,
// nested JSON) must decode to the same slots, or fail with the same
// message and code, whichever way they come in.
BOOST_AUTO_TEST_CASE(GraphqlInputsDecodeAsTheirJson) {
  using protocol::graphql::InputObjectEntry;
  using protocol::graphql::InputValue;
  std::mt19937 rng(42);
  auto one_of = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  std::function<InputValue(int)> scalar = [&](int depth) -> InputValue {
    switch (one_of(depth > 1 ? 16 : 19)) {
      case 0: return InputValue();
      case 1: return InputValue::Bool(one_of(2) == 0);
      case 2: return InputValue::Int(static_cast<int64_t>(rng() % 2001) - 1000);
      case 3: return InputValue::Float(std::ldexp(static_cast<double>(rng() % 10000), static_cast<int>(one_of(60)) - 30));
      case 4: return InputValue::String("");
      case 5: return InputValue::String("Ada \"q\" \\ é 😀");
      case 6: return InputValue::Enum(one_of(2) ? "NEW" : "RATING_3");
      case 7: return InputValue::String(kCompanyId);
      case 8: return InputValue::String("2024-05-01");
      case 9: return InputValue::String("2024-05-01T10:00:00+02:00");
      case 10: return InputValue::String("Ada@Example.COM.");
      case 11: return InputValue::String("https://Example.com/a/");
      case 12: return InputValue::String("first");
      case 13: return InputValue::String("not a uuid");
      case 14: return InputValue::String(R"({"k":[1,2.50,"x"]})");
      case 15: return InputValue::String("MANUAL");
      case 16: {
        std::vector<InputValue> items;
        for (size_t i = one_of(4); i > 0; --i) items.push_back(scalar(depth + 1));
        return InputValue::List(std::move(items));
      }
      case 17: {
        std::vector<InputValue> items;
        for (size_t i = one_of(3); i > 0; --i) items.push_back(InputValue::String(one_of(2) ? "A" : "Z"));
        return InputValue::List(std::move(items));
      }
      default: {
        std::vector<InputObjectEntry> members;
        const char* keys[] = {"url", "label", "fileId", "k", "markdown"};
        for (size_t i = one_of(3); i > 0; --i) members.push_back({keys[one_of(5)], scalar(depth + 1)});
        return InputValue::Object(std::move(members));
      }
    }
  };
  auto value_for = [&](const FieldSchema& f) -> InputValue {
    if (f.IsManyToOne() && one_of(3) != 0) {
      std::vector<InputObjectEntry> op;
      if (one_of(2)) {
        std::vector<InputObjectEntry> where{{"id", scalar(1)}};
        op.push_back({"connect", InputValue::Object({{"where", InputValue::Object(std::move(where))}})});
      }
      if (one_of(2)) op.push_back({"disconnect", one_of(2) ? InputValue::Bool(one_of(2)) : scalar(1)});
      return InputValue::Object(std::move(op));
    }
    auto subs = storage::CompositeSubFields(f.type);
    if (subs.empty() || one_of(5) == 0) return scalar(0);
    std::vector<InputObjectEntry> members;
    for (const auto& sub : subs)
      if (one_of(2)) members.push_back({std::string(sub.name), scalar(1)});
    if (one_of(6) == 0) members.push_back({"bogus", scalar(1)});
    return InputValue::Object(std::move(members));
  };

  size_t ok = 0, failed = 0;
  for (int round = 0; round < 3000; ++round) {
    std::vector<InputObjectEntry> body{{"id", InputValue::String(kId)}};
    // A few fields each, so that valid bodies are common.
    for (size_t n = 1 + one_of(3); n > 0; --n) {
      const FieldSchema& f = Schema().fields[one_of(Schema().fields.size())];
      if (f.name != "id") body.push_back({f.name, value_for(f)});
    }
    if (one_of(8) == 0) body.push_back({"companyId", scalar(1)});
    if (one_of(20) == 0) body.push_back({"unknownKey", scalar(1)});
    const InputValue graphql = InputValue::Object(std::move(body));
    const std::string json = graphql.ToJson();
    simdjson::dom::parser parser;
    simdjson::dom::element element;
    BOOST_REQUIRE(parser.parse(json).get(element) == simdjson::SUCCESS);

    for (WriteMode mode : {WriteMode::kCreate, WriteMode::kUpdate}) {
      RowBuilder from_json(Schema().slot_count()), from_graphql(Schema().slot_count());
      Status a = DecodeRecordInput(Schema(), element, mode, Ctx(), &from_json);
      Status b = DecodeRecordInput(Schema(), graphql, mode, Ctx(), &from_graphql);
      BOOST_TEST_REQUIRE(a.ok() == b.ok(), json);
      BOOST_TEST(a.message() == b.message(), json);
      BOOST_TEST(a.detail_code() == b.detail_code(), json);
      if (!a.ok()) {
        ++failed;
        continue;
      }
      ++ok;
      for (size_t slot = 0; slot < Schema().slot_count(); ++slot) {
        BOOST_TEST_REQUIRE(from_json.IsNull(slot) == from_graphql.IsNull(slot), json << " slot " << slot);
        if (!from_json.IsNull(slot)) BOOST_TEST(from_json.Get(slot) == from_graphql.Get(slot), json << " slot " << slot);
      }
    }
  }
  // Both outcomes are exercised, not just one.
  BOOST_TEST(ok > 300u);
  BOOST_TEST(failed > 300u);
}

}  // namespace
}  // namespace vingt::server
