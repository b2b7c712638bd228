// End-to-end tests of the record REST API (spec/rest-core.md §1-§4, §7, §10
// and spec/data-model.md §1-§2) against the real binary.
#include <algorithm>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "storage/uuid.h"
#include "tests/testutil/http_client.h"
#include "tests/testutil/server_process.h"

namespace vingt::testutil {
namespace {

// One server on a fresh data dir per test case, with the key it created.
struct RestFixture {
  RestFixture() {
    BOOST_REQUIRE_MESSAGE(server.Start(dir.path()), "server did not start:\n" << server.output());
    BOOST_REQUIRE(!server.initial_token().empty());
    http = std::make_unique<HttpClient>(server.port(), server.initial_token());
  }
  ~RestFixture() {
    http.reset();
    int code = server.Stop();
    BOOST_CHECK_MESSAGE(code == 0, "server exit code " << code << "\n" << server.output());
  }

  // totalCount of GET /rest/<plural>; -1 if the request failed.
  int64_t Count(const std::string& plural) {
    HttpResponse r = http->Get("/rest/" + plural + "?limit=0");
    if (r.status != 200) return -1;
    return Json(r.body).Int("/totalCount", -1);
  }

  // POST /rest/people; returns the new id or "" (with a failed check).
  std::string CreatePerson(const std::string& body) {
    HttpResponse r = http->Post("/rest/people", body);
    BOOST_TEST(r.status == 201, "create failed: " << r.status << " " << r.body);
    return Json(r.body).Str("/data/createPerson/id");
  }

  // Creates n people through batch calls of at most 200; returns their ids.
  std::vector<std::string> CreatePeople(int n, const std::string& prefix = "p") {
    std::vector<std::string> ids;
    for (int done = 0; done < n;) {
      int chunk = std::min(200, n - done);
      std::string body = "[";
      for (int i = 0; i < chunk; ++i) {
        if (i) body += ",";
        body += R"({"name":{"firstName":")" + prefix + std::to_string(done + i) + R"(","lastName":"X"}})";
      }
      body += "]";
      HttpResponse r = http->Post("/rest/batch/people", body);
      BOOST_REQUIRE_MESSAGE(r.status == 201, "batch create failed: " << r.status << " " << r.body);
      Json j(r.body);
      for (int i = 0; i < chunk; ++i) ids.push_back(j.Str("/data/createPeople/" + std::to_string(i) + "/id"));
      done += chunk;
    }
    return ids;
  }

  TempDir dir;
  ServerProcess server;
  std::unique_ptr<HttpClient> http;
};

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = uint8_t(in[i]) << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string CursorFor(const std::string& id) { return Base64(R"({"id":")" + id + R"("})"); }

bool IsIsoMillisUtc(const std::string& s) {
  static const std::regex re(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)");
  return std::regex_match(s, re);
}

std::vector<std::string> IdsOf(const Json& j, const std::string& array_ptr) {
  std::vector<std::string> ids;
  for (int64_t i = 0; i < j.Size(array_ptr); ++i) ids.push_back(j.Str(array_ptr + "/" + std::to_string(i) + "/id"));
  return ids;
}

std::string NewId() { return storage::Uuid::Random().ToString(); }

const char* const kNotFound = "Record not found";

}  // namespace

BOOST_AUTO_TEST_SUITE(e2e_rest_records)

BOOST_FIXTURE_TEST_CASE(create_person_returns_the_full_record, RestFixture) {
  HttpResponse r = http->Post("/rest/people", R"({
      "name": {"firstName": "Ada", "lastName": "Lovelace"},
      "emails": {"primaryEmail": "Ada.Lovelace@Example.COM", "additionalEmails": ["Second@Example.org"]},
      "city": "London"})");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  BOOST_TEST(r.Header("content-type").find("application/json") != std::string::npos, r.Header("content-type"));
  Json j(r.body);
  BOOST_TEST_REQUIRE(j.IsObject("/data/createPerson"), r.body);
  BOOST_TEST(j.Keys("/data").size() == 1u);
  const std::string p = "/data/createPerson";
  BOOST_TEST(storage::IsValidUuidText(j.Str(p + "/id")));
  BOOST_TEST(j.Str(p + "/name/firstName") == "Ada");
  BOOST_TEST(j.Str(p + "/name/lastName") == "Lovelace");
  BOOST_TEST(j.Str(p + "/emails/primaryEmail") == "ada.lovelace@example.com");
  BOOST_TEST(j.Size(p + "/emails/additionalEmails") == 1);
  BOOST_TEST(j.Str(p + "/emails/additionalEmails/0") == "second@example.org");
  BOOST_TEST(j.Str(p + "/city") == "London");
  // TEXT fields not given come back as "".
  BOOST_TEST(j.Str(p + "/jobTitle") == "");
  BOOST_TEST(j.Str(p + "/avatarUrl") == "");
  // Composite fields not given come back as objects with "" text sub-fields.
  BOOST_TEST(j.Str(p + "/linkedinLink/primaryLinkUrl") == "");
  BOOST_TEST(j.Str(p + "/xLink/primaryLinkUrl") == "");
  BOOST_TEST(j.Str(p + "/phones/primaryPhoneNumber") == "");
  BOOST_TEST(j.IsObject(p + "/phones"));
  // Server-set fields.
  BOOST_TEST(j.Str(p + "/createdBy/source") == "API");
  BOOST_TEST(j.IsNull(p + "/createdBy/workspaceMemberId"));
  BOOST_TEST(j.Has(p + "/createdBy/name"));
  BOOST_TEST(j.IsNumber(p + "/position"), j.Raw(p + "/position"));
  BOOST_TEST(IsIsoMillisUtc(j.Str(p + "/createdAt")), j.Str(p + "/createdAt"));
  BOOST_TEST(IsIsoMillisUtc(j.Str(p + "/updatedAt")), j.Str(p + "/updatedAt"));
  BOOST_TEST(j.IsNull(p + "/deletedAt"));
  BOOST_TEST(j.IsNull(p + "/companyId"));
  // depth=0: no relation objects.
  BOOST_TEST(!j.Has(p + "/company"));
  BOOST_TEST(!j.Has(p + "/noteTargets"));
  BOOST_TEST(Count("people") == 1);
}

