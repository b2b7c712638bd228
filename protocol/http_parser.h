// Incremental HTTP/1.x request parser over llhttp.
//
// Bytes go in as they arrive from the socket, in pieces of any size; complete
// requests come out one at a time. llhttp is paused at each message end, so
// the bytes after it (a pipelined request) are left for the next Feed.
//
//   HttpParser parser(limits);
//   while (have bytes [p, end)) {
//     auto r = parser.Feed(p, end - p);
//     p += r.consumed;
//     if (r.state == kRequestReady) Handle(parser.TakeRequest());
//     else if (r.state == kError) { answer r.status, close; }
//     else { if (parser.TakeExpectContinue()) send 100; read more; }
//   }
//
// Not thread-safe; one parser per connection. Not movable (llhttp keeps a
// pointer back to it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include <llhttp.h>

#include "protocol/http_request.h"

namespace vingt::protocol {

class HttpParser {
 public:
  struct Limits {
    // Request line plus headers, counted as the bytes the parser keeps
    // (target, names, values) plus 4 per header line. Over it: 431.
    std::size_t max_header_bytes = 16 * 1024;
    // Decoded body (Content-Length or the sum of chunks). Over it: 413.
    std::size_t max_body_bytes = 10 * 1024 * 1024;
  };

  enum class State {
    kNeedMore,      // all bytes consumed, the request is not complete yet
    kRequestReady,  // a request is complete: TakeRequest(), then Feed the rest
    kError,         // answer `status` with `reason`, then close the connection
  };

  struct FeedResult {
    std::size_t consumed = 0;  // bytes of the input that were used
    State state = State::kNeedMore;
    int status = 0;            // kError only: 400, 413, 431, 501 or 505 (obs-fold: 400)
    // kError only: a short text for the client. Static storage.
    std::string_view reason;
  };

  explicit HttpParser(Limits limits);
  HttpParser(const HttpParser&) = delete;
  HttpParser& operator=(const HttpParser&) = delete;

  // Parses up to `size` bytes. After kRequestReady the bytes past `consumed`
  // belong to the next request: take the request first, then Feed them (a
  // Feed before TakeRequest discards the ready request). After kError every
  // Feed returns the same error until Reset().
  FeedResult Feed(const char* data, std::size_t size);

  // Moves out the request completed by the last Feed (kRequestReady).
  HttpRequest TakeRequest() { return std::move(request_); }

  // True once per request, after its headers arrived, when the client sent
  // "Expect: 100-continue" on HTTP/1.1 and the body is still to come: the
  // connection should then write "HTTP/1.1 100 Continue\r\n\r\n".
  bool TakeExpectContinue() {
    bool pending = expect_continue_;
    expect_continue_ = false;
    return pending;
  }

  // True between the first byte of a request and its completion: the
  // connection is in the middle of a request, not idle.
  bool InMessage() const { return in_message_; }

  // Forgets any partial request and error; ready for a new stream.
  void Reset();

 private:
  struct Callbacks;
  friend struct Callbacks;

  // Records the first error raised from a callback; returns the value the
  // callback hands back to llhttp to stop parsing.
  int Fail(int status, std::string_view reason);
  int OnHeadersComplete();
  // Scans bytes of the current message's header section for what llhttp
  // lets through and must not (a line that starts with a space or tab; a CR
  // not followed by LF); stops at the empty line ending it. Returns the
  // reason for the 400, or "" when the bytes are fine.
  std::string_view CheckHeaderSection(const char* data, std::size_t size);

  Limits limits_;
  llhttp_t parser_;
  HttpRequest request_;
  std::size_t header_bytes_ = 0;
  bool field_done_ = true;  // the next header-name span starts a new header
  bool in_message_ = false;
  bool paused_ = false;     // llhttp is paused at a message end
  bool expect_continue_ = false;
  bool failed_ = false;
  // CheckHeaderSection's place in the header section, carried across Feeds.
  bool headers_scanned_ = false;
  bool after_lf_ = false;
  bool after_cr_ = false;
  bool line_seen_ = false;
  int error_status_ = 0;
  std::string_view error_reason_;
};

}  // namespace vingt::protocol
