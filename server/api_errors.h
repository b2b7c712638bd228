// The one mapping from a Status to Twenty's error on the wire:
//   REST     {"statusCode":400,"error":"BadRequestException","messages":["..."],"code":"..."}
//   GraphQL  {"message":"...","extensions":{"code":"BAD_USER_INPUT","subCode":"..."}}
// Every handler, resolver and transport that reports a Status goes through
// here, so a failure reads the same through /rest, /graphql and /metadata.
#pragma once

#include <string_view>

#include "common/status.h"
#include "protocol/graphql/resolver.h"
#include "protocol/http_response.h"

namespace vingt::server {

// How Twenty reports one kind of failure on each API.
struct ErrorClass {
  int http_status;
  std::string_view rest_error;    // the REST body's "error": an exception class or an auth code
  std::string_view graphql_code;  // GraphQL extensions.code
};

ErrorClass ClassifyError(const Status& status);

// `error_name` is the exception class Twenty reports ("BadRequestException")
// or its auth code ("UNAUTHENTICATED").
protocol::HttpResponse RestError(int http_status, std::string_view error_name, std::string_view message,
                                 std::string_view code = {});
protocol::HttpResponse RestErrorFromStatus(const Status& status);

// Convenience for the most common case.
inline protocol::HttpResponse BadRequest(std::string_view message, std::string_view code = {}) {
  return RestError(400, "BadRequestException", message, code);
}

// Twenty's core API adds the exception's own code as extensions.subCode;
// its metadata API does not.
enum class SubCode : bool { kOmit, kInclude };
protocol::graphql::FieldError GraphqlErrorFromStatus(const Status& status, SubCode sub_code);

}  // namespace vingt::server
