// The one mapping from Status to Twenty's REST error body:
//   {"statusCode":400,"error":"BadRequestException","messages":["..."],"code":"..."}
#pragma once

#include <string_view>

#include "protocol/http_response.h"
#include "storage/status.h"

namespace vingt::server {

// `error_name` is the exception class Twenty reports ("BadRequestException")
// or its auth code ("UNAUTHENTICATED").
protocol::HttpResponse RestError(int http_status, std::string_view error_name, std::string_view message,
                                 std::string_view code = {});
protocol::HttpResponse RestErrorFromStatus(const storage::Status& status);

// Convenience for the most common case.
inline protocol::HttpResponse BadRequest(std::string_view message, std::string_view code = {}) {
  return RestError(400, "BadRequestException", message, code);
}

}  // namespace vingt::server
