#include "storage/cascade.h"

#include <boost/test/unit_test.hpp>

#include "tests/testutil/printers.h"

using namespace vingt;
using namespace vingt::storage;

namespace {

struct CascadeFixture {
  Workspace ws{Uuid::Random(), "w", 0, nullptr, 4};

  Uuid Insert(const std::string& plural, const std::vector<std::pair<std::string, Uuid>>& links = {}) {
    Table* t = ws.FindByPlural(plural);
    auto s = t->schema();
    Uuid id = Uuid::Random();
    RowBuilder b(s->slot_count());
    b.SetUuid(s->id_slot, id);
    for (const auto& [column, target] : links) b.SetUuid(*s->FindSlot(column), target);
    RowRef row = b.Build();
    BOOST_REQUIRE(t->Put(id, PutMode::kInsert, [&](const RowRef&) { return Result<RowRef>(row); }).ok());
    return id;
  }
  RowRef Get(const std::string& plural, const Uuid& id) { return ws.FindByPlural(plural)->Get(id); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(cascade, CascadeFixture)

BOOST_AUTO_TEST_CASE(destroying_a_person_cascades_and_sets_null_per_relation) {
  Uuid person = Insert("people");
  Uuid other = Insert("people");
  Uuid note = Insert("notes");
  Uuid target = Insert("noteTargets", {{"personId", person}, {"noteId", note}});
  Uuid other_target = Insert("noteTargets", {{"personId", other}, {"noteId", note}});
  Uuid opportunity = Insert("opportunities", {{"pointOfContactId", person}});

  auto out = DestroyWithCascade(ws, *ws.FindByPlural("people"), person);
  BOOST_TEST_REQUIRE(out.ok(), out.status().ToString());
  BOOST_TEST(!Get("people", person));
  BOOST_TEST(!Get("noteTargets", target));          // CASCADE
  BOOST_TEST(static_cast<bool>(Get("noteTargets", other_target)));
  BOOST_TEST(static_cast<bool>(Get("notes", note)));  // the note itself stays
  RowRef opp = Get("opportunities", opportunity);
  BOOST_TEST_REQUIRE(static_cast<bool>(opp));        // SET_NULL: kept, link cleared
  BOOST_TEST(opp->IsNull(*ws.FindByPlural("opportunities")->schema()->FindSlot("pointOfContactId")));
  BOOST_TEST(out->dependants_destroyed == 1u);
  BOOST_TEST(out->dependants_detached == 1u);
}

BOOST_AUTO_TEST_CASE(destroying_a_missing_record_is_not_found) {
  auto out = DestroyWithCascade(ws, *ws.FindByPlural("people"), Uuid::Random());
  BOOST_TEST(out.status().code() == StatusCode::kNotFound);
}

BOOST_AUTO_TEST_SUITE_END()
