#include "server/api_errors.h"

#include "protocol/json_write.h"

namespace vingt::server {

using storage::StatusCode;

protocol::HttpResponse RestError(int http_status, std::string_view error_name, std::string_view message,
                                 std::string_view code) {
  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("statusCode");
  w.Int64(http_status);
  w.Key("error");
  w.String(error_name);
  w.Key("messages");
  w.StartArray();
  w.String(message);
  w.EndArray();
  if (!code.empty()) {
    w.Key("code");
    w.String(code);
  }
  w.EndObject();
  protocol::HttpResponse r;
  r.status = http_status;
  r.body = w.Take();
  return r;
}

protocol::HttpResponse RestErrorFromStatus(const storage::Status& s) {
  switch (s.code()) {
    case StatusCode::kNotFound: return RestError(404, "NotFoundException", s.message(), s.detail_code());
    case StatusCode::kUnauthenticated: return RestError(401, "UNAUTHENTICATED", s.message(), s.detail_code());
    case StatusCode::kForbidden: return RestError(403, "ForbiddenException", s.message(), s.detail_code());
    case StatusCode::kTooLarge: return RestError(413, "PayloadTooLargeException", s.message(), s.detail_code());
    case StatusCode::kUnavailable: return RestError(503, "ServiceUnavailableException", s.message(), s.detail_code());
    case StatusCode::kIOError:
    case StatusCode::kCorruption:
      return RestError(500, "InternalServerErrorException", s.message(), s.detail_code());
    case StatusCode::kOk:
    case StatusCode::kInvalidArgument:
    case StatusCode::kConflict:
      break;
  }
  // Twenty answers unclassified errors and constraint violations with 400.
  return RestError(400, "BadRequestException", s.message(), s.detail_code());
}

}  // namespace vingt::server
