#include "protocol/http_parser.h"

#include <simdjson.h>

#include "protocol/url.h"

namespace vingt::protocol {

static_assert(kBodyPadding >= simdjson::SIMDJSON_PADDING,
              "request bodies are parsed in place by simdjson");

namespace {

// Each header line costs its name and value plus ": " and CRLF.
constexpr std::size_t kHeaderLineOverhead = 4;

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

// For each byte: its lower-case form if it is an RFC 9110 token character
// (what a header name is made of), else 0. llhttp 8 lets some through
// (spaces), and a name like "Bad Header" must not reach a handler.
struct TokenTable {
  char lower[256] = {};
  constexpr TokenTable() {
    constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
    for (int c = '0'; c <= '9'; ++c) lower[c] = static_cast<char>(c);
    for (int c = 'a'; c <= 'z'; ++c) lower[c] = static_cast<char>(c);
    for (int c = 'A'; c <= 'Z'; ++c) lower[c] = static_cast<char>(c - 'A' + 'a');
    for (char c : kExtra) lower[static_cast<unsigned char>(c)] = c;
  }
};
constexpr TokenTable kToken;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

std::string_view TrimWhitespace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// True when every coding listed in the Transfer-Encoding headers is
// "chunked": llhttp removes that one, any other (gzip, ...) we cannot undo.
bool OnlyChunkedCoding(const HttpRequest& request) {
  for (const auto& [name, value] : request.headers) {
    if (name != "transfer-encoding") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      std::size_t comma = rest.find(',');
      std::string_view coding = TrimWhitespace(rest.substr(0, comma));
      if (!coding.empty() && !EqualsIgnoreCase(coding, "chunked")) return false;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return true;
}

// Fills path and query from target. Returns false on a bad percent escape.
bool SplitTarget(HttpRequest* request) {
  std::string_view target = request->target;
  // Absolute form ("http://host/path"), which proxies send: keep the path.
  if (!target.empty() && target.front() != '/' && target != "*") {
    std::size_t scheme_end = target.find("://");
    if (scheme_end != std::string_view::npos) {
      std::size_t path_start = target.find_first_of("/?", scheme_end + 3);
      target = path_start == std::string_view::npos ? std::string_view("/") : target.substr(path_start);
    }
  }
  std::size_t question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  if (question != std::string_view::npos) {
    request->query.assign(target.substr(question + 1));
  } else {
    request->query.clear();
  }
  if (raw_path.empty()) raw_path = "/";
  return PercentDecode(raw_path, &request->path, /*plus_as_space=*/false);
}

}  // namespace

// llhttp's C callbacks, forwarding to the HttpParser stored in parser->data.
struct HttpParser::Callbacks {
  static HttpParser& Self(llhttp_t* p) { return *static_cast<HttpParser*>(p->data); }

  static int OnMessageBegin(llhttp_t* p) {
    HttpParser& self = Self(p);
    self.request_ = HttpRequest();
    self.request_.headers.reserve(16);
    self.header_bytes_ = 0;
    self.field_done_ = true;
    self.in_message_ = true;
    self.expect_continue_ = false;
    return HPE_OK;
  }

  static int OnUrl(llhttp_t* p, const char* at, std::size_t length) {
    HttpParser& self = Self(p);
    self.header_bytes_ += length;
    if (self.header_bytes_ > self.limits_.max_header_bytes) {
      return self.Fail(431, "Request header fields too large");
    }
    self.request_.target.append(at, length);
    return HPE_OK;
  }

  static int OnHeaderField(llhttp_t* p, const char* at, std::size_t length) {
    HttpParser& self = Self(p);
    self.header_bytes_ += length;
    if (self.field_done_) {
      self.header_bytes_ += kHeaderLineOverhead;
      self.request_.headers.emplace_back();
      self.field_done_ = false;
    }
    if (self.header_bytes_ > self.limits_.max_header_bytes) {
      return self.Fail(431, "Request header fields too large");
    }
    std::string& name = self.request_.headers.back().first;
    std::size_t old_size = name.size();
    name.append(at, length);
    for (char* c = name.data() + old_size; c != name.data() + name.size(); ++c) {
      char lower = kToken.lower[static_cast<unsigned char>(*c)];
      if (lower == 0) return self.Fail(400, "Invalid header name");
      *c = lower;
    }
    return HPE_OK;
  }

