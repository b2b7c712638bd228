#include "server/api_errors.h"

#include "protocol/json_write.h"

namespace vingt::server {

ErrorClass ClassifyError(const Status& s) {
  // Twenty's metadata exceptions whose GraphQL class is not their status's
  // (its object/field metadata GraphQL exception handlers map them by code;
  // through REST they stay 400).
  const std::string& detail = s.detail_code();
  if (detail == "OBJECT_ALREADY_EXISTS") return {400, "BadRequestException", "CONFLICT"};
  if (detail == "FIELD_MUTATION_NOT_ALLOWED") return {400, "BadRequestException", "FORBIDDEN"};
  switch (s.code()) {
    case StatusCode::kNotFound: return {404, "NotFoundException", "NOT_FOUND"};
    case StatusCode::kUnauthenticated: return {401, "UNAUTHENTICATED", "UNAUTHENTICATED"};
    // Only authentication refuses with kForbidden; Twenty names it by its AuthException code.
    case StatusCode::kForbidden: return {403, "FORBIDDEN_EXCEPTION", "FORBIDDEN"};
    case StatusCode::kTooLarge: return {413, "PayloadTooLargeException", "BAD_USER_INPUT"};
    case StatusCode::kUnavailable: return {503, "ServiceUnavailableException", "INTERNAL_SERVER_ERROR"};
    case StatusCode::kRateLimited: return {429, "HttpException", "LIMIT_REACHED"};
    case StatusCode::kIOError:
    case StatusCode::kCorruption: return {500, "InternalServerErrorException", "INTERNAL_SERVER_ERROR"};
    case StatusCode::kOk:
    case StatusCode::kInvalidArgument:
    // A unique violation is a user input error in Twenty (DUPLICATE_ENTRY_DETECTED).
    case StatusCode::kConflict: break;
  }
  return {400, "BadRequestException", "BAD_USER_INPUT"};
}

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

protocol::HttpResponse RestErrorFromStatus(const Status& s) {
  const ErrorClass c = ClassifyError(s);
  return RestError(c.http_status, c.rest_error, s.message(), s.detail_code());
}

protocol::graphql::FieldError GraphqlErrorFromStatus(const Status& s, SubCode sub_code) {
  protocol::graphql::FieldError e;
  e.message = s.message();
  e.code = std::string(ClassifyError(s).graphql_code);
  if (sub_code == SubCode::kInclude && !s.detail_code().empty()) e.With("subCode", s.detail_code());
  return e;
}

}  // namespace vingt::server
