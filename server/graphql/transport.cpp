#include "server/graphql/transport.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "common/request_budget.h"
#include "protocol/graphql/error.h"
#include "protocol/graphql/executor.h"
#include "protocol/graphql/input_value.h"
#include "protocol/graphql/parser.h"
#include "protocol/graphql/query_limits.h"
#include "protocol/graphql/request.h"
#include "protocol/graphql/validation.h"
#include "protocol/json_write.h"
#include "protocol/url.h"
#include "server/api_errors.h"
#include "server/auth/authenticate.h"
#include "server/durability.h"
#include "server/graphql/request_context.h"

// Behaviour notes (sources: graphql-yoga packages/graphql-yoga/src/plugins/
// request-parser/*, request-validation/*, result-processor/*, error.ts;
// Twenty engine/middlewares/middleware.service.ts,
// graphql-config/graphql-config.service.ts):
//
// * Media type: Yoga walks the Accept list and the last processor that
//   matches wins, which makes the first listed of application/json and
//   application/graphql-response+json the answer ("*/*", none: JSON). Only
//   event-stream / multipart acceptable: 406 (vingt streams nothing).
// * Status: Yoga gives an error's extensions.http.status, except that
//   "spec" errors (parse, validation, "Must provide query string.") answer
//   200 when the response is application/json. Errors raised during
//   execution answer 200.
// * Auth: Twenty's GraphQL middleware answers failures with HTTP 200 and
//   {"errors":[...]} (Content-Type application/json), the AuthException
//   codes mapped as authGraphqlApiExceptionHandler does (FORBIDDEN_EXCEPTION
//   -> FORBIDDEN, the token problems -> UNAUTHENTICATED). A request without
//   any token gets UNAUTHENTICATED "Missing authentication token" (Twenty
//   lets it through to guards / an empty schema, whose errors are no more
//   useful).

