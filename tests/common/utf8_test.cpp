#include "common/utf8.h"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace vingt;

namespace {

struct Decoded {
  uint32_t code_point;
  size_t len;
};

Decoded DecodeAt(std::string_view s, size_t pos = 0) {
  Decoded d{};
  d.code_point = utf8::Decode(s, pos, &d.len);
  return d;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(utf8_codec)

BOOST_AUTO_TEST_CASE(well_formed_sequences_decode_to_their_code_point) {
  const struct {
    std::string bytes;
    uint32_t code_point;
  } cases[] = {
      {"A", 0x41}, {"\x7f", 0x7f}, {"\xc2\x80", 0x80}, {"\xc3\xa9", 0xe9}, {"\xdf\xbf", 0x7ff},
      {"\xe0\xa0\x80", 0x800}, {"\xe2\x82\xac", 0x20ac}, {"\xed\x9f\xbf", 0xd7ff}, {"\xee\x80\x80", 0xe000},
      {"\xef\xbf\xbf", 0xffff}, {"\xf0\x90\x80\x80", 0x10000}, {"\xf0\x9f\x98\x80", 0x1f600},
      {"\xf4\x8f\xbf\xbf", 0x10ffff},
  };
  for (const auto& c : cases) {
    Decoded d = DecodeAt(c.bytes);
    BOOST_TEST(d.code_point == c.code_point);
    BOOST_TEST(d.len == c.bytes.size());
    std::string encoded;
    utf8::Append(c.code_point, &encoded);
    BOOST_TEST(encoded == c.bytes);
  }
}

BOOST_AUTO_TEST_CASE(ill_formed_bytes_decode_alone_as_the_replacement_character) {
  const std::string cases[] = {
      "\x80",              // a continuation byte first
      "\xc0\x80",          // overlong NUL
      "\xc1\xbf",          // overlong
      "\xe0\x9f\xbf",      // overlong three-byte form
      "\xed\xa0\x80",      // a surrogate
      "\xf0\x8f\xbf\xbf",  // overlong four-byte form
      "\xf4\x90\x80\x80",  // above U+10FFFF
      "\xf5\x80\x80\x80",  // lead byte never used
      "\xc3",              // truncated at the end
      "\xe2\x82",          // truncated
      "\xc3(",             // a continuation missing
  };
  for (const auto& bytes : cases) {
    Decoded d = DecodeAt(bytes);
    BOOST_TEST(d.code_point == utf8::kReplacement);
    BOOST_TEST(d.len == 1u);
  }
}

BOOST_AUTO_TEST_CASE(ill_formed_bytes_can_stand_for_their_own_value) {
  size_t len = 0;
  BOOST_TEST(utf8::Decode("\xc3", 0, &len, utf8::IllFormed::kByteValue) == 0xc3u);
  BOOST_TEST(len == 1u);
  BOOST_TEST(utf8::Decode("\xc0\x80", 0, &len, utf8::IllFormed::kByteValue) == 0xc0u);
  BOOST_TEST(len == 1u);
  BOOST_TEST(utf8::Decode("\xc3\xa9", 0, &len, utf8::IllFormed::kByteValue) == 0xe9u);  // well-formed: unchanged
  BOOST_TEST(len == 2u);
}

BOOST_AUTO_TEST_CASE(decoding_from_the_middle_of_a_string) {
  const std::string s = "a\xc3\xa9z";
  BOOST_TEST(DecodeAt(s, 1).code_point == 0xe9u);
  BOOST_TEST(DecodeAt(s, 1).len == 2u);
  BOOST_TEST(DecodeAt(s, 3).code_point == uint32_t{'z'});
}

BOOST_AUTO_TEST_CASE(well_formedness_is_checked_across_word_boundaries) {
  BOOST_TEST(utf8::IsWellFormed(""));
  BOOST_TEST(utf8::IsWellFormed("plain ascii, longer than one word"));
  BOOST_TEST(utf8::IsWellFormed("caf\xc3\xa9 \xf0\x9f\x90\x88"));
  for (size_t at = 0; at < 20; ++at) {
    std::string s(20, 'a');
    s.insert(at, "\xe2\x82");  // a three-byte sequence cut short
    BOOST_TEST(!utf8::IsWellFormed(s), at);
    BOOST_TEST(utf8::ReplaceIllFormed(s) == std::string(20, 'a').insert(at, "\xef\xbf\xbd\xef\xbf\xbd"), at);
  }
  BOOST_TEST(!utf8::IsWellFormed("\xc0\xaf"));          // overlong
  BOOST_TEST(!utf8::IsWellFormed("\xed\xa0\x80"));      // a surrogate
  BOOST_TEST(utf8::ReplaceIllFormed("ok") == "ok");
}

BOOST_AUTO_TEST_SUITE_END()
