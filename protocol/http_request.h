// One parsed HTTP/1.x request, as HttpParser hands it to the connection.
//
// The request owns its bytes (it outlives the read buffer it came from), so a
// handler may keep it across co_awaits.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vingt::protocol {

// Spare bytes guaranteed after body.size() so simdjson can parse the body in
// place (equals SIMDJSON_PADDING; checked in http_parser.cpp).
inline constexpr std::size_t kBodyPadding = 64;

struct HttpRequest {
  std::string method;  // "GET", "POST", ... (upper case, as llhttp names it)
  std::string target;  // raw request-target, e.g. "/rest/people?limit=2"
  std::string path;    // target before '?', percent-decoded ('+' stays '+')
  std::string query;   // raw text after '?', not decoded ("" if none)
  // In arrival order, duplicates kept. Names are lower-cased; values have
  // surrounding whitespace trimmed.
  std::vector<std::pair<std::string, std::string>> headers;
  // capacity() >= size() + kBodyPadding: the padding bytes are allocated but
  // their contents are unspecified.
  std::string body;
  bool keep_alive = true;  // false: close the connection after the response
  int http_major = 1;
  int http_minor = 1;
  // The connection's socket, so that a request computing for long can see
  // that its client has gone (common/request_budget.h); -1: none (tests).
  int client_fd = -1;

  // Value of the first header named `lower_name` (which must be lower case),
  // "" if absent. Valid while the request lives and its headers are unchanged.
  std::string_view Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_name) return value;
    }
    return {};
  }
};

}  // namespace vingt::protocol
