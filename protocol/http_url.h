// Absolute http:// and https:// URLs, as a webhook's targetUrl names its
// receiver: parsed into what a client needs to connect and send (host, port,
// request target), with the two ways Twenty refuses one told apart.
//
// The accepted form is the one WHATWG's URL parser reads for the two
// special schemes, restricted to what a receiver can be: scheme (any case),
// "://" (or ":/", ":" — WHATWG skips any run of slashes), an optional
// "user:pass@", a host (a name, an IPv4 address or an [IPv6] literal),
// an optional ":port", then path, query and fragment. Not accepted: an
// empty host, a non-numeric or too large port, spaces or control
// characters anywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vingt::protocol {

struct HttpUrl {
  bool tls = false;      // https
  std::string host;      // lower-cased; an IPv6 literal without its brackets
  uint16_t port = 0;     // given, or 80 / 443
  std::string target;    // path and query ("/" when empty); the fragment is dropped
  std::string host_header;  // "host" or "host:port" as the Host header carries it
};

enum class HttpUrlError : uint8_t {
  kNotAUrl,            // no scheme, or not parseable as a URL at all
  kUnsupportedScheme,  // a URL, but not http or https
};

struct HttpUrlParse {
  std::optional<HttpUrl> url;
  HttpUrlError error = HttpUrlError::kNotAUrl;
  std::string scheme;  // kUnsupportedScheme: the scheme, lower-cased, with its ':' ("ftp:")
};

HttpUrlParse ParseHttpUrl(std::string_view text);

}  // namespace vingt::protocol