namespace vingt::server::graphql {
namespace {

namespace gql = protocol::graphql;
using protocol::HttpRequest;
using protocol::HttpResponse;
using protocol::JsonWriter;

enum class Media { kJson, kGraphqlResponseJson, kNone };

constexpr std::string_view kJsonType = "application/json";
constexpr std::string_view kGraphqlResponseType = "application/graphql-response+json";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool MatchesMedia(std::string_view asked, std::string_view processor) {
  auto split = [](std::string_view t) {
    size_t slash = t.find('/');
    if (slash == std::string_view::npos) return std::pair(t, std::string_view());
    return std::pair(t.substr(0, slash), t.substr(slash + 1));
  };
  auto [asked_pre, asked_suf] = split(asked);
  auto [pre, suf] = split(processor);
  return (asked_pre == "*" || asked_pre == pre) && (asked_suf == "*" || asked_suf == suf);
}

Media Negotiate(std::string_view accept_header) {
  std::string accept;
  for (char c : accept_header)
    if (c != ' ' && c != '\t') accept.push_back(c);
  accept = Lower(accept);
  if (accept.empty()) accept = "*/*";
  std::string_view rest = accept;
  while (true) {
    size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    size_t semi = item.find(';');
    std::string_view media = item.substr(0, semi);
    bool utf8 = true;
    if (semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      size_t at = params.find("charset=");
      if (at != std::string_view::npos) {
        std::string_view charset = params.substr(at);
        charset = charset.substr(0, charset.find(';'));
        utf8 = charset == "charset=utf-8";
      }
    }
    if (utf8) {
      if (MatchesMedia(media, kJsonType)) return Media::kJson;
      if (MatchesMedia(media, kGraphqlResponseType)) return Media::kGraphqlResponseJson;
    }
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return Media::kNone;
}

std::string ContentTypeOf(Media media) {
  return std::string(media == Media::kGraphqlResponseJson ? kGraphqlResponseType : kJsonType) + "; charset=utf-8";
}

// A transport-level error, before any execution: {"errors":[{"message":...}]}.
struct TransportError {
  TransportError(std::string message_in, int status_in = 400, bool spec_in = false, std::string allow_in = {},
                 std::string extensions_in = {})
      : message(std::move(message_in)),
        status(status_in),
        spec(spec_in),
        allow(std::move(allow_in)),
        extensions_json(std::move(extensions_in)) {}
  std::string message;
  int status = 400;
  bool spec = false;            // status only when answering application/graphql-response+json
  std::string allow;            // Allow header, if any
  std::string extensions_json;  // the extensions object (complete JSON) or ""
};

HttpResponse ErrorResponse(const TransportError& e, Media media) {
  JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("errors");
  w.StartArray();
  w.StartObject();
  w.Key("message");
  w.String(e.message);
  if (!e.extensions_json.empty()) {
    w.Key("extensions");
    w.RawJson(e.extensions_json);
  }
  w.EndObject();
  w.EndArray();
  w.EndObject();
  HttpResponse r;
  r.status = (e.spec && media != Media::kGraphqlResponseJson) ? 200 : e.status;
  r.content_type = ContentTypeOf(media);
  if (!e.allow.empty()) r.headers.emplace_back("Allow", e.allow);
  r.body = w.Take();
  return r;
}

// {"errors":[{"message":...,"extensions":{"code":...}}]} with HTTP 200, as
// Twenty's middleware writes auth failures.
HttpResponse CodedErrorResponse(int status, std::string_view message, std::string_view code,
                                std::string content_type) {
  gql::GraphQLError error;
  error.message = std::string(message);
  error.code = std::string(code);
  JsonWriter& w = protocol::ThreadJsonWriter();
  gql::WriteErrorsOnlyResponse({error}, w);
  HttpResponse r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = w.Take();
  return r;
}

struct Params {
  std::optional<std::string> query;
  gql::InputValue variables;  // null when absent
  std::optional<std::string> operation_name;
};

// JavaScript's typeof, with Yoga's "array" and "null" refinements.
std::string_view JsTypeOf(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::ARRAY: return "array";
    case simdjson::dom::element_type::OBJECT: return "object";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: return "number";
    case simdjson::dom::element_type::STRING: return "string";
    case simdjson::dom::element_type::BOOL: return "boolean";
    case simdjson::dom::element_type::NULL_VALUE: return "null";
#if SIMDJSON_VERSION_MAJOR >= 3
    case simdjson::dom::element_type::BIGINT: return "number";
#endif
  }
  return "object";
}

// Yoga's checkGraphQLQueryParams on a parsed JSON body.
std::optional<TransportError> ParamsFromJson(simdjson::dom::element root, Params* out) {
  if (root.is_null()) return TransportError{"POST body is expected to be object but received null", 400};
  if (root.is_array()) return TransportError{"Batching is not supported.", 400};
  if (!root.is_object()) {
    return TransportError{"POST body is expected to be object but received " + std::string(JsTypeOf(root)), 400};
  }
  simdjson::dom::object object = root.get_object().value_unsafe();
  for (auto field : object) {
    std::string_view key = field.key;
    if (field.value.is_null()) continue;
    if (key != "query" && key != "variables" && key != "operationName" && key != "extensions")
      return TransportError{"Unexpected parameter \"" + std::string(key) + "\" in the request body.", 400};
  }
  simdjson::dom::element query, variables, extensions, operation_name;
  const bool has_query = object["query"].get(query) == simdjson::SUCCESS && !query.is_null();
  if (!has_query) return TransportError{"Must provide query string.", 400, true, "GET, POST"};
  if (!query.is_string()) {
    return TransportError{"Expected \"query\" param to be a string, but given " + std::string(JsTypeOf(query)) + ".",
                          400, false, "GET, POST"};
  }
  out->query = std::string(query.get_string().value_unsafe());
  if (object["variables"].get(variables) == simdjson::SUCCESS && !variables.is_null()) {
    if (!variables.is_object()) {
      return TransportError{"Expected \"variables\" param to be empty or an object, but given " +
                                std::string(JsTypeOf(variables)) + ".",
                            400, false, "GET, POST"};
    }
    out->variables = gql::InputValue::FromJson(variables);
  }
  if (object["extensions"].get(extensions) == simdjson::SUCCESS && !extensions.is_null() &&
      !extensions.is_object()) {
    return TransportError{"Expected \"extensions\" param to be empty or an object, but given " +
                              std::string(JsTypeOf(extensions)) + ".",
                          400, false, "GET, POST"};
  }
  if (object["operationName"].get(operation_name) == simdjson::SUCCESS && operation_name.is_string()) {
    out->operation_name = std::string(operation_name.get_string().value_unsafe());
  }
  return std::nullopt;
}

// GET query strings and form bodies (Yoga's handleURLSearchParams: empty
// values count as absent).
std::optional<TransportError> ParamsFromForm(std::string_view raw, Params* out) {
  std::string variables_text, extensions_text;
  for (auto& [key, value] : protocol::ParseQuery(raw)) {
    if (value.empty()) continue;
    if (key == "query" && !out->query) out->query = value;
    else if (key == "operationName" && !out->operation_name) out->operation_name = value;
    else if (key == "variables" && variables_text.empty()) variables_text = value;
    else if (key == "extensions" && extensions_text.empty()) extensions_text = value;
  }
  thread_local simdjson::dom::parser parser;
  if (!variables_text.empty()) {
    simdjson::dom::element variables;
    if (parser.parse(variables_text).get(variables) != simdjson::SUCCESS)
      return TransportError{"Variables are invalid JSON.", 400};
    if (!out->query) return TransportError{"Must provide query string.", 400, true, "GET, POST"};
    if (!variables.is_null() && !variables.is_object()) {
      return TransportError{"Expected \"variables\" param to be empty or an object, but given " +
                                std::string(JsTypeOf(variables)) + ".",
                            400, false, "GET, POST"};
    }
    out->variables = gql::InputValue::FromJson(variables);
  }
  if (!extensions_text.empty()) {
    simdjson::dom::element extensions;
    if (parser.parse(extensions_text).get(extensions) != simdjson::SUCCESS)
      return TransportError{"Extensions are invalid JSON.", 400};
  }
  if (!out->query) return TransportError{"Must provide query string.", 400, true, "GET, POST"};
  return std::nullopt;
}

bool ContentTypeIs(std::string_view content_type, std::string_view expected) {
  content_type = content_type.substr(0, content_type.find(','));
  return content_type == expected ||
         (content_type.size() > expected.size() && content_type.starts_with(expected) &&
          content_type[expected.size()] == ';');
}

// Reads the request's parameters. nullopt with *unsupported set: no parser
// for the content type (Yoga's bare 415).
std::optional<TransportError> ReadParams(const HttpRequest& request, Params* out, bool* unsupported) {
  *unsupported = false;
  if (request.method == "GET") return ParamsFromForm(request.query, out);
  std::string_view content_type = request.Header("content-type");
  if (ContentTypeIs(content_type, "application/json") || ContentTypeIs(content_type, "application/graphql+json")) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    simdjson::error_code ec;
    if (request.body.capacity() >= request.body.size() + simdjson::SIMDJSON_PADDING)
      ec = parser.parse(request.body.data(), request.body.size(), false).get(root);
    else
      ec = parser.parse(request.body).get(root);
    if (ec != simdjson::SUCCESS) {
      // Yoga keeps JSON.parse's error as extensions.originalError.
      JsonWriter& w = protocol::ThreadJsonWriter();
      w.StartObject();
      w.Key("originalError");
      w.StartObject();
      w.Key("name");
      w.String("SyntaxError");
      w.Key("message");
      w.String(request.body.empty() ? std::string_view("Unexpected end of JSON input")
                                    : std::string_view(simdjson::error_message(ec)));
      w.EndObject();
      w.EndObject();
      return TransportError{"POST body sent invalid JSON.", 400, false, "", w.Take()};
    }
    return ParamsFromJson(root, out);
  }
  if (ContentTypeIs(content_type, "application/graphql")) {
    out->query = request.body;
    return std::nullopt;
  }
  if (ContentTypeIs(content_type, "application/x-www-form-urlencoded")) return ParamsFromForm(request.body, out);
  *unsupported = true;
  return std::nullopt;
}

// graphql-js getOperationAST: the named operation, or the only one.
const gql::ast::OperationDefinition* OperationAst(const gql::ast::Document& document,
                                                  const std::optional<std::string>& name) {
  const gql::ast::OperationDefinition* found = nullptr;
  for (const gql::ast::Definition& definition : document.definitions()) {
    const gql::ast::OperationDefinition* op = definition.operation();
    if (op == nullptr) continue;
    if (!name) {
      if (found != nullptr) return nullptr;
      found = op;
    } else if (!op->name.empty() && op->name.value == *name) {
      return op;
    }
  }
  return found;
}

bool HasBearerToken(std::string_view header) {
  if (header.size() >= 6 && Lower(header.substr(0, 6)) == "bearer") header.remove_prefix(6);
  while (!header.empty() && (header.front() == ' ' || header.front() == '\t')) header.remove_prefix(1);
  return !header.empty();
}

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Twenty's run-time check of a required argument (direct execution's
// assert-*-args utils): the kind of value it wanted, as it names it.
gql::GraphQLError MissingArgumentError(const gql::InputValueDefinition& argument) {
  const gql::TypeRef type = argument.type.Nullable();
  std::string kind = "string";
  if (type.IsList()) {
    kind = "array";
  } else if (type.named()->kind == gql::TypeKind::kInputObject) {
    kind = "object";
  } else if (type.named()->name == "UUID" || type.named()->name == "ID") {
    kind = "UUID";
  } else if (type.named()->name == "Int" || type.named()->name == "Float") {
    kind = "number";
  } else if (type.named()->name == "Boolean") {
    kind = "boolean";
  }
  gql::GraphQLError error;
  error.message = "Missing required argument: \"" + argument.name + "\" (" + kind + ")";
  error.code = std::string(gql::error_code::kBadUserInput);
  error.extensions = {{"subCode", "\"INVALID_QUERY_INPUT\""}, {"userFriendlyMessage", "\"An error occurred.\""}};
  return error;
}

}  // namespace

