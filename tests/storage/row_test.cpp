#include "storage/row.h"

#include <boost/test/unit_test.hpp>

#include "tests/testutil/printers.h"

using namespace vingt::storage;

BOOST_AUTO_TEST_SUITE(row)

BOOST_AUTO_TEST_CASE(typed_slots_round_trip_and_null_differs_from_empty) {
  RowBuilder b(8);
  Uuid id = Uuid::Random();
  b.SetUuid(0, id);
  b.SetText(1, "Ada");
  b.SetText(2, "");
  b.SetNumber(4, 1.5);
  b.SetBoolean(5, true);
  b.SetTimestamp(6, 1714557600000);
  b.SetStringList(7, {"A", "", "CCC"});
  RowRef r = b.Build();
  BOOST_TEST(r->slot_count() == 8);
  BOOST_TEST(r->GetUuid(0) == id);
  BOOST_TEST(r->Text(1) == "Ada");
  BOOST_TEST(!r->IsNull(2));
  BOOST_TEST(r->Text(2) == "");
  BOOST_TEST(r->IsNull(3));
  BOOST_TEST(r->Number(4) == 1.5);
  BOOST_TEST(r->Boolean(5));
  BOOST_TEST(r->Timestamp(6) == 1714557600000);
  auto list = r->StringList(7);
  BOOST_TEST_REQUIRE(list.size() == 3u);
  BOOST_TEST(list[0] == "A");
  BOOST_TEST(list[1] == "");
  BOOST_TEST(list[2] == "CCC");
  BOOST_TEST(r->IsNull(100));  // slots past the end read as NULL
}

BOOST_AUTO_TEST_CASE(encoded_bytes_decode_to_the_same_row) {
  RowBuilder b(3);
  b.SetText(0, "x");
  b.SetNumber(2, -7);
  RowRef r = b.Build();
  auto copy = RowRef::Decode(r->Encoded());
  BOOST_TEST_REQUIRE(copy.ok());
  BOOST_TEST((*copy)->Encoded() == r->Encoded());
  BOOST_TEST((*copy)->Number(2) == -7);
}

BOOST_AUTO_TEST_CASE(decode_rejects_damaged_blocks) {
  RowBuilder b(2);
  b.SetText(0, "hello");
  b.SetText(1, "world");
  std::string enc(b.Build()->Encoded());
  BOOST_TEST(!RowRef::Decode(enc.substr(0, enc.size() - 1)).ok());
  BOOST_TEST(!RowRef::Decode(enc + "z").ok());
  BOOST_TEST(!RowRef::Decode("").ok());
  std::string bad = enc;
  bad[4 + 1] = 0x7f;  // first end offset now points far past the data
  BOOST_TEST(!RowRef::Decode(bad).ok());
}

BOOST_AUTO_TEST_CASE(copy_on_write_builder_keeps_the_base_untouched) {
  RowBuilder b(2);
  b.SetText(0, "old");
  RowRef base = b.Build();
  RowBuilder u(*base, 4);  // grows: the schema gained two slots
  u.SetText(0, "new");
  u.SetText(3, "added");
  RowRef next = u.Build();
  BOOST_TEST(base->Text(0) == "old");
  BOOST_TEST(next->Text(0) == "new");
  BOOST_TEST(next->IsNull(2));
  BOOST_TEST(next->Text(3) == "added");
}

BOOST_AUTO_TEST_SUITE_END()