  static int OnHeaderFieldComplete(llhttp_t* p) {
    Self(p).field_done_ = true;
    return HPE_OK;
  }

  static int OnHeaderValue(llhttp_t* p, const char* at, std::size_t length) {
    HttpParser& self = Self(p);
    self.header_bytes_ += length;
    if (self.header_bytes_ > self.limits_.max_header_bytes) {
      return self.Fail(431, "Request header fields too large");
    }
    // llhttp reports a value only after its name, so headers is not empty.
    self.request_.headers.back().second.append(at, length);
    return HPE_OK;
  }

  static int OnHeaderValueComplete(llhttp_t* p) {
    std::string& value = Self(p).request_.headers.back().second;
    std::string_view trimmed = TrimWhitespace(value);
    if (trimmed.size() != value.size()) {
      value = std::string(trimmed);
    }
    return HPE_OK;
  }

  static int OnHeadersComplete(llhttp_t* p) { return Self(p).OnHeadersComplete(); }

  static int OnBody(llhttp_t* p, const char* at, std::size_t length) {
    HttpParser& self = Self(p);
    std::string& body = self.request_.body;
    // Chunked bodies have no announced length: the cap applies as they grow.
    if (body.size() + length > self.limits_.max_body_bytes) {
      return self.Fail(413, "Request body too large");
    }
    body.append(at, length);
    return HPE_OK;
  }

  static int OnMessageComplete(llhttp_t* p) {
    HttpParser& self = Self(p);
    std::string& body = self.request_.body;
    if (body.capacity() < body.size() + kBodyPadding) body.reserve(body.size() + kBodyPadding);
    self.in_message_ = false;
    self.expect_continue_ = false;
    self.headers_scanned_ = false;
    self.after_lf_ = false;
    self.after_cr_ = false;
    self.line_seen_ = false;
    // Stop right after this message: the bytes that follow are the next
    // (pipelined) request, and must wait until this one is taken.
    return HPE_PAUSED;
  }

