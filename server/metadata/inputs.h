// What the metadata mutations take, read once for both APIs: the /metadata
// GraphQL mutations hand their coerced `input` here, and the REST metadata
// routes coerce their JSON body against the same GraphQL input type first,
// as Twenty's REST metadata routes pass the body to those mutations. So a
// bad body fails exactly as GraphQL's input coercion fails (graphql-js's
// messages: `Field "x" is not defined by type "CreateObjectInput".`,
// `Field "CreateObjectInput.nameSingular" of required type "String!" was not
// provided.`); everything past coercion is the planner's business.
#pragma once

#include <string_view>
#include <vector>

#include "protocol/json_fwd.h"
#include "common/status.h"
#include "protocol/graphql/input_value.h"
#include "server/metadata/planner.h"

namespace vingt::server::metadata {

// The member `name` of an input object; null when absent (or no object).
const protocol::graphql::InputValue* Member(const protocol::graphql::InputValue* object, std::string_view name);

// From a coerced GraphQL input object (CreateObjectInput, UpdateObjectPayload,
// CreateFieldInput, UpdateFieldInput).
Result<CreateObjectInput> CreateObjectInputOf(const protocol::graphql::InputValue* in);
Result<UpdateObjectInput> UpdateObjectInputOf(const protocol::graphql::InputValue* in);
Result<CreateFieldInput> CreateFieldInputOf(const protocol::graphql::InputValue* in);
Result<UpdateFieldInput> UpdateFieldInputOf(const protocol::graphql::InputValue* in);

// From a REST body: coerced against the same GraphQL type, then as above.
Result<CreateObjectInput> CreateObjectInputFromJson(simdjson::dom::element body);
Result<UpdateObjectInput> UpdateObjectInputFromJson(simdjson::dom::element body);
Result<CreateFieldInput> CreateFieldInputFromJson(simdjson::dom::element body);
Result<UpdateFieldInput> UpdateFieldInputFromJson(simdjson::dom::element body);

// An `options` value (a JSON scalar in the schema: OptionInput items).
Result<std::vector<OptionInput>> ParseOptionsInput(simdjson::dom::element options);

}  // namespace vingt::server::metadata
