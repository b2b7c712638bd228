#include "protocol/link_url.h"

namespace vingt::protocol {
namespace {

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

void AppendAsciiLower(std::string_view s, std::string* out) {
  size_t start = out->size();
  out->append(s);
  for (size_t i = start; i < out->size(); ++i) (*out)[i] = AsciiLower((*out)[i]);
}

}  // namespace

std::string NormalizeLinkUrl(std::string_view url) {
  auto starts_with_no_case = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
      if (AsciiLower(url[i]) != prefix[i]) return false;
    return true;
  };
  size_t scheme_end = starts_with_no_case("https://") ? 8 : starts_with_no_case("http://") ? 7 : 0;
  if (scheme_end == 0) return std::string(url);  // not http(s): Twenty keeps it as is
  size_t host_end = url.find_first_of("/?#", scheme_end);
  if (host_end == std::string_view::npos) host_end = url.size();
  std::string_view authority = url.substr(scheme_end, host_end - scheme_end);
  // The origin has no credentials and no default port.
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.empty()) return std::string(url);  // "https://" alone is no URL
  bool https = scheme_end == 8;
  std::string_view default_port = https ? ":443" : ":80";
  if (authority.size() > default_port.size() &&
      authority.substr(authority.size() - default_port.size()) == default_port)
    authority.remove_suffix(default_port.size());
  else if (authority.back() == ':')
    authority.remove_suffix(1);
  std::string out(https ? "https://" : "http://");
  AppendAsciiLower(authority, &out);
  out.append(url.substr(host_end));
  if (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

}  // namespace vingt::protocol
