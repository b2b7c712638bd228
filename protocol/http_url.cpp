#include "protocol/http_url.h"

#include <charconv>

namespace vingt::protocol {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool IsSchemeChar(char c, bool first) {
  const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (first) return alpha;
  return alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// Characters no URL may hold raw (WHATWG strips leading / trailing C0 and
// space, and refuses them inside a host; a receiver URL has no use for
// them anywhere).
bool HasForbidden(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) return true;
  }
  return false;
}

bool IsHostChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x80) return true;  // a Unicode name (IDNA is the resolver's business)
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c == '-' || c == '.' || c == '_' || c == '~' || c == '%' || c == '!' || c == '$' || c == '&' ||
         c == '\'' || c == '(' || c == ')' || c == '*' || c == '+' || c == ',' || c == ';' || c == '=';
}

}  // namespace

HttpUrlParse ParseHttpUrl(std::string_view text) {
  HttpUrlParse out;
  if (text.empty() || HasForbidden(text)) return out;
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return out;
  for (size_t i = 0; i < colon; ++i)
    if (!IsSchemeChar(text[i], i == 0)) return out;
  std::string scheme;
  for (size_t i = 0; i < colon; ++i) scheme.push_back(Lower(text[i]));
  if (scheme != "http" && scheme != "https") {
    out.error = HttpUrlError::kUnsupportedScheme;
    out.scheme = scheme + ":";
    return out;
  }
  std::string_view rest = text.substr(colon + 1);
  while (!rest.empty() && (rest.front() == '/' || rest.front() == '\\')) rest.remove_prefix(1);
  const size_t authority_end = rest.find_first_of("/\\?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view tail = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);

  HttpUrl url;
  url.tls = scheme == "https";
  url.port = url.tls ? 443 : 80;
  std::string_view host, port;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return out;
    host = authority.substr(1, close - 1);
    for (char c : host)
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.'))
        return out;
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return out;
      port = after.substr(1);
    }
  } else {
    const size_t port_colon = authority.find(':');
    host = authority.substr(0, port_colon);
    if (port_colon != std::string_view::npos) port = authority.substr(port_colon + 1);
    if (host.empty()) return out;
    for (char c : host)
      if (!IsHostChar(c)) return out;
  }
  if (!port.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value > 65535) return out;
    url.port = static_cast<uint16_t>(value);
  }
  for (char c : host) url.host.push_back(Lower(c));
  const bool bracketed = url.host.find(':') != std::string::npos;
  url.host_header = bracketed ? "[" + url.host + "]" : url.host;
  if (url.port != (url.tls ? 443 : 80)) url.host_header += ":" + std::to_string(url.port);

  std::string target(tail.substr(0, tail.find('#')));
  for (char& c : target) {
    if (c == '?') break;  // only the path reads '\\' as '/'
    if (c == '\\') c = '/';
  }
  if (target.empty() || target.front() == '?') target.insert(target.begin(), '/');
  url.target = std::move(target);
  out.url = std::move(url);
  return out;
}

}  // namespace vingt::protocol