BOOST_FIXTURE_TEST_CASE(emails_are_canonicalized, RestFixture) {
  // The examples of spec/data-model.md §1.2.
  HttpResponse r = http->Post("/rest/people", R"({"emails":{"primaryEmail":"ABC@\ud83d\udca9\u3002LA.",
      "additionalEmails":["x@M\u00fcnchen\uff0eDE."]}})");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  Json j(r.body);
  BOOST_TEST(j.Str("/data/createPerson/emails/primaryEmail") == "abc@xn--ls8h.la");
  BOOST_TEST(j.Str("/data/createPerson/emails/additionalEmails/0") == "x@xn--mnchen-3ya.de");
}

BOOST_FIXTURE_TEST_CASE(created_by_source_may_be_overridden, RestFixture) {
  HttpResponse r = http->Post("/rest/people", R"({"city":"x","createdBy":{"source":"IMPORT"}})");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  Json j(r.body);
  BOOST_TEST(j.Str("/data/createPerson/createdBy/source") == "IMPORT");
  BOOST_TEST(j.IsNull("/data/createPerson/createdBy/workspaceMemberId"));
  // Updates never change createdBy.
  std::string id = j.Str("/data/createPerson/id");
  Json u(http->Patch("/rest/people/" + id, R"({"city":"y"})").body);
  BOOST_TEST(u.Raw("/data/updatePerson/createdBy") == j.Raw("/data/createPerson/createdBy"));
}

BOOST_FIXTURE_TEST_CASE(create_accepts_a_client_id_and_get_one_returns_the_same_record, RestFixture) {
  std::string id = NewId();
  HttpResponse created =
      http->Post("/rest/people", R"({"id":")" + id + R"(","name":{"firstName":"Grace","lastName":"Hopper"},"jobTitle":"Admiral"})");
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  Json c(created.body);
  BOOST_TEST(c.Str("/data/createPerson/id") == id);

  HttpResponse got = http->Get("/rest/people/" + id);
  BOOST_TEST_REQUIRE(got.status == 200, got.body);
  Json g(got.body);
  BOOST_TEST(g.Keys("/data") == std::vector<std::string>{"person"});
  BOOST_TEST(g.Str("/data/person/id") == id);
  BOOST_TEST(g.Str("/data/person/jobTitle") == "Admiral");
  BOOST_TEST(g.Raw("/data/person") == c.Raw("/data/createPerson"));
}

BOOST_FIXTURE_TEST_CASE(get_unknown_id_is_404, RestFixture) {
  CreatePerson(R"({"city":"x"})");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people/" + NewId()), 404, "NotFoundException", kNotFound) == "");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/companies/" + NewId()), 404, "NotFoundException", kNotFound) == "");
}

BOOST_FIXTURE_TEST_CASE(bad_uuid_and_unknown_objects_are_400, RestFixture) {
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people/xyz"), 400, "BadRequestException", "'xyz' is not a valid UUID") ==
             "");
  BOOST_TEST(RestErrorMismatch(http->Patch("/rest/people/xyz", R"({"city":"a"})"), 400, "BadRequestException",
                               "'xyz' is not a valid UUID") == "");
  BOOST_TEST(RestErrorMismatch(http->Delete("/rest/people/xyz"), 400, "BadRequestException",
                               "'xyz' is not a valid UUID") == "");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/foo"), 400, "BadRequestException",
                               "object 'foo' not found. eg: companies") == "");
  BOOST_TEST(RestErrorMismatch(http->Post("/rest/foo", "{}"), 400, "BadRequestException",
                               "object 'foo' not found. eg: companies") == "");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/foo/" + NewId()), 400, "BadRequestException",
                               "object 'foo' not found. eg: companies") == "");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/person"), 400, "BadRequestException",
                               "object 'person' not found. Did you mean 'people'?") == "");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/company"), 400, "BadRequestException",
                               "object 'company' not found. Did you mean 'companies'?") == "");
  // Matching is case-sensitive.
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/People"), 400, "BadRequestException",
                               "object 'People' not found. eg: companies") == "");
}