  static llhttp_settings_t MakeSettings() {
    llhttp_settings_t settings;
    llhttp_settings_init(&settings);
    settings.on_message_begin = OnMessageBegin;
    settings.on_url = OnUrl;
    settings.on_header_field = OnHeaderField;
    settings.on_header_field_complete = OnHeaderFieldComplete;
    settings.on_header_value = OnHeaderValue;
    settings.on_header_value_complete = OnHeaderValueComplete;
    settings.on_headers_complete = OnHeadersComplete;
    settings.on_body = OnBody;
    settings.on_message_complete = OnMessageComplete;
    return settings;
  }
};

HttpParser::HttpParser(Limits limits) : limits_(limits) {
  // llhttp keeps a pointer to its settings: they must outlive every parser.
  static const llhttp_settings_t kSettings = Callbacks::MakeSettings();
  llhttp_init(&parser_, HTTP_REQUEST, &kSettings);
  parser_.data = this;
}

void HttpParser::Reset() {
  llhttp_reset(&parser_);  // Keeps settings, type and data.
  request_ = HttpRequest();
  header_bytes_ = 0;
  field_done_ = true;
  in_message_ = false;
  paused_ = false;
  expect_continue_ = false;
  failed_ = false;
  error_status_ = 0;
  error_reason_ = {};
  headers_scanned_ = false;
  after_lf_ = false;
  after_cr_ = false;
  line_seen_ = false;
}

int HttpParser::Fail(int status, std::string_view reason) {
  if (error_status_ == 0) {
    error_status_ = status;
    error_reason_ = reason;
  }
  return HPE_USER;
}

int HttpParser::OnHeadersComplete() {
  // Returning -1 from on_headers_complete makes llhttp stop with an error.
  constexpr int kStop = -1;
  HttpRequest& request = request_;
  request.http_major = parser_.http_major;
  request.http_minor = parser_.http_minor;
  if (parser_.http_major != 1) {
    Fail(505, "HTTP version not supported");
    return kStop;
  }
  request.method = llhttp_method_name(static_cast<llhttp_method_t>(parser_.method));
  if (!SplitTarget(&request)) {
    Fail(400, "Malformed URL");
    return kStop;
  }
  // "gzip, chunked": llhttp decodes the chunks but the gzip would stay. A
  // coding list not ending in chunked is llhttp's 400 (RFC 9112 6.3).
  if ((parser_.flags & F_CHUNKED) && !OnlyChunkedCoding(request)) {
    Fail(501, "Unsupported transfer coding");
    return kStop;
  }
  bool has_length = (parser_.flags & F_CONTENT_LENGTH) && !(parser_.flags & F_CHUNKED);
  if (has_length) {
    // Refuse before the body is read, let alone buffered.
    if (parser_.content_length > limits_.max_body_bytes) {
      Fail(413, "Request body too large");
      return kStop;
    }
    request.body.reserve(static_cast<std::size_t>(parser_.content_length) + kBodyPadding);
  }
  request.keep_alive = llhttp_should_keep_alive(&parser_) != 0;
  if (parser_.upgrade) {
    // No protocol upgrades (WebSocket, CONNECT tunnels): answer as plain
    // HTTP and close, since what follows would not be HTTP.
    parser_.upgrade = 0;
    request.keep_alive = false;
  }
  bool body_follows = (parser_.flags & F_CHUNKED) || (has_length && parser_.content_length > 0);
  expect_continue_ = body_follows && parser_.http_minor >= 1 &&
                     EqualsIgnoreCase(request.Header("expect"), "100-continue");
  return HPE_OK;
}

// llhttp 8 joins a header line that starts with a space or tab to the one
// before (obs-fold) where RFC 9112 (5.2) lets a server reject it, and it
// must: a proxy in front that reads the fold as its own line sees other
// headers than we do (Authorization, Content-Length). And after an empty
// header value, llhttp takes a CR that no LF follows as the end of the
// line, and may end the header section there (found by fuzzing,
// tests/fuzz/http_parser_fuzz.cpp): the next line, a header to any other
// reader, became the request line of a second request. RFC 9112 (2.2)
// lets a CR stand only before LF. So the header section of each message is
// scanned before llhttp gets it, across Feeds.
std::string_view HttpParser::CheckHeaderSection(const char* data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    const char c = data[i];
    if (after_cr_ && c != '\n') return "Missing expected LF after header value";
    // Lines end in CRLF only: a bare LF (which RFC 9112 lets a server
    // accept) is refused, so that no front end that splits lines otherwise
    // can make two requests of one (request smuggling).
    if (c == '\n' && !after_cr_ && line_seen_) return "Missing expected CR before LF";
    if (after_lf_ && line_seen_) {
      if (c == ' ' || c == '\t') return "Obsolete line folding in a header";
      if (c == '\r' || c == '\n') {  // the empty line: the body follows
        headers_scanned_ = true;
        return {};
      }
    }
    after_lf_ = c == '\n';
    after_cr_ = c == '\r';
    if (c != '\r' && c != '\n') line_seen_ = true;  // empty lines before the request line are skipped
  }
  return {};
}

HttpParser::FeedResult HttpParser::Feed(const char* data, std::size_t size) {
  if (failed_) return {0, State::kError, error_status_, error_reason_};
  if (paused_) {
    llhttp_resume(&parser_);
    paused_ = false;
  }
  if (size == 0) return {0, State::kNeedMore, 0, {}};
  if (!headers_scanned_) {
    if (std::string_view bad = CheckHeaderSection(data, size); !bad.empty()) {
      Fail(400, bad);
      failed_ = true;
      in_message_ = false;
      expect_continue_ = false;
      return {0, State::kError, error_status_, error_reason_};
    }
  }
  llhttp_errno_t err = llhttp_execute(&parser_, data, size);
  if (err == HPE_OK) return {size, State::kNeedMore, 0, {}};
  const char* stop = llhttp_get_error_pos(&parser_);
  std::size_t consumed = stop != nullptr ? static_cast<std::size_t>(stop - data) : size;
  if (err == HPE_PAUSED && error_status_ == 0) {
    paused_ = true;
    return {consumed, State::kRequestReady, 0, {}};
  }
  failed_ = true;
  in_message_ = false;
  expect_continue_ = false;
  if (error_status_ == 0) {
    // llhttp's own verdicts: malformed syntax, or bytes after a message that
    // closed the connection.
    error_status_ = 400;
    const char* reason = llhttp_get_error_reason(&parser_);
    error_reason_ = reason != nullptr ? std::string_view(reason) : std::string_view("Bad request");
  }
  return {consumed, State::kError, error_status_, error_reason_};
}

}  // namespace vingt::protocol