asio::awaitable<HttpResponse> ServeGraphql(ServerState& state, const HttpRequest& request, SchemaProvider schema_for,
                                           GraphqlEndpointOptions options) {
  const Media media = Negotiate(request.Header("accept"));
  if (request.method != "GET" && request.method != "POST") {
    TransportError e{"GraphQL only supports GET and POST requests.", 405, false, "GET, POST"};
    co_return ErrorResponse(e, media == Media::kNone ? Media::kJson : media);
  }
  if (media == Media::kNone) {
    HttpResponse r;
    r.status = 406;
    r.content_type.clear();
    r.headers.emplace_back("Accept", "application/graphql-response+json; charset=utf-8, application/json; charset=utf-8");
    co_return r;
  }

  // Body parsing comes first (Twenty's body parser runs before its auth
  // middleware), then authentication, then Yoga's parameter checks.
  Params params;
  bool unsupported = false;
  std::optional<TransportError> bad = ReadParams(request, &params, &unsupported);
  if (unsupported) {
    HttpResponse r;
    r.status = 415;
    r.content_type.clear();
    co_return r;
  }
  const bool json_level_error = bad && bad->message == "POST body sent invalid JSON.";
  if (json_level_error) co_return ErrorResponse(*bad, media);

  CallContext call;
  call.now_ms = NowMs();
  const std::string_view authorization = request.Header("authorization");
  if (!HasBearerToken(authorization))
    co_return CodedErrorResponse(200, "Missing authentication token", "UNAUTHENTICATED", "application/json");
  if (Status refused = AuthenticateCall(state, authorization, &call); !refused.ok())
    co_return CodedErrorResponse(200, refused.message(), ClassifyError(refused).graphql_code, "application/json");

  if (bad) co_return ErrorResponse(*bad, media);

  if (options.rate_limited && state.rate_limiter) {
    if (auto refused = state.rate_limiter->TryAcquire(call.workspace->id()))
      co_return CodedErrorResponse(200, *refused, ClassifyError(Status::RateLimited(*refused)).graphql_code,
                                   ContentTypeOf(media));
  }

  std::shared_ptr<const gql::Schema> schema = schema_for(call);
  if (!schema) {
    co_return CodedErrorResponse(500, "Internal server error", gql::error_code::kInternalServerError,
                                 ContentTypeOf(media));
  }

  // Parse; Yoga then refuses documents whose operation it cannot pick and
  // mutations over GET before validating.
  gql::ParseResult parsed = gql::Parse(*params.query);
  JsonWriter& w = protocol::ThreadJsonWriter();
  HttpResponse response;
  response.content_type = ContentTypeOf(media);
  const int spec_status = media == Media::kGraphqlResponseJson ? 400 : 200;
  if (!parsed.ok()) {
    gql::GraphQLError error;
    error.message = std::move(parsed.error->message);
    error.locations.push_back(parsed.error->loc);
    error.code = std::string(gql::error_code::kParseFailed);
    gql::WriteErrorsOnlyResponse({error}, w);
    response.status = spec_status;
    response.body = w.Take();
    co_return response;
  }
  // Twenty checks the document's size as soon as it is parsed, before
  // validation or authentication of the operation.
  if (auto too_complex = gql::CheckDocumentLimits(parsed.document, options.document_limits)) {
    gql::WriteErrorsOnlyResponse({*too_complex}, w);
    response.status = spec_status;
    response.body = w.Take();
    co_return response;
  }
  const gql::ast::OperationDefinition* operation = OperationAst(parsed.document, params.operation_name);
  if (operation == nullptr) co_return ErrorResponse({"Could not determine what operation to execute.", 400}, media);
  if (operation->operation == gql::ast::OperationType::kMutation && request.method == "GET") {
    co_return ErrorResponse({"Can only perform a mutation operation from a POST request.", 405, false, "POST"},
                            media);
  }
  // A full disk refuses a mutation before it changes anything, as REST does.
  if (operation->operation == gql::ast::OperationType::kMutation) {
    if (Status room = state.db->CheckWriteRoom(); !room.ok())
      co_return CodedErrorResponse(503, room.message(), "INTERNAL_SERVER_ERROR", ContentTypeOf(media));
  }
  std::vector<gql::GraphQLError> errors =
      gql::Validate(*schema, parsed.document, {.lenient_variable_positions = options.lenient_variables});
  if (!errors.empty()) {
    for (auto& e : errors)
      if (e.code.empty()) e.code = std::string(gql::error_code::kValidationFailed);
    gql::WriteErrorsOnlyResponse(errors, w);
    response.status = spec_status;
    response.body = w.Take();
    co_return response;
  }

  RequestContext context;
  context.state = &state;
  context.call = &call;
  gql::ExecutionContext execution;
  execution.user_context = &context;
  if (options.lenient_variables) execution.missing_argument = MissingArgumentError;
  try {
    gql::ExecuteOperation(*schema, parsed.document, *operation, params.variables, execution, w);
  } catch (const RequestBudgetExceeded& e) {
    // Given up before it changed anything (common/request_budget.h): the
    // half-written answer is dropped, the error is Twenty's for a query
    // its database cancelled.
    w.Reset();
    HttpResponse given_up = CodedErrorResponse(200, e.status.message(), gql::error_code::kInternalServerError,
                                               ContentTypeOf(media));
    if (e.client_gone) {
      given_up.status = kClientClosedRequest;
      given_up.close = true;
    }
    co_return given_up;
  }
  response.body = w.Take();  // before any co_await: the writer is per thread
  if (state.explain && !context.plans.empty()) {
    std::string plans;
    for (const auto& p : context.plans) plans += (plans.empty() ? "" : "; ") + p;
    response.headers.emplace_back("X-Vingt-Plan", std::move(plans));
  }

  // Sent once the mutations' records and every change the answer may show
  // are durable (the barrier of ApiHandler::Dispatch, read right after
  // execution).
  const uint64_t lsn = std::max(context.lsn_to_await, state.db->VisibleLsn(*call.workspace));
  if (MustAwait(state.db->wal(), lsn)) {
    Status durable = co_await AwaitDurable(state.db->wal(), lsn);
    if (!durable.ok()) {
      co_return CodedErrorResponse(500, "Internal server error: " + durable.message(),
                                   gql::error_code::kInternalServerError, ContentTypeOf(media));
    }
  }
  co_return response;
}

}  // namespace vingt::server::graphql