BOOST_FIXTURE_TEST_CASE(list_limits_and_envelope, RestFixture) {
  std::vector<std::string> ids = CreatePeople(205);
  std::sort(ids.begin(), ids.end());

  HttpResponse r = http->Get("/rest/people");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  std::vector<std::string> top = j.Keys("");
  std::sort(top.begin(), top.end());  // key order is cosmetic (spec §4.1)
  BOOST_TEST(top == (std::vector<std::string>{"data", "pageInfo", "totalCount"}));
  BOOST_TEST(j.Size("/data/people") == 60);
  BOOST_TEST(j.Int("/totalCount") == 205);
  BOOST_TEST(j.Bool("/pageInfo/hasNextPage") == 1);
  BOOST_TEST(j.Bool("/pageInfo/hasPreviousPage") != 1);
  std::vector<std::string> page = IdsOf(j, "/data/people");
  BOOST_TEST(page == std::vector<std::string>(ids.begin(), ids.begin() + 60));
  BOOST_TEST(j.Str("/pageInfo/startCursor") == CursorFor(ids[0]));
  BOOST_TEST(j.Str("/pageInfo/endCursor") == CursorFor(ids[59]));

  Json zero(http->Get("/rest/people?limit=0").body);
  BOOST_TEST(zero.Size("/data/people") == 0);
  BOOST_TEST(zero.Int("/totalCount") == 205);
  BOOST_TEST(zero.IsNull("/pageInfo/startCursor"));
  BOOST_TEST(zero.IsNull("/pageInfo/endCursor"));

  Json empty_limit(http->Get("/rest/people?limit=").body);
  BOOST_TEST(empty_limit.Size("/data/people") == 60);

  Json big(http->Get("/rest/people?limit=500").body);
  BOOST_TEST(big.Size("/data/people") == 200);
  BOOST_TEST(big.Bool("/pageInfo/hasNextPage") == 1);

  Json exact(http->Get("/rest/people?limit=7").body);
  BOOST_TEST(IdsOf(exact, "/data/people") == std::vector<std::string>(ids.begin(), ids.begin() + 7));

  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people?limit=abc"), 400, "BadRequestException",
                               "limit 'abc' is invalid. Should be an integer") == "");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people?limit=-1"), 400, "BadRequestException",
                               "limit '-1' is invalid. Should be an integer") == "");
}

BOOST_FIXTURE_TEST_CASE(paging_forward_visits_every_record_once, RestFixture) {
  std::vector<std::string> ids = CreatePeople(130);
  std::sort(ids.begin(), ids.end());

  std::vector<std::string> seen;
  std::string target = "/rest/people?limit=60";
  bool more = true;
  int pages = 0;
  std::vector<int> sizes;
  while (more && pages < 10) {
    HttpResponse r = http->Get(target);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    Json j(r.body);
    BOOST_TEST(j.Int("/totalCount") == 130);
    std::vector<std::string> page = IdsOf(j, "/data/people");
    sizes.push_back(static_cast<int>(page.size()));
    seen.insert(seen.end(), page.begin(), page.end());
    more = j.Bool("/pageInfo/hasNextPage") == 1;
    if (!page.empty()) BOOST_TEST(j.Str("/pageInfo/endCursor") == CursorFor(page.back()));
    target = "/rest/people?limit=60&starting_after=" + UrlEncode(j.Str("/pageInfo/endCursor"));
    ++pages;
  }
  BOOST_TEST(sizes == (std::vector<int>{60, 60, 10}));
  BOOST_TEST(seen == ids);  // ascending, no duplicate, no gap

  // A cursor built by the client from Twenty's documented format works too.
  Json after(http->Get("/rest/people?limit=3&starting_after=" + UrlEncode(CursorFor(ids[126]))).body);
  BOOST_TEST(IdsOf(after, "/data/people") == std::vector<std::string>(ids.begin() + 127, ids.end()));
  BOOST_TEST(after.Bool("/pageInfo/hasNextPage") == 0);

  // A cursor stays usable after its record is deleted: it is a position.
  BOOST_TEST_REQUIRE(http->Delete("/rest/people/" + ids[59]).status == 200);
  Json resumed(http->Get("/rest/people?limit=2&starting_after=" + UrlEncode(CursorFor(ids[59]))).body);
  BOOST_TEST(IdsOf(resumed, "/data/people") == (std::vector<std::string>{ids[60], ids[61]}));
  Json back(http->Get("/rest/people?limit=2&ending_before=" + UrlEncode(CursorFor(ids[59]))).body);
  BOOST_TEST(IdsOf(back, "/data/people") == (std::vector<std::string>{ids[57], ids[58]}));
  BOOST_TEST(back.Int("/totalCount") == 129);
}

