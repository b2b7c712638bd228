// An HTTP/1.1 response and its wire head.
//
// The head and the body go out as two gather buffers (SerializeHead writes
// only the head), so the body is never copied after the handler built it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vingt::protocol {

struct HttpResponse {
  int status = 200;
  // Sent as Content-Type unless empty.
  std::string content_type = "application/json; charset=utf-8";
  // Extra headers, written as given. Must not contain Content-Length,
  // Connection or Date: SerializeHead owns those.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The handler asks to close the connection after this response.
  bool close = false;
};

// "OK", "Not Found", ...; "Unknown" for a code not in the table.
std::string_view ReasonPhrase(int status);

// Appends the status line and headers, through the blank line, to *out:
// Date, Content-Type, Content-Length (also for a HEAD answer, which sends no
// body; omitted for 1xx, 204 and 304, which never have one), then
// "Connection: close" when !keep_alive or response.close, else
// "Connection: keep-alive" if `announce_keep_alive` (HTTP/1.0 clients need
// it to keep the connection), then the extra headers.
// Thread-safe (the Date text is cached per thread).
void SerializeHead(const HttpResponse& response, bool keep_alive, std::string* out,
                   bool announce_keep_alive = false);

}  // namespace vingt::protocol
