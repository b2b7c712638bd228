#include "server/webhooks/payload.h"

#include <boost/test/unit_test.hpp>
#include <simdjson.h>

#include <future>
#include <random>
#include <string>
#include <vector>

#include "protocol/iso_time.h"
#include "storage/standard_objects.h"
#include "tests/testutil/reference_hmac.h"

namespace vingt::server::webhooks {
namespace {

using storage::RowBuilder;
using storage::RowRef;

const storage::ObjectSchemaPtr& Person() {
  static const storage::ObjectSchemaPtr person = [] {
    for (auto& o : storage::BuildStandardObjects(storage::Uuid::Random(), 1714557600000))
      if (o.name_singular == "person") return std::make_shared<const storage::ObjectSchema>(std::move(o));
    throw std::runtime_error("no person");
  }();
  return person;
}

RowRef Row(std::initializer_list<std::pair<const char*, const char*>> texts, std::optional<int64_t> deleted_at = {},
           int64_t updated_at = 1) {
  const auto& s = *Person();
  RowBuilder b(s.slot_count());
  b.SetUuid(s.id_slot, *storage::Uuid::Parse("20202020-b21e-4ec2-873b-de4264d89021"));
  for (auto [field, value] : texts) b.SetText(*s.FindSlot(field), value);
  if (deleted_at) b.SetTimestamp(s.deleted_at_slot, *deleted_at);
  b.SetTimestamp(*s.FindSlot("updatedAt"), updated_at);
  return b.Build();
}

std::optional<ClassifiedChange> Classify(const RowRef& before, const RowRef& after) {
  static const storage::Uuid workspace = storage::Uuid::Random();
  return ClassifyChange({workspace, Person(), before, after});
}

}  // namespace

// spec/auth-errors-limits.md §4.4's worked example.
BOOST_AUTO_TEST_CASE(SignatureOfTheSpecsWorkedExample) {
  BOOST_TEST(WebhookSignature("s3cr3t", "1700000000000", R"({"a":1})") ==
             "d829f11e7d97cf9144f5e5112ef08f0656c7c7d0693ca01959d5f3374352f634");
}

// The signature is our HMAC over OpenSSL's SHA-256; libsodium's
// (tests/testutil/reference_hmac.h) is the reference: keys shorter and
// longer than SHA-256's 64-byte block (a longer one is hashed first), the
// empty key, bodies across block boundaries, and several threads at once
// (each keeps its own key pads). A third of the keys are new; the others
// come from a small pool, so that a key is often the same as the last
// signature's (its pads are reused), often one used before but not last,
// and sometimes a prefix or an extension of the last.
BOOST_AUTO_TEST_CASE(SignatureMatchesAnIndependentHmacSha256) {
  auto check = [&](unsigned seed) {
    std::mt19937 rng(seed);
    auto random_key = [&] {
      std::string key(rng() % 150, '\0');
      for (char& c : key) c = static_cast<char>(rng());
      return key;
    };
    std::vector<std::string> pool(6);
    for (std::string& key : pool) key = random_key();
    pool[1] = pool[0] + "x";                          // an extension of another key
    pool[2] = pool[0].substr(0, pool[0].size() / 2);  // a prefix of it
    pool[3].clear();
    int mismatches = 0;
    for (int round = 0; round < 600; ++round) {
      const std::string key = rng() % 3 == 0 ? random_key() : pool[rng() % pool.size()];
      std::string body(rng() % 3000, '\0');
      for (char& c : body) c = static_cast<char>(rng());
      const std::string timestamp = std::to_string(1700000000000ull + rng());
      if (WebhookSignature(key, timestamp, body) != testutil::ReferenceHmacSha256Hex(key, timestamp + ":" + body))
        ++mismatches;
    }
    return mismatches;
  };
  std::vector<std::future<int>> threads;
  for (unsigned seed = 1; seed <= 3; ++seed) threads.push_back(std::async(std::launch::async, check, seed));
  for (auto& t : threads) BOOST_TEST(t.get() == 0);
}

BOOST_AUTO_TEST_CASE(ChangesBecomeTwentysEvents) {
  RowRef london = Row({{"city", "London"}});
  RowRef paris = Row({{"city", "Paris"}}, {}, 2);
  RowRef trashed = Row({{"city", "London"}}, 5, 2);

  auto created = Classify(RowRef(), london);
  BOOST_TEST_REQUIRE(created.has_value());
  BOOST_TEST(ActionName(created->action) == "created");
  BOOST_TEST(created->record->get() == london.get());

  auto destroyed = Classify(london, RowRef());
  BOOST_TEST(ActionName(destroyed->action) == "destroyed");
  BOOST_TEST(destroyed->record->get() == london.get());

  auto updated = Classify(london, paris);
  BOOST_TEST(ActionName(updated->action) == "updated");
  BOOST_TEST(updated->record->get() == paris.get());
  BOOST_TEST((updated->updated_fields == std::vector<std::string>{"city"}));  // not updatedAt

  auto deleted = Classify(london, trashed);
  BOOST_TEST(ActionName(deleted->action) == "deleted");
  BOOST_TEST(deleted->record->get() == london.get());  // the record before the change
  auto restored = Classify(trashed, london);
  BOOST_TEST(ActionName(restored->action) == "restored");
  BOOST_TEST(restored->record->get() == london.get());

  // Only updatedAt moved: no event.
  BOOST_TEST(!Classify(london, Row({{"city", "London"}}, {}, 9)).has_value());
}

BOOST_AUTO_TEST_CASE(BodyKeysInTwentysOrder) {
  storage::Webhook webhook;
  webhook.id = storage::Uuid::Random();
  webhook.workspace_id = storage::Uuid::Random();
  webhook.target_url = "https://example.com/h";
  RowRef london = Row({{"city", "London"}});
  RowRef paris = Row({{"city", "Paris"}}, {}, 2);
  auto updated = Classify(london, paris);
  std::string body = "an earlier event's body, longer than this one's and then some, so it must go entirely";
  body.append(2000, '.');
  RenderWebhookBody(webhook, Person(), *updated, 1700000000000, &body);
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  BOOST_TEST_REQUIRE(parser.parse(body).get(o) == simdjson::SUCCESS);
  std::vector<std::string> keys;
  for (auto [k, v] : o) keys.emplace_back(k);
  BOOST_TEST(keys == (std::vector<std::string>{"targetUrl", "eventName", "objectMetadata", "workspaceId", "webhookId",
                                               "eventDate", "record", "updatedFields"}));
  BOOST_TEST(std::string_view(o["eventName"]) == "person.updated");
  BOOST_TEST(std::string_view(o["eventDate"]) == "2023-11-14T22:13:20.000Z");
  BOOST_TEST(std::string_view(o["record"]["city"]) == "Paris");
  BOOST_TEST(body.find("\": ") == std::string::npos);  // compact: no space after a key
}

// Each thread writes a body's head (targetUrl .. webhookId) again only when
// the webhook, its URL, the object or the action changes: bodies rendered
// one after another, for two webhooks, one of them re-pointed to another
// URL under the same id, two objects and every action, each say their own.
BOOST_AUTO_TEST_CASE(EveryBodySaysItsOwnWebhookObjectAndAction) {
  static const std::vector<storage::ObjectSchema> objects =
      storage::BuildStandardObjects(storage::Uuid::Random(), 1714557600000);
  storage::ObjectSchemaPtr company;
  for (const auto& o : objects)
    if (o.name_singular == "company") company = std::make_shared<const storage::ObjectSchema>(o);
  BOOST_TEST_REQUIRE(company != nullptr);
  storage::Webhook a, b;
  a.id = storage::Uuid::Random();
  b.id = storage::Uuid::Random();
  a.workspace_id = b.workspace_id = storage::Uuid::Random();
  a.target_url = "https://example.com/a?x=\"1\"";
  b.target_url = "http://127.0.0.1:9/b";
  RowRef london = Row({{"city", "London"}});
  RowRef paris = Row({{"city", "Paris"}}, {}, 2);
  RowRef trashed = Row({{"city", "Paris"}}, 5, 3);
  const std::vector<std::pair<RowRef, RowRef>> changes = {
      {RowRef(), london}, {london, paris}, {paris, trashed}, {trashed, paris}, {paris, RowRef()}};
  simdjson::dom::parser parser;
  std::string body;
  int rendered = 0;
  auto check = [&](const storage::Webhook& webhook, const storage::ObjectSchemaPtr& schema,
                   const ClassifiedChange& change) {
    ClassifiedChange of_schema = change;
    if (schema != Person()) of_schema.record = nullptr;  // the rows are people: a company's body has "record":{}
    const int64_t at = 1700000000000 + rendered++;
    RenderWebhookBody(webhook, schema, of_schema, at, &body);
    simdjson::dom::object o;
    BOOST_TEST_REQUIRE(parser.parse(body).get(o) == simdjson::SUCCESS);
    BOOST_TEST(std::string_view(o["targetUrl"]) == webhook.target_url);
    BOOST_TEST(std::string_view(o["webhookId"]) == webhook.id.ToString());
    BOOST_TEST(std::string_view(o["workspaceId"]) == webhook.workspace_id.ToString());
    BOOST_TEST(std::string_view(o["eventName"]) == schema->name_singular + "." + std::string(ActionName(change.action)));
    BOOST_TEST(std::string_view(o["objectMetadata"]["id"]) == schema->id.ToString());
    BOOST_TEST(std::string_view(o["objectMetadata"]["nameSingular"]) == schema->name_singular);
    BOOST_TEST(std::string_view(o["eventDate"]) == protocol::IsoDateTime(at));
    const bool has_updated_fields = o["updatedFields"].error() == simdjson::SUCCESS;
    BOOST_TEST(has_updated_fields == (change.action == RecordAction::kUpdated));
  };
  std::vector<ClassifiedChange> classified;
  for (const auto& [before, after] : changes) {
    auto change = Classify(before, after);
    BOOST_TEST_REQUIRE(change.has_value());
    classified.push_back(*change);
  }
  // Each action after the other for one webhook and object, then the
  // next object, the next webhook, and back.
  for (const storage::Webhook* webhook : {&a, &b, &a})
    for (const storage::ObjectSchemaPtr& schema : {Person(), company})
      for (const ClassifiedChange& change : classified) check(*webhook, schema, change);
  // The same webhook, object and action, the webhook re-pointed in between.
  check(a, Person(), classified[0]);
  a.target_url = "https://example.org/re-pointed";
  check(a, Person(), classified[0]);
  // Another workspace's webhook (ids of a restore copied from elsewhere).
  storage::Webhook elsewhere = a;
  elsewhere.workspace_id = storage::Uuid::Random();
  check(elsewhere, Person(), classified[0]);
}

}  // namespace vingt::server::webhooks