BOOST_FIXTURE_TEST_CASE(paging_backward_like_twentys_example, RestFixture) {
  std::vector<std::string> ids = CreatePeople(4);
  std::sort(ids.begin(), ids.end());

  Json all(http->Get("/rest/people?limit=4").body);
  BOOST_TEST_REQUIRE(all.Size("/data/people") == 4);
  std::string end_cursor = all.Str("/pageInfo/endCursor");
  BOOST_TEST(end_cursor == CursorFor(ids[3]));

  HttpResponse r = http->Get("/rest/people?ending_before=" + UrlEncode(end_cursor) + "&limit=2");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST(IdsOf(j, "/data/people") == (std::vector<std::string>{ids[1], ids[2]}));
  BOOST_TEST(j.Bool("/pageInfo/hasPreviousPage") == 1);
  BOOST_TEST(j.Bool("/pageInfo/hasNextPage") == 0);
  BOOST_TEST(j.Int("/totalCount") == 4);
  BOOST_TEST(j.Str("/pageInfo/startCursor") == CursorFor(ids[1]));
  BOOST_TEST(j.Str("/pageInfo/endCursor") == CursorFor(ids[2]));

  Json first(http->Get("/rest/people?ending_before=" + UrlEncode(CursorFor(ids[1])) + "&limit=2").body);
  BOOST_TEST(IdsOf(first, "/data/people") == std::vector<std::string>{ids[0]});
  BOOST_TEST(first.Bool("/pageInfo/hasPreviousPage") == 0);
}

BOOST_FIXTURE_TEST_CASE(cursor_errors, RestFixture) {
  std::vector<std::string> ids = CreatePeople(2);
  std::string c = UrlEncode(CursorFor(ids[0]));
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people?starting_after=" + c + "&ending_before=" + c), 400,
                               "BadRequestException", "Cannot provide both before and after") == "");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people?starting_after=%25%25junk%25%25"), 400, "BadRequestException",
                               "Invalid cursor", MessageMatch::kContains) == "");
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people?ending_before=notacursor"), 400, "BadRequestException",
                               "Invalid cursor", MessageMatch::kContains) == "");
  // Valid base64 of something that is not a cursor.
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people?starting_after=" + UrlEncode(Base64("hello"))), 400,
                               "BadRequestException", "Invalid cursor", MessageMatch::kContains) == "");
}

BOOST_FIXTURE_TEST_CASE(batch_create, RestFixture) {
  HttpResponse r = http->Post("/rest/batch/people",
                              R"([{"name":{"firstName":"A","lastName":"1"}},{"city":"Lyon"},{"jobTitle":"CTO"}])");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  Json j(r.body);
  BOOST_TEST(j.Keys("/data") == std::vector<std::string>{"createPeople"});
  BOOST_TEST_REQUIRE(j.Size("/data/createPeople") == 3);
  BOOST_TEST(j.Str("/data/createPeople/0/name/firstName") == "A");
  BOOST_TEST(j.Str("/data/createPeople/1/city") == "Lyon");
  BOOST_TEST(j.Str("/data/createPeople/2/jobTitle") == "CTO");
  BOOST_TEST(j.Str("/data/createPeople/2/createdBy/source") == "API");
  for (const auto& id : IdsOf(j, "/data/createPeople")) BOOST_TEST(http->Get("/rest/people/" + id).status == 200);
  BOOST_TEST(Count("people") == 3);

  BOOST_TEST(http->Post("/rest/batch/people", R"({"city":"x"})").status == 400);
  BOOST_TEST(http->Post("/rest/batch/people", R"("x")").status == 400);
  BOOST_TEST(http->Post("/rest/batch/people", "[]").status == 400);
  std::string too_many = "[";
  for (int i = 0; i < 201; ++i) too_many += std::string(i ? "," : "") + R"({"city":"c)" + std::to_string(i) + R"("})";
  too_many += "]";
  BOOST_TEST(RestErrorMismatch(http->Post("/rest/batch/people", too_many), 400, "BadRequestException",
                               "Maximum number of records to upsert is 200.") == "");
  BOOST_TEST(Count("people") == 3);

  // Exactly 200 is allowed.
  std::string max = "[";
  for (int i = 0; i < 200; ++i) max += std::string(i ? "," : "") + R"({"city":"m)" + std::to_string(i) + R"("})";
  max += "]";
  HttpResponse ok = http->Post("/rest/batch/people", max);
  BOOST_TEST(ok.status == 201, ok.body.substr(0, 300));
  BOOST_TEST(Count("people") == 203);
}

