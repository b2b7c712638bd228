// Fuzz target: URL and query-string decoding (protocol/url.h,
// protocol/http_url.h, protocol/link_url.h): what every request's target
// and every webhook's targetUrl go through.
//
// Properties: percent-decoding leaves text without '%' or '+' as it is;
// path segments hold no '/'; every query parameter found is decoded; a
// parsed receiver URL has a host and a target starting with '/', and its
// Host header names its host.
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/http_url.h"
#include "protocol/link_url.h"
#include "protocol/url.h"
#include "tests/fuzz/fuzz_check.h"

using namespace vingt::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  for (bool plus_as_space : {false, true}) {
    std::string decoded;
    const bool ok = PercentDecode(text, &decoded, plus_as_space);
    if (text.find_first_of("%+") == std::string_view::npos) {
      FUZZ_CHECK(ok && decoded == text, "plain text changed by percent-decoding");
    }
    if (ok) FUZZ_CHECK(decoded.size() <= text.size(), "decoding grew the text");
  }

  for (std::string_view segment : SplitPath(text)) {
    FUZZ_CHECK(segment.find('/') == std::string_view::npos, "a path segment holds '/'");
  }
  for (const auto& [name, value] : ParseQuery(text)) {
    FUZZ_CHECK(name.size() + value.size() <= text.size(), "a query parameter longer than the query");
  }

  HttpUrlParse parsed = ParseHttpUrl(text);
  if (parsed.url) {
    const HttpUrl& url = *parsed.url;
    FUZZ_CHECK(!url.target.empty() && url.target.front() == '/', "target " + url.target);
    FUZZ_CHECK(!url.host.empty(), "a URL without a host");
    FUZZ_CHECK(url.host_header.find(url.host) != std::string::npos, url.host_header + " does not name " + url.host);
    FUZZ_CHECK(url.target.find('#') == std::string::npos, "the fragment was kept: " + url.target);
  } else if (parsed.error == HttpUrlError::kUnsupportedScheme) {
    FUZZ_CHECK(!parsed.scheme.empty() && parsed.scheme.back() == ':', "scheme " + parsed.scheme);
  }

  (void)NormalizeLinkUrl(text);
  return 0;
}
