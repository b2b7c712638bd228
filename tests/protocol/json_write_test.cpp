#include "protocol/json_write.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <ostream>
#include <random>
#include <string>
#include <string_view>

#include "protocol/json_read.h"

// GCC 12 misreports -Wrestrict inside Boost.Test's data test-case naming
// (std::operator+ on strings; GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

namespace vingt::protocol {
namespace {

namespace bdata = boost::unit_test::data;

struct NumberCase {
  double value;
  const char* js;    // Number.prototype.toString
  const char* json;  // JSON.stringify
};

std::ostream& operator<<(std::ostream& os, const NumberCase& c) { return os << c.js; }

const double kInf = std::numeric_limits<double>::infinity();

const NumberCase kNumberCases[] = {
    {0, "0", "0"},
    {-0.0, "0", "0"},
    {1, "1", "1"},
    {-1, "-1", "-1"},
    {1500000000, "1500000000", "1500000000"},
    {1.5, "1.5", "1.5"},
    {-1.1, "-1.1", "-1.1"},
    {0.1, "0.1", "0.1"},
    {0.1 + 0.2, "0.30000000000000004", "0.30000000000000004"},
    {123.45, "123.45", "123.45"},
    {48.8566, "48.8566", "48.8566"},
    {9007199254740992.0, "9007199254740992", "9007199254740992"},
    {1e20, "100000000000000000000", "100000000000000000000"},
    {1e21, "1e+21", "1e+21"},
    {1.5e300, "1.5e+300", "1.5e+300"},
    {0.000001, "0.000001", "0.000001"},
    {0.0000001, "1e-7", "1e-7"},
    {1.2345e-7, "1.2345e-7", "1.2345e-7"},
    {5e-324, "5e-324", "5e-324"},
    {1.7976931348623157e308, "1.7976931348623157e+308", "1.7976931348623157e+308"},
    {std::nan(""), "NaN", "null"},
    {kInf, "Infinity", "null"},
    {-kInf, "-Infinity", "null"},
};

BOOST_DATA_TEST_CASE(NumbersAsJavaScriptWritesThem, bdata::make(kNumberCases), c) {
  std::string js;
  AppendJsNumber(c.value, &js);
  BOOST_TEST(js == c.js);
  JsonWriter w;
  w.Double(c.value);
  BOOST_TEST(w.View() == c.json);
}

BOOST_AUTO_TEST_CASE(WritesNestedDocument) {
  JsonWriter w;
  w.StartObject();
  w.Key("data");
  w.StartObject();
  w.Key("people");
  w.StartArray();
  w.StartObject();
  w.Key("id");
  w.String("0a1c");
  w.Key("city");
  w.Null();
  w.Key("ok");
  w.Bool(true);
  w.Key("n");
  w.Int64(-3);
  w.Key("u");
  w.Uint64(18446744073709551615ull);
  w.Key("raw");
  w.RawJson(R"({"a":[1,2]})");
  w.Key("amount");
  w.Double(2.5e9);
  w.EndObject();
  w.EndArray();
  w.EndObject();
  w.EndObject();
  BOOST_TEST(w.IsComplete());
  BOOST_TEST(w.View() ==
             R"({"data":{"people":[{"id":"0a1c","city":null,"ok":true,"n":-3,"u":18446744073709551615,)"
             R"("raw":{"a":[1,2]},"amount":2500000000}]}})");
}

BOOST_AUTO_TEST_CASE(EscapesStrings) {
  JsonWriter w;
  w.String("a\"b\\c\n\t\x01/é");
  BOOST_TEST(w.View() == "\"a\\\"b\\\\c\\n\\t\\u0001/é\"");
}

// Found by fuzzing (tests/fuzz/api_fuzz.cpp): a path holding %FF was echoed
// into an error message as the raw byte, and the answer was not valid
// JSON. Every way a string is written now puts U+FFFD for an ill-formed
// byte; well-formed text, ASCII or not, is untouched.
BOOST_AUTO_TEST_CASE(ill_formed_utf8_is_written_as_the_replacement_character) {
  const std::string bad = "id-\xff\xc3(-\xe2\x82-long-enough-for-the-word-loop\xed\xa0\x80";
  const std::string expected =
      "\"id-\xef\xbf\xbd\xef\xbf\xbd(-\xef\xbf\xbd\xef\xbf\xbd-long-enough-for-the-word-loop"
      "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"";
  JsonWriter w;
  w.String(bad);
  BOOST_TEST(w.View() == expected);

  std::string buf(MaxJsonStringLength(bad.size()), '\0');
  char* end = FormatJsonString(bad, buf.data());
  BOOST_TEST(std::string_view(buf.data(), static_cast<size_t>(end - buf.data())) == expected);

  std::string stringified;
  AppendJsonStringified(bad, &stringified);
  BOOST_TEST(stringified == expected);

  JsonWriter good;
  good.String("\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x88 \xef\xbf\xbd");
  BOOST_TEST(good.View() == "\"\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x88 \xef\xbf\xbd\"");
}

// The fast path for strings without escapes must agree with RapidJSON's
// escaping wherever the special byte sits relative to 8-byte words.
BOOST_AUTO_TEST_CASE(StringEscapingMatchesRapidJson) {
  const char kSpecials[] = {'"', '\\', '\n', '\x01', '\x1f', ' ', '\x7f', 'A'};
  for (size_t len = 0; len < 20; ++len) {
    for (size_t pos = 0; pos <= len; ++pos) {
      for (char special : kSpecials) {
        std::string s(len, 'x');
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), special);
        s += "\xc3\xa9";  // UTF-8 bytes are never escaped
        rapidjson::StringBuffer reference_buffer;
        rapidjson::Writer<rapidjson::StringBuffer> reference(reference_buffer);
        reference.StartArray();
        reference.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
        reference.String("k");
        reference.EndArray();
        JsonWriter w;
        w.StartArray();
        w.String(s);
        w.String("k");
        w.EndArray();
        BOOST_TEST(w.View() == std::string_view(reference_buffer.GetString(), reference_buffer.GetSize()));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(RawJsonInArraysGetsCommas) {
  JsonWriter w;
  w.StartArray();
  w.RawJson("[]");
  w.RawJson("\"x\"");
  w.Double(0.5);
  w.RawJson("null");
  w.EndArray();
  BOOST_TEST(w.View() == R"([[],"x",0.5,null])");
}

BOOST_AUTO_TEST_CASE(ResetAndTakeReuseTheWriter) {
  JsonWriter w;
  w.StartArray();
  w.Int64(1);
  w.EndArray();
  BOOST_TEST(w.Take() == "[1]");
  BOOST_TEST(w.View().empty());
  w.StartObject();
  w.Key("k");
  w.String("v");
  w.EndObject();
  BOOST_TEST(w.View() == R"({"k":"v"})");
  w.Reset();
  w.Bool(false);
  BOOST_TEST(w.View() == "false");
  BOOST_TEST(w.IsComplete());
}
// FormatJsonString must write exactly what JsonWriter::String writes, and
// nothing past MaxJsonStringLength: every byte value, at every position of
// strings that cover the short (0..7), word (8..15) and long paths.
BOOST_AUTO_TEST_CASE(FormatJsonStringMatchesTheWriter) {
  constexpr char kGuard = '\xAA';
  for (int special = 0; special < 256; ++special) {
    for (size_t len = 0; len <= 40; ++len) {
      for (size_t pos = 0; pos <= len; pos += (len < 18 ? 1 : 7)) {
        std::string s(len, 'x');
        for (size_t i = 0; i < len; ++i) s[i] = static_cast<char>('a' + i % 26);
        if (pos < len) s[pos] = static_cast<char>(special);
        JsonWriter w;
        w.String(s);
        std::string buf(MaxJsonStringLength(s.size()) + 16, kGuard);
        char* end = FormatJsonString(s, buf.data());
        size_t n = static_cast<size_t>(end - buf.data());
        BOOST_REQUIRE(n <= MaxJsonStringLength(s.size()));
        if (std::string_view(buf.data(), n) != w.View())
          BOOST_ERROR("byte " << special << " len " << len << " pos " << pos << ": " << buf.substr(0, n));
        BOOST_REQUIRE(buf.find_first_not_of(kGuard, MaxJsonStringLength(s.size())) == std::string::npos);
      }
    }
  }
  // Every byte escaped at once: the worst case is exactly the bound.
  std::string controls(32, '\0');
  for (int c = 0; c < 32; ++c) controls[c] = static_cast<char>(c);
  JsonWriter w;
  w.String(controls);
  std::string buf(MaxJsonStringLength(controls.size()), '\0');
  BOOST_TEST(std::string_view(buf.data(), FormatJsonString(controls, buf.data()) - buf.data()) == w.View());
  BOOST_TEST(w.View().substr(0, 25) == R"("\u0000\u0001\u0002\u0003)");
  BOOST_TEST(w.View().find(R"(\b\t\n\u000B\f\r\u000E)") != std::string_view::npos);
  // Valid UTF-8 passes through; an ill-formed byte is U+FFFD, within the bound.
  for (std::string s : {"caf\xc3\xa9", "\xf0\x9f\x99\x82 \xe6\x97\xa5"}) {
    std::string out(MaxJsonStringLength(s.size()), '\0');
    BOOST_TEST(std::string_view(out.data(), FormatJsonString(s, out.data()) - out.data()) == "\"" + s + "\"");
  }
  for (std::string s : {"\xff\xfe", "\xc3"}) {
    std::string out(MaxJsonStringLength(s.size()), '\0');
    std::string replaced;
    for (size_t i = 0; i < s.size(); ++i) replaced += "\xef\xbf\xbd";
    BOOST_TEST(std::string_view(out.data(), FormatJsonString(s, out.data()) - out.data()) == "\"" + replaced + "\"");
  }
}

BOOST_DATA_TEST_CASE(FormatJsonNumberMatchesDouble, bdata::make(kNumberCases), c) {
  char buf[kMaxJsonNumberLength];
  size_t n = FormatJsonNumber(c.value, buf);
  BOOST_TEST(std::string_view(buf, n) == c.json);
}

BOOST_AUTO_TEST_CASE(FormatJsonNumberMatchesDoubleOnManyValues) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 200000; ++i) {
    double v;
    switch (i % 4) {
      case 0: {  // any bit pattern: NaNs, infinities, subnormals, huge
        uint64_t bits = rng();
        std::memcpy(&v, &bits, 8);
        break;
      }
      case 1: v = static_cast<double>(static_cast<int64_t>(rng())) / static_cast<double>(1 + rng() % 1000000); break;
      case 2: v = static_cast<double>(static_cast<int64_t>(rng() >> (rng() % 64))) * ((rng() & 1) ? 1 : -1); break;
      default: v = std::ldexp(1.0, static_cast<int>(rng() % 140) - 70) * ((rng() & 1) ? 1 : -1); break;
    }
    JsonWriter w;
    w.Double(v);
    char buf[kMaxJsonNumberLength];
    size_t n = FormatJsonNumber(v, buf);
    if (std::string_view(buf, n) != w.View()) {
      BOOST_ERROR("value " << v << ": " << std::string_view(buf, n) << " vs " << w.View());
      break;
    }
  }
}

BOOST_AUTO_TEST_CASE(BeginRawValueTakesTheSeparatorAndPlace) {
  JsonWriter w;
  w.StartObject();
  w.Key("a");
  w.BeginRawValue().Put('1');
  w.Key("list");
  w.StartArray();
  for (std::string_view v : {"{}", "\"x\"", "[1]"}) {
    rapidjson::StringBuffer& out = w.BeginRawValue();
    std::memcpy(out.Push(v.size()), v.data(), v.size());
  }
  w.Int64(7);
  rapidjson::StringBuffer& tail = w.BeginRawValue();
  std::memcpy(tail.Push(8), "null    ", 8);
  tail.Pop(4);  // unused room given back
  w.EndArray();
  w.Key("b");
  w.String("z");
  w.EndObject();
  BOOST_TEST(w.IsComplete());
  BOOST_TEST(w.View() == R"({"a":1,"list":[{},"x",[1],7,null],"b":"z"})");

  w.Reset();
  w.BeginRawValue().Put('2');  // at the root
  BOOST_TEST(w.IsComplete());
  BOOST_TEST(w.View() == "2");
}

BOOST_AUTO_TEST_CASE(DocumentIdChangesWithEachDocument) {
  JsonWriter a, b;
  BOOST_TEST(a.document_id() != b.document_id());
  uint64_t first = a.document_id();
  a.Null();
  BOOST_TEST(a.document_id() == first);
  a.Reset();
  uint64_t second = a.document_id();
  BOOST_TEST(second != first);
  a.Null();
  a.Take();
  BOOST_TEST(a.document_id() != second);
  BOOST_TEST(a.document_id() != b.document_id());
}


// util.inspect, as it appears inside Twenty's validation messages.
struct InspectCase {
  const char* json;
  const char* inspected;
};

std::ostream& operator<<(std::ostream& os, const InspectCase& c) { return os << c.json; }

const InspectCase kInspectCases[] = {
    {R"("not-an-email")", "'not-an-email'"},
    {R"("it's")", "\"it's\""},
    {R"("it's \"x\"")", "`it's \"x\"`"},
    {R"("a\\b\nc")", "'a\\\\b\\nc'"},
    {R"("")", "''"},
    {"1", "1"},
    {"-1.5", "-1.5"},
    {"-0.0", "-0"},
    {"1e21", "1e+21"},
    {"true", "true"},
    {"null", "null"},
    {"{}", "{}"},
    {"[]", "[]"},
    {R"({"a":1,"b":"x"})", "{ a: 1, b: 'x' }"},
    {R"({"my-key":1})", "{ 'my-key': 1 }"},
    {R"(["A","FOO"])", "[ 'A', 'FOO' ]"},
    {R"([null])", "[ null ]"},
    {R"({"addFiles":[{"invalidField":"test"}]})", "{ addFiles: [ { invalidField: 'test' } ] }"},
    {R"([{"addFiles":[{"fileId":"x","label":1}]}])", "[ { addFiles: [ [Object] ] } ]"},
    {R"({"a":{"b":{"c":{}}}})", "{ a: { b: { c: {} } } }"},
    {R"({"a":{"b":{"c":[1]}}})", "{ a: { b: { c: [Array] } } }"},
    {R"({"addFiles":[{"fileId":"550e8400-e29b-41d4-a716-446655440000","label":"Document.pdf","extension":"not-allowed-in-input"}]})",
     "{\n  addFiles: [\n    {\n      fileId: '550e8400-e29b-41d4-a716-446655440000',\n      label: 'Document.pdf',\n"
     "      extension: 'not-allowed-in-input'\n    }\n  ]\n}"},
    {"[1,2,3,4,5,6,7]", "[\n  1, 2, 3, 4,\n  5, 6, 7\n]"},
    {R"(["a","b","c","d","e","f","g"])", "[\n  'a', 'b', 'c',\n  'd', 'e', 'f',\n  'g'\n]"},
};

BOOST_DATA_TEST_CASE(InspectLikeNode, bdata::make(kInspectCases), c) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  BOOST_REQUIRE(parser.parse(std::string(c.json)).get(e) == simdjson::SUCCESS);
  BOOST_TEST(JsInspect(e) == c.inspected);
}

BOOST_AUTO_TEST_CASE(JsonReadHelpers) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  BOOST_REQUIRE(parser.parse(std::string(R"({ "a" : [1, 2.5, "x"], "b": null })")).get(e) == simdjson::SUCCESS);
  BOOST_TEST(IsJsonObject(e));
  BOOST_TEST(MinifiedJson(e) == R"({"a":[1,2.5,"x"],"b":null})");
  simdjson::dom::element a = e["a"].value_unsafe();
  BOOST_TEST(IsJsonArray(a));
  BOOST_TEST(*JsonNumberValue(a.at(1).value_unsafe()) == 2.5);
  BOOST_TEST(!JsonNumberValue(a.at(2).value_unsafe()).has_value());
  BOOST_TEST(*JsonStringValue(a.at(2).value_unsafe()) == "x");
  BOOST_TEST(IsJsonNull(e["b"].value_unsafe()));
}

}  // namespace
}  // namespace vingt::protocol