BOOST_FIXTURE_TEST_CASE(batch_with_one_bad_record_creates_nothing, RestFixture) {
  CreatePeople(2);
  const std::vector<std::string> bad_batches = {
      R"([{"city":"a"},{"foo":1},{"city":"b"}])",
      R"([{"city":"a"},{"city":5}])",
      R"([{"city":"a"},{"emails":{"primaryEmail":"not-an-email"}}])",
      R"([{"city":"a"},"not an object"])",
      R"([{"city":"a"},{"id":"xyz"}])",
  };
  for (const auto& body : bad_batches) {
    HttpResponse r = http->Post("/rest/batch/people", body);
    BOOST_TEST(r.status == 400, body << " -> " << r.status << " " << r.body);
    BOOST_TEST(Count("people") == 2, body);
  }
}

BOOST_FIXTURE_TEST_CASE(duplicate_ids_are_refused_and_create_nothing, RestFixture) {
  std::string existing = CreatePerson(R"({"city":"first"})");
  BOOST_TEST_REQUIRE(Count("people") == 1);

  std::string dup = NewId();
  std::string inside = R"([{"id":")" + dup + R"(","city":"a"},{"id":")" + dup + R"(","city":"b"}])";
  BOOST_TEST(RestErrorMismatch(http->Post("/rest/batch/people", inside), 400, "BadRequestException",
                               "A duplicate entry was detected", MessageMatch::kPrefix) == "");
  BOOST_TEST(Count("people") == 1);
  BOOST_TEST(http->Get("/rest/people/" + dup).status == 404);

  std::string fresh = NewId();
  std::string against = R"([{"id":")" + fresh + R"(","city":"new"},{"id":")" + existing + R"(","city":"clash"}])";
  BOOST_TEST(RestErrorMismatch(http->Post("/rest/batch/people", against), 400, "BadRequestException",
                               "A duplicate entry was detected", MessageMatch::kPrefix) == "");
  BOOST_TEST(Count("people") == 1);
  BOOST_TEST(http->Get("/rest/people/" + fresh).status == 404);

  BOOST_TEST(RestErrorMismatch(http->Post("/rest/people", R"({"id":")" + existing + R"(","city":"clash"})"), 400,
                               "BadRequestException", "A duplicate entry was detected", MessageMatch::kPrefix) == "");
  Json still(http->Get("/rest/people/" + existing).body);
  BOOST_TEST(still.Str("/data/person/city") == "first");
  BOOST_TEST(Count("people") == 1);
}

BOOST_FIXTURE_TEST_CASE(unique_primary_email_conflicts, RestFixture) {
  std::string a = CreatePerson(R"({"emails":{"primaryEmail":"dup@example.com"}})");
  std::string b = CreatePerson(R"({"emails":{"primaryEmail":"other@example.com"}})");
  // Same address after lower-casing.
  BOOST_TEST(RestErrorMismatch(http->Post("/rest/people", R"({"emails":{"primaryEmail":"DUP@example.com"}})"), 400,
                               "BadRequestException", "A duplicate entry was detected", MessageMatch::kPrefix) == "");
  BOOST_TEST(RestErrorMismatch(
                 http->Post("/rest/batch/people",
                            R"([{"emails":{"primaryEmail":"x1@example.com"}},{"emails":{"primaryEmail":"x1@example.com"}}])"),
                 400, "BadRequestException", "A duplicate entry was detected", MessageMatch::kPrefix) == "");
  BOOST_TEST(Count("people") == 2);
  // An update into an existing address is refused too and changes nothing.
  HttpResponse patch = http->Patch("/rest/people/" + b, R"({"emails":{"primaryEmail":"dup@example.com"}})");
  BOOST_TEST(RestErrorMismatch(patch, 400, "BadRequestException", "A duplicate entry was detected",
                               MessageMatch::kPrefix) == "");
  BOOST_TEST(Json(http->Get("/rest/people/" + b).body).Str("/data/person/emails/primaryEmail") == "other@example.com");
  // Once a frees the address, b may take it.
  BOOST_TEST(http->Patch("/rest/people/" + a, R"({"emails":{"primaryEmail":"moved@example.com"}})").status == 200);
  BOOST_TEST(http->Patch("/rest/people/" + b, R"({"emails":{"primaryEmail":"dup@example.com"}})").status == 200);
  // An empty primary email is not a value: many records may have it.
  CreatePerson(R"({"city":"no email 1"})");
  CreatePerson(R"({"city":"no email 2"})");
  BOOST_TEST(Count("people") == 4);
}

