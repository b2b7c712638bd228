#include "protocol/http_response.h"

#include <charconv>
#include <ctime>

namespace vingt::protocol {
namespace {

// "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", rebuilt at most once a second
// per thread so the hot path does one time() call and one copy.
std::string_view DateHeader() {
  thread_local std::time_t cached_second = -1;
  thread_local char line[64];
  thread_local std::size_t line_size = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    line_size = std::strftime(line, sizeof(line), "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
    cached_second = now;
  }
  return std::string_view(line, line_size);
}

void AppendNumber(std::size_t value, std::string* out) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), value);
  (void)ec;  // 24 digits always fit a size_t.
  out->append(digits, end);
}

}  // namespace

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 499: return "Client Closed Request";  // nginx's; the client is gone and never reads it
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

void SerializeHead(const HttpResponse& response, bool keep_alive, std::string* out,
                   bool announce_keep_alive) {
  int status = response.status;
  if (status < 100 || status > 999) status = 500;  // Keeps the status line three digits.
  out->append("HTTP/1.1 ");
  AppendNumber(static_cast<std::size_t>(status), out);
  out->push_back(' ');
  out->append(ReasonPhrase(status));
  out->append("\r\n");
  out->append(DateHeader());
  // RFC 9110 8.6: no Content-Length (and so no body) on 1xx, 204, 304.
  bool bodiless = status < 200 || status == 204 || status == 304;
  if (!bodiless) {
    if (!response.content_type.empty()) {
      out->append("Content-Type: ");
      out->append(response.content_type);
      out->append("\r\n");
    }
    out->append("Content-Length: ");
    AppendNumber(response.body.size(), out);
    out->append("\r\n");
  }
  if (!keep_alive || response.close) {
    out->append("Connection: close\r\n");
  } else if (announce_keep_alive) {
    out->append("Connection: keep-alive\r\n");
  }
  for (const auto& [name, value] : response.headers) {
    out->append(name);
    out->append(": ");
    out->append(value);
    out->append("\r\n");
  }
  out->append("\r\n");
}

}  // namespace vingt::protocol
