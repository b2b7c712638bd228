// Fuzz target: the decoders of scalar values that records and cursors take
// as text (protocol/base64.h, protocol/iso_time.h, protocol/js_number.h,
// protocol/email_address.h).
//
// Properties: base64 decodes what it encodes; a date-time that parses
// formats to text that parses to the same instant; a date input that is
// accepted is a valid ISO date; a number's JavaScript text reads back as
// the same number.
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/base64.h"
#include "protocol/email_address.h"
#include "protocol/iso_time.h"
#include "protocol/js_number.h"
#include "tests/fuzz/fuzz_check.h"

using namespace vingt::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  FUZZ_CHECK(Base64Decode(Base64Encode(text)) == std::string(text), "base64 round trip");
  if (auto bytes = Base64Decode(text)) FUZZ_CHECK(bytes->size() <= text.size(), "base64 grew");

  if (auto ms = ParseIsoDateTime(text)) {
    const std::string formatted = IsoDateTime(*ms);
    auto again = ParseIsoDateTime(formatted);
    FUZZ_CHECK(again && *again == *ms, "date-time round trip: " + formatted);
  }
  std::string date;
  if (ParseDateInput(text, &date)) FUZZ_CHECK(IsValidIsoDate(date), "accepted date " + date);

  const double number = JsNumberFromString(text);
  if (!std::isnan(number)) {
    const std::string js = JsNumberText(number);
    const double again = JsNumberFromString(js);
    FUZZ_CHECK(again == number, "number round trip: " + js);
  }

  if (IsZodUnicodeEmail(text)) (void)CanonicalizeEmail(text);
  return 0;
}