BOOST_FIXTURE_TEST_CASE(concurrent_creates_of_one_unique_value_admit_exactly_one, RestFixture) {
  constexpr int kThreads = 6;
  constexpr int kValues = 15;
  std::vector<std::string> ids;
  for (int v = 0; v < kValues; ++v) ids.push_back(NewId());
  // results[v][t]: HTTP status of thread t's create of value v.
  std::vector<std::vector<int>> email_status(kValues, std::vector<int>(kThreads)),
      id_status(kValues, std::vector<int>(kThreads));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      HttpClient c(server.port(), server.initial_token());
      for (int v = 0; v < kValues; ++v) {
        email_status[v][t] = c.Post("/rest/people", R"({"emails":{"primaryEmail":"race)" + std::to_string(v) +
                                                        R"(@example.com"}})")
                                 .status;
        id_status[v][t] = c.Post("/rest/people", R"({"id":")" + ids[v] + R"("})").status;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int v = 0; v < kValues; ++v) {
    BOOST_TEST(std::count(email_status[v].begin(), email_status[v].end(), 201) == 1, "email " << v);
    BOOST_TEST(std::count(email_status[v].begin(), email_status[v].end(), 400) == kThreads - 1, "email " << v);
    BOOST_TEST(std::count(id_status[v].begin(), id_status[v].end(), 201) == 1, "id " << v);
    BOOST_TEST(std::count(id_status[v].begin(), id_status[v].end(), 400) == kThreads - 1, "id " << v);
  }
  BOOST_TEST(Count("people") == 2 * kValues);
}

BOOST_FIXTURE_TEST_CASE(patch_changes_only_given_fields, RestFixture) {
  std::string id = CreatePerson(
      R"({"name":{"firstName":"Alan","lastName":"Turing"},"city":"London","jobTitle":"Mathematician",
          "emails":{"primaryEmail":"alan@example.com","additionalEmails":["a2@example.com"]}})");
  Json before(http->Get("/rest/people/" + id).body);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));

  HttpResponse r = http->Patch("/rest/people/" + id, R"({"city":"Manchester"})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  const std::string p = "/data/updatePerson";
  BOOST_TEST(j.Keys("/data") == std::vector<std::string>{"updatePerson"});
  BOOST_TEST(j.Str(p + "/id") == id);
  BOOST_TEST(j.Str(p + "/city") == "Manchester");
  BOOST_TEST(j.Str(p + "/jobTitle") == "Mathematician");
  BOOST_TEST(j.Raw(p + "/name") == before.Raw("/data/person/name"));
  BOOST_TEST(j.Raw(p + "/emails") == before.Raw("/data/person/emails"));
  BOOST_TEST(j.Str(p + "/createdAt") == before.Str("/data/person/createdAt"));
  BOOST_TEST(j.Raw(p + "/createdBy") == before.Raw("/data/person/createdBy"));
  BOOST_TEST(IsIsoMillisUtc(j.Str(p + "/updatedAt")));
  BOOST_TEST(j.Str(p + "/updatedAt") > before.Str("/data/person/updatedAt"));

  Json after(http->Get("/rest/people/" + id).body);
  BOOST_TEST(after.Raw("/data/person") == j.Raw(p));

  // A composite sub-field alone keeps the other sub-fields.
  HttpResponse sub = http->Patch("/rest/people/" + id, R"({"name":{"firstName":"Alonzo"}})");
  BOOST_TEST_REQUIRE(sub.status == 200, sub.body);
  Json s(sub.body);
  BOOST_TEST(s.Str(p + "/name/firstName") == "Alonzo");
  BOOST_TEST(s.Str(p + "/name/lastName") == "Turing");
  HttpResponse sub2 = http->Patch("/rest/people/" + id, R"({"emails":{"primaryEmail":"Church@Example.com"}})");
  Json s2(sub2.body);
  BOOST_TEST(s2.Str(p + "/emails/primaryEmail") == "church@example.com");
  BOOST_TEST(s2.Raw(p + "/emails/additionalEmails") == R"(["a2@example.com"])");
  BOOST_TEST(Json(http->Get("/rest/people/" + id).body).Str("/data/person/name/lastName") == "Turing");
  BOOST_TEST(Count("people") == 1);
}

