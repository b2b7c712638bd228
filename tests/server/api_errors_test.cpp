// The one Status -> wire mapping: the same failure reads the same through
// REST (status, "error", "code") and GraphQL (extensions.code, subCode).
#include "server/api_errors.h"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace vingt;
using namespace vingt::server;

BOOST_AUTO_TEST_SUITE(api_errors)

BOOST_AUTO_TEST_CASE(every_status_code_has_twentys_rest_and_graphql_class) {
  const struct {
    Status status;
    int http;
    std::string_view rest;
    std::string_view graphql;
  } cases[] = {
      {Status::NotFound("Record not found"), 404, "NotFoundException", "NOT_FOUND"},
      {Status::InvalidArgument("bad"), 400, "BadRequestException", "BAD_USER_INPUT"},
      // A unique violation is a user input error in Twenty, on both APIs.
      {Status::Conflict("A duplicate entry was detected"), 400, "BadRequestException", "BAD_USER_INPUT"},
      {Status::Unauthenticated("Token invalid."), 401, "UNAUTHENTICATED", "UNAUTHENTICATED"},
      {Status::Forbidden("This API Key is revoked"), 403, "FORBIDDEN_EXCEPTION", "FORBIDDEN"},
      {Status::TooLarge("too many"), 413, "PayloadTooLargeException", "BAD_USER_INPUT"},
      {Status::Unavailable("closing"), 503, "ServiceUnavailableException", "INTERNAL_SERVER_ERROR"},
      {Status::RateLimited("Limit reached"), 429, "HttpException", "LIMIT_REACHED"},
      {Status::IOError("disk"), 500, "InternalServerErrorException", "INTERNAL_SERVER_ERROR"},
      {Status::Corruption("crc"), 500, "InternalServerErrorException", "INTERNAL_SERVER_ERROR"},
      // Metadata exceptions whose GraphQL class follows their code.
      {Status::InvalidArgument("Object already exists").WithDetailCode("OBJECT_ALREADY_EXISTS"), 400,
       "BadRequestException", "CONFLICT"},
      {Status::InvalidArgument("Cannot delete").WithDetailCode("FIELD_MUTATION_NOT_ALLOWED"), 400,
       "BadRequestException", "FORBIDDEN"},
  };
  for (const auto& c : cases) {
    const ErrorClass wire = ClassifyError(c.status);
    BOOST_TEST(wire.http_status == c.http, c.status.ToString());
    BOOST_TEST(wire.rest_error == c.rest, c.status.ToString());
    BOOST_TEST(wire.graphql_code == c.graphql, c.status.ToString());
  }
}

BOOST_AUTO_TEST_CASE(rest_body_carries_the_message_and_the_detail_code) {
  protocol::HttpResponse r =
      RestErrorFromStatus(Status::NotFound("Record not found").WithDetailCode("RECORD_NOT_FOUND"));
  BOOST_TEST(r.status == 404);
  BOOST_TEST(r.body ==
             R"({"statusCode":404,"error":"NotFoundException","messages":["Record not found"],"code":"RECORD_NOT_FOUND"})");
  BOOST_TEST(RestErrorFromStatus(Status::Unauthenticated("No payload")).body ==
             R"({"statusCode":401,"error":"UNAUTHENTICATED","messages":["No payload"]})");
}

BOOST_AUTO_TEST_CASE(graphql_error_adds_the_sub_code_only_where_twenty_does) {
  const Status st = Status::InvalidArgument("Invalid filter").WithDetailCode("INVALID_ARGS_FILTER");
  protocol::graphql::FieldError core = GraphqlErrorFromStatus(st, SubCode::kInclude);
  BOOST_TEST(core.message == "Invalid filter");
  BOOST_TEST(core.code == "BAD_USER_INPUT");
  BOOST_TEST_REQUIRE(core.extensions.size() == 1u);
  BOOST_TEST(core.extensions[0].first == "subCode");
  BOOST_TEST(core.extensions[0].second == "\"INVALID_ARGS_FILTER\"");
  BOOST_TEST(GraphqlErrorFromStatus(st, SubCode::kOmit).extensions.empty());
}

BOOST_AUTO_TEST_SUITE_END()