BOOST_FIXTURE_TEST_CASE(patch_unknown_id_is_404_and_put_is_patch, RestFixture) {
  std::string id = CreatePerson(R"({"name":{"firstName":"Ada","lastName":"L"},"city":"London"})");
  BOOST_TEST(RestErrorMismatch(http->Patch("/rest/people/" + NewId(), R"({"city":"x"})"), 404, "NotFoundException",
                               kNotFound) == "");
  BOOST_TEST(RestErrorMismatch(http->Put("/rest/people/" + NewId(), R"({"city":"x"})"), 404, "NotFoundException",
                               kNotFound) == "");
  BOOST_TEST(Count("people") == 1);

  HttpResponse r = http->Put("/rest/people/" + id, R"({"jobTitle":"Countess"})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST(j.Str("/data/updatePerson/jobTitle") == "Countess");
  BOOST_TEST(j.Str("/data/updatePerson/city") == "London");
  BOOST_TEST(j.Str("/data/updatePerson/name/firstName") == "Ada");
}

BOOST_FIXTURE_TEST_CASE(hard_delete, RestFixture) {
  std::string keep = CreatePerson(R"({"city":"keep"})");
  std::string id = CreatePerson(R"({"city":"gone"})");
  HttpResponse r = http->Delete("/rest/people/" + id);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  Json j(r.body);
  BOOST_TEST(j.Keys("/data") == std::vector<std::string>{"deletePerson"});
  BOOST_TEST(j.Str("/data/deletePerson/id") == id);
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people/" + id), 404, "NotFoundException", kNotFound) == "");
  BOOST_TEST(Count("people") == 1);
  BOOST_TEST(http->Get("/rest/people/" + keep).status == 200);
  // "soft_delete" anything but "true" is a hard delete.
  std::string other = CreatePerson(R"({"city":"also gone"})");
  BOOST_TEST(http->Delete("/rest/people/" + other + "?soft_delete=false").status == 200);
  BOOST_TEST(http->Get("/rest/people/" + other).status == 404);
  BOOST_TEST(Count("people") == 1);
}

BOOST_FIXTURE_TEST_CASE(soft_delete, RestFixture) {
  std::vector<std::string> ids = CreatePeople(3);
  HttpResponse r = http->Delete("/rest/people/" + ids[1] + "?soft_delete=true");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Json(r.body).Str("/data/deletePerson/id") == ids[1]);
  BOOST_TEST(RestErrorMismatch(http->Get("/rest/people/" + ids[1]), 404, "NotFoundException", kNotFound) == "");
  Json list(http->Get("/rest/people").body);
  BOOST_TEST(list.Int("/totalCount") == 2);
  std::vector<std::string> listed = IdsOf(list, "/data/people");
  BOOST_TEST((std::find(listed.begin(), listed.end(), ids[1]) == listed.end()));
  BOOST_TEST(listed.size() == 2u);
  // The soft-deleted row still holds its id: creating it again is a duplicate.
  BOOST_TEST(RestErrorMismatch(http->Post("/rest/people", R"({"id":")" + ids[1] + R"("})"), 400,
                               "BadRequestException", "A duplicate entry was detected", MessageMatch::kPrefix) == "");
  BOOST_TEST(Count("people") == 2);
}

BOOST_FIXTURE_TEST_CASE(bad_input_changes_nothing, RestFixture) {
  std::string id = CreatePerson(R"({"name":{"firstName":"Keep","lastName":"Me"},"city":"Same"})");
  std::string record_before = Json(http->Get("/rest/people/" + id).body).Raw("/data/person");

  struct Case {
    std::string plural, body, message;  // message "" = any 400
  };
  const std::vector<Case> creates = {
      {"people", R"({"name": {"firstName": "x"})", ""},
      {"people", R"(not json)", ""},
      {"people", R"({"foo":"bar"})", R"(Object person doesn't have any "foo" field.)"},
      {"people", R"({"city":5})", R"(Invalid string value 5 for text field "city")"},
      {"people", R"({"emails":{"primaryEmail":"not-an-email"}})",
       R"(Invalid string value 'not-an-email' for email field "emails.primaryEmail")"},
      {"people", R"({"name":"x"})", R"(Invalid object value 'x' for field "name")"},
      {"people", R"({"id":"xyz"})", ""},
      {"people", R"([{"city":"array on the single route"}])", ""},
      {"companies", R"({"idealCustomerProfile":"yes"})", R"(Invalid boolean value 'yes' for field "idealCustomerProfile")"},
      {"companies", R"({"employees":"many"})", R"(Invalid number value 'many' for field "employees")"},
      {"opportunities", R"({"closeDate":"2024-13-01T10:30:00Z"})",
       R"(Invalid value '2024-13-01T10:30:00Z' for date-time field "closeDate". Expected format: 'YYYY-MM-DDTHH:mm:ssZ')"},
      {"opportunities", R"({"closeDate":"yesterday"})",
       R"(Invalid value 'yesterday' for date-time field "closeDate". Expected format: 'YYYY-MM-DDTHH:mm:ssZ')"},
      {"opportunities", R"({"stage":"FOO"})", R"(Invalid value 'FOO' for field "stage")"},
      {"opportunities", R"({"companyId":"not-a-uuid"})", ""},
  };
  for (const auto& c : creates) {
    int64_t before = Count(c.plural);
    HttpResponse r = http->Post("/rest/" + c.plural, c.body);
    if (c.message.empty()) {
      BOOST_TEST(r.status == 400, c.body << " -> " << r.status << " " << r.body);
      BOOST_TEST(Json(r.body).Str("/error") == "BadRequestException", r.body);
    } else {
      BOOST_TEST(RestErrorMismatch(r, 400, "BadRequestException", c.message) == "", c.body);
    }
    BOOST_TEST(Count(c.plural) == before, c.body);
  }

  // The same on update: the record is left exactly as it was.
  const std::vector<Case> patches = {
      {"people", R"({"city":)", ""},
      {"people", R"({"foo":"bar","city":"Changed"})", R"(Object person doesn't have any "foo" field.)"},
      {"people", R"({"city":"Changed","jobTitle":false})", R"(Invalid string value false for text field "jobTitle")"},
      {"people", R"({"city":"Changed","emails":{"primaryEmail":"bad"}})",
       R"(Invalid string value 'bad' for email field "emails.primaryEmail")"},
  };
  for (const auto& c : patches) {
    HttpResponse r = http->Patch("/rest/people/" + id, c.body);
    if (c.message.empty()) {
      BOOST_TEST(r.status == 400, c.body << " -> " << r.status << " " << r.body);
    } else {
      BOOST_TEST(RestErrorMismatch(r, 400, "BadRequestException", c.message) == "", c.body);
    }
    BOOST_TEST(Json(http->Get("/rest/people/" + id).body).Raw("/data/person") == record_before, c.body);
  }
  BOOST_TEST(Count("people") == 1);
}

BOOST_FIXTURE_TEST_CASE(companies_and_opportunities, RestFixture) {
  HttpResponse c = http->Post("/rest/companies", R"({
      "name": "Acme", "domainName": {"primaryLinkUrl": "https://acme.com/"}, "employees": 42,
      "address": {"addressCity": "Paris", "addressCountry": "France"},
      "annualRecurringRevenue": {"amountMicros": 1500000000, "currencyCode": "EUR"}})");
  BOOST_TEST_REQUIRE(c.status == 201, c.body);
  Json cj(c.body);
  const std::string cp = "/data/createCompany";
  std::string company_id = cj.Str(cp + "/id");
  BOOST_TEST(cj.Str(cp + "/name") == "Acme");
  BOOST_TEST(cj.Str(cp + "/domainName/primaryLinkUrl") == "https://acme.com");
  BOOST_TEST(cj.Int(cp + "/employees") == 42);
  BOOST_TEST(cj.Bool(cp + "/idealCustomerProfile") == 0);
  BOOST_TEST(cj.Str(cp + "/address/addressCity") == "Paris");
  BOOST_TEST(cj.Str(cp + "/address/addressStreet1") == "");
  BOOST_TEST(cj.Int(cp + "/annualRecurringRevenue/amountMicros") == 1500000000);
  BOOST_TEST(cj.Str(cp + "/annualRecurringRevenue/currencyCode") == "EUR");
  BOOST_TEST(cj.Str(cp + "/createdBy/source") == "API");
  BOOST_TEST(IsIsoMillisUtc(cj.Str(cp + "/createdAt")));

  // domainName.primaryLinkUrl is unique.
  BOOST_TEST(RestErrorMismatch(http->Post("/rest/companies", R"({"name":"Acme 2","domainName":{"primaryLinkUrl":"https://acme.com"}})"),
                               400, "BadRequestException", "A duplicate entry was detected",
                               MessageMatch::kPrefix) == "");
  BOOST_TEST(Count("companies") == 1);

  HttpResponse o = http->Post("/rest/opportunities", R"({"name":"Big deal","companyId":")" + company_id +
                                                         R"(","closeDate":"2024-05-01T12:00:00+02:00",
      "amount":{"amountMicros":5000000000,"currencyCode":"USD"}})");
  BOOST_TEST_REQUIRE(o.status == 201, o.body);
  Json oj(o.body);
  const std::string op = "/data/createOpportunity";
  std::string opp_id = oj.Str(op + "/id");
  BOOST_TEST(oj.Str(op + "/stage") == "NEW");
  BOOST_TEST(oj.Str(op + "/companyId") == company_id);
  BOOST_TEST(oj.Str(op + "/closeDate") == "2024-05-01T10:00:00.000Z");
  BOOST_TEST(oj.Int(op + "/amount/amountMicros") == 5000000000);
  BOOST_TEST(oj.IsNull(op + "/pointOfContactId"));

  HttpResponse staged = http->Patch("/rest/opportunities/" + opp_id, R"({"stage":"MEETING"})");
  BOOST_TEST_REQUIRE(staged.status == 200, staged.body);
  Json sj(staged.body);
  BOOST_TEST(sj.Str("/data/updateOpportunity/stage") == "MEETING");
  BOOST_TEST(sj.Str("/data/updateOpportunity/name") == "Big deal");
  BOOST_TEST(RestErrorMismatch(http->Patch("/rest/opportunities/" + opp_id, R"({"stage":"FOO"})"), 400,
                               "BadRequestException", R"(Invalid value 'FOO' for field "stage")") == "");
  Json got(http->Get("/rest/opportunities/" + opp_id).body);
  BOOST_TEST(got.Str("/data/opportunity/stage") == "MEETING");
  BOOST_TEST(Count("opportunities") == 1);

  HttpResponse batch = http->Post("/rest/batch/companies", R"([{"name":"Globex"},{"name":"Initech"}])");
  BOOST_TEST_REQUIRE(batch.status == 201, batch.body);
  BOOST_TEST(Json(batch.body).Size("/data/createCompanies") == 2);
  BOOST_TEST(Count("companies") == 3);

  HttpResponse del = http->Delete("/rest/opportunities/" + opp_id);
  BOOST_TEST(Json(del.body).Str("/data/deleteOpportunity/id") == opp_id);
  BOOST_TEST(Count("opportunities") == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil
